"""The evidence store: every received file kept once, byte for byte, named by its SHA-256.

Each file is read exactly once: the SHA-256 is computed while the bytes are copied into a
temporary file in the case's ``tmp/`` folder, which is then fsynced, made read-only and
renamed to ``evidence/<sha256>`` (then the folder is fsynced). Content already present is
not written again. Nothing in the store is ever modified or deleted by this tool.

Temporary files carry the owning process's token in their name so that a later run can
remove the leftovers of a process that died (see :mod:`pipeline.locking`), and never the
temporary files of a process that is still copying.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from .errors import LimitExceeded, ReturnsError

CHUNK = 1024 * 1024
#: how often (in bytes copied) free space is checked during a copy
_SPACE_CHECK_EVERY = 64 * 1024 * 1024


@dataclass(frozen=True)
class Stored:
    """What storing one stream produced."""

    sha256: str
    size: int
    new: bool  #: False when the store already held this content
    source_changed: bool = False  #: the source file's size or mtime changed while it was read


def is_sha256(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


class EvidenceStore:
    """Content-addressed, write-once storage of evidence files."""

    def __init__(self, root: Path, tmp_dir: Path, owner: str, min_free_bytes: int = 0) -> None:
        self.root = Path(root)
        self.tmp_dir = Path(tmp_dir)
        self.owner = owner
        self.min_free_bytes = min_free_bytes

    # -- reading -----------------------------------------------------------------
    def path_for(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def open(self, sha256: str) -> BinaryIO:
        return open(self.path_for(sha256), "rb")

    def iter_names(self) -> Iterator[str]:
        """Every entry name in the store folder, sorted (including ones that do not belong)."""
        if not self.root.exists():
            return iter(())
        return iter(sorted(os.listdir(self.root)))

    @staticmethod
    def hash_file(path: Path) -> tuple[str, int]:
        """SHA-256 and size of a file, read in chunks (never whole into memory)."""
        h = hashlib.sha256()
        size = 0
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
        return h.hexdigest(), size

    # -- writing -----------------------------------------------------------------
    def free_bytes(self) -> int:
        st = os.statvfs(self.root)
        return st.f_bavail * st.f_frsize

    def _check_space(self) -> None:
        if self.min_free_bytes and self.free_bytes() < self.min_free_bytes:
            raise ReturnsError(
                "DISK_FULL",
                f"less than {self.min_free_bytes} bytes are free on the disk holding the case",
                kept="everything stored before this point; nothing half-written was kept",
                hint="free disk space (or move the case to a larger disk) and run the same command again",
            )

    def store_stream(self, reader: BinaryIO, max_bytes: int | None = None) -> Stored:
        """Copy ``reader`` into the store while hashing it.

        Raises :class:`LimitExceeded` (and keeps nothing) if more than ``max_bytes`` come out.
        """
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.tmp_dir / f"{self.owner}-{uuid.uuid4().hex}"
        h = hashlib.sha256()
        size = 0
        since_check = 0
        self._check_space()
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                while True:
                    chunk = reader.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise LimitExceeded(max_bytes, size)
                    h.update(chunk)
                    out.write(chunk)
                    since_check += len(chunk)
                    if since_check >= _SPACE_CHECK_EVERY:
                        since_check = 0
                        self._check_space()
                out.flush()
                os.fsync(out.fileno())
            return self._commit_tmp(tmp, h.hexdigest(), size)
        except OSError as exc:
            _remove_quietly(tmp)
            if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
                raise ReturnsError(
                    "DISK_FULL",
                    f"the disk holding the case refused more data ({os.strerror(exc.errno)})",
                    kept="everything stored before this point; nothing half-written was kept",
                    hint="free disk space and run the same command again",
                ) from exc
            raise
        except BaseException:
            _remove_quietly(tmp)
            raise

    def store_file(self, path: Path) -> Stored:
        """Store a regular file from disk, noticing if it changes while it is read."""
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        try:
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode):
                raise ReturnsError("NOT_A_REGULAR_FILE", f"{path} is not a regular file")
            with os.fdopen(fd, "rb", closefd=False) as fh:
                stored = self.store_stream(fh)
            after = os.fstat(fd)
            try:
                now = os.stat(path, follow_symlinks=False)
                replaced = (now.st_ino, now.st_dev) != (before.st_ino, before.st_dev)
            except OSError:
                replaced = True
            changed = (
                replaced
                or after.st_size != before.st_size
                or after.st_mtime_ns != before.st_mtime_ns
                or stored.size != before.st_size
            )
            if changed:
                return Stored(stored.sha256, stored.size, stored.new, source_changed=True)
            return stored
        finally:
            os.close(fd)

    def _commit_tmp(self, tmp: Path, sha256: str, size: int) -> Stored:
        self.root.mkdir(parents=True, exist_ok=True)
        final = self.root / sha256
        if final.exists():
            _remove_quietly(tmp)
            return Stored(sha256, size, new=False)
        os.chmod(tmp, 0o444)
        os.replace(tmp, final)
        fsync_dir(self.root)
        return Stored(sha256, size, new=True)

    def store_bytes(self, data: bytes) -> Stored:
        """Store a small in-memory object (e.g. a generated manifest)."""
        import io

        return self.store_stream(io.BytesIO(data))


def fsync_dir(path: Path) -> None:
    """fsync a directory so that a rename inside it survives a crash."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    try:
        os.chmod(path, 0o600)
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        pass

