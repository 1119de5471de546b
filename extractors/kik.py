"""Kik (MediaLab) law-enforcement returns: the ``package/`` log CSVs and the subscriber PDF.

Sources (see ``LAYOUTS.md#kik``): RLEAPP ``scripts/artifacts/kik.py`` (@OneSixForensics,
2026-05..2026-06) names every file and column used here; the older RLEAPP
``kikReturns.py`` reads the headerless, tab-delimited ``bind.txt`` of earlier returns by
position (user, ip, port, timestamp, info in columns 2..6).

What each log means (as the file names and columns say):

* ``logs/binds.csv`` ``user_jid,ip,port,ts,device``: the account (``user_jid``) connected
  ("bound") from ``ip:port`` at ``ts``. One :class:`IpEvent` per row, activity ``bind``.
* ``logs/chat_sent.csv`` / ``chat_sent_received.csv`` ``user_jid,friend_user_jid,ip,ts,words``
  and ``chat_platform_sent(_received).csv`` (``…,app_name,cid``): a message by ``user_jid``
  from ``ip``. Activity = the log's name.
* ``logs/group_receive.csv`` / ``group_send_msg_platform.csv`` (``sender, receiver, ts,
  group_jid, sender_ip, sender_device_type, cid, app_name, app, receive_ip, dt, epoch``):
  ``sender_ip`` belongs to ``sender`` and ``receive_ip`` to ``receiver``; one event each.
* ``content/data-text.csv`` / ``data-media.csv`` (``id, content_id, filename, message,
  sender_id, receiver_id, ip, port, parent_id, sent_at, sent_at_ts, app_name``): the IP of
  the sender of a message.
* ``friends_added.csv``, ``block_user.csv`` and ``group-legend-*.csv`` carry no IPs: they
  are claimed (so they are not misread by a generic reader) and yield no records.

Times are given as printed (``YYYY-MM-DD HH:MM:SS.fff``, ``YYYY/MM/DD HH:MM:SS`` or epoch
milliseconds); the framework decides the epoch unit per file. Kik documents its times as
UTC (RLEAPP: "all values UTC"; the package README says so), so ``default_zone`` is UTC and
such times are marked as an assumed zone.

The subscriber PDF (``subscriber-data-<username>_<id>.pdf``) is read from its text:
``First Name:``, ``Last Name:``, ``Email: … (confirmed)``, ``Username:`` (and ``User JID:``
where printed) and an event log of ``YYYY/MM/DD HH:MM:SS UTC EVENT_TYPE value`` lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from . import pdftext
from .base import Claim, Document, ExtractionFailed, Extractor, LayoutChange
from .tables import Col, Table, TableLayout, header_zone_text, read_tables
from .textutil import looks_like_ip  # noqa: F401 - also imported from here by the TikTok, Discord and carrier modules

SOURCES = ("LAYOUTS.md#kik", "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/kik.py",
           "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/kikReturns.py")

_KIK_JID = re.compile(r"@(?:talk|groups)\.kik(?:\.[a-z0-9-]+)*\.[a-z]{2,}", re.I)

PdfLine = pdftext.Line  # a line of a PDF page with its box (extractors.pdftext)
union_bbox = pdftext.union_bbox


def pdf_lines(doc: Document, max_pages: int | None = None) -> list[PdfLine]:
    """The text lines of a PDF with their page and bounding box (text layer, OCR for scans)."""
    return pdftext.lines(doc, max_pages)


def head_pdf_text(doc: Document) -> str:
    """Text of the first page of a PDF, for identification (never raises)."""
    return "\n".join(ln.text for ln in pdftext.head_lines(doc, 1))


# -- log CSVs ----------------------------------------------------------------------------------

T = ("ts", "timestamp", "time")


@dataclass(frozen=True)
class _Log:
    layout: TableLayout
    files: tuple[str, ...]  #: file stems known for this layout (activity = the stem)
    ips: tuple[tuple[str, str, str | None], ...]  #: (ip field, account field, port field) per IP column
    times: tuple[str, ...] = ("time",)  #: time fields in order of preference


def _L(name: str, cols: tuple[Col, ...]) -> TableLayout:
    return TableLayout(name, "ip_event", cols)


LOGS: tuple[_Log, ...] = (
    _Log(_L("binds", (Col("account", ("user_jid",)), Col("ip", ("ip", "ip_address")), Col("port", ("port",)),
                      Col("time", T), Col("device", ("device",), required=False))),
         ("binds", "bind"), (("ip", "account", "port"),)),
    _Log(_L("chat", (Col("account", ("user_jid",)), Col("friend", ("friend_user_jid",)), Col("ip", ("ip", "ip_address")),
                     Col("time", T), Col("words", ("words",), required=False))),
         ("chat_sent_received", "chat_sent"), (("ip", "account", None),)),
    _Log(_L("chat_platform", (Col("account", ("user_jid",)), Col("friend", ("friend_user_jid",)),
                              Col("ip", ("ip", "ip_address")), Col("time", T), Col("app_name", ("app_name",)),
                              Col("cid", ("cid",), required=False))),
         ("chat_platform_sent_received", "chat_platform_sent"), (("ip", "account", None),)),
    _Log(_L("group", (Col("sender", ("sender",)), Col("receiver", ("receiver",), required=False),
                      Col("time", ("ts",), required=False), Col("group_jid", ("group_jid",)),
                      Col("sender_ip", ("sender_ip",)), Col("sender_device_type", ("sender_device_type",), required=False),
                      Col("cid", ("cid",), required=False), Col("app_name", ("app_name",), required=False),
                      Col("app", ("app",), required=False), Col("receive_ip", ("receive_ip",), required=False),
                      Col("dt", ("dt",), required=False), Col("epoch", ("epoch",), required=False))),
         ("group_send_msg_platform", "group_receive_msg_platform", "group_receive", "group_send_msg"),
         (("sender_ip", "sender", None), ("receive_ip", "receiver", None)), ("time", "epoch", "dt")),
    _Log(_L("content", (Col("id", ("id",)), Col("content_id", ("content_id",), required=False),
                        Col("filename", ("filename",), required=False), Col("message", ("message",), required=False),
                        Col("sender", ("sender_id",)), Col("receiver", ("receiver_id",)), Col("ip", ("ip",)),
                        Col("port", ("port",), required=False), Col("parent_id", ("parent_id",), required=False),
                        Col("time", ("sent_at",), required=False), Col("epoch", ("sent_at_ts",), required=False),
                        Col("app_name", ("app_name",), required=False))),
         ("data-text", "data-media"), (("ip", "sender", "port"),), ("time", "epoch")),
    # known Kik logs without IP addresses: claimed, nothing to extract
    _Log(_L("friends_added", (Col("account", ("user_jid",)), Col("friend", ("friend_user_jid",)), Col("time", T))),
         ("friends_added", "friend_added"), ()),
    _Log(_L("block_user", (Col("account", ("user_jid",)), Col("blocked", ("block_user_jid",)), Col("time", T))),
         ("block_user",), ()),
    _Log(_L("group_legend", (Col("gid", ("gid",)), Col("name", ("name",)), Col("code", ("code",)),
                             Col("public", ("public",)), Col("deleted", ("deleted",)),
                             Col("last_join_ts", ("last_join_ts",)), Col("last_activity", ("last_activity",)))),
         ("group-legend",), ()),
)

_KNOWN_STEMS = tuple(s for log in LOGS for s in log.files)


def _stem(doc: Document) -> str:
    f = doc.filename.lower()
    return f.rsplit(".", 1)[0] if "." in f else f


def _known_stem(doc: Document, log: _Log | None = None) -> str | None:
    stem = _stem(doc)
    for s in (log.files if log else _KNOWN_STEMS):
        if stem == s or stem.startswith(s + "-") or stem.startswith(s + "_") or stem.startswith(s + " "):
            return s
    return None


def _kik_marked(doc: Document, table: Table) -> bool:
    """The file says it is Kik's: a Kik log file name, a *_jid column, or Kik JIDs in its text."""
    if _known_stem(doc):
        return True
    if any(h.strip().lower().endswith("_jid") for h in table.header):
        return True
    return bool(_KIK_JID.search(doc.head_text(8192)))


def _match(table: Table) -> tuple[_Log, dict[str, int], LayoutChange | None, int, int] | None:
    """The best-binding log layout for a header: (log, binding, change, found, required)."""
    best = None
    for log in LOGS:
        binding, change, found = log.layout.bind(table.header)
        required = sum(1 for c in log.layout.columns if c.required)
        score = (found == required and not (change and (change.missing or change.renamed)), found / required, -len(change.added) if change else 0)
        if best is None or score > best[0]:
            best = (score, (log, binding, change, found, required))
    return best[1] if best else None


def _absent_optional(log: _Log, binding: dict[str, int]) -> list[str]:
    return [c.headers[0] for c in log.layout.columns if not c.required and c.field not in binding]


class KikLogs(Extractor):
    name = "kik_logs"
    provider = "Kik"
    layout = "Kik package/ log CSVs (binds, chat_sent, group, content; 2021-2026) and the older headerless bind.txt"
    version = "1"
    media_types = ("text/", "application/csv")
    default_zone = "UTC"
    sources = SOURCES

    # -- identify

    def identify(self, doc: Document) -> Claim | None:
        if doc.suffix not in (".csv", ".txt", ".tsv", ""):
            return None
        if _stem(doc).startswith("bind") and doc.suffix == ".txt":
            claim = self._identify_bind_txt(doc)
            if claim:
                return claim
        if doc.suffix == ".txt" and _stem(doc) in _OLD_TXT_LOGS:
            lines = [ln for ln in doc.head_text(16384).splitlines() if ln.strip()][:20]
            if lines and all(ln.count("\t") >= 3 for ln in lines) and not any(_looks_header(ln) for ln in lines[:1]):
                return Claim("txt-headerless-unread")
        tables = read_tables(doc, peek=True)
        if len(tables) != 1:
            return None
        table = tables[0]
        m = _match(table)
        if m is None:
            return None
        log, binding, change, found, required = m
        if not _kik_marked(doc, table):
            return None
        if found == required and not (change and (change.missing or change.renamed)):
            # header known; a Kik-specific column ('*_jid', Kik file name or JIDs) was seen above
            return Claim(log.layout.name, change if change and change.added else None)
        named = _known_stem(doc, log) is not None
        if found >= max(2, (required + 1) // 2) or (named and found >= 1):
            return Claim(log.layout.name, change or LayoutChange(log.layout.name, missing=("(header)",)))
        if named or _known_stem(doc):
            return Claim(log.layout.name, change or LayoutChange(log.layout.name, missing=("(header)",)))
        return None

    def _identify_bind_txt(self, doc: Document) -> Claim | None:
        """Older returns: bind.txt, tab-delimited, no header (RLEAPP kikReturns.py)."""
        text = doc.head_text(16384)
        lines = [ln for ln in text.splitlines() if ln.strip()][:20]
        if not lines:
            return None
        if lines and not text.endswith("\n") and len(doc.head(16384)) >= 16384:
            lines = lines[:-1]
        good = sum(1 for ln in lines if _bind_txt_ok(ln.split("\t")))
        if good >= min(2, len(lines)) and 3 * good >= 2 * len(lines):  # a stray bad line is reported by extract, not a new layout
            return Claim("bind-txt-headerless")
        if any("\t" in ln for ln in lines):
            return Claim("bind-txt-headerless", LayoutChange(
                "bind.txt (tab-delimited: -, user, ip, port, timestamp, info)", missing=("user/ip/port/timestamp in columns 2-5",)))
        return None

    # -- extract

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        if claim.variant == "bind-txt-headerless":
            yield from self._extract_bind_txt(doc)
            return
        if claim.variant == "txt-headerless-unread":
            yield Problem(Locator(line=1, byte_offset=0), "LAYOUT_NOT_READ",
                          f"older Kik log {doc.filename}: headerless, and no public source establishes what each column "
                          "holds (RLEAPP kikReturns.py labels them 'Info'); its rows were not read")
            return
        tables = read_tables(doc)
        if not tables:
            raise ExtractionFailed(doc.name, "a Kik log table with a header", "no table")
        if len(tables) > 1:
            raise ExtractionFailed(doc.name, "one Kik log table", f"{len(tables)} tables")
        table = tables[0]
        log = next((lg for lg in LOGS if lg.layout.name == claim.variant), None)
        if log is None:
            raise ExtractionFailed(doc.name, "a known Kik log layout", f"variant {claim.variant!r}")
        binding, change, found = log.layout.bind(table.header)
        required = sum(1 for c in log.layout.columns if c.required)
        if found != required:
            raise ExtractionFailed(f"{doc.name} header", f"the columns of the Kik {log.layout.name} log",
                                   ", ".join(table.header))
        absent = _absent_optional(log, binding)
        if absent and log.ips:
            yield Problem(table.header_at, "LAYOUT_COLUMN_ABSENT",
                          f"Kik {log.layout.name} log without the column(s) {', '.join(absent)} known from other returns")
        for problem in table.problems:
            yield problem
        stem = _known_stem(doc, log)
        activity = stem if stem and log.layout.name not in ("group", "content") else None
        if log.layout.name == "binds":
            activity = "bind"
        zones = {i: z for i, h in enumerate(table.header) if (z := header_zone_text(h))}
        for row in table.rows:
            def get(fld: str) -> str | None:
                i = binding.get(fld)
                if i is None or i >= len(row.cells):
                    return None
                return row.cells[i].strip() or None

            if len(row.cells) != len(table.header):
                yield Problem(row.at, "ROW_SHAPE", f"row has {len(row.cells)} fields, the header {len(table.header)}")
            time_field = next((f for f in log.times if get(f)), None)
            time = get(time_field) if time_field else None
            hint = None
            if time_field and binding.get(time_field) in zones:
                hint = TimeHint(zone=zones[binding[time_field]])
            for ip_field, account_field, port_field in log.ips:
                ip = get(ip_field)
                if not ip:
                    continue
                used = {binding[f] for f in (ip_field, account_field, port_field, time_field) if f and f in binding}
                extra = {table.header[i]: row.cells[i].strip() for i in range(min(len(table.header), len(row.cells)))
                         if i not in used and row.cells[i].strip()}
                act = activity
                if log.layout.name == "group":
                    act = (stem or "group") + (" (sender)" if ip_field == "sender_ip" else " (receiver)")
                elif log.layout.name == "content":
                    act = (stem or "content") + " (sender)"
                yield IpEvent(at=row.at, raw=row.raw, ip=ip, time=time, account=get(account_field),
                              port=get(port_field) if port_field else None, activity=act, hint=hint, extra=extra)

    def _extract_bind_txt(self, doc: Document) -> Iterator[Record]:
        text = doc.text()
        for no, off, line in text.lines:
            if not line.strip():
                continue
            at = Locator(line=no, byte_offset=off)
            cells = line.split("\t")
            if not _bind_txt_ok(cells):
                yield Problem(at, "ROW_NOT_READ", "line does not have the bind.txt shape (user, ip, port, timestamp in tab-separated columns 2-5); not read")
                continue
            extra = {"column 1": cells[0].strip()} if cells[0].strip() else {}
            if len(cells) > 5 and cells[5].strip():
                extra["info"] = cells[5].strip()
            for k, c in enumerate(cells[6:], start=7):
                if c.strip():
                    extra[f"column {k}"] = c.strip()
            yield IpEvent(at=at, raw=line, ip=cells[2].strip(), time=cells[4].strip(), account=cells[1].strip(),
                          port=cells[3].strip(), activity="bind", extra=extra)


#: older tab-delimited logs whose column meanings no public source establishes (RLEAPP kikReturns.py)
_OLD_TXT_LOGS = ("chat_sent", "chat_sent_received", "chat_platform_sent", "chat_platform_sent_received", "friend_added",
                 "group_receive_msg", "group_receive_msg_platform", "group_send_msg", "group_send_msg_platform")


def _looks_header(line: str) -> bool:
    cells = [c.strip().lower() for c in line.split("\t")]
    return any(c in ("user_jid", "ip", "ts", "timestamp", "user") for c in cells)


def _bind_txt_ok(cells: list[str]) -> bool:
    if len(cells) < 5:
        return False
    user, ip, port, ts = (c.strip() for c in cells[1:5])
    return (bool(user) and " " not in user and looks_like_ip(ip) and port.isdigit() and int(port) <= 65535
            and bool(re.match(r"^(\d{4}[-/]\d{2}[-/]\d{2}[ T]\d{2}:\d{2}|\d{10,16}$)", ts)))


# -- subscriber PDF -----------------------------------------------------------------------------

_EVENT = re.compile(r"^(?P<time>\d{4}/\d{2}/\d{2}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?\s*(?:UTC|GMT|Z)?)\s+(?P<type>[A-Z][A-Z0-9_]{2,})\s*(?P<value>.*)$")
_FIELD = re.compile(r"^(?P<label>[A-Za-z][A-Za-z /()-]{0,40}?)\s*:\s*(?P<value>.*)$")
_SUB_LABELS = {
    "first name": "first", "last name": "last", "email": "email", "e-mail": "email", "email address": "email",
    "username": "username", "user name": "username", "user jid": "jid", "jid": "jid", "display name": "display",
    "phone": "phone", "phone number": "phone",
}


class KikSubscriberPdf(Extractor):
    name = "kik_subscriber_pdf"
    provider = "Kik"
    layout = "Kik subscriber-data-<username>_<id>.pdf: labelled fields and a UTC event log (2026)"
    version = "1"
    media_types = ("application/pdf",)
    default_zone = "UTC"
    sources = SOURCES

    def identify(self, doc: Document) -> Claim | None:
        text = head_pdf_text(doc)
        if not text:
            return None
        named = doc.filename.lower().startswith("subscriber-data-")
        kik = bool(re.search(r"\bkik\b", text, re.I)) or bool(_KIK_JID.search(text))
        if not (kik or named):
            return None
        labels = {_SUB_LABELS.get(m.group("label").strip().lower()) for ln in text.splitlines() if (m := _FIELD.match(ln))}
        events = sum(1 for ln in text.splitlines() if _EVENT.match(ln))
        has_user = "username" in labels or "jid" in labels
        if kik and has_user and (events or "email" in labels or "first" in labels):
            return Claim("subscriber-pdf-2026")
        if named and kik:
            missing = tuple(x for x, k in (("Username:", "username"), ("Email:", "email"), ("First Name:", "first")) if k not in labels)
            return Claim("subscriber-pdf-2026", LayoutChange("Kik subscriber PDF (First Name/Last Name/Email/Username + event log)",
                                                            missing=missing or ("event log",)))
        return None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        lines = pdf_lines(doc)
        if not lines:
            raise ExtractionFailed(doc.name, "a text PDF", "no extractable text")
        fields: dict[str, tuple[str, PdfLine]] = {}
        extra: dict[str, str] = {}
        used: list[PdfLine] = []
        reg_time = reg_ip = None
        events: list[tuple[PdfLine, re.Match[str]]] = []
        for ln in lines:
            ev = _EVENT.match(ln.text)
            if ev:
                events.append((ln, ev))
                continue
            if re.search(r"\b(all times|times are|time zone)\b", ln.text, re.I):
                yield DocumentFact(at=ln.at, raw=ln.text, kind="note", value=ln.text)
                continue
            m = _FIELD.match(ln.text)
            if not m:
                continue
            key = _SUB_LABELS.get(m.group("label").strip().lower())
            if key and key not in fields and m.group("value").strip():
                fields[key] = (m.group("value").strip(), ln)
                used.append(ln)
            elif not key and m.group("value").strip() and not re.match(r"^(page|https?)$", m.group("label").strip(), re.I):
                extra.setdefault(m.group("label").strip(), m.group("value").strip())
                used.append(ln)
        emails: list[str] = []
        if "email" in fields:
            val = fields["email"][0]
            em = re.match(r"^(\S+@\S+?)\s*(?:\((?P<status>[^)]*)\))?$", val)
            if em:
                emails.append(em.group(1))
                if em.group("status"):
                    extra["Email status"] = em.group("status")
            else:
                extra["Email"] = val
        ev_extra: dict[str, list[str]] = {}
        ip_events: list[IpEvent] = []
        for ln, ev in events:
            etype, value, when = ev.group("type"), ev.group("value").strip(), ev.group("time").strip()
            used.append(ln)
            if etype == "REGISTRATION_TIMESTAMP" and reg_time is None:
                reg_time = value or when
                continue
            # only an event that says it is an IP (REGISTRATION_IP, LOGIN_IP ...): a version number such as
            # CLIENT_VERSION 17.4.0.1 has the shape of an IPv4 address
            if re.search(r"(^|_)IP(_|$)|IP_?ADDRESS", etype) and looks_like_ip(value.split()[0] if value else None):
                ip = value.split()[0]
                if etype == "REGISTRATION_IP" and reg_ip is None:
                    reg_ip = ip
                ip_events.append(IpEvent(at=ln.at, raw=ln.text, ip=ip, time=when, account=None,
                                         activity="registration" if etype == "REGISTRATION_IP" else etype.lower(),
                                         extra={"event": etype}))
                continue
            ev_extra.setdefault(etype, []).append(f"{value} ({when})" if value else when)
        for k, vals in ev_extra.items():
            extra[k] = "; ".join(vals)
        first = fields.get("first", (None,))[0]
        last = fields.get("last", (None,))[0]
        name = " ".join(p for p in (first, last) if p) or None
        if first:
            extra["First Name"] = first
        if last:
            extra["Last Name"] = last
        jid = fields.get("jid", (None,))[0]
        username = fields.get("username", (None,))[0]
        account = jid or username
        if account is None:
            raise ExtractionFailed(doc.name, "a 'Username:' or 'User JID:' field", "neither")
        ids = tuple(v for v in (username, fields.get("display", (None,))[0]) if v and v != account)
        page = used[0].page if used else lines[0].page
        on_page = [ln for ln in used if ln.page == page]
        sub = Subscriber(
            at=Locator(page=page, bbox=union_bbox(on_page)),
            raw="\n".join(ln.text for ln in used),
            account=account,
            account_ids=ids,
            name=name,
            emails=tuple(emails),
            phones=tuple(v for v in [fields.get("phone", (None,))[0]] if v),
            created=reg_time,
            registration_ip=reg_ip,
            extra=extra,
        )
        yield sub
        for e in ip_events:
            yield IpEvent(at=e.at, raw=e.raw, ip=e.ip, time=e.time, account=account, activity=e.activity, extra=e.extra)


# -- cover letter (package/README.txt) -----------------------------------------------------------

_ZONE_SENTENCE = re.compile(r"\b(?:all )?(?:time ?stamps?|times|dates and times)\b[^.]{0,40}\b(?:are|in|is)\b[^.]{0,40}"
                            r"\b(?:UTC|GMT|Coordinated Universal Time|[A-Z][a-z]+ (?:Standard |Daylight )?Time)\b", re.I)


class KikCoverLetter(Extractor):
    name = "kik_cover_letter"
    provider = "Kik"
    layout = "Kik package/README.txt cover letter: Reference, case number, target, time-zone statement (assumed layout)"
    version = "1"
    media_types = ("text/plain",)
    default_zone = "UTC"
    sources = ("LAYOUTS.md#kik", "assumed: the README of the KIK-2026-00912 sample package")

    def identify(self, doc: Document) -> Claim | None:
        if doc.suffix not in (".txt", ""):
            return None
        head = doc.head_text(8192)
        first = [ln.strip() for ln in head.splitlines() if ln.strip()][:3]
        if not first or not re.search(r"\b(kik|medialab)\b", " ".join(first), re.I):
            return None
        if not re.search(r"law enforcement|legal process|response", " ".join(first), re.I):
            return None
        if not re.search(r"^\s*(reference|ref\.?|your case number|target)\s*:", head, re.I | re.M):
            return None
        return Claim("readme")

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        text = doc.text()
        from .textutil import labelled_lines

        for lab in labelled_lines(text):
            if not lab.value:
                continue
            if lab.key in ("reference", "ref", "our reference", "kik reference"):
                yield DocumentFact(at=lab.at, raw=lab.raw, kind="request_reference", value=lab.value)
            elif lab.key in ("your case number", "case number", "your reference", "case"):
                yield DocumentFact(at=lab.at, raw=lab.raw, kind="case_reference", value=lab.value)
            elif lab.key in ("target", "username", "account"):
                yield DocumentFact(at=lab.at, raw=lab.raw, kind="target", value=lab.value)
        for no, off, line in text.lines:
            if _ZONE_SENTENCE.search(line):
                yield DocumentFact(at=Locator(line=no, byte_offset=off), raw=line, kind="note", value=line.strip())


EXTRACTORS = (KikLogs(), KikSubscriberPdf(), KikCoverLetter())
