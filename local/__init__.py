"""The local stack: the deployed system on 127.0.0.1, built from the synthesized template."""
