"""Telephone carrier call-detail records (CDR) as CSV/TSV or XLSX: one row per call/message.

Sources (see ``LAYOUTS.md#telephone-carrier-call-detail-records``): the one carrier
document found is T-Mobile/MetroPCS Law Enforcement Relations, "Interpreting Call Detail
Records" (v.170711, 2017): an Excel file combining calls and messages, one row per event,
with ``Date`` (mm/dd/yyyy), ``(UTC) Time``, ``Duration`` (seconds), ``Call Type``
(mSOriginating, mSTerminating, mSOriginatingSMSinMSC, SMSc ...), ``Direction``,
``Calling Number``, ``Dialed Number``, ``Called Number``, ``Destination Number``, ``IMSI``,
``IMEI``, ``Completion Code``, ``Service Code``, ``Switch Name`` and cell fields ``1st LTE
Site ID``, ``1st LAC``, ``1st Cell ID``, ``1st Tower LAT/LONG``, ``… Address`` and their
``Last …`` twins. Those header texts are declared here. The other header names accepted
(``Originating/Terminating Number``, ``Date/Time``, ``Elapsed Time``, ``Cell Site`` ...)
are ASSUMED synonyms: they are common CDR vocabulary but no public carrier layout shows
them.

Meaning, not positions: a table is a CDR when its header has a start time (``Date`` +
``Time`` or one date-time column), a calling and a called number, and at least one of
duration / call type / direction, and its number columns hold phone numbers. Other
columns are kept (``extra``); columns nobody has described are reported as a changed
layout.

Times are local unless a header or value says otherwise: the zone comes from the notes
above the header ("All times are Eastern Time (ET)"), which are yielded as
``DocumentFact(kind="note")`` for the framework to apply, or from a header such as
``(UTC) Time``. Separate ``Date`` and ``Time`` columns are joined (``03/01/2026 09:12:00``;
in XLSX the date serial and the time of day are joined into one serial, the start text
being the two cells as read). DST gaps and repeats are flagged by the framework.

Also read: a ``Field | Value`` subscriber sheet in the same workbook (``Subscriber Name``,
``Account Number``, ``Mobile Number``, ``Billing Address``, ``Service Start``, ``IMEI``,
``IMSI``; assumed layout), and data rows or data-session tables carrying IP addresses
(``IP Address``/``Assigned IP`` ...; assumed), which also give :class:`IpEvent` records.

The provider of the rows is "carrier"; the carrier's own name, when the preamble prints it
("Lakeshore Wireless - Law Enforcement Relations"), is given as
``DocumentFact(kind="provider_name")``.
"""

from __future__ import annotations

import re
from typing import Iterator

from schemas.records import CallEvent, DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from .base import Claim, Document, ExtractionFailed, Extractor, LayoutChange
from .kik import looks_like_ip
from .tables import XLSX_TYPES, Col, Table, TableLayout, header_zone_text, norm_header, read_tables

SOURCES = ("LAYOUTS.md#telephone-carrier-call-detail-records",
           "T-Mobile/MetroPCS LER 'Interpreting Call Detail Records' v.170711 (2017), via Eyeswidewoke/PDF-FIles scan")

CDR = TableLayout("cdr", "call", (
    Col("date", ("Date", "Call Date", "Start Date", "Connection Date", "Event Date", "Seizure Date"), required=False),
    Col("time", ("Time", "Call Time", "Start Time", "Connection Time", "Event Time", "Seizure Time"), required=False),
    Col("datetime", ("Date/Time", "Date Time", "Start Date/Time", "Start Date Time", "Call Start", "Connection Date/Time",
                     "Conn. Date/Time", "Seizure Date/Time", "Event Date/Time", "Timestamp", "Call Date/Time"), required=False),
    Col("caller", ("Calling Number", "Calling Party", "Calling Party Number", "Originating Number", "Caller",
                   "Caller Number", "From", "From Number", "A Number", "Source Number"), required=False),
    Col("callee", ("Called Number", "Called Party", "Called Party Number", "Terminating Number", "Dialed Number",
                   "Dialed Digits", "Callee", "To", "To Number", "B Number", "Destination Number"), required=False),
    Col("duration", ("Duration", "Call Duration", "Elapsed Time", "Seizure Duration", "Duration Seconds",
                     "Duration Sec", "Duration (sec)"), required=False),
    Col("kind", ("Call Type", "Type", "Record Type", "Event Type", "Service Type", "Service", "Usage Type"), required=False),
    Col("direction", ("Direction", "Call Direction"), required=False),
    Col("cell", ("1st Cell ID", "First Cell ID", "Cell ID", "First Cell", "Cell Site", "Cell Site ID", "First Serving Cell Site",
                 "1st LTE Site ID", "First Serving Cell", "Cell Tower", "Originating Cell", "Serving Cell"), required=False),
    Col("account", ("Target Number", "Target", "MSISDN", "Subscriber Number", "Target MSISDN", "MDN"), required=False),
    Col("ip", ("IP Address", "Public IP", "Public IP Address", "Assigned IP", "Device IP", "Source IP", "Client IP",
               "IPv4 Address", "IPv6 Address"), required=False),
    Col("port", ("Port", "Source Port", "Public Port"), required=False),
))
#: columns described by the T-Mobile dictionary (or common and harmless) that are kept in ``extra`` without a change report
KNOWN_EXTRA = {norm_header(h) for h in (
    "IMEI", "IMSI", "Last Cell ID", "Last LTE Site ID", "1st LAC", "Last LAC", "1st Tower LAT", "1st Tower LONG",
    "1st Tower Address", "Last Tower LAT", "Last Tower LONG", "Last Tower Address", "1st Tower Azimuth", "Last Tower Azimuth",
    "Switch Name", "Completion Code", "Service Code", "Dialed Number", "Called Number", "Destination Number",
    "Calling Number", "Last Cell", "Sector", "Azimuth", "APN", "Bytes Up", "Bytes Down", "Bytes Uplink", "Bytes Downlink",
    "Data Volume", "End Time", "End Date", "End Date/Time", "Session End", "Item", "Seq", "Record", "Record ID",
    "Network Element", "Network Element Name", "Call ID", "Dialed Digits", "Forwarded Number", "Feature", "Roaming",
    "Cell Site Address", "LAC", "TAC", "ECI", "eNodeB ID", "Last Serving Cell Site", "Last Serving Cell", "Time Zone",
    "1st LTE Site ID", "1st Cell ID", "Port Range", "Port Block",
)}

SESSION = TableLayout("data-sessions", "ip_event", (
    Col("datetime", ("Start Date/Time", "Session Start", "Start Time", "Start", "Date/Time", "Timestamp", "Connect Time"),
        required=False),
    Col("date", ("Date", "Start Date"), required=False),
    Col("time", ("Time",), required=False),
    Col("ip", ("IP Address", "Public IP", "Public IP Address", "Assigned IP", "Device IP", "Source IP", "Client IP",
               "IPv4 Address", "IPv6 Address", "IP")),
    Col("port", ("Port", "Source Port", "Public Port"), required=False),
    Col("account", ("Target Number", "MSISDN", "Mobile Number", "Subscriber Number", "MDN"), required=False),
    Col("kind", ("Session Type", "Type", "Service", "Record Type"), required=False),
))
_TELECOM = {norm_header(h) for h in ("APN", "IMSI", "IMEI", "MSISDN", "MDN", "Cell ID", "1st Cell ID", "Bytes Up", "Bytes Down",
                                     "Bytes Uplink", "Bytes Downlink", "Data Volume", "Uplink", "Downlink", "Session End",
                                     "End Date/Time", "Cell Site")}

_SUB_FIELDS = {
    "mobile number": "phone", "phone number": "phone", "msisdn": "phone", "mdn": "phone", "target number": "phone",
    "subscriber name": "name", "name": "name", "customer name": "name", "account holder": "name",
    "account number": "account", "account": "account", "account id": "account", "billing account": "account",
    "billing address": "address", "address": "address", "service address": "address",
    "service start": "created", "activation date": "created", "account created": "created", "service start date": "created",
}

_PHONE = re.compile(r"^\+?[\d\s().\-]{3,20}$")
_CARRIER_NAME = re.compile(r"^(?P<name>[A-Z][\w&.,' ]{1,60}?)\s*[-\u2013\u2014:|]\s*(?:Law Enforcement|Legal|Subpoena|Custodian|"
                           r"Compliance|LERS|Lawful)", re.I)
_TARGET = re.compile(r"(?:\b(?:records?|sessions?|CDRs?|usage|activity) (?:for|of)|target(?: number)?\s*[:=]|MSISDN\s*[:=]|number\s*[:=])\s*"
                     r"(?:number\s+|MSISDN\s+)?(?P<num>\+?\d[\d\s().\-]{5,18}\d)\b", re.I)
_REFERENCE = re.compile(r"^\s*(?:our |carrier |LER |case )?(?:reference|ref\.?|file|ticket)(?: (?:no\.?|number|#))?\s*[:#]\s*(?P<ref>\S.*?)\s*$", re.I)


def _phone_like(v: str) -> bool:
    v = v.strip()
    return bool(v) and bool(_PHONE.match(v)) and sum(ch.isdigit() for ch in v) >= 3


def _dateish(v: str) -> bool:
    return bool(re.search(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}", v))


def _bind(table: Table, layout: TableLayout) -> tuple[dict[str, int], list[str]]:
    """(field -> column, unexpected headers). When several headers fit one meaning, the synonym
    listed first wins (T-Mobile prints Dialed Number before Called Number: the callee is the
    Called Number)."""
    binding, change, _ = layout.bind(table.header)
    for col in layout.columns:
        if col.field not in binding:
            continue
        taken = set(binding.values()) - {binding[col.field]}
        for name in col.headers:
            idx = next((i for i, h in enumerate(table.header) if i not in taken and norm_header(h) == norm_header(name)), None)
            if idx is not None:
                binding[col.field] = idx
                break
    bound = set(binding.values())
    unknown = [h for i, h in enumerate(table.header) if i not in bound and h.strip() and norm_header(h) not in KNOWN_EXTRA
               and norm_header(h) not in _TELECOM]
    return binding, unknown


def _cdr_shape(table: Table, binding: dict[str, int]) -> tuple[bool, list[str]]:
    """Whether the bound columns make a CDR, and which required meanings are missing."""
    missing = []
    has_time = "datetime" in binding or ("date" in binding and "time" in binding) or (
        "time" in binding and any(_dateish(r.cells[binding["time"]]) for r in table.rows[:10] if binding["time"] < len(r.cells)))
    if not has_time:
        missing.append("Date + Time (or Date/Time)")
    for f, label in (("caller", "Calling Number"), ("callee", "Called Number")):
        if f not in binding:
            missing.append(label)
    if not ({"duration", "kind", "direction"} & set(binding)):
        missing.append("Duration / Call Type / Direction")
    return not missing, missing


def _numbers_ok(table: Table, binding: dict[str, int]) -> bool:
    rows = table.rows[:25]
    if not rows:
        return True
    good = 0
    for r in rows:
        vals = [r.cells[binding[f]] for f in ("caller", "callee") if f in binding and binding[f] < len(r.cells)]
        if any(_phone_like(v) for v in vals):
            good += 1
    return good >= max(1, int(len(rows) * 0.8))


def _session_shape(table: Table, binding: dict[str, int]) -> bool:
    if "ip" not in binding:
        return False
    if not ("datetime" in binding or ("date" in binding and "time" in binding)):
        return False
    if not any(norm_header(h) in _TELECOM for h in table.header):
        return False
    rows = table.rows[:25]
    return not rows or sum(looks_like_ip(r.cells[binding["ip"]]) for r in rows if binding["ip"] < len(r.cells)) >= max(1, int(len(rows) * 0.8))


def _is_field_value(table: Table) -> bool:
    return len(table.header) == 2 and norm_header(table.header[0]) in ("field", "item", "label", "attribute") and \
        norm_header(table.header[1]) in ("value", "details", "information")


def _target(table: Table) -> str | None:
    """The number the records are for, when a note above the table names exactly one."""
    found = {m.group("num").strip() for _, note in table.notes for m in [_TARGET.search(note)] if m}
    return next(iter(found)) if len(found) == 1 else None


def _time_fraction(text: str) -> float | None:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?", text.strip())
    if not m:
        return None
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    frac = float("0." + m.group(4)) if m.group(4) else 0.0
    if m.group(5):
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if m.group(5).lower() == "p" else 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return (h * 3600 + mi * 60 + s + frac) / 86400


class CarrierCdr(Extractor):
    name = "carrier_cdr"
    provider = "carrier"
    layout = "Carrier call-detail records (CSV/XLSX; Date, Time, Duration, Call Type, Direction, Calling/Called Number, cell), local times"
    version = "2"
    media_types = ("text/", "application/csv", *XLSX_TYPES)
    sources = SOURCES
    # the layout is modelled on a US carrier's guide (T-Mobile, "Interpreting Call Detail Records"): numbers
    # printed without a country code are US numbers, and numeric dates are month first (mm/dd/yyyy)
    default_region = "US"
    day_first = False

    def identify(self, doc: Document) -> Claim | None:
        if doc.suffix not in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
            return None
        tables = read_tables(doc, peek=True)
        if not tables:
            return None
        best_change: Claim | None = None
        for table in tables:
            if _is_field_value(table):
                continue
            binding, unknown = _bind(table, CDR)
            ok, missing = _cdr_shape(table, binding)
            if ok and _numbers_ok(table, binding):
                return Claim("cdr", LayoutChange("carrier CDR", added=tuple(unknown)) if unknown else None)
            sbind, sunknown = _bind(table, SESSION)
            if _session_shape(table, sbind):
                return Claim("data-sessions", LayoutChange("carrier data sessions", added=tuple(sunknown)) if sunknown else None)
            # a CDR by its own words, whose columns changed
            said = " ".join(n for _, n in table.notes) + " " + doc.filename
            if re.search(r"call detail|\bCDR\b|\bCDRs\b", said, re.I) and len(missing) <= 2 and best_change is None:
                best_change = Claim("cdr", LayoutChange("carrier CDR", missing=tuple(missing), added=tuple(unknown)))
        return best_change

    # -- extract

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        tables = read_tables(doc)
        read_any = False
        facts_done: set[tuple[str, str]] = set()
        for table in tables:
            if _is_field_value(table):
                continue
            cb, _ = _bind(table, CDR)
            ok, _missing = _cdr_shape(table, cb)
            if ok and _numbers_ok(table, cb):
                read_any = True
                yield from self._notes(table, facts_done)
                yield from self._cdr(table, cb, _target(table))
                continue
            sb, _ = _bind(table, SESSION)
            if _session_shape(table, sb):
                read_any = True
                yield from self._notes(table, facts_done)
                yield from self._sessions(table, sb, _target(table))
        if not read_any:
            raise ExtractionFailed(doc.name, "a call-detail table (start time, calling and called numbers)", "none")
        for table in tables:
            if _is_field_value(table):
                yield from self._subscriber(table)

    def _notes(self, table: Table, done: set[tuple[str, str]]) -> Iterator[Record]:
        for at, note in table.notes:
            key = (at.as_text(), note)
            if key in done:
                continue
            done.add(key)
            yield DocumentFact(at=at, raw=note, kind="note", value=note)
            cm = _CARRIER_NAME.match(note)
            if cm:
                yield DocumentFact(at=at, raw=note, kind="provider_name", value=cm.group("name").strip())
            rm = _REFERENCE.match(note)
            if rm:
                yield DocumentFact(at=at, raw=note, kind="request_reference", value=rm.group("ref"))

    def _start(self, table: Table, n: int, row_cells: list[str], b: dict[str, int]) -> tuple[str | None, TimeHint | None]:
        hints = (getattr(table, "hints", {}) or {}).get(n) or []

        def hint_at(i: int) -> TimeHint | None:
            return hints[i] if i < len(hints) else None

        def cell(i: int) -> str:
            return row_cells[i].strip() if i < len(row_cells) else ""

        def zone_of(*cols: int) -> str | None:
            for c in cols:
                z = header_zone_text(table.header[c])
                if z:
                    return z
            return None

        if "datetime" in b:
            i = b["datetime"]
            h = hint_at(i)
            text = cell(i) or None
            z = zone_of(i)
            if h is None and z is None:
                return text, None
            return text, TimeHint(zone=z, excel_serial=h.excel_serial if h else None, date1904=h.date1904 if h else False)
        if "date" in b and "time" in b:
            di, ti = b["date"], b["time"]
            dtext, ttext = cell(di), cell(ti)
            z = zone_of(ti, di)
            if not dtext and not ttext:
                return None, None
            dh, th = hint_at(di), hint_at(ti)
            text = f"{dtext} {ttext}".strip()
            if dh is not None and dh.excel_serial is not None:
                frac = None
                if th is not None and th.excel_serial is not None:
                    frac = th.excel_serial % 1
                elif ttext:
                    frac = _time_fraction(ttext)
                if frac is None:
                    return text, TimeHint(zone=z) if z else None  # not readable as one instant: the framework flags it
                return text, TimeHint(zone=z, excel_serial=float(int(dh.excel_serial)) + frac, date1904=dh.date1904)
            return text, TimeHint(zone=z) if z else None
        if "time" in b:
            i = b["time"]
            h = hint_at(i)
            z = zone_of(i)
            if h is None and z is None:
                return cell(i) or None, None
            return cell(i) or None, TimeHint(zone=z, excel_serial=h.excel_serial if h else None, date1904=h.date1904 if h else False)
        return None, None

    def _cdr(self, table: Table, b: dict[str, int], target: str | None) -> Iterator[Record]:
        used = {b[f] for f in ("date", "time", "datetime", "caller", "callee", "duration", "kind", "direction", "cell", "account")
                if f in b}
        for n, row in enumerate(table.rows):
            cells = row.cells

            def get(f: str) -> str | None:
                i = b.get(f)
                return (cells[i].strip() or None) if i is not None and i < len(cells) else None

            if not any(c.strip() for c in cells):
                continue
            start, hint = self._start(table, n, cells, b)
            if not (get("caller") or get("callee")) and start is None:
                yield Problem(row.at, "ROW_NOT_READ", "row without numbers or a start time; not read")
                continue
            extra = {table.header[i]: cells[i].strip() for i in range(min(len(table.header), len(cells)))
                     if i not in used and cells[i].strip()}
            account = get("account") or target
            yield CallEvent(at=row.at, raw=row.raw, start=start, caller=get("caller"), callee=get("callee"),
                            duration=get("duration"), direction=get("direction"), kind=get("kind"), cell=get("cell"),
                            account=account, hint=hint, extra=extra)
            ip = get("ip")
            if ip:
                yield IpEvent(at=row.at, raw=row.raw, ip=ip, time=start, account=account, port=get("port"),
                              activity=get("kind") or "data", hint=hint, extra=extra)

    def _sessions(self, table: Table, b: dict[str, int], target: str | None) -> Iterator[Record]:
        used = {b[f] for f in ("date", "time", "datetime", "ip", "port", "account", "kind") if f in b}
        for n, row in enumerate(table.rows):
            cells = row.cells

            def get(f: str) -> str | None:
                i = b.get(f)
                return (cells[i].strip() or None) if i is not None and i < len(cells) else None

            ip = get("ip")
            if not ip:
                continue
            start, hint = self._start(table, n, cells, b)
            extra = {table.header[i]: cells[i].strip() for i in range(min(len(table.header), len(cells)))
                     if i not in used and cells[i].strip()}
            yield IpEvent(at=row.at, raw=row.raw, ip=ip, time=start, account=get("account") or target, port=get("port"),
                          activity=get("kind") or "data session", hint=hint, extra=extra)

    def _subscriber(self, table: Table) -> Iterator[Record]:
        fields: dict[str, tuple[str, int]] = {}
        extra: dict[str, str] = {}
        hints_map = getattr(table, "hints", {}) or {}
        rows = []
        for n, row in enumerate(table.rows):
            if len(row.cells) < 2 or not row.cells[0].strip():
                continue
            label, value = row.cells[0].strip(), row.cells[1].strip()
            if not value:
                continue
            rows.append(row)
            key = _SUB_FIELDS.get(norm_header(label))
            if key and key not in fields:
                fields[key] = (value, n)
            else:
                extra[label] = value
        if not rows:
            return
        created_hint = None
        created = fields["created"][0] if "created" in fields else None
        if "created" in fields:
            h = (hints_map.get(fields["created"][1]) or [None, None])
            if len(h) > 1 and h[1] is not None and h[1].excel_serial is not None:
                if float(h[1].excel_serial).is_integer():
                    # a date cell without a time of day: give the date itself, not an invented midnight
                    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

                    created = from_excel(h[1].excel_serial, epoch=MAC_EPOCH if h[1].date1904 else WINDOWS_EPOCH).date().isoformat()
                else:
                    created_hint = h[1]
        get = lambda k: fields[k][0] if k in fields else None  # noqa: E731
        at = Locator(sheet=table.sheet, row=rows[0].at.row, cell=rows[0].at.cell) if table.sheet else rows[0].at
        yield Subscriber(at=at, raw="\n".join(r.raw for r in rows), account=get("account") or get("phone"),
                         account_ids=tuple(v for v in (get("phone"),) if v and get("account")),
                         name=get("name"), phones=tuple(v for v in (get("phone"),) if v), address=get("address"),
                         created=created, created_hint=created_hint, extra=extra)


# -- cover letter -----------------------------------------------------------------------------------

_LER_LINE = re.compile(r"^\s*(?:Law Enforcement|Legal|Subpoena|Lawful)\s+(?:Relations|Response|Compliance|Services|"
                       r"Support|Demands?)\b", re.I)
_ZONE_SENTENCE = re.compile(r"\b(?:all )?(?:time ?stamps?|times|dates and times)\b[^.]{0,40}\b(?:are|in|is)\b[^.]{0,40}"
                            r"\b(?:UTC|GMT|Coordinated Universal Time|[A-Z][a-z]+ (?:Standard |Daylight )?Time)\b", re.I)
_NAME_THEN_ADDRESS = re.compile(r"^(?P<name>[^,\d][^,]{1,60}),\s*(?P<address>\d.+)$")


class CarrierCoverLetter(Extractor):
    name = "carrier_cover_letter"
    provider = "carrier"
    layout = "Carrier LER cover letter (plain text): carrier name, Reference, case number, time zone, subscriber lines (assumed)"
    version = "1"
    media_types = ("text/plain",)
    sources = ("LAYOUTS.md#telephone-carrier-call-detail-records", "assumed: the LSW-2026-03381 sample cover letter")

    def identify(self, doc: Document) -> Claim | None:
        if doc.suffix not in (".txt", ""):
            return None
        head = doc.head_text(16384)
        lines = [ln.strip() for ln in head.splitlines() if ln.strip()]
        if not any(_LER_LINE.match(ln) or _CARRIER_NAME.match(ln) for ln in lines[:4]):
            return None
        if not re.search(r"call detail records?|\bCDRs?\b", head, re.I):
            return None
        if not re.search(r"^\s*(?:reference|ref\.?|our reference)\s*:", head, re.I | re.M):
            return None
        return Claim("cover-letter")

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        from .textutil import labelled_lines

        text = doc.text()
        lines = [(no, off, ln) for no, off, ln in text.lines]
        nonempty = [(no, off, ln) for no, off, ln in lines if ln.strip()]
        for k, (no, off, ln) in enumerate(nonempty[:4]):
            m = _CARRIER_NAME.match(ln.strip())
            if m:
                yield DocumentFact(at=Locator(line=no, byte_offset=off), raw=ln, kind="provider_name", value=m.group("name").strip())
                break
            if _LER_LINE.match(ln) and k > 0:
                pno, poff, prev = nonempty[k - 1]
                yield DocumentFact(at=Locator(line=pno, byte_offset=poff), raw=prev, kind="provider_name", value=prev.strip())
                break
        fields: dict[str, object] = {}
        for lab in labelled_lines(text):
            if not lab.value:
                continue
            if lab.key in ("reference", "ref", "our reference"):
                yield DocumentFact(at=lab.at, raw=lab.raw, kind="request_reference", value=lab.value)
            elif lab.key in ("your case number", "case number", "your reference"):
                yield DocumentFact(at=lab.at, raw=lab.raw, kind="case_reference", value=lab.value)
            elif lab.key in ("subscriber", "subscriber name", "account holder", "customer"):
                fields.setdefault("subscriber", lab)
            elif lab.key in ("account number", "account", "account no", "billing account number"):
                fields.setdefault("account", lab)
            elif lab.key in ("address", "billing address", "service address"):
                fields.setdefault("address", lab)
        for no, off, line in lines:
            if _ZONE_SENTENCE.search(line):
                yield DocumentFact(at=Locator(line=no, byte_offset=off), raw=line, kind="note", value=line.strip())
        if "subscriber" in fields or "account" in fields:
            sub = fields.get("subscriber")
            acc = fields.get("account")
            addr = fields.get("address")
            name = address = None
            extra: dict[str, str] = {}
            if sub is not None:
                value = sub.value  # type: ignore[attr-defined]
                m = _NAME_THEN_ADDRESS.match(value)
                if m and addr is None:  # "Name, 100 Street, Town" — a name, then an address starting with a number
                    name, address = m.group("name").strip(), m.group("address").strip()
                elif "," not in value:
                    name = value
                else:
                    extra[sub.label] = value  # type: ignore[attr-defined]
            if addr is not None:
                address = addr.value  # type: ignore[attr-defined]
            used = sorted((x for x in (sub, acc, addr) if x is not None), key=lambda x: x.at.line)  # type: ignore[attr-defined]
            yield Subscriber(at=used[0].at, raw="\n".join(x.raw for x in used),  # type: ignore[attr-defined]
                             account=acc.value if acc is not None else None,  # type: ignore[attr-defined]
                             name=name, address=address, extra=extra)


EXTRACTORS = (CarrierCdr(), CarrierCoverLetter())
