"""Any table nobody else claims: CSV/TSV/other delimiters and XLSX, columns found by meaning.

The generic table extractor reads a table whose provider layout is not known (or whose
known layout changed). It finds the columns by their **headers** (a fixed vocabulary:
:data:`VOCABULARY`, matched on words, so "IP Address", "Client IP", "ipAddress" and
"IPv4/IPv6" are all the IP column) and, where a header is missing, a placeholder
("Column 3") or ambiguous ("Address", "Host", "Login"), by the **shape of the values**
(:func:`pipeline.normalize.parse_ip`, :func:`~pipeline.normalize.parse_timestamp`).

It claims a table only when it finds an IP column (the rows are IP events) or an
e-mail/phone/account column together with a name column (the rows are subscribers), or a
two-column "label, value" table describing one subscriber (a name, an identifier and one
more subscriber field). Nothing is guessed silently:

* a table printed without a header is read only when one column is clearly IP addresses
  and one clearly times; its records are flagged ``columns_inferred``;
* when two columns could equally be "the" IP (or time) column, the leftmost is used and a
  ``AMBIGUOUS_COLUMN`` problem names both;
* a row with more or fewer cells than the header is reported (``RAGGED_ROW``, with its line
  and values); its values are kept only where the cell they come from is certain (checked
  against every way the extra/missing cells could have shifted the row), and the record is
  flagged ``ragged_row``;
* rows that are not data (totals, footers, comments, the header repeated) are kept as
  ``note`` facts, not records; a data row without an IP (or without any subscriber value)
  is a problem, not a record;
* cells holding control characters (NUL, ANSI escapes) or bidirectional-override characters
  are kept exactly as printed and reported (flag ``control_characters``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from .base import BulkPlan, Claim, Document, Extractor
from .tables import XLSX_TYPES, Table, TableRow, _looks_like_label, header_zone_text, is_xlsx, read_tables

# -- the column vocabulary --------------------------------------------------------------------

#: words that make an address column something else than the address (the country of an IP ...)
_IP_NOT = {"port", "ports", "country", "city", "region", "state", "location", "geo", "geolocation", "isp", "asn",
           "org", "organization", "organisation", "type", "version", "count", "lat", "latitude", "lon", "lng",
           "longitude", "owner", "range", "subnet", "mask", "prefix", "reputation", "risk", "hostname", "domain",
           "block", "zip", "postal", "carrier", "provider", "score", "name", "status", "verified", "total",
           "number", "family", "class", "pool"}
_IP_WORDS = {"ip", "ips", "ipv4", "ipv6", "ipaddress", "ipaddr", "ip4", "ip6", "ipaddresses"}
_IP_PHRASES = {"client address", "source address", "src address", "remote address", "remote addr", "client addr",
               "src addr", "source addr", "public address", "nat address", "translated address", "origin address",
               "originating address", "login address", "internet address", "network address"}
#: an IP of the other end (not the account holder's): never the event's IP
_IP_OTHER_END = {"destination", "dest", "dst", "server", "peer"}
_IP_REGISTRATION = {"registration", "register", "registered", "signup", "sign", "creation", "create", "created",
                    "tos", "terms", "enrollment", "enrolment", "activation"}
_IP_INSIDE = {"private", "internal", "inside", "local", "lan"}
_IP_PREFERRED = {"public", "nat", "external", "translated", "outside", "global", "wan"}
_IP_CLIENT = {"client", "source", "src", "remote", "user", "login", "logon", "origin", "originating", "subscriber",
              "customer", "device", "access", "session", "connection", "event", "activity", "last", "sign", "signin"}

_TIME_WORDS = {"timestamp", "timestamps", "time", "date", "datetime", "when", "occurred", "utc", "gmt", "at", "on",
               "timestamputc", "datetimeutc", "ts", "logged", "seen"}
_TIME_NOT = {"zone", "timezone", "tz", "offset", "duration", "elapsed", "length", "seconds", "sec", "secs", "minutes",
             "mins", "hours", "format", "type", "count", "ms", "spent", "online", "id", "source", "birth",
             "birthday", "dob", "expiry", "expires", "expiration"}
_TIME_END = {"end", "ended", "ending", "logout", "logoff", "stop", "stopped", "close", "closed", "disconnect",
             "disconnected", "release", "released", "deallocated", "until", "to", "finish", "finished", "last",
             "updated", "modified", "deleted", "deactivated", "terminated"}
_TIME_GENERIC = {"timestamp", "time", "date time", "datetime", "date and time", "time stamp", "date time utc",
                 "timestamp utc", "time utc", "datetime utc", "event time", "event timestamp", "event date"}
_TIME_CREATED = {"created", "creation", "registration", "registered", "signup", "sign", "joined", "since",
                 "opened", "activation", "activated"}

_ACCOUNT_PHRASES = {"account", "account id", "account identifier", "account number", "account no", "account name",
                    "acct", "acct id", "acct no", "user id", "userid", "user", "username", "user name", "user login",
                    "screen name", "screenname", "login id", "login name", "handle", "target", "target account",
                    "target id", "target identifier", "subscriber id", "customer id", "customer number", "member id",
                    "uid", "profile id", "identifier", "account identifiers", "target user"}
_ACCOUNT_NOT = {"type", "status", "created", "creation", "date", "time", "country", "language", "agent", "state",
                "verified", "level", "tier", "plan", "balance", "count", "ip", "port", "address", "email", "phone",
                "photo", "picture", "url", "link"}
_EMAIL_NOT = {"verified", "status", "confirmed", "date", "time", "type", "count", "domain", "verification"}
_PHONE_WORDS = {"phone", "msisdn", "mobile", "telephone", "tel", "mdn", "cellphone", "cell", "sms", "mobile number",
                "phonenumber", "msisdns"}
_PHONE_NOT = {"id", "site", "tower", "sector", "type", "verified", "status", "model", "make", "imei", "imsi",
              "carrier", "date", "time", "country", "code", "count", "brand", "os"}
_NAME_PHRASES = {"name", "full name", "fullname", "subscriber name", "customer name", "account holder",
                 "account holder name", "holder name", "display name", "real name", "legal name", "user full name",
                 "subscriber", "contact name", "registered name", "owner name", "billing name"}
_FIRST_NAMES = {"first name", "firstname", "given name", "givenname", "forename", "first"}
_LAST_NAMES = {"last name", "lastname", "family name", "familyname", "surname", "last"}
_ACTIVITY_PHRASES = {"activity", "event", "action", "activity type", "event type", "action type", "type",
                     "event name", "login type", "session type", "operation", "activity name", "action taken",
                     "event description", "activity description", "log type", "access type", "method"}
_ACTIVITY_WORDS = {"activity", "event", "action", "operation"}
_ADDRESS_PHRASES = {"street address", "billing address", "service address", "mailing address", "postal address",
                    "home address", "physical address", "address", "subscriber address", "customer address"}
_CREATED_PHRASES = {"created", "creation date", "creation time", "account created", "created on", "created at",
                    "registration date", "registration time", "registered", "registered on", "sign up date",
                    "signup date", "sign up time", "date created", "member since", "account creation",
                    "account creation date", "account creation time", "joined", "date joined", "activation date",
                    "service start", "account opened", "creation timestamp", "registration timestamp",
                    "create time", "create date"}
_ZONE_PHRASES = {"time zone", "timezone", "tz", "zone", "utc offset", "gmt offset", "time zone offset", "offset"}
#: headers that say nothing (spreadsheet defaults): such a column is judged by its values
_PLACEHOLDER = re.compile(r"(?:col(?:umn)?|field|f|c|var|unnamed|header)\s*:?\s*\d*|unnamed.*|[a-z]|\d+|-+|\?+")
#: headers that may name an IP column (or something else): judged by their values
_WEAK_IP = {"address", "addr", "host", "source", "client", "remote", "origin", "value", "from", "connection",
            "network", "location", "access", "login", "endpoint", "peer address"}
_WEAK_TIME = {"login", "logon", "accessed", "access", "last login", "last access", "start", "started", "begin",
              "when", "first", "seen", "connected", "assigned", "allocated", "session"}

#: the vocabulary, for the report and the docs: field -> examples of headers it knows
VOCABULARY: dict[str, tuple[str, ...]] = {
    "ip": ("IP", "IP Address", "Client IP", "Source IP", "Public IP", "IPv4/IPv6", "Client Address", "ipAddress",
           "remote_addr", "Login IP"),
    "registration_ip": ("Registration IP", "Sign-up IP", "Creation IP", "Terms of Service IP"),
    "port": ("Port", "Source Port", "NAT Port", "Public Port", "Client Port", "src_port"),
    "time": ("Timestamp", "Time", "Date/Time", "Time (UTC)", "Login Time (GMT-05:00)", "Event Time",
             "Session Start", "Date + Time (two columns)"),
    "zone": ("Time Zone", "TZ", "UTC Offset"),
    "account": ("Account", "Account ID", "User ID", "Username", "Screen Name", "Target", "Subscriber ID"),
    "email": ("Email", "E-mail", "Email Address", "emailAddress"),
    "phone": ("Phone", "Phone Number", "MSISDN", "Mobile", "MDN"),
    "name": ("Name", "Full Name", "Subscriber Name", "Display Name", "First Name + Last Name"),
    "activity": ("Activity", "Event", "Action", "Activity Type", "Event Type", "Type"),
    "address": ("Address", "Street Address", "Billing Address", "Service Address"),
    "created": ("Created", "Creation Date", "Account Created", "Registration Date", "Member Since"),
}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def header_words(text: str) -> str:
    """A header (or JSON key) as words: 'Login Time (GMT-05:00)' -> 'login time',
    'ipAddress' -> 'ip address', 'IPv4/IPv6' -> 'ipv4 ipv6', 'remote_addr' -> 'remote addr'."""
    t = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text or "")
    t = re.sub(r"(?i)ip\s*v\s*([46])", r" ipv\1 ", t)
    t = re.sub(r"(?i)e-mail", "email", t)
    t = _CAMEL.sub(" ", t)
    t = re.sub(r"[^0-9A-Za-z]+", " ", t).lower()
    t = re.sub(r"\b(date)(time)\b", r"\1 \2", t)
    t = re.sub(r"\b(time)(stamp)\b", r"\1\2", t)
    return " ".join(t.split())


@dataclass(frozen=True)
class Role:
    """What a header says its column holds."""

    field: str  #: ip, registration_ip, port, time, date, zone, account, email, phone, name, first_name,
    #: last_name, activity, address, created; not read: other_ip, other_port, end_time; judged by their
    #: values: weak_ip, weak_time, placeholder
    rank: int = 1  #: lower is better among columns of the same field
    words: frozenset[str] = frozenset()


def header_role(text: str) -> Role | None:
    """The role a header names, from :data:`VOCABULARY` (None: not a column this extractor reads)."""
    h = header_words(text)
    if not h:
        return Role("placeholder", 9)
    words = set(h.split())
    fw = frozenset(words)
    if _PLACEHOLDER.fullmatch(h):
        return Role("placeholder", 9, fw)
    # IP addresses
    is_ip = bool(words & _IP_WORDS) or h in _IP_PHRASES or any(h.endswith(" " + p) or h == p for p in _IP_PHRASES)
    if is_ip and not (words & _IP_NOT):
        if words & _IP_REGISTRATION:
            return Role("registration_ip", 1, fw)
        if words & _IP_OTHER_END:
            return Role("other_ip", 9, fw)
        if words & _IP_INSIDE:
            return Role("ip", 4, fw)
        if h in ("ip", "ip address", "ipaddress", "ip addr", "ipv4 ipv6", "ipv6 ipv4", "ip addresses"):
            return Role("ip", 1, fw)
        if words & _IP_PREFERRED:
            return Role("ip", 2, fw)
        if words & _IP_CLIENT:
            return Role("ip", 3, fw)
        return Role("ip", 3, fw)
    if "port" in words or "ports" in words:
        if words & {"range", "block", "start", "end", "first", "last", "count", "from", "to", "min", "max", "pool"}:
            return None
        if words & _IP_OTHER_END:
            return Role("other_port", 9, fw)
        if words & _IP_INSIDE:
            return Role("port", 4, fw)
        if h in ("port", "port number"):
            return Role("port", 1, fw)
        if words & _IP_PREFERRED:
            return Role("port", 2, fw)
        return Role("port", 3, fw)
    if h in _ZONE_PHRASES:
        return Role("zone", 1, fw)
    if h in _CREATED_PHRASES or (h.startswith(("account created", "created", "registration date", "creation"))
                                  and not words & _TIME_NOT):
        return Role("created", 1, fw)
    # e-mail, phone, name
    if ("email" in words or "mail" in words and len(words) <= 2) and not words & _EMAIL_NOT:
        rank = 1 if h in ("email", "email address", "e mail", "mail", "emails", "email addresses") else 2
        if words & {"recovery", "alternate", "secondary", "contact", "backup", "other", "additional"}:
            rank = 3
        return Role("email", rank, fw)
    if (words & _PHONE_WORDS) and not words & _PHONE_NOT and "time" not in words:
        rank = 1 if h in ("phone", "phone number", "msisdn", "mobile", "mobile number", "mdn", "telephone",
                          "telephone number", "phone no", "mobile phone", "cell phone") else 2
        if words & {"recovery", "alternate", "secondary", "contact", "backup", "other", "additional"}:
            rank = 3
        return Role("phone", rank, fw)
    if h in _FIRST_NAMES:
        return Role("first_name", 1, fw)
    if h in _LAST_NAMES:
        return Role("last_name", 1, fw)
    if h in _NAME_PHRASES:
        return Role("name", 1 if h != "subscriber" else 2, fw)
    # times
    if h in ("date", "event date", "login date", "activity date", "access date", "log date"):
        return Role("date", 1, fw)
    if words & _TIME_WORDS and not words & _TIME_NOT:
        if words & _TIME_END:
            return Role("end_time", 9, fw)
        if words & _TIME_CREATED and not words & {"login", "logon", "session", "event", "activity", "access"}:
            return Role("created", 2, fw)
        if h in _TIME_GENERIC:
            return Role("time", 1, fw)
        if words & {"login", "logon", "signin", "start", "started", "begin", "first", "event", "activity",
                    "access", "accessed", "connection", "connected", "session", "allocated", "assigned"}:
            return Role("time", 2, fw)
        return Role("time", 3, fw)
    # accounts
    if words & {"start", "started", "begin", "began", "connected", "allocated", "assigned"} and len(words) <= 3 \
            and not words & (_TIME_NOT | _TIME_END | {"port", "ip", "address", "number", "count"}):
        return Role("time", 2, fw)
    if h in _ACCOUNT_PHRASES or (words & {"account", "username", "userid", "acct", "uid", "handle"}
                                 and not words & _ACCOUNT_NOT):
        rank = 1 if h in ("account", "account id", "user id", "userid", "username", "user name", "target",
                          "account identifier", "target account", "screen name", "account name") else 2
        return Role("account", rank, fw)
    if h in _ACTIVITY_PHRASES or (words & _ACTIVITY_WORDS and not words & {"id", "count", "time", "date", "number"}):
        return Role("activity", 1 if h != "type" and h != "method" else 2, fw)
    if h in _ADDRESS_PHRASES:
        return Role("address", 1 if h != "address" else 2, fw)
    if h in _WEAK_IP:
        return Role("weak_ip", 5, fw)
    if h in _WEAK_TIME:
        return Role("weak_time", 5, fw)
    return None


# -- value shapes ----------------------------------------------------------------------------

_EMAIL = re.compile(r"[^@\s<>(),;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
_PHONE = re.compile(r"\+?[\d\s().\-]{7,22}")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def is_ip(value: str) -> bool:
    from pipeline.normalize import parse_ip

    v = value.strip()
    return bool(v) and parse_ip(v).ip is not None


def is_time(value: str) -> bool:
    """Printed as a date/time (any order or zone; an epoch number; not a bare time of day)."""
    from pipeline.normalize import TimeContext, parse_timestamp

    v = value.strip()
    if not v:
        return False
    flags = parse_timestamp(v, TimeContext()).flags
    return not ({"unparsed", "empty", "time_only"} & set(flags))


def is_date_only(value: str) -> bool:
    from pipeline.normalize import TimeContext, parse_timestamp

    v = value.strip()
    return bool(v) and "date_only" in parse_timestamp(v, TimeContext()).flags


def is_time_of_day(value: str) -> bool:
    return bool(re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*\S{1,12})?", value.strip()))


def is_email(value: str) -> bool:
    return bool(_EMAIL.fullmatch(value.strip()))


def is_phone(value: str) -> bool:
    v = value.strip()
    return bool(_PHONE.fullmatch(v)) and 7 <= sum(ch.isdigit() for ch in v) <= 15 and not is_time(v)


def is_port(value: str) -> bool:
    v = value.strip()
    return v.isdigit() and len(v) <= 5 and 0 <= int(v) <= 65535


SHAPES: dict[str, Callable[[str], bool]] = {
    "ip": is_ip, "registration_ip": is_ip, "time": is_time, "created": is_time, "email": is_email,
    "phone": is_phone, "port": is_port, "date": is_date_only, "time_of_day": is_time_of_day,
}


def _ratio(values: Sequence[str], test: Callable[[str], bool]) -> float:
    vals = [v for v in values if v.strip()]
    if not vals:
        return 0.0
    return sum(1 for v in vals if test(v)) / len(vals)


# -- binding a table ---------------------------------------------------------------------------

SAMPLE_ROWS = 200


@dataclass
class Binding:
    """Which column holds what, for one table."""

    kind: str  #: 'ip_events' | 'subscribers'
    cols: dict[str, int]  #: field -> column index
    names: list[str]  #: column names (header, or 'column N' for a headerless table)
    inferred: bool = False  #: columns decided by values only (no header)
    problems: list[str] = field(default_factory=list)  #: ambiguities found while binding
    zone_by_col: dict[int, str] = field(default_factory=dict)
    combined_time: tuple[int, int] | None = None  #: (date column, time-of-day column)
    multi: dict[str, list[int]] = field(default_factory=dict)  #: subscribers: account_ids, emails, phones

    def bound(self) -> set[int]:
        out = set(self.cols.values())
        for cs in self.multi.values():
            out |= set(cs)
        if self.combined_time:
            out |= set(self.combined_time)
        return out


def column_names(table: Table, width: int) -> list[str]:
    """Header texts, unique (a repeated or blank header gets its column number)."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        h = table.header[i].strip() if i < len(table.header) else ""
        if not h:
            h = f"column {i + 1}"
        elif h in seen or h.lower() in (n.lower() for n in names):
            h = f"{h} (column {i + 1})"
        seen[h] = i
        names.append(h)
    return names


def _column_values(table: Table, idx: int) -> list[str]:
    out = []
    for row in table.rows[:SAMPLE_ROWS]:
        if idx < len(row.cells):
            out.append(row.cells[idx])
    return out


def _pick(cands: list[tuple[int, int]], label: str, names: list[str], problems: list[str], quiet: bool = False) -> int | None:
    """The best (rank, column) candidate; a tie is reported (unless ``quiet``) and the leftmost used."""
    if not cands:
        return None
    cands = sorted(cands)
    best_rank = cands[0][0]
    tied = [c for r, c in cands if r == best_rank]
    if len(tied) > 1 and not quiet:
        problems.append(f"{len(tied)} columns could be the {label} column ("
                        + ", ".join(repr(names[c]) for c in tied) + f"); {names[tied[0]]!r} was used, "
                        "the others are kept as extra fields")
    return tied[0]


def bind_table(table: Table) -> Binding | None:
    """Decide what each column of a table holds; None when the table is not one this extractor reads."""
    width = max([len(table.header)] + [len(r.cells) for r in table.rows[:SAMPLE_ROWS]] or [0])
    if table.headerless:
        return _bind_by_values(table, width)
    width = len(table.header)
    names = column_names(table, width)
    roles = [header_role(h) for h in table.header]
    problems: list[str] = []
    by_field: dict[str, list[tuple[int, int]]] = {}
    values_cache: dict[int, list[str]] = {}

    def values(i: int) -> list[str]:
        if i not in values_cache:
            values_cache[i] = _column_values(table, i)
        return values_cache[i]

    for i, role in enumerate(roles):
        if role is None:
            continue
        f = role.field
        if f in ("weak_ip", "placeholder"):
            if values(i) and _ratio(values(i), is_ip) >= 0.8:
                by_field.setdefault("ip", []).append((6, i))
                continue
            if f == "weak_ip":
                continue
        if f in ("weak_time", "placeholder"):
            if values(i) and _ratio(values(i), is_time) >= 0.8:
                by_field.setdefault("time", []).append((6, i))
            elif f == "weak_time" and role.words & {"login"}:
                by_field.setdefault("account", []).append((4, i))
            continue
        if f == "address" and values(i) and _ratio(values(i), is_ip) >= 0.8:
            by_field.setdefault("ip", []).append((6, i))
            continue
        by_field.setdefault(f, []).append((role.rank, i))
    cols: dict[str, int] = {}
    ip = _pick(by_field.get("ip", []), "IP address", names, problems)
    kind = None
    if ip is not None:
        kind = "ip_events"
        cols["ip"] = ip
        ip_words = roles[ip].words if roles[ip] else frozenset()
        ports = by_field.get("port", [])
        # a port named like the IP column ('Public IP' / 'Public Port') goes with it
        qual = ip_words - _IP_WORDS - {"address", "addr"}
        ports = [(0 if qual and (roles[c].words & qual) else r, c) for r, c in ports]  # type: ignore[union-attr]
        port = _pick(ports, "port", names, problems)
        if port is not None:
            cols["port"] = port
    else:
        ident = by_field.get("email") or by_field.get("phone") or by_field.get("account")
        has_name = by_field.get("name") or (by_field.get("first_name") and by_field.get("last_name"))
        if ident and has_name:
            kind = "subscribers"
    if kind is None:
        return None
    # times
    dates, tods = by_field.get("date", []), [(r, i) for r, i in by_field.get("time", []) if header_words(table.header[i]) == "time"]
    if kind == "ip_events":
        times = by_field.get("time", [])
        if dates and tods and _ratio(values(tods[0][1]), is_time_of_day) >= 0.8 and _ratio(values(dates[0][1]), is_date_only) >= 0.8:
            d, t = sorted(dates)[0][1], sorted(tods)[0][1]
            binding_time = None
            combined = (d, t)
        else:
            combined = None
            cand = list(times)
            if not cand and dates:
                cand = list(dates)
            if not cand and by_field.get("created"):
                cand = list(by_field["created"])  # 'IP Address, Created': the row's only time
            binding_time = _pick(cand, "time", names, problems)
        if binding_time is not None:
            cols["time"] = binding_time
        for fld, label in (("account", "account"), ("activity", "activity"), ("zone", "time zone")):
            c = _pick(by_field.get(fld, []), label, names, problems, quiet=fld == "account")
            if c is not None:
                cols[fld] = c
        if "account" not in cols:
            for fld in ("email", "phone"):
                c = _pick(by_field.get(fld, []), fld, names, problems, quiet=True)
                if c is not None:
                    cols["account"] = c
                    break
    else:
        combined = None
        multi: dict[str, list[int]] = {}
        for fld, label in (("account", "account"), ("name", "name"),
                           ("first_name", "first name"), ("last_name", "last name"), ("address", "address"),
                           ("created", "creation time"), ("registration_ip", "registration IP"), ("zone", "time zone")):
            c = _pick(by_field.get(fld, []), label, names, problems, quiet=fld == "account")
            if c is not None:
                cols[fld] = c
        # every identifier, e-mail and phone column is kept (best first)
        multi["account_ids"] = [c for _, c in sorted(by_field.get("account", [])) if c != cols.get("account")]
        multi["emails"] = [c for _, c in sorted(by_field.get("email", []))]
        multi["phones"] = [c for _, c in sorted(by_field.get("phone", []))]
    b = Binding(kind, cols, names, problems=problems, combined_time=combined)
    if kind == "subscribers":
        b.multi = {k: v for k, v in multi.items() if v}
    for fld in ("time", "created"):
        if fld in cols:
            z = _header_zone(table.header[cols[fld]])
            if z:
                b.zone_by_col[cols[fld]] = z
    if combined:
        for c in combined:
            z = _header_zone(table.header[c])
            if z:
                b.zone_by_col[c] = z
    return b


def _header_zone(header: str) -> str | None:
    from pipeline.normalize import zone_from_text

    z = header_zone_text(header)
    return z if z and zone_from_text(z) else None


def _bind_by_values(table: Table, width: int) -> Binding | None:
    """A table without a header: one column clearly IP addresses and one clearly times."""
    names = [f"column {i + 1}" for i in range(width)]
    problems: list[str] = []
    cols_values = [_column_values(table, i) for i in range(width)]
    ip_r = [_ratio(v, is_ip) for v in cols_values]
    ip_cands = [i for i in range(width) if ip_r[i] >= 0.8]
    if not ip_cands:
        return None
    if len(ip_cands) > 1:
        problems.append("several columns hold IP addresses (" + ", ".join(names[i] for i in ip_cands)
                        + f"); {names[ip_cands[0]]} was used, the others are kept as extra fields")
    ip = ip_cands[0]
    time_cands = [i for i in range(width) if i != ip and _ratio(cols_values[i], is_time) >= 0.8]
    if not time_cands:
        return None
    if len(time_cands) > 1:
        textual = [i for i in time_cands if not all(v.strip().replace(".", "", 1).isdigit() for v in cols_values[i] if v.strip())]
        if len(textual) == 1:
            time_cands = textual
    if len(time_cands) > 1:
        problems.append("several columns hold times (" + ", ".join(names[i] for i in time_cands)
                        + "); none was used as the event time: they are kept as extra fields")
        cols = {"ip": ip}
    else:
        cols = {"ip": ip, "time": time_cands[0]}
    emails = [i for i in range(width) if i not in cols.values() and _ratio(cols_values[i], is_email) >= 0.8]
    if len(emails) == 1:
        cols["account"] = emails[0]
    return Binding("ip_events", cols, names, inferred=True, problems=problems)


# -- 'label, value' tables ---------------------------------------------------------------------

_FORM_FIELDS = {"account", "email", "phone", "name", "first_name", "last_name", "address", "created", "registration_ip"}


@dataclass
class _Pair:
    label: str
    value: str
    field: str | None
    at: Locator
    raw: str
    hint: TimeHint | None = None


def form_pairs(table: Table) -> list[_Pair] | None:
    """A two-column table of 'label, value' pairs describing one subscriber (at least a name,
    an account/e-mail/phone, and one more subscriber field), or None."""
    width = len(table.header) if table.header else max([len(r.cells) for r in table.rows] or [0])
    if width != 2 or len(table.rows) > 200:
        return None
    rows: list[tuple[list[str], Locator, str, list[TimeHint | None] | None]] = []
    head_role = header_role(table.header[0]) if table.header else None
    if table.header and head_role is not None and head_role.field in _FORM_FIELDS:
        rows.append((table.header, table.header_at, "\t".join(table.header), None))  # no header: the first pair
    for n, r in enumerate(table.rows):
        rows.append((r.cells, r.at, r.raw, table.hints.get(n)))
    pairs: list[_Pair] = []
    for cells, at, raw, hints in rows:
        if len(cells) < 2 or not cells[0].strip():
            continue
        label, value = cells[0].strip(), cells[1].strip()
        role = header_role(label)
        f = role.field if role is not None and role.field in _FORM_FIELDS else None
        hint = hints[1] if hints and len(hints) > 1 else None
        if f is not None and value and not (hint is not None and f == "created") and not _shape_ok(f, value):
            f = None
        pairs.append(_Pair(label, value, f if value else None, at, raw, hint))
    fields = {p.field for p in pairs if p.field}
    has_name = "name" in fields or {"first_name", "last_name"} <= fields
    has_id = bool(fields & {"account", "email", "phone"})
    if not (has_name and has_id and len(fields) >= 3):
        return None
    return pairs


# -- reading rows ------------------------------------------------------------------------------

_FOOTER = re.compile(r"(?i)\s*(?:grand\s+)?(?:total|totals|subtotal|sum|count|records?|rows?|end\s+of|page\s+\d|"
                     r"number\s+of|\*{2,}|#{2,}|generated|printed|confidential|report\s+(?:end|generated))\b")


def _shape_ok(fld: str, value: str | None) -> bool:
    if value is None or not value.strip():
        return True
    test = SHAPES.get(fld)
    return test(value) if test else True


@dataclass
class _Mapped:
    values: dict[int, str | None]  #: column -> value (None: not certain)
    uncertain: list[int]
    ragged: bool


#: a ragged row is checked against at most this many readings (else nothing in it is certain)
MAX_READINGS = 20000


def _readings_missing(cells: list[str], width: int) -> Iterator[dict[int, str | None]]:
    """Every way ``width - len(cells)`` columns could be missing (cells keep their order)."""
    n = len(cells)
    for missing in itertools.combinations(range(width), width - n):
        gone = set(missing)
        it = iter(cells)
        yield {c: (None if c in gone else next(it)) for c in range(width)}


def _readings_extra(cells: list[str], width: int, joiner: str) -> Iterator[dict[int, str | None]]:
    """Every way ``len(cells) - width`` unquoted delimiters could sit inside the fields."""
    e = len(cells) - width

    def spread(c: int, left: int) -> Iterator[list[int]]:
        if c == width - 1:
            yield [left]
            return
        for k in range(left + 1):
            for rest in spread(c + 1, left - k):
                yield [k, *rest]

    for ks in spread(0, e):
        r: dict[int, str | None] = {}
        pos = 0
        for c, k in enumerate(ks):
            r[c] = joiner.join(cells[pos:pos + k + 1])
            pos += k + 1
        yield r


def _map_row(cells: list[str], width: int, b: Binding, delimiter: str | None, xlsx: bool) -> _Mapped:
    """Map a row's cells to columns; for a ragged row keep only what every possible reading agrees on.

    A row with fewer cells may miss any columns; a row with more cells may have unquoted
    delimiters inside any fields. Readings whose IP, time, port, e-mail or phone cells do not
    have the right shape are dropped; a value is kept when every remaining reading gives it."""
    n = len(cells)
    if n == width or (xlsx and n < width):
        return _Mapped({i: (cells[i] if i < n else "") for i in range(width)}, [], False)
    if xlsx and n > width:
        return _Mapped({i: cells[i] for i in range(width)}, [], True)
    shape_fields = {c: f for f, c in b.cols.items() if f in SHAPES}
    for key, fld in (("emails", "email"), ("phones", "phone")):
        for c in b.multi.get(key, []):
            shape_fields[c] = fld
    if b.combined_time:
        shape_fields[b.combined_time[0]] = "date"
        shape_fields[b.combined_time[1]] = "time_of_day"
    gen = _readings_extra(cells, width, delimiter or ",") if n > width else _readings_missing(cells, width)
    readings: list[dict[int, str | None]] = []
    for k, r in enumerate(gen):
        if k >= MAX_READINGS:
            readings = []
            break
        if all(_shape_ok(f, r[c]) for c, f in shape_fields.items()):
            readings.append(r)
    vals: dict[int, str | None] = {}
    uncertain: list[int] = []
    for c in range(width):
        seen = {r[c] for r in readings}
        if len(seen) == 1:
            vals[c] = next(iter(seen))
        else:
            vals[c] = None
            uncertain.append(c)
    return _Mapped(vals, uncertain, True)


def _bad_chars(text: str) -> list[str]:
    found = sorted(set(_BAD_CHARS.findall(text)))
    return [f"U+{ord(ch):04X} {unicodedata.name(ch, 'control')}" for ch in found]


class GenericTable(Extractor):
    name = "generic_table"
    provider = "unknown"
    layout = "Any CSV/TSV/delimited text or XLSX table with IP-event or subscriber columns, found by header and value shape"
    version = "2"
    generic = True
    media_types = ("text/", "application/csv", *XLSX_TYPES, "application/zip", "application/octet-stream")
    sources = ("extractors/README.md",)

    # -- identify --

    def identify(self, doc: Document) -> Claim | None:
        try:
            if not self._table_file(doc):
                return None
            tables = read_tables(_as_table_doc(doc), peek=True, headerless=True)
            kinds = []
            for t in tables:
                b = bind_table(t)
                if b is not None:
                    kinds.append(("headerless_" if b.inferred else "") + b.kind)
                elif form_pairs(t) is not None:
                    kinds.append("subscriber_form")
            if not kinds:
                return None
            return Claim(kinds[0] if len(set(kinds)) == 1 else "mixed")
        except Exception:  # noqa: BLE001 - never raise on someone else's file
            return None

    def _table_file(self, doc: Document) -> bool:
        if doc.media_type in XLSX_TYPES or doc.media_type in ("application/zip", "application/octet-stream"):
            if is_xlsx(doc):
                return True
            if doc.media_type == "application/zip" or doc.media_type in XLSX_TYPES:
                return False
            if doc.suffix not in (".csv", ".tsv", ".txt", ".tab", ".log", ".psv", ".dat"):
                return False
        if doc.media_type in ("text/html", "text/xml", "application/xml", "text/x-tex", "text/rtf"):
            return False
        head = doc.head_text(4096).lstrip()
        if head[:1] in ("{", "[", "<"):
            return False  # JSON, HTML, XML
        if head.startswith("%PDF") or head.count("\x00") > max(4, len(head) // 100):
            return False  # binary (a stray NUL in a cell is not enough)
        return True

    def bulk_plan(self, doc: Document, claim: Claim) -> BulkPlan | None:
        """A large delimited file holding one plain IP-event table (a header of its own, one time
        column, no per-row zone column, no sections) is read in bulk by the framework; anything
        else goes through :meth:`extract`, row by row."""
        if claim.variant != "ip_events":
            return None
        head = doc.head()
        crlf = head.count(b"\r\n")
        if crlf and (head.count(b"\n") != crlf or head.count(b"\r") != crlf) or (not crlf and b"\r" in head):
            return None  # mixed or bare-CR line endings: DuckDB 2.0 then reads no rows at all, without an error
        tdoc = _as_table_doc(doc)
        if tdoc.media_type in XLSX_TYPES:
            return None
        tables = read_tables(tdoc, peek=True)
        if len(tables) != 1:
            return None
        table = tables[0]
        if not table.header or not table.delimiter or table.section or table.header_at.line is None or table.trailer:
            return None
        b = bind_table(table)
        if b is None or b.kind != "ip_events" or b.inferred or b.combined_time or b.problems or "zone" in b.cols:
            return None
        fields = {f: c for f, c in b.cols.items() if f in ("ip", "port", "time", "account", "activity")}
        zones = {"time": b.zone_by_col[b.cols["time"]]} if "time" in b.cols and b.cols["time"] in b.zone_by_col else {}
        notes = tuple((at.line or 0, at.byte_offset or 0, text) for at, text in table.notes)
        return BulkPlan("ip_event", table.delimiter, table.header_at.line, tuple(table.header), fields, zones, None, notes)

    # -- extract --

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        tdoc = _as_table_doc(doc)
        tables = read_tables(tdoc, headerless=True)
        if tables and tables[0].encoding_guessed:
            first = tables[0].header_at if tables[0].header else (tables[0].rows[0].at if tables[0].rows else tables[0].header_at)
            yield Problem(Locator(line=1, byte_offset=0) if first.line is not None else first, "ENCODING_GUESSED",
                          f"the file is not valid UTF-8 or UTF-16; it was read as {tables[0].encoding} "
                          "(Windows-1252), a guess: check accented letters against the original")
        for table in tables:
            yield from self._table(table, tdoc)

    def _table(self, table: Table, doc: Document) -> Iterator[Record]:
        for at, note in table.notes:
            yield DocumentFact(at=at, raw=note, kind="note", value=note)
        b = bind_table(table)
        where = table.header_at.as_text()
        if b is None and (pairs := form_pairs(table)) is not None:
            yield from self._form(table, pairs)
            for at, note in table.trailer:
                yield DocumentFact(at=at, raw=note, kind="note", value=note)
            return
        if b is None:
            header = ", ".join(repr(h) for h in table.header) if table.header else "no header"
            yield Problem(table.header_at, "TABLE_NOT_READ", f"a table at {where} ({header}) has no IP column and no "
                          "subscriber columns (e-mail/phone/account with a name): its rows were not read")
            for at, note in table.trailer:
                yield DocumentFact(at=at, raw=note, kind="note", value=note)
            return
        for p in table.problems:
            if p.code != "RAGGED_ROW":
                yield p
        for msg in b.problems:
            yield Problem(table.header_at, "AMBIGUOUS_COLUMN", f"table at {where}: {msg}")
        if b.inferred:
            yield Problem(table.header_at, "COLUMNS_INFERRED",
                          f"the table at {where} has no header: {b.names[b.cols['ip']]} was read as the IP address"
                          + (f" and {b.names[b.cols['time']]} as the time" if "time" in b.cols else "")
                          + " from the shape of their values; every record is flagged columns_inferred")
        width = len(table.header) if table.header else len(b.names)
        xlsx = table.sheet is not None
        hints_map = table.hints
        for n, row in enumerate(table.rows):
            yield from self._row(table, b, row, width, xlsx, hints_map.get(n))
        for at, note in table.trailer:
            yield DocumentFact(at=at, raw=note, kind="note", value=note)
            if any(is_ip(tok) for tok in re.split(r"[\s;,|]+", note) if tok):
                # a line that holds an IP but not the table's shape (another delimiter, a broken row):
                # never dropped silently
                yield Problem(at, "ROW_NOT_READ", f"this line holds an IP address but not the table's {width} columns "
                              f"(delimiter {table.delimiter!r}); it was not read as a record: {note!r}")

    def _row(self, table: Table, b: Binding, row: TableRow, width: int, xlsx: bool,
             hints: list[TimeHint | None] | None) -> Iterator[Record]:
        cells = row.cells
        filled = [c for c in cells if c.strip()]
        if not filled:
            return
        if [c.strip().lower() for c in cells] == [h.strip().lower() for h in table.header]:
            return
        mapped = _map_row(cells, width, b, table.delimiter, xlsx)
        vals = mapped.values

        def get(fld: str) -> str | None:
            c = b.cols.get(fld)
            if c is None:
                return None
            v = vals.get(c)
            if v is None:
                return None
            v = v.strip()
            return v or None

        def get_all(key: str) -> tuple[str, ...]:
            out = []
            for c in b.multi.get(key, []):
                v = vals.get(c)
                if v is not None and v.strip() and v.strip() not in out:
                    out.append(v.strip())
            return tuple(out)

        key_fields = ["ip"] if b.kind == "ip_events" else ["account", "name", "first_name", "last_name"]
        has_key = any(get(f) for f in key_fields) or any(get_all(k) for k in ("emails", "phones", "account_ids"))
        # not data: totals, footers, comments
        if b.kind == "ip_events":
            footer = bool(_FOOTER.match(filled[0])) and not is_ip(get("ip") or "")
        else:
            footer = bool(_FOOTER.match(filled[0])) and len(filled) <= 2 and not any(is_email(c) for c in filled)
        if footer or (not has_key and len(filled) == 1 and _looks_like_label(filled[0])):
            text = " ".join(c.strip() for c in filled)
            yield DocumentFact(at=row.at, raw=row.raw, kind="note", value=text)
            return
        flags: list[str] = []
        if b.inferred:
            flags.append("columns_inferred")
        if mapped.ragged:
            flags.append("ragged_row")
            got = [f for f in sorted(b.cols) if b.cols[f] not in mapped.uncertain and get(f)]
            lost = [b.names[c] for c in mapped.uncertain if c < len(b.names)]
            yield Problem(row.at, "RAGGED_ROW", f"{row.at.as_text()}: {len(cells)} cells where the header has {width}: "
                          + _show(cells) + "; " + (f"read with certainty: {', '.join(got)}" if got else "nothing could be placed with certainty")
                          + (f"; not read (the cell it comes from is uncertain): {', '.join(lost)}" if lost else "")
                          + (f"; values beyond the header kept as extra fields" if xlsx and len(cells) > width else ""))
        bad = _bad_chars(row.raw)
        if bad:
            flags.append("control_characters")
            yield Problem(row.at, "CONTROL_CHARACTERS", f"{row.at.as_text()}: the row holds control or text-direction "
                          f"characters ({', '.join(bad)}); they are kept as printed in the raw text and values: {row.raw[:300]!r}")
        if not has_key:
            what = "no IP address" if b.kind == "ip_events" else "no account, e-mail, phone or name"
            if not mapped.ragged or mapped.values.get(b.cols.get("ip", -1)) is not None:
                yield Problem(row.at, "ROW_NOT_READ", f"{row.at.as_text()}: a row with {what}: {_show(cells)}")
            else:
                yield Problem(row.at, "ROW_NOT_READ", f"{row.at.as_text()}: the IP address of this ragged row cannot be "
                              "placed with certainty; the row was not read")
            return
        extra = {}
        bound = b.bound()
        for c in range(width):
            if c in bound or c in mapped.uncertain:
                continue
            v = vals.get(c)
            if v is not None and v.strip():
                extra[b.names[c]] = v.strip()
        if xlsx and len(cells) > width:
            for c in range(width, len(cells)):
                if cells[c].strip():
                    extra[f"column {c + 1} (no header)"] = cells[c].strip()
        if b.kind == "ip_events":
            yield self._ip_event(b, row, get, vals, hints, extra, tuple(flags), mapped)
        else:
            yield from self._subscriber(b, row, get, get_all, hints, extra, tuple(flags))

    def _form(self, table: Table, pairs: list[_Pair]) -> Iterator[Record]:
        """One subscriber from a two-column 'label, value' table."""
        used = [p for p in pairs if p.field is not None]
        values: dict[str, list[_Pair]] = {}
        for p in used:
            values.setdefault(p.field, []).append(p)  # type: ignore[arg-type]

        def first(f: str) -> str | None:
            return values[f][0].value if f in values else None

        def every(f: str) -> tuple[str, ...]:
            return tuple(dict.fromkeys(p.value for p in values.get(f, [])))

        name = first("name")
        if name is None and (first("first_name") or first("last_name")):
            name = " ".join(x for x in (first("first_name"), first("last_name")) if x)
        accounts, emails, phones = every("account"), every("email"), every("phone")
        account = (accounts or emails or phones or (None,))[0]
        created_pair = values.get("created", [None])[0]
        created_hint = None
        if created_pair is not None:
            z = _header_zone(created_pair.label)
            h = created_pair.hint
            if h is not None or z:
                created_hint = TimeHint(zone=z, excel_serial=h.excel_serial if h else None, date1904=h.date1904 if h else False)
        extra = {p.label: p.value for p in pairs if p.field is None and p.value}
        for f in ("address", "registration_ip", "created", "name", "first_name", "last_name"):
            for p in values.get(f, [])[1:]:
                extra[p.label] = p.value  # a second one of a single-valued field
        at = pairs[0].at
        raw = "\n".join(p.raw for p in pairs)
        bad = _bad_chars(raw)
        flags = ("control_characters",) if bad else ()
        if bad:
            yield Problem(at, "CONTROL_CHARACTERS", f"{at.as_text()}: the table holds control or text-direction "
                          f"characters ({', '.join(bad)}); they are kept as printed")
        reg_ip = first("registration_ip")
        created = first("created")
        yield Subscriber(at=at, raw=raw, account=account, account_ids=tuple(a for a in accounts if a != account),
                         name=name, emails=emails, phones=phones, address=first("address"), created=created,
                         created_hint=created_hint, registration_ip=reg_ip, extra=extra, flags=flags)
        if reg_ip and (created or created_hint):
            yield IpEvent(at=values["registration_ip"][0].at, raw=raw, ip=reg_ip, time=created, account=account,
                          activity="registration", hint=created_hint, flags=flags)

    def _time_hint(self, b: Binding, col: int | None, hints: list[TimeHint | None] | None, zone_col_value: str | None) -> TimeHint | None:
        if col is None:
            return None
        base = hints[col] if hints and col < len(hints) else None
        zone = zone_col_value or b.zone_by_col.get(col)
        if base is None and zone is None:
            return None
        if base is None:
            return TimeHint(zone=zone)
        return TimeHint(zone=zone, excel_serial=base.excel_serial, date1904=base.date1904)

    def _ip_event(self, b: Binding, row: TableRow, get: Callable[[str], str | None], vals: dict[int, str | None],
                  hints: list[TimeHint | None] | None, extra: dict[str, str], flags: tuple[str, ...], mapped: _Mapped) -> IpEvent:
        zone_val = get("zone")
        time = get("time")
        hint = self._time_hint(b, b.cols.get("time"), hints, zone_val)
        if b.combined_time:
            d, t = b.combined_time
            dv = (vals.get(d) or "").strip() if d not in mapped.uncertain else ""
            tv = (vals.get(t) or "").strip() if t not in mapped.uncertain else ""
            dh = hints[d] if hints and d < len(hints) else None
            th = hints[t] if hints and t < len(hints) else None
            zone = zone_val or b.zone_by_col.get(t) or b.zone_by_col.get(d)
            if dh is not None and dh.excel_serial is not None:
                frac = _time_fraction(tv, th)
                if frac is not None and float(dh.excel_serial).is_integer():
                    time = f"{dv} {tv}"
                    hint = TimeHint(zone=zone, excel_serial=dh.excel_serial + frac, date1904=dh.date1904)
                else:
                    time, hint = (dv or None), TimeHint(zone=zone, excel_serial=dh.excel_serial, date1904=dh.date1904)
            else:
                time = " ".join(x for x in (dv, tv) if x) or None
                hint = TimeHint(zone=zone) if zone else None
        return IpEvent(at=row.at, raw=row.raw, ip=get("ip") or "", time=time, account=get("account"), port=get("port"),
                       activity=get("activity"), hint=hint, extra=extra, flags=flags)

    def _subscriber(self, b: Binding, row: TableRow, get: Callable[[str], str | None],
                    get_all: Callable[[str], tuple[str, ...]], hints: list[TimeHint | None] | None,
                    extra: dict[str, str], flags: tuple[str, ...]) -> Iterator[Record]:
        name = get("name")
        if name is None and (get("first_name") or get("last_name")):
            name = " ".join(x for x in (get("first_name"), get("last_name")) if x)
        emails, phones = get_all("emails"), get_all("phones")
        account = get("account") or (emails[0] if emails else None) or (phones[0] if phones else None)
        created = get("created")
        created_hint = self._time_hint(b, b.cols.get("created"), hints, get("zone"))
        reg_ip = get("registration_ip")
        yield Subscriber(at=row.at, raw=row.raw, account=account,
                         account_ids=get_all("account_ids"), name=name, emails=emails, phones=phones,
                         address=get("address"), created=created, created_hint=created_hint, registration_ip=reg_ip,
                         extra=extra, flags=flags)
        if reg_ip and (created or created_hint):
            yield IpEvent(at=row.at, raw=row.raw, ip=reg_ip, time=created, account=account, activity="registration",
                          hint=created_hint, extra={}, flags=flags)


def _time_fraction(text: str, hint: TimeHint | None) -> float | None:
    if hint is not None and hint.excel_serial is not None and 0 <= hint.excel_serial < 1:
        return hint.excel_serial
    m = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", text or "")
    if not m:
        return None
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return (h * 3600 + mi * 60 + s) / 86400


def _show(cells: list[str], limit: int = 120) -> str:
    return "[" + ", ".join(repr(c if len(c) <= limit else c[:limit] + f"... ({len(c):,} characters)") for c in cells) + "]"


def _as_table_doc(doc: Document) -> Document:
    """A workbook that libmagic called a ZIP or octet-stream is read as a workbook."""
    if doc.media_type in ("application/zip", "application/octet-stream") and is_xlsx(doc):
        return Document(doc.sha256, doc.path, doc.name, XLSX_TYPES[0], doc.size, doc._cache)
    return doc


EXTRACTORS = (GenericTable(),)
