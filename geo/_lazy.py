"""Lazy re-exports for package ``__init__`` modules (PEP 562), so ``import geo`` stays cheap.

A package lists its public names and the submodule each lives in; a name is
imported the first time it is used (``geo.geocode``, ``from geo import
geocode``), and only its own submodule with it. ``import geo`` therefore
loads no geopandas, folium, matplotlib, scipy or dask; the command line and a
first :func:`geo.geocode` pay only for what they use.

>>> import sys
>>> import geo
>>> callable(geo.geocode), "geo.reference.gazetteer" in sys.modules
(True, True)
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping

__all__ = ["lazy_exports"]


class _LazyPackage(types.ModuleType):
    """A package whose exported names win over its same-named submodules.

    Importing ``geo.reference.countries`` (the module) makes Python set the
    package attribute ``countries`` to that module; the package exports the
    function :func:`geo.countries` under the same name, as its eager
    ``from .countries import countries`` did. The module is not bound there.
    """

    def __setattr__(self, name: str, value: object) -> None:
        exports = self.__dict__.get("_lazy_exports", {})
        if (name in exports and isinstance(value, types.ModuleType)
                and value.__name__ == f"{self.__name__}.{name}"):
            return
        super().__setattr__(name, value)


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package`` re-exporting ``exports`` lazily.

    Parameters
    ----------
    package:
        The package's ``__name__``.
    exports:
        Public name -> submodule holding it, relative to the package
        (``"analysis.places"``). Other attributes resolve to submodules of
        that name when one exists (``geo.reference`` after ``import geo``).

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)``, to assign at the package's module level.
    """
    module = sys.modules[package]
    module.__dict__["_lazy_exports"] = dict(exports)
    module.__class__ = _LazyPackage

    def __getattr__(name: str) -> object:
        where = exports.get(name)
        if where is not None:
            value = getattr(importlib.import_module(f"{package}.{where}"), name)
            module.__dict__[name] = value  # bound once: later look-ups skip this function
            return value
        if name.startswith("__"):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        try:
            return importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{package}.{name}":
                raise
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(module.__dict__) | set(exports))

    return __getattr__, __dir__
