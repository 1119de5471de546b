"""Legal requests sent to service providers: parsing and validation (no database).

A request (preservation letter, warrant, production order, ...) names a provider and a
list of *targets* written ``TYPE:VALUE`` (``email:someone@example.com``,
``phone:+1 202 555 0143``, ``ip:2001:db8::1``, ``instagram:some.handle``). This module turns
what an analyst typed, or a CSV file of requests, into frozen :class:`RequestSpec` values:

* every field is checked and every failure is a :class:`~pipeline.errors.ReturnsError`
  with a stable code (``REQUEST_*``) and a message that says what was wrong, shows the
  value, and says what to write instead;
* each target keeps its value exactly as given (identifiers are always text, so leading
  zeros survive) plus a ``normalized`` form used for matching (lower-cased e-mail,
  E.164 phone number, canonical IP address, ...);
* things that are accepted but doubtful (an unknown target type, a phone number that
  could not be checked, a removed IPv6 zone id, a repeated target) are *warnings*:
  human sentences carried on :attr:`Target.warnings` and gathered, in order and without
  repeats, on :attr:`RequestSpec.warnings`.

Error codes raised here:

``REQUEST_INVALID_ID``        request_id empty, not printable, padded with spaces or too long
``REQUEST_INVALID_KIND``      kind not one of :data:`REQUEST_KINDS` (or an alias)
``REQUEST_INVALID_PROVIDER``  provider empty
``REQUEST_INVALID_DATE``      a date is not a real YYYY-MM-DD calendar date
``REQUEST_INVALID_DATES``     date_from is after date_to
``REQUEST_INVALID_TARGET``    a target is not ``TYPE:VALUE`` or its value cannot be used
``REQUEST_INVALID_REGION``    default_region is not a region code phonenumbers knows
``REQUEST_CSV_UNREADABLE``    the CSV file cannot be opened or read
``REQUEST_CSV_ENCODING``      the CSV file is not UTF-8
``REQUEST_CSV_HEADER``        the header line is missing, lacks columns or has unknown ones
``REQUEST_CSV_INVALID``       one or more rows are bad (all listed; nothing imported)
"""

from __future__ import annotations

import calendar
import csv
import io
import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

import phonenumbers

from .errors import ReturnsError

REQUEST_KINDS = (
    "preservation",
    "voluntary_disclosure",
    "emergency_disclosure",
    "production_order",
    "subpoena",
    "warrant",
    "mla",
    "other",
)

#: other spellings accepted for a kind (after lower-casing and turning spaces/hyphens
#: into underscores and dropping brackets and dots: "2703(f)" -> "2703f")
KIND_ALIASES = {
    "mlat": "mla",
    "mutual_legal_assistance": "mla",
    "emergency": "emergency_disclosure",
    "edr": "emergency_disclosure",
    "preservation_request": "preservation",
    "2703f": "preservation",
    "court_order": "production_order",
    "production": "production_order",
    "search_warrant": "warrant",
    "voluntary": "voluntary_disclosure",
}

KNOWN_TARGET_TYPES = (
    "email",
    "phone",
    "ip",
    "account",
    "username",
    "imei",
    "imsi",
    "url",
    "domain",
    "name",
)

#: a service's own account type, e.g. instagram:handle, facebook:1000123, snapchat:user
SERVICE_TARGET_TYPES = (
    "google",
    "gmail",
    "facebook",
    "instagram",
    "whatsapp",
    "snapchat",
    "tiktok",
    "discord",
    "kik",
    "telegram",
    "twitter",
    "x",
    "microsoft",
    "apple",
    "icloud",
    "yahoo",
    "skype",
    "linkedin",
    "reddit",
)

#: unknown types that are probably a known one mistyped (only used to word a warning)
_TYPE_SUGGESTIONS = {
    "e-mail": "email",
    "e_mail": "email",
    "mail": "email",
    "tel": "phone",
    "telephone": "phone",
    "mobile": "phone",
    "msisdn": "phone",
    "ipv4": "ip",
    "ipv6": "ip",
    "ip_address": "ip",
    "user": "username",
    "handle": "username",
    "acct": "account",
    "http": "url",
    "https": "url",
    "link": "url",
    "website": "url",
}

MAX_REQUEST_ID_LENGTH = 200

REQUIRED_CSV_COLUMNS = (
    "request_id",
    "kind",
    "provider",
    "case_number",
    "sent_on",
    "targets",
    "date_from",
    "date_to",
)
OPTIONAL_CSV_COLUMNS = ("provider_reference", "nondisclosure_until", "use_limits")

_TARGET_EXAMPLES = "email:someone@example.com, phone:+12025550143, ip:192.0.2.1 or instagram:some.handle"


@dataclass(frozen=True)
class Target:
    """One target of a request, as given and in its matching form."""

    target_type: str  #: lower-cased type as given
    value: str  #: exactly as given (stripped of surrounding whitespace only)
    normalized: str  #: matching form (see :func:`normalize_target`)
    known_type: bool  #: False for a type the tool does not know (kept, with a warning)
    #: doubts about this target, as sentences (also gathered on RequestSpec.warnings);
    #: not part of equality
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def text(self) -> str:
        """The target written back as ``type:value``."""
        return f"{self.target_type}:{self.value}"


@dataclass(frozen=True)
class RequestSpec:
    """A validated legal request, ready to be recorded."""

    request_id: str
    kind: str
    provider: str
    targets: tuple[Target, ...]
    case_number: str | None = None
    provider_reference: str | None = None
    sent_on: str | None = None  #: ISO date text YYYY-MM-DD
    date_from: str | None = None
    date_to: str | None = None
    nondisclosure_until: str | None = None
    use_limits: str | None = None
    #: human sentences, e.g. "target type 'myspace' is not one the tool knows; kept as given"
    warnings: tuple[str, ...] = ()


# -- problems -------------------------------------------------------------------------


class _Problem(Exception):
    """One thing wrong with one value; becomes a ReturnsError (or a CSV line) at the edge."""

    def __init__(self, code: str, problem: str, value: object, hint: str | None = None) -> None:
        super().__init__(problem)
        self.code = code
        self.problem = problem
        self.value = value
        self.hint = hint

    def message(self) -> str:
        return f"{self.problem} (value: {_show(self.value)})"

    def to_error(self) -> ReturnsError:
        return ReturnsError(self.code, self.message(), hint=self.hint)


def _show(value: object, limit: int = 120) -> str:
    """A value quoted for a message: control characters made visible, long text cut."""
    text = value if isinstance(value, str) else str(value)
    shown = "".join(
        ch if unicodedata.category(ch) != "Cc" else repr(ch)[1:-1] for ch in text
    )
    if len(shown) > limit:
        shown = shown[:limit] + "…"
    return f"'{shown}'"


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


# -- kinds ----------------------------------------------------------------------------


def _parse_kind(kind: object) -> str:
    valid = ", ".join(REQUEST_KINDS)
    if not isinstance(kind, str) or not kind.strip():
        raise _Problem(
            "REQUEST_INVALID_KIND",
            f"kind is empty; write one of: {valid}",
            "" if kind is None else kind,
        )
    key = re.sub(r"[\s\-]+", "_", kind.strip().lower())
    key = re.sub(r"[().]", "", key)
    key = re.sub(r"_+", "_", key).strip("_")
    if key in REQUEST_KINDS:
        return key
    if key in KIND_ALIASES:
        return KIND_ALIASES[key]
    squashed = key.replace("_", "")  # "2703 f", "searchwarrant"
    for name in (*REQUEST_KINDS, *KIND_ALIASES):
        if name.replace("_", "") == squashed:
            return KIND_ALIASES.get(name, name)
    raise _Problem(
        "REQUEST_INVALID_KIND",
        f"kind is not a request kind the tool knows; write one of: {valid}",
        kind,
        hint="Common other spellings are accepted too, e.g. 'mlat', 'edr', '2703(f)', 'search warrant'.",
    )


def parse_kind(kind: str) -> str:
    """The canonical kind for *kind* (case-insensitive, aliases accepted).

    Raises ReturnsError ``REQUEST_INVALID_KIND`` listing the valid kinds.
    """
    try:
        return _parse_kind(kind)
    except _Problem as p:
        raise p.to_error() from None


# -- dates ----------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}(:\d{2})?.*", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})")
_SHORT_YEAR = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def _real_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _parse_date(text: object, field_name: str) -> str:
    if isinstance(text, datetime):
        raise _Problem(
            "REQUEST_INVALID_DATE",
            f"{field_name} has a time of day; give the date only, as YYYY-MM-DD",
            text.isoformat(),
        )
    if isinstance(text, date):
        return text.isoformat()
    if not isinstance(text, str):
        raise _Problem(
            "REQUEST_INVALID_DATE",
            f"{field_name} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-04",
            text,
        )
    raw = text
    text = text.strip()
    code = "REQUEST_INVALID_DATE"
    if not text:
        raise _Problem(code, f"{field_name} is empty; write a date as YYYY-MM-DD, e.g. 2026-03-04", raw)

    m = _ISO_DATE.fullmatch(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
        if year < 1:
            raise _Problem(code, f"{field_name} has year 0000, which does not exist", raw)
        if not 1 <= month <= 12:
            raise _Problem(
                code, f"{field_name} has month {m.group(2)}; months go from 01 to 12 (YYYY-MM-DD)", raw
            )
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise _Problem(
                code,
                f"{field_name} is not a real date: {calendar.month_name[month]} {year} "
                f"has days 01 to {last:02d}",
                raw,
            )
        return date(year, month, day).isoformat()

    m = _ISO_WITH_TIME.fullmatch(text)
    if m:
        raise _Problem(
            code,
            f"{field_name} has a time of day; give the date only, e.g. {m.group(1)}",
            raw,
        )

    m = _DAY_MONTH_YEAR.fullmatch(text)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day_first = _real_date(year, b, a)  # a = day, b = month
        month_first = _real_date(year, a, b)  # a = month, b = day
        if day_first and month_first and day_first != month_first:
            d1 = date.fromisoformat(day_first)
            d2 = date.fromisoformat(month_first)
            raise _Problem(
                code,
                f"{field_name} is ambiguous (day and month could be either way round); "
                f"write {day_first} for {d1.day} {calendar.month_name[d1.month]} {d1.year} "
                f"or {month_first} for {d2.day} {calendar.month_name[d2.month]} {d2.year}",
                raw,
            )
        only = day_first or month_first
        if only:
            raise _Problem(code, f"{field_name} must be written YYYY-MM-DD; write {only}", raw)
        raise _Problem(
            code, f"{field_name} is not a real date; write it as YYYY-MM-DD, e.g. 2026-03-04", raw
        )

    for pattern in (_YEAR_MONTH_DAY, _COMPACT):
        m = pattern.fullmatch(text)
        if m:
            fixed = _real_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if fixed:
                raise _Problem(code, f"{field_name} must be written YYYY-MM-DD; write {fixed}", raw)
            raise _Problem(
                code, f"{field_name} is not a real date; write it as YYYY-MM-DD, e.g. 2026-03-04", raw
            )

    if _SHORT_YEAR.fullmatch(text):
        raise _Problem(
            code,
            f"{field_name} has a two-digit year; write the full date as YYYY-MM-DD, e.g. 2026-03-04",
            raw,
        )
    raise _Problem(
        code, f"{field_name} is not a date in the form YYYY-MM-DD (e.g. 2026-03-04)", raw
    )


def parse_date(text: str, field: str) -> str:
    """*text* as a strict ISO 8601 calendar date ``YYYY-MM-DD`` (surrounding spaces ignored).

    Dates only: a time of day, a slash or dot form (``03/04/2026``), a two-digit year or a
    day that does not exist (``2026-02-30``) raises ReturnsError ``REQUEST_INVALID_DATE``
    naming *field* and the value and saying what to write instead.
    """
    try:
        return _parse_date(text, field)
    except _Problem as p:
        raise p.to_error() from None


def _optional_date(text: object, field_name: str) -> str | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return _parse_date(text, field_name)


# -- targets --------------------------------------------------------------------------


def _check_region(default_region: str | None) -> str | None:
    if default_region is None:
        return None
    region = default_region.strip().upper() if isinstance(default_region, str) else ""
    if not region:
        return None
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ReturnsError(
            "REQUEST_INVALID_REGION",
            f"default region {_show(default_region)} is not a two-letter country code the "
            "phone number library knows",
            hint="Use a code such as US, GB, CA, AU, DE or FR.",
        )
    return region


def _normalize_phone(value: str, region: str | None, raw: str) -> tuple[str, list[str]]:
    shown = _show(raw)
    warnings: list[str] = []
    digits = re.sub(r"\D", "", value)
    has_plus = value.lstrip().startswith("+")
    fallback = ("+" if has_plus else "") + digits
    number = None
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        if number.extension:
            warnings.append(
                f"target {shown}: the extension {number.extension} is not part of the "
                "number used for matching"
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), warnings
    if not digits:
        raise _Problem(
            "REQUEST_INVALID_TARGET",
            "phone number has no digits; write it with its country code, e.g. phone:+12025550143",
            raw,
        )
    if not has_plus and region is None:
        reason = "it has no country code (+...) and no default region was given"
    else:
        reason = "it is not a valid number for its country"
    warnings.append(
        f"target {shown} could not be checked as a phone number ({reason}); "
        f"matched as the digits {fallback}; write it with its country code, e.g. +12025550143"
    )
    return fallback, warnings


def _normalize_ip(value: str, raw: str) -> tuple[str, list[str]]:
    shown = _show(raw)
    warnings: list[str] = []
    text = value.strip()
    prefix = None
    if "/" in text:
        text, prefix = text.split("/", 1)
        text = text.strip()
        prefix = prefix.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1].strip()
    if "%" in text:
        text, zone = text.split("%", 1)
        warnings.append(
            f"target {shown}: the IPv6 zone '%{zone}' only has meaning on one computer; "
            "it was left out of the address used for matching"
        )
    if re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", text) and any(
        len(part) > 1 and part.startswith("0") for part in text.split(".")
    ):
        plain = ".".join(str(int(part)) for part in text.split("."))
        raise _Problem(
            "REQUEST_INVALID_TARGET",
            "IP address has a leading zero, which is ambiguous (some systems read it as "
            f"octal, others as decimal); write it without leading zeros, e.g. ip:{plain} "
            "if decimal was meant",
            raw,
        )
    bad = _Problem(
        "REQUEST_INVALID_TARGET",
        "IP address is not a valid IPv4 or IPv6 address; write e.g. ip:192.0.2.1 or "
        "ip:2001:db8::1 (no port, no brackets needed)",
        raw,
    )
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise bad from None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if prefix is None:
        return address.compressed, warnings
    if not prefix.isdigit():
        raise bad
    bits = int(prefix)
    if bits > address.max_prefixlen:
        raise _Problem(
            "REQUEST_INVALID_TARGET",
            f"IP range has /{prefix} but an IPv{address.version} address allows at most "
            f"/{address.max_prefixlen}",
            raw,
        )
    if bits == address.max_prefixlen:
        return address.compressed, warnings
    network = ipaddress.ip_network(f"{address}/{bits}", strict=False)
    if network.network_address != address:
        raise _Problem(
            "REQUEST_INVALID_TARGET",
            f"IP range has host bits set; write the range as ip:{network.compressed}, "
            f"or the single address as ip:{address.compressed}",
            raw,
        )
    return network.compressed, warnings


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def _normalize_url(value: str) -> str:
    text = value.strip()
    m = _SCHEME.match(text)
    if m and text[m.end() : m.end() + 2] == "//":
        scheme = m.group(1).lower()
        rest = text[m.end() + 2 :]
        lead = scheme + "://"
    elif m and not text[m.end() :].split("/", 1)[0].isdigit():
        # scheme without an authority (mailto:, urn:): only the scheme is case-insensitive
        return m.group(1).lower() + text[m.end() - 1 :]
    elif text.startswith("//"):
        rest, lead = text[2:], "//"
    else:
        rest, lead = text, ""  # no scheme: the text starts with the host
    cut = len(rest)
    for sep in "/?#":
        i = rest.find(sep)
        if i != -1:
            cut = min(cut, i)
    authority, tail = rest[:cut], rest[cut:]
    userinfo, at, host = authority.rpartition("@")
    return lead + userinfo + at + host.lower() + tail


def _type_warning(target_type: str, value: str) -> str:
    suggestion = _TYPE_SUGGESTIONS.get(target_type)
    if suggestion is None and re.fullmatch(r"[0-9a-f]{1,4}", target_type) and ":" in value:
        suggestion = "ip"  # an IPv6 address written without its type
    text = f"target type '{target_type}' is not one the tool knows; kept as given"
    if suggestion == "url":
        text += f" (if this is a web address, write url:{target_type}:{value})"
    elif suggestion == "ip":
        text += f" (if this is an IP address, write ip:{target_type}:{value})"
    elif suggestion:
        text += f" (did you mean {suggestion}:{value}?)"
    return text


def _normalize(target_type: str, value: str, region: str | None) -> tuple[str, list[str]]:
    ttype = target_type.strip().lower()
    text = value.strip()
    raw = f"{ttype}:{text}"
    shown = _show(raw)
    warnings: list[str] = []
    if ttype == "email":
        normalized = text.lower()
        if "@" not in normalized:
            warnings.append(
                f"target {shown} does not look like an e-mail address (no '@'); kept as given"
            )
    elif ttype == "phone":
        normalized, warnings = _normalize_phone(text, region, raw)
    elif ttype == "ip":
        normalized, warnings = _normalize_ip(text, raw)
    elif ttype in ("imei", "imsi"):
        normalized = re.sub(r"[\s\-]", "", text)
        if not normalized.isdigit() or not normalized.isascii():
            raise _Problem(
                "REQUEST_INVALID_TARGET",
                f"{ttype.upper()} must contain only digits (spaces and hyphens are allowed "
                f"between them), e.g. {ttype}:{'490154203237518' if ttype == 'imei' else '310150123456789'}",
                f"{ttype}:{text}",
            )
        expected = (14, 15, 16) if ttype == "imei" else (14, 15)
        if len(normalized) not in expected:
            wanted = "14 to 16" if ttype == "imei" else "14 or 15"
            warnings.append(
                f"target {shown} has {len(normalized)} digits where an {ttype.upper()} "
                f"usually has {wanted}; kept as given"
            )
    elif ttype == "url":
        normalized = _normalize_url(text)
    elif ttype == "domain":
        normalized = text.lower().rstrip(".")
        if "/" in normalized or "://" in normalized:
            warnings.append(
                f"target {shown} looks like a web address, not a domain; "
                "write url:... for a web address, or only the domain, e.g. domain:example.com"
            )
    elif ttype == "username" or ttype in SERVICE_TARGET_TYPES:
        normalized = text.lstrip("@").strip().lower()
    elif ttype == "account":
        normalized = text
    elif ttype == "name":
        normalized = " ".join(text.split())
    else:
        normalized = text
    if not normalized:
        raise _Problem(
            "REQUEST_INVALID_TARGET",
            f"target has nothing left to match on; write TYPE:VALUE, e.g. {_TARGET_EXAMPLES}",
            f"{ttype}:{text}",
        )
    return normalized, warnings


def normalize_target_with_warnings(
    target_type: str, value: str, default_region: str | None = None
) -> tuple[str, tuple[str, ...]]:
    """The matching form of a target value and any warnings about it.

    Raises ReturnsError ``REQUEST_INVALID_TARGET`` for a value that cannot be used (an
    IPv4 address with leading zeros, an IMEI with letters, ...) and
    ``REQUEST_INVALID_REGION`` for an unknown *default_region*.
    """
    region = _check_region(default_region)
    try:
        normalized, warnings = _normalize(target_type, value, region)
    except _Problem as p:
        raise p.to_error() from None
    return normalized, tuple(warnings)


def normalize_target(target_type: str, value: str, default_region: str | None = None) -> str:
    """The matching form of a target value (warnings dropped; see
    :func:`normalize_target_with_warnings`).

    email: lower-cased; phone: E.164 (digits only, with any leading '+', if it cannot be
    checked); ip: canonical text (IPv6 compressed lower-case, IPv4-mapped IPv6 as IPv4,
    brackets and zone id removed); imei/imsi: digits only; url: scheme and host
    lower-cased, the rest as given; domain: lower-cased without a trailing dot;
    username and service handles: leading '@' removed, lower-cased; account: as given;
    name: runs of whitespace made one space; other types: as given. Surrounding
    whitespace is always removed.
    """
    return normalize_target_with_warnings(target_type, value, default_region)[0]


def _parse_target(text: object, region: str | None) -> Target:
    expected = f"write TYPE:VALUE, e.g. {_TARGET_EXAMPLES}"
    if not isinstance(text, str):
        raise _Problem("REQUEST_INVALID_TARGET", f"target is not text; {expected}", text)
    stripped = text.strip()
    if not stripped:
        raise _Problem("REQUEST_INVALID_TARGET", f"target is empty; {expected}", text)
    if ":" not in stripped:
        raise _Problem(
            "REQUEST_INVALID_TARGET", f"target has no type (no ':' found); {expected}", stripped
        )
    raw_type, raw_value = stripped.split(":", 1)
    target_type = raw_type.strip().lower()
    value = raw_value.strip()
    if not target_type:
        raise _Problem(
            "REQUEST_INVALID_TARGET", f"target has nothing before the ':'; {expected}", stripped
        )
    if not value:
        raise _Problem(
            "REQUEST_INVALID_TARGET", f"target has nothing after the ':'; {expected}", stripped
        )
    if _has_control(target_type) or _has_control(value):
        raise _Problem(
            "REQUEST_INVALID_TARGET",
            f"target contains a control character (tab, line break, ...); {expected}",
            stripped,
        )
    known = target_type in KNOWN_TARGET_TYPES or target_type in SERVICE_TARGET_TYPES
    normalized, warnings = _normalize(target_type, value, region)
    if not known:
        warnings.insert(0, _type_warning(target_type, value))
    return Target(target_type, value, normalized, known, tuple(warnings))


def parse_target(text: str, default_region: str | None = None) -> Target:
    """A target written ``TYPE:VALUE``, split at the first ':' only (so IPv6 addresses and
    URLs keep theirs). The type is lower-cased; an unknown type is kept with
    ``known_type=False`` and a warning. Warnings are on :attr:`Target.warnings`.

    Raises ReturnsError ``REQUEST_INVALID_TARGET`` (no ':', empty type or value, or a
    value that cannot be used) or ``REQUEST_INVALID_REGION``.
    """
    region = _check_region(default_region)
    try:
        return _parse_target(text, region)
    except _Problem as p:
        raise p.to_error() from None


# -- whole requests -------------------------------------------------------------------


def _check_request_id(request_id: object) -> str:
    code = "REQUEST_INVALID_ID"
    if not isinstance(request_id, str):
        raise _Problem(code, "request_id must be text", "" if request_id is None else request_id)
    if not request_id:
        raise _Problem(code, "request_id is empty; every request needs its own identifier", request_id)
    if request_id != request_id.strip():
        raise _Problem(
            code,
            f"request_id has spaces at the start or end; write it as '{request_id.strip()}'",
            request_id,
        )
    if len(request_id) > MAX_REQUEST_ID_LENGTH:
        raise _Problem(
            code,
            f"request_id is {len(request_id)} characters long; the most allowed is "
            f"{MAX_REQUEST_ID_LENGTH}",
            request_id,
        )
    if not request_id.isprintable():
        raise _Problem(
            code,
            "request_id contains an invisible or control character (tab, line break, "
            "non-breaking space, ...); retype it using ordinary characters",
            request_id,
        )
    return request_id


def _check_provider(provider: object) -> str:
    if not isinstance(provider, str) or not provider.strip():
        raise _Problem(
            "REQUEST_INVALID_PROVIDER",
            "provider is empty; write who the request was sent to, e.g. Google, Meta or a carrier",
            "" if provider is None else provider,
        )
    return provider


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _build(
    values: dict[str, object],
    targets: Iterable[object],
    region: str | None,
) -> tuple[RequestSpec | None, list[_Problem]]:
    """Check everything, collecting every problem rather than stopping at the first."""
    problems: list[_Problem] = []

    def attempt(func, *args):
        try:
            return func(*args)
        except _Problem as p:
            problems.append(p)
            return None

    request_id = attempt(_check_request_id, values.get("request_id"))
    kind = attempt(_parse_kind, values.get("kind"))
    provider = attempt(_check_provider, values.get("provider"))
    dates: dict[str, str | None] = {}
    for name in ("sent_on", "date_from", "date_to", "nondisclosure_until"):
        dates[name] = attempt(_optional_date, values.get(name), name)
    if dates["date_from"] and dates["date_to"] and dates["date_from"] > dates["date_to"]:
        problems.append(
            _Problem(
                "REQUEST_INVALID_DATES",
                f"date_from {dates['date_from']} is after date_to {dates['date_to']}; "
                "the period must start on or before the day it ends (swap them?)",
                f"{values.get('date_from')} to {values.get('date_to')}",
            )
        )

    parsed: list[Target] = []
    warnings: list[str] = []
    seen: dict[tuple[str, str], Target] = {}
    for text in targets:
        target = attempt(_parse_target, text, region)
        if target is None:
            continue
        key = (target.target_type, target.normalized)
        if key in seen:
            first = seen[key]
            warnings.append(
                f"target {_show(target.text)} is the same as {_show(first.text)}; listed once"
            )
            continue
        seen[key] = target
        parsed.append(target)
        warnings.extend(target.warnings)

    if problems:
        return None, problems
    spec = RequestSpec(
        request_id=request_id,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        provider=provider,  # type: ignore[arg-type]
        targets=tuple(parsed),
        case_number=_optional_text(values.get("case_number")),
        provider_reference=_optional_text(values.get("provider_reference")),
        sent_on=dates["sent_on"],
        date_from=dates["date_from"],
        date_to=dates["date_to"],
        nondisclosure_until=dates["nondisclosure_until"],
        use_limits=_optional_text(values.get("use_limits")),
        warnings=_dedupe(warnings),
    )
    return spec, []


def build_request(
    request_id: str,
    kind: str,
    provider: str,
    targets: Iterable[str],
    *,
    case_number: str | None = None,
    provider_reference: str | None = None,
    sent_on: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    nondisclosure_until: str | None = None,
    use_limits: str | None = None,
    default_region: str | None = None,
) -> RequestSpec:
    """Check one request and return it as a :class:`RequestSpec`.

    Text fields are kept as given; blank optional fields become None; dates must be
    YYYY-MM-DD (None or blank for "not given"). A target repeated in another spelling
    (same type and normalized form) is listed once, with a warning. Warnings from the
    targets are gathered on :attr:`RequestSpec.warnings`.

    Raises the first problem found as a ReturnsError (codes ``REQUEST_INVALID_ID``,
    ``REQUEST_INVALID_KIND``, ``REQUEST_INVALID_PROVIDER``, ``REQUEST_INVALID_DATE``,
    ``REQUEST_INVALID_DATES``, ``REQUEST_INVALID_TARGET``, ``REQUEST_INVALID_REGION``).
    """
    if isinstance(targets, (str, bytes)):
        raise TypeError("targets must be a list of 'TYPE:VALUE' texts, not a single string")
    region = _check_region(default_region)
    values = {
        "request_id": request_id,
        "kind": kind,
        "provider": provider,
        "case_number": case_number,
        "provider_reference": provider_reference,
        "sent_on": sent_on,
        "date_from": date_from,
        "date_to": date_to,
        "nondisclosure_until": nondisclosure_until,
        "use_limits": use_limits,
    }
    spec, problems = _build(values, list(targets), region)
    if problems:
        raise problems[0].to_error()
    assert spec is not None
    return spec


# -- CSV import -----------------------------------------------------------------------

_CSV_HINT = "Fix the lines listed in the file (or remove them) and import it again."


def _split_targets(cell: str) -> list[str]:
    """Targets in one CSV cell: separated by ';' (line breaks inside the cell also count)."""
    return [part.strip() for part in re.split(r"[;\r\n]", cell) if part.strip()]


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReturnsError(
            "REQUEST_CSV_ENCODING",
            f"{path} is saved as UTF-16 text, not UTF-8",
            kept="nothing was imported",
            hint="Save the file as 'CSV UTF-8 (Comma delimited)' and import it again.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ReturnsError(
            "REQUEST_CSV_ENCODING",
            f"{path} is not UTF-8 text: line {line} has the byte 0x{data[e.start]:02x}, "
            "which UTF-8 does not allow (the file was probably saved as Windows or Latin-1 text)",
            kept="nothing was imported",
            hint="Save the file as 'CSV UTF-8 (Comma delimited)' and import it again.",
        ) from None


def read_request_csv(path: Path, default_region: str | None = None) -> list[RequestSpec]:
    """Read and check every request in a CSV file; all or nothing.

    Header (required, any order, case-insensitive, spaces ignored):
    ``request_id,kind,provider,case_number,sent_on,targets,date_from,date_to`` plus the
    optional ``provider_reference``, ``nondisclosure_until``, ``use_limits``. Targets are
    ``TYPE:VALUE`` separated by ';' (may be empty). Cells are stripped of surrounding
    spaces; blank lines are skipped.

    Raises ReturnsError ``REQUEST_CSV_UNREADABLE``, ``REQUEST_CSV_ENCODING``,
    ``REQUEST_CSV_HEADER``, ``REQUEST_INVALID_REGION``, or ``REQUEST_CSV_INVALID`` whose
    message lists every problem as ``line N: <problem> (value: '...')`` (N is the file's
    line where the row starts, the header being line 1).
    """
    path = Path(path)
    region = _check_region(default_region)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReturnsError(
            "REQUEST_CSV_UNREADABLE",
            f"cannot read {path}: {e.strerror or e}",
            kept="nothing was imported",
            hint="Check the file name and that the file is not open in another program.",
        ) from None
    text = _decode(data, path)

    expected_header = ",".join(REQUIRED_CSV_COLUMNS)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            rows.append((start, row))
    except csv.Error as e:
        raise ReturnsError(
            "REQUEST_CSV_INVALID",
            f"{path} is not a well-formed CSV file near line {reader.line_num}: {e} "
            "(often a quote mark \" inside a cell that is not itself in quotes, or a "
            "quoted cell that is never closed)",
            kept="nothing was imported",
            hint="Put cells that contain commas, quotes or line breaks in double quotes, "
            "and write a quote inside such a cell as two quotes (\"\").",
        ) from None

    if not rows:
        raise ReturnsError(
            "REQUEST_CSV_HEADER",
            f"{path} is empty; the first line must be the header: {expected_header}",
            kept="nothing was imported",
            hint="Add the header line, then one request per line.",
        )

    header_line, header = rows[0]
    names = [cell.strip().lower() for cell in header]
    allowed = set(REQUIRED_CSV_COLUMNS) | set(OPTIONAL_CSV_COLUMNS)
    header_problems: list[str] = []
    missing = [c for c in REQUIRED_CSV_COLUMNS if c not in names]
    if missing:
        header_problems.append("missing column(s): " + ", ".join(missing))
    unknown = [n for n in names if n and n not in allowed]
    if unknown:
        header_problems.append(
            "unknown column(s): "
            + ", ".join(_show(n) for n in unknown)
            + " (the optional columns are "
            + ", ".join(OPTIONAL_CSV_COLUMNS)
            + ")"
        )
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        header_problems.append("column(s) given twice: " + ", ".join(repeated))
    if header_problems:
        note = ""
        if len(header) == 1 and ";" in header[0]:
            note = " The file seems to use ';' between columns; save it with commas instead."
        raise ReturnsError(
            "REQUEST_CSV_HEADER",
            f"the header on line {header_line} of {path} is not right: "
            + "; ".join(header_problems)
            + f". The header must be: {expected_header}"
            + f" (optional: {', '.join(OPTIONAL_CSV_COLUMNS)}).{note}",
            kept="nothing was imported",
            hint="Correct the first line of the file and import it again.",
        )

    lines: list[str] = []
    specs: list[RequestSpec] = []
    first_line_of: dict[str, int] = {}
    for line, row in rows[1:]:
        if len(row) != len(names):
            extra = row[len(names) :]
            if len(row) > len(names) and all(not c.strip() for c in extra):
                row = row[: len(names)]  # trailing empty cells, as spreadsheets write them
            else:
                lines.append(
                    f"line {line}: has {len(row)} values but the header has {len(names)} "
                    "columns (a cell containing a comma must be in double quotes) "
                    f"(value: {_show(','.join(row))})"
                )
                continue
        values: dict[str, object] = {}
        unnamed = False
        for name, cell in zip(names, row):
            if not name:
                unnamed = unnamed or bool(cell.strip())
                continue
            values[name] = cell.strip()
        if unnamed:
            lines.append(
                f"line {line}: has a value in a column with no header name "
                f"(value: {_show(','.join(row))})"
            )
            continue
        spec, problems = _build(values, _split_targets(str(values.get("targets", ""))), region)
        for p in problems:
            lines.append(f"line {line}: {p.message()}")
        request_id = values.get("request_id")
        if isinstance(request_id, str) and request_id:
            if request_id in first_line_of:
                lines.append(
                    f"line {line}: request_id is already used on line "
                    f"{first_line_of[request_id]}; each request needs its own identifier "
                    f"(value: {_show(request_id)})"
                )
            else:
                first_line_of[request_id] = line
        if spec is not None and not problems:
            specs.append(spec)

    if lines:
        count = len({entry.split(":", 1)[0] for entry in lines})
        raise ReturnsError(
            "REQUEST_CSV_INVALID",
            f"{path} has problems on {count} line{'s' if count != 1 else ''}:\n"
            + "\n".join(lines),
            kept="nothing was imported",
            hint=_CSV_HINT,
        )
    return specs
