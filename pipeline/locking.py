"""Locks: one writer per case, and proof of life for running processes.

* :class:`CaseLock` is an exclusive ``flock`` on ``locks/case.lock``. Only the short commit
  of a command is done under it (DuckDB allows one writer process, and while a writer holds
  the database not even read-only opens succeed). The holder writes who it is into
  ``locks/case.holder.json`` so that a refused command can say who holds the case.
* :class:`LifeLock` is held by every writing process for its whole life. Its token names the
  process's temporary files and ingest attempts; a later run that can take the lock knows
  the owner is gone (a crash or ``kill -9``) and may clean up after it.

``flock`` locks are released by the kernel when a process dies, so a crash never leaves a
case locked.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
import uuid
from pathlib import Path

from .errors import CaseBusy


def _now_iso() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class CaseLock:
    """Exclusive writer lock of a case."""

    def __init__(self, locks_dir: Path, command: str, examiner: str) -> None:
        self.dir = Path(locks_dir)
        self.command = command
        self.examiner = examiner
        self._fd: int | None = None

    @property
    def holder_file(self) -> Path:
        return self.dir / "case.holder.json"

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to ``wait`` seconds; raise CASE_LOCKED otherwise."""
        self.dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.dir / "case.lock", os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise CaseBusy(
                        "CASE_LOCKED",
                        f"the case is being written by {self.describe_holder()}",
                        kept="nothing was changed by this command",
                        hint="wait for that command to finish, or run this one again with --wait SECONDS",
                    ) from None
                time.sleep(0.1)
        self._fd = fd
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "os_user": _os_user(),
            "examiner": self.examiner,
            "command": self.command,
            "since": _now_iso(),
        }
        tmp = self.holder_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(holder, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.holder_file)

    def describe_holder(self) -> str:
        try:
            h = json.loads(self.holder_file.read_text(encoding="utf-8"))
            return (
                f"'{h.get('command')}' run by {h.get('examiner') or h.get('os_user')} "
                f"(user {h.get('os_user')}, process {h.get('pid')} on {h.get('host')}) since {h.get('since')}"
            )
        except (OSError, ValueError):
            return "another command"

    def release(self) -> None:
        if self._fd is not None:
            try:
                self.holder_file.unlink()
            except OSError:
                pass
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "CaseLock":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class LifeLock:
    """A lock held for the life of this process, named by a random token."""

    def __init__(self, locks_dir: Path) -> None:
        self.dir = Path(locks_dir)
        self.token = f"p{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.dir / f"life-{self.token}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def release(self) -> None:
        if self._fd is not None:
            try:
                (self.dir / f"life-{self.token}.lock").unlink()
            except OSError:
                pass
            os.close(self._fd)
            self._fd = None


def token_alive(locks_dir: Path, token: str) -> bool:
    """True while the process owning ``token`` is alive (it still holds its life lock)."""
    path = Path(locks_dir) / f"life-{token}.lock"
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return True
    # we got it: the owner is gone; remove its lock file
    try:
        path.unlink()
    except OSError:
        pass
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
    return False


def _os_user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (KeyError, ImportError):
        return str(os.getuid())


os_user = _os_user
