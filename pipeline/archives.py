"""Walk archives member by member into the evidence store, treating every byte as hostile.

:func:`sniff_archive` decides from content (never the file name) whether a stored file is an
archive; :func:`walk_archive` lists its members and streams each one into the
:class:`~pipeline.evidence.EvidenceStore`. Nothing is ever written by member name, so names
such as ``../../etc/passwd`` cannot escape the store; they are only described and flagged
(see :mod:`pipeline.names`). Nested archives are not opened here: the caller walks stored
members again.

Limits (:class:`Budget`) are shared across one whole package. They count bytes actually
produced by decompression (the store stops a stream once it passes ``max_bytes``); entry
counts are limited too, and listings are capped so that a pathological directory cannot
exhaust memory.

Per format:

* **zip** — our own reader of the end record, the (zip64) central directory and the local
  headers, so that raw name bytes, overlapping entries and damaged directories can be seen;
  member data is decrypted with pyzipper's ZipCrypto/AES decrypters and inflated here with
  bounded output (stored, deflate, bzip2, lzma). Without a usable central directory the
  local headers are scanned instead (``recovered_from_local_header``).
* **7z** — py7zr, driven folder by folder: its decompression worker runs in a helper thread
  and hands each member's bytes through a small queue to ``store_stream`` (see
  :class:`_SevenZipPipe`). py7zr never produces more than a member's declared size, so the
  declared size is checked first and the store's byte limit is the backstop.
* **tar** (plain, gzip, bzip2, xz) — :mod:`tarfile` in streaming mode.
* **gzip / bzip2 / xz** holding a single file — the decompressor is streamed into the store.
* **eml** (an RFC 5322 message, found by its header block, never its name) — its members are
  its attachments, decoded (base64, quoted-printable), named by their file name or
  ``part-<n>.<ext>``; an attached message (``message/rfc822``) is a nested ``.eml`` member.
  Inline body text is not a member: the message itself is also offered to the extractors
  (:data:`EXTRACTED_CONTAINERS`). Broken base64 is stored as far as it decodes, flagged.
* **mbox** — its members are its messages, ``message-0001.eml`` ..., each walked again as an
  eml.
* **msg** (an Outlook message: an OLE compound file of MAPI properties) — its members are its
  attachments stored by value; an attached Outlook message (an OLE storage inside the file) is
  listed but not stored as a separate file. Also offered to the extractors.
  See :mod:`pipeline.mail` for how all three are read.

Bad archive content never raises: it becomes a member ``status``/``reason``/``flags`` or an
archive-level problem sentence. Only :class:`~pipeline.errors.ReturnsError` from the store
(e.g. ``DISK_FULL``) propagates, together with unexpected store ``OSError``.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import queue
import stat
import struct
import tarfile
import threading
import zlib
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO, Callable, Iterable, Sequence

from . import mail
from .errors import LimitExceeded, ReturnsError
from .evidence import EvidenceStore, Stored
from .names import NameInfo, describe_name, escape_text

ARCHIVE_TYPES = ("zip", "7z", "tar", "gzip", "bzip2", "xz", "eml", "mbox", "msg")
#: containers that are documents too: walked for their members AND offered to the extractors
EXTRACTED_CONTAINERS = ("eml", "msg")

CHUNK = 1024 * 1024
#: How many members are listed beyond the entry-count limit before listing stops.
LISTING_SLACK = 1000
#: Members of a zip that make it a document rather than an archive.
_DOCUMENT_MEMBERS = frozenset(
    {b"[Content_Types].xml", b"mimetype", b"META-INF/MANIFEST.MF", b"AndroidManifest.xml"}
)
#: Kinds whose bytes are evidence (the others carry no content of their own).
_CONTENT_KINDS = ("file", "symlink")
_SYMLINK_REASON = "symbolic link: target text stored, not followed"
_ENTRY_LIMIT_REASON = "over the entry-count limit"
_TRUNCATED = "truncated: the archive ends inside this member's data"


# ----------------------------------------------------------------------------------------
# Public data types
# ----------------------------------------------------------------------------------------
@dataclass
class Budget:
    """Limits shared across one whole package (all nesting levels), and what was used."""

    max_entries: int = 100_000
    max_total_bytes: int = 64 * 2**30  #: bytes actually produced by decompression
    max_member_bytes: int = 32 * 2**30
    entries: int = 0
    produced: int = 0


@dataclass
class Member:
    """One member of an archive and what happened to it."""

    index: int  #: 0-based order within this archive (central-directory order for zip)
    name: NameInfo
    kind: str  #: 'file','dir','symlink','hardlink','device','fifo','other'
    sha256: str | None  #: None when not stored
    size: int | None  #: bytes produced (None when not stored)
    declared_size: int | None
    status: str  #: 'stored' | 'not_expanded' | 'skipped_dir'
    reason: str | None  #: human sentence when not stored (or why a stored member is special)
    flags: tuple[str, ...]
    new: bool | None = None  #: when stored: True if the store did not already hold this content


@dataclass
class WalkResult:
    """Everything learned from walking one archive."""

    archive_type: str
    members: list[Member]
    status: str  #: 'expanded' | 'partially_expanded' | 'locked' | 'corrupt'
    problems: list[str]  #: human sentences about the archive as a whole
    password_used: bool  #: a supplied password actually opened something


# ----------------------------------------------------------------------------------------
# Shared machinery
# ----------------------------------------------------------------------------------------
class _MemberError(Exception):
    """Reading one member failed because of its content; becomes the member's reason."""

    def __init__(self, reason: str, flags: Iterable[str] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.flags = tuple(flags)


class _WrongPassword(Exception):
    """A password failed the format's password check."""


class _StoreFailure(Exception):
    """An unexpected error from the evidence store (not from archive content)."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(str(original))
        self.original = original


def _fmt_size(n: int) -> str:
    """``32 GiB``, ``10 MiB``, ``1.5 GiB``, ``512 bytes``."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def _short(exc: BaseException) -> str:
    """A one-line, escaped description of a library exception for reasons and problems."""
    text = str(exc) or type(exc).__name__
    return escape_text(text)[:200]


def _classify(exc: BaseException, what: str = "compressed data") -> _MemberError:
    """Turn a library exception raised while reading member data into a member error."""
    if isinstance(exc, _MemberError):
        return exc
    if isinstance(exc, EOFError) or "unexpected end of data" in str(exc):
        return _MemberError(f"truncated: the data ends early ({_short(exc)})", ("truncated",))
    if "crc" in str(exc).lower():
        return _MemberError("corrupt: CRC mismatch", ("crc_mismatch",))
    if isinstance(exc, OSError) and exc.errno is not None:
        return _MemberError(f"unreadable: {_short(exc)}", ("read_error",))
    return _MemberError(f"corrupt: {what} is invalid ({_short(exc)})", ("corrupt_data",))


class _GuardedReader:
    """Wraps a library stream: counts bytes and turns its exceptions into _MemberError."""

    def __init__(self, raw: Any, what: str = "compressed data") -> None:
        self._raw = raw
        self._what = what
        self.produced = 0

    def read(self, n: int = -1) -> bytes:
        try:
            data = self._raw.read(n if n and n > 0 else CHUNK)
        except Exception as exc:  # noqa: BLE001 - any library failure is a content problem
            raise _classify(exc, self._what) from exc
        self.produced += len(data)
        return data


def _sorted_flags(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({flag for group in groups for flag in group}))


def _link_flags(target: NameInfo) -> tuple[str, ...]:
    """Flags describing where a link points (it is never followed)."""
    flags = ["symlink"]
    if "absolute_path" in target.flags:
        flags.append("link_target_absolute")
    if "parent_reference" in target.flags:
        flags.append("link_target_parent_reference")
    return tuple(flags)


class _Walk:
    """Accumulates the members and problems of one walk and applies the budget."""

    def __init__(self, archive_type: str, store: EvidenceStore, budget: Budget) -> None:
        self.archive_type = archive_type
        self.store = store
        self.budget = budget
        self.members: list[Member] = []
        self.problems: list[str] = []
        self.password_used = False
        self.incomplete = False  #: content may be missing beyond what members say
        self.fatal = False  #: the archive's structure could not be read
        self.locked = False  #: the archive's listing itself is encrypted and was not opened
        self.cap = max(0, budget.max_entries - budget.entries) + LISTING_SLACK
        self._first_by_name: dict[bytes, Member] = {}

    # -- listing ----------------------------------------------------------------------
    @property
    def listing_full(self) -> bool:
        return len(self.members) >= self.cap

    def problem(self, sentence: str, *, incomplete: bool = True, fatal: bool = False) -> None:
        self.problems.append(sentence)
        self.incomplete = self.incomplete or incomplete
        self.fatal = self.fatal or fatal

    def add(
        self,
        name: NameInfo,
        kind: str,
        declared: int | None,
        flags: Iterable[str] = (),
    ) -> tuple[Member, bool]:
        """List a member; returns it and whether it is within the entry-count limit.

        Members with the same raw name are all kept and all flagged ``duplicate_name``.
        """
        flags = list(flags)
        first = self._first_by_name.get(name.raw)
        if first is not None:
            flags.append("duplicate_name")
            first.flags = _sorted_flags(first.flags, ("duplicate_name",))
        member = Member(
            index=len(self.members),
            name=name,
            kind=kind,
            sha256=None,
            size=None,
            declared_size=declared,
            status="not_expanded",
            reason=None,
            flags=_sorted_flags(name.flags, flags),
        )
        self.members.append(member)
        self._first_by_name.setdefault(name.raw, member)
        if self.budget.entries >= self.budget.max_entries:
            self.refuse(member, _ENTRY_LIMIT_REASON, ("limit_exceeded",))
            return member, False
        self.budget.entries += 1
        if kind == "dir":
            member.status = "skipped_dir"
        return member, True

    # -- outcomes ---------------------------------------------------------------------
    @staticmethod
    def refuse(member: Member, reason: str, flags: Iterable[str] = ()) -> None:
        member.status = "not_expanded"
        member.reason = reason
        member.flags = _sorted_flags(member.flags, flags)

    @staticmethod
    def accept(member: Member, stored: Stored, reason: str | None = None) -> None:
        member.status = "stored"
        member.sha256 = stored.sha256
        member.size = stored.size
        member.new = stored.new
        member.reason = reason

    def byte_limit(self) -> tuple[int, str]:
        """The ``max_bytes`` for the next member, and the reason used if it is exceeded."""
        budget = self.budget
        remaining = budget.max_total_bytes - budget.produced
        if budget.max_member_bytes <= remaining:
            return budget.max_member_bytes, f"over the {_fmt_size(budget.max_member_bytes)} per-member limit"
        total = _fmt_size(budget.max_total_bytes)
        return max(0, remaining), f"over the {total} total limit for the package"

    def store_reader(
        self,
        member: Member,
        reader: Any,
        *,
        exact_size: int | None = None,
        reason: str | None = None,
    ) -> bool:
        """Stream ``reader`` into the store under the byte budget; record the outcome.

        ``exact_size`` is a size the format guarantees not to exceed (tar, 7z): a member
        declaring more than the limit is refused without decompressing it.
        """
        limit, limit_reason = self.byte_limit()
        if limit <= 0 or (exact_size is not None and exact_size > limit):
            self.refuse(member, limit_reason, ("limit_exceeded",))
            return False
        try:
            stored = self.store.store_stream(reader, max_bytes=limit)
        except LimitExceeded as exc:
            self.budget.produced += exc.produced
            self.refuse(member, limit_reason, ("limit_exceeded",))
            return False
        except _MemberError as exc:
            self.budget.produced += getattr(reader, "produced", 0)
            self.refuse(member, exc.reason, exc.flags)
            return False
        except ReturnsError:
            raise
        except Exception as exc:  # noqa: BLE001 - readers only raise _MemberError
            raise _StoreFailure(exc) from exc
        self.budget.produced += stored.size
        self.accept(member, stored, reason)
        return True

    def store_bytes(self, member: Member, data: bytes, reason: str | None = None) -> bool:
        """Store a small piece of metadata (e.g. a link target) as the member's content."""
        return self.store_reader(member, io.BytesIO(data), exact_size=len(data), reason=reason)

    # -- result -------------------------------------------------------------------------
    def status(self) -> str:
        content = [m for m in self.members if m.kind in _CONTENT_KINDS]
        stored = [m for m in content if m.status == "stored"]
        if not self.members:
            if self.locked:
                return "locked"
            return "corrupt" if self.fatal or self.incomplete else "expanded"
        if content and not stored:
            if all("encrypted" in m.flags and "limit_exceeded" not in m.flags for m in content):
                return "locked"
            broken = ("crc_mismatch", "corrupt_data", "truncated", "bad_local_header", "read_error")
            if self.fatal or any(set(broken) & set(m.flags) for m in content):
                return "corrupt"
        if len(stored) == len(content) and not self.incomplete:
            return "expanded"
        return "partially_expanded"

    def result(self) -> WalkResult:
        return WalkResult(
            archive_type=self.archive_type,
            members=self.members,
            status=self.status(),
            problems=self.problems,
            password_used=self.password_used,
        )


# ----------------------------------------------------------------------------------------
# Zip: structures
# ----------------------------------------------------------------------------------------
_LOCAL_SIG = b"PK\x03\x04"
_CD_SIG = b"PK\x01\x02"
_EOCD_SIG = b"PK\x05\x06"
_Z64_LOCATOR_SIG = b"PK\x06\x07"
_Z64_EOCD_SIG = b"PK\x06\x06"
_DD_SIG = b"PK\x07\x08"

_LOCAL_FMT = struct.Struct("<4sHHHHHIIIHH")  # 30 bytes
_CD_FMT = struct.Struct("<4s4B4HL2L5H2L")  # 46 bytes
_EOCD_FMT = struct.Struct("<4sHHHHIIH")  # 22 bytes
_Z64_LOCATOR_FMT = struct.Struct("<4sIQI")  # 20 bytes
_Z64_EOCD_FMT = struct.Struct("<4sQHHIIQQQQ")  # 56 bytes

_MASK_ENCRYPTED = 0x0001
_MASK_DESCRIPTOR = 0x0008
_MASK_STRONG = 0x0040
_MASK_UTF8 = 0x0800
_AES_METHOD = 99
_METHOD_NAMES = {0: "stored", 8: "deflate", 9: "deflate64", 12: "bzip2", 14: "lzma", 93: "zstd", 95: "xz"}
_AES_SALT = {1: 8, 2: 12, 3: 16}
_U32 = 0xFFFFFFFF


@dataclass
class _ZipEntry:
    """One zip member as described by the central directory (or by its local header)."""

    raw_name: bytes
    bits: int
    method: int
    crc: int
    csize: int | None  #: None when unknown (data descriptor found while scanning)
    usize: int | None
    header_offset: int  #: absolute offset of the local header in the file
    raw_time: int
    external_attr: int = 0
    aes_version: int | None = None
    aes_strength: int | None = None
    aes_method: int | None = None
    from_local: bool = False
    data_start: int | None = None  #: filled from the local header
    local_name: bytes | None = None
    local_mismatch: bool = False  #: the local header disagrees on method or encryption

    @property
    def encrypted(self) -> bool:
        return bool(self.bits & _MASK_ENCRYPTED)

    @property
    def is_aes(self) -> bool:
        return self.method == _AES_METHOD

    @property
    def real_method(self) -> int:
        if self.is_aes and self.aes_method is not None:
            return self.aes_method
        return self.method

    @property
    def mode(self) -> int:
        return (self.external_attr >> 16) & 0xFFFF


@dataclass
class _ZipDirectory:
    entries: list[_ZipEntry]
    declared: int
    problems: list[str] = field(default_factory=list)
    prefix: int = 0


def _apply_extra(entry: _ZipEntry, extra: bytes, *, local: bool) -> None:
    """Read the zip64 (0x0001) and WinZip AES (0x9901) extra fields into ``entry``."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if tag == 0x0001:
            _apply_zip64(entry, body, local=local)
        elif tag == 0x9901 and len(body) >= 7:
            version, _vendor, strength, method = struct.unpack_from("<H2sBH", body)
            entry.aes_version, entry.aes_strength, entry.aes_method = version, strength, method


def _apply_zip64(entry: _ZipEntry, body: bytes, *, local: bool) -> None:
    values = [struct.unpack_from("<Q", body, i)[0] for i in range(0, len(body) - 7, 8)]
    if local:
        if len(values) >= 2:
            entry.usize, entry.csize = values[0], values[1]
        return
    if entry.usize == _U32 and values:
        entry.usize = values.pop(0)
    if entry.csize == _U32 and values:
        entry.csize = values.pop(0)
    if entry.header_offset == _U32 and values:
        entry.header_offset = values.pop(0)


def _read_at(fh: BinaryIO, offset: int, n: int) -> bytes:
    if offset < 0:
        return b""
    fh.seek(offset)
    return fh.read(n)


def _find_eocd(fh: BinaryIO, size: int) -> tuple[int, tuple[Any, ...]] | None:
    """Find the end-of-central-directory record (the last one whose comment fits)."""
    tail_len = min(size, _EOCD_FMT.size + 65535)
    base = size - tail_len
    tail = _read_at(fh, base, tail_len)
    pos = tail.rfind(_EOCD_SIG)
    while pos >= 0:
        if pos + _EOCD_FMT.size <= len(tail):
            record = _EOCD_FMT.unpack_from(tail, pos)
            if record[7] <= len(tail) - pos - _EOCD_FMT.size:
                return base + pos, record
        pos = tail.rfind(_EOCD_SIG, 0, pos)
    return None


def _zip64_end(fh: BinaryIO, eocd_pos: int) -> tuple[int, int, int, int] | None:
    """(record position, entries, cd size, cd offset) from a zip64 end record, if any."""
    locator = _read_at(fh, eocd_pos - _Z64_LOCATOR_FMT.size, _Z64_LOCATOR_FMT.size)
    if len(locator) != _Z64_LOCATOR_FMT.size or not locator.startswith(_Z64_LOCATOR_SIG):
        return None
    _sig, _disk, z64_offset, _disks = _Z64_LOCATOR_FMT.unpack(locator)
    for candidate in (eocd_pos - _Z64_LOCATOR_FMT.size - _Z64_EOCD_FMT.size, z64_offset):
        record = _read_at(fh, candidate, _Z64_EOCD_FMT.size)
        if len(record) == _Z64_EOCD_FMT.size and record.startswith(_Z64_EOCD_SIG):
            fields = _Z64_EOCD_FMT.unpack(record)
            return candidate, fields[7], fields[8], fields[9]
    return None


def _locate_cd(fh: BinaryIO, size: int) -> tuple[int, int, int, int] | None:
    """(cd start, cd size, declared entries, prefix bytes) or None if there is no directory."""
    found = _find_eocd(fh, size)
    if found is None:
        return None
    eocd_pos, record = found
    declared, cd_size, cd_offset, end_pos = record[4], record[5], record[6], eocd_pos
    z64 = _zip64_end(fh, eocd_pos)
    if z64 is not None:
        end_pos, declared, cd_size, cd_offset = z64
    if declared == 0 and cd_size == 0:
        return end_pos, 0, 0, max(0, end_pos - cd_offset)
    start = end_pos - cd_size
    if start >= 0 and _read_at(fh, start, 4) == _CD_SIG:
        return start, cd_size, declared, max(0, start - cd_offset)
    if _read_at(fh, cd_offset, 4) == _CD_SIG:
        return cd_offset, cd_size, declared, 0
    return None


def _read_cd(fh: BinaryIO, size: int, cap: int) -> _ZipDirectory | None:
    """Read at most ``cap`` central-directory entries; None if there is no directory."""
    located = _locate_cd(fh, size)
    if located is None:
        return None
    start, cd_size, declared, prefix = located
    directory = _ZipDirectory(entries=[], declared=declared, prefix=prefix)
    fh.seek(start)
    end = start + cd_size
    pos = start
    while pos < end and len(directory.entries) < cap:
        header = fh.read(_CD_FMT.size)
        if len(header) < _CD_FMT.size or not header.startswith(_CD_SIG):
            if len(directory.entries) < declared:
                directory.problems.append(
                    f"central directory damaged: only {len(directory.entries)} of {declared} entries could be read"
                )
            break
        f = _CD_FMT.unpack(header)
        name_len, extra_len, comment_len = f[12], f[13], f[14]
        rest = fh.read(name_len + extra_len + comment_len)
        if len(rest) < name_len + extra_len + comment_len:
            directory.problems.append(
                f"central directory cut off: only {len(directory.entries)} of {declared} entries could be read"
            )
            break
        entry = _ZipEntry(
            raw_name=rest[:name_len],
            bits=f[5],
            method=f[6],
            crc=f[9],
            csize=f[10],
            usize=f[11],
            header_offset=f[18],
            raw_time=f[7],
            external_attr=f[17],
        )
        _apply_extra(entry, rest[name_len : name_len + extra_len], local=False)
        entry.header_offset += prefix
        directory.entries.append(entry)
        pos += _CD_FMT.size + len(rest)
    return directory


def _read_local(fh: BinaryIO, offset: int) -> tuple[Any, bytes, bytes] | None:
    """The parsed fixed local header, its name and its extra field, or None if unreadable."""
    header = _read_at(fh, offset, _LOCAL_FMT.size)
    if len(header) < _LOCAL_FMT.size or not header.startswith(_LOCAL_SIG):
        return None
    f = _LOCAL_FMT.unpack(header)
    name = fh.read(f[9])
    extra = fh.read(f[10])
    if len(name) < f[9] or len(extra) < f[10]:
        return None
    return f, name, extra


def _entry_from_local(fh: BinaryIO, offset: int) -> _ZipEntry | None:
    """A zip entry built from a local header alone (used when the directory is missing)."""
    parsed = _read_local(fh, offset)
    if parsed is None:
        return None
    f, name, extra = parsed
    bits, csize, usize = f[2], f[7], f[8]
    entry = _ZipEntry(
        raw_name=name,
        bits=bits,
        method=f[3],
        crc=f[6],
        csize=csize,
        usize=usize,
        header_offset=offset,
        raw_time=f[4],
        from_local=True,
        data_start=offset + _LOCAL_FMT.size + len(name) + len(extra),
        local_name=name,
    )
    _apply_extra(entry, extra, local=True)
    if bits & _MASK_DESCRIPTOR and entry.csize == 0 and entry.usize == 0:
        entry.csize = entry.usize = None
    return entry


def _find(fh: BinaryIO, needles: tuple[bytes, ...], start: int) -> tuple[int, bytes] | None:
    """The first position at or after ``start`` holding one of ``needles`` (4 bytes each)."""
    pos = start
    overlap = b""
    while True:
        fh.seek(pos)
        block = fh.read(CHUNK)
        if not block:
            return None
        data = overlap + block
        base = pos - len(overlap)
        hits = [(data.find(n), n) for n in needles]
        hits = [(i, n) for i, n in hits if i >= 0]
        if hits:
            i, needle = min(hits)
            return base + i, needle
        overlap = data[-3:]
        pos += len(block)


def _find_stored_descriptor(fh: BinaryIO, data_start: int) -> int | None:
    """Compressed size of a stored member whose size is only in its data descriptor."""
    pos = data_start
    while True:
        hit = _find(fh, (_DD_SIG, _LOCAL_SIG, _CD_SIG), pos)
        if hit is None:
            return None
        where, sig = hit
        if sig == _DD_SIG:
            body = _read_at(fh, where + 4, 20)
            if len(body) >= 12 and struct.unpack_from("<I", body, 4)[0] == where - data_start:
                return where - data_start
            if len(body) >= 20 and struct.unpack_from("<Q", body, 4)[0] == where - data_start:
                return where - data_start
        else:
            body = _read_at(fh, where - 12, 12)
            if len(body) == 12 and struct.unpack_from("<I", body, 4)[0] == where - 12 - data_start:
                return where - 12 - data_start
        pos = where + 1


# ----------------------------------------------------------------------------------------
# Zip: member data
# ----------------------------------------------------------------------------------------
class _Decoder:
    """Bounded-output decompressor interface used by :class:`_ZipReader`."""

    name = "compressed"
    eof = False

    def decode(self, data: bytes, max_out: int) -> bytes:  # pragma: no cover - interface
        raise NotImplementedError

    def pending(self) -> bool:
        """True while input is buffered that can still produce output without more input."""
        return False

    def leftover(self) -> int:
        """Bytes fed beyond the end of the compressed stream."""
        return 0


class _Inflate(_Decoder):
    name = "deflate"

    def __init__(self) -> None:
        self._d = zlib.decompressobj(-15)
        self._tail = b""

    def decode(self, data: bytes, max_out: int) -> bytes:
        out = self._d.decompress(self._tail + data, max_out)
        self._tail = self._d.unconsumed_tail
        self.eof = self._d.eof
        return out

    def pending(self) -> bool:
        return bool(self._tail)

    def leftover(self) -> int:
        return len(self._d.unused_data) + len(self._tail)


class _Bunzip(_Decoder):
    name = "bzip2"

    def __init__(self) -> None:
        self._d = bz2.BZ2Decompressor()

    def decode(self, data: bytes, max_out: int) -> bytes:
        if self._d.eof:
            return b""
        out = self._d.decompress(data, max_out)
        self.eof = self._d.eof
        return out

    def pending(self) -> bool:
        return not self._d.eof and not self._d.needs_input

    def leftover(self) -> int:
        return len(self._d.unused_data)


class _UnLzma(_Decoder):
    """Zip's LZMA: a 4-byte header (version, properties size), properties, raw LZMA1."""

    name = "lzma"

    def __init__(self) -> None:
        self._header = b""
        self._d: Any = None

    def _start(self) -> bytes:
        if len(self._header) < 4:
            return b""
        props_len = struct.unpack_from("<H", self._header, 2)[0]
        if len(self._header) < 4 + props_len:
            return b""
        props = self._header[4 : 4 + props_len]
        if props_len < 5 or props[0] >= 9 * 5 * 5:
            raise _MemberError("corrupt: lzma properties are invalid", ("corrupt_data",))
        lc, rest = props[0] % 9, props[0] // 9
        lp, pb = rest % 5, rest // 5
        dict_size = struct.unpack_from("<I", props, 1)[0]
        filt = {"id": lzma.FILTER_LZMA1, "lc": lc, "lp": lp, "pb": pb, "dict_size": dict_size}
        self._d = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[filt])
        data = self._header[4 + props_len :]
        self._header = b""
        return data

    def decode(self, data: bytes, max_out: int) -> bytes:
        if self._d is None:
            self._header += data
            data = self._start()
            if self._d is None:
                return b""
        if self._d.eof:
            return b""
        out = self._d.decompress(data, max_out)
        self.eof = self._d.eof
        return out

    def pending(self) -> bool:
        return self._d is not None and not self._d.eof and not self._d.needs_input

    def leftover(self) -> int:
        return len(self._d.unused_data) if self._d is not None else 0


_DECODERS: dict[int, Callable[[], _Decoder]] = {8: _Inflate, 12: _Bunzip, 14: _UnLzma}


def _make_decrypter(entry: _ZipEntry, password: bytes, header: bytes, display: str) -> Any:
    """pyzipper's decrypter for ``entry``; raises _WrongPassword if the password check fails."""
    from pyzipper.zipfile import CRCZipDecrypter
    from pyzipper.zipfile_aes import AESZipDecrypter

    info = SimpleNamespace(
        filename=display,
        use_datadescripter=bool(entry.bits & _MASK_DESCRIPTOR),
        _raw_time=entry.raw_time,
        CRC=entry.crc,
        wz_aes_strength=entry.aes_strength,
    )
    try:
        if entry.is_aes:
            return AESZipDecrypter(info, password, header)
        return CRCZipDecrypter(info, password, header)
    except RuntimeError as exc:
        raise _WrongPassword(str(exc)) from exc


class _ZipReader:
    """Streams one zip member: decrypts, decompresses with bounded output, checks CRC/HMAC.

    Output is not cut at the declared size: every byte the data really produces counts
    (the store's ``max_bytes`` limits it). ``csize=None`` means the size is unknown (a data
    descriptor found while scanning): the compressed stream's own end marks the end.
    """

    def __init__(
        self,
        fh: BinaryIO,
        entry: _ZipEntry,
        display: str,
        password: bytes | None,
    ) -> None:
        assert entry.data_start is not None
        self._fh = fh
        self._entry = entry
        self._pos = entry.data_start
        self._left = entry.csize
        self._fed = 0
        self._decrypter: Any = None
        self._hmac = 0
        self.produced = 0
        self.end: int | None = None  #: file offset just after the member (set at the end)
        self.crc_unverified = False  #: recovered member whose data descriptor is missing
        self._idle = 0
        self._crc = 0
        self._finished = False
        self._need_input = True
        if entry.encrypted:
            self._setup_decryption(display, password)
        factory = _DECODERS.get(entry.real_method)
        self._decoder: _Decoder | None = factory() if factory else None

    def _setup_decryption(self, display: str, password: bytes | None) -> None:
        entry = self._entry
        if password is None:
            raise _WrongPassword("no password")
        if entry.is_aes:
            salt = _AES_SALT.get(entry.aes_strength or 0)
            if salt is None:
                raise _MemberError("corrupt: unknown AES key strength", ("corrupt_data",))
            header = self._take_raw(salt + 2)
            if len(header) < salt + 2:
                raise _MemberError(_TRUNCATED, ("truncated",))
            self._hmac = 10
            if self._left is not None:
                self._left -= self._hmac
        else:
            header = self._take_raw(12)
            if len(header) < 12:
                raise _MemberError(_TRUNCATED, ("truncated",))
        self._decrypter = _make_decrypter(entry, password, header, display)

    # -- compressed input ---------------------------------------------------------------
    def _take_raw(self, n: int) -> bytes:
        if self._left is not None:
            n = min(n, self._left)
            if n <= 0:
                return b""
        data = _read_at(self._fh, self._pos, n)
        if not data and self._left is not None:
            raise _MemberError(_TRUNCATED, ("truncated",))
        self._pos += len(data)
        self._fed += len(data)
        if self._left is not None:
            self._left -= len(data)
        return data

    def _take(self, n: int) -> bytes:
        data = self._take_raw(n)
        if data and self._decrypter is not None:
            data = self._decrypter.decrypt(data)
        return data

    # -- output -------------------------------------------------------------------------
    def read(self, n: int = -1) -> bytes:
        n = n if n and n > 0 else CHUNK
        while not self._finished:
            try:
                out = self._next(n)
            except _MemberError:
                raise
            except Exception as exc:  # noqa: BLE001 - decoder errors are content problems
                name = self._decoder.name if self._decoder else "stored"
                raise _classify(exc, f"{name} data") from exc
            if out:
                self._crc = zlib.crc32(out, self._crc)
                self.produced += len(out)
                return out
        return b""

    def _next(self, n: int) -> bytes:
        decoder = self._decoder
        if decoder is None:
            data = self._take(min(n, CHUNK))
            if not data:
                self._finish()
            return data
        if decoder.eof:
            self._finish()
            return b""
        data = self._take(CHUNK) if self._need_input else b""
        out = decoder.decode(data, n)
        self._need_input = len(out) < n and not decoder.pending()
        self._idle = 0 if out or data else self._idle + 1
        if self._idle > 1000:
            raise _MemberError(f"corrupt: the {decoder.name} data makes no progress", ("corrupt_data",))
        if not out and not data and self._need_input and not decoder.eof:
            if self._left is None:
                raise _MemberError(_TRUNCATED, ("truncated",))
            self._finish()
        return out

    def _finish(self) -> None:
        self._finished = True
        entry = self._entry
        assert entry.data_start is not None
        if entry.csize is not None:
            end = entry.data_start + entry.csize - self._hmac
        else:
            leftover = self._decoder.leftover() if self._decoder else 0
            end = self._pos - leftover
        if self._hmac:
            mac = _read_at(self._fh, end, self._hmac)
            end += len(mac)
            try:
                self._decrypter.check_hmac(mac)
            except Exception as exc:  # noqa: BLE001
                raise _MemberError("corrupt: AES authentication code mismatch", ("hmac_mismatch",)) from exc
        expected: int | None = entry.crc
        if entry.is_aes and entry.aes_version == 2:
            expected = None  # AE-2 stores no CRC; the HMAC protects the data
        if entry.from_local and entry.bits & _MASK_DESCRIPTOR:
            expected, dd_len = self._descriptor(end)
            end += dd_len
            self.crc_unverified = expected is None
        self.end = end
        if expected is not None and (self._crc & _U32) != expected:
            raise _MemberError("corrupt: CRC mismatch", ("crc_mismatch",))

    def _descriptor(self, at: int) -> tuple[int | None, int]:
        """CRC and length of the data descriptor at ``at`` (CRC None if it is missing)."""
        data = _read_at(self._fh, at, 24)
        sig = 4 if data.startswith(_DD_SIG) else 0
        body = data[sig:]
        if len(body) < 4:
            return None, len(data)
        crc = struct.unpack_from("<I", body)[0]
        consumed = at - (self._entry.data_start or 0)
        if len(body) >= 12 and struct.unpack_from("<I", body, 4)[0] == consumed & _U32:
            return crc, sig + 12
        if len(body) >= 20 and struct.unpack_from("<Q", body, 4)[0] == consumed:
            return crc, sig + 20
        return crc, sig + 12


# ----------------------------------------------------------------------------------------
# Zip: walking
# ----------------------------------------------------------------------------------------
def _zip_kind(entry: _ZipEntry) -> str:
    mode = entry.mode
    if stat.S_ISLNK(mode):
        return "symlink"
    if entry.raw_name.endswith(b"/") or stat.S_ISDIR(mode):
        return "dir"
    return "file"


def _zip_name(entry: _ZipEntry) -> NameInfo:
    return describe_name(entry.raw_name, "utf-8" if entry.bits & _MASK_UTF8 else "cp437")


def _encryption_label(entry: _ZipEntry) -> tuple[str, str]:
    if entry.bits & _MASK_STRONG:
        return "PKWARE strong encryption", "strong_encryption"
    if entry.is_aes:
        return "AES", "aes"
    return "ZipCrypto", "zipcrypto"


class _ZipWalker:
    """Walks one zip file (central directory first, local headers as the fallback)."""

    def __init__(self, walk: _Walk, fh: BinaryIO, size: int, passwords: Sequence[bytes]) -> None:
        self.walk = walk
        self.fh = fh
        self.size = size
        self.passwords = list(passwords)

    def run(self) -> None:
        directory = _read_cd(self.fh, self.size, self.walk.cap)
        if directory is None:
            self._scan("central directory missing")
            return
        for sentence in directory.problems:
            self.walk.problem(sentence)
        if directory.prefix:
            self.walk.problem(
                f"{directory.prefix} bytes precede the zip data (e.g. a self-extractor stub); they were not examined",
                incomplete=False,
            )
        if not directory.entries:
            if _read_at(self.fh, 0, 4) == _LOCAL_SIG:
                self._scan("central directory lists no members")
            return
        self._walk_directory(directory)

    # -- central-directory mode ----------------------------------------------------------
    def _walk_directory(self, directory: _ZipDirectory) -> None:
        entries = directory.entries
        for entry in entries:
            parsed = _read_local(self.fh, entry.header_offset)
            if parsed is not None:
                f, name, extra = parsed
                entry.local_name = name
                entry.local_mismatch = f[3] != entry.method or (f[2] ^ entry.bits) & _MASK_ENCRYPTED != 0
                entry.data_start = entry.header_offset + _LOCAL_FMT.size + len(name) + len(extra)
        overlapping = _overlaps(entries)
        if overlapping:
            self.walk.problem(
                f"{len(overlapping)} entries share or overlap their data with another entry "
                "(a known zip-bomb construction)",
                incomplete=False,
            )
        for i, entry in enumerate(entries):
            extra_flags = ["overlapping_entry"] if i in overlapping else []
            member = self._member(entry, extra_flags)
            if member is not None:
                self._extract(member, entry)
        if len(entries) >= self.walk.cap and directory.declared > len(entries):
            self.walk.problem(
                f"{directory.declared - len(entries)} further members were not listed "
                f"(listing stops at {self.walk.cap} members)"
            )
        elif directory.declared != len(entries) and not directory.problems:
            self.walk.problem(
                f"the end record declares {directory.declared} members but the central directory holds {len(entries)}",
                incomplete=False,
            )

    def _member(self, entry: _ZipEntry, flags: list[str]) -> Member | None:
        """List ``entry``; returns the member if it should be extracted."""
        name = _zip_name(entry)
        kind = _zip_kind(entry)
        if kind == "dir" and entry.usize:
            kind = "file"
            flags.append("dir_with_data")
        if entry.from_local:
            flags.append("recovered_from_local_header")
        else:
            if entry.local_name is not None and entry.local_name != entry.raw_name:
                flags.append("name_mismatch")
            if entry.local_mismatch:
                flags.append("header_mismatch")
        if entry.encrypted:
            flags += ["encrypted", _encryption_label(entry)[1]]
        if kind == "symlink":
            flags.append("symlink")
        member, allowed = self.walk.add(name, kind, entry.usize, flags)
        if not allowed or kind == "dir":
            return None
        return member

    def _extract(self, member: Member, entry: _ZipEntry) -> int | None:
        """Store one member; returns the offset after its data when known."""
        if entry.data_start is None:
            self.walk.refuse(
                member,
                f"corrupt: no local header at offset {entry.header_offset}",
                ("bad_local_header",),
            )
            return None
        if entry.encrypted and entry.bits & _MASK_STRONG:
            self.walk.refuse(member, "encrypted (PKWARE strong encryption): not supported")
            return None
        method = entry.real_method
        if method != 0 and method not in _DECODERS:
            label = _METHOD_NAMES.get(method, "unknown")
            self.walk.refuse(
                member, f"unsupported compression method {method} ({label})", ("unsupported_method",)
            )
            return None
        reason = _SYMLINK_REASON if member.kind == "symlink" else None
        if not entry.encrypted:
            return self._store(member, entry, None, reason)
        return self._extract_encrypted(member, entry, reason)

    def _store(self, member: Member, entry: _ZipEntry, password: bytes | None, reason: str | None) -> int | None:
        try:
            reader = _ZipReader(self.fh, entry, member.name.display, password)
        except _MemberError as exc:
            self.walk.refuse(member, exc.reason, exc.flags)
            return None
        if self.walk.store_reader(member, reader, reason=reason):
            self._stored_flags(member, entry, reader)
        return reader.end

    @staticmethod
    def _stored_flags(member: Member, entry: _ZipEntry, reader: _ZipReader) -> None:
        extra = []
        if entry.usize is not None and member.size != entry.usize:
            extra.append("size_mismatch")
        if reader.crc_unverified:
            extra.append("crc_unverified")
        member.flags = _sorted_flags(member.flags, extra)

    def _extract_encrypted(self, member: Member, entry: _ZipEntry, reason: str | None) -> int | None:
        label = _encryption_label(entry)[0]
        if not self.passwords:
            self.walk.refuse(member, f"encrypted ({label}): no password given")
            return None
        if entry.is_aes and entry.csize is None:
            self.walk.refuse(member, "encrypted (AES) with an unknown size: cannot be recovered without the directory")
            return None
        base = member.flags
        failure: tuple[str, tuple[str, ...]] | None = None
        for password in self.passwords:
            member.flags, member.reason = base, None
            try:
                reader = _ZipReader(self.fh, entry, member.name.display, password)
            except _WrongPassword:
                continue
            except _MemberError as exc:
                self.walk.refuse(member, exc.reason, exc.flags)
                return None
            if self.walk.store_reader(member, reader, reason=reason):
                self.walk.password_used = True
                self._stored_flags(member, entry, reader)
                return reader.end
            if "limit_exceeded" in member.flags:
                return None
            failure = (member.reason or "corrupt", member.flags)
        member.flags = base
        if failure is None:
            self.walk.refuse(member, "wrong password")
        else:
            self.walk.refuse(member, f"wrong password or corrupt data ({failure[0]})", failure[1])
        return None

    # -- local-header scanning -------------------------------------------------------------
    def _scan(self, why: str) -> None:
        """Recover members from local headers when the central directory cannot be used."""
        pos = 0
        recovered = cut = 0
        while not self.walk.listing_full:
            hit = _find(self.fh, (_LOCAL_SIG,), pos)
            if hit is None:
                break
            offset = hit[0]
            entry = _entry_from_local(self.fh, offset)
            if entry is None:
                self.walk.problem(f"the archive ends inside a local header at offset {offset}")
                break
            member = self._member(entry, [])
            end = self._scan_member(member, entry)
            if member is not None and member.status == "stored":
                recovered += 1
            if member is not None and "truncated" in member.flags:
                cut += 1
            pos = end if end is not None and end > offset else offset + 4
        if self.walk.listing_full:
            self.walk.problem(f"listing stopped at {self.walk.cap} members")
        if not self.walk.members:
            self.walk.problem(f"{why}; no member could be recovered from local headers", fatal=True)
            return
        sentence = f"{why}: {recovered} members recovered from local headers"
        if cut:
            sentence += f", {cut} cut off"
        self.walk.problem(sentence)

    def _scan_member(self, member: Member | None, entry: _ZipEntry) -> int | None:
        if entry.csize is None and entry.real_method == 0 and entry.data_start is not None:
            entry.csize = _find_stored_descriptor(self.fh, entry.data_start)
            if entry.csize is None:
                if member is not None:
                    self.walk.refuse(
                        member, "truncated: its size is unknown and no data descriptor follows", ("truncated",)
                    )
                return None
        if member is None:
            return self._skip_end(entry)
        end = self._extract(member, entry)
        return end if end is not None else self._skip_end(entry)

    def _skip_end(self, entry: _ZipEntry) -> int | None:
        """Where a member that was not read ends, when that can be known without reading it."""
        if entry.csize is None or entry.data_start is None:
            return None
        end = entry.data_start + entry.csize
        if entry.bits & _MASK_DESCRIPTOR:
            end += 16 if _read_at(self.fh, end, 4) == _DD_SIG else 12
        return end


def _overlaps(entries: list[_ZipEntry]) -> set[int]:
    """Indexes of entries whose local header + data range overlaps another entry's."""
    spans = []
    for i, entry in enumerate(entries):
        if entry.data_start is None:
            continue
        end = entry.data_start + (entry.csize or 0)
        spans.append((entry.header_offset, end, i))
    spans.sort()
    flagged: set[int] = set()
    max_end, owner = -1, -1
    for start, end, i in spans:
        if start < max_end:
            flagged.update((i, owner))
        if end > max_end:
            max_end, owner = end, i
    return flagged


def _walk_zip(walk: _Walk, path: Path, passwords: Sequence[bytes]) -> None:
    with open(path, "rb") as fh:
        size = fh.seek(0, io.SEEK_END)
        _ZipWalker(walk, fh, size, passwords).run()


# ----------------------------------------------------------------------------------------
# 7z
# ----------------------------------------------------------------------------------------
class _Cancelled(Exception):
    """Raised inside py7zr's worker thread to stop it (the consumer failed)."""


class _SevenZipPipe:
    """A bounded queue carrying 7z member bytes from py7zr's worker thread to the store.

    Items: ``("start", key)``, ``("data", key, bytes)``, ``("end", key)``,
    ``("error", keys, exc)`` (a folder failed) and ``("done",)``.
    """

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[Any, ...]] = queue.Queue(maxsize=8)
        self._back: deque[tuple[Any, ...]] = deque()
        self.cancelled = False
        self.discard: int | None = None  #: key whose remaining bytes are dropped

    def put(self, item: tuple[Any, ...]) -> None:
        if self.cancelled and item[0] != "done":
            raise _Cancelled()
        self._queue.put(item)

    def get(self) -> tuple[Any, ...]:
        if self._back:
            return self._back.popleft()
        return self._queue.get()

    def push_back(self, item: tuple[Any, ...]) -> None:
        self._back.appendleft(item)

    def finish(self) -> None:
        """Always delivered last by the worker thread, even after cancellation."""
        self._queue.put(("done",))


def _sink_factory_class() -> type:
    """The py7zr writer factory class (imported lazily so that a broken py7zr only affects 7z)."""
    from py7zr.io import Py7zIO, WriterFactory

    class Sink(Py7zIO):
        """Receives one member's bytes from py7zr and forwards them through the pipe."""

        def __init__(self, pipe: _SevenZipPipe, key: int) -> None:
            self._pipe = pipe
            self._key = key
            self._written = 0

        def write(self, s: bytes | bytearray) -> int:
            view = memoryview(s)
            self._written += len(view)
            if self._pipe.discard == self._key:
                return len(view)
            for i in range(0, len(view), CHUNK):
                self._pipe.put(("data", self._key, bytes(view[i : i + CHUNK])))
            return len(view)

        def read(self, size: int | None = None) -> bytes:
            return b""

        def seek(self, offset: int, whence: int = 0) -> int:
            return 0

        def flush(self) -> None:
            return None

        def size(self) -> int:
            return self._written

        def close(self) -> None:
            self._pipe.put(("end", self._key))

    class Factory(WriterFactory):
        """Creates the sink for one member and announces its start."""

        def __init__(self, pipe: _SevenZipPipe, key: int) -> None:
            self._pipe = pipe
            self._key = key

        def create(self, filename: str) -> Any:
            self._pipe.put(("start", self._key))
            return Sink(self._pipe, self._key)

    return Factory


class _PipeReader:
    """The consumer side of one member: what ``store_stream`` reads."""

    def __init__(self, pipe: _SevenZipPipe, key: int) -> None:
        self._pipe = pipe
        self._key = key
        self.produced = 0
        self.ended = False

    def read(self, n: int = -1) -> bytes:
        while not self.ended:
            item = self._pipe.get()
            if item[0] == "data" and item[1] == self._key:
                self.produced += len(item[2])
                return item[2]
            if item[0] == "end" and item[1] == self._key:
                self.ended = True
                return b""
            if item[0] in ("error", "done", "start"):
                self._pipe.push_back(item)
                self.ended = True
                if item[0] == "error":
                    raise _classify_7z(item[2])
                raise _MemberError("corrupt: the 7z data ends early", ("truncated",))
        return b""

    def drain(self) -> None:
        """Skip the rest of this member (after the store refused it)."""
        while not self.ended:
            item = self._pipe.get()
            if item[0] == "end" and item[1] == self._key:
                self.ended = True
            elif item[0] in ("error", "done", "start"):
                self._pipe.push_back(item)
                self.ended = True


def _7z_kind(f: Any) -> str:
    if f.is_directory:
        return "dir"
    if f.is_symlink:
        return "symlink"
    fmt = f.st_fmt
    if fmt is not None:
        if stat.S_ISCHR(fmt) or stat.S_ISBLK(fmt):
            return "device"
        if stat.S_ISFIFO(fmt):
            return "fifo"
        if stat.S_ISSOCK(fmt):
            return "other"
    return "file"


def _7z_encrypted(f: Any) -> bool:
    from py7zr.compressor import SupportedMethods

    folder = f.folder
    return folder is not None and bool(SupportedMethods.needs_password(folder.coders))


class _SevenZipWalker:
    """Walks a 7z archive with py7zr, one pass per password, storing as it decompresses."""

    def __init__(self, walk: _Walk, path: Path, passwords: Sequence[bytes]) -> None:
        self.walk = walk
        self.path = path
        self.passwords = list(passwords)
        self.header_password: str | None = None
        self.targets: dict[int, Member] = {}  # py7zr file id -> member still to extract
        self.encrypted: set[int] = set()
        self.errors: dict[int, BaseException] = {}
        self.base_flags: dict[int, tuple[str, ...]] = {}

    def _open(self, password: str | None) -> Any:
        import py7zr

        return py7zr.SevenZipFile(self.path, mode="r", password=password)

    def _open_first(self) -> Any:
        """Open the archive, trying the passwords if its file list is encrypted."""
        from py7zr.exceptions import PasswordRequired

        try:
            return self._open(None)
        except PasswordRequired:
            pass
        except Exception as exc:  # noqa: BLE001
            self.walk.problem(f"not a readable 7z archive ({_short(exc)})", fatal=True)
            return None
        for password in self.passwords:
            text = password.decode("utf-8", "replace")
            try:
                archive = self._open(text)
            except Exception:  # noqa: BLE001 - a wrong password shows up as any kind of error
                continue
            self.header_password = text
            self.walk.password_used = True
            return archive
        if self.passwords:
            self.walk.problem(
                f"the 7z file list is encrypted and none of the {len(self.passwords)} supplied passwords opens it"
            )
        else:
            self.walk.problem("the 7z file list is encrypted: no password given")
        self.walk.locked = True
        return None

    def run(self) -> None:
        archive = self._open_first()
        if archive is None:
            return
        try:
            files = list(archive.files)
            self._list(files)
        finally:
            archive.close()
        if self.header_password is not None:
            self._pass(self.header_password, set(self.targets))
        else:
            self._pass(None, {k for k in self.targets if k not in self.encrypted})
            for password in self.passwords:
                wanted = {k for k in self.targets if k in self.encrypted}
                if not wanted:
                    break
                self._pass(password.decode("utf-8", "replace"), wanted)
        self._leftovers()

    def _list(self, files: list[Any]) -> None:
        for f in files:
            if self.walk.listing_full:
                self.walk.problem(
                    f"{len(files) - len(self.walk.members)} further members were not listed "
                    f"(listing stops at {self.walk.cap} members)"
                )
                break
            raw = (f.filename or "").encode("utf-8", "surrogatepass")
            name = describe_name(raw, "utf-8")
            kind = _7z_kind(f)
            flags: list[str] = []
            encrypted = _7z_encrypted(f) or self.header_password is not None
            if encrypted:
                flags += ["encrypted", "aes"]
            if kind == "symlink":
                flags.append("symlink")
            member, allowed = self.walk.add(name, kind, f.uncompressed, flags)
            if not allowed or kind == "dir":
                continue
            if kind not in _CONTENT_KINDS:
                self.walk.refuse(member, f"{kind} entry: no content")
                continue
            limit, limit_reason = self.walk.byte_limit()
            if (f.uncompressed or 0) > limit:
                self.walk.refuse(member, limit_reason, ("limit_exceeded",))
                continue
            self.targets[f.id] = member
            if encrypted:
                self.encrypted.add(f.id)
        # flags as listed (duplicates known); restored before each extraction attempt
        self.base_flags = {key: member.flags for key, member in self.targets.items()}

    def _pass(self, password: str | None, wanted: set[int]) -> None:
        """One py7zr extraction of the ``wanted`` members, streamed into the store."""
        if not wanted:
            return
        try:
            archive = self._open(password)
        except Exception as exc:  # noqa: BLE001
            for key in wanted:
                self.errors[key] = exc
            return
        try:
            self._extract(archive, wanted, password is not None)
        finally:
            archive.close()

    def _jobs(self, archive: Any, wanted: set[int]) -> list[tuple[Any, int, int]]:
        """(files, start, end) per py7zr folder holding a wanted member (mirrors Worker.extract)."""
        worker = archive.worker
        streams = getattr(archive.header, "main_streams", None)
        empty = [f for f in archive.files if f.emptystream]
        if streams is None:
            return [(empty, 0, 0)]
        positions = streams.packinfo.packpositions
        start = worker.src_start
        if streams.unpackinfo.numfolders == 1:
            return [(archive.files, start, start + positions[-1])]
        jobs: list[tuple[Any, int, int]] = [(empty, 0, 0)]
        for i, folder in enumerate(streams.unpackinfo.folders):
            files = folder.files or []
            if any(f.id in wanted for f in files):
                jobs.append((files, start + positions[i], start + positions[i + 1]))
        return jobs

    def _extract(self, archive: Any, wanted: set[int], with_password: bool) -> None:
        from py7zr.io import MemIO

        factory = _sink_factory_class()
        pipe = _SevenZipPipe()
        archive.reset()
        worker = archive.worker
        for f in archive.files:
            key = f.id
            target = MemIO(f.filename or "", factory(pipe, key)) if key in wanted else None
            worker.register_filelike(key, target)
        worker.max_extract_size = max(1, self.walk.budget.max_total_bytes - self.walk.budget.produced)
        jobs = self._jobs(archive, wanted)
        thread = threading.Thread(target=_produce_7z, args=(archive, jobs, pipe), daemon=True)
        thread.start()
        try:
            self._consume(pipe, with_password)
        except BaseException:
            pipe.cancelled = True
            _drain(pipe)
            thread.join()
            raise
        thread.join()

    def _consume(self, pipe: _SevenZipPipe, with_password: bool) -> None:
        while True:
            item = pipe.get()
            if item[0] == "done":
                return
            if item[0] == "error":
                for key in item[1]:
                    self.errors.setdefault(key, item[2])
                continue
            if item[0] != "start" or item[1] not in self.targets:
                continue
            key = item[1]
            member = self.targets[key]
            member.flags, member.reason = self.base_flags[key], None  # forget a failed earlier pass
            reader = _PipeReader(pipe, key)
            reason = _SYMLINK_REASON if member.kind == "symlink" else None
            if self.walk.store_reader(member, reader, exact_size=member.declared_size, reason=reason):
                del self.targets[key]
                self.errors.pop(key, None)
                if with_password and key in self.encrypted:
                    self.walk.password_used = True
                continue
            pipe.discard = key
            reader.drain()
            password_problem = key in self.encrypted and self.header_password is None
            if not password_problem or "limit_exceeded" in member.flags:
                del self.targets[key]  # final: not a password problem

    def _leftovers(self) -> None:
        """Members no pass could store."""
        for key, member in list(self.targets.items()):
            error = self.errors.get(key)
            member.flags, member.reason = self.base_flags.get(key, member.flags), None
            if key in self.encrypted and self.header_password is None:
                if not self.passwords:
                    self.walk.refuse(member, "encrypted (7z AES): no password given")
                else:
                    self.walk.refuse(member, "wrong password")
            elif error is not None:
                failure = _classify_7z(error)
                self.walk.refuse(member, failure.reason, failure.flags)
            elif member.reason is None:
                self.walk.refuse(member, "corrupt: the 7z library produced no data for it", ("corrupt_data",))
        self.targets.clear()
        failed = {
            type(error).__name__
            for key, error in self.errors.items()
            if key not in self.encrypted or self.header_password is not None
        }
        if failed:
            self.walk.problem(f"the 7z library reported errors while decompressing ({', '.join(sorted(failed))})")


def _classify_7z(exc: BaseException) -> _MemberError:
    from py7zr.exceptions import CrcError, DecompressionBombError

    if isinstance(exc, DecompressionBombError):
        return _MemberError("over the total byte limit for the package", ("limit_exceeded",))
    if isinstance(exc, CrcError):
        return _MemberError("corrupt: CRC mismatch", ("crc_mismatch",))
    return _classify(exc, "7z data")


def _produce_7z(archive: Any, jobs: list[tuple[Any, int, int]], pipe: _SevenZipPipe) -> None:
    """Worker thread: run py7zr folder by folder so that one bad folder spares the others."""
    try:
        for files, start, end in jobs:
            if pipe.cancelled:
                break
            try:
                archive.worker.extract_single(archive.fp, files, None, start, end, None)
            except _Cancelled:
                break
            except Exception as exc:  # noqa: BLE001 - reported to the consumer
                if pipe.cancelled:
                    break
                pipe.put(("error", [f.id for f in files], exc))
    except _Cancelled:
        pass
    finally:
        pipe.finish()


def _drain(pipe: _SevenZipPipe) -> None:
    """After a failure on the consumer side: empty the queue until the worker finishes."""
    while True:
        item = pipe.get()
        if item[0] == "done":
            return


def _walk_7z(walk: _Walk, path: Path, passwords: Sequence[bytes]) -> None:
    _SevenZipWalker(walk, path, passwords).run()


# ----------------------------------------------------------------------------------------
# tar
# ----------------------------------------------------------------------------------------
class _TracingTarInfo(tarfile.TarInfo):
    """Remembers why tarfile stopped reading headers (it stops silently on some errors)."""

    @classmethod
    def fromtarfile(cls, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:  # type: ignore[override]
        try:
            return super().fromtarfile(tarfile_)
        except tarfile.HeaderError as exc:
            tarfile_._returns_stop = exc  # type: ignore[attr-defined]
            raise


def _tar_kind(ti: tarfile.TarInfo) -> str:
    if ti.isreg():
        return "file"
    if ti.isdir():
        return "dir"
    if ti.issym():
        return "symlink"
    if ti.islnk():
        return "hardlink"
    if ti.ischr() or ti.isblk():
        return "device"
    if ti.isfifo():
        return "fifo"
    return "other"


def _tar_raw(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _walk_tar(walk: _Walk, path: Path) -> None:
    with open(path, "rb") as fh:
        try:
            tf = tarfile.open(
                fileobj=fh, mode="r|*", tarinfo=_TracingTarInfo, encoding="utf-8", errors="surrogateescape"
            )
        except Exception as exc:  # noqa: BLE001
            walk.problem(f"not a readable tar archive ({_short(exc)})", fatal=True)
            return
        with tf:
            _tar_members(walk, tf)


def _tar_members(walk: _Walk, tf: tarfile.TarFile) -> None:
    while True:
        if walk.listing_full:
            walk.problem(f"listing stopped at {walk.cap} members; the rest of the archive was not read")
            return
        try:
            ti = tf.next()
        except Exception as exc:  # noqa: BLE001
            walk.problem(
                f"the tar stream could not be read past member {len(walk.members)} ({_short(exc)}); "
                "members read so far were kept"
            )
            return
        if ti is None:
            _tar_end(walk, tf)
            return
        tf.members.clear()  # streaming: do not accumulate every TarInfo in memory
        _tar_member(walk, tf, ti)


def _tar_end(walk: _Walk, tf: tarfile.TarFile) -> None:
    """Explain a silent stop: tarfile returns None for truncated or invalid later headers."""
    stop = getattr(tf, "_returns_stop", None)
    if stop is None or isinstance(stop, tarfile.EOFHeaderError):
        return
    if isinstance(stop, tarfile.EmptyHeaderError):
        walk.problem("the tar archive has no end-of-archive marker (it may have been cut at a member boundary)")
    elif isinstance(stop, tarfile.TruncatedHeaderError):
        walk.problem(f"the tar archive is truncated inside a header after {len(walk.members)} members")
    else:
        walk.problem(
            f"an invalid tar header follows member {len(walk.members)} ({_short(stop)}); reading stopped there"
        )


def _tar_member(walk: _Walk, tf: tarfile.TarFile, ti: tarfile.TarInfo) -> None:
    kind = _tar_kind(ti)
    name = describe_name(_tar_raw(ti.name), "utf-8")
    target = describe_name(_tar_raw(ti.linkname), "utf-8") if kind in ("symlink", "hardlink") else None
    flags: list[str] = []
    if target is not None:
        flags += _link_flags(target)
        if kind == "hardlink":
            flags = [f for f in flags if f != "symlink"] + ["hardlink"]
    declared = ti.size if kind == "file" else None
    member, allowed = walk.add(name, kind, declared, flags)
    if not allowed or kind == "dir":
        return
    if kind == "file":
        stream = tf.extractfile(ti)
        walk.store_reader(member, _GuardedReader(stream, "tar data"), exact_size=ti.size)
    elif kind == "symlink" and target is not None:
        walk.store_bytes(member, target.raw, _SYMLINK_REASON)
    elif kind == "hardlink" and target is not None:
        walk.refuse(member, f"hard link to '{target.display}': its content is that member's, not stored again")
    elif kind == "device":
        walk.refuse(member, "device file: no content")
    elif kind == "fifo":
        walk.refuse(member, "FIFO (named pipe): no content")
    else:
        walk.refuse(member, f"unsupported tar entry type {escape_text(ti.type.decode('latin-1'))!r}: not expanded")


# ----------------------------------------------------------------------------------------
# gzip / bzip2 / xz holding one file
# ----------------------------------------------------------------------------------------
_SINGLE_SUFFIXES = {
    "gzip": (".gz", ".gzip", ".z"),
    "bzip2": (".bz2", ".bzip2", ".bz"),
    "xz": (".xz", ".lzma"),
}
_SINGLE_OPENERS: dict[str, Callable[[Path], Any]] = {
    "gzip": lambda p: gzip.open(p, "rb"),
    "bzip2": lambda p: bz2.open(p, "rb"),
    "xz": lambda p: lzma.open(p, "rb"),
}


def _gzip_fname(path: Path) -> bytes | None:
    """The FNAME field of a gzip header (RFC 1952), if present."""
    with open(path, "rb") as fh:
        head = fh.read(10)
        if len(head) < 10 or head[:2] != b"\x1f\x8b" or not head[3] & 0x08:
            return None
        if head[3] & 0x04:
            xlen = fh.read(2)
            if len(xlen) < 2:
                return None
            fh.seek(struct.unpack("<H", xlen)[0], io.SEEK_CUR)
        name = bytearray()
        while len(name) < 4096:
            byte = fh.read(1)
            if not byte or byte == b"\0":
                return bytes(name) if byte else None
            name += byte
        return bytes(name)


def _single_name(path: Path, archive_type: str, outer_name: str) -> NameInfo:
    if archive_type == "gzip":
        fname = _gzip_fname(path)
        if fname is not None:
            return describe_name(fname, "latin-1")
    name = outer_name
    for suffix in _SINGLE_SUFFIXES[archive_type]:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return describe_name(name.encode("utf-8", "surrogateescape"), "utf-8")


def _walk_single(walk: _Walk, path: Path, archive_type: str, outer_name: str) -> None:
    name = _single_name(path, archive_type, outer_name)
    member, allowed = walk.add(name, "file", None)
    if not allowed:
        return
    with _SINGLE_OPENERS[archive_type](path) as stream:
        stored = walk.store_reader(member, _GuardedReader(stream, f"{archive_type} data"))
    if not stored and "limit_exceeded" not in member.flags:
        walk.problem(f"the {archive_type} stream could not be decompressed ({member.reason})", fatal=True)


# ----------------------------------------------------------------------------------------
# e-mail: a message's attachments, an mbox's messages
# ----------------------------------------------------------------------------------------
class _RegionReader:
    """Reads ``fh[start:end]`` in chunks (an mbox message streamed into the store)."""

    def __init__(self, fh: BinaryIO, start: int, end: int) -> None:
        self._fh, self._pos, self._end = fh, start, end
        self.produced = 0

    def read(self, n: int = -1) -> bytes:
        n = min(n if n and n > 0 else CHUNK, self._end - self._pos)
        if n <= 0:
            return b""
        self._fh.seek(self._pos)
        data = self._fh.read(n)
        self._pos += len(data)
        self.produced += len(data)
        return data


def _walk_mbox(walk: _Walk, path: Path) -> None:
    with open(path, "rb") as fh:
        regions, stopped, preamble = mail.mbox_regions(fh, walk.cap)
        if not regions:
            walk.problem("not a readable mbox: no 'From ' separator line was found", fatal=True)
            return
        if preamble:
            walk.problem(f"{preamble} bytes before the first 'From ' separator line are not part of any message "
                         "(kept in the mbox file)", incomplete=False)
        width = max(4, len(str(len(regions))))
        for i, (start, end) in enumerate(regions, start=1):
            name = describe_name(f"message-{i:0{width}d}.eml".encode("ascii"), "utf-8")
            member, allowed = walk.add(name, "file", None)
            if allowed:
                walk.store_reader(member, _RegionReader(fh, start, end), exact_size=end - start)
        if stopped:
            walk.problem(f"listing stopped at {walk.cap} messages; the rest of the mbox was not read")


def _walk_eml(walk: _Walk, path: Path) -> None:
    size = path.stat().st_size
    if size > mail.MAX_MESSAGE_BYTES:
        walk.problem(f"the message is {_fmt_size(size)}, larger than the {_fmt_size(mail.MAX_MESSAGE_BYTES)} read "
                     "as a message: kept, its attachments not opened", fatal=True)
        return
    data = path.read_bytes()
    parsed = mail.parse_message(data)
    if not parsed.headers:
        walk.problem("not a readable message: it does not start with header fields", fatal=True)
        return
    for problem in parsed.problems:
        walk.problem(problem.sentence, incomplete=problem.incomplete)
    for part in parsed.attachments():
        if walk.listing_full:
            walk.problem(f"listing stopped at {walk.cap} attachments; the rest of the message was not read")
            return
        name = describe_name(part.member_name().encode("utf-8", "surrogateescape"), "utf-8")
        member, allowed = walk.add(name, "file", None)
        if not allowed:
            continue
        decoded = mail.decode_part(data, part)
        reason = None
        if decoded.problem is not None:
            reason = f"{decoded.problem}; stored as far as it decodes ({len(decoded.data)} bytes)"
            member.flags = _sorted_flags(member.flags, (decoded.flag or "corrupt_data",))
        if walk.store_bytes(member, decoded.data, reason) and decoded.problem is not None:
            walk.problem(f"attachment '{name.display}' ({part.label()}): {decoded.problem}; "
                         f"stored as far as it decodes ({len(decoded.data)} bytes)")


def _walk_msg(walk: _Walk, path: Path) -> None:
    size = path.stat().st_size
    if size > mail.MAX_MESSAGE_BYTES:
        walk.problem(f"the message is {_fmt_size(size)}, larger than the {_fmt_size(mail.MAX_MESSAGE_BYTES)} read "
                     "as a message: kept, its attachments not opened", fatal=True)
        return
    try:
        reader = mail.MsgReader(str(path))
        attachments = reader.attachments()
    except Exception as exc:  # noqa: BLE001 - a damaged OLE file
        walk.problem(f"not a readable Outlook message ({_short(exc)})", fatal=True)
        return
    try:
        for att in attachments:
            if walk.listing_full:
                walk.problem(f"listing stopped at {walk.cap} attachments; the rest of the message was not read")
                return
            name = describe_name(att.member_name().encode("utf-8", "surrogateescape"), "utf-8")
            member, allowed = walk.add(name, "file", None)
            if not allowed:
                continue
            if att.data_stream is None:
                _refuse_msg_attachment(walk, member, att)
                continue
            try:
                data = reader.read(att.data_stream)
            except Exception as exc:  # noqa: BLE001 - a damaged stream
                walk.refuse(member, f"unreadable: {_short(exc)}", ("read_error",))
                walk.problem(f"{att.label()} could not be read ({_short(exc)})")
                continue
            walk.store_bytes(member, data)
    finally:
        reader.close()


def _refuse_msg_attachment(walk: _Walk, member: Member, att: "mail.MsgAttachment") -> None:
    if att.method in (5, 6):
        walk.refuse(member, f"{att.label()}: held inside the .msg as an OLE storage; listed, not stored as a "
                            "separate file (it stays in the stored .msg)")
    else:
        walk.refuse(member, f"{att.label()}: the message holds no data for it")


# ----------------------------------------------------------------------------------------
# Sniffing
# ----------------------------------------------------------------------------------------
_7Z_MAGIC = b"7z\xbc\xaf\x27\x1c"
_XZ_MAGIC = b"\xfd7zXZ\x00"


def _looks_like_tar(block: bytes) -> bool:
    """A 512-byte block that is a valid tar header (checksum included)."""
    if len(block) < tarfile.BLOCKSIZE:
        return False
    try:
        tarfile.TarInfo.frombuf(block[: tarfile.BLOCKSIZE], "utf-8", "surrogateescape")
    except Exception:  # noqa: BLE001
        return False
    return True


def _compressed_tar(path: Path, kind: str) -> bool:
    try:
        with _SINGLE_OPENERS[kind](path) as stream:
            return _looks_like_tar(stream.read(tarfile.BLOCKSIZE))
    except Exception:  # noqa: BLE001
        return False


def _zip_is_document(fh: BinaryIO, size: int) -> bool:
    """Office Open XML, ODF/EPUB, jar and apk files are zips but documents, not archives."""
    try:
        directory = _read_cd(fh, size, cap=5000)
    except Exception:  # noqa: BLE001
        directory = None
    if directory is not None and directory.entries:
        return any(e.raw_name in _DOCUMENT_MEMBERS for e in directory.entries)
    first = _read_local(fh, 0)
    return first is not None and first[1] in _DOCUMENT_MEMBERS


def sniff_archive(path: Path) -> str | None:
    """The archive type of ``path`` from its content (never its name), or None.

    Zip-based documents (xlsx/docx, ODF, jar/apk) are not archives. A gzip/bzip2/xz file
    whose content is a tar is ``"tar"``. An e-mail message is ``"eml"``, a mailbox ``"mbox"``
    (see :func:`pipeline.mail.sniff_mail`), an Outlook message ``"msg"``.
    """
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, io.SEEK_END)
            head = _read_at(fh, 0, tarfile.BLOCKSIZE)
            if head.startswith(_7Z_MAGIC):
                return "7z"
            if head.startswith(mail.OLE_MAGIC) and mail.is_msg(str(path), head):
                return "msg"
            if head.startswith((_LOCAL_SIG, _EOCD_SIG, b"PK\x07\x08PK\x03\x04", b"PK00PK\x03\x04")):
                return None if _zip_is_document(fh, size) else "zip"
            if head.startswith(b"\x1f\x8b"):
                return "tar" if _compressed_tar(path, "gzip") else "gzip"
            if head[:3] == b"BZh" and head[3:4].isdigit() and head[3:4] != b"0":
                return "tar" if _compressed_tar(path, "bzip2") else "bzip2"
            if head.startswith(_XZ_MAGIC):
                return "tar" if _compressed_tar(path, "xz") else "xz"
            if _looks_like_tar(head):
                return "tar"
            mail_type = mail.sniff_mail(_read_at(fh, 0, mail.SNIFF_BYTES))
            if mail_type is not None:
                return mail_type
            if size > _EOCD_FMT.size and _locate_cd(fh, size) is not None:
                return None if _zip_is_document(fh, size) else "zip"
    except OSError:
        return None
    return None


# ----------------------------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------------------------
def walk_archive(
    path: Path,
    archive_type: str,
    store: EvidenceStore,
    budget: Budget,
    passwords: Sequence[bytes] = (),
    *,
    outer_name: str = "",
) -> WalkResult:
    """List ``path`` (an archive of ``archive_type``) and store each member's content.

    ``outer_name`` is the archive's own display name, used to name the single member of a
    gzip/bzip2/xz file that has no name inside. Passwords are tried in order and never
    logged. Never raises for bad archive content; see the module docstring.
    """
    if archive_type not in ARCHIVE_TYPES:
        raise ValueError(f"unknown archive type {archive_type!r}")
    walk = _Walk(archive_type, store, budget)
    try:
        if archive_type == "zip":
            _walk_zip(walk, Path(path), passwords)
        elif archive_type == "7z":
            _walk_7z(walk, Path(path), passwords)
        elif archive_type == "tar":
            _walk_tar(walk, Path(path))
        elif archive_type == "eml":
            _walk_eml(walk, Path(path))
        elif archive_type == "mbox":
            _walk_mbox(walk, Path(path))
        elif archive_type == "msg":
            _walk_msg(walk, Path(path))
        else:
            _walk_single(walk, Path(path), archive_type, outer_name)
    except ReturnsError:
        raise
    except _StoreFailure as exc:
        raise exc.original from None
    except Exception as exc:  # noqa: BLE001 - last line of defence for hostile content
        walk.problem(f"reading stopped by an unexpected error ({type(exc).__name__}: {_short(exc)})")
    return walk.result()

