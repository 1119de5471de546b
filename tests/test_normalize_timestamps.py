"""Exhaustive tests of pipeline.normalize.timestamps: printed times to UTC, never invented.

All data is synthetic. Expected instants are worked out by hand in the comments, not by the
code under test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.errors import ReturnsError
from pipeline.normalize import (
    TIME_FLAGS,
    TZ_SOURCES,
    ZONE_ABBREVIATIONS,
    TimeContext,
    TimeResult,
    ZoneError,
    canonical_zone,
    check_zone,
    decide_day_first,
    decide_epoch_unit,
    excel_serial_to_wall,
    parse_excel_serial,
    parse_timestamp,
    tzdata_version,
    zone_from_text,
)

UTC = timezone.utc
ROOT = Path(__file__).resolve().parents[1]
NONE = TimeContext()
DOC_UTC = TimeContext(document_zone="UTC")
NY = TimeContext(document_zone="America/New_York")


def u(text: str) -> datetime:
    """A UTC instant from ISO text ending in Z."""
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert dt.utcoffset() == timedelta(0)
    return dt.astimezone(UTC)


def check_invariants(r: TimeResult) -> None:
    assert set(r.flags) <= set(TIME_FLAGS), r.flags
    assert list(r.flags) == sorted(set(r.flags))
    assert r.tz_source in TZ_SOURCES
    for dt in (r.utc, r.earliest_utc, r.latest_utc, *r.candidates):
        if dt is not None:
            assert dt.tzinfo is UTC
    if r.utc is not None:
        assert r.earliest_utc is None and r.latest_utc is None and r.candidates == ()
        assert r.tz_source != "none"
    if (r.earliest_utc is None) != (r.latest_utc is None):
        raise AssertionError("earliest and latest come together")
    if r.earliest_utc is not None:
        assert r.earliest_utc <= r.latest_utc
    if r.candidates:
        assert list(r.candidates) == sorted(r.candidates)
        assert r.earliest_utc == r.candidates[0] and r.latest_utc == r.candidates[-1]
    if r.flags:
        assert r.note, "every flag is explained"
    if "assumed_zone" in r.flags:
        assert r.tz_source in ("analyst", "provider_default")


# -- forms with their own zone ---------------------------------------------------------------

VALUE_ZONED = [
    # ISO 8601 and friends
    ("2026-03-14T09:26:53Z", "2026-03-14T09:26:53Z", ()),
    ("2026-03-14t09:26:53z", "2026-03-14T09:26:53Z", ()),
    ("2026-03-14T09:26:53+05:30", "2026-03-14T03:56:53Z", ()),
    ("2026-03-14T09:26:53-0800", "2026-03-14T17:26:53Z", ()),
    ("2026-03-14T09:26:53-08", "2026-03-14T17:26:53Z", ()),
    ("2026-03-14T09:26:53+00:00", "2026-03-14T09:26:53Z", ()),
    ("2026-03-14T09:26:53.5Z", "2026-03-14T09:26:53.500000Z", ()),
    ("2026-03-14T09:26:53,25Z", "2026-03-14T09:26:53.250000Z", ()),
    ("2026-03-14T09:26:53.123-08:00", "2026-03-14T17:26:53.123000Z", ()),
    ("2026-03-14T09:26:53.123456Z", "2026-03-14T09:26:53.123456Z", ()),
    ("2026-03-14T09:26:53.123456789Z", "2026-03-14T09:26:53.123456Z", ("fraction_truncated",)),
    ("2026-03-14T09:26:53.123456000Z", "2026-03-14T09:26:53.123456Z", ()),
    ("2026-03-14 09:26:53Z", "2026-03-14T09:26:53Z", ()),
    ("2026-03-14 09:26:53 Z", "2026-03-14T09:26:53Z", ()),
    ("2026-03-14 09:26:53 UTC", "2026-03-14T09:26:53Z", ()),
    ("2026-03-14 09:26:53 utc", "2026-03-14T09:26:53Z", ()),
    ("2026-03-14 09:26:53 GMT", "2026-03-14T09:26:53Z", ()),
    ("2026-03-14 09:26:53 (UTC)", "2026-03-14T09:26:53Z", ()),
    ("2026-03-14 09:26:53 +0000 UTC", "2026-03-14T09:26:53Z", ()),
    ("2026-03-14 09:26:53 UTC+5:30", "2026-03-14T03:56:53Z", ()),
    ("2026-03-14 09:26:53 GMT-05:00", "2026-03-14T14:26:53Z", ()),
    ("2026-03-14 09:26:53 UTC \u22120500", "2026-03-14T14:26:53Z", ()),  # typeset minus sign
    ("2026/03/14 09:26:53 UTC", "2026-03-14T09:26:53Z", ()),
    ("2026.03.14 09:26:53 UTC", "2026-03-14T09:26:53Z", ()),
    ("20260314T092653Z", "2026-03-14T09:26:53Z", ()),
    ("20260314T092653+0100", "2026-03-14T08:26:53Z", ()),
    ("2026-03-14T09:26Z", "2026-03-14T09:26:00Z", ("no_seconds",)),
    ("2026-03-14 09:26:53 America/New_York", "2026-03-14T13:26:53Z", ()),  # EDT since 8 March
    ("2026-01-14 09:26:53 america/new_york", "2026-01-14T14:26:53Z", ()),  # EST
    ("2026-03-14T09:26:53-04:00[America/New_York]", "2026-03-14T13:26:53Z", ()),
    ("2026-03-14 09:26:53 +0530 (IST)", "2026-03-14T03:56:53Z", ()),  # the offset decides IST
    ("2026-03-14 09:26:53 Pacific/Honolulu", "2026-03-14T19:26:53Z", ()),
    ("2026-03-14 09:26:53 Pacific/Auckland", "2026-03-13T20:26:53Z", ()),  # NZDT +13 until April
    # generic region names follow the region's DST rules (no fixed offset, no abbreviation flag)
    ("2026-03-14 09:26:53 PT", "2026-03-14T16:26:53Z", ()),
    ("2026-01-14 09:26:53 PT", "2026-01-14T17:26:53Z", ()),
    ("2026-03-14 09:26:53 Eastern", "2026-03-14T13:26:53Z", ()),
    ("2026-03-14 09:26:53 (Central Time)", "2026-03-14T14:26:53Z", ()),
    ("2026-03-14 09:26:53 Mountain Time", "2026-03-14T15:26:53Z", ()),
    # month names, 12-hour clocks
    ("Mar 14, 2026 9:26:53 AM UTC", "2026-03-14T09:26:53Z", ()),
    ("Jan 14, 2026 9:26:53 AM PST", "2026-01-14T17:26:53Z", ("zone_abbreviation",)),
    ("March 14, 2026 at 9:26:53 AM UTC", "2026-03-14T09:26:53Z", ()),
    ("March 14, 2026, 9:26:53 PM UTC", "2026-03-14T21:26:53Z", ()),
    ("Saturday, March 14, 2026 9:26:53 p.m. UTC", "2026-03-14T21:26:53Z", ()),
    ("Sat, 14 Mar 2026 09:26:53 +0000", "2026-03-14T09:26:53Z", ()),  # RFC 2822
    ("14 Mar 2026 09:26:53 GMT", "2026-03-14T09:26:53Z", ()),
    ("14 March 2026 09:26:53 UTC", "2026-03-14T09:26:53Z", ()),
    ("14th March 2026 09:26:53 UTC", "2026-03-14T09:26:53Z", ()),
    ("14-Mar-2026 09:26:53 UTC", "2026-03-14T09:26:53Z", ()),
    ("Sat Mar 14 09:26:53 UTC 2026", "2026-03-14T09:26:53Z", ()),  # Java Date.toString / date(1)
    ("Sat Mar 14 09:26:53 PST 2026", "2026-03-14T17:26:53Z", ("conflicting_zone", "zone_abbreviation")),
    ("Sat Mar 14 2026 09:26:53 GMT-0700 (Pacific Daylight Time)", "2026-03-14T16:26:53Z", ()),  # JavaScript
    ("Wed Jan 14 2026 09:26:53 GMT-0800 (Pacific Standard Time)", "2026-01-14T17:26:53Z", ()),
    ("Mar 14 2026 9:26:53\u202fAM UTC", "2026-03-14T09:26:53Z", ()),  # narrow no-break space (ICU)
    ("\ufeff2026-03-14T09:26:53Z", "2026-03-14T09:26:53Z", ()),  # byte-order mark left in a cell
    ("  2026-03-14T09:26:53Z\t", "2026-03-14T09:26:53Z", ()),
    ("9:26:53 AM 14 Mar 2026 UTC", "2026-03-14T09:26:53Z", ()),  # time before the date
    ("14-MAR-26 09.26.53.000000 AM UTC", "2026-03-14T09:26:53Z", ("two_digit_year",)),  # Oracle
]


@pytest.mark.parametrize("raw,expected,flags", VALUE_ZONED)
def test_values_with_their_own_zone(raw: str, expected: str, flags: tuple[str, ...]) -> None:
    r = parse_timestamp(raw, NONE)
    check_invariants(r)
    assert r.raw == raw
    assert r.utc == u(expected)
    assert r.tz_source == "value"
    assert r.flags == tuple(sorted(flags))


@pytest.mark.parametrize("raw,expected,flags", VALUE_ZONED)
def test_value_zone_beats_every_context_zone(raw: str, expected: str, flags: tuple[str, ...]) -> None:
    ctx = TimeContext(document_zone="Asia/Tokyo", analyst_zone="Europe/London", provider_zone="America/Denver")
    r = parse_timestamp(raw, ctx)
    assert (r.utc, r.tz_source, r.flags) == (u(expected), "value", tuple(sorted(flags)))


# -- US and other abbreviations: fixed offsets as printed ------------------------------------

US_ABBREVIATIONS = [
    # abbreviation, offset hours, a date where it is right, a date where it contradicts
    ("EST", -5, "2026-01-14", "2026-07-14"),
    ("EDT", -4, "2026-07-14", "2026-01-14"),
    ("CST", -6, "2026-01-14", "2026-07-14"),
    ("CDT", -5, "2026-07-14", "2026-01-14"),
    ("MST", -7, "2026-01-14", None),  # Arizona keeps MST all year: never a contradiction
    ("MDT", -6, "2026-07-14", "2026-01-14"),
    ("PST", -8, "2026-01-14", "2026-07-14"),
    ("PDT", -7, "2026-07-14", "2026-01-14"),
    ("AKST", -9, "2026-01-14", "2026-07-14"),
    ("AKDT", -8, "2026-07-14", "2026-01-14"),
    ("HST", -10, "2026-01-14", None),
]


@pytest.mark.parametrize("abbr,hours,right,wrong", US_ABBREVIATIONS)
def test_us_abbreviations_are_the_printed_fixed_offset(abbr: str, hours: int, right: str, wrong: str | None) -> None:
    r = parse_timestamp(f"{right} 09:26:53 {abbr}", NONE)
    check_invariants(r)
    assert r.utc == u(f"{right}T09:26:53Z") - timedelta(hours=hours)
    assert r.tz_source == "value"
    assert r.flags == ("zone_abbreviation",)
    assert abbr in (r.note or "")
    if wrong is not None:
        r = parse_timestamp(f"{wrong} 09:26:53 {abbr}", NONE)
        check_invariants(r)
        # the printed offset is still used, but the contradiction is flagged
        assert r.utc == u(f"{wrong}T09:26:53Z") - timedelta(hours=hours)
        assert r.flags == ("conflicting_zone", "zone_abbreviation")
        assert "printed offset was used" in (r.note or "")


def test_mst_in_summer_is_arizona_not_a_conflict() -> None:
    r = parse_timestamp("2026-07-14 09:26:53 MST", NONE)
    assert r.utc == u("2026-07-14T16:26:53Z") and r.flags == ("zone_abbreviation",)


def test_abbreviation_table_offsets() -> None:
    assert ZONE_ABBREVIATIONS["PDT"][0] == -7 * 60
    assert ZONE_ABBREVIATIONS["CET"][0] == 60
    assert ZONE_ABBREVIATIONS["ACST"][0] == 9 * 60 + 30
    for abbr, (minutes, refs) in ZONE_ABBREVIATIONS.items():
        assert abs(minutes) <= 14 * 60 and refs, abbr
        for ref in refs:
            ZoneInfo(ref)  # every reference zone exists


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2026-07-14 09:26:53 CEST", "2026-07-14T07:26:53Z"),
        ("2026-01-14 09:26:53 CET", "2026-01-14T08:26:53Z"),
        ("2026-07-14 09:26:53 BST", "2026-07-14T08:26:53Z"),
        ("2026-07-14 09:26:53 EEST", "2026-07-14T06:26:53Z"),
        ("2026-01-14 09:26:53 JST", "2026-01-14T00:26:53Z"),
        ("2026-01-14 09:26:53 ACST", "2026-01-13T23:56:53Z"),  # Darwin, +09:30 all year
    ],
)
def test_other_abbreviations(raw: str, expected: str) -> None:
    r = parse_timestamp(raw, NONE)
    assert r.utc == u(expected) and r.flags == ("zone_abbreviation",) and r.tz_source == "value"


def test_bst_in_winter_conflicts() -> None:
    r = parse_timestamp("2026-01-14 09:26:53 BST", NONE)
    assert r.utc == u("2026-01-14T08:26:53Z")
    assert r.flags == ("conflicting_zone", "zone_abbreviation")


def test_abbreviation_beats_a_named_zone_and_resolves_the_repeated_hour() -> None:
    # 01:30 happened twice in New York on 2026-11-01; "EST" says which one
    r = parse_timestamp("2026-11-01 01:30:00 EST", NONE)
    assert r.utc == u("2026-11-01T06:30:00Z") and r.flags == ("zone_abbreviation",)
    r = parse_timestamp("2026-11-01 01:30:00 EDT", NONE)
    assert r.utc == u("2026-11-01T05:30:00Z") and r.flags == ("zone_abbreviation",)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2026-03-14T09:26:53-05:00[America/New_York]", "2026-03-14T14:26:53Z"),  # New York is -04:00 then
        ("2026-03-14 09:26:53 -0800 (EST)", "2026-03-14T17:26:53Z"),
        ("Sat Mar 14 2026 09:26:53 GMT-0800 (Pacific Daylight Time)", "2026-03-14T17:26:53Z"),
    ],
)
def test_two_printed_zones_that_disagree(raw: str, expected: str) -> None:
    r = parse_timestamp(raw, NONE)
    check_invariants(r)
    assert r.utc == u(expected)  # the numeric offset decides
    assert "conflicting_zone" in r.flags


@pytest.mark.parametrize(
    "raw,flag",
    [
        ("2026-03-14 09:26:53 IST", "ambiguous_zone"),  # India, Ireland or Israel
        ("2026-03-14 09:26:53 AST", "ambiguous_zone"),
        ("2026-03-14 09:26:53 XYZ", "unknown_zone"),
        ("2026-03-14 09:26:53 Mars/Olympus_Mons", "unknown_zone"),
        ("Sat Mar 14 09:26:53 QQT 2026", "unknown_zone"),
    ],
)
def test_unusable_zone_in_the_value_is_never_replaced(raw: str, flag: str) -> None:
    # the document declares a zone, but the value says something else that we cannot read
    r = parse_timestamp(raw, TimeContext(document_zone="UTC", analyst_zone="UTC", provider_zone="UTC"))
    check_invariants(r)
    assert r.utc is None
    assert r.tz_source == "none"
    assert r.flags == (flag,)
    assert r.earliest_utc == u("2026-03-13T19:26:53Z")
    assert r.latest_utc == u("2026-03-14T21:26:53Z")


# -- zone precedence ---------------------------------------------------------------------------

WALL = "2026-03-14 09:26:53"


@pytest.mark.parametrize(
    "ctx,expected,source,flags",
    [
        # document > analyst > provider; New York is EDT (-4) on 14 March 2026, London GMT, Tokyo +9
        (TimeContext(document_zone="America/New_York", analyst_zone="Europe/London", provider_zone="Asia/Tokyo"),
         "2026-03-14T13:26:53Z", "document", ()),
        (TimeContext(analyst_zone="Europe/London", provider_zone="Asia/Tokyo"), "2026-03-14T09:26:53Z", "analyst", ("assumed_zone",)),
        (TimeContext(provider_zone="Asia/Tokyo"), "2026-03-14T00:26:53Z", "provider_default", ("assumed_zone",)),
        (TimeContext(document_zone="+05:30"), "2026-03-14T03:56:53Z", "document", ()),
        (TimeContext(document_zone="-08:00", provider_zone="UTC"), "2026-03-14T17:26:53Z", "document", ()),
        (TimeContext(document_zone="UTC"), "2026-03-14T09:26:53Z", "document", ()),
        (TimeContext(analyst_zone="utc"), "2026-03-14T09:26:53Z", "analyst", ("assumed_zone",)),
        (TimeContext(document_zone="", analyst_zone="Asia/Kolkata"), "2026-03-14T03:56:53Z", "analyst", ("assumed_zone",)),
    ],
)
def test_zone_precedence(ctx: TimeContext, expected: str, source: str, flags: tuple[str, ...]) -> None:
    r = parse_timestamp(WALL, ctx)
    check_invariants(r)
    assert (r.utc, r.tz_source, r.flags) == (u(expected), source, flags)
    if flags:
        assert "assumed" in (r.note or "") or "default" in (r.note or "")


def test_value_zone_wins_over_the_document() -> None:
    r = parse_timestamp(WALL + " UTC", TimeContext(document_zone="America/New_York"))
    assert (r.utc, r.tz_source, r.flags) == (u("2026-03-14T09:26:53Z"), "value", ())


@pytest.mark.parametrize(
    "ctx,who",
    [
        (TimeContext(document_zone="Eastern", analyst_zone="UTC"), "document"),
        (TimeContext(analyst_zone="Not/AZone", provider_zone="UTC"), "analyst"),
        (TimeContext(provider_zone="localtime"), "provider"),  # the host's zone is never used
        (TimeContext(document_zone="+15:00"), "document"),
        (TimeContext(document_zone="right/UTC"), "document"),
    ],
)
def test_unknown_context_zone_is_flagged_not_skipped(ctx: TimeContext, who: str) -> None:
    r = parse_timestamp(WALL, ctx)
    check_invariants(r)
    assert r.utc is None and r.tz_source == "none" and r.flags == ("unknown_zone",)
    assert who in (r.note or "")
    assert (r.earliest_utc, r.latest_utc) == (u("2026-03-13T19:26:53Z"), u("2026-03-14T21:26:53Z"))


def test_no_zone_gives_the_whole_possible_span() -> None:
    r = parse_timestamp(WALL, NONE)
    check_invariants(r)
    assert r.utc is None and r.tz_source == "none" and r.flags == ("no_zone",)
    # the wall time at UTC+14 is the earliest instant, at UTC-12 the latest
    assert r.earliest_utc == u("2026-03-13T19:26:53Z")
    assert r.latest_utc == u("2026-03-14T21:26:53Z")
    assert "UTC+14" in (r.note or "") and "UTC-12" in (r.note or "")


# -- DST ---------------------------------------------------------------------------------------


def test_dst_ambiguous_keeps_both_candidates() -> None:
    r = parse_timestamp("2026-11-01 01:30:00", NY)
    check_invariants(r)
    assert r.utc is None
    assert r.flags == ("dst_ambiguous",)
    assert r.tz_source == "document"
    assert r.candidates == (u("2026-11-01T05:30:00Z"), u("2026-11-01T06:30:00Z"))  # EDT, then EST
    assert (r.earliest_utc, r.latest_utc) == r.candidates
    assert r.note is not None
    assert "happened twice in America/New_York (EDT then EST)" in r.note


def test_dst_nonexistent_keeps_both_readings() -> None:
    r = parse_timestamp("2026-03-08 02:30:00", NY)
    check_invariants(r)
    assert r.utc is None
    assert r.flags == ("dst_nonexistent",)
    assert r.candidates == (u("2026-03-08T06:30:00Z"), u("2026-03-08T07:30:00Z"))  # as EDT, as EST
    assert (r.earliest_utc, r.latest_utc) == r.candidates
    assert "did not exist in America/New_York" in (r.note or "")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2026-11-01 00:59:59", "2026-11-01T04:59:59Z"),  # before the repeated hour, EDT
        ("2026-11-01 02:00:00", "2026-11-01T07:00:00Z"),  # after it, EST
        ("2026-03-08 01:59:59", "2026-03-08T06:59:59Z"),  # just before the gap, EST
        ("2026-03-08 03:00:00", "2026-03-08T07:00:00Z"),  # just after, EDT
    ],
)
def test_dst_edges_are_unique(raw: str, expected: str) -> None:
    r = parse_timestamp(raw, NY)
    assert (r.utc, r.flags) == (u(expected), ())


def test_dst_in_a_zone_named_by_the_value_and_by_the_analyst() -> None:
    r = parse_timestamp("2026-10-25 01:30:00 Europe/London", NONE)
    assert r.flags == ("dst_ambiguous",) and r.tz_source == "value"
    assert r.candidates == (u("2026-10-25T00:30:00Z"), u("2026-10-25T01:30:00Z"))
    r = parse_timestamp("2026-03-29 01:30:00", TimeContext(analyst_zone="Europe/London"))
    assert r.flags == ("assumed_zone", "dst_nonexistent") and r.tz_source == "analyst"
    assert r.candidates == (u("2026-03-29T00:30:00Z"), u("2026-03-29T01:30:00Z"))


def test_generic_region_name_in_the_value_keeps_dst_ambiguity() -> None:
    r = parse_timestamp("2026-11-01 01:30:00 ET", NONE)
    check_invariants(r)
    assert (r.utc, r.tz_source, r.flags) == (None, "value", ("dst_ambiguous",))
    assert r.candidates == (u("2026-11-01T05:30:00Z"), u("2026-11-01T06:30:00Z"))


def test_fixed_offset_zones_have_no_dst() -> None:
    r = parse_timestamp("2026-11-01 01:30:00", TimeContext(document_zone="-05:00"))
    assert (r.utc, r.flags) == (u("2026-11-01T06:30:00Z"), ())


# -- 12-hour clocks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clock,hhmmss",
    [
        ("12:00:00 AM", "00:00:00"),
        ("12:30:15 AM", "00:30:15"),
        ("12:00:00 a.m.", "00:00:00"),
        ("12:00:00am", "00:00:00"),
        ("1:05:00 AM", "01:05:00"),
        ("11:59:59 AM", "11:59:59"),
        ("12:00:00 PM", "12:00:00"),
        ("12:30:15 PM", "12:30:15"),
        ("12:00:00 p.m.", "12:00:00"),
        ("1:05:00 PM", "13:05:00"),
        ("11:59:59 PM", "23:59:59"),
        ("00:30:00 AM", "00:30:00"),
        ("00:00:00", "00:00:00"),
        ("23:59:59", "23:59:59"),
    ],
)
def test_12_hour_clock(clock: str, hhmmss: str) -> None:
    r = parse_timestamp(f"Jan 14, 2026 {clock}", DOC_UTC)
    assert r.utc == u(f"2026-01-14T{hhmmss}Z") and r.flags == ()


@pytest.mark.parametrize("clock", ["13:00:00 PM", "0:30:00 PM", "24:00:00", "12:60:00", "12:00:61", "25:00:00"])
def test_impossible_clock_is_unparsed(clock: str) -> None:
    r = parse_timestamp(f"Jan 14, 2026 {clock}", DOC_UTC)
    check_invariants(r)
    assert r.utc is None and r.flags == ("unparsed",)


def test_leap_second_is_not_invented() -> None:
    r = parse_timestamp("2016-12-31 23:59:60Z", NONE)
    check_invariants(r)
    assert r.utc is None and r.flags == ("leap_second",)


# -- numeric day/month order -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,day_first,expected,flags",
    [
        ("03/14/2026 09:26:53", None, "2026-03-14T09:26:53Z", ()),  # only month-first works
        ("14/03/2026 09:26:53", None, "2026-03-14T09:26:53Z", ()),  # only day-first works
        ("14.03.2026 09:26:53", None, "2026-03-14T09:26:53Z", ()),
        ("14-03-2026 09:26:53", None, "2026-03-14T09:26:53Z", ()),
        ("03/03/2026 09:26:53", None, "2026-03-03T09:26:53Z", ()),  # same either way
        ("04/03/2026 09:26:53", True, "2026-03-04T09:26:53Z", ()),
        ("04/03/2026 09:26:53", False, "2026-04-03T09:26:53Z", ()),
        ("4/3/2026 9:26:53 PM", False, "2026-04-03T21:26:53Z", ()),
        ("03/14/2026 09:26", False, "2026-03-14T09:26:00Z", ("no_seconds",)),
        ("14/03/2026 09:26", True, "2026-03-14T09:26:00Z", ("no_seconds",)),
        ("03/14/26 09:26:53", None, "2026-03-14T09:26:53Z", ("two_digit_year",)),
        ("03/14/99 09:26:53", None, "1999-03-14T09:26:53Z", ("two_digit_year",)),
        ("03/14/68 09:26:53", None, "2068-03-14T09:26:53Z", ("two_digit_year",)),
        ("03/14/69 09:26:53", None, "1969-03-14T09:26:53Z", ("two_digit_year",)),
    ],
)
def test_numeric_dates(raw: str, day_first: bool | None, expected: str, flags: tuple[str, ...]) -> None:
    r = parse_timestamp(raw, TimeContext(document_zone="UTC", day_first=day_first))
    check_invariants(r)
    assert (r.utc, r.flags) == (u(expected), flags)
    if "two_digit_year" in flags:
        assert "two-digit year" in (r.note or "").lower()


def test_undecided_order_with_both_fields_small_is_ambiguous() -> None:
    r = parse_timestamp("04/03/2026 09:26:53", DOC_UTC)
    check_invariants(r)
    assert r.utc is None and r.flags == ("ambiguous_date_order",)
    assert r.earliest_utc is None and r.latest_utc is None
    assert "2026-03-04" in (r.note or "") and "2026-04-03" in (r.note or "")


@pytest.mark.parametrize("raw,day_first", [("03/14/2026 09:26:53", True), ("14/03/2026 09:26:53", False)])
def test_value_that_contradicts_the_decided_order(raw: str, day_first: bool) -> None:
    r = parse_timestamp(raw, TimeContext(document_zone="UTC", day_first=day_first))
    check_invariants(r)
    assert r.utc is None and r.flags == ("conflicting_date_order",)


@pytest.mark.parametrize("raw", ["13/14/2026 09:26:53", "02/30/2026 09:26:53", "2026-02-29 10:00:00Z", "2026-13-01 10:00Z", "Feb 30, 2026 10:00 UTC"])
def test_impossible_dates_are_unparsed(raw: str) -> None:
    r = parse_timestamp(raw, DOC_UTC)
    assert r.utc is None and r.flags == ("unparsed",)


def test_leap_day() -> None:
    assert parse_timestamp("2028-02-29 10:00:00Z").utc == u("2028-02-29T10:00:00Z")
    assert parse_timestamp("02/29/2028 10:00:00 UTC").utc == u("2028-02-29T10:00:00Z")


@pytest.mark.parametrize(
    "values,expected",
    [
        (["03/14/2026 09:26", "01/02/2026 10:00"], False),
        (["14/03/2026 09:26", "01/02/2026 10:00"], True),
        (["14.03.2026", "13.01.2026"], True),
        (["14/03/2026", "03/14/2026"], None),  # contradictory
        (["01/02/2026", "03/04/2026"], None),  # nothing decides
        ([], None),
        (["2026-03-14 09:26:53", "Mar 14, 2026"], None),  # not numeric d/m forms
        (["31/12/2025", None, "", "garbage"], True),
        (["12/31/25"], False),
        (["13/13/2026"], None),  # neither field can be a month: no evidence
    ],
)
def test_decide_day_first(values: list[str | None], expected: bool | None) -> None:
    assert decide_day_first(values) is expected


def test_day_first_is_decided_per_column_not_per_value() -> None:
    column = ["14/03/2026 09:26:53", "04/03/2026 09:26:53", "01/02/2026 10:00:00"]
    ctx = TimeContext(document_zone="UTC", day_first=decide_day_first(column))
    got = [parse_timestamp(v, ctx).utc for v in column]
    assert got == [u("2026-03-14T09:26:53Z"), u("2026-03-04T09:26:53Z"), u("2026-02-01T10:00:00Z")]
    undecided = [parse_timestamp(v, DOC_UTC) for v in column]
    assert undecided[0].utc == u("2026-03-14T09:26:53Z")
    assert [r.flags for r in undecided[1:]] == [("ambiguous_date_order",)] * 2


# -- dates without times, times without dates --------------------------------------------------


def test_date_only_without_zone() -> None:
    r = parse_timestamp("2026-03-14", NONE)
    check_invariants(r)
    assert r.utc is None and r.flags == ("date_only", "no_zone") and r.tz_source == "none"
    assert r.earliest_utc == u("2026-03-13T10:00:00Z")  # 00:00 at UTC+14
    assert r.latest_utc == u("2026-03-15T11:59:59.999999Z")  # 23:59:59.999999 at UTC-12


@pytest.mark.parametrize(
    "raw,ctx,source,earliest,latest",
    [
        ("2026-03-14", NY, "document", "2026-03-14T04:00:00Z", "2026-03-15T03:59:59.999999Z"),
        ("2026-03-14 UTC", NONE, "value", "2026-03-14T00:00:00Z", "2026-03-14T23:59:59.999999Z"),
        ("Mar 14, 2026", DOC_UTC, "document", "2026-03-14T00:00:00Z", "2026-03-14T23:59:59.999999Z"),
        ("14 Mar 2026", TimeContext(analyst_zone="+05:30"), "analyst", "2026-03-13T18:30:00Z", "2026-03-14T18:29:59.999999Z"),
        # 8 March 2026 in New York has only 23 hours (EST until 02:00, then EDT)
        ("2026-03-08", NY, "document", "2026-03-08T05:00:00Z", "2026-03-09T03:59:59.999999Z"),
        # 1 November 2026 has 25 hours
        ("2026-11-01", NY, "document", "2026-11-01T04:00:00Z", "2026-11-02T04:59:59.999999Z"),
        ("20260314", DOC_UTC, "document", "2026-03-14T00:00:00Z", "2026-03-14T23:59:59.999999Z"),
    ],
)
def test_date_only_with_zone_gives_the_day(raw: str, ctx: TimeContext, source: str, earliest: str, latest: str) -> None:
    r = parse_timestamp(raw, ctx)
    check_invariants(r)
    assert r.utc is None and "date_only" in r.flags and r.tz_source == source
    assert (r.earliest_utc, r.latest_utc) == (u(earliest), u(latest))


@pytest.mark.parametrize("raw", ["09:26:53", "9:26 PM", "09:26:53 UTC", "09:26:53.123Z"])
def test_time_only(raw: str) -> None:
    r = parse_timestamp(raw, DOC_UTC)
    check_invariants(r)
    assert r.utc is None and r.flags == ("time_only",) and r.earliest_utc is None


# -- epochs ------------------------------------------------------------------------------------

INSTANT = u("2026-03-14T09:26:53Z")  # = 1773480413 s: 20454 days to 2026-01-01, +72 days, +34013 s

EPOCHS = [("s", "1773480413"), ("ms", "1773480413000"), ("us", "1773480413000000"), ("ns", "1773480413000000000")]


@pytest.mark.parametrize("unit,text", EPOCHS)
def test_same_instant_from_every_epoch_unit(unit: str, text: str) -> None:
    declared = parse_timestamp(text, TimeContext(epoch_unit=unit))
    assert (declared.utc, declared.tz_source, declared.flags) == (INSTANT, "value", ())
    inferred = parse_timestamp(text, NONE)
    check_invariants(inferred)
    assert (inferred.utc, inferred.tz_source, inferred.flags) == (INSTANT, "value", ("epoch_inferred",))
    # an epoch is UTC by definition: a declared document zone does not move it
    assert parse_timestamp(text, TimeContext(document_zone="Asia/Tokyo", epoch_unit=unit)).utc == INSTANT


@pytest.mark.parametrize(
    "text,unit,expected,flags",
    [
        ("1773480413.5", "s", "2026-03-14T09:26:53.500000Z", ()),
        ("1773480413123", "ms", "2026-03-14T09:26:53.123000Z", ()),
        ("1773480413123456", "us", "2026-03-14T09:26:53.123456Z", ()),
        ("1773480413123456789", "ns", "2026-03-14T09:26:53.123456Z", ("fraction_truncated",)),
        ("1773480413123456000", "ns", "2026-03-14T09:26:53.123456Z", ()),
        ("631152000", "s", "1990-01-01T00:00:00Z", ()),
        ("4102444799", "s", "2099-12-31T23:59:59Z", ()),
    ],
)
def test_epoch_fractions(text: str, unit: str, expected: str, flags: tuple[str, ...]) -> None:
    r = parse_timestamp(text, TimeContext(epoch_unit=unit))
    assert (r.utc, r.flags) == (u(expected), flags)


@pytest.mark.parametrize(
    "text,unit",
    [("1773480413", "ms"), ("0", "s"), ("-1", "s"), ("4102444800", "s"), ("1773480413000", "s"), ("20260314", "ms")],
)
def test_epoch_outside_1990_2100_under_the_declared_unit(text: str, unit: str) -> None:
    r = parse_timestamp(text, TimeContext(epoch_unit=unit))
    check_invariants(r)
    assert r.utc is None and r.flags == ("implausible_epoch",)


@pytest.mark.parametrize("text", ["0", "1", "12345", "-1773480413", "99999999999", "4102444800"])
def test_lone_number_that_is_no_plausible_epoch(text: str) -> None:
    r = parse_timestamp(text, NONE)
    assert r.utc is None and r.flags == ("unparsed",)


def test_unknown_epoch_unit_in_context() -> None:
    r = parse_timestamp("1773480413", TimeContext(epoch_unit="minutes"))
    check_invariants(r)
    assert r.utc is None and r.flags == ("unknown_epoch_unit",)


def test_compact_carrier_timestamp() -> None:
    r = parse_timestamp("20260314092653", DOC_UTC)
    assert (r.utc, r.flags) == (INSTANT, ())


@pytest.mark.parametrize(
    "values,expected",
    [
        (["1773480413", "1773480414", " 1773480999 "], "s"),
        (["1773480413000", "1773480413999"], "ms"),
        (["1773480413000000"], "us"),
        (["1773480413000000000"], "ns"),
        (["1773480413.25"], "s"),
        (["1773480413", "", None], "s"),
        (["1773480413", "1773480413000"], None),  # mixed units
        (["1773480413", "0"], None),  # a sentinel zero is not a 1990..2100 instant
        (["1773480413", "abc"], None),
        (["-1773480413"], None),
        (["123"], None),
        ([], None),
        (["", None], None),
    ],
)
def test_decide_epoch_unit(values: list[str | None], expected: str | None) -> None:
    assert decide_epoch_unit(values) == expected


# -- Excel serials -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "serial,date1904,expected",
    [
        (1, False, "1900-01-01T00:00:00Z"),
        (2, False, "1900-01-02T00:00:00Z"),
        (31, False, "1900-01-31T00:00:00Z"),
        (59, False, "1900-02-28T00:00:00Z"),
        (61, False, "1900-03-01T00:00:00Z"),
        (62, False, "1900-03-02T00:00:00Z"),
        (366, False, "1900-12-31T00:00:00Z"),
        (367, False, "1901-01-01T00:00:00Z"),
        (25569, False, "1970-01-01T00:00:00Z"),  # the Unix epoch
        (36526, False, "2000-01-01T00:00:00Z"),
        (44927, False, "2023-01-01T00:00:00Z"),
        (45000, False, "2023-03-15T00:00:00Z"),
        (46095.25, False, "2026-03-14T06:00:00Z"),
        (46095.5, False, "2026-03-14T12:00:00Z"),
        (46095 + (9 * 3600 + 26 * 60 + 53) / 86400, False, "2026-03-14T09:26:53Z"),  # float noise rounded to ms
        (46095.999999999, False, "2026-03-15T00:00:00Z"),  # rounds up into the next day
        ("46095.5", False, "2026-03-14T12:00:00Z"),
        (0, True, "1904-01-01T00:00:00Z"),
        (0.75, True, "1904-01-01T18:00:00Z"),
        (1, True, "1904-01-02T00:00:00Z"),
        (24107, True, "1970-01-01T00:00:00Z"),  # 25569 - 1462
        (46095 - 1462, True, "2026-03-14T00:00:00Z"),
    ],
)
def test_excel_serials(serial: float | str, date1904: bool, expected: str) -> None:
    r = parse_excel_serial(serial, DOC_UTC, date1904=date1904)
    check_invariants(r)
    assert (r.utc, r.tz_source, r.flags) == (u(expected), "document", ())
    assert excel_serial_to_wall(serial, date1904=date1904) == u(expected).replace(tzinfo=None)


def test_excel_serial_60_is_the_fictitious_leap_day() -> None:
    for serial in (60, 60.5, "60"):
        r = parse_excel_serial(serial, DOC_UTC)
        check_invariants(r)
        assert r.utc is None and r.flags == ("excel_1900_leap_bug",)
        assert "1900-02-29" in (r.note or "")
    assert excel_serial_to_wall(60) is None
    # the 1904 system has no such day: 60 is simply 1904-03-01
    assert parse_excel_serial(60, DOC_UTC, date1904=True).utc == u("1904-03-01T00:00:00Z")


@pytest.mark.parametrize("serial,shown", [(0, "00:00:00.000"), (0.5, "12:00:00.000"), (0.25, "06:00:00.000")])
def test_excel_serial_0_has_no_date(serial: float, shown: str) -> None:
    r = parse_excel_serial(serial, DOC_UTC)
    check_invariants(r)
    assert r.utc is None and r.flags == ("time_only",) and shown in (r.note or "")
    assert excel_serial_to_wall(serial) is None


@pytest.mark.parametrize("serial", [-1, float("nan"), float("inf"), "abc", "", None, True, 1e12])
def test_excel_serial_rejects_non_dates(serial: object) -> None:
    r = parse_excel_serial(serial, DOC_UTC)  # type: ignore[arg-type]
    check_invariants(r)
    assert r.utc is None and r.flags == ("unparsed",)


def test_excel_serial_is_a_wall_time_in_the_context_zone() -> None:
    assert parse_excel_serial(46095.5, NONE).flags == ("no_zone",)
    r = parse_excel_serial(46095.5, NONE)
    assert (r.earliest_utc, r.latest_utc) == (u("2026-03-13T22:00:00Z"), u("2026-03-15T00:00:00Z"))
    r = parse_excel_serial(46095.5, NY)
    assert (r.utc, r.tz_source) == (u("2026-03-14T16:00:00Z"), "document")
    r = parse_excel_serial(46095.5, TimeContext(analyst_zone="Asia/Tokyo"))
    assert (r.utc, r.tz_source, r.flags) == (u("2026-03-14T03:00:00Z"), "analyst", ("assumed_zone",))
    r = parse_excel_serial(46095.5, TimeContext(provider_zone="UTC"))
    assert (r.tz_source, r.flags) == ("provider_default", ("assumed_zone",))
    # 2026-11-01 01:30 in New York happened twice
    r = parse_excel_serial(46327 + 1.5 / 24, NY)
    assert r.flags == ("dst_ambiguous",) and r.candidates == (u("2026-11-01T05:30:00Z"), u("2026-11-01T06:30:00Z"))


def test_excel_raw_text() -> None:
    assert parse_excel_serial(46095.5, DOC_UTC).raw == "46095.5"
    assert parse_excel_serial(46095.5, DOC_UTC, raw="14/03/2026 12:00").raw == "14/03/2026 12:00"
    assert parse_excel_serial(46095, DOC_UTC, False, raw=None).raw == "46095"


@given(st.integers(min_value=61 + 1462, max_value=2_900_000), st.integers(min_value=0, max_value=86_399_999))
def test_excel_serials_property(days: int, ms: int) -> None:
    from decimal import Decimal

    serial = Decimal(days) + Decimal(ms) / Decimal(86_400_000)
    wall = datetime(1899, 12, 30) + timedelta(days=days, milliseconds=ms)
    assert excel_serial_to_wall(serial) == wall
    # the 1904 system is the 1900 system shifted by 1462 days (from 1900-03-01 on)
    assert excel_serial_to_wall(serial - 1462, date1904=True) == wall


# -- unparsed, raw text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["garbage", "not a date", "2026", "2026-03", "Mar 2026", "2026-03-14T09:26:53 extra words here", "yesterday",
     "2026-03-14 09:26:53 +15:00", "14 Marchember 2026", "１２:００", "2026-03-14T09:26:53Z Z Z", "0000-01-01T00:00:00Z"],
)
def test_unparsed(raw: str) -> None:
    r = parse_timestamp(raw, DOC_UTC)
    check_invariants(r)
    assert r.utc is None and r.flags == ("unparsed",) and r.tz_source == "none"
    assert r.note is not None and r.note.startswith("not a recognised date/time")
    assert r.raw == raw


@pytest.mark.parametrize("raw", ["", "   ", "\t\n", "\u00a0"])
def test_empty(raw: str) -> None:
    r = parse_timestamp(raw, DOC_UTC)
    assert r.utc is None and r.flags == ("empty",) and r.raw == raw


def test_weekday_that_contradicts_the_date() -> None:
    r = parse_timestamp("Sun Mar 14 09:26:53 UTC 2026", NONE)  # 14 March 2026 is a Saturday
    check_invariants(r)
    assert r.utc is None and r.flags == ("weekday_mismatch",) and "Saturday" in (r.note or "")
    assert parse_timestamp("Sunday, March 14, 2026 9:26 AM UTC").flags == ("weekday_mismatch",)


def test_raw_is_kept_exactly() -> None:
    raw = "  2026-03-14T09:26:53Z \n"
    assert parse_timestamp(raw).raw == raw


def test_not_text_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse_timestamp(1773480413)  # type: ignore[arg-type]


# -- declared zones in prose -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,zone",
    [
        ("All times are Eastern Time", "America/New_York"),
        ("All times are in Eastern Standard Time", "America/New_York"),
        ("Times shown in Pacific Time (PT)", "America/Los_Angeles"),
        ("PST/PDT", "America/Los_Angeles"),
        ("Timestamps: PST", "America/Los_Angeles"),
        ("Central Time", "America/Chicago"),
        ("CST/CDT", "America/Chicago"),
        ("Mountain", "America/Denver"),
        ("Mountain Time", "America/Denver"),
        ("Login Time (Pacific)", "America/Los_Angeles"),
        ("Eastern", "America/New_York"),
        ("UTC", "UTC"),
        ("All times are UTC.", "UTC"),
        ("GMT", "UTC"),
        ("Coordinated Universal Time", "UTC"),
        ("Time (UTC)", "UTC"),
        ("Times in UTC (UTC+00:00)", "UTC"),
        ("(GMT-05:00)", "-05:00"),
        ("Login Time (GMT-05:00)", "-05:00"),
        ("UTC+2", "+02:00"),
        ("UTC -0500", "-05:00"),
        ("UTC\u221205:00", "-05:00"),
        ("GMT+05:30", "+05:30"),
        ("UTC+0", "UTC"),
        ("(GMT-05:00) Eastern Time (US & Canada)", "America/New_York"),  # Windows: named zone wins
        ("(UTC-04:00) Eastern Time (US & Canada)", "America/New_York"),
        ("CET", "CET"),
        ("Central European Time", "CET"),
        ("CEST", "CET"),
        ("Eastern European Time", "EET"),
        ("BST", "Europe/London"),
        ("UK time", "Europe/London"),
        ("British Summer Time", "Europe/London"),
        ("India Standard Time", "Asia/Kolkata"),
        ("America/Chicago", "America/Chicago"),
        ("Times are America/New_York", "America/New_York"),
        ("US/Pacific", "America/Los_Angeles"),
        ("Etc/GMT+5", "Etc/GMT+5"),  # IANA name (UTC-05:00), not "GMT+5"
        ("Alaska Time", "America/Anchorage"),
        ("Hawaii Standard Time", "Pacific/Honolulu"),
    ],
)
def test_zone_from_text(text: str, zone: str) -> None:
    assert zone_from_text(text) == zone
    assert canonical_zone(zone) == zone  # always a form TimeContext takes


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "IST",  # India, Ireland or Israel
        "All times IST",
        "Records produced by the custodian",
        "1600 Amphitheatre Parkway, Mountain View, CA 94043",  # Google's address
        "United States District Court, Central District of California",
        "Eastern District of Virginia",
        "Hartford, CT 06103",
        "Asia Pacific region",
        "All times are Pacific Time, not UTC",  # two zones
        "Eastern Time and Central Time",
        "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",  # Windows standard offset only
        "(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London",
        "UTC+15",
        "(GMT-07:00) Eastern Time (US & Canada)",  # offset matches neither EST nor EDT
    ],
)
def test_zone_from_text_refuses_when_unsure(text: str | None) -> None:
    assert zone_from_text(text) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name,canonical",
    [
        ("UTC", "UTC"), ("utc", "UTC"), ("Z", "UTC"), ("GMT", "UTC"), ("Etc/UTC", "UTC"), ("+00:00", "UTC"),
        ("+05:30", "+05:30"), ("-0800", "-08:00"), ("UTC+2", "+02:00"), ("GMT-05:00", "-05:00"), ("+14:00", "+14:00"),
        ("America/New_York", "America/New_York"), ("america/new_york", "America/New_York"), (" Europe/London ", "Europe/London"),
        ("CET", "CET"), ("EST", "EST"),
        ("localtime", None), ("posixrules", None), ("right/UTC", None), ("posix/UTC", None), ("Factory", None),
        ("+14:30", None), ("+05:60", None), ("Mars/Base", None), ("", None), ("../etc/passwd", None), (None, None),
    ],
)
def test_canonical_zone(name: str | None, canonical: str | None) -> None:
    assert canonical_zone(name) == canonical


def test_check_zone_raises_a_returns_error() -> None:
    assert check_zone("Europe/London") == "Europe/London"
    with pytest.raises(ZoneError) as err:
        check_zone("Eastern Time")
    assert isinstance(err.value, ReturnsError) and isinstance(err.value, ValueError)
    assert err.value.code == "UNKNOWN_TIMEZONE" and err.value.hint


def test_tzdata_is_available() -> None:
    assert ZoneInfo("America/New_York").utcoffset(datetime(2026, 1, 14)) == timedelta(hours=-5)
    version = tzdata_version()
    assert version is None or version[:4].isdigit()


# -- host independence -------------------------------------------------------------------------

_BATCH = r"""
import json, sys
from pipeline.normalize import *
ctxs = [TimeContext(), TimeContext(document_zone="America/New_York"), TimeContext(analyst_zone="Europe/London"),
        TimeContext(provider_zone="+05:30", day_first=True), TimeContext(epoch_unit="ms")]
raws = ["2026-03-14 09:26:53", "2026-03-14T09:26:53Z", "2026-11-01 01:30:00", "2026-03-08 02:30:00", "2026-03-14",
        "04/03/2026 09:26", "Mar 14, 2026 9:26:53 AM PST", "1773480413", "1773480413000", "Sat Mar 14 09:26:53 UTC 2026",
        "2026-03-14 09:26:53 IST", "12:00 AM 01/14/2026", "garbage"]
out = [repr(parse_timestamp(r, c)) for r in raws for c in ctxs]
out += [repr(parse_excel_serial(s, c)) for s in (0.5, 59, 60, 61, 46095.39366898148) for c in ctxs]
out += [repr(zone_from_text(t)) for t in ("Eastern Time", "UTC+2", "CET")]
json.dump(out, sys.stdout)
"""


def _batch_under(tz: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TZ", "PYTHONTZPATH")}
    env["TZ"] = tz
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, "-c", _BATCH], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_results_do_not_depend_on_the_host_time_zone() -> None:
    utc = _batch_under("UTC")
    assert len(utc) == 13 * 5 + 5 * 5 + 3
    assert _batch_under("Asia/Kolkata") == utc
    assert _batch_under("America/New_York") == utc
    assert _batch_under("Pacific/Chatham") == utc


# -- properties --------------------------------------------------------------------------------

FUZZ_ALPHABET = "0123456789 :-/.,+TZAPMapmUTCGESDTJanFebMarSatSun()[]%x#\u2212\u00a0\u202fé１"
contexts = st.builds(
    TimeContext,
    document_zone=st.sampled_from([None, "UTC", "America/New_York", "+05:30", "bogus", ""]),
    analyst_zone=st.sampled_from([None, "Europe/London", "Australia/Lord_Howe"]),
    provider_zone=st.sampled_from([None, "Asia/Tokyo"]),
    day_first=st.sampled_from([None, True, False]),
    epoch_unit=st.sampled_from([None, "s", "ms", "us", "ns", "bad"]),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=80), st.text(alphabet=FUZZ_ALPHABET, max_size=40)), contexts)
def test_parse_timestamp_never_raises(raw: str, ctx: TimeContext) -> None:
    r = parse_timestamp(raw, ctx)
    check_invariants(r)
    assert r.raw == raw
    parse_excel_serial(raw, ctx)
    zone = zone_from_text(raw)
    assert zone is None or canonical_zone(zone) == zone
    decide_day_first([raw])
    decide_epoch_unit([raw])


instants = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC))


@given(instants, st.integers(min_value=-14 * 4, max_value=14 * 4))
def test_iso_round_trip_with_any_offset(instant: datetime, quarter_hours: int) -> None:
    offset = timezone(timedelta(minutes=15 * quarter_hours))
    text = instant.astimezone(offset).isoformat()
    assert parse_timestamp(text).utc == instant


@given(instants, st.sampled_from(list(EPOCHS)))
def test_epoch_round_trip(instant: datetime, unit_text: tuple[str, str]) -> None:
    unit = unit_text[0]
    per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[unit]
    micros = (instant - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    if unit == "s":
        assume(micros % 1_000_000 == 0)
    if unit == "ms":
        assume(micros % 1_000 == 0)
    value = micros * per_second // 1_000_000
    assert parse_timestamp(str(value), TimeContext(epoch_unit=unit)).utc == instant
    assert parse_timestamp(str(value)).utc == instant


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)),
       st.sampled_from(["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata",
                        "Pacific/Chatham", "America/St_Johns", "Africa/Casablanca"]),
       st.booleans())
def test_wall_times_in_named_zones(wall: datetime, zone: str, in_value: bool) -> None:
    wall = wall.replace(microsecond=0)
    if in_value:
        r = parse_timestamp(f"{wall.isoformat(sep=' ')} {zone}", NONE)
        assert r.tz_source == "value"
    else:
        r = parse_timestamp(wall.isoformat(sep=" "), TimeContext(document_zone=zone))
        assert r.tz_source == "document"
    check_invariants(r)
    tz = ZoneInfo(zone)
    if r.utc is not None:
        assert r.utc.astimezone(tz).replace(tzinfo=None) == wall  # round trip
        assert r.flags == ()
    else:
        assert r.flags in (("dst_ambiguous",), ("dst_nonexistent",))
        assert len(r.candidates) == 2
        ok = [c.astimezone(tz).replace(tzinfo=None) == wall for c in r.candidates]
        assert all(ok) if r.flags == ("dst_ambiguous",) else not any(ok)


def test_ambiguous_date_followed_by_garbage_is_unparsed() -> None:
    assert parse_timestamp("04/03/2026 garbage!!", DOC_UTC).flags == ("unparsed",)
    assert parse_timestamp("09:26:53 04/03/2026 ??", DOC_UTC).flags == ("unparsed",)
    assert parse_timestamp("09:26:53 04/03/2026", DOC_UTC).flags == ("ambiguous_date_order",)
    assert parse_timestamp("04/03/2026", DOC_UTC).flags == ("ambiguous_date_order",)


def test_every_flag_can_be_produced() -> None:
    seen: set[str] = set()
    for raw, ctx in [
        ("", NONE), ("garbage", NONE), ("2026-03-14 09:26", NONE), ("2026-03-14", NONE), ("09:26:53", NONE),
        ("04/03/2026 09:26:53", NONE), ("03/14/2026 09:26:53", TimeContext(day_first=True)), ("03/14/26 09:26:53", NONE),
        ("2026-03-14 09:26:53 IST", NONE), ("2026-03-14 09:26:53 XYZ", NONE), ("2026-01-14 09:26:53 PDT", NONE),
        ("2026-11-01 01:30:00", NY), ("2026-03-08 02:30:00", TimeContext(analyst_zone="America/New_York")),
        ("1773480413", NONE), ("1773480413", TimeContext(epoch_unit="ms")), ("1773480413", TimeContext(epoch_unit="x")),
        ("2026-03-14T09:26:53.123456789Z", NONE), ("2016-12-31 23:59:60Z", NONE), ("Sun Mar 14 09:26:53 UTC 2026", NONE),
    ]:
        seen |= set(parse_timestamp(raw, ctx).flags)
    seen |= set(parse_excel_serial(60, NONE).flags)
    assert seen == set(TIME_FLAGS)


@pytest.mark.parametrize(("text", "zone"), [
    ("Alle Zeiten in MEZ", "CET"),
    ("MESZ", "CET"),
    ("Alle Zeitangaben in mitteleuropäischer Zeit", "CET"),
    ("Toutes les heures sont en heure d'Europe centrale", "CET"),
    ("heure de Paris", "Europe/Paris"),
])
def test_german_and_french_zone_names(text: str, zone: str) -> None:
    assert zone_from_text(text) == zone


def test_mez_in_a_value_is_a_fixed_offset() -> None:
    t = parse_timestamp("07.01.2026 22:41:19 MEZ", TimeContext(day_first=True))
    assert t.utc == datetime(2026, 1, 7, 21, 41, 19, tzinfo=timezone.utc) and "zone_abbreviation" in t.flags


@pytest.mark.parametrize(("text", "want"), [
    ("7 février 2026 à 22:41:19 CET", datetime(2026, 2, 7, 21, 41, 19, tzinfo=timezone.utc)),
    ("7. Januar 2026 um 22:41 Uhr MEZ", datetime(2026, 1, 7, 21, 41, tzinfo=timezone.utc)),
    ("1er janvier 2026 10:00 UTC", datetime(2026, 1, 1, 10, 0, tzinfo=timezone.utc)),
    ("7 de enero de 2026 22:41 UTC", datetime(2026, 1, 7, 22, 41, tzinfo=timezone.utc)),
    ("7 gennaio 2026 alle 10:00 UTC", datetime(2026, 1, 7, 10, 0, tzinfo=timezone.utc)),
    ("7 maart 2026 10:00 UTC", datetime(2026, 3, 7, 10, 0, tzinfo=timezone.utc)),
    ("7 de março de 2026 10:00 UTC", datetime(2026, 3, 7, 10, 0, tzinfo=timezone.utc)),
])
def test_month_names_of_mla_languages(text: str, want: datetime) -> None:
    assert parse_timestamp(text, TimeContext()).utc == want


def test_uhr_is_not_a_zone() -> None:
    t = parse_timestamp("07.01.2026 22:41:19 Uhr", TimeContext(day_first=True))
    assert "unknown_zone" not in t.flags and "no_zone" in t.flags
