"""Snapchat (Snap Inc.) law-enforcement CSV set: subscriber_info.csv, ip_data.csv and friends.

What the layout means (LAYOUTS.md#snapchat-snap-inc, from RLEAPP ``snapSubinfo.py``,
``snapIPd.py`` and the older ``snapChatsubsinfo.py``, and koebbe14/Snapchat-Parser
``snapchat_additional_records.py``):

* a file holds one or more *sections*; a section is a quoted, multi-line legend cell (its
  first line is the section title, the others ``column: meaning`` lines), a row of ``=``
  characters, a header row of lower-case snake_case names, then data rows. The older
  ``subscriber_information.csv`` used ``==`` rows. The newer "master production" spelling puts
  a banner (``Target username "x" is associated with User ID "y"``, ``Date range searched``)
  before the first section and separates sections with a row of dashes; an empty section or
  file reads ``NO RESPONSIVE DATA FOUND``;
* subscriber_info.csv sections: account (``username``, ``user_id``, ``created``,
  ``email_address``, ``creation_ip``, ``phone_number``, ``former_phone_number``,
  ``display_name`` ...), account details (``last_active`` in Pacific time per the legend,
  ``email_verified_timestamp`` ...), change history (``date``, ``action``, ``old_value``,
  ``new_value``, ``reason``; newer returns move it to subscriber_account_change_history.csv),
  privacy and Bitmoji settings;
* ip_data.csv sections carry ``ip`` with ``timestamp`` (or ``first_seen_time`` /
  ``last_seen_time``, older ``first seen time``) and other columns (``type``, ``asn``,
  ``country``, ``url``, ``user_agent``, ports ...); newer returns have wider tables;
* times: newer ``2026-04-11 04:02:00 UTC``, older ``Wed Aug 19 12:00:00 UTC 2021``.

Columns are bound by header name (never by position); a zone the legend states for a column
(``last_active: ... in Pacific Time (PST/PDT)``) is given with that column's times as a
:class:`~schemas.records.TimeHint`. Sections are recognised by their columns, in any order.
The section reader is our own: :func:`extractors.tables.read_delimited` splits a table whose
data rows look like headers (text cells such as ``... UTC``), which these files are full of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from .base import Claim, DecodedText, Document, Extractor, LayoutChange, decode_text
from .tables import Col, TableLayout, _records, header_zone_text, norm_header, sniff_delimiter

# -- section layouts ----------------------------------------------------------------------------

ACCOUNT = TableLayout("account", "subscriber", (
    Col("account", ("username", "user_name", "snapchat_username")),
    Col("account_id", ("user_id", "userid"), required=False),
    Col("created", ("created", "created_at", "creation_time", "creation_date", "account_created"), required=False),
    Col("email", ("email_address", "email"), required=False),
    Col("registration_ip", ("creation_ip", "registration_ip", "signup_ip", "creation ip"), required=False),
    Col("phone", ("phone_number", "phone"), required=False),
    Col("name", ("display_name",), required=False),
    # known columns kept in extra as printed
    Col("x", ("email_status", "pending_email_address", "phone_status", "pending_phone_number", "former_phone_number",
              "status", "email_verified", "phone_verified"), required=False),
))
DETAILS = TableLayout("details", "fact", (
    Col("x", ("email_verified_timestamp", "phone_verified_timestamp", "birthdate", "last_active", "follower_count",
              "app_version", "2fa_status", "country_code", "locale", "friend_count"), required=False),
))
CHANGES = TableLayout("change_history", "fact", (
    Col("time", ("date", "timestamp", "time")),
    Col("action", ("action",)),
    Col("x", ("old_value", "new_value", "reason"), required=False),
))
VALUE_CHANGES = TableLayout("value_changes", "fact", (
    Col("time", ("timestamp", "date")),
    Col("x", ("old_value", "new_value", "field", "reason"), required=False),
))
SETTINGS = TableLayout("settings", "fact", (
    Col("x", ("snap_privacy", "story_privacy", "is_bitmoji_user", "bitmoji_gender", "bitmoji_avatar_id",
              "quick_add", "see_my_location", "contact_me"), required=False),
))
IP = TableLayout("ip", "ip_event", (
    Col("ip", ("ip", "ip_address", "client_ip", "source_ip", "ip_addr", "ipaddress")),
    Col("time", ("timestamp", "time", "event_time", "login_time", "date", "date_time", "timestamp_utc", "time_utc",
                 "event_timestamp"), required=False),
    Col("first_seen", ("first_seen_time", "first seen time", "first_seen"), required=False),
    Col("last_seen", ("last_seen_time", "last seen time", "last_seen"), required=False),
    Col("activity", ("type", "action", "action_type", "event", "event_type", "activity"), required=False),
    Col("port", ("port", "source_port", "source_port_number", "client_source_port", "src_port"), required=False),
    Col("x", ("country", "asn", "url", "user_agent", "city", "region", "isp", "carrier", "device", "login_status",
              "completed_authentication", "authentication_device_descriptor", "login_count", "startup_time",
              "credential_compromised", "verification_method", "media_id", "auth_session_id", "cloud_account_id",
              "sender_name", "recipient", "username", "user_id", "os", "app_version", "device_model"), required=False),
))
FRIENDS = TableLayout("friends", "none", (
    Col("friend", ("friend_username", "username", "friend")),
    Col("x", ("friend_display_name", "display_name", "added_timestamp", "friend_type", "friend_user_id",
              "date_added", "source"), required=False),
))

#: how many columns of a layout must be present for a header to be taken as that section
SECTION_KINDS: tuple[tuple[TableLayout, int], ...] = (
    (IP, 2), (ACCOUNT, 3), (CHANGES, 3), (VALUE_CHANGES, 3), (DETAILS, 2), (SETTINGS, 2), (FRIENDS, 2),
)

#: file names of the Snap return (RLEAPP, LAYOUTS.md, Snapchat-Parser)
SNAP_FILES = ("subscriber_info", "subscriber_information", "ip_data", "friends_list",
              "subscriber_account_change_history", "account_change_history", "conversations", "geo_locations",
              "memories", "call_logs", "snap_inc_communications", "push_token_history", "push_tokens",
              "device_advertising_id", "detected_url", "loc_priv_sets", "public_profile", "public_story",
              "shared_story", "story", "ai_conversations", "community_ai_conversations", "conversation_list",
              "reported_comments", "reported_conversations", "reported_group_conversations",
              "reported_media_metadata", "reported_public_profile")
#: file names claimed even without the Snap legend / '=' rows (a plain table under the Snap name)
PLAIN_OK = {"subscriber_info", "subscriber_information", "ip_data", "subscriber_account_change_history", "friends_list"}
#: files whose content we expect: a file of this name without the section is a changed layout
EXPECT = {"subscriber_info": "account", "subscriber_information": "account", "ip_data": "ip"}

_TARGET = re.compile(r'Target\s+username\s+"+([^"]+)"+\s+is\s+associated\s+with\s+User\s+ID\s+"+([^"]+)"+', re.I)
_DATE_RANGE = re.compile(r"date\s+range\s+searched", re.I)
_NO_DATA = re.compile(r"^\s*no\s+(responsive\s+)?(data|records)(\s+(found|located|available))?\s*\.?\s*$", re.I)
_IPV4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_IP_VALUE = re.compile(
    rf"^(?:{_IPV4}(?::\d{{1,5}})?|\[[0-9A-Fa-f:.]+(?:%[\w.]+)?\](?::\d{{1,5}})?|[0-9A-Fa-f]{{0,4}}(?::[0-9A-Fa-f]{{0,4}}){{2,7}}(?:{_IPV4})?)$")
_TIMEISH = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}:\d{2}|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")
_HEADER_CELL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_ ()/.\-]*$")
_ZONE_WORD = re.compile(r"\b(UTC|GMT|PST|PDT|EST|EDT|CST|CDT|MST|MDT|Pacific|Eastern|Central|Mountain|time ?zone)\b", re.I)


def _is_ip(value: str) -> bool:
    v = value.strip()
    return bool(_IP_VALUE.match(v)) and any(ch.isdigit() for ch in v)


def _file_kind(filename: str) -> str | None:
    stem = filename.lower().rsplit(".", 1)[0]
    for name in sorted(SNAP_FILES, key=len, reverse=True):
        if re.search(r"(?:^|[^a-z])" + re.escape(name) + r"(?:[^a-z]|$)", stem):
            return name
    return None


def _header_like(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return (len(filled) >= 2 and all(_HEADER_CELL.match(c) for c in filled)
            and not any(_is_ip(c) or _TIMEISH.search(c) for c in filled)
            and all(re.search(r"[A-Za-z]", c) for c in filled))


# -- reading sections ---------------------------------------------------------------------------


@dataclass
class Row:
    cells: list[str]
    at: Locator
    raw: str


@dataclass
class Section:
    header: list[str]
    header_at: Locator
    legend: str | None = None
    legend_at: Locator | None = None
    rows: list[Row] = field(default_factory=list)
    no_data: list[tuple[Locator, str]] = field(default_factory=list)
    separated: bool = False  #: the header followed a row of '='
    kind: TableLayout | None = None
    binding: dict[str, int] = field(default_factory=dict)
    score: int = 0

    @property
    def title(self) -> str | None:
        if not self.legend:
            return None
        first = self.legend.strip().split("\n", 1)[0].strip()
        return first[:120] or None


@dataclass
class SnapFile:
    banner: list[tuple[Locator, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    loose: list[tuple[Locator, str]] = field(default_factory=list)  #: legends/notes not followed by a table
    separators: int = 0
    dashes: int = 0
    problems: list[Problem] = field(default_factory=list)
    no_data: list[tuple[Locator, str]] = field(default_factory=list)


def classify(header: list[str]) -> tuple[TableLayout | None, dict[str, int], int]:
    """The section layout a header belongs to (most columns bound), its binding and score."""
    best: tuple[TableLayout | None, dict[str, int], int] = (None, {}, 0)
    for layout, need in SECTION_KINDS:
        binding = _bind(layout, header)
        score = len(binding)
        if score >= min(need, len([h for h in header if h.strip()])) and score > best[2]:
            best = (layout, binding, score)
    return best


def _bind(layout: TableLayout, header: list[str]) -> dict[str, int]:
    """header index -> field for every column the layout knows ('x' columns included)."""
    out: dict[str, int] = {}
    for i, h in enumerate(header):
        for col in layout.columns:
            if col.matches(h):
                k = col.field if col.field != "x" else f"x:{i}"
                if k not in out:
                    out[k] = i
                break
    return out


def read_sections(text: DecodedText) -> SnapFile:
    lines = text.lines
    delimiter = sniff_delimiter([t for _, _, t in lines[:200]])
    if delimiter not in (",", "\t", ";", "|"):
        delimiter = ","
    out = SnapFile()
    pending: list[tuple[Locator, str]] = []
    expect_header = False
    current: Section | None = None
    started = False  #: a section has begun (banner lines come before)
    for no, off, cells, raw in _records(lines, delimiter):
        at = Locator(line=no, byte_offset=off)
        filled = [c.strip() for c in cells if c.strip()]
        if not filled:
            continue
        if all(set(c) <= {"="} for c in filled):
            out.separators += 1
            expect_header, current, started = True, None, True
            continue
        if len(filled) == 1 and re.fullmatch(r"-{5,}", filled[0]):
            out.dashes += 1
            if not started:
                out.banner.extend(pending)
                pending = []
            else:
                out.loose.extend(pending)
                pending = []
            expect_header, current, started = False, None, True
            continue
        if len(filled) == 1 and _NO_DATA.match(filled[0]):
            (current.no_data if current is not None else out.no_data).append((at, filled[0]))
            continue
        if expect_header:
            header = [c.strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            current = _new_section(header, at, pending, separated=True)
            out.sections.append(current)
            pending, expect_header = [], False
            continue
        if current is not None:
            cells_t = list(cells)
            while len(cells_t) > len(current.header) and not cells_t[-1].strip():
                cells_t.pop()
            new_header = False
            if _header_like(cells_t) and [c.strip() for c in cells_t] != current.header:
                lay, _, score = classify([c.strip() for c in cells_t])
                new_header = lay is not None and lay is not current.kind and score >= 2
            if not new_header and len(cells_t) == len(current.header):
                current.rows.append(Row(cells_t, Locator(line=no, byte_offset=off, section=current.title), raw))
                continue
            if not new_header and len(filled) >= 2 and any(_is_ip(c) or _TIMEISH.search(c) for c in filled):
                out.problems.append(Problem(at, "ROW_SHAPE", f"row has {len(cells_t)} cells where the header "
                                            f"{current.header!r} has {len(current.header)}; not read"))
                continue
            current = None
        # outside a table: a new header (no '=' row before it), or legend / banner text
        if len(filled) >= 2 and _header_like(cells) and classify([c.strip() for c in cells])[0] is not None:
            header = [c.strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            current = _new_section(header, at, pending, separated=False)
            out.sections.append(current)
            pending, started = [], True
            continue
        txt = "\n".join(filled) if len(filled) == 1 else ",".join(c for c in cells)
        pending.append((at, txt))
    if not started:
        out.banner.extend(pending)
    else:
        out.loose.extend(pending)
    return out


def _new_section(header: list[str], at: Locator, pending: list[tuple[Locator, str]], separated: bool) -> Section:
    legend_at = pending[0][0] if pending else None
    legend = "\n".join(t for _, t in pending) if pending else None
    sec = Section(header, at, legend, legend_at, separated=separated)
    sec.kind, sec.binding, sec.score = classify(header)
    return sec


# -- zones stated by legends ------------------------------------------------------------------


def column_zones(sec: Section) -> dict[int, str]:
    """Column index -> the text stating its zone (header part, or the legend line naming it)."""
    zones: dict[int, str] = {}
    for i, h in enumerate(sec.header):
        z = header_zone_text(h)
        if z:
            zones[i] = h
    general: list[str] = []
    for line in (sec.legend or "").split("\n")[1:] if sec.legend else []:
        if not _ZONE_WORD.search(line):
            continue
        m = re.match(r"^\s*([A-Za-z0-9_ ]+?)\s*[:\-]\s", line)
        named = []
        if m and any(norm_header(m.group(1)) == norm_header(h) for h in sec.header):
            named = [i for i, h in enumerate(sec.header) if norm_header(h) == norm_header(m.group(1))]
        else:
            named = [i for i, h in enumerate(sec.header)
                     if h and re.search(r"(?<![A-Za-z0-9_])" + re.escape(h) + r"(?![A-Za-z0-9_])", line)]
        if named:
            for i in named:
                zones.setdefault(i, line.strip())
        else:
            general.append(line.strip())
    if general:
        for i in range(len(sec.header)):
            zones.setdefault(i, " ".join(general))
    return zones


# -- the extractor ------------------------------------------------------------------------------


class SnapchatCsv(Extractor):
    name = "snapchat_csv"
    provider = "Snapchat"
    layout = "Snapchat return CSVs (subscriber_info, ip_data, friends ...): legend, '=' row, snake_case header, rows; 2021-2026 spellings"
    version = "2"
    media_types = ("text/", "application/csv")
    default_zone = None
    phones_are_international = True  # Snapchat prints 12025550143 for +1 202 555 0143
    sources = ("LAYOUTS.md#snapchat-snap-inc",
               "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/snapSubinfo.py",
               "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/snapIPd.py",
               "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/snapChatsubsinfo.py",
               "https://github.com/koebbe14/Snapchat-Parser/blob/main/snapchat_additional_records.py")

    def accepts(self, doc: Document) -> bool:
        return super().accepts(doc) or doc.suffix in (".csv", ".txt", ".tsv")

    # -- identify --------------------------------------------------------------------------

    def identify(self, doc: Document) -> Claim | None:
        try:
            head = doc.head()
            if b"\x00" in head[:4096] and not head[:2] in (b"\xff\xfe", b"\xfe\xff"):
                return None
            snap = read_sections(decode_text(head))
        except Exception:  # noqa: BLE001
            return None
        kind = _file_kind(doc.filename)
        banner_text = "\n".join(t for _, t in snap.banner)
        banner = bool(_TARGET.search(banner_text) or re.search(r"\bsnap(chat| inc)\b", banner_text, re.I))
        known = [s for s in snap.sections if s.kind is not None]
        legended = [s for s in snap.sections if s.separated and s.legend]
        style = "production" if snap.dashes and (banner or snap.separators) else ("sections" if snap.separators else "plain")
        if not snap.sections:
            if (kind or banner) and (snap.no_data or any(_NO_DATA.match(t) for _, t in snap.banner + snap.loose)):
                return Claim(f"{kind or 'file'}/no-data")
            return None
        separated = any(s.separated for s in snap.sections)
        if not (banner or separated) and kind not in PLAIN_OK:
            return None  # a plain CSV: only the Snap files we read, by their names
        if not (kind or banner or (legended and known)):
            return None
        if not (kind or banner) and not any(s.kind is not None and s.separated for s in snap.sections):
            return None
        variant = f"{kind or (known[0].kind.name if known else 'file')}/{style}"
        return Claim(variant, self._change(snap, kind))

    def _change(self, snap: SnapFile, kind: str | None) -> LayoutChange | None:
        added: list[str] = []
        missing: list[str] = []
        renamed: list[tuple[str, str]] = []
        expect = EXPECT.get(kind or "")
        found_expected = False
        for sec in snap.sections:
            lay = sec.kind
            if lay is None:
                # a section no layout knows: loud when the file is one we read
                if expect:
                    added.append("section [" + ", ".join(h for h in sec.header if h) + "]")
                continue
            if lay.name == expect:
                found_expected = True
            for col in lay.columns:
                if col.required and col.field not in sec.binding:
                    near = _near(col, sec)
                    if near:
                        renamed.append((col.headers[0], near))
                    else:
                        missing.append(f"{col.headers[0]} (section {sec.title or lay.name})")
            if lay in (IP, ACCOUNT, DETAILS, CHANGES, VALUE_CHANGES):
                bound = set(sec.binding.values())
                for i, h in enumerate(sec.header):
                    if h and i not in bound and not any(h == r[1] for r in renamed):
                        added.append(h)
            if lay is IP and not any(f in sec.binding for f in ("time", "first_seen", "last_seen")):
                missing.append(f"timestamp (section {sec.title or 'ip'})")
        if expect and not found_expected and not renamed:
            # e.g. ip_data.csv whose IP column was renamed: the section was not recognised at all
            for sec in snap.sections:
                for col in (IP if expect == "ip" else ACCOUNT).columns:
                    if col.required and (near := _near(col, sec)):
                        renamed.append((col.headers[0], near))
            if not renamed:
                missing.append("ip column" if expect == "ip" else "account section (username ...)")
        if added or missing or renamed:
            return LayoutChange(f"Snapchat {kind or 'CSV'} sections", tuple(dict.fromkeys(added)),
                                tuple(dict.fromkeys(missing)), tuple(dict.fromkeys(renamed)))
        return None

    # -- extract ---------------------------------------------------------------------------

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        snap = read_sections(doc.text())
        yield from snap.problems
        full = self._change(snap, _file_kind(doc.filename))
        if full is not None and full != claim.changed:
            yield Problem(None, "LAYOUT_DIFFERS", "Snapchat " + full.describe() + " (found reading the whole file)")
        target = None
        for at, text in snap.banner:
            m = _TARGET.search(text)
            if m:
                target = m.group(1).strip()
                yield DocumentFact(at=at, raw=text, kind="request_reference", value=m.group(1).strip(),
                                   extra={"label": "Target username", "user_id": m.group(2).strip()})
            elif _DATE_RANGE.search(text):
                yield DocumentFact(at=at, raw=text, kind="request_reference", value=text.strip(),
                                   extra={"label": "Date range searched"})
            elif _NO_DATA.match(text):
                yield DocumentFact(at=at, raw=text, kind="no_records", value=doc.filename, extra={})
            else:
                yield DocumentFact(at=at, raw=text, kind="note", value=text)
        for at, text in snap.no_data:
            yield DocumentFact(at=at, raw=text, kind="no_records", value=doc.filename, extra={})
        for at, text in snap.loose:
            kind = "no_records" if _NO_DATA.match(text) else "legend"
            yield DocumentFact(at=at, raw=text, kind=kind, value=text if kind == "legend" else doc.filename)

        accounts = [s for s in snap.sections if s.kind is ACCOUNT and "account" in s.binding]
        names = {r.cells[s.binding["account"]].strip() for s in accounts for r in s.rows
                 if r.cells[s.binding["account"]].strip()}
        account = target or (next(iter(names)) if len(names) == 1 else None)
        folder_flag: tuple[str, ...] = ()
        if account is None and not names:
            account = _account_from_folder(doc.name)
            if account:
                folder_flag = ("account_from_folder_name",)

        for sec in snap.sections:
            if sec.legend is not None and sec.legend_at is not None:
                yield DocumentFact(at=sec.legend_at, raw=sec.legend, kind="legend", value=sec.legend,
                                   extra={"section": sec.title or ""})
            for at, text in sec.no_data:
                yield DocumentFact(at=at, raw=text, kind="no_records", value=sec.title or doc.filename,
                                   extra={"file": doc.filename})
            zones = column_zones(sec)
            lay = sec.kind
            if lay is ACCOUNT:
                yield from self._accounts(sec, zones, legacy=_file_kind(doc.filename) == "subscriber_information")
            elif lay is IP:
                yield from self._ips(sec, zones, account, folder_flag)
            elif lay in (DETAILS, CHANGES, VALUE_CHANGES, SETTINGS):
                kind = {"details": "account_details", "change_history": "account_change",
                        "value_changes": "account_change", "settings": "account_setting"}[lay.name]
                for row in sec.rows:
                    extra = {h: row.cells[i].strip() for i, h in enumerate(sec.header) if h and row.cells[i].strip()}
                    for i, z in zones.items():
                        if i < len(sec.header) and sec.header[i] in extra and re.search(r"time|date|last_active", sec.header[i]):
                            extra[f"{sec.header[i]} zone stated"] = z
                    value = row.cells[sec.binding["action"]].strip() if "action" in sec.binding else (sec.title or lay.name)
                    # the row's time (first time-like column), normalised by the framework with its stated zone
                    tcol = next((i for i, h in enumerate(sec.header)
                                 if h and i < len(row.cells) and row.cells[i].strip() and re.search(r"time|date|last_active", h)), None)
                    time = row.cells[tcol].strip() if tcol is not None else None
                    hint = TimeHint(zone=zones[tcol]) if tcol is not None and tcol in zones else None
                    yield DocumentFact(at=row.at, raw=row.raw, kind=kind, value=value, extra=extra, time=time, hint=hint)
            # friends and unknown sections: nothing is read from their rows

    def _accounts(self, sec: Section, zones: dict[int, str], legacy: bool = False) -> Iterator[Record]:
        b = sec.binding
        # the older subscriber_information.csv had no user_id column (RLEAPP snapChatsubsinfo.py)
        for col in ("created",) if legacy else ("created", "account_id"):
            if col not in b:
                yield Problem(sec.header_at, "COLUMN_MISSING", f"the account section has no {col!r} column "
                              f"(header {sec.header!r}); read without it")

        for row in sec.rows:
            def get(f: str) -> str | None:
                i = b.get(f)
                return row.cells[i].strip() or None if i is not None and i < len(row.cells) else None

            used = {b[f] for f in ("account", "account_id", "created", "email", "registration_ip", "phone", "name") if f in b}
            extra = {h: row.cells[i].strip() for i, h in enumerate(sec.header)
                     if h and i not in used and i < len(row.cells) and row.cells[i].strip()}
            created = get("created")
            hint = TimeHint(zone=zones[b["created"]]) if created and b.get("created") in zones else None
            reg_ip = get("registration_ip")
            username = get("account")
            yield Subscriber(at=row.at, raw=row.raw, account=username,
                             account_ids=tuple(v for v in [get("account_id")] if v), name=get("name"),
                             emails=tuple(v for v in [get("email")] if v), phones=tuple(v for v in [get("phone")] if v),
                             created=created, created_hint=hint, registration_ip=reg_ip, extra=extra)
            if reg_ip and created:
                if _is_ip(reg_ip):
                    yield IpEvent(at=row.at, raw=row.raw, ip=reg_ip, time=created, account=username,
                                  activity="registration", hint=hint)
                else:
                    yield Problem(row.at, "VALUE_NOT_IP", f"creation IP {reg_ip!r} does not look like an IP address")

    def _ips(self, sec: Section, zones: dict[int, str], account: str | None, flags: tuple[str, ...]) -> Iterator[Record]:
        b = sec.binding
        times = [f for f in ("time", "first_seen", "last_seen") if f in b]
        implied = None
        title = (sec.title or "").lower()
        for word, act in (("logout", "logout"), ("login", "login"), ("session", "session")):
            if word in title:
                implied = act
                break
        used = {b[f] for f in ("ip", "time", "first_seen", "last_seen", "activity", "port") if f in b}
        acct_col = next((i for i, h in enumerate(sec.header) if norm_header(h) in ("username", "user name")), None)
        for row in sec.rows:
            ip = row.cells[b["ip"]].strip()
            if not ip:
                continue
            if not _is_ip(ip):
                yield Problem(row.at, "VALUE_NOT_IP", f"{sec.header[b['ip']]!r} value {ip!r} does not look like an IP address; not read")
                continue
            extra = {h: row.cells[i].strip() for i, h in enumerate(sec.header)
                     if h and i not in used and row.cells[i].strip()}
            activity = row.cells[b["activity"]].strip() if "activity" in b and row.cells[b["activity"]].strip() else implied
            port = row.cells[b["port"]].strip() or None if "port" in b else None
            acct = account
            row_flags = flags
            if acct_col is not None and row.cells[acct_col].strip():
                acct, row_flags = row.cells[acct_col].strip(), ()
            if not times:
                yield IpEvent(at=row.at, raw=row.raw, ip=ip, time=None, account=acct, port=port, activity=activity,
                              extra=extra, flags=row_flags + ("no_time",))
                continue
            for f in times:
                i = b[f]
                t = row.cells[i].strip() or None
                if t is None and f != "time":
                    continue
                act = activity if f == "time" else (activity or sec.header[i])
                yield IpEvent(at=row.at, raw=row.raw, ip=ip, time=t, account=acct, port=port, activity=act,
                              hint=TimeHint(zone=zones[i]) if i in zones else None, extra=extra, flags=row_flags)


def _near(col: Col, sec: Section) -> str | None:
    import difflib

    bound = set(sec.binding.values())
    free = [h for i, h in enumerate(sec.header) if h and i not in bound]
    for want in col.headers:
        close = difflib.get_close_matches(norm_header(want), [norm_header(h) for h in free], n=1, cutoff=0.75)
        if close:
            return next(h for h in free if norm_header(h) == close[0])
    return None


def _account_from_folder(name: str) -> str | None:
    """The username a Snap return folder is named after (``<username>-<reference>``), when the
    part after the first '-' cannot be part of a username (Snap usernames are lower case)."""
    parts = name.replace("\\", "/").split("/")
    for folder in reversed(parts[:-1]):
        folder = re.sub(r"\.zip$", "", folder, flags=re.I)
        m = re.match(r"^([a-z][a-z0-9._]{2,14})-([^-]+)", folder)
        if m and re.search(r"[A-Z]", m.group(2)):
            return m.group(1)
    return None


EXTRACTORS = (SnapchatCsv(),)
