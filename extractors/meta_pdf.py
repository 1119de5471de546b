"""Meta (Facebook / Instagram) business record rendered as PDF: the ``records.html`` content
printed (or produced) as a PDF.

The content and its vocabulary are those of :mod:`extractors.meta` (LAYOUTS.md#meta, from
RLEAPP ``meta_records.py`` / ``fbigAccount.py``): request parameters (``Service``, ``Internal
Ticket Number``, ``Target``, ``Account Identifier``, ``Account Type``, ``Generated``, ``Date
Range``), one field per record category (``Name``, ``Emails``, ``Vanity``, ``Registration Date``,
``Registration Ip``, ``Phone Numbers``, ``Ip Addresses`` ...), "... Definition" fields, "No
responsive records", and IP records of ``IP Address`` / ``Time`` / ``Action``. How the PDF
places them is **assumed** (no public sample of the PDF form was found), as a browser prints
records.html:

* a label column at the left, the value to its right; a long value wraps under itself;
* a field holding records (Name, Ip Addresses) prints its label once, then each record's
  fields as an inner label column and an inner value column; a record begins again where an
  inner label repeats;
* no section titles (records.html prints none: a field's section is named by its label), a
  running head and a page footer on every page, and page breaks anywhere, also inside a record
  or a value (a value-only line continues the value above it, across pages).

The columns are found from the words' positions (the most common starts of label, value and
inner value cells), never fixed x positions. The records are the ones :mod:`extractors.meta`
gives for the HTML: request-reference and note facts, ``no_records`` facts, one Subscriber,
the registration IP as an IpEvent, and one IpEvent per IP record, each located by page and box.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber

from . import pdftext
from .base import Claim, Document, ExtractionFailed, Extractor
from .manifests import looks_like_certificate
from .meta import (_ACCOUNT, _EMAIL, _PHONE, EMAIL_SECTIONS, EXTRA_SECTIONS, KNOWN_SECTIONS, NO_RECORDS, PHONE_SECTIONS,
                   MetaRecordsHtml,
                   REQUEST_LABELS, SECTION_ACTIVITY, VANITY_SECTIONS, _action_label, _ip_label, _is_ip, _port_label,
                   _time_label, key, label_key)
from .microsoft import Row, furniture, marked, pdf_rows, safe_rows, union_at

_MARK = re.compile(r"\b(?:Meta Platforms|Facebook|Instagram|WhatsApp|Messenger|Business Record)\b")
_REQUEST_KEYS = {key(x) for x in REQUEST_LABELS}
#: the labels of the sections' fields as records.html prints them (section name in title case)
_SECTION_LABELS = {key(x) for x in KNOWN_SECTIONS} | {"registeredemailaddresses", "vanityname", "ipaddresses"}


@dataclass
class MField:
    label: str  #: as printed ('' for none)
    value: str = ""
    rows: list[Row] = field(default_factory=list)
    records: list[list["MField"]] | None = None  #: a field holding records
    section: str = ""

    @property
    def is_list(self) -> bool:
        return self.records is not None

    def line(self) -> str:
        return f"{self.label}: {self.value}" if self.label else self.value


def _columns(rows: list[Row]) -> tuple[float, float, float | None] | None:
    """(label x, value x, inner value x) from the most common starts of the cells."""
    if not rows:
        return None
    tol = 6.0
    lx = min(r.segments[0].x0 for r in rows)
    second = Counter(round(r.segments[1].x0) for r in rows if len(r.segments) >= 2 and abs(r.segments[0].x0 - lx) < tol)
    if not second:
        return None
    vx = float(second.most_common(1)[0][0])
    inner = Counter(round(r.segments[1].x0) for r in rows if len(r.segments) >= 2 and abs(r.segments[0].x0 - vx) < tol)
    inner.update(round(r.segments[2].x0) for r in rows if len(r.segments) >= 3 and abs(r.segments[0].x0 - lx) < tol)
    ix = float(inner.most_common(1)[0][0]) if inner else None
    return lx, vx, ix


def _col(x: float, cols: tuple[float, float, float | None], tol: float) -> str:
    lx, vx, ix = cols
    if ix is not None and x >= ix - tol:
        return "I"
    if x >= vx - tol:
        return "V"
    return "L"


def _section_of(label: str) -> str:
    k = key(label)
    if k in _REQUEST_KEYS:
        return "request_parameters"
    base = re.sub(r"(?i)\s*definition\s*$", "", label)
    return "_".join(label_key(base).split()) or "unnamed"


def read_fields(rows: list[Row]) -> tuple[list[MField], list[Problem]]:
    """The document's top-level fields (with their records), in order."""
    cols = _columns(rows)
    if cols is None:
        return [], []
    problems: list[Problem] = []
    out: list[MField] = []
    top: MField | None = None
    inner: MField | None = None
    for row in rows:
        tol = 12.0 if row.ocr else 6.0
        segs = row.segments
        kinds = [_col(s.x0, cols, tol) for s in segs]
        if kinds[0] == "L":
            top = MField(segs[0].text.strip(), rows=[row])
            top.section = _section_of(top.label)
            out.append(top)
            inner = None
            rest, rk = segs[1:], kinds[1:]
            if len(rest) >= 2 and rk[0] == "V" and rk[1] == "I":
                inner = MField(rest[0].text.strip(), " ".join(s.text for s in rest[1:]).strip(), [row])
                top.records = [[inner]]
            elif rest:
                top.value = " ".join(s.text for s in rest).strip()
            continue
        if top is None:
            problems.append(Problem(row.at, "ROW_NOT_READ", f"a value with no label above it; not read ({row.text!r})"))
            continue
        if kinds[0] == "V" and len(segs) >= 2 and kinds[1] == "I":
            if top.records is None:
                top.records = [[]]
            rec = top.records[-1]
            label = segs[0].text.strip()
            if any(f.label == label for f in rec):
                rec = []
                top.records.append(rec)
            inner = MField(label, " ".join(s.text for s in segs[1:]).strip(), [row])
            rec.append(inner)
            top.rows.append(row)
        elif kinds[0] == "V":
            text = " ".join(s.text for s in segs).strip()
            if top.records is not None:  # an inner label printed without a value
                rec = top.records[-1]
                if any(f.label == text for f in rec):
                    rec = []
                    top.records.append(rec)
                inner = MField(text, "", [row])
                rec.append(inner)
            else:  # the value above continues (wrapped, a list of items, or after a page break)
                joiner = " " if top.label.lower().endswith("definition") else "\n"
                top.value = (top.value + joiner + text) if top.value else text
            top.rows.append(row)
        else:  # kinds[0] == "I": the inner value above continues
            text = " ".join(s.text for s in segs).strip()
            if inner is None:
                problems.append(Problem(row.at, "ROW_NOT_READ", f"a value with no label beside it; not read ({row.text!r})"))
                continue
            inner.value = (inner.value + " " + text).strip()
            inner.rows.append(row)
            top.rows.append(row)
    return out, problems


def _real(f: MField) -> bool:
    return not f.is_list and bool(f.value.strip()) and not NO_RECORDS.match(f.value)


def _at(rows: list[Row], section: str | None) -> Locator:
    loc = union_at(rows)
    return Locator(page=loc.page, bbox=loc.bbox, section=section)


class MetaRecordsPdf(Extractor):
    name = "meta_records_pdf"
    provider = "Meta"
    layout = ("Meta (Facebook/Instagram) business record as PDF: the records.html fields printed as label/value "
              "columns, records as inner label/value columns, over pages (assumed rendering)")
    version = "1"
    media_types = pdftext.PDF_TYPES
    default_zone = None
    sources = ("LAYOUTS.md#meta-facebook--instagram-recordshtml (vocabulary; the PDF rendering is assumed)",
               "https://github.com/abrignoni/RLEAPP/blob/main/scripts/meta_records.py",
               "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/fbigAccount.py")

    def identify(self, doc: Document) -> Claim | None:
        try:
            if not pdftext.is_pdf(doc):
                return None
            if not _MARK.search("\n".join(ln.text for ln in pdftext.head_lines(doc))):
                return None  # cheap: no words are read for another provider's file
            rows = safe_rows(doc)
            if not rows or looks_like_certificate([r.text for r in rows]):
                return None
            skip = furniture(rows)
            if not marked(rows, _MARK, skip):
                return None
            content = [r for i, r in enumerate(rows) if i not in skip]
            firsts = {key(r.segments[0].text) for r in content if len(r.segments) >= 2}
            req = firsts & _REQUEST_KEYS
            sec = firsts & _SECTION_LABELS
            if len(req) >= 2 or (req and sec):
                return Claim("records-pdf")
            return None
        except Exception:  # noqa: BLE001 - identification must never raise
            return None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        rows = pdf_rows(doc)
        skip = furniture(rows)
        content = [r for i, r in enumerate(rows) if i not in skip]
        fields, problems = read_fields(content)
        if not fields:
            raise ExtractionFailed(doc.name, "label and value columns of a Meta business record", "no such columns")
        yield from problems
        params: dict[str, str] = {}
        for f in fields:
            if f.label.lower().endswith("definition") and f.value.strip():
                yield DocumentFact(at=_at(f.rows, f.section), raw="\n".join(r.text for r in f.rows), kind="note",
                                   value=f.value, extra={"label": f.label, "section": f.section})
            elif f.section == "request_parameters" and f.value.strip():
                params.setdefault(key(f.label), f.value.strip())
                yield DocumentFact(at=_at(f.rows, f.section), raw=f.line(), kind="request_reference",
                                   value=f.value.strip(), extra={"label": f.label})
            elif not f.is_list and NO_RECORDS.match(f.value or ""):
                yield DocumentFact(at=_at(f.rows, f.section), raw=f.line(), kind="no_records", value=f.section,
                                   extra={"label": f.label or f.section})
        account = self._account(params)
        yield from self._subscriber(fields, account)
        for f in fields:
            if f.is_list and f.section not in ("request_parameters", "registration_ip", "registration_date"):
                implied = next((act for word, act in SECTION_ACTIVITY if word in key(f.section)), None)
                for rec in f.records or []:
                    yield from self._record_events(rec, f, account, implied)

    _account = staticmethod(MetaRecordsHtml._account)  # the same request parameters as the HTML form

    def _subscriber(self, fields: list[MField], account: str | None) -> Iterator[Record]:
        used: list[MField] = []
        lines: list[str] = []
        name = created = reg_ip = None
        reg_f = created_f = None
        emails: list[str] = []
        phones: list[str] = []
        ids: list[str] = []
        extra: dict[str, str] = {}
        for f in fields:
            k = key(f.section)
            if f.label.lower().endswith("definition"):
                continue
            if k == "requestparameters":
                if key(f.label) == "accountidentifier" and _real(f):
                    v = f.value.strip()
                    m = _ACCOUNT.match(v)
                    if m and m.group("user").strip():
                        v = m.group("user").strip()
                    if v != account and v not in ids:
                        ids.append(v)
                continue
            if k == "name":
                if f.is_list:
                    for rec in f.records or []:
                        vals = [g for g in rec if g.value.strip() and not NO_RECORDS.match(g.value)]
                        if vals and name is None:
                            name = " ".join(" ".join(g.value.split()) for g in vals)
                            for g in vals:
                                extra[f"{f.label or 'Name'} ({g.label})"] = g.value.strip()
                                lines.append(f"{f.label or 'Name'} {g.label}: {g.value}")
                            used.append(f)
                elif _real(f) and name is None:
                    name = " ".join(f.value.split())
                    used.append(f)
                    lines.append(f.line())
            elif k in EMAIL_SECTIONS and _real(f):
                found = _EMAIL.findall(f.value)
                if found:
                    emails.extend(e for e in found if e not in emails)
                    used.append(f)
                    lines.append(f.line())
            elif k in VANITY_SECTIONS and _real(f):
                v = f.value.strip()
                if v not in ids and v != account:
                    ids.insert(0, v)
                used.append(f)
                lines.append(f.line())
            elif k == "registrationdate" and _real(f) and created is None:
                created, created_f = f.value.strip(), f
                used.append(f)
                lines.append(f.line())
            elif k == "registrationip" and _real(f) and reg_ip is None:
                reg_ip, reg_f = f.value.strip(), f
                used.append(f)
                lines.append(f.line())
                if not _is_ip(reg_ip):
                    yield Problem(_at(f.rows, f.section), "VALUE_NOT_IP",
                                  f"Registration IP value {reg_ip!r} does not look like an IP address; kept as printed")
            elif k in PHONE_SECTIONS and _real(f):
                for ln in f.value.split("\n"):
                    ln = ln.strip()
                    m = _PHONE.search(ln)
                    if m:
                        phones.append(m.group("num").strip())
                    elif ln and not NO_RECORDS.match(ln):
                        yield Problem(_at(f.rows, f.section), "VALUE_NOT_PHONE",
                                      f"phone line {ln!r} is not read as a phone number (kept in extra)")
                extra[f.label or f.section] = f.value.strip()
                used.append(f)
                lines.append(f.line())
            elif k in EXTRA_SECTIONS and _real(f):
                extra[f.label or f.section] = f.value.strip()
                used.append(f)
                lines.append(f.line())
        if not used:
            return
        rows = [r for f in used for r in f.rows]
        rows.sort(key=lambda r: (r.page, r.line.bbox[1] if r.line.bbox else 0))
        primary = account or (ids[0] if ids else None)
        yield Subscriber(at=union_at(rows), raw="\n".join(lines), account=primary,
                         account_ids=tuple(i for i in ids if i != primary), name=name, emails=tuple(emails),
                         phones=tuple(phones), created=created, registration_ip=reg_ip, extra=extra)
        if reg_ip and created and reg_f is not None and created_f is not None and _is_ip(reg_ip):
            yield IpEvent(at=_at(reg_f.rows, "registration_ip"), raw=f"{reg_f.line()}\n{created_f.line()}", ip=reg_ip,
                          time=created, account=account, activity="registration")

    def _record_events(self, rec: list[MField], f: MField, account: str | None, implied: str | None) -> Iterator[Record]:
        ip_fields = [g for g in rec if _ip_label(g.label) and not NO_RECORDS.match(g.value)]
        if not ip_fields:
            return
        times = [g for g in rec if _time_label(g.label) and g.value.strip() and not NO_RECORDS.match(g.value)]
        actions = [g for g in rec if _action_label(g.label) and g.value.strip()]
        ports = [g for g in rec if _port_label(g.label) and g.value.strip()]
        rows = [r for g in rec for r in g.rows]
        raw = "\n".join(g.line() for g in rec)
        ips: list[tuple[MField, str]] = []
        for g in ip_fields:
            v = g.value.strip()
            if v and _is_ip(v):
                ips.append((g, v))
            elif v and _is_ip(v.replace(" ", "")):
                ips.append((g, v.replace(" ", "")))  # one address cut by a page break
            else:
                yield Problem(_at(g.rows, f.section), "VALUE_NOT_IP",
                              f"{g.label!r} value {v!r} does not look like an IP address; not read as an IP event")
        if not ips:
            return
        used = {id(g) for g in ip_fields + times + actions + ports}
        extra = {g.label: g.value.strip() for g in rec if id(g) not in used and g.label and g.value.strip()}
        pages = sorted({r.page for r in rows})
        if len(pages) > 1:
            extra["continued_on_page"] = ", ".join(str(p) for p in pages[1:])
        one = len(ips) == 1
        time = times[0].value.strip() if one and len(times) == 1 else None
        flags: tuple[str, ...] = ()
        if times and (not one or len(times) > 1):
            for t in times:
                extra[t.label] = t.value.strip()
            flags = ("time_not_paired",)
        if time is None and not flags:
            flags = ("no_time",)
        activity = actions[0].value.strip() if len(actions) == 1 else implied
        if len(actions) > 1:
            for a in actions:
                extra[a.label] = a.value.strip()
        port = ports[0].value.strip() if one and len(ports) == 1 else None
        for _g, ip in ips:
            yield IpEvent(at=_at(rows, f.section), raw=raw, ip=ip, time=time, account=account, port=port,
                          activity=activity, extra=dict(extra), flags=flags)


EXTRACTORS = (MetaRecordsPdf(),)
