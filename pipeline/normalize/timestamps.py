"""Printed dates and times to UTC instants, without inventing anything.

A time printed in a return is only evidence of an instant once its zone is known. This
module turns the printed text into a :class:`TimeResult` that keeps

* ``raw`` — the text exactly as printed (never stripped or re-formatted);
* ``utc`` — a timezone-aware UTC :class:`~datetime.datetime`, or ``None`` whenever the
  instant cannot be known for certain (no zone, a wall time that happened twice or never,
  an undecided day/month order, a date without a time, ...);
* ``earliest_utc`` / ``latest_utc`` — when ``utc`` is ``None`` but the wall time is known:
  the bounds that the true instant certainly lies between (every zone on Earth is within
  UTC-12 .. UTC+14, so an unzoned wall time ``w`` lies in ``[w-14h, w+12h]``);
* ``tz_source`` — where the zone came from, one of :data:`TZ_SOURCES`;
* ``flags`` — stable snake_case strings from :data:`TIME_FLAGS`, sorted, and ``note`` — a
  sentence explaining them.

Time *parameters* (the zone a document declares, the day/month order, the epoch unit) are
decided once per file or column by the caller (:func:`zone_from_text`,
:func:`decide_day_first`, :func:`decide_epoch_unit`) and passed in a :class:`TimeContext`;
they are never guessed per value.

Zone precedence: the value's own zone (offset, ``Z``, ``UTC``, abbreviation, IANA name) >
``TimeContext.document_zone`` > ``analyst_zone`` (``--assume-tz``) > ``provider_zone``
(the provider layout's documented default). The first one present wins, even when it is
not usable: an unknown zone is reported (flag ``unknown_zone``), never silently replaced
by a lower one.

Nothing here reads the host's time zone: no ``time.localtime``, no naive ``now()``, no
``TZ``. Zone rules come from the IANA database through :mod:`zoneinfo`;
:func:`tzdata_version` names the database version for the record.
"""

from __future__ import annotations

import calendar
import math
import re
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..errors import ReturnsError

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

#: Every value ``TimeResult.tz_source`` can take.
TZ_SOURCES = ("value", "document", "analyst", "provider_default", "none")

#: Every flag :func:`parse_timestamp` and :func:`parse_excel_serial` can set.
TIME_FLAGS = (
    "ambiguous_date_order",  # numeric d/m order undecided for the file and both fields <= 12
    "ambiguous_zone",  # the value's zone abbreviation has several meanings (IST, AST, ...)
    "assumed_zone",  # the zone is the analyst's --assume-tz or the provider's documented default
    "conflicting_date_order",  # the value cannot be read in the day/month order decided for the file
    "conflicting_zone",  # the printed zone contradicts itself or the date (PDT in January)
    "date_only",  # no time of day: only the day's bounds are given
    "dst_ambiguous",  # the wall time happened twice (clocks went back): both candidates kept
    "dst_nonexistent",  # the wall time never happened (clocks went forward): both readings kept
    "empty",  # blank value
    "epoch_inferred",  # epoch unit inferred from this value's magnitude alone
    "excel_1900_leap_bug",  # Excel serial 60 = the fictitious 1900-02-29
    "fraction_truncated",  # digits below a microsecond were dropped
    "implausible_epoch",  # under the declared unit the number is not a 1990..2100 instant
    "leap_second",  # :60 seconds
    "no_seconds",  # printed to the minute only: the instant is the start of that minute
    "no_zone",  # no zone anywhere: only the UTC-12 .. UTC+14 span is given
    "time_only",  # a time of day without a date
    "two_digit_year",  # the century was inferred (00-68 -> 2000s, 69-99 -> 1900s)
    "unknown_epoch_unit",  # TimeContext.epoch_unit is not one of s, ms, us, ns
    "unknown_zone",  # the zone named (by the value or the context) is not recognised
    "unparsed",  # not a recognised date/time
    "weekday_mismatch",  # the printed weekday is not the weekday of the printed date
    "zone_abbreviation",  # a zone abbreviation (PST, CET, ...) read as the fixed offset it names
)

#: Epoch units and how many of them make one second.
EPOCH_UNITS = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
_UNIT_WORDS = {"s": "seconds", "ms": "milliseconds", "us": "microseconds", "ns": "nanoseconds"}
#: Plausible instants for epoch numbers (and for inferring their unit).
PLAUSIBLE_FROM = datetime(1990, 1, 1, tzinfo=UTC)
PLAUSIBLE_TO = datetime(2100, 1, 1, tzinfo=UTC)
_PLAUSIBLE_S = (Decimal(631152000), Decimal(4102444800))  # the two instants above, in seconds

#: Every real zone is within these offsets of UTC (Baker Island UTC-12, Kiribati UTC+14).
MAX_EAST = timedelta(hours=14)
MAX_WEST = timedelta(hours=12)
_ONE_US = timedelta(microseconds=1)
_MIN_YEAR, _MAX_YEAR = 2, 9998  # keeps every +-1 day arithmetic inside datetime's range


class ZoneError(ReturnsError, ValueError):
    """A zone or region given as a setting (``--assume-tz``, a default region) is not known."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__("UNKNOWN_TIMEZONE", message, hint=hint)


@dataclass(frozen=True)
class TimeResult:
    """One printed time, normalised (see the module docstring)."""

    raw: str  #: exactly as printed
    utc: datetime | None  #: tz-aware UTC, None when it cannot be known
    tz_source: str  #: one of TZ_SOURCES
    earliest_utc: datetime | None  #: when utc is None but the wall time is known
    latest_utc: datetime | None
    flags: tuple[str, ...]  #: sorted, from TIME_FLAGS
    note: str | None  #: a human sentence explaining the flags
    candidates: tuple[datetime, ...] = ()  #: dst_ambiguous / dst_nonexistent: both UTC readings, earlier first


@dataclass(frozen=True)
class TimeContext:
    """Time parameters decided once per file or column, never per value."""

    document_zone: str | None = None  #: IANA name, "UTC" or "+05:30" declared by the document
    analyst_zone: str | None = None  #: --assume-tz
    provider_zone: str | None = None  #: the provider layout's documented default
    day_first: bool | None = None  #: numeric dates: True d/m/y, False m/d/y, None undecided
    epoch_unit: str | None = None  #: 's', 'ms', 'us' or 'ns' for the column


# -- zones ---------------------------------------------------------------------------------

_BAD_KEYS = frozenset({"localtime", "posixrules", "Factory"})  # host-dependent or meaningless
_OFFSET_SETTING = re.compile(r"(?:UTC|GMT|UT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.I | re.A)
_UTC_NAMES = frozenset({"utc", "z", "gmt", "ut", "zulu", "etc/utc", "etc/gmt", "etc/zulu", "etc/universal", "universal"})


@lru_cache(maxsize=1)
def _zone_keys() -> dict[str, str]:
    """Lower-cased IANA key -> key, for every zone the installed database has."""
    try:
        keys = sorted(zoneinfo.available_timezones())
    except Exception:  # pragma: no cover - broken installation
        keys = []
    out: dict[str, str] = {}
    for key in keys:
        if key in _BAD_KEYS or key.startswith(("posix/", "right/")):
            continue
        out.setdefault(key.lower(), key)
    return out


def _offset_name(minutes: int) -> str:
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h:02d}:{m:02d}"


def _offset_minutes(sign: str, hours: str, mins: str | None) -> int | None:
    h, m = int(hours), int(mins or 0)
    if m >= 60 or h * 60 + m > 14 * 60:
        return None
    return (h * 60 + m) * (-1 if sign == "-" else 1)


def canonical_zone(name: str | None) -> str | None:
    """The canonical form of a zone setting: an IANA key, ``"UTC"`` or ``"+HH:MM"``; None if unknown.

    Accepts IANA names in any letter case (``america/new_york``), ``UTC``/``GMT``/``Z``, and
    fixed offsets (``+05:30``, ``-0800``, ``UTC+2``, ``GMT-05:00``). IANA keys mean what the
    IANA database says: ``EST`` is the fixed UTC-05:00 zone, not US Eastern time. Keys that
    depend on the host (``localtime``) or carry leap seconds (``right/...``) are refused.
    """
    if not isinstance(name, str):
        return None
    text = name.strip().replace("\u2212", "-")
    if not text or len(text) > 80:
        return None
    if text.lower() in _UTC_NAMES:
        return "UTC"
    m = _OFFSET_SETTING.fullmatch(text)
    if m:
        minutes = _offset_minutes(m.group(1), m.group(2), m.group(3))
        return None if minutes is None else _offset_name(minutes)
    return _zone_keys().get(text.lower())


def check_zone(name: str) -> str:
    """Like :func:`canonical_zone` but raises :class:`ZoneError` (code UNKNOWN_TIMEZONE) for settings."""
    zone = canonical_zone(name)
    if zone is None:
        raise ZoneError(
            f"time zone {name!r} is not an IANA zone name or a UTC offset",
            hint="Use a name such as America/New_York, Europe/London or UTC, or an offset such as +05:30.",
        )
    return zone


@lru_cache(maxsize=512)
def _tz(name: str) -> tzinfo | None:
    """The tzinfo for a canonical zone name."""
    if name == "UTC":
        return UTC
    m = re.fullmatch(r"([+-])(\d{2}):(\d{2})", name)
    if m:
        minutes = _offset_minutes(m.group(1), m.group(2), m.group(3))
        return None if minutes is None else timezone(timedelta(minutes=minutes))
    if name not in _zone_keys().values():
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except Exception:  # pragma: no cover - listed but unreadable
        return None


def tzdata_version() -> str | None:
    """The version of the IANA time zone database in use (e.g. ``'2025b'``), for the record."""
    try:
        import tzdata  # type: ignore[import-not-found]

        version = getattr(tzdata, "IANA_VERSION", None)
    except ImportError:
        version = None
    for base in zoneinfo.TZPATH:
        p = Path(base) / "tzdata.zi"
        try:
            with p.open(encoding="ascii", errors="replace") as fh:
                first = fh.readline().strip()
        except OSError:
            continue
        if first.startswith("# version "):
            return first[len("# version ") :]
    return version


# -- zones printed inside values -------------------------------------------------------------


@dataclass(frozen=True)
class _Zone:
    kind: str  # 'fixed' | 'named' | 'unknown' | 'ambiguous'
    text: str  # as printed
    label: str  # for notes: "+05:30", "UTC", "America/New_York"
    tz: tzinfo | None = None
    offset: timedelta | None = None  # fixed zones
    abbreviation: bool = False  # a PST-like abbreviation or spelled standard/daylight name
    refs: tuple[str, ...] = ()  # zones whose clocks the abbreviation describes
    meaning: str = ""  # ambiguous: the possible meanings


def _h(hours: float) -> int:
    return int(round(hours * 60))


#: Value abbreviations read as the fixed offset they name, with the zones that use them
#: (to spot PDT printed in January). CST is US Central (not China), BST is British Summer
#: Time (not Bangladesh), MST is US Mountain (not Malaysia): the providers this tool reads
#: are US/UK-centred; other meanings are listed in the README of the module's report.
ZONE_ABBREVIATIONS: dict[str, tuple[int, tuple[str, ...]]] = {
    "EST": (_h(-5), ("America/New_York",)),
    "EDT": (_h(-4), ("America/New_York",)),
    "CST": (_h(-6), ("America/Chicago",)),
    "CDT": (_h(-5), ("America/Chicago",)),
    "MST": (_h(-7), ("America/Denver", "America/Phoenix")),  # Arizona keeps MST all year
    "MDT": (_h(-6), ("America/Denver",)),
    "PST": (_h(-8), ("America/Los_Angeles",)),
    "PDT": (_h(-7), ("America/Los_Angeles",)),
    "AKST": (_h(-9), ("America/Anchorage",)),
    "AKDT": (_h(-8), ("America/Anchorage",)),
    "HST": (_h(-10), ("Pacific/Honolulu",)),
    "WET": (_h(0), ("Europe/Lisbon",)),
    "WEST": (_h(1), ("Europe/Lisbon",)),
    "BST": (_h(1), ("Europe/London",)),
    "CET": (_h(1), ("Europe/Berlin", "Europe/Paris")),
    "CEST": (_h(2), ("Europe/Berlin", "Europe/Paris")),
    "MEZ": (_h(1), ("Europe/Berlin",)),  # German: Mitteleuropäische Zeit (= CET)
    "MESZ": (_h(2), ("Europe/Berlin",)),  # German: Mitteleuropäische Sommerzeit (= CEST)
    "EET": (_h(2), ("Europe/Athens", "Europe/Helsinki")),
    "EEST": (_h(3), ("Europe/Athens", "Europe/Helsinki")),
    "MSK": (_h(3), ("Europe/Moscow",)),
    "JST": (_h(9), ("Asia/Tokyo",)),
    "KST": (_h(9), ("Asia/Seoul",)),
    "AWST": (_h(8), ("Australia/Perth",)),
    "ACST": (_h(9.5), ("Australia/Adelaide", "Australia/Darwin")),
    "ACDT": (_h(10.5), ("Australia/Adelaide",)),
    "AEST": (_h(10), ("Australia/Sydney", "Australia/Brisbane")),
    "AEDT": (_h(11), ("Australia/Sydney",)),
    "NZST": (_h(12), ("Pacific/Auckland",)),
    "NZDT": (_h(13), ("Pacific/Auckland",)),
}
#: Abbreviations with several common meanings: never resolved.
AMBIGUOUS_ABBREVIATIONS = {
    "IST": "India (+05:30), Ireland (+01:00) or Israel (+02:00)",
    "AST": "Atlantic (-04:00) or Arabia (+03:00)",
    "ADT": "Atlantic daylight (-03:00) or Arabia daylight (+04:00)",
    "SST": "Samoa (-11:00) or Singapore (+08:00)",
    "GST": "Gulf (+04:00) or South Georgia (-02:00)",
    "ECT": "Ecuador (-05:00) or Eastern Caribbean (-04:00)",
    "AMT": "Amazon (-04:00) or Armenia (+04:00)",
}
#: Spelled-out zone names accepted inside values: standard/daylight names behave like their
#: abbreviation (a fixed offset); generic names ("Pacific Time", "Pacific", "PT") name the
#: region's IANA zone, whose DST rules then apply (an hour that happened twice is flagged).
_SPELLED_FIXED = {
    "eastern standard time": "EST",
    "eastern daylight time": "EDT",
    "central standard time": "CST",
    "central daylight time": "CDT",
    "mountain standard time": "MST",
    "mountain daylight time": "MDT",
    "pacific standard time": "PST",
    "pacific daylight time": "PDT",
    "alaska standard time": "AKST",
    "alaska daylight time": "AKDT",
    "hawaii standard time": "HST",
    "hawaii-aleutian standard time": "HST",
    "british summer time": "BST",
    "central european time": "CET",
    "central european standard time": "CET",
    "central european summer time": "CEST",
    "eastern european time": "EET",
    "eastern european standard time": "EET",
    "eastern european summer time": "EEST",
    "western european time": "WET",
    "western european summer time": "WEST",
    "japan standard time": "JST",
}
_SPELLED_UTC = ("coordinated universal time", "greenwich mean time", "universal time")
_SPELLED_NAMED = {
    "eastern time": "America/New_York",
    "central time": "America/Chicago",
    "mountain time": "America/Denver",
    "pacific time": "America/Los_Angeles",
    "eastern": "America/New_York",
    "central": "America/Chicago",
    "mountain": "America/Denver",
    "pacific": "America/Los_Angeles",
    "et": "America/New_York",
    "ct": "America/Chicago",
    "mt": "America/Denver",
    "pt": "America/Los_Angeles",
    "alaska time": "America/Anchorage",
    "india standard time": "Asia/Kolkata",
    "indian standard time": "Asia/Kolkata",
}
_SPELLED_IST = {"india standard time": _h(5.5), "indian standard time": _h(5.5)}
_SPELLED_RE = re.compile(
    "(?:"
    + "|".join(
        re.escape(p).replace(r"\ ", r"\s+")
        for p in sorted([*_SPELLED_FIXED, *_SPELLED_UTC, *_SPELLED_NAMED], key=len, reverse=True)
    )
    + r")(?![A-Za-z/_])",
    re.I | re.A,
)
_ITEM_PREFIXED_OFFSET = re.compile(r"(?:UTC|GMT|UT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?![\w:])", re.I | re.A)
_ITEM_OFFSET = re.compile(r"([+-])(\d{2})(?::?(\d{2}))?(?![\w:])", re.A)
_ITEM_IANA = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)+", re.A)
_ITEM_UTC = re.compile(r"(?:UTC|GMT|UT|Zulu|Z)(?![A-Za-z0-9])", re.I | re.A)
_ITEM_WORD = re.compile(r"[A-Za-z]{2,5}(?![A-Za-z0-9])", re.A)


def _fixed(text: str, minutes: int, *, abbreviation: bool = False, refs: tuple[str, ...] = ()) -> _Zone:
    return _Zone("fixed", text, _offset_name(minutes), timezone(timedelta(minutes=minutes)) if minutes else UTC,
                 timedelta(minutes=minutes), abbreviation, refs)


def _item_at(s: str, pos: int) -> tuple[_Zone | None, int]:
    """One zone item printed at s[pos:]; (None, pos) if there is none or it is malformed."""
    m = _ITEM_PREFIXED_OFFSET.match(s, pos) or _ITEM_OFFSET.match(s, pos)
    if m:
        minutes = _offset_minutes(m.group(1), m.group(2), m.group(3))
        if minutes is None:
            return None, pos
        return _fixed(m.group(0), minutes), m.end()
    m = _SPELLED_RE.match(s, pos)
    if m:
        phrase = " ".join(m.group(0).lower().split())
        if phrase in _SPELLED_UTC:
            return _fixed(m.group(0), 0), m.end()
        if phrase in _SPELLED_IST:
            return _fixed(m.group(0), _SPELLED_IST[phrase], abbreviation=True, refs=("Asia/Kolkata",)), m.end()
        if phrase in _SPELLED_FIXED:
            minutes, refs = ZONE_ABBREVIATIONS[_SPELLED_FIXED[phrase]]
            return _fixed(m.group(0), minutes, abbreviation=True, refs=refs), m.end()
        key = _SPELLED_NAMED[phrase]
        return _Zone("named", m.group(0), key, _tz(key)), m.end()
    m = _ITEM_IANA.match(s, pos)
    if m:
        key = _zone_keys().get(m.group(0).lower())
        tz = _tz(key) if key else None
        if tz is None:
            return _Zone("unknown", m.group(0), m.group(0)), m.end()
        return _Zone("named", m.group(0), key or "", tz), m.end()
    m = _ITEM_UTC.match(s, pos)
    if m:
        return _fixed(m.group(0), 0), m.end()
    m = _ITEM_WORD.match(s, pos)
    if m:
        word = m.group(0).upper()
        if word in ZONE_ABBREVIATIONS:
            minutes, refs = ZONE_ABBREVIATIONS[word]
            return _fixed(m.group(0), minutes, abbreviation=True, refs=refs), m.end()
        if word in AMBIGUOUS_ABBREVIATIONS:
            return _Zone("ambiguous", m.group(0), m.group(0), meaning=AMBIGUOUS_ABBREVIATIONS[word]), m.end()
        return _Zone("unknown", m.group(0), m.group(0)), m.end()
    return None, pos


def _zone_items(tail: str) -> list[_Zone] | None:
    """The zone items printed after a time ("Z", "-0800 (PST)", "GMT-0800 (Pacific Standard Time)").

    None when the tail holds anything else; [] when it is empty.
    """
    items: list[_Zone] = []
    pos, n = 0, len(tail)
    while True:
        while pos < n and tail[pos] == " ":
            pos += 1
        if pos >= n:
            return items
        if len(items) == 2:
            return None
        if tail[pos] in "([":
            close = ")" if tail[pos] == "(" else "]"
            end = tail.find(close, pos + 1)
            if end < 0:
                return None
            inner = tail[pos + 1 : end].strip()
            item, used = _item_at(inner, 0)
            if item is None or used != len(inner):
                return None
            items.append(item)
            pos = end + 1
            continue
        item, used = _item_at(tail, pos)
        if item is None:
            return None
        items.append(item)
        pos = used


def _choose_zone(items: list[_Zone]) -> tuple[_Zone, tuple[_Zone, ...]] | None:
    """The item that decides (offset > abbreviation > IANA name > unresolvable) and the others to check."""
    if not items:
        return None

    def rank(z: _Zone) -> int:
        if z.kind == "fixed":
            return 1 if z.abbreviation else 0
        return 2 if z.kind == "named" else 3

    primary = min(items, key=rank)
    others = tuple(z for z in items if z is not primary and z.kind in ("fixed", "named"))
    return primary, others


# -- resolving a wall time in a zone ---------------------------------------------------------


def _iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def _wall_text(wall: datetime) -> str:
    return wall.isoformat(sep=" ", timespec="microseconds" if wall.microsecond else "seconds")


def _to_utc(wall: datetime, tz: tzinfo, fold: int = 0) -> datetime:
    return wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)


def _readings(wall: datetime, tz: tzinfo) -> tuple[str, tuple[datetime, ...]]:
    """('unique', (u,)) or ('ambiguous'|'nonexistent', (earlier, later)) for a wall time in tz."""
    if not isinstance(tz, zoneinfo.ZoneInfo):
        return "unique", (_to_utc(wall, tz),)
    u0, u1 = _to_utc(wall, tz, 0), _to_utc(wall, tz, 1)
    if u0 == u1:
        return "unique", (u0,)
    back0 = u0.astimezone(tz).replace(tzinfo=None) == wall
    back1 = u1.astimezone(tz).replace(tzinfo=None) == wall
    pair = (min(u0, u1), max(u0, u1))
    if back0 and back1:
        return "ambiguous", pair
    if not back0 and not back1:
        return "nonexistent", pair
    return "unique", (u0 if back0 else u1,)


def _abbr(tz: tzinfo, instant: datetime) -> str:
    return instant.astimezone(tz).tzname() or ""


@dataclass
class _Work:
    """Flags and sentences gathered while reading one value."""

    flags: set[str]
    notes: list[str]

    @classmethod
    def new(cls) -> "_Work":
        return cls(set(), [])

    def add(self, flag: str, note: str | None = None) -> None:
        self.flags.add(flag)
        if note:
            self.say(note)

    def say(self, note: str) -> None:
        """Add a sentence (capitalised; the plain 'not a recognised date/time' is kept as is)."""
        if not note.startswith("not a recognised"):
            note = note[:1].upper() + note[1:]
        if note not in self.notes:
            self.notes.append(note)


def _result(raw: str, w: _Work, *, utc: datetime | None = None, tz_source: str = "none",
            earliest: datetime | None = None, latest: datetime | None = None,
            candidates: tuple[datetime, ...] = ()) -> TimeResult:
    return TimeResult(
        raw=raw,
        utc=utc,
        tz_source=tz_source,
        earliest_utc=None if utc is not None else earliest,
        latest_utc=None if utc is not None else latest,
        flags=tuple(sorted(w.flags)),
        note=" ".join(w.notes) or None,
        candidates=candidates,
    )


def _unparsed(raw: str, why: str | None = None) -> TimeResult:
    w = _Work.new()  # flags gathered before the failure (two_digit_year, ...) no longer apply
    w.add("unparsed", "not a recognised date/time" + (f" ({why})" if why else ""))
    return _result(raw, w)


def _span(wall: datetime, date_only: bool) -> tuple[datetime, datetime]:
    """Earliest and latest UTC instants of a wall time (or whole day) in an unknown zone."""
    if date_only:
        start = wall.replace(hour=0, minute=0, second=0, microsecond=0)
        return (start - MAX_EAST).replace(tzinfo=UTC), (start + timedelta(days=1) + MAX_WEST - _ONE_US).replace(tzinfo=UTC)
    return (wall - MAX_EAST).replace(tzinfo=UTC), (wall + MAX_WEST).replace(tzinfo=UTC)


def _ctx_zone(ctx: TimeContext) -> tuple[str, str] | None:
    for name, source in ((ctx.document_zone, "document"), (ctx.analyst_zone, "analyst"), (ctx.provider_zone, "provider_default")):
        if name is not None and (not isinstance(name, str) or name.strip()):
            return str(name), source
    return None


_WHO = {"document": "declared by the document", "analyst": "assumed by the analyst (--assume-tz)",
        "provider_default": "taken from the provider's documented default"}


def _resolve(raw: str, wall: datetime, items: list[_Zone], ctx: TimeContext, w: _Work, *, date_only: bool = False) -> TimeResult:
    """Turn a known wall time (or day) into a result, applying the zone precedence."""
    shown = wall.date().isoformat() if date_only else _wall_text(wall)
    if date_only:
        w.add("date_only", "a date without a time of day: no single instant.")
    chosen = _choose_zone(items)
    primary: _Zone | None = None
    others: tuple[_Zone, ...] = ()
    if chosen is not None:
        primary, others = chosen
        if primary.kind in ("unknown", "ambiguous"):
            if primary.kind == "ambiguous":
                w.add("ambiguous_zone", f"the zone {primary.text!r} printed in the value can mean {primary.meaning}: no zone applied.")
            else:
                w.add("unknown_zone", f"the zone {primary.text!r} printed in the value is not recognised: no zone applied.")
            lo, hi = _span(wall, date_only)
            w.say(f"{shown} lies somewhere between {_iso(lo)} and {_iso(hi)}.")
            return _result(raw, w, earliest=lo, latest=hi)
        tz, source, label = primary.tz, "value", primary.label
        if primary.abbreviation:
            w.add("zone_abbreviation", f"{primary.text!r} read as the fixed offset {primary.label} it names.")
    else:
        found = _ctx_zone(ctx)
        if found is None:
            lo, hi = _span(wall, date_only)
            w.add("no_zone", f"no time zone in the value or the document: {shown} could be any instant from "
                  f"{_iso(lo)} (at UTC+14) to {_iso(hi)} (at UTC-12).")
            return _result(raw, w, earliest=lo, latest=hi)
        name, source = found
        canon = canonical_zone(name)
        tz = _tz(canon) if canon else None
        if tz is None or canon is None:
            lo, hi = _span(wall, date_only)
            w.add("unknown_zone", f"the zone {name!r} {_WHO[source]} is not an IANA zone or UTC offset: "
                  f"no zone applied; {shown} lies between {_iso(lo)} and {_iso(hi)}.")
            return _result(raw, w, earliest=lo, latest=hi)
        label = canon
        if source in ("analyst", "provider_default"):
            w.add("assumed_zone", f"zone {label} {_WHO[source]}; it is not stated in the value or the document.")

    if date_only:
        start = wall.replace(hour=0, minute=0, second=0, microsecond=0)
        _, first = _readings(start, tz)
        _, nxt = _readings(start + timedelta(days=1), tz)
        lo, hi = first[0], nxt[-1] - _ONE_US
        w.say(f"{shown} in {label} runs from {_iso(lo)} to {_iso(hi)}.")
        return _result(raw, w, tz_source=source, earliest=lo, latest=hi)

    kind, inst = _readings(wall, tz)
    if kind == "ambiguous":
        a, b = _abbr(tz, inst[0]), _abbr(tz, inst[1])
        w.add("dst_ambiguous", f"{shown} happened twice in {label} ({a} then {b}): both candidates kept "
              f"({_iso(inst[0])} and {_iso(inst[1])}).")
        return _result(raw, w, tz_source=source, earliest=inst[0], latest=inst[1], candidates=inst)
    if kind == "nonexistent":
        before, after = _abbr(tz, inst[0]), _abbr(tz, inst[1])
        w.add("dst_nonexistent", f"{shown} did not exist in {label} (clocks jumped forward from {before} to {after}): "
              f"both readings kept ({_iso(inst[0])} and {_iso(inst[1])}).")
        return _result(raw, w, tz_source=source, earliest=inst[0], latest=inst[1], candidates=inst)
    utc = inst[0]
    if primary is not None:
        _check_zone_agreement(primary, others, utc, w)
    return _result(raw, w, utc=utc, tz_source=source)


def _check_zone_agreement(primary: _Zone, others: tuple[_Zone, ...], utc: datetime, w: _Work) -> None:
    offset = utc.astimezone(primary.tz).utcoffset() if primary.tz else None
    if primary.abbreviation and primary.refs:
        seen = {}
        for ref in primary.refs:
            tz = _tz(ref)
            if tz is not None:
                seen[ref] = utc.astimezone(tz)
        if seen and all(local.utcoffset() != offset for local in seen.values()):
            ref, local = next(iter(seen.items()))
            w.add("conflicting_zone", f"{primary.text!r} ({primary.label}) was printed for an instant when {ref} "
                  f"observes {_offset_name(int(local.utcoffset().total_seconds() // 60))} ({local.tzname()}); "
                  f"the printed offset was used.")
    for other in others:
        if other.tz is None:
            continue
        theirs = utc.astimezone(other.tz).utcoffset()
        if theirs != offset:
            w.add("conflicting_zone", f"the value prints two zones that disagree: {primary.text!r} ({primary.label}) and "
                  f"{other.text!r} ({_offset_name(int(theirs.total_seconds() // 60)) if theirs is not None else '?'}); "
                  f"{primary.text!r} was used.")


# -- parsing ----------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
#: Month names in the languages of common MLA replies (French, German, Spanish, Italian, Dutch,
#: Portuguese), full names and unambiguous abbreviations only ("ago" is English, not agosto).
_FOREIGN_MONTHS = {
    # French
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10,
    "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
    # German
    "januar": 1, "jänner": 1, "jaenner": 1, "februar": 2, "märz": 3, "maerz": 3, "mär": 3, "juni": 6, "juli": 7,
    "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # Italian
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9,
    "ottobre": 10, "dicembre": 12,
    # Dutch
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
    # Portuguese
    "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10,
    "novembro": 11, "dezembro": 12,
}
_MONTHS.update({k: v for k, v in _FOREIGN_MONTHS.items() if k not in _MONTHS})
_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2, "thu": 3,
    "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WDS = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_WD = rf"(?:(?P<wd>{_WDS})\.?,?\s+)?"
_TIME = (r"(?P<H>\d{1,2})(?P<ts>[:.])(?P<M>\d{2})(?:(?P=ts)(?P<S>\d{2})(?:[.,](?P<F>\d{1,15}))?)?"
         r"(?:\s?(?P<ampm>[ap]\.?m\.?)(?![a-z]))?")
_F = re.I | re.A
_D_YMD = re.compile(r"(?P<Y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)", _F)
_D_NUM = re.compile(r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?!\d)", _F)
_D_MDY = re.compile(rf"{_WD}(?P<mon>{_MON})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<Y>\d{{4}})(?!\d)", _F)
_D_DMY = re.compile(rf"{_WD}(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|\.)?(?:\s+de)?(?:\s+|-)(?P<mon>{_MON})\.?(?:\s+de)?(?:,?\s+|-)"
                    rf"(?P<Y>\d{{4}}|\d{{2}})(?!\d)", _F)
_CTIME = re.compile(rf"(?P<wd>{_WDS})\.?,?\s+(?P<mon>{_MON})\.?\s+(?P<d>\d{{1,2}})\s+{_TIME}(?:\s+(?P<tail>\S+))?\s+(?P<Y>\d{{4}})", _F)
_ISO_BASIC = re.compile(r"(?P<Y>\d{4})(?P<m>\d{2})(?P<d>\d{2})T(?P<H>\d{2})(?P<M>\d{2})(?:(?P<S>\d{2})(?:[.,](?P<F>\d{1,15}))?)?(?P<tail>.*)", _F)
_AFTER_DATE = re.compile(rf"(?:\s*T\s*|\s+(?:at|à|a|um|a las|alle|om|às)\s+|\s*,\s*|\s+){_TIME}(?P<tail>.*)", _F)
_TIME_FIRST = re.compile(rf"{_TIME}(?:\s+on\s+|\s*,\s*|\s+)(?P<rest>.+)", _F)
_TIME_ONLY = re.compile(rf"{_TIME}(?P<tail>.*)", _F)
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?", re.A)
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")  # Unicode whitespace (NBSP, narrow NBSP before AM/PM, ...)
_MAX_LEN = 120


def _clean(raw: str) -> str:
    text = _INVISIBLE.sub("", raw).replace("\u2212", "-")
    text = re.sub(r"(?<=\d)\s*Uhr\b", "", text)  # German "22:41 Uhr": the word for o'clock, not a zone
    return _SPACES.sub(" ", text).strip()


@dataclass
class _Date:
    year: int
    month: int
    day: int
    weekday: str | None = None


def _two_digit(y: str, w: _Work) -> int:
    n = int(y)
    if len(y) == 4:
        return n
    full = 2000 + n if n <= 68 else 1900 + n
    w.add("two_digit_year", f"two-digit year '{y}' read as {full} (00-68 as 2000s, 69-99 as 1900s).")
    return full


def _match_date(s: str, ctx: TimeContext, w: _Work) -> tuple[_Date | None, int, str | None]:
    """A date at the start of s: (date, end, problem). (None, 0, None) when no date form matches."""
    m = _D_YMD.match(s)
    if m:
        return _Date(int(m["Y"]), int(m["m"]), int(m["d"])), m.end(), None
    m = _D_MDY.match(s)
    if m:
        return _Date(int(m["Y"]), _MONTHS[m["mon"].lower()], int(m["d"]), m["wd"]), m.end(), None
    m = _D_DMY.match(s)
    if m:
        return _Date(_two_digit(m["Y"], w), _MONTHS[m["mon"].lower()], int(m["d"]), m["wd"]), m.end(), None
    m = _D_NUM.match(s)
    if m:
        a, b, text = int(m["a"]), int(m["b"]), m.group(0)
        if ctx.day_first is True:
            if b > 12:
                return None, m.end(), _order_conflict(w, text, "day-first (d/m/y)")
            d, mo = a, b
        elif ctx.day_first is False:
            if a > 12:
                return None, m.end(), _order_conflict(w, text, "month-first (m/d/y)")
            mo, d = a, b
        elif a > 12 and b <= 12:
            d, mo = a, b
        elif b > 12 and a <= 12:
            mo, d = a, b
        elif a == b:
            d = mo = a
        elif a > 12 and b > 12:
            return None, 0, "neither field can be a month"
        else:
            year = _two_digit(m["y"], w)
            w.add("ambiguous_date_order", f"{text} can be read day-first as {_ymd(year, b, a)} or month-first as "
                  f"{_ymd(year, a, b)}, and the day/month order of this file is not decided: no date given.")
            return None, m.end(), "ambiguous"
        return _Date(_two_digit(m["y"], w), mo, d), m.end(), None
    return None, 0, None


def _ymd(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _order_conflict(w: _Work, text: str, order: str) -> str:
    w.add("conflicting_date_order", f"{text} cannot be read {order}, the order decided for this file: no date given.")
    return "conflict"


def _build_wall(raw: str, date: _Date, g: dict[str, str | None] | None, w: _Work) -> datetime | TimeResult:
    """The naive wall datetime, or an unparsed/flagged result."""
    if not (_MIN_YEAR <= date.year <= _MAX_YEAR):
        return _unparsed(raw, "year out of range")
    if not (1 <= date.month <= 12) or not (1 <= date.day <= calendar.monthrange(date.year, date.month)[1]):
        return _unparsed(raw, f"{_ymd(date.year, date.month, date.day)} is not a calendar date")
    if date.weekday is not None:
        printed = _WEEKDAYS[date.weekday.lower().rstrip(".")]
        actual = calendar.weekday(date.year, date.month, date.day)
        if printed != actual:
            w.add("weekday_mismatch", f"the printed weekday {date.weekday!r} does not match "
                  f"{_ymd(date.year, date.month, date.day)}, a {calendar.day_name[actual]}: no date given.")
            return _result(raw, w)
    if g is None:
        return datetime(date.year, date.month, date.day)
    hour, minute = int(g["H"] or 0), int(g["M"] or 0)
    ampm = (g.get("ampm") or "").lower().replace(".", "")
    if ampm:
        if hour == 0 and ampm == "am":
            pass
        elif not 1 <= hour <= 12:
            return _unparsed(raw, f"hour {hour} with {ampm.upper()}")
        elif ampm == "am":
            hour = 0 if hour == 12 else hour
        else:
            hour = 12 if hour == 12 else hour + 12
    if hour > 23 or minute > 59:
        return _unparsed(raw, "time of day out of range")
    if g.get("S") is None:
        second = 0
        w.add("no_seconds", "printed to the minute: the instant given is the start of that minute.")
    else:
        second = int(g["S"] or 0)
    if second == 60:
        w.add("leap_second", "a leap second (:60) cannot be represented: no instant given.")
        return _result(raw, w)
    if second > 59:
        return _unparsed(raw, "seconds out of range")
    frac = g.get("F") or ""
    micro = int((frac + "000000")[:6])
    if len(frac) > 6 and frac[6:].strip("0"):
        w.add("fraction_truncated", f"the fraction .{frac} was cut to microseconds.")
    return datetime(date.year, date.month, date.day, hour, minute, second, micro)


def _from_parts(raw: str, date: _Date, g: dict[str, str | None] | None, tail: str, ctx: TimeContext, w: _Work) -> TimeResult:
    items = _zone_items(tail)
    if items is None:
        return _unparsed(raw, None)
    wall = _build_wall(raw, date, g, w)
    if isinstance(wall, TimeResult):
        return wall
    return _resolve(raw, wall, items, ctx, w, date_only=g is None)


def _epoch(raw: str, text: str, ctx: TimeContext, w: _Work) -> TimeResult | None:
    """An epoch number (None when the text is not a number or reads better as a compact date)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    unit = ctx.epoch_unit
    if unit is not None and unit not in EPOCH_UNITS:
        w.add("unknown_epoch_unit", f"the epoch unit {unit!r} decided for this column is not one of s, ms, us, ns: no instant given.")
        return _result(raw, w)
    if unit is None:
        unit = _unit_of(value)
        if unit is None:
            return None
        inferred = True
    else:
        inferred = False
    seconds = value / EPOCH_UNITS[unit]
    if not (_PLAUSIBLE_S[0] <= seconds < _PLAUSIBLE_S[1]):
        w.add("implausible_epoch", f"{text} in {_UNIT_WORDS[unit]} since 1970 is not an instant between "
              f"{PLAUSIBLE_FROM.year} and {PLAUSIBLE_TO.year}: no instant given.")
        return _result(raw, w)
    micros = (seconds * 1_000_000).to_integral_value(rounding=ROUND_FLOOR)
    if micros != seconds * 1_000_000:
        w.add("fraction_truncated", f"{text} {_UNIT_WORDS[unit]} has digits below a microsecond; they were dropped.")
    utc = EPOCH + timedelta(microseconds=int(micros))
    if inferred:
        w.add("epoch_inferred", f"read as {_UNIT_WORDS[unit]} since 1970-01-01 UTC, the unit inferred from the "
              "magnitude of this value alone.")
    return _result(raw, w, utc=utc, tz_source="value")


def _unit_of(value: Decimal) -> str | None:
    for unit, per_second in EPOCH_UNITS.items():
        if _PLAUSIBLE_S[0] * per_second <= value < _PLAUSIBLE_S[1] * per_second:
            return unit
    return None


def _compact(raw: str, text: str, ctx: TimeContext, w: _Work) -> TimeResult | None:
    """YYYYMMDD or YYYYMMDDHHMMSS printed as a bare number (only when it is not a plausible epoch)."""
    if len(text) not in (8, 14) or not text.isdigit():
        return None
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    if len(text) == 8:
        return _from_parts(raw, _Date(year, month, day), None, "", ctx, w)
    g = {"H": text[8:10], "M": text[10:12], "S": text[12:14], "F": None, "ampm": None}
    return _from_parts(raw, _Date(year, month, day), g, "", ctx, w)


def _rest_is_valid(rest: str, *, before_date: bool) -> bool:
    """Whether what follows a date is a well-formed time and/or zone (so the date's problem is the only one)."""
    if not before_date:
        m = _AFTER_DATE.fullmatch(rest)
        if m:
            return _zone_items(m["tail"]) is not None
    return _zone_items(rest) is not None


def parse_timestamp(raw: str, ctx: TimeContext = TimeContext()) -> TimeResult:
    """Read one printed date/time. Never raises on any text; see the module docstring."""
    if not isinstance(raw, str):
        raise TypeError(f"parse_timestamp expects text, got {type(raw).__name__}")
    w = _Work.new()
    s = _clean(raw)
    if not s:
        w.add("empty", "no date/time printed.")
        return _result(raw, w)
    if len(s) > _MAX_LEN:
        return _unparsed(raw, "too long")

    if _NUMBER.fullmatch(s):
        if ctx.epoch_unit is None and _unit_of(Decimal(s)) is None:
            compact = _compact(raw, s, ctx, w)
            if compact is not None:
                return compact
        got = _epoch(raw, s, ctx, w)
        if got is not None:
            return got
        return _unparsed(raw, "a number that is not an epoch time (seconds to nanoseconds since 1970) "
                         "between 1990 and 2100")

    m = _ISO_BASIC.fullmatch(s)
    if m:
        return _from_parts(raw, _Date(int(m["Y"]), int(m["m"]), int(m["d"])), m.groupdict(), m["tail"], ctx, w)

    m = _CTIME.fullmatch(s)
    if m:
        date = _Date(int(m["Y"]), _MONTHS[m["mon"].lower()], int(m["d"]), m["wd"])
        return _from_parts(raw, date, m.groupdict(), m["tail"] or "", ctx, w)

    date, end, problem = _match_date(s, ctx, w)
    if problem is not None:
        if problem in ("ambiguous", "conflict") and _rest_is_valid(s[end:], before_date=False):
            return _result(raw, w)
        return _unparsed(raw, None if problem in ("ambiguous", "conflict") else problem)
    if date is not None:
        rest = s[end:]
        m = _AFTER_DATE.fullmatch(rest)
        if m:
            return _from_parts(raw, date, m.groupdict(), m["tail"], ctx, w)
        return _from_parts(raw, date, None, rest, ctx, w)

    m = _TIME_FIRST.fullmatch(s)
    if m:
        inner = _Work.new()
        date, end, problem = _match_date(m["rest"], ctx, inner)
        if date is not None or problem is not None:
            w.flags |= inner.flags
            w.notes += inner.notes
            if problem in ("ambiguous", "conflict") and _rest_is_valid(m["rest"][end:], before_date=True):
                return _result(raw, w)
            if problem is not None or date is None:
                return _unparsed(raw, None if problem in ("ambiguous", "conflict") else problem)
            return _from_parts(raw, date, m.groupdict(), m["rest"][end:], ctx, w)

    m = _TIME_ONLY.fullmatch(s)
    if m and _zone_items(m["tail"]) is not None:
        w.add("time_only", "a time of day without a date: no instant given.")
        return _result(raw, w)
    return _unparsed(raw, None)


# -- Excel serials ----------------------------------------------------------------------------

_DAY_MS = 86_400_000


def excel_serial_to_wall(serial: float | int | str | Decimal, *, date1904: bool = False) -> datetime | None:
    """The naive wall date-time an Excel serial stands for; None when there is none.

    1900 system (Windows default): serial 1 = 1900-01-01 ... 59 = 1900-02-28; 60 is Excel's
    fictitious 1900-02-29 (None); 61 = 1900-03-01 onwards; serials below 1 carry no date
    (None). 1904 system (old Mac): 0 = 1904-01-01. The fraction is the time of day, rounded
    to the millisecond (Excel's own precision).
    """
    got = _excel_parts(serial, date1904)
    return got[1] if got[0] == "ok" else None


def _excel_number(serial: object) -> Decimal | None:
    if isinstance(serial, bool) or serial is None:
        return None
    try:
        if isinstance(serial, float):
            return Decimal(serial) if math.isfinite(serial) else None
        if isinstance(serial, (int, Decimal)):
            value = Decimal(serial)
            return value if value.is_finite() else None
        if isinstance(serial, str):
            text = _clean(serial)
            return Decimal(text) if _NUMBER.fullmatch(text) else None
    except (InvalidOperation, ValueError, OverflowError):
        return None
    return None


def _excel_parts(serial: object, date1904: bool) -> tuple[str, datetime | None, str]:
    """('ok', wall, '') | ('leap_bug', None, '') | ('time_only', None, 'hh:mm:ss.fff') | ('bad', None, why)."""
    value = _excel_number(serial)
    if value is None:
        return "bad", None, "not a finite number"
    if value < 0:
        return "bad", None, "a negative serial"
    if value > 3_000_000:
        return "bad", None, "beyond Excel's last date"
    days = int(value.to_integral_value(rounding=ROUND_FLOOR))
    ms = int(((value - days) * _DAY_MS).to_integral_value(rounding=ROUND_HALF_EVEN))
    if ms >= _DAY_MS:
        days, ms = days + 1, 0
    if date1904:
        base = datetime(1904, 1, 1)
    elif days == 0:
        return "time_only", None, (datetime(2000, 1, 1) + timedelta(milliseconds=ms)).time().isoformat(timespec="milliseconds")
    elif days == 60:
        return "leap_bug", None, ""
    elif days < 60:
        base = datetime(1899, 12, 31)
    else:
        base = datetime(1899, 12, 30)
    try:
        wall = base + timedelta(days=days, milliseconds=ms)
    except OverflowError:
        return "bad", None, "beyond Excel's last date"
    if wall.year > _MAX_YEAR:
        return "bad", None, "beyond the supported range"
    return "ok", wall, ""


def parse_excel_serial(value: float | int | str | Decimal, ctx: TimeContext = TimeContext(), date1904: bool = False,
                       *, raw: str | None = None) -> TimeResult:
    """Read an Excel date serial (only an XLSX extractor knows a cell is one).

    The serial is a wall time in the zone the context gives (document > analyst > provider),
    never UTC by assumption. ``raw`` is the cell as displayed, if known; otherwise the
    number's own text. Never raises.
    """
    shown = raw if raw is not None else str(value)
    w = _Work.new()
    kind, wall, detail = _excel_parts(value, date1904)
    if kind == "leap_bug":
        w.add("excel_1900_leap_bug", "Excel serial 60 is 1900-02-29, a day that never existed (Excel's 1900 "
              "leap-year bug, kept for Lotus 1-2-3 compatibility): no date given.")
        return _result(shown, w)
    if kind == "time_only":
        w.add("time_only", f"Excel serial {shown} has no date part (day 0 of the 1900 system, shown by Excel as "
              f"1900-01-00): only the time of day {detail} is known.")
        return _result(shown, w)
    if kind != "ok" or wall is None:
        return _unparsed(shown, f"Excel serial: {detail}")
    return _resolve(shown, wall, [], ctx, w)


# -- per-file decisions -----------------------------------------------------------------------


def decide_day_first(values: Iterable[str | None]) -> bool | None:
    """Decide the day/month order of a file's numeric dates (``03/14/2026``, ``14.03.26``).

    True when some value can only be day-first (first field > 12) and none can only be
    month-first; False for the reverse; None when no value decides it or values contradict.
    """
    day_first = month_first = False
    for v in values:
        if not isinstance(v, str):
            continue
        m = _D_NUM.match(_clean(v))
        if not m:
            continue
        a, b = int(m["a"]), int(m["b"])
        if 12 < a <= 31 and 1 <= b <= 12:
            day_first = True
        elif 12 < b <= 31 and 1 <= a <= 12:
            month_first = True
    if day_first == month_first:
        return None
    return day_first


def decide_epoch_unit(values: Iterable[str | None]) -> str | None:
    """Decide the epoch unit of a column by magnitude: 's', 'ms', 'us' or 'ns', else None.

    Every non-blank value must be a non-negative number that is a 1990..2100 instant in the
    same unit; anything else (mixed units, a sentinel 0, text) gives None.
    """
    unit: str | None = None
    for v in values:
        if v is None:
            continue
        if not isinstance(v, str):
            return None
        text = _clean(v)
        if not text:
            continue
        if not re.fullmatch(r"\d+(?:\.\d+)?", text, re.A):
            return None
        this = _unit_of(Decimal(text))
        if this is None or (unit is not None and this != unit):
            return None
        unit = this
    return unit


# -- zones declared in prose ------------------------------------------------------------------

_US_BACKWARD = {
    "us/eastern": "America/New_York", "us/central": "America/Chicago", "us/mountain": "America/Denver",
    "us/pacific": "America/Los_Angeles", "us/alaska": "America/Anchorage", "us/hawaii": "Pacific/Honolulu",
    "us/arizona": "America/Phoenix",
}
_PROSE_IANA = re.compile(r"(?<![A-Za-z0-9_/])[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)+", re.A)
_PROSE_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?![\d:])", re.I | re.A)
_PROSE_WINDOWS = re.compile(r"\(\s*(?:UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)\s*[A-Z][A-Za-z .'-]*,\s*[A-Z]", re.A)
_R = re.I | re.A
#: (pattern, zone) checked in prose; case-insensitive phrases, case-sensitive abbreviations.
_PROSE_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:Coordinated Universal Time|Greenwich Mean Time|Universal Time|UTC|GMT|Zulu)\b", _R), "UTC"),
    (re.compile(r"\bEastern (?:(?:Standard|Daylight|Prevailing) )?Time\b", _R), "America/New_York"),
    (re.compile(r"\bCentral (?:(?:Standard|Daylight|Prevailing) )?Time\b", _R), "America/Chicago"),
    (re.compile(r"\bMountain (?:(?:Standard|Daylight|Prevailing) )?Time\b", _R), "America/Denver"),
    (re.compile(r"\bPacific (?:(?:Standard|Daylight|Prevailing) )?Time\b", _R), "America/Los_Angeles"),
    (re.compile(r"\bAlaska(?:n)? (?:(?:Standard|Daylight) )?Time\b", _R), "America/Anchorage"),
    (re.compile(r"\bHawaii(?:an)?(?:-Aleutian)? (?:Standard )?Time\b", _R), "Pacific/Honolulu"),
    (re.compile(r"\b(?:UK|U\.K\.|British|London) (?:Summer )?Time\b", _R), "Europe/London"),
    (re.compile(r"\bCentral European (?:(?:Standard|Summer) )?Time\b", _R), "CET"),
    (re.compile(r"\bmitteleurop(?:ä|ae)ische[rn]? (?:Sommer)?zeit\b", _R), "CET"),
    (re.compile(r"\bheure (?:normale |d'été |d’été )?d[e’'] ?(?:l')?Europe centrale\b", _R), "CET"),
    (re.compile(r"\bheure (?:légale )?(?:de Paris|française)\b", _R), "Europe/Paris"),
    (re.compile(r"\bMES?Z\b", re.A), "CET"),
    (re.compile(r"\bEastern European (?:(?:Standard|Summer) )?Time\b", _R), "EET"),
    (re.compile(r"\bWestern European (?:(?:Standard|Summer) )?Time\b", _R), "WET"),
    (re.compile(r"\bIndian? Standard Time\b", _R), "Asia/Kolkata"),
    (re.compile(r"\bIrish Standard Time\b", _R), "Europe/Dublin"),
    (re.compile(r"\bIsrael (?:(?:Standard|Daylight) )?Time\b", _R), "Asia/Jerusalem"),
    (re.compile(r"\bJapan Standard Time\b", _R), "Asia/Tokyo"),
    (re.compile(r"\bE[SD]T\b", re.A), "America/New_York"),
    (re.compile(r"\bC[SD]T\b", re.A), "America/Chicago"),
    (re.compile(r"\bM[SD]T\b", re.A), "America/Denver"),
    (re.compile(r"\bP[SD]T\b", re.A), "America/Los_Angeles"),
    (re.compile(r"\bAK[SD]T\b", re.A), "America/Anchorage"),
    (re.compile(r"\bHST\b", re.A), "Pacific/Honolulu"),
    (re.compile(r"\bBST\b", re.A), "Europe/London"),
    (re.compile(r"\bCES?T\b", re.A), "CET"),
    (re.compile(r"\bEES?T\b", re.A), "EET"),
    (re.compile(r"\bJST\b", re.A), "Asia/Tokyo"),
    # two-letter and bare region words only in parentheses, e.g. "Pacific Time (PT)", "Time (Pacific)"
    (re.compile(r"\(\s*ET\s*\)", re.A), "America/New_York"),
    (re.compile(r"\(\s*CT\s*\)", re.A), "America/Chicago"),
    (re.compile(r"\(\s*MT\s*\)", re.A), "America/Denver"),
    (re.compile(r"\(\s*PT\s*\)", re.A), "America/Los_Angeles"),
    (re.compile(r"\(\s*Eastern\s*\)", _R), "America/New_York"),
    (re.compile(r"\(\s*Central\s*\)", _R), "America/Chicago"),
    (re.compile(r"\(\s*Mountain\s*\)", _R), "America/Denver"),
    (re.compile(r"\(\s*Pacific\s*\)", _R), "America/Los_Angeles"),
)
#: The whole text being just one of these words also declares the zone.
_PROSE_ALONE = {
    "eastern": "America/New_York", "et": "America/New_York", "central": "America/Chicago", "ct": "America/Chicago",
    "mountain": "America/Denver", "mt": "America/Denver", "pacific": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "alaska": "America/Anchorage", "hawaii": "Pacific/Honolulu", "z": "UTC",
}
_GMT_PLACES = re.compile(r"\b(?:Dublin|Edinburgh|Lisbon|London)\b", re.A)


def zone_from_text(text: str | None) -> str | None:
    """The zone a document declares in prose or a header, or None when unsure.

    Returns an IANA key, ``"UTC"`` or a fixed offset ``"+HH:MM"`` (the forms
    :class:`TimeContext` takes). Examples: "All times are Eastern Time" -> America/New_York;
    "Pacific Time (PT)", "PST/PDT" -> America/Los_Angeles; "UTC", "GMT", "Coordinated
    Universal Time" -> UTC; "(GMT-05:00)", "UTC+2", "UTC -0500" -> "-05:00", "+02:00",
    "-05:00"; "Central European Time", "CET" -> "CET" (the IANA zone with central European
    summer time rules); "Eastern European Time" -> "EET"; "BST", "UK time" -> Europe/London.

    Refusals (None): nothing recognised; two different zones mentioned; "IST" alone
    (India, Ireland or Israel); bare words that are common in addresses ("Mountain View",
    "Central District", "Hartford, CT") unless they are the whole text or in parentheses;
    Windows display names whose offset is only the standard offset ("(UTC+01:00) Amsterdam,
    Berlin, ...") unless a zone is also named; a UTC/GMT label next to Dublin/Edinburgh/
    Lisbon/London, which keep summer time.
    """
    if not isinstance(text, str):
        return None
    s = _clean(text)
    if not s:
        return None
    alone = re.sub(r"[^A-Za-z]", "", s).lower()
    if alone in _PROSE_ALONE and len(s) <= 20:
        return _PROSE_ALONE[alone]
    named: set[str] = set()
    offsets: set[str] = set()

    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    def iana(m: re.Match[str]) -> str:
        key = _US_BACKWARD.get(m.group(0).lower()) or _zone_keys().get(m.group(0).lower())
        if key and _tz(key) is not None and "/" in key:
            named.add(key)
            return " " * len(m.group(0))
        return m.group(0)

    s = _PROSE_IANA.sub(iana, s)
    bad_offset = False

    def offset(m: re.Match[str]) -> str:
        nonlocal bad_offset
        minutes = _offset_minutes(m.group(1), m.group(2), m.group(3))
        if minutes is None:
            bad_offset = True
        else:
            offsets.add(_offset_name(minutes))
        return " " * len(m.group(0))

    windows = bool(_PROSE_WINDOWS.search(s))
    s = _PROSE_OFFSET.sub(offset, s)
    if bad_offset:
        return None
    for pattern, zone in _PROSE_NAMES:
        if pattern.search(s):
            named.add(zone)
            s = pattern.sub(blank, s)
    if "UTC" in named and len(named) > 1:
        return None
    if named == {"UTC"} or (not named and offsets == {"UTC"}):
        if offsets - {"UTC"} or _GMT_PLACES.search(text):
            return None
        return "UTC"
    if len(named) > 1:
        return None
    if len(named) == 1:
        zone = next(iter(named))
        if not offsets:
            return zone
        tz = _tz(zone)
        if tz is None:
            return None
        seasonal = {_offset_name(int(datetime(2026, month, 15, 12, tzinfo=UTC).astimezone(tz).utcoffset().total_seconds() // 60))
                    for month in (1, 7)}
        return zone if offsets <= seasonal else None
    if windows or len(offsets) != 1:
        return None
    return next(iter(offsets))
