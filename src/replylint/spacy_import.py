"""spaCy imported without its command line.

``import spacy`` runs ``from .cli.info import info``, which loads every spaCy command and their dependencies
(requests, httpx, typer, weasel, jinja2, …): about 16 MiB of memory and a fifth of a second that replylint, which
only builds blank tokenizers and small classifiers, never uses. :func:`install` is called by the console script
(:mod:`replylint.entry`, ``python -m replylint``), so in the processes replylint owns: the command line, audit
workers, the service. A program that imports the library keeps spaCy's ordinary import. The finder it puts on
``sys.meta_path`` acts once: when spaCy is first imported, it lets it import without ``spacy.cli``; ``spacy.info``
then imports the command line on its first call, and ``import spacy.cli`` works as usual. Should spaCy's import
change so that this fails, spaCy is imported the ordinary way.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Sequence
from typing import Any

_STUBS = ("spacy.cli", "spacy.cli.info")


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, importing spaCy's command line on its first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _Loader(importlib.abc.Loader):
    """Executes spaCy's own ``__init__`` with stand-ins for ``spacy.cli`` and ``spacy.cli.info`` in place."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> Any:  # resource readers and the like are the wrapped loader's
        return getattr(self.loader, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        cli, info = types.ModuleType(_STUBS[0]), types.ModuleType(_STUBS[1])
        cli.__path__ = []
        info.info = _info  # type: ignore[attr-defined]
        sys.modules.update(zip(_STUBS, (cli, info), strict=True))
        try:
            self.loader.exec_module(module)
        except (ImportError, AttributeError):  # a spaCy that needs more of its command line: the ordinary way
            _drop_stubs(module)
            self.loader.exec_module(module)
            return
        _drop_stubs(module)
        module.info = _info  # type: ignore[attr-defined]


def _drop_stubs(spacy: types.ModuleType) -> None:
    for name in _STUBS:
        sys.modules.pop(name, None)
    spacy.__dict__.pop("cli", None)  # `import spacy.cli` loads the real package


class _Finder(importlib.abc.MetaPathFinder):
    """Finds ``spacy`` once, through the other finders, and hands its loader to :class:`_Loader`."""

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name != "spacy":
            return None
        uninstall()
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _Loader(spec.loader)
        return spec


_FINDER = _Finder()


def install() -> None:
    """Import spaCy without its command line from now on, unless it is imported already."""
    if "spacy" not in sys.modules and _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def uninstall() -> None:
    """Leave spaCy's import as it is (the finder removes itself when it has found spaCy)."""
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
