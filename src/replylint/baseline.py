"""Baselines: the findings a template library already has when it adopts replylint, recorded once so that only
new ones are reported (``replylint check --write-baseline FILE``, then ``--baseline FILE``).

An entry is keyed by the file's path (relative to the baseline's folder), the rule's code and the matched text
normalised (case and white space folded), with a count: lines may move and text around may change, and the
findings stay accepted; a new finding, or one more of the same, is reported.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from replylint.errors import ConfigError
from replylint.models import Finding

Key = tuple[str, str, str]


class BaselineEntry(BaseModel):
    """Findings accepted in one file: of one rule, on one matched text (empty for a whole-reply finding)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    code: str
    match: str
    count: int = Field(1, ge=1)


class BaselineFile(BaseModel):
    """The baseline as written to disk (JSON)."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    findings: list[BaselineEntry] = Field(default_factory=list)


def normalise(text: str | None) -> str:
    """Matched text as the baseline keys it: NFC, case-folded, white space runs folded to one space."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def _path_key(path: str, root: Path) -> str:
    """A linted file's path relative to the baseline's folder (``../`` where it is outside), in ``/`` form."""
    if path == "-":
        return path
    return Path(os.path.relpath(Path(path).resolve(), root.resolve())).as_posix()


class Baseline:
    """A baseline applied over one run: each file's findings in it are left out, as many times as recorded."""

    def __init__(self, entries: Iterable[BaselineEntry], root: Path, label: str = "baseline") -> None:
        self.root = root
        self.label = label
        self._left: Counter[Key] = Counter()
        for entry in entries:
            self._left[(entry.path, entry.code, entry.match)] += entry.count
        self._paths: set[str] = set()
        #: Findings left out so far.
        self.baselined = 0

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline file; :class:`ConfigError` when it cannot be read or is not one."""
        try:
            data = BaselineFile.model_validate_json(path.read_bytes())
        except OSError as exc:
            raise ConfigError(path, "", f"cannot read baseline: {exc.strerror or exc}") from exc
        except ValidationError as exc:
            raise ConfigError.from_validation(path, exc, model=BaselineFile) from exc
        return cls(data.findings, path.parent, str(path))

    def apply(self, path: str, findings: Sequence[Finding]) -> tuple[list[Finding], int]:
        """The findings of the file at ``path`` (as it was named) not in the baseline, and how many were."""
        where = _path_key(path, self.root)
        self._paths.add(where)
        kept = []
        for finding in findings:
            key = (where, finding.code, normalise(finding.match))
            if self._left[key] > 0:
                self._left[key] -= 1
            else:
                kept.append(finding)
        self.baselined += len(findings) - len(kept)
        return kept, len(findings) - len(kept)

    def stale(self) -> list[BaselineEntry]:
        """Entries of the files linted so far that were not found (fixed, or their text changed)."""
        return [
            BaselineEntry(path=p, code=c, match=m, count=n)
            for (p, c, m), n in sorted(self._left.items())
            if n > 0 and p in self._paths
        ]


def baseline_entries(files: Iterable[tuple[str, Sequence[Finding]]], root: Path) -> list[BaselineEntry]:
    """Entries for every finding of ``files`` (each a path as named and its findings), paths relative to ``root``."""
    counts: Counter[Key] = Counter(
        (_path_key(path, root), f.code, normalise(f.match)) for path, findings in files for f in findings
    )
    return [BaselineEntry(path=p, code=c, match=m, count=n) for (p, c, m), n in sorted(counts.items())]


def write_baseline(path: Path, files: Iterable[tuple[str, Sequence[Finding]]]) -> int:
    """Write the baseline of ``files`` to ``path``; the number of findings recorded."""
    entries = baseline_entries(files, path.parent)
    path.write_text(BaselineFile(findings=entries).model_dump_json(indent=2) + "\n", encoding="utf-8")
    return sum(e.count for e in entries)
