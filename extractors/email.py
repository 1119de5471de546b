"""E-mail messages (RFC 5322 / MIME, Outlook .msg): headers, references in subject and body, attachments.

Returns often arrive as, or with, e-mail: a provider's law-enforcement portal sends a cover
message with the production attached, an MLA reply comes as a forwarded message, a package
holds an ``.mbox``. E-mail is a transport, not a provider (``provider = "e-mail"``).

What is read (with :mod:`pipeline.mail`, the same reader the archive walker uses, so an
attachment's SHA-256 here is the SHA-256 of the member stored for it):

* ``email_header`` facts for From, Sender, Reply-To, To, Cc, Bcc, Date, Subject, Message-ID,
  In-Reply-To and References: ``value`` is the decoded text (encoded words undone), ``raw``
  the field exactly as printed; address fields add ``extra.addresses``; the Date fact carries
  the header as printed in ``time`` (the framework normalises it: it states its own offset).
* ``request_reference`` facts for labelled references in the subject and the body text
  ("Your ref: MLA-2026-0031", "LE request REQ-2026-0107", "Case CASE-2026-0417").
* one ``attachment`` fact per attachment (file name, content type, size and SHA-256 of the
  decoded bytes, MIME part, decoding problems). The attachments themselves are members of
  the package, read by their own extractors; an attached message is read as its own message.
* the body: the text/plain part (else text/html with its tags removed), decoded, line by line,
  scanned by :mod:`extractors.textscan` for IP/time pairs (``IpEvent``), subscriber blocks
  (``Subscriber``) and time-zone statements (``note`` / ``declared_zone``); quoted text (a
  reply quoting the request) gives no records.

Locators: a header or a part's header block is ``line`` + ``byte_offset`` in the stored file,
``path`` naming the part (``part 2 (application/pdf, base64)``). A body line of a part stored
as printed (7bit/8bit) is its line and byte in the file; a body line of a part with a transfer
encoding (quoted-printable, base64) is the line and byte *within the decoded part*, and the
``path`` names the part and its encoding (``part 1 (text/plain, quoted-printable)``).

An Outlook ``.msg`` (OLE compound file, variant ``outlook-msg``) is read from its MAPI
properties: the header facts from PR_TRANSPORT_MESSAGE_HEADERS when the message kept them
(as printed, located by line and byte *in that stream's UTF-16 text*), else from the sender,
recipient, subject, submit-time (a FILETIME, shown as UTC) and message-id properties, each
located by its stream; the body from PR_BODY (else PR_HTML with tags removed); attachments
from the attachment storages (an attached Outlook message is listed, not stored separately).

An mbox file is not read here: it is a container whose members are its messages.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
from email.header import decode_header, make_header
from email.utils import getaddresses
from typing import Callable, Iterator

from pipeline import mail
from pipeline.names import describe_name
from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from . import textscan
from .base import Claim, Document, ExtractionFailed, Extractor

#: header fields stated as facts, in the order they are looked for
HEADER_FIELDS = ("from", "sender", "reply-to", "to", "cc", "bcc", "date", "subject", "message-id", "in-reply-to",
                 "references")
_ADDRESS_FIELDS = frozenset({"from", "sender", "reply-to", "to", "cc", "bcc"})
_QUALIFIER = r"(?:\s+(?:no|nr|number|id|#))?\.?"
_REF = re.compile(
    r"(?P<label>(?i:\b(?:your|our|their)\s+ref(?:erence)?" + _QUALIFIER
    + r"|\bref(?:erence)?" + _QUALIFIER
    + r"|\b(?:(?:LE|law[- ]enforcement|legal|data|disclosure|MLA|MLAT)\s+)?request" + _QUALIFIER
    + r"|\bcase" + _QUALIFIER
    + r"|\b(?:ticket|matter)" + _QUALIFIER + r"))"
    r"[ \t]*[:#]?[ \t]*(?P<value>[A-Z0-9][A-Z0-9./_-]*[A-Z0-9])(?![\w-])"
)
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.I | re.S)
_EOL = re.compile(r"\r\n|\r|\n")
_TEXT_LINE = re.compile(r"[^\r\n]*(\r\n|\r|\n|)")


def references(text: str) -> list[tuple[str, str]]:
    """(label, value) of each labelled request reference in ``text``.

    A value must hold a digit and either a letter, a separator, or at least five digits (so
    that "request 2" or a year is not a reference).
    """
    out = []
    for m in _REF.finditer(text):
        value = m["value"]
        if not any(ch.isdigit() for ch in value):
            continue
        if not (any(ch.isalpha() or ch in "-/._" for ch in value) or len(value) >= 5):
            continue
        out.append((re.sub(r"\s+", " ", m["label"]).strip(), value))
    return out


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def _decoded_header(raw_value: bytes) -> str:
    """The header's text as printed, unfolded, with encoded words (RFC 2047) undone."""
    text = _text(raw_value)
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except Exception:  # noqa: BLE001 - a hostile or broken encoded word: keep it as printed
        return text


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _decode_line(raw: bytes, codec: str | None) -> str:
    """One line in the part's charset; without one (or 'us-ascii' with 8-bit bytes): UTF-8, else Windows-1252."""
    if codec and codec != "ascii":
        return raw.decode(codec, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _strip_html(text: str) -> str:
    """Tags, scripts and comments removed, keeping every line break (line numbers stay right)."""
    return html.unescape(_TAG.sub(lambda m: "".join(_EOL.findall(m.group(0))), text))


def header_facts(parsed: mail.ParsedMessage, locate: Callable[[int], Locator]) -> Iterator[Record]:
    """``email_header`` facts (and subject references) for the header fields of :data:`HEADER_FIELDS`.

    ``locate`` gives the locator of a header from its byte offset in the parsed bytes.
    """
    for h in parsed.headers:
        key = h.name.lower()
        if key not in HEADER_FIELDS:
            continue
        at = locate(h.offset)
        raw = _text(h.raw)
        printed = _text(h.raw_value)
        value = _decoded_header(h.raw_value)
        extra = {"field": h.name}
        if key in _ADDRESS_FIELDS:
            addresses = [addr for _name, addr in getaddresses([value]) if addr]
            if addresses:
                extra["addresses"] = ", ".join(addresses)
        time = printed if key == "date" and printed else None
        yield DocumentFact(at=at, raw=raw, kind="email_header", value=value, extra=extra, time=time)
        if key == "subject":
            for label, ref in references(value):
                yield DocumentFact(at=at, raw=raw, kind="request_reference", value=ref,
                                   extra={"label": label, "where": "Subject"})


# -- Outlook .msg ------------------------------------------------------------------------------
def _stream_lines(text: str, encoding: str) -> list[tuple[int, int, str]]:
    """(line number, byte offset in the stream's own encoding, text) of each line of a string property."""
    out, offset = [], 0
    for no, m in enumerate(_TEXT_LINE.finditer(text), start=1):
        chunk = m.group(0)
        if not chunk:
            break
        out.append((no, offset, chunk.rstrip("\r\n")))
        offset += len(chunk.encode(encoding, errors="replace"))
    return out


def _msg_transport_headers(t: mail.MsgText) -> Iterator[Record]:
    """Header facts from PR_TRANSPORT_MESSAGE_HEADERS: the RFC 5322 header block as the message was received."""
    data = t.text.encode("utf-8", errors="replace")
    parsed = mail.parse_message(data)
    counter = mail.LineCounter(data)
    where = f"stream {t.stream} (transport headers, {t.encoding})"

    def locate(off: int) -> Locator:
        stream_off = len(data[:off].decode("utf-8", errors="replace").encode(t.encoding, errors="replace"))
        return Locator(line=counter.line_of(off), byte_offset=stream_off, path=where)

    yield from header_facts(parsed, locate)


def _msg_fact(t: mail.MsgText, field: str, prop: str, extra: dict[str, str] | None = None) -> DocumentFact:
    at = Locator(path=f"stream {t.stream} ({prop}, {t.encoding})", line=1, byte_offset=0)
    return DocumentFact(at=at, raw=t.text, kind="email_header", value=t.text,
                        extra={"field": field, "property": prop, **(extra or {})})


def _msg_property_headers(reader: mail.MsgReader) -> Iterator[Record]:
    """Header facts from the MAPI properties (a message saved without its transport headers)."""
    p = mail.MSG_PROPS
    sender = reader.string(p["sender_name"])
    smtp = reader.string(p["sender_smtp"]) or reader.string(p["sender_email"])
    if sender is not None:
        yield _msg_fact(sender, "From", "PR_SENDER_NAME", {"addresses": smtp.text} if smtp and smtp.text else None)
    elif smtp is not None:
        yield _msg_fact(smtp, "From", "PR_SENDER_SMTP_ADDRESS", {"addresses": smtp.text})
    kinds = {1: "To", 2: "Cc", 3: "Bcc"}
    for rtype, name, address, storage in reader.recipients():
        field = kinds.get(rtype or 0, "To")
        raw = "; ".join(x for x in (name, address) if x)
        at = Locator(path=f"storage {storage} (recipient, PR_DISPLAY_NAME / PR_SMTP_ADDRESS)", line=1, byte_offset=0)
        extra = {"field": field, "property": "recipient table"}
        if address:
            extra["addresses"] = address
        yield DocumentFact(at=at, raw=raw, kind="email_header", value=name or address or "", extra=extra)
    subject = reader.string(p["subject"])
    if subject is not None:
        yield _msg_fact(subject, "Subject", "PR_SUBJECT")
        for label, ref in references(subject.text):
            yield DocumentFact(at=Locator(path=f"stream {subject.stream} (PR_SUBJECT, {subject.encoding})", line=1,
                                          byte_offset=0),
                               raw=subject.text, kind="request_reference", value=ref,
                               extra={"label": label, "where": "Subject"})
    submitted = reader.fixed(p["submit_time"])
    when = mail.filetime_text(submitted)
    if when is not None:
        at = Locator(path="stream __properties_version1.0 (PR_CLIENT_SUBMIT_TIME 0x0039, FILETIME)", line=1)
        yield DocumentFact(at=at, raw=f"0x{submitted:016X}", kind="email_header", value=when, time=when,
                           extra={"field": "Date", "property": "PR_CLIENT_SUBMIT_TIME (a FILETIME, UTC)"})
    for key, field, prop in (("message_id", "Message-ID", "PR_INTERNET_MESSAGE_ID"),
                             ("in_reply_to", "In-Reply-To", "PR_IN_REPLY_TO_ID"),
                             ("references", "References", "PR_INTERNET_REFERENCES")):
        t = reader.string(p[key])
        if t is not None and t.text:
            yield _msg_fact(t, field, prop)


def _msg_attachments(reader: mail.MsgReader) -> Iterator[Record]:
    for att in reader.attachments():
        name = describe_name(att.member_name().encode("utf-8", "surrogateescape"), "utf-8")
        extra = {"attach_method": att.method_name, "storage": att.storage,
                 "named_in_message": "yes" if att.filename is not None and att.filename.strip() else "no"}
        if att.content_type:
            extra["content_type"] = att.content_type
        if name.flags:
            extra["name_flags"] = ", ".join(name.flags)
        if att.data_stream is not None:
            data = reader.read(att.data_stream)
            extra.update({"size": str(len(data)), "sha256": hashlib.sha256(data).hexdigest(), "stream": att.data_stream})
        else:
            extra["stored"] = "no: the message holds no separate data stream for it"
        at = Locator(path=f"storage {att.storage} ({att.method_name})", line=1)
        raw = f"{att.storage}: {att.method_name}" + (f", {att.filename}" if att.filename else "")
        yield DocumentFact(at=at, raw=raw, kind="attachment", value=name.display, extra=extra)


def _msg_body(reader: mail.MsgReader) -> Iterator[Record]:
    p = mail.MSG_PROPS
    body = reader.string(p["body"])
    lines: list[tuple[Locator, str, str]] = []
    if body is not None:
        where = f"stream {body.stream} (PR_BODY, {body.encoding})"
        lines = [(Locator(line=no, byte_offset=off, path=where), text, text)
                 for no, off, text in _stream_lines(body.text, body.encoding)]
    else:
        html_body = reader.binary(p["html"])
        if html_body is not None:
            text = _decode_line(html_body[0], None)
            printed = _stream_lines(text, "utf-8")
            stripped = [m.group(0).rstrip("\r\n") for m in _TEXT_LINE.finditer(_strip_html(text))]
            where = f"stream {html_body[1]} (PR_HTML)"
            lines = [(Locator(line=no, byte_offset=off, path=where), stripped[no - 1] if no - 1 < len(stripped) else "", raw)
                     for no, off, raw in printed]
        elif reader.has(f"__substg1.0_{p['rtf']:04X}0102"):
            yield Problem(Locator(path=f"stream __substg1.0_{p['rtf']:04X}0102 (PR_RTF_COMPRESSED)", line=1),
                          "MSG_BODY_RTF_ONLY", "the message body is held only as compressed RTF: it was not read")
    for at, text, line in lines:
        for label, ref in references(text):
            yield DocumentFact(at=at, raw=line, kind="request_reference", value=ref, extra={"label": label, "where": "body"})
    yield from scan_body([textscan.TextLine(text, at) for at, text, _line in lines])


def extract_msg(doc: Document) -> Iterator[Record]:
    """Facts and records of an Outlook .msg: transport headers (else MAPI properties), attachments, body."""
    if doc.size > mail.MAX_MESSAGE_BYTES:
        raise ExtractionFailed("the message", f"at most {mail.MAX_MESSAGE_BYTES} bytes", f"{doc.size} bytes")
    try:
        reader = mail.MsgReader(str(doc.path))
    except Exception as exc:  # noqa: BLE001 - a damaged OLE file
        raise ExtractionFailed("the OLE structure", "a readable Outlook message", f"{type(exc).__name__}: {exc}") from exc
    try:
        headers = reader.string(mail.MSG_PROPS["transport_headers"])
        if headers is not None and headers.text.strip():
            yield from _msg_transport_headers(headers)
        else:
            yield from _msg_property_headers(reader)
        yield from _msg_attachments(reader)
        yield from _msg_body(reader)
    finally:
        reader.close()


class EmailMessage(Extractor):
    name = "email_message"
    provider = "e-mail"
    layout = "An e-mail message (RFC 5322 / MIME .eml, a message of an mbox, an Outlook .msg): headers, references, attachments"
    version = "1"
    media_types = ("message/", "text/plain", "application/vnd.ms-outlook", "application/x-ole-storage",
                   "application/CDFV2")
    sources = ("LAYOUTS.md#e-mail", "https://www.rfc-editor.org/rfc/rfc5322", "https://www.rfc-editor.org/rfc/rfc2045",
               "https://www.rfc-editor.org/rfc/rfc2046", "https://www.rfc-editor.org/rfc/rfc4155")

    def identify(self, doc: Document) -> Claim | None:
        try:
            head = doc.head(mail.SNIFF_BYTES)
            if head.startswith(mail.OLE_MAGIC):
                return Claim("outlook-msg") if mail.is_msg(str(doc.path), head) else None
            if mail.sniff_mail(head) != "eml":
                return None
            return Claim("mime" if re.search(rb"(?im)^mime-version[ \t]*:", head) else "rfc5322")
        except Exception:  # noqa: BLE001 - identify never raises
            return None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        if doc.size > mail.MAX_MESSAGE_BYTES:
            raise ExtractionFailed("the message", f"at most {mail.MAX_MESSAGE_BYTES} bytes", f"{doc.size} bytes")
        if claim.variant == "outlook-msg":
            yield from extract_msg(doc)
            return
        data = doc.read_bytes()
        parsed = mail.parse_message(data)
        counter = mail.LineCounter(data)
        yield from header_facts(parsed, lambda off: Locator(line=counter.line_of(off), byte_offset=off))
        yield from self._attachments(parsed, counter)
        for part in parsed.body_parts():
            yield from self._body(data, part, counter)

    # -- attachments ------------------------------------------------------------------------
    def _attachments(self, parsed: mail.ParsedMessage, counter: mail.LineCounter) -> Iterator[Record]:
        data = parsed.data
        for part in parsed.attachments():
            decoded = mail.decode_part(data, part)
            name = describe_name(part.member_name().encode("utf-8", "surrogateescape"), "utf-8")
            extra = {
                "content_type": part.content_type,
                "size": str(len(decoded.data)),
                "sha256": hashlib.sha256(decoded.data).hexdigest(),
                "part": part.number or "1",
                "transfer_encoding": part.transfer_encoding,
                "named_in_message": "yes" if part.filename is not None and part.filename.strip() else "no",
            }
            if part.disposition:
                extra["disposition"] = part.disposition
            if name.flags:
                extra["name_flags"] = ", ".join(name.flags)
            if decoded.problem:
                extra["decoding"] = decoded.problem
            raw = "\n".join(_text(h.raw) for h in part.headers) or part.label()
            at = Locator(line=counter.line_of(part.start), byte_offset=part.start, path=part.label())
            yield DocumentFact(at=at, raw=raw, kind="attachment", value=name.display, extra=extra)

    # -- body -------------------------------------------------------------------------------
    def _body_lines(self, data: bytes, part: mail.Part,
                    counter: mail.LineCounter) -> Iterator[tuple[Locator, str, str]]:
        """(locator, text, line as printed) of each line of an inline text part, decoded; for HTML the
        text has its tags removed (the line as printed keeps them)."""
        codec = _codec(part.charset)
        if part.encoded:
            content = mail.decode_part(data, part).data
            spans = [(i, pos, content[pos:end]) for i, (pos, end, _n) in enumerate(mail.iter_lines(content), start=1)]
        else:
            spans = [(counter.line_of(pos), pos, data[pos:end]) for pos, end, _n in mail.iter_lines(data, part.body_start, part.body_end)]
        printed = [_decode_line(raw, codec) for _no, _pos, raw in spans]
        texts = printed
        if part.content_type == "text/html":
            stripped = [m.group(0) for m in _TEXT_LINE.finditer(_strip_html("\n".join(printed)))][: len(printed)]
            texts = [s.rstrip("\r\n") for s in stripped] + [""] * (len(printed) - len(stripped))
        for (no, pos, _raw), text, line in zip(spans, texts, printed):
            yield Locator(line=no, byte_offset=pos, path=part.label()), text, line

    def _body(self, data: bytes, part: mail.Part, counter: mail.LineCounter) -> Iterator[Record]:
        lines = list(self._body_lines(data, part, counter))
        for at, text, line in lines:
            for label, ref in references(text):
                yield DocumentFact(at=at, raw=line, kind="request_reference", value=ref,
                                   extra={"label": label, "where": "body"})
        yield from scan_body([textscan.TextLine(text, at) for at, text, _line in lines])


def scan_body(lines: list["textscan.TextLine"]) -> Iterator[Record]:
    """IP/time pairs, subscriber blocks and time-zone statements in body text (:mod:`extractors.textscan`).

    Quoted text (a reply quoting the request) and IPs printed without a time are not records.
    References are read by :func:`references` (subject and body alike), not here.
    """
    if not any(ln.text.strip() for ln in lines):
        return
    found = textscan.scan(lines)
    for m in found.ips:
        if m.time is None or m.quoted or m.in_request:
            continue
        yield IpEvent(at=m.at, raw=m.raw, ip=m.ip, time=m.time, port=m.port, account=m.account, activity=m.activity,
                      hint=TimeHint(zone=m.zone_hint) if m.zone_hint else None,
                      extra={"end": m.end} if m.end else {}, flags=m.flags)
    for block in found.subscribers:
        extra = {f.label: f.value for f in block.fields if f.kind in ("subscriber_extra", "other")}
        yield Subscriber(at=block.at, raw=block.raw, account=block.first("account"), name=block.first("name"),
                         emails=block.all("email"), phones=block.all("phone"), address=block.first("address"),
                         extra=extra, flags=block.flags)
    for z in found.zone_notes:
        if z.zone:
            yield DocumentFact(at=z.at, raw=z.raw, kind="declared_zone", value=z.zone, extra={"statement": z.text})
        else:
            yield DocumentFact(at=z.at, raw=z.raw, kind="note", value=z.text)


EXTRACTORS = (EmailMessage(),)
