"""TikTok law-enforcement returns: the ``<user> - IP Data.xlsx`` sheet, its CSV twin, the
``<user> (Subscriber information).pdf`` sheet, and the newer PDF-folder IP sections.

Sources (see ``LAYOUTS.md#tiktok``):

* RLEAPP ``tikTokipdata.py`` (2021-09, updated 2026-06): ``*/*/*- IP Data.xlsx``, the first
  four columns being Timestamp, Active Start Time, IP and IP Country. RLEAPP reads them by
  position and never checks the titles; here the titles are read (``Timestamp (UTC)``,
  ``Active Start Time (UTC)``, ``IP``, ``IP Country`` in the samples), so a reordered or
  renamed sheet is read right or reported. The zone is taken from the titles only:
  RLEAPP notes the provider's zone "was not established", so there is no default zone.
* RLEAPP ``tikToksubsinfo.py`` / TikTok's LE guidelines: subscriber fields (username, user
  id, email, phone, registration time and IP, device model). The PDF layout is assumed
  (``Label: value`` lines, as in the sample package).
* RLEAPP ``tikTokReturnPdf.py`` (2026-09): the newer PDF layout, ``App/LoginLogoutHistory.pdf``
  (``User login time:``, ``User login IP:``, ``User login country:`` and the ``logout``
  twins), ``App/IPSessionHistory_N.pdf`` (``Date:``, ``IP:``, ``IP Port:``, ``Country:``) and
  ``App/EventsIPData_N.pdf`` (``Date:``, ``IP:``, ``Event:``, ``Country:``); times like
  ``MM/DD/YYYY hh:mm:ssAM (UTC +00)``; page footer ``TikTok …`` / ``Confidential &
  Proprietary``.

The IP Data sheet names no account: the account is the ``<user>`` of the file name
``<user> - IP Data.xlsx`` (flag ``account_from_filename``), or none.
"""

from __future__ import annotations

import re
from typing import Iterator

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from .base import Claim, Document, ExtractionFailed, Extractor, LayoutChange
from .kik import PdfLine, head_pdf_text, looks_like_ip, pdf_lines, union_bbox
from .tables import XLSX_TYPES, Col, Table, TableLayout, header_zone_text, norm_header, read_tables

SOURCES = ("LAYOUTS.md#tiktok", "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/tikTokipdata.py",
           "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/tikTokReturnPdf.py")

_IP_DATA_NAME = re.compile(r"^(?P<user>.+?)\s+-\s+IP Data\.(?:xlsx|xlsm|csv|tsv|txt)$", re.I)

IP_DATA = TableLayout("ip-data", "ip_event", (
    Col("time", ("Timestamp", "Time", "Login Time", "Date")),
    Col("start", ("Active Start Time", "Active Start", "Session Start Time"), required=False),
    Col("ip", ("IP", "IP Address", "Login IP")),
    Col("country", ("IP Country", "Country"), required=False),
))
#: what a TikTok IP Data sheet is recognised by, beyond its file name
_DISTINCT = ("active start time",)


def _user_from_name(doc: Document) -> str | None:
    m = _IP_DATA_NAME.match(doc.filename)
    return m.group("user").strip() if m else None


def _display(table: Table, row_no: int, col: int, text: str) -> str:
    """An Excel date cell as it is displayed (the serial rendered), other cells as read."""
    hints = getattr(table, "hints", {}).get(row_no)
    hint = hints[col] if hints and col < len(hints) else None
    if hint is None or hint.excel_serial is None:
        return text
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

    try:
        value = from_excel(hint.excel_serial, epoch=MAC_EPOCH if hint.date1904 else WINDOWS_EPOCH)
        return value.isoformat(sep=" ") if hasattr(value, "isoformat") else text
    except Exception:  # noqa: BLE001 - fall back to the serial text
        return text


class TikTokIpData(Extractor):
    name = "tiktok_ip_data"
    provider = "TikTok"
    layout = "TikTok '<user> - IP Data.xlsx' (or CSV): Timestamp, Active Start Time, IP, IP Country (2021-2026)"
    version = "1"
    media_types = ("text/", "application/csv", *XLSX_TYPES)
    sources = SOURCES

    def identify(self, doc: Document) -> Claim | None:
        if doc.suffix not in (".xlsx", ".xlsm", ".csv", ".tsv", ".txt"):
            return None
        named = _user_from_name(doc) is not None
        tables = read_tables(doc, peek=True)
        if not tables:
            return Claim("ip-data", LayoutChange(IP_DATA.name, missing=("(a table)",))) if named else None
        best: tuple[int, Claim] | None = None
        for table in tables:
            binding, change, found = IP_DATA.bind(table.header)
            distinct = any(norm_header(h) in _DISTINCT for h in table.header)
            if not (named or distinct):
                continue
            if found == 2 and not (change and (change.missing or change.renamed)):
                return Claim("ip-data", change if change and change.added else None)
            if found >= 1 or named:
                c = Claim("ip-data", change or LayoutChange(IP_DATA.name, missing=("Timestamp", "IP")))
                if best is None or found > best[0]:
                    best = (found, c)
        return best[1] if best else None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        user = _user_from_name(doc)
        read_any = False
        for table in read_tables(doc):
            binding, change, found = IP_DATA.bind(table.header)
            if found != 2 or (change and (change.missing or change.renamed)):
                if table.rows:
                    yield Problem(table.header_at, "TABLE_NOT_READ",
                                  f"table with header {table.header!r} is not a TikTok IP Data table; not read")
                continue
            read_any = True
            if "start" not in binding:
                yield Problem(table.header_at, "LAYOUT_COLUMN_ABSENT", "TikTok IP Data sheet without 'Active Start Time'")
            for at, note in table.notes:
                yield DocumentFact(at=at, raw=note, kind="note", value=note)
            zones = {i: z for i, h in enumerate(table.header) if (z := header_zone_text(h))}
            t_col, ip_col = binding["time"], binding["ip"]
            hints_map = getattr(table, "hints", {})
            for n, row in enumerate(table.rows):
                cells = row.cells
                ip = cells[ip_col].strip() if ip_col < len(cells) else ""
                if not ip:
                    continue
                time = cells[t_col].strip() if t_col < len(cells) else ""
                base = (hints_map.get(n) or [None] * len(cells))
                base_hint = base[t_col] if t_col < len(base) else None
                hint = None
                if base_hint is not None or t_col in zones:
                    hint = TimeHint(zone=zones.get(t_col), excel_serial=base_hint.excel_serial if base_hint else None,
                                    date1904=base_hint.date1904 if base_hint else False)
                extra = {table.header[i]: _display(table, n, i, cells[i].strip())
                         for i in range(min(len(table.header), len(cells))) if i not in (t_col, ip_col) and cells[i].strip()}
                yield IpEvent(at=row.at, raw=row.raw, ip=ip, time=time or None, account=user, activity="IP Data",
                              hint=hint, extra=extra, flags=("account_from_filename",) if user else ())
        if not read_any:
            raise ExtractionFailed(doc.name, "a table with Timestamp and IP columns", "none")


# -- subscriber PDF -----------------------------------------------------------------------------

_FIELD = re.compile(r"^(?P<label>[A-Za-z][A-Za-z0-9 /()&'._-]{0,48}?)\s*:\s*(?P<value>.*)$")
_LABELS = {
    "username": "username", "user name": "username", "unique id": "username", "user id": "user_id", "uid": "user_id",
    "nickname": "nickname", "display name": "nickname", "name": "name", "email": "email", "e-mail": "email",
    "email address": "email", "phone": "phone", "phone number": "phone", "mobile": "phone",
    "registration time": "created", "account created": "created", "created": "created", "signup time": "created",
    "sign up time": "created", "registration date": "created", "registration ip": "reg_ip", "signup ip": "reg_ip",
    "sign up ip": "reg_ip", "request reference": "reference", "reference": "reference",
}


class TikTokSubscriberPdf(Extractor):
    name = "tiktok_subscriber_pdf"
    provider = "TikTok"
    layout = "TikTok '<user> (Subscriber information).pdf': labelled basic subscriber fields (assumed layout)"
    version = "1"
    media_types = ("application/pdf",)
    sources = SOURCES

    def identify(self, doc: Document) -> Claim | None:
        named = "subscriber information" in doc.filename.lower()
        text = head_pdf_text(doc)
        if not text:
            return None
        tiktok = bool(re.search(r"\btik\s?tok\b", text, re.I))
        if not tiktok:
            return None
        keys = {_LABELS.get(m.group("label").strip().lower()) for ln in text.splitlines() if (m := _FIELD.match(ln))}
        core = {"username", "user_id"} & keys
        if core and ({"email", "phone", "created", "reg_ip"} & keys) and (named or re.search(r"subscriber information", text, re.I)):
            return Claim("bsi-labelled")
        if named or re.search(r"basic subscriber information", text, re.I):
            missing = tuple(k for k in ("Username", "User ID") if k.lower().replace(" ", "_") not in keys)
            return Claim("bsi-labelled", LayoutChange("TikTok subscriber PDF (Label: value lines)", missing=missing or ("Email/Phone",)))
        return None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        lines = pdf_lines(doc)
        if not lines:
            raise ExtractionFailed(doc.name, "a text PDF", "no extractable text")
        fields: dict[str, tuple[str, PdfLine]] = {}
        extra: dict[str, str] = {}
        used: list[PdfLine] = []
        for ln in lines:
            if (re.search(r"\b(times? (are|in|is)|time zone|all times)\b", ln.text, re.I) and not _FIELD.match(ln.text)
                    and not re.search(r"spreadsheet|accompanying|attached|enclosed|separate", ln.text, re.I)):
                yield DocumentFact(at=ln.at, raw=ln.text, kind="note", value=ln.text)
                continue
            m = _FIELD.match(ln.text)
            if not m or not m.group("value").strip():
                continue
            label, value = m.group("label").strip(), m.group("value").strip()
            key = _LABELS.get(label.lower())
            if key == "reference":
                yield DocumentFact(at=ln.at, raw=ln.text, kind="request_reference", value=value)
                continue
            if key and key not in fields:
                fields[key] = (value, ln)
            else:
                extra.setdefault(label, value)
            used.append(ln)
        get = lambda k: fields[k][0] if k in fields else None  # noqa: E731
        account = get("user_id") or get("username")
        if account is None:
            raise ExtractionFailed(doc.name, "a 'User ID:' or 'Username:' field", "neither")
        if get("nickname"):
            extra[fields["nickname"][1].text.split(":", 1)[0].strip()] = get("nickname")  # type: ignore[assignment]
        page = used[0].page if used else 1
        sub = Subscriber(
            at=Locator(page=page, bbox=union_bbox([ln for ln in used if ln.page == page])),
            raw="\n".join(ln.text for ln in used),
            account=account,
            account_ids=tuple(v for v in (get("username"),) if v and v != account),
            name=get("name"),
            emails=tuple(v for v in (get("email"),) if v),
            phones=tuple(v for v in (get("phone"),) if v),
            created=get("created"),
            registration_ip=get("reg_ip") if looks_like_ip(get("reg_ip")) else None,
            extra=extra,
        )
        yield sub
        if get("reg_ip") and looks_like_ip(get("reg_ip")):
            ln = fields["reg_ip"][1]
            yield IpEvent(at=ln.at, raw=ln.text, ip=get("reg_ip"), time=get("created"), account=account,  # type: ignore[arg-type]
                          activity="registration",
                          extra={fields["created"][1].text.split(":", 1)[0].strip(): get("created")} if get("created") else {})


# -- newer PDF sections (App/LoginLogoutHistory.pdf, IPSessionHistory_N.pdf, EventsIPData_N.pdf) --

_SECTIONS = {
    "login-logout": {
        "file": re.compile(r"^LoginLogoutHistory(?:_\d+)?\.pdf$", re.I),
        "starts": ("User login time", "User logout time"),
        "labels": ("User login time", "User login IP", "User login country", "User logout time", "User logout IP",
                   "User logout country"),
    },
    "ip-session": {
        "file": re.compile(r"^IPSessionHistory(?:_\d+)?\.pdf$", re.I),
        "starts": ("Date",),
        "labels": ("Date", "IP", "IP Port", "Country"),
    },
    "events-ip": {
        "file": re.compile(r"^EventsIPData(?:_\d+)?\.pdf$", re.I),
        "starts": ("Date",),
        "labels": ("Date", "IP", "Event", "Country"),
    },
}
_FOOTER = re.compile(r"^(Confidential & Proprietary|TikTok\b.*|\d{1,5})$")


def _label_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^({alt})(?: \d+)?:\s?(.*)$")


class TikTokPdfIp(Extractor):
    name = "tiktok_pdf_ip"
    provider = "TikTok"
    layout = "TikTok PDF-folder return: App/LoginLogoutHistory.pdf, IPSessionHistory_N.pdf, EventsIPData_N.pdf (2025-2026)"
    version = "1"
    media_types = ("application/pdf",)
    sources = SOURCES

    def _section(self, doc: Document, text: str) -> str | None:
        for key, sec in _SECTIONS.items():
            if sec["file"].match(doc.filename):  # type: ignore[union-attr]
                return key
        # by content: every start label of one section, and not by file name
        for key, sec in _SECTIONS.items():
            rx = _label_re(sec["labels"])  # type: ignore[arg-type]
            found = {m.group(1) for ln in text.splitlines() if (m := rx.match(ln.strip()))}
            if set(sec["labels"]) <= found:  # type: ignore[arg-type]
                return key
        return None

    def identify(self, doc: Document) -> Claim | None:
        text = head_pdf_text(doc)
        if not text:
            return None
        tiktok = bool(re.search(r"^TikTok\b", text, re.M)) and "Confidential & Proprietary" in text
        if not tiktok:
            return None
        key = self._section(doc, text)
        if key is None:
            return None
        sec = _SECTIONS[key]
        rx = _label_re(sec["labels"])  # type: ignore[arg-type]
        found = {m.group(1) for ln in text.splitlines() if (m := rx.match(ln.strip()))}
        if re.search(r"^Our records indicate no available data", text, re.M | re.I) and not found:
            return Claim(key)
        starts = set(sec["starts"])  # type: ignore[arg-type]
        if not (found & starts) or not any("IP" in f for f in found):
            return Claim(key, LayoutChange(f"TikTok {key} PDF", missing=tuple(sorted(set(sec["labels"]) - found))))  # type: ignore[arg-type]
        unknown = sorted({m.group(1) for ln in text.splitlines() if (m := re.match(r"^([A-Z][A-Za-z ]{0,40}):\s", ln.strip()))}
                         - set(sec["labels"]))  # type: ignore[arg-type]
        return Claim(key, LayoutChange(f"TikTok {key} PDF", added=tuple(unknown)) if unknown else None)

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        sec = _SECTIONS.get(claim.variant)
        if sec is None:
            raise ExtractionFailed(doc.name, "a TikTok PDF IP section", f"variant {claim.variant!r}")
        rx = _label_re(sec["labels"])  # type: ignore[arg-type]
        starts = set(sec["starts"])  # type: ignore[arg-type]
        lines = pdf_lines(doc)
        records: list[list[tuple[str, str, PdfLine]]] = []
        title_done = False
        for ln in lines:
            t = ln.text.strip()
            if re.match(r"^Our records indicate no available data", t, re.I):
                yield DocumentFact(at=ln.at, raw=t, kind="no_records", value=t)
                continue
            if _FOOTER.match(t):
                continue
            m = rx.match(t)
            if not m:
                if records and records[-1]:
                    label, value, first = records[-1][-1]
                    if not re.match(r"^[A-Z][A-Za-z ]{0,40}:\s", t):
                        records[-1][-1] = (label, (value + " " + t).strip(), first)
                        continue
                if not title_done:
                    title_done = True
                    continue
                yield Problem(ln.at, "LINE_NOT_READ", f"line not read (no known label): {t[:80]!r}")
                continue
            label, value = m.group(1), m.group(2).strip()
            if label in starts or not records:
                records.append([])
            records[-1].append((label, value, ln))
        for rec in records:
            vals = {label: value for label, value, _ in rec}
            page = rec[0][2].page
            on_page = [ln for _, _, ln in rec if ln.page == page]
            at = Locator(page=page, bbox=union_bbox(on_page))
            raw = "\n".join(ln.text for _, _, ln in rec)
            if claim.variant == "login-logout":
                action = "logout" if "User logout time" in vals else "login"
                ip, time = vals.get(f"User {action} IP"), vals.get(f"User {action} time")
                extra = {k: v for k, v in vals.items() if k not in (f"User {action} IP", f"User {action} time") and v}
                port = None
            else:
                action = None
                ip, time, port = vals.get("IP"), vals.get("Date"), vals.get("IP Port")
                extra = {k: v for k, v in vals.items() if k not in ("IP", "Date", "IP Port") and v}
                if claim.variant == "events-ip":
                    action = vals.get("Event")
                else:
                    action = "ip session"
            if not ip:
                yield Problem(at, "RECORD_WITHOUT_IP", f"record without an IP: {raw[:80]!r}")
                continue
            yield IpEvent(at=at, raw=raw, ip=ip, time=time or None, port=port, activity=action, extra=extra)


EXTRACTORS = (TikTokIpData(), TikTokSubscriberPdf(), TikTokPdfIp())
