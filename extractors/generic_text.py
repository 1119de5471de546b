"""Any letter or free text nobody else claims: IP/time pairs in prose, subscriber blocks, references.

The generic text extractor reads replies written as letters or e-mails by providers whose
layout is not known (a small ISP's letter, an MLA reply, a scanned fax): text files, PDFs
(scans are OCRed by :mod:`extractors.pdftext`), page images and HTML pages. The reading is
done by :mod:`extractors.textscan`; this module turns its findings into records:

* ``IpEvent`` for each IP address with the time stated with it (``activity`` as the text
  names it, the port when stated), flagged ``from_free_text``;
* ``DocumentFact(kind="ip_mentioned")`` for an IP address printed without a time;
* ``Subscriber`` for each labelled block (``Name:``, ``Address:`` ... with a name, or an
  account identifier with an address/e-mail/phone), flagged ``from_free_text``;
* ``DocumentFact(kind="request_reference")`` for ``Your reference: ...``, ``Our ref: ...``,
  ``Aktenzeichen: ...``, with ``extra = {"label", "whose"}`` (``whose``: ``yours`` is the
  addressee's reference, usually the requester's; ``ours`` the writer's);
* ``DocumentFact(kind="note")`` for a sentence stating the zone of the times ("All times
  are in UTC"); when the zone is named in a way the framework does not read ("heure de
  Paris"), also ``DocumentFact(kind="declared_zone")`` with the IANA name.

It claims a document only when it finds something worth reading (an IP with a time in a
text that speaks of IP addresses, a subscriber block, or a request reference), and never a
delimited table (``generic_table`` reads those) or JSON. Text quoted in a reply (``> ...``,
after ``-----Original Message-----``) is the requester's own text: its IPs are mentions,
never events.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from . import pdftext
from .base import Claim, Document, Extractor
from .html import parse_html
from .textscan import (EMAIL, PHONE, Findings, IpMention, SubscriberBlock, TextLine, lines_from_html, lines_from_pdf, lines_from_text,
                       scan, split_ip)

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
#: labels of a subscriber block read as the account's creation time
_CREATED_LABELS = {"account created", "customer since", "created", "registration date", "activation date", "registered",
                   "contract start"}


class GenericText(Extractor):
    name = "generic_text"
    provider = "unknown"
    layout = "Letters and free text (text, PDF, scans, HTML) from any provider: IP/time pairs in prose, labelled subscriber blocks, request references"
    version = "1"
    generic = True
    media_types = (*TEXT_TYPES, *HTML_TYPES, *pdftext.PDF_TYPES, *pdftext.IMAGE_TYPES)
    sources = ("extractors/textscan.py", "extractors/README.md")

    # -- identify --

    def identify(self, doc: Document) -> Claim | None:
        try:
            kind = _kind(doc)
            if kind is None:
                return None
            if kind == "text" and _not_prose(doc):
                return None
            findings = scan(_lines(doc, kind, head=True))
            return Claim(kind) if findings.worth_extracting() else None
        except Exception:  # noqa: BLE001 - never raise on someone else's file
            return None

    # -- extract --

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        if claim.variant == "text" and doc.text().guessed:
            yield Problem(Locator(line=1, byte_offset=0), "ENCODING_GUESSED",
                          f"the file is not valid UTF-8 or UTF-16; it was read as {doc.text().encoding} (Windows-1252), "
                          "a guess: check accented letters against the original")
        lines = _lines(doc, claim.variant, head=False)
        findings = scan(lines)
        yield from records(findings)
        yield from unread_rows(lines, findings)


_ROW_TIME = re.compile(r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b.*\b\d{1,2}:\d{2}")


def unread_rows(lines: list[TextLine], f: Findings) -> Iterator[Problem]:
    """An OCRed table row with a time but no readable IP, on a page whose other rows gave IPs:
    OCR damaged the address beyond repair. Reported with its place, never guessed."""
    read = [m.at for m in f.ips if m.at.page is not None and m.at.bbox is not None]
    pages = {at.page for at in read}
    for ln in lines:
        b = ln.at.bbox
        if ln.source != "ocr" or b is None or ln.at.page not in pages:
            continue
        if not (_ROW_TIME.search(ln.text) and re.search(r"\S {2,}\S", ln.text)):
            continue
        if any(at.page == ln.at.page and min(b[3], at.bbox[3]) - max(b[1], at.bbox[1]) > 0 for at in read):  # type: ignore[index]
            continue
        yield Problem(ln.at, "OCR_VALUE_UNREADABLE", f"page {ln.at.page}: an OCRed row with a time but no readable IP "
                      f"address ({ln.text!r}); nothing was taken from it: check the page image")


def records(f: Findings) -> Iterator[Record]:
    """The records for a document's findings (also used by other extractors of letters)."""
    for z in f.zone_notes:
        yield DocumentFact(at=z.at, raw=z.raw, kind="note", value=z.text, flags=("from_free_text",))
        if z.zone:
            yield DocumentFact(at=z.at, raw=z.raw, kind="declared_zone", value=z.zone, extra={"phrase": z.phrase or ""},
                               flags=("from_free_text",))
    for r in f.references:
        yield DocumentFact(at=r.at, raw=r.raw, kind="request_reference", value=r.value,
                           extra={"label": r.label, "whose": r.whose}, flags=("from_free_text",) + r.flags)
    for s in f.subscribers:
        yield subscriber(s)
    for m in f.ips:
        yield ip_record(m)


def ip_record(m: IpMention) -> IpEvent | DocumentFact:
    """An IpEvent for an IP with its time; an ``ip_mentioned`` fact for one without (or quoted)."""
    extra: dict[str, str] = {}
    if m.time is not None and m.time_raw is not None and m.time != m.time_raw:
        extra["time_as_printed"] = m.time_raw
    if m.end is not None:
        extra["until"] = m.end
    if m.time is None or m.quoted or m.in_request:
        if m.port:
            extra["port"] = m.port
        if m.quoted:
            extra["quoted"] = "the IP is in text quoted from another message"
        if m.in_request:
            extra["in_request"] = "the document asks about this IP (a request or an order), it does not answer"
        return DocumentFact(at=m.at, raw=m.raw, kind="ip_mentioned", value=m.ip, extra=extra, time=m.time, flags=m.flags)
    if m.zone_hint:
        extra["zone_named"] = m.zone_hint
    return IpEvent(at=m.at, raw=m.raw, ip=m.ip, time=m.time, account=m.account, port=m.port, activity=m.activity,
                   hint=TimeHint(zone=m.zone_hint) if m.zone_hint else None, extra=extra, flags=m.flags)


def subscriber(s: SubscriberBlock) -> Subscriber:
    accounts = list(s.all("account"))
    emails: list[str] = []
    for v in s.all("email"):
        # whole addresses only: 'robin,testperson@example.net' is not 'testperson@example.net'
        found = [m.group(0) for m in EMAIL.finditer(v) if m.start() == 0 or v[m.start() - 1] in " \t<(:;,"
                 and not (v[m.start() - 1] == "," and m.start() > 1 and not v[m.start() - 2].isspace())]
        emails.extend(found or [v])
    phones: list[str] = []
    for v in s.all("phone"):
        found = [p.group(0) for p in PHONE.finditer(v)]
        phones.extend(found or [v])
    created = None
    extra: dict[str, str] = {}
    for fld in s.fields:
        if fld.kind in ("subscriber_extra", "other") and fld.value:
            if created is None and fld.label.lower() in _CREATED_LABELS:
                created = fld.value
                continue
            key = fld.label
            extra[key] = fld.value if key not in extra else extra[key] + " | " + fld.value
    names = s.all("name")
    addresses = s.all("address")
    if len(names) > 1:
        extra["other names"] = " | ".join(names[1:])
    if len(addresses) > 1:
        extra["other addresses"] = " | ".join(addresses[1:])
    reg = next((m.group(0) for v in s.all("registration_ip") if (m := re.search(r"\S+", v)) and split_ip(m.group(0))), None)
    return Subscriber(at=s.at, raw=s.raw, account=accounts[0] if accounts else None, account_ids=tuple(accounts[1:]),
                      registration_ip=reg,
                      name=names[0] if names else None, emails=tuple(dict.fromkeys(emails)), phones=tuple(dict.fromkeys(phones)),
                      address=addresses[0] if addresses else None, created=created, extra=extra, flags=s.flags)


# -- reading ---------------------------------------------------------------------------------


def _kind(doc: Document) -> str | None:
    if pdftext.is_pdf(doc):
        return "pdf"
    if pdftext.is_image(doc):
        return "image"
    if doc.media_type in HTML_TYPES:
        return "html"
    if doc.media_type in TEXT_TYPES:
        return "text"
    return None


def _lines(doc: Document, kind: str, head: bool) -> list[TextLine]:
    if kind in ("pdf", "image"):
        return lines_from_pdf(doc, head=head)
    if kind == "html":
        return lines_from_html(parse_html(doc.head_text() if head else doc.text().text))
    return lines_from_text(doc, head=head)


def _not_prose(doc: Document) -> bool:
    """JSON, or a delimited table (generic_table's), judged on the head of the file."""
    head = doc.head_text(16384).lstrip("\ufeff \t\r\n")
    if head[:1] in ("{", "["):
        return True
    lines = [ln for ln in head.splitlines() if ln.strip()]
    if doc.size > 16384 and len(lines) > 1:
        lines = lines[:-1]  # cut by the head
    lines = lines[:40]
    if delimited(lines):
        return True
    from .generic_table import GenericTable

    return GenericTable().identify(doc) is not None


def delimited(lines: list[str]) -> bool:
    """Most lines carry the same number (>= 1) of one delimiter, in short cells: a table, not prose."""
    if len(lines) < 3:
        return False
    for delim in ("\t", ";", "|", ","):
        counts = Counter(ln.count(delim) for ln in lines)
        n, share = counts.most_common(1)[0]
        if n < 1 or share < 0.8 * len(lines):
            continue
        rows = [ln for ln in lines if ln.count(delim) == n]
        cells = [c.strip() for ln in rows for c in ln.split(delim)]
        words = sum(len(c.split()) for c in cells) / max(1, len(cells))
        prose = sum(1 for ln in rows if re.search(r"[a-z][.!?]$", ln.strip()))
        if words <= 5 and prose <= len(rows) * 0.2:
            return True
    return False


EXTRACTORS = (GenericText(),)
