"""The custody log: an append-only, hash-chained record of everything done to a case.

``custody.log`` holds one JSON object per line. Each entry carries a sequence number, the
hash of the previous entry (``prev``; 64 zeros for the first), who acted (examiner name, OS
user, host), when (UTC), the action, the object (usually a SHA-256), the tool version (with
git commit and dirty flag when run from a source tree), the outcome and details, and finally
its own ``hash``: the SHA-256 of the canonical JSON of every other field (keys sorted, no
spaces, UTF-8). Editing, removing, inserting or reordering entries breaks the chain;
rewriting a whole suffix is caught against an anchor (``SEQ:HASH``) recorded earlier.

Appends take an ``flock`` on the log itself (concurrent ingests stage outside the case lock),
read the last entry, and write the new line with one ``write`` call (a process killed with
``-9`` cannot tear it). The log is the source of truth from which ``case.duckdb`` can be
rebuilt. Passwords never appear in it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from . import events
from .errors import ReturnsError
from .locking import os_user
from .version import tool_info

GENESIS = "0" * 64


def canonical(obj: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, no whitespace, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an entry without its ``hash`` field."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical(body)).hexdigest()


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Actor:
    """Who is acting: the examiner named for the case or command, and the OS account."""

    examiner: str

    def as_dict(self) -> dict[str, str]:
        return {"examiner": self.examiner, "os_user": os_user(), "host": socket.gethostname()}


@dataclass(frozen=True)
class ParsedLine:
    """One physical line of the log as read back."""

    line_no: int
    raw: bytes
    entry: dict[str, Any] | None  #: None when the line is not a JSON object
    error: str | None


class CustodyLog:
    """Append and read the hash-chained custody log of one case."""

    def __init__(self, path: Path, actor: Actor) -> None:
        self.path = Path(path)
        self.actor = actor

    # -- appending -----------------------------------------------------------------
    def append(self, action: str, obj: str | None = None, outcome: str = "ok", **details: Any) -> dict[str, Any]:
        """Append one entry and return it (with seq and hash)."""
        return self.append_many([(action, obj, outcome, details)])[-1]

    def append_many(self, items: list[tuple[str, str | None, str, dict[str, Any]]]) -> list[dict[str, Any]]:
        """Append several entries under one lock and one write."""
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            last = _read_last_entry(fd, self.path)
            seq = last["seq"] if last else 0
            prev = last["hash"] if last else GENESIS
            actor = self.actor.as_dict()
            tool = tool_info()
            written: list[dict[str, Any]] = []
            buf = bytearray()
            for action, obj, outcome, details in items:
                seq += 1
                entry = {
                    "seq": seq,
                    "prev": prev,
                    "time": utc_now(),
                    "actor": actor,
                    "action": action,
                    "object": obj,
                    "outcome": outcome,
                    "tool": tool,
                    "details": details,
                }
                entry["hash"] = entry_hash(entry)
                prev = entry["hash"]
                buf += canonical(entry) + b"\n"
                written.append(entry)
            os.write(fd, bytes(buf))
            os.fsync(fd)
        finally:
            os.close(fd)
        for entry in written:
            events.reached("custody.appended", action=entry["action"], seq=entry["seq"])
        return written

    # -- reading -------------------------------------------------------------------
    def lines(self) -> Iterator[ParsedLine]:
        """Every physical line, parsed where possible (for verification)."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as fh:
            for no, raw in enumerate(fh, start=1):
                if raw.endswith(b"\n"):
                    raw = raw[:-1]
                else:
                    if not raw:
                        continue
                try:
                    entry = json.loads(raw.decode("utf-8"))
                    if not isinstance(entry, dict):
                        raise ValueError("not a JSON object")
                    yield ParsedLine(no, raw, entry, None)
                except (ValueError, UnicodeDecodeError) as exc:
                    yield ParsedLine(no, raw, None, str(exc))

    def entries(self) -> list[dict[str, Any]]:
        """Every entry, for replay. Raises CUSTODY_LOG_DAMAGED if a line cannot be read."""
        out = []
        for line in self.lines():
            if line.entry is None:
                raise damaged(self.path, f"line {line.line_no} is not a readable entry ({line.error})")
            out.append(line.entry)
        return out

    def head(self) -> tuple[int, str]:
        """(seq, hash) of the last entry; (0, GENESIS) for an empty log."""
        fd = os.open(self.path, os.O_RDONLY)
        try:
            last = _read_last_entry(fd, self.path)
        finally:
            os.close(fd)
        return (last["seq"], last["hash"]) if last else (0, GENESIS)

    def check_tail(self) -> None:
        """Fail early (before anything is stored) if the log's end is damaged."""
        self.head()


def damaged(path: Path, what: str) -> ReturnsError:
    return ReturnsError(
        "CUSTODY_LOG_DAMAGED",
        f"the custody log {path} is damaged: {what}",
        kept="the log and the evidence store were not changed by this command",
        hint="run 'returns verify' to see every problem, and preserve the case as it is for examination",
    )


def _read_last_entry(fd: int, path: Path) -> dict[str, Any] | None:
    """Read the last line of the log (from the end, without reading the whole file)."""
    size = os.fstat(fd).st_size
    if size == 0:
        return None
    block = 65536
    pos = size
    data = b""
    while pos > 0:
        step = min(block, pos)
        pos -= step
        data = os.pread(fd, step, pos) + data
        stripped = data.rstrip(b"\n")
        if b"\n" in stripped or pos == 0:
            break
    if not data.endswith(b"\n"):
        raise damaged(path, "its last line is incomplete (a torn write or an edit)")
    last_line = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        entry = json.loads(last_line.decode("utf-8"))
        if not isinstance(entry, dict) or not isinstance(entry.get("seq"), int) or "hash" not in entry:
            raise ValueError("missing seq or hash")
    except (ValueError, UnicodeDecodeError) as exc:
        raise damaged(path, f"its last line is not a readable entry ({exc})") from None
    if entry_hash(entry) != entry["hash"]:
        raise damaged(path, f"its last entry (seq {entry['seq']}) does not match its own hash")
    return entry
