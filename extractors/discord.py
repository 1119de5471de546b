"""Discord law-enforcement returns — ASSUMED LAYOUTS (no public description was found).

What is public (see ``LAYOUTS.md#discord``): Discord's law-enforcement guidelines
(discord.com/safety/360044157931) say the subscriber information it holds is "limited to an
email address", sometimes a verified phone number and limited billing data; accounts are
identified by a 17-20 digit numeric user ID (snowflake), a username (new lower-case
usernames without a discriminator, or old ``name#1234``), e-mail or phone; Discord's own
reference numbers look like ``DISC-#####``. Practitioner guides add that a subpoena yields
the registration IP and login/IP history with times. RLEAPP only parses Discord message
CSVs. Discord's *user* data package (``account/user.json``: ``id``, ``username``,
``discriminator``, ``global_name``, ``email``, ``phone``, ``verified``, ``ip``) is a
different product, but it is the one public schema of Discord account data, so the JSON
reader accepts its key names.

So every layout here is an assumption, built from those facts:

* ``discord_account_json`` — a JSON account record (top level, or under ``user`` /
  ``account``): ``id`` (snowflake), ``username``, ``discriminator``, ``global_name``,
  ``email``, ``phone``, ``created_at``, ``ip``/``registration_ip``; optionally a list of IP
  records (``ip_history`` / ``ip_addresses`` / ``logins`` / ``ip_log``) of objects with an
  IP, a time and an activity.
* ``discord_subscriber_text`` — a plain-text "Label: value" sheet that names Discord (User
  ID, Username, Email, Phone, Account Created, Registration IP), optionally followed by an
  IP history of ``<time>  <ip>  [activity]`` lines.
* ``discord_ip_log`` — a CSV/TSV/XLSX IP log (user id, IP, timestamp, activity).

``identify`` is strict: a file is claimed only when it clearly says it is Discord's (the
word Discord or a ``DISC-`` reference in its path or text, *and* a snowflake user ID or a
Discord-only key such as ``discriminator``), so unknown files fall to the generic readers.
No default time zone is assumed.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from .base import Claim, Document, ExtractionFailed, Extractor, LayoutChange
from .kik import looks_like_ip
from .tables import XLSX_TYPES, Col, TableLayout, header_zone_text, read_tables
from .textutil import labelled_lines

SOURCES = ("LAYOUTS.md#discord", "https://discord.com/safety/360044157931-working-with-law-enforcement",
           "assumed: no public Discord return layout found")

_SNOWFLAKE = re.compile(r"^\d{17,20}$")
_MARK = re.compile(r"discord|\bDISC-\d{3,}", re.I)


def _marked(doc: Document, text: str = "") -> bool:
    return bool(_MARK.search(doc.name) or _MARK.search(text))


# -- JSON with positions --------------------------------------------------------------------------


def _esc(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def json_spans(text: str) -> tuple[Any, dict[str, tuple[int, int]]]:
    """Parse JSON and return (value, JSON pointer -> (start, end) character span of each value)."""
    dec = json.JSONDecoder()
    spans: dict[str, tuple[int, int]] = {}
    ws = " \t\r\n"

    def skip(i: int) -> int:
        while i < len(text) and text[i] in ws:
            i += 1
        return i

    def walk(i: int, ptr: str) -> tuple[Any, int]:
        i = skip(i)
        start = i
        if i >= len(text):
            raise ValueError("unexpected end of JSON")
        ch = text[i]
        if ch == "{":
            obj: dict[str, Any] = {}
            i = skip(i + 1)
            if text[i] == "}":
                i += 1
            else:
                while True:
                    key, i = dec.raw_decode(text, skip(i))
                    if not isinstance(key, str):
                        raise ValueError("object key is not a string")
                    i = skip(i)
                    if text[i] != ":":
                        raise ValueError(f"expected ':' at {i}")
                    val, i = walk(i + 1, f"{ptr}/{_esc(key)}")
                    obj[key] = val
                    i = skip(i)
                    if text[i] == ",":
                        i += 1
                        continue
                    if text[i] == "}":
                        i += 1
                        break
                    raise ValueError(f"expected ',' or '}}' at {i}")
            spans[ptr] = (start, i)
            return obj, i
        if ch == "[":
            arr: list[Any] = []
            i = skip(i + 1)
            if text[i] == "]":
                i += 1
            else:
                while True:
                    val, i = walk(i, f"{ptr}/{len(arr)}")
                    arr.append(val)
                    i = skip(i)
                    if text[i] == ",":
                        i += 1
                        continue
                    if text[i] == "]":
                        i += 1
                        break
                    raise ValueError(f"expected ',' or ']' at {i}")
            spans[ptr] = (start, i)
            return arr, i
        val, i = dec.raw_decode(text, i)
        spans[ptr] = (start, i)
        return val, i

    value, end = walk(0, "")
    if skip(end) != len(text):
        raise ValueError(f"extra data after the JSON value at {end}")
    return value, spans


_ID_KEYS = ("id", "user_id", "userid", "account_id")
_ACCOUNT_KEYS = {
    "username": "username", "discriminator": "discriminator", "global_name": "display", "display_name": "display",
    "email": "email", "email_address": "email", "phone": "phone", "phone_number": "phone",
    "created_at": "created", "creation_date": "created", "account_created": "created", "registered_at": "created",
    "registration_ip": "reg_ip", "signup_ip": "reg_ip", "ip": "ip",
}
_LIST_KEYS = ("ip_history", "ip_addresses", "ip_log", "ips", "logins", "login_history", "sessions")
_IP_KEYS = ("ip", "ip_address", "address")
_TIME_KEYS = ("timestamp", "time", "created_at", "date", "datetime", "login_time", "first_seen", "last_seen")
_ACT_KEYS = ("activity", "event", "event_type", "action", "type")


def _account_obj(value: Any) -> tuple[dict[str, Any], str] | None:
    """The account object and its pointer: the top level, or under 'user'/'account'."""
    if not isinstance(value, dict):
        return None
    for key in ("user", "account", "subscriber"):
        inner = value.get(key)
        if isinstance(inner, dict) and any(k in inner for k in _ID_KEYS):
            return inner, f"/{key}"
    if any(k in value for k in _ID_KEYS):
        return value, ""
    return None


def _snowflake(obj: dict[str, Any]) -> str | None:
    for k in _ID_KEYS:
        v = obj.get(k)
        if isinstance(v, (str, int)) and not isinstance(v, bool) and _SNOWFLAKE.match(str(v)):
            return str(v)
    return None


def _text(v: Any) -> str | None:
    if v is None or isinstance(v, (dict, list)):
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    s = str(v).strip()
    return s or None


class DiscordAccountJson(Extractor):
    name = "discord_account_json"
    provider = "Discord"
    layout = "Discord account record as JSON (id, username[, discriminator], email, phone, IP history) - ASSUMED layout"
    version = "1"
    media_types = ("application/json", "text/")
    sources = SOURCES

    def identify(self, doc: Document) -> Claim | None:
        if doc.suffix not in (".json", ".txt", ""):
            return None
        head = doc.head_text()
        if not head.lstrip().startswith("{"):
            return None
        if not _marked(doc, head):
            return None
        if doc.size > 8 * 2**20:
            # too large to parse in identify: decide from the head (an id snowflake and a Discord-only key)
            if re.search(r'"(?:id|user_id)"\s*:\s*"?\d{17,20}"?', head) and re.search(r'"(?:discriminator|global_name)"\s*:', head):
                return Claim("account-json")
            return None
        try:
            value = json.loads(doc.text().text)
        except Exception:  # noqa: BLE001
            return None
        found = _account_obj(value)
        if found is None:
            return None
        obj, _ = found
        known = set(_ACCOUNT_KEYS) | set(_ID_KEYS) | set(_LIST_KEYS)
        has_discord_key = any(k in obj for k in ("discriminator", "global_name"))
        if _snowflake(obj) and (has_discord_key or "username" in obj):
            return Claim("account-json")
        if has_discord_key:
            return Claim("account-json", LayoutChange("Discord account JSON", missing=("id (17-20 digit user ID)",),
                                                      added=tuple(sorted(k for k in obj if k not in known))[:10]))
        return None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        text = doc.text().text
        try:
            value, spans = json_spans(text)
        except ValueError as exc:
            raise ExtractionFailed(doc.name, "JSON", str(exc)) from None
        found = _account_obj(value)
        if found is None:
            raise ExtractionFailed(doc.name, "an account object with an id", "none")
        obj, ptr = found

        def loc(p: str) -> Locator:
            start = spans.get(p, (0, 0))[0]
            return Locator(path=p or "/", line=text.count("\n", 0, start) + 1)

        def raw(p: str) -> str:
            s, e = spans.get(p, (0, 0))
            return text[s:e]

        account = _snowflake(obj) or _text(next((obj.get(k) for k in _ID_KEYS if k in obj), None))
        fields: dict[str, str] = {}
        extra: dict[str, str] = {}
        for k, v in obj.items():
            if k in _ID_KEYS or k in _LIST_KEYS:
                continue
            t = _text(v)
            role = _ACCOUNT_KEYS.get(k.lower())
            if role and t is not None and role not in fields:
                fields[role] = t
            elif t is not None:
                extra[k] = t
        username = fields.get("username")
        disc = fields.get("discriminator")
        tag = f"{username}#{disc}" if username and disc and disc not in ("0", "0000") else None
        if disc is not None:
            extra["discriminator"] = disc
        # display names are not unique on Discord (its LE guidelines): kept in extra, not as an identifier
        ids = tuple(v for v in (tag, username) if v)
        if fields.get("display"):
            src = next(k for k in obj if _ACCOUNT_KEYS.get(k.lower()) == "display")
            extra[src] = fields["display"]
        reg_ip = fields.get("reg_ip")
        yield Subscriber(at=loc(ptr), raw=raw(ptr), account=account, account_ids=ids,
                         emails=tuple(v for v in (fields.get("email"),) if v),
                         phones=tuple(v for v in (fields.get("phone"),) if v),
                         created=fields.get("created"), registration_ip=reg_ip if looks_like_ip(reg_ip) else None,
                         extra=extra)
        for key in ("reg_ip", "ip"):
            ip = fields.get(key)
            if not ip or not looks_like_ip(ip):
                continue
            src = next(k for k in obj if _ACCOUNT_KEYS.get(k.lower()) == key)
            p = f"{ptr}/{_esc(src)}"
            if key == "reg_ip":
                tsrc = next((k for k in obj if _ACCOUNT_KEYS.get(k.lower()) == "created"), None)
                yield IpEvent(at=loc(p), raw=raw(p), ip=ip, time=fields.get("created"), account=account,
                              activity="registration", extra={"time from": tsrc} if tsrc else {})
            else:
                yield IpEvent(at=loc(p), raw=raw(p), ip=ip, time=None, account=account, activity=src)
        for lk in _LIST_KEYS:
            items = obj.get(lk) if isinstance(obj.get(lk), list) else (value.get(lk) if isinstance(value, dict) and ptr and isinstance(value.get(lk), list) else None)
            if items is None:
                continue
            base = f"{ptr}/{lk}" if isinstance(obj.get(lk), list) else f"/{lk}"
            for n, item in enumerate(items):
                p = f"{base}/{n}"
                if not isinstance(item, dict):
                    if isinstance(item, str) and looks_like_ip(item):
                        yield IpEvent(at=loc(p), raw=raw(p), ip=item, time=None, account=account, activity=lk)
                    else:
                        yield Problem(loc(p), "ITEM_NOT_READ", f"{lk}[{n}] is not an object with an IP")
                    continue
                ip = next((_text(item[k]) for k in _IP_KEYS if k in item), None)
                if not ip:
                    yield Problem(loc(p), "ITEM_NOT_READ", f"{lk}[{n}] has no IP field")
                    continue
                tkey = next((k for k in _TIME_KEYS if k in item), None)
                akey = next((k for k in _ACT_KEYS if k in item), None)
                used = {k for k in _IP_KEYS if k in item} | {tkey, akey}
                yield IpEvent(at=loc(p), raw=raw(p), ip=ip, time=_text(item[tkey]) if tkey else None, account=account,
                              activity=_text(item[akey]) if akey else lk,
                              extra={k: t for k, v in item.items() if k not in used and (t := _text(v)) is not None})


# -- text subscriber sheet ------------------------------------------------------------------------

_TXT_LABELS = {
    "user id": "user_id", "discord user id": "user_id", "discord id": "user_id", "account id": "user_id",
    "username": "username", "user name": "username", "discriminator": "discriminator", "tag": "tag",
    "display name": "display", "global name": "display", "email": "email", "email address": "email",
    "e mail": "email", "verified email": "email", "phone": "phone", "phone number": "phone",
    "verified phone": "phone", "account created": "created", "created": "created", "created at": "created",
    "creation date": "created", "registration date": "created", "registration ip": "reg_ip", "signup ip": "reg_ip",
    "registration ip address": "reg_ip",
}
_IP_LINE = re.compile(r"^\s*(?P<time>\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:UTC|Z|[+-]\d{2}:?\d{2}))?)"
                      r"\s*[,|\t ]\s*(?P<ip>[0-9A-Fa-f:.\[\]]+)(?:\s*[,|\t ]\s*(?P<act>.+?))?\s*$")


class DiscordSubscriberText(Extractor):
    name = "discord_subscriber_text"
    provider = "Discord"
    layout = "Discord subscriber information as 'Label: value' text, optional IP history lines - ASSUMED layout"
    version = "1"
    media_types = ("text/plain",)
    sources = SOURCES

    def identify(self, doc: Document) -> Claim | None:
        if doc.suffix not in (".txt", ""):
            return None
        head = doc.head_text()
        if not _marked(doc, head) or not re.search(r"discord", head, re.I):
            return None
        keys = {}
        for ln in head.splitlines():
            m = re.match(r"^\s*([A-Za-z][A-Za-z ._-]{0,40}?)\s*:\s*(.*?)\s*$", ln)
            if m:
                k = _TXT_LABELS.get(" ".join(re.sub(r"[_\-.]+", " ", m.group(1).lower()).split()))
                if k:
                    keys[k] = m.group(2)
        uid = keys.get("user_id", "")
        if _SNOWFLAKE.match(uid) and ({"username", "email", "phone", "tag"} & set(keys)):
            return Claim("subscriber-text")
        if "user_id" in keys and ({"username", "email"} & set(keys)):
            return Claim("subscriber-text", LayoutChange("Discord subscriber text", missing=("User ID (17-20 digits)",)))
        return None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        text = doc.text()
        labelled = labelled_lines(text)
        fields: dict[str, tuple[str, Any]] = {}
        extra: dict[str, str] = {}
        used = []
        for lab in labelled:
            key = _TXT_LABELS.get(lab.key)
            if not lab.value:
                continue
            if re.search(r"\b(all times|times are|time zone)\b", lab.raw, re.I):
                yield DocumentFact(at=lab.at, raw=lab.raw, kind="note", value=lab.raw.strip())
                continue
            if lab.key in ("reference", "discord reference", "case reference", "our reference"):
                yield DocumentFact(at=lab.at, raw=lab.raw, kind="request_reference", value=lab.value)
                continue
            if key and key not in fields:
                fields[key] = (lab.value, lab)
                used.append(lab)
            elif not _IP_LINE.match(lab.raw):
                extra.setdefault(lab.label, lab.value)
                used.append(lab)
        for no, off, line in text.lines:
            if re.search(r"\b(all times|times are|time zone)\b", line, re.I) and not any(u.at.line == no for u in labelled):
                yield DocumentFact(at=Locator(line=no, byte_offset=off), raw=line, kind="note", value=line.strip())
        get = lambda k: fields[k][0] if k in fields else None  # noqa: E731
        account = get("user_id")
        if account is None:
            raise ExtractionFailed(doc.name, "a 'User ID:' line", "none")
        username, disc = get("username"), get("discriminator")
        tag = get("tag") or (f"{username}#{disc}" if username and disc and disc not in ("0", "0000") and "#" not in username else None)
        ids = tuple(dict.fromkeys(v for v in (tag, username) if v))
        if disc:
            extra[fields["discriminator"][1].label] = disc
        if get("display"):
            extra[fields["display"][1].label] = get("display")  # type: ignore[assignment]
        emails: list[str] = []
        if get("email"):
            em = re.match(r"^(\S+@\S+?)\s*(?:\((?P<status>[^)]*)\))?$", get("email") or "")
            if em:
                emails.append(em.group(1))
                if em.group("status"):
                    extra["Email status"] = em.group("status")
            else:
                extra[fields["email"][1].label] = get("email")  # type: ignore[assignment]
        first = used[0] if used else fields["user_id"][1]
        raw = "\n".join(u.raw for u in sorted(used, key=lambda u: u.at.line or 0))
        reg_ip = get("reg_ip")
        yield Subscriber(at=first.at, raw=raw, account=account, account_ids=ids,
                         emails=tuple(emails), phones=tuple(v for v in (get("phone"),) if v),
                         created=get("created"), registration_ip=reg_ip if looks_like_ip(reg_ip) else None, extra=extra)
        if reg_ip and looks_like_ip(reg_ip):
            lab = fields["reg_ip"][1]
            yield IpEvent(at=lab.at, raw=lab.raw, ip=reg_ip, time=get("created"), account=account, activity="registration",
                          extra={fields["created"][1].label: get("created")} if get("created") else {})
        in_ips = False
        for no, off, line in text.lines:
            m = _IP_LINE.match(line)
            if not m:
                # IP history lines are read only under a heading that says so ("IP History", "Login IPs" ...)
                if line.strip() and ":" not in line:
                    in_ips = bool(re.search(r"\bIPs?\b|IP address|login", line, re.I))
                continue
            if in_ips and looks_like_ip(m.group("ip")):
                yield IpEvent(at=Locator(line=no, byte_offset=off), raw=line, ip=m.group("ip"), time=m.group("time"),
                              account=account, activity=(m.group("act") or "").strip() or None)


# -- IP log table ---------------------------------------------------------------------------------

IP_LOG = TableLayout("ip-log", "ip_event", (
    Col("account", ("user_id", "User ID", "Discord User ID", "account_id", "Account ID"), required=False),
    Col("ip", ("ip", "IP Address", "ip_address", "IP")),
    Col("time", ("timestamp", "Timestamp", "time", "date", "datetime", "created_at", "Date/Time", "Login Time")),
    Col("activity", ("activity", "event", "event_type", "action", "type", "Activity Type"), required=False),
    Col("port", ("port", "source_port", "Source Port"), required=False),
))
_IP_LOG_OPTIONAL = ("city", "region", "country", "country_code", "isp", "asn", "user_agent", "device", "os", "client",
                    "browser", "location")


class DiscordIpLog(Extractor):
    name = "discord_ip_log"
    provider = "Discord"
    layout = "Discord IP log table (user id, IP, timestamp, activity) as CSV/TSV/XLSX - ASSUMED layout"
    version = "1"
    media_types = ("text/", "application/csv", *XLSX_TYPES)
    sources = SOURCES

    def identify(self, doc: Document) -> Claim | None:
        if doc.suffix not in (".csv", ".tsv", ".txt", ".xlsx"):
            return None
        tables = read_tables(doc, peek=True)
        if not tables:
            return None
        for table in tables:
            notes = " ".join(n for _, n in table.notes)
            if not _marked(doc, notes):
                continue
            binding, change, found = IP_LOG.bind(table.header)
            added = tuple(a for a in (change.added if change else ()) if a.strip().lower().replace(" ", "_") not in _IP_LOG_OPTIONAL)
            if found == 2 and not (change and (change.missing or change.renamed)):
                if "account" not in binding and not _marked(doc):
                    continue
                return Claim("ip-log", LayoutChange(IP_LOG.name, added=added) if added else None)
            if found == 1 and change and change.renamed:
                return Claim("ip-log", change)
        return None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        read_any = False
        for table in read_tables(doc):
            binding, change, found = IP_LOG.bind(table.header)
            if found != 2 or (change and (change.missing or change.renamed)):
                continue
            read_any = True
            for at, note in table.notes:
                yield DocumentFact(at=at, raw=note, kind="note", value=note)
            zones = {i: z for i, h in enumerate(table.header) if (z := header_zone_text(h))}
            hints_map = getattr(table, "hints", {})
            for n, row in enumerate(table.rows):
                def get(f: str) -> str | None:
                    i = binding.get(f)
                    return row.cells[i].strip() or None if i is not None and i < len(row.cells) else None

                ip = get("ip")
                if not ip:
                    continue
                ti = binding["time"]
                base = (hints_map.get(n) or [None] * (ti + 1))
                bh = base[ti] if ti < len(base) else None
                hint = TimeHint(zone=zones.get(ti), excel_serial=bh.excel_serial if bh else None,
                                date1904=bh.date1904 if bh else False) if (bh or ti in zones) else None
                bound = set(binding.values())
                extra = {table.header[i]: row.cells[i].strip() for i in range(min(len(table.header), len(row.cells)))
                         if i not in bound and row.cells[i].strip()}
                yield IpEvent(at=row.at, raw=row.raw, ip=ip, time=get("time"), account=get("account"), port=get("port"),
                              activity=get("activity"), hint=hint, extra=extra)
        if not read_any:
            raise ExtractionFailed(doc.name, "a table with IP and timestamp columns", "none")


EXTRACTORS = (DiscordAccountJson(), DiscordSubscriberText(), DiscordIpLog())
