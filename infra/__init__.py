"""The Advocacy CDK app: one stack per stage, built from one construct per concern."""

import os

# jsii prints a large banner on Node versions it no longer lists; silence it before aws_cdk loads.
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
# Node 20 is past jsii's end-of-life date on this toolchain; it still works, so keep output readable.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
