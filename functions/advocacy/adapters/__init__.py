"""The only place that touches libraries' private internals: one module per library.

Everything else uses a library's public API, or these modules' public functions and classes. Each
module names the private names it relies on and why there is no public way; a unit test per module
(`tests/unit/test_<library>_adapter.py`) fails, naming the attribute to re-check, when an upgrade
removes or changes one of them.
"""
