"""E-mail containers read from their bytes: RFC 5322 messages (with MIME parts) and mbox files.

Shared by the archive walker (:mod:`pipeline.archives`: a message's attachments and an mbox's
messages become members) and by the e-mail extractor (:mod:`extractors.email`: headers, body,
the list of attachments). Both read the same structure with the same decoder, so the SHA-256
an attachment fact names is the SHA-256 of the member stored for it.

Everything is read from the stored bytes with its byte offsets kept (headers, part headers,
part bodies), so every statement can point at the place it was read. Nothing here raises for
bad content: what is wrong becomes a :class:`MailProblem` sentence or a decoding flag.

* **Sniffing** (:func:`sniff_mail`) looks at content, never the name: an mbox starts with a
  ``From <sender> <asctime>`` separator line followed by header fields; a message starts with
  a well-formed header block (every line a field or a folded continuation, up to a blank line)
  holding ``From:`` with an address and at least one field only messages carry
  (``Message-ID``, ``MIME-Version``, ``Received``, ``Return-Path``, ``DKIM-Signature`` ...) or
  an RFC 5322 ``Date``. Prose that merely starts with ``From:`` is not a message.
* **Parts** follow RFC 2045/2046: a multipart body is split on its boundary lines (the line
  break before a delimiter belongs to the delimiter); parts are numbered like IMAP sections
  (``1``, ``2``, ``2.1``); a ``message/rfc822`` part is a leaf (it is stored as a nested
  message and read on its own).
* **Attachments** are the leaves that are not inline body text: attached messages, parts with
  ``Content-Disposition: attachment`` or a file name, and any non-text leaf. Inline
  ``text/plain`` and ``text/html`` without a file name are the body.
* **Decoding** (:func:`decode_part`) undoes base64 and quoted-printable. Broken base64 is
  decoded as far as it goes and flagged (``truncated`` or ``corrupt_data``), never dropped.
* **mbox** (:func:`mbox_regions`): a separator is a line starting ``From `` whose shape is an
  mbox envelope line (sender, weekday, month, day, time); a message runs from the line after
  it to the next separator, less the one blank line that ends it. ``>From`` quoting is kept
  as stored (the bytes are the evidence).
"""

from __future__ import annotations

import binascii
import struct
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message as _EmailMessage
from email.parser import BytesHeaderParser
from typing import BinaryIO, Iterator

from .names import escape_text

#: messages larger than this are kept but not parsed (the e-mail library reads a message whole)
MAX_MESSAGE_BYTES = 256 * 2**20
#: parts read per message (a pathological message cannot exhaust memory or time)
MAX_PARTS = 10_000
#: multipart nesting read per message
MAX_DEPTH = 32
#: bytes examined to decide whether a file is a message or an mbox
SNIFF_BYTES = 64 * 1024

_FIELD = re.compile(rb"([!-9;-~]+)[ \t]*:")
_FROM_LINE = re.compile(rb"From [^ \t\r\n]*[ \t]+[A-Z][a-z]{2},?[ \t]+[A-Z][a-z]{2}[ \t]+\d{1,2}[ \t]+\d{1,2}:\d{2}")
_RFC_DATE = re.compile(r"\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_ADDRESS = re.compile(rb"[^\s<>@]+@[^\s<>@]+")
#: header fields only e-mail messages carry (one is enough, with a From: address)
_MAIL_ONLY_FIELDS = frozenset(
    {b"message-id", b"mime-version", b"received", b"return-path", b"dkim-signature", b"arc-seal",
     b"delivered-to", b"x-mailer", b"in-reply-to", b"references", b"content-transfer-encoding"}
)
_LINE = re.compile(rb"[^\r\n]*(\r\n|\r|\n|)")
#: bytes of a 'From ' line examined to decide whether it is an mbox separator
_MAX_SEPARATOR = 64 * 1024
_B64_SPACE = re.compile(rb"[ \t\r\n]+")
_B64_BAD = re.compile(rb"[^A-Za-z0-9+/=]")
_IDENTITY_ENCODINGS = ("7bit", "8bit", "binary", "")
#: file name extensions for unnamed attachments (fixed: the system's mime.types must not change names)
_EXTENSIONS = {
    "application/pdf": ".pdf", "text/csv": ".csv", "text/plain": ".txt", "text/html": ".html", "text/xml": ".xml",
    "application/xml": ".xml", "application/json": ".json", "application/zip": ".zip", "application/gzip": ".gz",
    "application/x-7z-compressed": ".7z", "image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
    "image/tiff": ".tif", "application/msword": ".doc", "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx", "text/calendar": ".ics",
    "text/vcard": ".vcf", "text/x-vcard": ".vcf", "message/rfc822": ".eml", "message/global": ".eml",
    "message/delivery-status": ".txt", "application/vnd.ms-outlook": ".msg",
}


# ----------------------------------------------------------------------------------------
# Lines
# ----------------------------------------------------------------------------------------
def iter_lines(data: bytes, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, int]]:
    """(line start, end of its text, start of the next line) for each line in ``data[start:end]``.

    CR, LF and CRLF end a line (as in :class:`extractors.base.DecodedText`).
    """
    end = len(data) if end is None else end
    pos = start
    while pos < end:
        m = _LINE.match(data, pos, end)
        assert m is not None
        nxt = m.end()
        if nxt == pos:
            break
        yield pos, m.start(1), nxt
        pos = nxt


class LineCounter:
    """1-based line numbers of byte offsets (line starts) in one file, counted incrementally."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._offset = 0
        self._line = 1

    def line_of(self, offset: int) -> int:
        if offset < self._offset:
            self._offset, self._line = 0, 1
        d = self.data
        a, b = self._offset, offset
        ends = d.count(b"\n", a, b) + d.count(b"\r", a, b) - d.count(b"\r\n", a, b)
        self._offset, self._line = offset, self._line + ends
        return self._line


# ----------------------------------------------------------------------------------------
# Sniffing
# ----------------------------------------------------------------------------------------
def _header_fields(head: bytes, start: int) -> dict[bytes, list[bytes]] | None:
    """The fields of a well-formed header block starting at ``start``, or None."""
    fields: dict[bytes, list[bytes]] = {}
    current: bytes | None = None
    for pos, text_end, _nxt in iter_lines(head, start):
        line = head[pos:text_end]
        if not line:
            return fields
        if line[:1] in (b" ", b"\t"):
            if current is None:
                return None
            fields[current][-1] += b" " + line.strip()
            continue
        m = _FIELD.match(line)
        if m is None:
            return None
        current = m.group(1).lower()
        fields.setdefault(current, []).append(line[m.end():].strip())
    return fields  # the sample ended inside the header block


def _is_message_header(fields: dict[bytes, list[bytes]] | None) -> bool:
    if not fields:
        return False
    sender = b" ".join(fields.get(b"from", []) + fields.get(b"sender", []))
    if not _ADDRESS.search(sender):
        return False
    if _MAIL_ONLY_FIELDS & fields.keys():
        return True
    return any(_RFC_DATE.match(v.decode("latin-1")) for v in fields.get(b"date", []))


def sniff_mail(head: bytes) -> str | None:
    """``'mbox'``, ``'eml'`` or None for the first bytes of a file (never raises)."""
    try:
        if head.startswith(b"From ") and _FROM_LINE.match(head):
            nl = head.find(b"\n")
            if nl < 0:
                return None
            fields = _header_fields(head, nl + 1)
            return "mbox" if fields else None
        if _FIELD.match(head) and _is_message_header(_header_fields(head, 0)):
            return "eml"
    except Exception:  # noqa: BLE001 - sniffing never raises
        return None
    return None


# ----------------------------------------------------------------------------------------
# Structure
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Header:
    """One header field as printed: its name and its lines (folded lines included)."""

    name: str
    offset: int  #: byte offset of its first line in the file
    end: int  #: byte offset just after its text (the last line ending excluded)
    raw: bytes

    @property
    def raw_value(self) -> bytes:
        """The bytes after the colon, unfolded (line breaks of folded lines removed)."""
        value = self.raw.split(b":", 1)[1] if b":" in self.raw else b""
        return re.sub(rb"\r\n|\r|\n", b"", value).strip()


@dataclass(frozen=True)
class MailProblem:
    """Something wrong with a message's structure; ``incomplete``: content may be missing."""

    sentence: str
    incomplete: bool


@dataclass
class Part:
    """One MIME part (the top-level message body is part ``1`` unless it is multipart)."""

    number: str  #: IMAP-style section number; '' for a top-level multipart container
    start: int  #: first byte of its header block
    body_start: int
    body_end: int
    headers: list[Header]
    content_type: str = "text/plain"  #: lower-case type/subtype
    charset: str | None = None
    boundary: str | None = None
    filename: str | None = None  #: decoded (RFC 2231 / encoded words); None when not given
    disposition: str | None = None
    transfer_encoding: str = "7bit"  #: lower-case
    children: list["Part"] = field(default_factory=list)
    unterminated: bool = False  #: the message ends before this part's closing boundary
    alternative: bool = False  #: a direct child of multipart/alternative

    @property
    def is_multipart(self) -> bool:
        return bool(self.children)

    def label(self) -> str:
        """How a locator names it: ``part 2 (application/pdf, base64)``."""
        enc = "" if self.transfer_encoding in _IDENTITY_ENCODINGS else f", {self.transfer_encoding}"
        return f"part {self.number} ({self.content_type}{enc})" if self.number else f"the message ({self.content_type})"

    @property
    def encoded(self) -> bool:
        """The body bytes are not the content bytes (base64, quoted-printable ...)."""
        return self.transfer_encoding not in _IDENTITY_ENCODINGS

    def leaves(self) -> Iterator["Part"]:
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()

    @property
    def is_attachment(self) -> bool:
        """A leaf that becomes a member (not inline body text)."""
        if self.children:
            return False
        if self.content_type.startswith("message/") or self.disposition == "attachment":
            return True
        if self.filename is not None and self.filename.strip():
            return True
        return self.content_type not in ("text/plain", "text/html")

    def member_name(self) -> str:
        """The attachment's file name as given, else ``part-<number><ext>``."""
        if self.filename is not None and self.filename.strip():
            return self.filename
        return f"part-{self.number or '1'}{_EXTENSIONS.get(self.content_type, '.bin')}"


@dataclass
class ParsedMessage:
    data: bytes
    envelope: bytes | None  #: an mbox ``From `` line at the very top, if any
    headers: list[Header]
    root: Part
    problems: list[MailProblem]

    def header(self, name: str) -> list[Header]:
        key = name.lower()
        return [h for h in self.headers if h.name.lower() == key]

    def leaves(self) -> list[Part]:
        return list(self.root.leaves())

    def attachments(self) -> list[Part]:
        return [p for p in self.root.leaves() if p.is_attachment]

    def body_parts(self) -> list[Part]:
        """Inline text parts; in a multipart/alternative, text/plain is preferred over text/html."""
        out: list[Part] = []
        self._body(self.root, out)
        return out

    def _body(self, part: Part, out: list[Part]) -> None:
        if not part.children:
            if not part.is_attachment:
                out.append(part)
            return
        if part.content_type == "multipart/alternative":
            plain = [c for c in part.children if not c.children and not c.is_attachment and c.content_type == "text/plain"]
            if plain:
                out.extend(plain)
                return
        for child in part.children:
            self._body(child, out)


def _read_headers(data: bytes, start: int, end: int, top: bool, problems: list[MailProblem],
                  counter: LineCounter) -> tuple[list[Header], int, bytes | None]:
    """(fields, body start, mbox envelope line) of the header block starting at ``start``."""
    headers: list[Header] = []
    envelope: bytes | None = None
    cur: tuple[str, int, int] | None = None
    body_start = end
    for pos, text_end, nxt in iter_lines(data, start, end):
        line = data[pos:text_end]
        if not line:
            body_start = nxt
            break
        if line[:1] in (b" ", b"\t") and cur is not None:
            cur = (cur[0], cur[1], text_end)
            continue
        m = _FIELD.match(line)
        if m is None and top and pos == start and line.startswith(b"From "):
            envelope = line
            continue
        if cur is not None:
            headers.append(Header(cur[0], cur[1], cur[2], data[cur[1]:cur[2]]))
            cur = None
        if m is None:
            problems.append(MailProblem(
                f"line {counter.line_of(pos)} is not a header field: the header block ends there without a blank line",
                False))
            body_start = pos
            break
        cur = (m.group(1).decode("latin-1"), pos, text_end)
    if cur is not None:
        headers.append(Header(cur[0], cur[1], cur[2], data[cur[1]:cur[2]]))
    return headers, body_start, envelope


def _mime_fields(block: bytes, default_type: str) -> _EmailMessage | None:
    for pol in (policy.default, policy.compat32):
        try:
            msg = BytesHeaderParser(policy=pol).parsebytes(block + b"\n")
            msg.set_default_type(default_type)
            msg.get_content_type(), msg.get_filename(), msg.get_boundary(), msg.get_content_charset()
            str(msg.get("content-transfer-encoding", ""))
            msg.get_content_disposition()
            return msg
        except Exception:  # noqa: BLE001 - a hostile header: try the older, simpler policy
            continue
    return None


def _describe(part: Part, data: bytes, default_type: str, problems: list[MailProblem]) -> None:
    # only the MIME fields are parsed (a message with a million Received lines stays cheap)
    block = b"".join(data[h.offset:h.end] + b"\n" for h in part.headers
                     if h.name.lower().startswith("content-") or h.name.lower() == "mime-version")
    msg = _mime_fields(block, default_type)
    if msg is None:
        problems.append(MailProblem(f"the MIME headers of {part.label()} could not be read; read as {default_type}", False))
        part.content_type = default_type
        return
    part.content_type = msg.get_content_type()
    part.boundary = msg.get_boundary()
    part.charset = msg.get_content_charset()
    part.filename = msg.get_filename()
    part.disposition = msg.get_content_disposition()
    # hostile text: kept short and escaped (it shows in locators and problem sentences)
    part.transfer_encoding = escape_text(str(msg.get("content-transfer-encoding", "") or "").strip().lower())[:40] or "7bit"


def _delimiter(boundary: str) -> re.Pattern[bytes]:
    return re.compile(rb"(?m)^--" + re.escape(boundary.encode("utf-8", "surrogateescape")) + rb"(--)?[ \t]*(?:\r\n|\r|\n|$)")


def _before_eol(data: bytes, pos: int, floor: int) -> int:
    """``pos`` less the line ending just before it (it belongs to the delimiter that follows)."""
    if pos - 2 >= floor and data[pos - 2:pos] == b"\r\n":
        return pos - 2
    if pos - 1 >= floor and data[pos - 1:pos] in (b"\n", b"\r"):
        return pos - 1
    return pos


class _Parser:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.problems: list[MailProblem] = []
        self.counter = LineCounter(data)
        self.parts = 0
        self.envelope: bytes | None = None

    def part(self, start: int, end: int, number: str, depth: int, default_type: str, top: bool = False) -> Part:
        self.parts += 1
        headers, body_start, envelope = _read_headers(self.data, start, end, top, self.problems, self.counter)
        if top:
            self.envelope = envelope
        part = Part(number, start, body_start, end, headers)
        _describe(part, self.data, default_type, self.problems)
        if part.content_type.startswith("multipart/"):
            self._split(part, depth)
        if top and not part.children:
            part.number = "1"
        return part

    def _split(self, part: Part, depth: int) -> None:
        if not part.boundary:
            self.problems.append(MailProblem(f"{part.label()} has no boundary: its body is kept as one part", False))
            return
        if depth >= MAX_DEPTH:
            self.problems.append(MailProblem(f"{part.label()} is nested deeper than {MAX_DEPTH} multiparts: "
                                             "kept as one part", True))
            return
        data, pattern = self.data, _delimiter(part.boundary)
        delimiters = []
        pos = part.body_start
        closed = False
        while True:
            m = pattern.search(data, pos, part.body_end)
            if m is None:
                break
            delimiters.append(m)
            pos = m.end()
            if m.group(1):
                closed = True
                break
            if m.end() == m.start():
                break
        opens = [m for m in delimiters if not m.group(1)]
        if not opens:
            self.problems.append(MailProblem(f"{part.label()} has no '--{escape_text(part.boundary)[:80]}' boundary line: "
                                             "its body is kept as one part", False))
            return
        child_type = "message/rfc822" if part.content_type == "multipart/digest" else "text/plain"
        for i, k in enumerate(k for k, m in enumerate(delimiters) if not m.group(1)):
            if self.parts >= MAX_PARTS:
                self.problems.append(MailProblem(f"more than {MAX_PARTS} MIME parts: the rest were not read", True))
                break
            m = delimiters[k]
            nxt = delimiters[k + 1] if k + 1 < len(delimiters) else None
            child_end = _before_eol(data, nxt.start(), m.end()) if nxt is not None else part.body_end
            number = f"{part.number}.{i + 1}" if part.number else str(i + 1)
            child = self.part(m.end(), child_end, number, depth + 1, child_type)
            child.alternative = part.content_type == "multipart/alternative"
            part.children.append(child)
        if not closed:
            last = part.children[-1] if part.children else None
            if last is not None:
                last.unterminated = True
            self.problems.append(MailProblem(
                f"{part.label()} has no closing boundary '--{escape_text(part.boundary)[:80]}--': the message ends inside "
                f"{last.label() if last else 'it'} (it may be truncated)", True))


def parse_message(data: bytes) -> ParsedMessage:
    """The structure of one RFC 5322 message (never raises for bad content)."""
    parser = _Parser(data)
    root = parser.part(0, len(data), "", 0, "text/plain", top=True)
    return ParsedMessage(data, parser.envelope, root.headers, root, parser.problems)


# ----------------------------------------------------------------------------------------
# Decoding
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Decoded:
    """A part's content bytes, and what went wrong decoding them (None: nothing)."""

    data: bytes
    problem: str | None = None
    flag: str | None = None  #: 'truncated' | 'corrupt_data' | 'undecoded_transfer_encoding'


def _b64_groups(body: bytes) -> bytes:
    """Decode whole groups of four; on an error, group by group as far as they decode."""
    try:
        return binascii.a2b_base64(body)
    except binascii.Error:
        out = bytearray()
        for i in range(0, len(body), 4):
            try:
                out += binascii.a2b_base64(body[i:i + 4])
            except binascii.Error:
                break
        return bytes(out)


def decode_base64(raw: bytes) -> Decoded:
    """Decode base64 as far as it goes; say where and why it stopped."""
    clean = _B64_SPACE.sub(b"", raw)
    problem: str | None = None
    flag: str | None = None
    bad = _B64_BAD.search(clean)
    if bad is not None:
        clean = clean[:bad.start()]
        problem = f"corrupt: invalid base64 character {bad.group(0)!r} after {len(clean)} characters"
        flag = "corrupt_data"
    pad = clean.find(b"=")
    if pad >= 0:
        group_end = (pad // 4 + 1) * 4
        if clean[group_end:].strip(b"="):
            problem = problem or f"base64 data continues after its end padding (at character {group_end})"
            flag = flag or "corrupt_data"
        clean = clean[:group_end]
    whole = len(clean) // 4 * 4
    out = _b64_groups(clean[:whole])
    rest = clean[whole:].rstrip(b"=")
    if rest and pad < 0:
        if len(rest) >= 2:
            out += _b64_groups(rest + b"=" * (4 - len(rest)))
        problem = problem or f"truncated: the base64 data ends inside a group of four characters ({len(rest)} left over)"
        flag = flag or "truncated"
    return Decoded(out, problem, flag)


def decode_part(data: bytes, part: Part) -> Decoded:
    """The content bytes of ``part`` (transfer encoding undone)."""
    raw = data[part.body_start:part.body_end]
    enc = part.transfer_encoding
    if enc == "base64":
        decoded = decode_base64(raw)
    elif enc == "quoted-printable":
        decoded = Decoded(binascii.a2b_qp(raw))
    elif enc in _IDENTITY_ENCODINGS:
        decoded = Decoded(raw)
    else:
        decoded = Decoded(raw, f"unknown transfer encoding {enc!r}: kept as printed, not decoded",
                          "undecoded_transfer_encoding")
    if part.unterminated:
        note = "the message ends before this part's closing boundary (truncated)"
        return Decoded(decoded.data, f"{decoded.problem}; {note}" if decoded.problem else note, decoded.flag or "truncated")
    return decoded


# ----------------------------------------------------------------------------------------
# mbox
# ----------------------------------------------------------------------------------------
def _trim_separator(fh: BinaryIO, start: int, end: int) -> int:
    """``end`` less the blank line that ends an mbox message (when there is one)."""
    if end - start >= 4:
        fh.seek(end - 4)
        tail = fh.read(4)
        if tail == b"\r\n\r\n":
            return end - 2
        if tail.endswith(b"\n\n"):
            return end - 1
    elif end - start >= 2:
        fh.seek(end - 2)
        if fh.read(2) == b"\n\n":
            return end - 1
    return end


def mbox_regions(fh: BinaryIO, cap: int, chunk: int = 1024 * 1024) -> tuple[list[tuple[int, int]], bool, int]:
    """(start, end) of each message of an mbox, at most ``cap``; whether listing stopped; bytes before the first.

    Read line by line (lines longer than ``chunk`` are read in pieces), never whole.
    """
    fh.seek(0)
    starts: list[tuple[int, int]] = []  #: (separator line start, message start)
    pos = 0
    at_line_start = True
    stopped = False
    while True:
        line = fh.readline(chunk)
        if not line:
            break
        if at_line_start and line.startswith(b"From "):
            while not line.endswith(b"\n") and len(line) < _MAX_SEPARATOR:  # a long line read in pieces
                more = fh.readline(chunk)
                if not more:
                    break
                line += more
            if _FROM_LINE.match(line):
                if len(starts) >= cap:
                    stopped = True
                    break
                length = len(line)
                while not line.endswith(b"\n"):  # the rest of an overlong separator line
                    line = fh.readline(chunk)
                    if not line:
                        break
                    length += len(line)
                starts.append((pos, pos + length))
                pos += length
                at_line_start = True
                continue
        at_line_start = line.endswith(b"\n")
        pos += len(line)
    end_of_file = fh.seek(0, 2)
    regions = []
    for i, (_sep, start) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else (end_of_file if not stopped else pos)
        regions.append((start, max(start, _trim_separator(fh, start, end))))
    preamble = starts[0][0] if starts else end_of_file
    return regions, stopped, preamble


# ----------------------------------------------------------------------------------------
# Outlook .msg (MS-OXMSG: an OLE compound file of MAPI properties), read with olefile
# ----------------------------------------------------------------------------------------
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PROPS = "__properties_version1.0"
_ATTACH_PREFIX = "__attach_version1.0_#"
_RECIP_PREFIX = "__recip_version1.0_#"
_PT_UNICODE, _PT_STRING8, _PT_BINARY, _PT_OBJECT = 0x001F, 0x001E, 0x0102, 0x000D
_PT_LONG, _PT_SYSTIME = 0x0003, 0x0040
#: properties of a message (MS-OXPROPS), by name
MSG_PROPS = {
    "subject": 0x0037, "transport_headers": 0x007D, "sender_name": 0x0C1A, "sender_email": 0x0C1F,
    "sender_smtp": 0x5D01, "display_to": 0x0E04, "display_cc": 0x0E03, "display_bcc": 0x0E02,
    "message_id": 0x1035, "in_reply_to": 0x1042, "references": 0x1039, "body": 0x1000, "html": 0x1013,
    "rtf": 0x1009, "submit_time": 0x0039, "delivery_time": 0x0E06, "message_class": 0x001A,
}
_ATTACH_METHODS = {0: "no attachment", 1: "by value", 2: "by reference", 3: "by reference (resolved)",
                   4: "by reference (only)", 5: "embedded message", 6: "OLE object", 7: "by web reference"}


def _stream(prop: int, kind: int, storage: str = "") -> str:
    return f"{storage}/__substg1.0_{prop:04X}{kind:04X}" if storage else f"__substg1.0_{prop:04X}{kind:04X}"


@dataclass(frozen=True)
class MsgText:
    """A string property: its text, the stream it was read from and how its bytes were decoded."""

    text: str
    stream: str
    encoding: str  #: 'utf-16-le' (PT_UNICODE) or a code page (PT_STRING8)


@dataclass
class MsgAttachment:
    """One ``__attach_version1.0_#XXXXXXXX`` storage."""

    storage: str
    number: int  #: 1-based, in storage order
    method: int | None
    filename: str | None
    content_type: str | None
    data_stream: str | None  #: the stream holding its bytes (attached by value), else None

    @property
    def method_name(self) -> str:
        return _ATTACH_METHODS.get(self.method if self.method is not None else -1, f"method {self.method}")

    def member_name(self) -> str:
        if self.filename is not None and self.filename.strip():
            return self.filename
        if self.method == 5:
            return f"attachment-{self.number}.msg"
        return f"attachment-{self.number}{_EXTENSIONS.get((self.content_type or '').lower(), '.bin')}"

    def label(self) -> str:
        return f"attachment {self.number} ({self.storage}, {self.method_name})"


class MsgReader:
    """The MAPI properties of an Outlook .msg file (olefile does the OLE parsing)."""

    def __init__(self, path: str) -> None:
        import olefile

        self.ole = olefile.OleFileIO(path)
        self._entries = {"/".join(e) for e in self.ole.listdir(streams=True, storages=True)}
        cp = self.fixed(0x3FDE) or self.fixed(0x3FFD)
        self.codepage = f"cp{cp}" if cp else "cp1252"

    def close(self) -> None:
        self.ole.close()

    def has(self, name: str) -> bool:
        return name in self._entries

    def read(self, name: str) -> bytes:
        with self.ole.openstream(name) as fh:
            return fh.read()

    def string(self, prop: int, storage: str = "") -> MsgText | None:
        for kind, enc in ((_PT_UNICODE, "utf-16-le"), (_PT_STRING8, self.codepage)):
            name = _stream(prop, kind, storage)
            if self.has(name):
                raw = self.read(name)
                try:
                    text = raw.decode(enc, errors="replace")
                except LookupError:
                    enc = "cp1252"
                    text = raw.decode(enc, errors="replace")
                return MsgText(text.rstrip("\x00"), name, enc)
        return None

    def binary(self, prop: int, storage: str = "") -> tuple[bytes, str] | None:
        name = _stream(prop, _PT_BINARY, storage)
        return (self.read(name), name) if self.has(name) else None

    def fixed(self, prop: int, storage: str = "", header: int | None = None) -> int | None:
        """A fixed-size property (PT_LONG, PT_SYSTIME ...) from the properties stream, as an integer."""
        name = f"{storage}/{_PROPS}" if storage else _PROPS
        if not self.has(name):
            return None
        data = self.read(name)
        if header is None:
            header = 32 if not storage else 8
        for pos in range(header, len(data) - 15, 16):
            ptype, pid = struct.unpack_from("<HH", data, pos)
            if pid == prop:
                size = 4 if ptype in (_PT_LONG, 0x000B, 0x0002) else 8
                return int.from_bytes(data[pos + 8:pos + 8 + size], "little")
        return None

    def attachments(self) -> list[MsgAttachment]:
        storages = sorted({e.split("/")[0] for e in self._entries if e.startswith(_ATTACH_PREFIX)})
        out = []
        for i, st in enumerate(storages, start=1):
            long_name = self.string(0x3707, st) or self.string(0x3704, st)
            mime = self.string(0x370E, st)
            data = _stream(0x3701, _PT_BINARY, st)
            out.append(MsgAttachment(st, i, self.fixed(0x3705, st), long_name.text if long_name else None,
                                     mime.text if mime else None, data if self.has(data) else None))
        return out

    def recipients(self) -> list[tuple[int | None, str | None, str | None, str]]:
        """(type 1 To / 2 Cc / 3 Bcc, display name, address, storage) of each recipient."""
        storages = sorted({e.split("/")[0] for e in self._entries if e.startswith(_RECIP_PREFIX)})
        out = []
        for st in storages:
            name = self.string(0x3001, st)
            addr = self.string(0x39FE, st) or self.string(0x3003, st)
            out.append((self.fixed(0x0C15, st), name.text if name else None, addr.text if addr else None, st))
        return out


def is_msg(path: str, head: bytes) -> bool:
    """An Outlook message: an OLE file with a MAPI properties stream and property streams (never raises)."""
    if not head.startswith(OLE_MAGIC):
        return False
    try:
        reader = MsgReader(path)
    except Exception:  # noqa: BLE001 - not a readable OLE file
        return False
    try:
        return reader.has(_PROPS) and any(e.startswith("__substg1.0_") for e in reader._entries)
    finally:
        reader.close()


def filetime_text(value: int | None) -> str | None:
    """A Windows FILETIME (100 ns since 1601-01-01 UTC) as ``YYYY-MM-DD HH:MM:SS UTC``."""
    if not value:
        return None
    import datetime as _dt

    try:
        when = _dt.datetime(1601, 1, 1, tzinfo=_dt.timezone.utc) + _dt.timedelta(microseconds=value // 10)
    except OverflowError:
        return None
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")
