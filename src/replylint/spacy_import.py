"""spaCy imported without its command line, and with the parts of its dependencies replylint never calls deferred.

``import spacy`` runs ``from .cli.info import info``, which loads every spaCy command and their dependencies
(requests, httpx, typer, weasel, jinja2, …): about 16 MiB of memory and a fifth of a second that replylint, which
only builds blank tokenizers and small classifiers, never uses. :func:`install` is called by the console script
(:mod:`replylint.entry`, ``python -m replylint``), so in the processes replylint owns: the command line, audit
workers, the service. A program that imports the library keeps spaCy's ordinary import. The finder it puts on
``sys.meta_path`` acts once: when spaCy is first imported, it lets it import without ``spacy.cli``; ``spacy.info``
then imports the command line on its first call, and ``import spacy.cli`` works as usual. Should spaCy's import
change so that this fails, spaCy is imported the ordinary way.

The same finder defers the modules of :data:`DEFERRED` that spaCy's import loads and replylint never calls (tqdm's
progress bars, srsly's YAML and pickling): each is made an empty module that runs its own code into itself on the
first read of a name it lacks (``from tqdm import tqdm``, ``srsly.cloudpickle.dumps``), so nothing can be hidden by
it; the names another module imports from it by name at import time are stand-ins that call the real function. The
finder acts on each module once, only for the versions named, and leaves ``sys.meta_path`` with spaCy's import.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
import types
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

_STUBS = ("spacy.cli", "spacy.cli.info")


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, importing spaCy's command line on its first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


class _Loader(importlib.abc.Loader):
    """Executes spaCy's own ``__init__`` with stand-ins for ``spacy.cli`` and ``spacy.cli.info`` in place; the finder
    leaves ``sys.meta_path`` when it is done."""

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
        finally:
            uninstall()
        _drop_stubs(module)
        module.info = _info  # type: ignore[attr-defined]


def _drop_stubs(spacy: types.ModuleType) -> None:
    for name in _STUBS:
        sys.modules.pop(name, None)
    spacy.__dict__.pop("cli", None)  # `import spacy.cli` loads the real package


class Deferral(NamedTuple):
    """A module the finder defers: its distribution, the versions it was checked on (prefixes of the version) and
    the names other modules import from it by name (``from module import name``) while spaCy is imported."""

    distribution: str
    versions: tuple[str, ...]
    names: tuple[str, ...] = ()


#: What spaCy's import loads and replylint never calls (1.8 MiB of every command's memory, docs/performance.md).
#: ``srsly/__init__.py`` imports the YAML functions by name; ``tests/test_spacy_import.py`` holds the list to it.
DEFERRED = {
    "tqdm": Deferral("tqdm", ("4.",)),
    "srsly._yaml_api": Deferral(
        "srsly", ("2.",), ("is_yaml_serializable", "read_yaml", "write_yaml", "yaml_dumps", "yaml_loads")
    ),
    "srsly.cloudpickle": Deferral("srsly", ("2.",)),
}

_LOADING = threading.RLock()


class _Deferred(types.ModuleType):
    """A deferred module: reading a name it lacks (but the import system's ``__x__`` probes; ``__all__`` is read)
    runs the module's own code into it first."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name != "__all__":
            raise AttributeError(name)
        return getattr(load(self), name)


def load(module: types.ModuleType) -> types.ModuleType:
    """``module``, its own code run first if it is deferred."""
    with _LOADING:
        if type(module) is _Deferred:
            loader: importlib.abc.Loader = module.__loader__  # type: ignore[assignment]  # the module's own
            module.__class__ = types.ModuleType  # type: ignore[assignment]
            loader.exec_module(module)
    return module


def _stand_in(module: types.ModuleType, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(load(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


class _Defer(importlib.abc.Loader):
    """Makes a module deferred: empty but for its stand-ins, with its own loader in place for :func:`load`."""

    def __init__(self, loader: importlib.abc.Loader, names: tuple[str, ...]) -> None:
        self.loader, self.names = loader, names

    def exec_module(self, module: types.ModuleType) -> None:
        assert module.__spec__ is not None
        module.__spec__.loader = module.__loader__ = self.loader
        module.__class__ = _Deferred
        for name in self.names:
            setattr(module, name, _stand_in(module, name))


def _checked(deferral: Deferral) -> bool:
    import importlib.metadata  # spaCy's import loads it anyway

    try:
        return importlib.metadata.version(deferral.distribution).startswith(deferral.versions)
    except importlib.metadata.PackageNotFoundError:
        return False


class _Finder(importlib.abc.MetaPathFinder):
    """Finds ``spacy`` once, through the other finders, and hands its loader to :class:`_Loader`; finds each module
    of :data:`DEFERRED` once, and defers it if it is Python source of a version checked."""

    def __init__(self) -> None:
        self.left: set[str] = set()

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in self.left:
            return None
        self.left.discard(name)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            if name == "spacy":
                uninstall()
            return spec
        if name == "spacy":
            spec.loader = _Loader(spec.loader)
        elif isinstance(spec.loader, importlib.machinery.SourceFileLoader) and _checked(DEFERRED[name]):
            spec.loader = _Defer(spec.loader, DEFERRED[name].names)
        return spec


_FINDER = _Finder()


def install() -> None:
    """Import spaCy without its command line, and the modules of :data:`DEFERRED` deferred, from now on, unless
    spaCy is imported already."""
    if "spacy" not in sys.modules and _FINDER not in sys.meta_path:
        _FINDER.left = {"spacy", *DEFERRED}
        sys.meta_path.insert(0, _FINDER)


def uninstall() -> None:
    """Leave the imports as they are (the finder removes itself when spaCy's import is done)."""
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
