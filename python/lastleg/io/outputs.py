"""Output folders written so that an interrupted run never reads as complete.

Every file of a run is first written under a temporary name beside its final one; then
the previous run's ``summary.json`` is removed, the files are renamed into place, files
that the previous run wrote and this one does not are removed, and ``summary.json`` is
written last. It names the run (``run_id``) and lists every file with its size and
SHA-256, and each Parquet table carries the ``run_id`` in its metadata: a folder is a
complete run exactly when ``verify_outputs`` finds nothing wrong. Files lastleg did not
write are never touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lastleg.errors import InputError

SUMMARY = "summary.json"
#: version of the output formats (summary.json and the tables); see CHANGELOG.md
SCHEMA_VERSION = 2


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _previous_files(folder: Path) -> list[str] | None:
    """Files of the run whose summary.json is in ``folder`` ([] for a summary written by an
    older lastleg without a manifest); None when summary.json is not lastleg's."""
    path = folder / SUMMARY
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not ({"run_id", "total_cost", "orders"} & set(data)):
        return None
    files = data.get("files", {})
    return [str(name) for name in files] if isinstance(files, dict) else []


class OutputFolder:
    """Where one run writes its files. Creating it checks the folder (it is created if
    needed, must be writable, must not be one of ``inputs``, and must not hold a
    summary.json that lastleg did not write), so a bad ``--out`` fails before solving."""

    def __init__(self, path: str | Path, *, inputs: Iterable[str | Path] = (),
                 option: str = "--out") -> None:
        self.path = Path(path)
        self.option = option
        self.run_id = uuid.uuid4().hex
        self._staged: dict[str, Path] = {}
        self._check(inputs)

    def _fail(self, problem: str) -> InputError:
        return InputError(f"{self.option} {self.path}", problem)

    def _check(self, inputs: Iterable[str | Path]) -> None:
        if self.path.exists() and not self.path.is_dir():
            raise self._fail("exists and is not a folder")
        for folder in inputs:
            if Path(folder).is_dir() and self.path.is_dir() \
                    and os.path.samefile(folder, self.path):
                raise self._fail("is an input folder; write the outputs somewhere else")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            probe = self.path / f".lastleg-probe-{self.run_id}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise self._fail(f"cannot be written: {exc.strerror or exc}") from None
        if (self.path / SUMMARY).exists() and _previous_files(self.path) is None:
            raise self._fail(f"holds a {SUMMARY} that lastleg did not write")

    def stage(self, name: str, write: Callable[[Path], Any]) -> None:
        """Write file ``name`` through ``write(temporary path)``."""
        tmp = self.path / f".{name}.{self.run_id}.tmp"
        self._staged[name] = tmp
        write(tmp)

    def stage_text(self, name: str, text: str) -> None:
        self.stage(name, lambda tmp: tmp.write_text(text, encoding="utf-8"))

    def write(self, stage: Callable[[OutputFolder], Any], summary: dict[str, Any]) -> Path:
        """Stage files with ``stage(self)``, then commit them with ``summary``; anything
        staged is removed if either fails (Ctrl-C included)."""
        try:
            stage(self)
        except BaseException:
            self.discard()
            raise
        return self.commit(summary)

    def commit(self, summary: dict[str, Any]) -> Path:
        """Move the staged files into place and write summary.json (with the run id and
        the manifest) last. On any failure the staged files are removed."""
        try:
            files = {name: {"bytes": tmp.stat().st_size, "sha256": _sha256(tmp)}
                     for name, tmp in self._staged.items()}
            previous = _previous_files(self.path) or []
            with contextlib.suppress(FileNotFoundError):
                (self.path / SUMMARY).unlink()  # from here the folder reads as incomplete
            for name, tmp in self._staged.items():
                os.replace(tmp, self.path / name)
            self._staged.clear()
            for name in previous:
                if name not in files and name != SUMMARY and "/" not in name:
                    with contextlib.suppress(FileNotFoundError):
                        (self.path / name).unlink()
            body = {"schema_version": SCHEMA_VERSION, "run_id": self.run_id, **summary,
                    "files": files}
            tmp = self.path / f".{SUMMARY}.{self.run_id}.tmp"
            tmp.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
            os.replace(tmp, self.path / SUMMARY)
        finally:
            self.discard()
        return self.path

    def discard(self) -> None:
        """Remove whatever is still staged (an interrupted run)."""
        for tmp in self._staged.values():
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self._staged.clear()
        with contextlib.suppress(FileNotFoundError):
            (self.path / f".{SUMMARY}.{self.run_id}.tmp").unlink()


def verify_outputs(folder: str | Path) -> list[str]:
    """What keeps ``folder`` from being one complete run (empty: it is one): summary.json
    missing or unreadable, a listed file missing, or one whose size or SHA-256 differs
    from the manifest (a file of another run)."""
    path = Path(folder)
    try:
        summary = json.loads((path / SUMMARY).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [f"no {SUMMARY}: not a complete run"]
    except (OSError, ValueError) as exc:
        return [f"{SUMMARY} unreadable: {exc}"]
    files = summary.get("files") if isinstance(summary, dict) else None
    if not isinstance(files, dict) or "run_id" not in summary:
        return [f"{SUMMARY} has no run_id and file list (not written by this lastleg)"]
    problems = []
    for name, meta in files.items():
        file = path / name
        if not file.is_file():
            problems.append(f"{name}: missing")
        elif file.stat().st_size != meta.get("bytes") or _sha256(file) != meta.get("sha256"):
            problems.append(f"{name}: not the file of run {summary['run_id']}")
    return problems
