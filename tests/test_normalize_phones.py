"""Exhaustive tests of pipeline.normalize.phones: E.164 phone numbers and e-mail matching forms.

Synthetic numbers only: NANP 555-01xx (e.g. +1 202 555 0143) and the UK drama range
(020 7946 0xxx).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import ReturnsError
from pipeline.normalize import PHONE_FLAGS, PhoneResult, RegionError, normalize_email, parse_phone


def check_invariants(r: PhoneResult) -> None:
    assert set(r.flags) <= set(PHONE_FLAGS), r.flags
    assert list(r.flags) == sorted(set(r.flags))
    if r.e164 is not None:
        assert r.e164.startswith("+") and r.e164[1:].isdigit() and len(r.e164) <= 16
        assert not {"invalid", "no_country", "unparsed", "empty"} & set(r.flags)
    else:
        assert {"invalid", "no_country", "unparsed", "empty"} & set(r.flags)
    if r.flags:
        assert r.note


PHONES = [
    # raw, default region, e164, flags
    ("+1 202 555 0143", None, "+12025550143", ()),
    ("+1 (202) 555-0143", None, "+12025550143", ()),
    ("+1.202.555.0143", None, "+12025550143", ()),
    ("+12025550143", None, "+12025550143", ()),
    ("  +1 202 555 0143  ", None, "+12025550143", ()),
    ("+1 202\u00a0555\u20110143", None, "+12025550143", ()),  # no-break space, non-breaking hyphen
    ("+1 202 555 0143", "GB", "+12025550143", ()),  # a prefix beats the default region
    ("tel:+1-202-555-0143", None, "+12025550143", ()),
    ("+44 20 7946 0018", None, "+442079460018", ()),
    ("+44 (0) 20 7946 0018", None, "+442079460018", ()),
    ("(202) 555-0143", "US", "+12025550143", ("assumed_region",)),
    ("202-555-0143", "us", "+12025550143", ("assumed_region",)),
    ("1 202 555 0143", "US", "+12025550143", ("assumed_region",)),
    ("2025550143", "CA", "+12025550143", ("assumed_region",)),
    ("020 7946 0018", "GB", "+442079460018", ("assumed_region",)),
    ("00 1 202 555 0143", None, "+12025550143", ("international_prefix",)),
    ("0044 20 7946 0018", "US", "+442079460018", ("international_prefix",)),
    ("011 44 20 7946 0018", None, "+442079460018", ("international_prefix",)),
    ("011 44 20 7946 0018", "US", "+442079460018", ("international_prefix",)),
    ("+1 202 555 0143 ext. 12", None, "+12025550143", ("extension",)),
    ("+1 202 555 0143 x12", None, "+12025550143", ("extension",)),
    ("+1 202 555 0143, ext 4567", None, "+12025550143", ("extension",)),
    ("+1 202 555 0143 #99", None, "+12025550143", ("extension",)),
    ("(202) 555-0143 extension 7", "US", "+12025550143", ("assumed_region", "extension")),
]


@pytest.mark.parametrize("raw,region,e164,flags", PHONES)
def test_phones(raw: str, region: str | None, e164: str, flags: tuple[str, ...]) -> None:
    r = parse_phone(raw, region)
    check_invariants(r)
    assert (r.raw, r.e164, r.flags) == (raw, e164, flags)


def test_extension_is_named_in_the_note() -> None:
    r = parse_phone("+1 202 555 0143 ext. 12")
    assert "12" in (r.note or "") and "dropped" in (r.note or "")


@pytest.mark.parametrize("raw", ["202 555 0143", "(202) 555-0143", "2025550143", "020 7946 0018", "555-0143"])
def test_no_prefix_and_no_region(raw: str) -> None:
    r = parse_phone(raw)
    check_invariants(r)
    assert r.e164 is None and r.flags == ("no_country",)
    digits = "".join(c for c in raw if c.isdigit())
    assert digits in (r.note or "")


@pytest.mark.parametrize(
    "raw,region",
    [
        ("+1 202 555 014", None),  # too short
        ("+1 202 555 01430", None),  # too long
        ("+1 000 555 0143", None),  # no such area code
        ("+999 1234 5678", None),  # no such country
        ("+44 20 7946 001", None),
        ("555 0143", "US"),
        ("0", "US"),
        ("+1", None),
    ],
)
def test_invalid_numbers_keep_their_digits_in_the_note(raw: str, region: str | None) -> None:
    r = parse_phone(raw, region)
    check_invariants(r)
    assert r.e164 is None and "invalid" in r.flags
    digits = "".join(c for c in raw if c.isdigit())
    assert digits in (r.note or "")


def test_011_is_not_an_international_prefix_outside_north_america() -> None:
    # in Japan 011 is the Sapporo area code after the trunk 0
    r = parse_phone("011-555-0143", "JP")
    check_invariants(r)
    assert r.e164 == "+81115550143" and r.flags == ("assumed_region",)


@pytest.mark.parametrize("raw", ["1-800-FLOWERS", "call me", "+1 202 555 0143 (mobile)", "202+555", "+1 202 555 0143 ++",
                                 "２０２５５５０１４３", "---", "()"])
def test_unparsed(raw: str) -> None:
    r = parse_phone(raw, "US")
    check_invariants(r)
    assert r.e164 is None and r.flags == ("unparsed",)


@pytest.mark.parametrize("raw", ["", "   ", "tel:"])
def test_empty(raw: str) -> None:
    r = parse_phone(raw, "US")
    assert r.e164 is None and r.flags == ("empty",)


@pytest.mark.parametrize("region", ["XX", "USA", "1"])
def test_unknown_region_is_a_setting_error(region: str) -> None:
    with pytest.raises(RegionError) as err:
        parse_phone("+1 202 555 0143", region)
    assert isinstance(err.value, ReturnsError) and isinstance(err.value, ValueError)
    assert err.value.code == "UNKNOWN_REGION"


@pytest.mark.parametrize("region", [None, "", "  "])
def test_blank_region_is_no_region(region: str | None) -> None:
    assert parse_phone("202 555 0143", region).flags == ("no_country",)


def test_not_text_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse_phone(2025550143)  # type: ignore[arg-type]


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=40), st.text(alphabet="0123456789+-() .xet#:", max_size=30)),
       st.sampled_from([None, "US", "GB", "DE", "JP"]))
def test_parse_phone_never_raises(raw: str, region: str | None) -> None:
    r = parse_phone(raw, region)
    check_invariants(r)
    assert r.raw == raw


@given(st.integers(min_value=100, max_value=199), st.sampled_from(["202", "415", "312"]))
def test_nanp_fictional_numbers_every_format(last: int, area: str) -> None:
    line = f"0{last}" if last < 1000 else str(last)
    e164 = f"+1{area}555{line}"
    for raw, region in [(f"+1 {area} 555 {line}", None), (f"({area}) 555-{line}", "US"), (f"{area}.555.{line}", "US"),
                        (f"011 1 {area} 555 {line}", None), (f"001{area}555{line}", None)]:
        assert parse_phone(raw, region).e164 == e164, raw


# -- e-mail --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("someone@example.com", "someone@example.com"),
        ("  Someone@Example.COM \n", "someone@example.com"),
        ("First.Last+tag@Example.org", "first.last+tag@example.org"),
        ('"odd@local"@example.com', '"odd@local"@example.com'),
        ("STRASSE@EXAMPLE.DE", "strasse@example.de"),
        ("Straße@example.de", "straße@example.de"),  # lower(), not casefold(): ß is kept
        ("no-at-sign.example.com", None),
        ("", None),
        ("   ", None),
        ("@example.com", None),
        ("someone@", None),
        ("some one@example.com", None),
        ("@", None),
    ],
)
def test_normalize_email(raw: str, expected: str | None) -> None:
    assert normalize_email(raw) == expected


def test_normalize_email_not_text() -> None:
    assert normalize_email(None) is None  # type: ignore[arg-type]


@given(st.text(max_size=40))
def test_normalize_email_never_raises(raw: str) -> None:
    got = normalize_email(raw)
    if got is not None:
        assert "@" in got and got == got.strip() and got == got.lower()


def test_every_flag_can_be_produced() -> None:
    seen: set[str] = set()
    for raw, region in [("(202) 555-0143", "US"), ("", None), ("+1 202 555 0143 x1", None), ("0044 20 7946 0018", None),
                        ("+1 202 555 014", None), ("202 555 0143", None), ("call me", None)]:
        seen |= set(parse_phone(raw, region).flags)
    assert seen == set(PHONE_FLAGS)
