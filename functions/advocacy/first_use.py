"""Packages whose submodules load on first use (decision 109): a submodule named before it is imported
(`from advocacy.services import sharing`, `schemas.rewards`) is a stand-in that imports it when an
attribute is first read, so a cold start compiles and runs only what its request or job uses."""

from __future__ import annotations

import importlib
import pkgutil
import types
from collections.abc import Callable, Iterable
from typing import Any


class OnFirstUse(types.ModuleType):
    """Stands for a submodule until an attribute is read from it, which imports the module (once;
    Python's import lock makes it safe across threads) and reads the attribute there. Written by hand:
    the standard library's `importlib.util.LazyLoader` is not thread-safe before Python 3.12, and the
    local stack and the tests run functions on threads."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module(self.__name__), name)

    # What is set through the stand-in is set on the module (a test patching a router's use case), and
    # its namespace is the module's, which is where a patch looks for the value it will restore.
    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        return importlib.import_module(self.__name__).__dict__

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(importlib.import_module(self.__name__), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(importlib.import_module(self.__name__), name)


def submodules_on_first_use(package: str, path: Iterable[str]) -> Callable[[str], Any]:
    """The package's `__getattr__` (PEP 562): a stand-in for each of its submodules not yet imported.
    Once one is imported, the package holds the module itself and Python returns that."""
    submodules = frozenset(module.name for module in pkgutil.iter_modules(path))

    def __getattr__(name: str) -> Any:
        if name in submodules:
            return OnFirstUse(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
