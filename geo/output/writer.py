"""One atomic multi-file writer: every output of a build is written to a temporary name,
then all are put in place as one commit, under a lock on the output folder.

:func:`write_all` is the whole step; :func:`repair` finishes a commit a killed build
left halfway (every :func:`write_all` runs it first).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError

__all__ = ["OUTPUT_NAMES", "content_writer", "repair", "write_all"]

_UMASK = os.umask(0)
os.umask(_UMASK)


#: The commit in progress: written once every output is complete, removed once all are in
#: place; a build that finds it finishes the interrupted commit before anything else.
_JOURNAL = ".geo-commit.json"
#: Every name a build writes into an output folder (its temporary files start with "." and one of them).
OUTPUT_NAMES = ("claims.geojson", "places.geojson", "claims.html", "claims.csv", "claims.gpkg", "claims.kml",
                "claims.parquet")
_LOCK_WAIT = 60.0  # seconds to wait for another build writing the same folder


class _FolderLock:
    """An exclusive lock on the output folder itself (``flock`` on the folder, no lock file
    left behind), so that two builds into one folder write their sets one after the other."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fd: int | None = None

    def __enter__(self) -> _FolderLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return self
        try:
            self._fd = os.open(self.folder, os.O_RDONLY)
        except OSError:
            return self  # cannot be opened for locking (the writes below say why, if they fail)
        waited = 0.0
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if waited >= _LOCK_WAIT:
                    os.close(self._fd)
                    self._fd = None
                    raise OutputError(f"another build is writing to {self.folder} (waited {_LOCK_WAIT:g} s); "
                                      "nothing was written") from None
                time.sleep(0.1)
                waited += 0.1
            except OSError:
                return self  # a file system without locks

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the lock
            self._fd = None


def _remove_tree(path: str | Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def _move_into_place(tmp: str, final: Path) -> None:
    """Rename ``tmp`` to ``final``; a folder (GeoParquet) replaces the previous folder."""
    if os.path.isdir(tmp) and final.is_dir() and not final.is_symlink():
        aside = tmp + ".old"
        os.replace(final, aside)
        os.replace(tmp, final)
        _remove_tree(aside)
    else:
        os.replace(tmp, final)


def repair(out_dir: Path) -> None:
    """Finish a commit a killed build left halfway (its journal lists outputs all complete,
    some renamed, some not), then remove the temporary files builds left behind."""
    journal = out_dir / _JOURNAL
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pairs = None
    except (OSError, ValueError):
        pairs = []  # unreadable: the outputs it names were not all written; drop it
    if pairs is not None:
        for tmp, name in pairs if isinstance(pairs, list) else []:
            if isinstance(tmp, str) and name in OUTPUT_NAMES and "/" not in tmp and os.path.lexists(out_dir / tmp):
                _move_into_place(str(out_dir / tmp), out_dir / name)
        journal.unlink(missing_ok=True)
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") and (name.endswith((".tmp", ".tmp.old")) or name.startswith(f"{_JOURNAL}.")) and any(
                name.startswith(f".{output}.") for output in (*OUTPUT_NAMES, _JOURNAL)):
            _remove_tree(entry.path)


def write_all(out_dir: Path, files: dict[str, Callable[[BinaryIO], None]],
               folders: dict[str, Callable[[Path], object]] | None = None) -> tuple[Path, ...]:
    """Write every output to a temporary name first (each file by its writer, in order, then
    each folder), then put them all in place as one commit.

    The output folder is locked for the whole step, so two builds into one folder do not mix
    their outputs.  Before the renames a journal names every complete temporary output: a
    build killed among the renames leaves it, and the next build into the folder finishes
    that commit first (and removes temporary files left by killed builds).  Within a build,
    the previous outputs are kept as hard links until every rename succeeded, so a failure
    (or Ctrl-C) at any point leaves the folder as it was, with no temporary files.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create output folder {out_dir}: {err.strerror or err}") from err
    with _FolderLock(out_dir):
        try:
            repair(out_dir)
        except OSError as err:
            raise OutputError(f"cannot write to {out_dir}: {err.strerror or err}") from err
        return _commit(out_dir, files, folders or {})


def _commit(out_dir: Path, files: dict[str, Callable[[BinaryIO], None]],
            folders: dict[str, Callable[[Path], object]]) -> tuple[Path, ...]:
    temps: list[tuple[str, Path]] = []
    backups: list[tuple[str, Path]] = []
    replaced: list[Path] = []
    journal = out_dir / _JOURNAL
    try:
        for name, content in files.items():
            fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
            temps.append((tmp, out_dir / name))
            with os.fdopen(fd, "wb") as f:
                os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are for sharing
                content(f)
        for name, fill in folders.items():
            tmp = tempfile.mkdtemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
            temps.append((tmp, out_dir / name))
            os.chmod(tmp, 0o777 & ~_UMASK)
            fill(Path(tmp))
        staged = journal.with_name(f"{_JOURNAL}.{os.getpid()}")
        with open(staged, "w", encoding="utf-8") as f:
            json.dump([[os.path.basename(tmp), final.name] for tmp, final in temps], f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(staged, journal)
        for tmp, final in temps:
            if final.exists() and not final.is_dir():
                backup = tmp + ".old"
                os.link(final, backup)
                backups.append((backup, final))
        for tmp, final in temps:
            _move_into_place(tmp, final)
            replaced.append(final)
        journal.unlink()
    except BaseException as err:
        had_backup = {final for _, final in backups}
        for backup, final in backups:
            if final in replaced:
                try:
                    os.replace(backup, final)  # put the previous output back
                except OSError:
                    pass
        for final in replaced:
            if final not in had_backup and not final.is_dir():
                try:
                    os.unlink(final)  # it did not exist before this build
                except OSError:
                    pass
        for path in [t for t, _ in temps] + [b for b, _ in backups]:
            _remove_tree(path)
        for journal_path in (journal, journal.with_name(f"{_JOURNAL}.{os.getpid()}")):
            try:
                os.unlink(journal_path)
            except OSError:
                pass
        if isinstance(err, OSError) and not isinstance(err, OutputError):  # an OutputError names its folder
            raise OutputError(f"cannot write to {out_dir}: {err.strerror or err}") from err
        raise
    for backup, _ in backups:
        try:
            os.unlink(backup)
        except OSError:
            pass
    return tuple(final for _, final in temps)


def content_writer(content: str | bytes) -> Callable[[BinaryIO], None]:
    """A writer for :func:`write_all` that writes ``content`` (text as UTF-8)."""
    data = content.encode("utf-8") if isinstance(content, str) else content

    def write(f: BinaryIO) -> None:
        f.write(data)

    return write
