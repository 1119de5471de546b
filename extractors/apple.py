"""Apple iCloud / Apple Account productions rendered as PDF: subscriber information and the
iCloud access (IP) log.

What is public (LAYOUTS.md#apple): Apple's Legal Process Guidelines say iCloud subscriber
information may include name, physical address, e-mail address and telephone number, and that
iCloud connection logs with IP addresses can be produced. RLEAPP reads Apple's iCloud returns as
XLSX (``scripts/artifacts/icloudReturnsAcc.py``, ``icloudReturnsLogs.py``,
``icloudQueryLogs.py``): the account's DSID is printed above the table, whose header is a fixed
row further down. No public sample of the PDF form was found, so the layout read here is
**assumed**:

* subscriber fields as a two-column label/value table or ``Label: value`` lines (``DSID``,
  ``Apple ID``, ``First Name``, ``Last Name``, ``Street Address``, ``City``, ``State``,
  ``Postal Code``, ``Country``, ``Phone Number``, ``Rescue Email``, ``Account Created (GMT)``);
* an "iCloud Access Logs" table (``Date/Time (GMT)``, ``DSID``, ``Client IP``, ``Port``,
  ``Service``, ``Action``) over pages with its header repeated on each page and a footer, the
  account's ``DSID:`` / ``Apple ID:`` printed above it and a statement of the time zone.

The table is read by its header on each page with the helpers of :mod:`extractors.microsoft`
(columns by their header's position; reordered columns read the same; an added column is read
and reported; a renamed or missing one is a changed layout; repeated headers are not records;
a wrapped cell continues the row above it, also across a page break; a line that does not fit
is a ``ROW_NOT_READ`` problem). The account of an event is the row's DSID, else the DSID (or
Apple ID) printed above the table, else the subscriber's.
"""

from __future__ import annotations

import re
from typing import Iterator

from schemas.records import IpEvent, Problem, Record, Subscriber, TimeHint

from . import pdftext
from .base import Claim, Document, ExtractionFailed, Extractor
from .microsoft import (_EMAIL, _PHONE, Parsed, address_of, first_value, fit_ip, identify_provider, ip_event,
                        layout_differs, parse, pdf_rows, reference_facts, union_at, vocabulary, zone_notes)
from .ocrfix import repair_spacing
from .tables import Col, TableLayout

PROVIDER = "Apple"
#: Apple's name (not Google's 'Apple IDFV' column)
_MARK = re.compile(r"\bApple(?!\s+IDFV)\b(?:\s+Inc\.?)?|\biCloud\b")
_LPG = "https://www.apple.com/legal/privacy/law-enforcement-guidelines-us.pdf (iCloud: subscriber information, connection logs)"
_RLEAPP = ("https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/icloudReturnsAcc.py, icloudReturnsLogs.py, "
           "icloudQueryLogs.py (XLSX form: DSID above the table)")

APPLE_FIELDS: dict[str, tuple[str, ...]] = {
    "dsid": ("DSID", "Apple DSID", "Person ID", "Directory Services ID", "DS ID"),
    "apple_id": ("Apple ID", "Apple Account", "Apple Account ID", "iCloud Account", "Account"),
    "email": ("Email", "Email Address", "E-mail", "Primary Email", "iCloud Email", "Notification Email"),
    "alt_email": ("Rescue Email", "Alternate Email", "Additional Email", "Alias", "Aliases", "Reachable At"),
    "first": ("First Name", "Given Name"),
    "last": ("Last Name", "Family Name", "Surname"),
    "name": ("Name", "Full Name"),
    "street": ("Street Address", "Address", "Street", "Address Line 1"),
    "street2": ("Address Line 2",),
    "city": ("City",),
    "state": ("State", "State/Province", "Province"),
    "zip": ("Postal Code", "ZIP", "ZIP Code", "Zip/Postal Code"),
    "country": ("Country", "Country/Region"),
    "phone": ("Phone Number", "Phone", "Telephone", "Day Phone", "Evening Phone", "Night Phone", "Mobile Phone",
              "Trusted Phone Number", "Trusted Phone Numbers"),
    "created": ("Account Created", "Created", "Creation Date", "Date Created", "Account Creation Date",
                "iCloud Account Created", "Apple ID Created"),
    "reg_ip": ("Registration IP", "Created from IP", "Creation IP"),
    "status": ("Account Status", "Status"),
    "features": ("iCloud Features", "Features", "Services"),
}
APPLE_VOCAB = vocabulary(APPLE_FIELDS)

APPLE_IP_LAYOUT = TableLayout("apple-icloud-access-log", "ip_event", (
    Col("time", ("Date/Time", "Date Time", "Timestamp", "Date and Time", "Time", "Access Time", "Event Time")),
    Col("ip", ("Client IP", "IP Address", "IP", "Source IP", "Client IP Address")),
    Col("service", ("Service", "iCloud Service", "Service Name", "Application")),
    Col("activity", ("Action", "Event", "Activity", "Operation", "Request Type"), required=False),
    Col("account", ("DSID", "Apple ID", "Account", "Person ID"), required=False),
    Col("port", ("Port", "Client Port", "Source Port"), required=False),
))


class AppleAccountPdf(Extractor):
    name = "apple_account_pdf"
    provider = PROVIDER
    layout = ("Apple iCloud production as PDF: subscriber information (label/value table) and iCloud access logs "
              "over pages with repeated headers (assumed layout)")
    version = "1"
    media_types = pdftext.PDF_TYPES
    default_zone = None
    sources = ("LAYOUTS.md#apple (assumed layout: no public sample of an Apple production PDF was found)", _LPG, _RLEAPP)

    def identify(self, doc: Document) -> Claim | None:
        return identify_provider(doc, _MARK, APPLE_IP_LAYOUT, APPLE_VOCAB, {"dsid", "apple_id"})

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        rows = pdf_rows(doc)
        if not rows:
            raise ExtractionFailed(doc.name, "a PDF with text (or pages that can be OCRed)", "no text")
        p = parse(rows, APPLE_IP_LAYOUT, APPLE_VOCAB)
        used = {rows.index(r) for f in p.fields for r in f.rows}
        yield from reference_facts(rows, p.table.outside)
        yield from zone_notes(rows, p.table.outside, used)
        yield from layout_differs(p, claim, PROVIDER)
        records, account, flags = self._subscriber(p)
        yield from records
        yield from p.table.problems
        for dr in p.table.data:
            own = dr.cell("account")
            service, action = dr.cell("service"), dr.cell("activity")
            ev = ip_event(dr, own or account, action or service, flags if account and not own else ())
            if action and service:
                ev.extra.setdefault(dr.header.labels[dr.header.binding["service"]], service)
            yield ev

    def _subscriber(self, p: Parsed) -> tuple[list[Record], str | None, tuple[str, ...]]:
        f = p.fields
        dsid, apple_id = first_value(f, "dsid"), first_value(f, "apple_id")
        keys = {x.key for x in f if x.value.strip()}
        ocr = any(x.row.ocr for x in f)

        def clean(v: str) -> tuple[str, bool]:
            return repair_spacing(v.strip()) if ocr else (v.strip(), False)

        primary = dsid or apple_id
        if primary is None:
            return [], None, ()
        account, rep = clean(primary.value)
        flags = ("ocr_repaired",) if rep else ()
        if not (keys - {"dsid", "apple_id"}):  # only the account printed above a table
            return [], account, flags
        ids: list[str] = []
        if dsid is not None and apple_id is not None:
            ids.append(clean(apple_id.value)[0])
        emails: list[str] = []
        for k in ("apple_id", "email", "alt_email"):
            for x in f:
                if x.key == k:
                    for e in _EMAIL.findall(clean(x.value)[0]):
                        if e not in emails:
                            emails.append(e)
        first, last, full = first_value(f, "first"), first_value(f, "last"), first_value(f, "name")
        name = full.value.strip() if full else (" ".join(x.value.strip() for x in (first, last) if x) or None)
        phones = [m.group(0).strip() for x in f if x.key == "phone" for m in _PHONE.finditer(x.value)]
        created = first_value(f, "created")
        extra: dict[str, str] = {}
        for x in f:
            if x.key in ("first", "last", "street", "street2", "city", "state", "zip", "country", "status", "features") \
                    and x.value.strip():
                extra.setdefault(x.label, " ".join(x.value.split()))
        for label, value, _row in p.others:
            extra.setdefault(label, value)
        out: list[Record] = []
        reg = first_value(f, "reg_ip")
        reg_ip = None
        reg_flags: tuple[str, ...] = ()
        if reg is not None:
            v, r = fit_ip(reg.value.split()[0] if reg.value.split() else "", reg.row.ocr)
            if v is None:
                out.append(Problem(reg.row.at, "VALUE_NOT_IP", f"{reg.label} value {reg.value!r} is not an IP address; "
                                   "kept in extra"))
                extra[reg.label] = reg.value.strip()
            else:
                reg_ip, reg_flags = v, (("ocr_repaired",) if r else ())
        all_rows = [r for x in f for r in x.rows]
        out.insert(0, Subscriber(
            at=union_at(all_rows), raw="\n".join(x.raw for x in f), account=account, account_ids=tuple(ids), name=name,
            emails=tuple(emails), phones=tuple(phones),
            address=address_of(f, ("street", "street2", "city", "state", "zip", "country")),
            created=created.value.strip() if created else None,
            created_hint=TimeHint(zone=created.zone) if created and created.zone else None, registration_ip=reg_ip,
            extra=extra, flags=tuple(sorted(set(flags) | set(reg_flags)))))
        if reg_ip and created is not None and reg is not None:
            out.append(IpEvent(at=reg.row.at, raw=reg.raw + "\n" + created.raw, ip=reg_ip, time=created.value.strip(),
                               account=account, activity="registration",
                               hint=TimeHint(zone=created.zone) if created.zone else None, flags=reg_flags))
        return out, account, flags


EXTRACTORS = (AppleAccountPdf(),)
