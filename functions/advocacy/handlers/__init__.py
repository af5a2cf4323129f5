"""The functions' entry points, one module each.

Importing this package pauses Python's cyclic garbage collector until the function's module has
loaded: start-up creates tens of thousands of long-lived objects (modules, classes, routes, models)
and no garbage, yet the collector would otherwise run over a hundred times during it, about a tenth of
the api's cold start (docs/decisions.md, 53). Each handler module calls `started()` last.
"""

import gc

gc.disable()


def started() -> None:
    """Set aside what start-up built, so later collections skip it, and resume collecting."""
    gc.freeze()
    gc.enable()
