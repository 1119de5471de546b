"""Tests for pipeline.requests: parsing and validation of legal requests (synthetic data only)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.errors import ReturnsError
from pipeline.requests import (
    KIND_ALIASES,
    KNOWN_TARGET_TYPES,
    REQUEST_KINDS,
    SERVICE_TARGET_TYPES,
    RequestSpec,
    Target,
    build_request,
    normalize_target,
    normalize_target_with_warnings,
    parse_date,
    parse_kind,
    parse_target,
    read_request_csv,
)

HEADER = "request_id,kind,provider,case_number,sent_on,targets,date_from,date_to"


def raises(code: str, func, *args, **kwargs) -> ReturnsError:
    with pytest.raises(ReturnsError) as info:
        func(*args, **kwargs)
    assert info.value.code == code, info.value.render()
    return info.value


def write(tmp_path: Path, text: str, name: str = "requests.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# -- kinds ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", REQUEST_KINDS)
def test_every_kind_accepted_in_any_case(kind):
    assert parse_kind(kind) == kind
    assert parse_kind(kind.upper()) == kind
    assert parse_kind(f"  {kind.title()} ") == kind
    assert parse_kind(kind.replace("_", "-")) == kind
    assert parse_kind(kind.replace("_", " ")) == kind


@pytest.mark.parametrize(
    "alias, kind",
    [
        ("mlat", "mla"),
        ("MLAT", "mla"),
        ("mutual_legal_assistance", "mla"),
        ("Mutual Legal Assistance", "mla"),
        ("mutual-legal-assistance", "mla"),
        ("emergency", "emergency_disclosure"),
        ("EDR", "emergency_disclosure"),
        ("edr", "emergency_disclosure"),
        ("preservation_request", "preservation"),
        ("Preservation Request", "preservation"),
        ("2703f", "preservation"),
        ("2703(f)", "preservation"),
        ("2703 f", "preservation"),
        ("Search-Warrant", "warrant"),
        ("searchwarrant", "warrant"),
        ("court_order", "production_order"),
        ("Court Order", "production_order"),
        ("court-order", "production_order"),
        ("production", "production_order"),
        ("search_warrant", "warrant"),
        ("Search Warrant", "warrant"),
        ("search-warrant", "warrant"),
        ("voluntary", "voluntary_disclosure"),
        ("Voluntary", "voluntary_disclosure"),
    ],
)
def test_kind_aliases(alias, kind):
    assert parse_kind(alias) == kind
    assert build_request("R-1", alias, "Google", []).kind == kind


def test_every_alias_maps_to_a_real_kind():
    for alias, kind in KIND_ALIASES.items():
        assert kind in REQUEST_KINDS
        assert parse_kind(alias) == kind


@pytest.mark.parametrize("bad", ["warrent", "letter", "", "   "])
def test_unknown_kind_lists_valid_kinds(bad):
    err = raises("REQUEST_INVALID_KIND", parse_kind, bad)
    for kind in REQUEST_KINDS:
        assert kind in err.message
    assert f"(value: '{bad}')" in err.message
    err = raises("REQUEST_INVALID_KIND", build_request, "R-1", bad, "Google", [])
    assert "production_order" in err.message


# -- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-04", "2026-03-04"),
        (" 2026-03-04 ", "2026-03-04"),
        ("2024-02-29", "2024-02-29"),
        ("2026-12-31", "2026-12-31"),
        ("2000-01-01", "2000-01-01"),
    ],
)
def test_valid_dates(text, expected):
    assert parse_date(text, "sent_on") == expected


def test_invalid_day_of_month():
    err = raises("REQUEST_INVALID_DATE", parse_date, "2026-02-30", "sent_on")
    assert "sent_on" in err.message
    assert "'2026-02-30'" in err.message
    assert "February 2026" in err.message and "28" in err.message
    err = raises("REQUEST_INVALID_DATE", parse_date, "2025-02-29", "date_to")
    assert "date_to" in err.message
    raises("REQUEST_INVALID_DATE", parse_date, "2026-04-31", "sent_on")
    raises("REQUEST_INVALID_DATE", parse_date, "2026-01-00", "sent_on")


def test_invalid_month():
    err = raises("REQUEST_INVALID_DATE", parse_date, "2026-13-01", "date_from")
    assert "date_from" in err.message and "13" in err.message
    raises("REQUEST_INVALID_DATE", parse_date, "2026-00-10", "date_from")


def test_ambiguous_slash_date_offers_both_readings():
    err = raises("REQUEST_INVALID_DATE", parse_date, "03/04/2026", "sent_on")
    assert "ambiguous" in err.message
    assert "2026-04-03" in err.message and "2026-03-04" in err.message
    assert "sent_on" in err.message and "'03/04/2026'" in err.message


@pytest.mark.parametrize(
    "text, suggestion",
    [
        ("13/04/2026", "2026-04-13"),  # only day-first makes sense
        ("04/13/2026", "2026-04-13"),  # only month-first makes sense
        ("05/05/2026", "2026-05-05"),  # both readings are the same day
        ("3.4.2026", None),  # dotted: ambiguous
        ("2026/03/04", "2026-03-04"),
        ("2026/3/4", "2026-03-04"),
        ("2026-3-4", "2026-03-04"),
        ("20260304", "2026-03-04"),
    ],
)
def test_other_date_forms_rejected_with_iso_suggestion(text, suggestion):
    err = raises("REQUEST_INVALID_DATE", parse_date, text, "sent_on")
    assert f"'{text}'" in err.message
    if suggestion:
        assert f"write {suggestion}" in err.message
    else:
        assert "ambiguous" in err.message


@pytest.mark.parametrize(
    "text",
    ["2026-03-04T10:00", "2026-03-04T10:00:00Z", "2026-03-04T10:00:00+02:00", "2026-03-04 10:00"],
)
def test_times_are_rejected(text):
    err = raises("REQUEST_INVALID_DATE", parse_date, text, "sent_on")
    assert "time of day" in err.message
    assert "2026-03-04" in err.message


@pytest.mark.parametrize("text", ["04/03/26", "hello", "", "2026", "2026-03", "March 4 2026", "99/99/2026"])
def test_non_dates_rejected(text):
    err = raises("REQUEST_INVALID_DATE", parse_date, text, "nondisclosure_until")
    assert "nondisclosure_until" in err.message
    assert "YYYY-MM-DD" in err.message


def test_two_digit_year_message():
    err = raises("REQUEST_INVALID_DATE", parse_date, "04/03/26", "sent_on")
    assert "two-digit year" in err.message


def test_date_from_after_date_to():
    err = raises(
        "REQUEST_INVALID_DATES",
        build_request,
        "R-1",
        "warrant",
        "Google",
        [],
        date_from="2026-03-05",
        date_to="2026-03-04",
    )
    assert "2026-03-05" in err.message and "2026-03-04" in err.message
    assert "date_from" in err.message and "date_to" in err.message


def test_date_range_same_day_and_open_ended_ok():
    spec = build_request("R-1", "warrant", "Google", [], date_from="2026-03-04", date_to="2026-03-04")
    assert (spec.date_from, spec.date_to) == ("2026-03-04", "2026-03-04")
    spec = build_request("R-1", "warrant", "Google", [], date_from="2026-03-04")
    assert spec.date_to is None
    spec = build_request("R-1", "warrant", "Google", [], date_to="2026-03-04", date_from="")
    assert spec.date_from is None


def test_bad_date_in_build_request_names_field():
    err = raises(
        "REQUEST_INVALID_DATE", build_request, "R-1", "warrant", "Google", [], sent_on="2026-02-30"
    )
    assert "sent_on" in err.message and "'2026-02-30'" in err.message
    err = raises(
        "REQUEST_INVALID_DATE",
        build_request,
        "R-1",
        "warrant",
        "Google",
        [],
        nondisclosure_until="31/12/2026",
    )
    assert "nondisclosure_until" in err.message and "2026-12-31" in err.message


# -- targets: parsing -----------------------------------------------------------------


def test_target_split_on_first_colon_only():
    t = parse_target("url:https://x.example.com/a")
    assert (t.target_type, t.value, t.normalized) == ("url", "https://x.example.com/a", "https://x.example.com/a")
    t = parse_target("ip:2001:db8::1")
    assert (t.target_type, t.value, t.normalized) == ("ip", "2001:db8::1", "2001:db8::1")


def test_target_type_lower_cased_and_value_stripped_only():
    t = parse_target("  EMAIL :  Someone@Example.COM  ")
    assert t.target_type == "email"
    assert t.value == "Someone@Example.COM"
    assert t.normalized == "someone@example.com"
    assert t.known_type is True
    assert t.warnings == ()
    assert t.text == "email:Someone@Example.COM"


@pytest.mark.parametrize("text", ["someone@example.com", "+12025550143", "", "   ", "email:", "email:   ", ":someone@example.com"])
def test_bad_target_forms(text):
    err = raises("REQUEST_INVALID_TARGET", parse_target, text)
    assert "TYPE:VALUE" in err.message
    assert "email:someone@example.com" in err.message  # an example
    if text.strip():
        assert f"'{text.strip()}'" in err.message


def test_unknown_type_kept_with_warning():
    t = parse_target("MySpace:Some.User")
    assert t.target_type == "myspace"
    assert t.value == "Some.User"
    assert t.normalized == "Some.User"
    assert t.known_type is False
    assert t.warnings == ("target type 'myspace' is not one the tool knows; kept as given",)


def test_unknown_type_warning_suggests_likely_meaning():
    t = parse_target("msisdn:+12025550143")
    assert not t.known_type
    assert "did you mean phone:+12025550143" in t.warnings[0]
    t = parse_target("https://x.example.com/a")
    assert not t.known_type
    assert "url:https://x.example.com/a" in t.warnings[0]
    t = parse_target("2001:db8::1")
    assert "ip:2001:db8::1" in t.warnings[0]


@pytest.mark.parametrize("ttype", KNOWN_TARGET_TYPES + SERVICE_TARGET_TYPES)
def test_every_known_and_service_type_is_known(ttype):
    sample = {
        "email": "someone@example.com",
        "phone": "+12025550143",
        "ip": "192.0.2.1",
        "imei": "490154203237518",
        "imsi": "310150123456789",
        "url": "https://example.com/",
        "domain": "example.com",
    }.get(ttype, "someone")
    t = parse_target(f"{ttype.upper()}:{sample}")
    assert t.target_type == ttype
    assert t.known_type is True
    assert t.warnings == ()


def test_control_characters_rejected():
    err = raises("REQUEST_INVALID_TARGET", parse_target, "email:some\tone@example.com")
    assert "control character" in err.message
    assert "\\t" in err.message


def test_target_dataclass_is_frozen():
    t = parse_target("email:a@example.com")
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.value = "x"  # type: ignore[misc]


# -- targets: normalisation -----------------------------------------------------------


def test_email_normalized_lower_case():
    assert normalize_target("email", "  Some.One+Tag@Example.ORG ") == "some.one+tag@example.org"
    assert normalize_target("EMAIL", "A@EXAMPLE.COM") == "a@example.com"


def test_email_without_at_warns():
    t = parse_target("email:someone.example.com")
    assert t.normalized == "someone.example.com"
    assert "does not look like an e-mail" in t.warnings[0]


@pytest.mark.parametrize(
    "value, region",
    [
        ("+1 202 555 0143", None),
        ("+1 202 555 0143", "US"),
        ("+1-202-555-0143", None),
        ("+1 (202) 555-0143", None),
        ("(202) 555-0143", "US"),
        ("202-555-0143", "US"),
        ("202.555.0143", "us"),
        ("1 202 555 0143", "US"),
        ("tel:+1-202-555-0143", None),
    ],
)
def test_phone_normalized_to_e164(value, region):
    normalized, warnings = normalize_target_with_warnings("phone", value, region)
    assert normalized == "+12025550143"
    assert warnings == ()


def test_phone_default_region_from_build_request_and_csv_equal():
    a = parse_target("phone:(202) 555-0143", default_region="US")
    b = parse_target("phone:+1 202 555 0143")
    assert a.normalized == b.normalized == "+12025550143"
    assert a.value == "(202) 555-0143"  # as given


def test_phone_without_country_or_region_is_digits_with_warning():
    t = parse_target("phone:(202) 555-0143")
    assert t.normalized == "2025550143"
    assert len(t.warnings) == 1
    assert "could not be checked" in t.warnings[0]
    assert "no country code" in t.warnings[0]
    assert "'phone:(202) 555-0143'" in t.warnings[0]


def test_phone_invalid_number_keeps_plus_and_digits_with_warning():
    normalized, warnings = normalize_target_with_warnings("phone", "+1 555 0143")
    assert normalized == "+15550143"
    assert "could not be checked" in warnings[0]
    normalized, warnings = normalize_target_with_warnings("phone", "555-0143", "US")
    assert normalized == "5550143"
    assert "could not be checked" in warnings[0]
    # the plain function returns only the text
    assert normalize_target("phone", "555-0143", "US") == "5550143"


def test_phone_leading_zero_preserved_in_value():
    t = parse_target("phone:020 7946 0958", default_region="GB")
    assert t.value == "020 7946 0958"
    assert t.normalized == "+442079460958"


def test_phone_extension_dropped_with_warning():
    t = parse_target("phone:+1 202 555 0143 ext. 12")
    assert t.normalized == "+12025550143"
    assert "extension 12" in t.warnings[0]


def test_phone_without_digits_rejected():
    err = raises("REQUEST_INVALID_TARGET", parse_target, "phone:unknown")
    assert "no digits" in err.message
    assert "'phone:unknown'" in err.message


def test_bad_default_region():
    err = raises("REQUEST_INVALID_REGION", parse_target, "phone:2025550143", default_region="XX")
    assert "'XX'" in err.message
    raises("REQUEST_INVALID_REGION", build_request, "R-1", "warrant", "Google", [], default_region="USA")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("192.0.2.1", "192.0.2.1"),
        (" 198.51.100.7 ", "198.51.100.7"),
        ("203.0.113.255", "203.0.113.255"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:0:0:0:1", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("2001:DB8:85A3::8A2E:370:7334", "2001:db8:85a3::8a2e:370:7334"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("::FFFF:c000:0201", "192.0.2.1"),
        ("0:0:0:0:0:ffff:198.51.100.7", "198.51.100.7"),
        ("192.0.2.0/24", "192.0.2.0/24"),
        ("192.0.2.9/32", "192.0.2.9"),
        ("2001:DB8::/32", "2001:db8::/32"),
        ("2001:db8::5/128", "2001:db8::5"),
    ],
)
def test_ip_normalization(value, expected):
    normalized, warnings = normalize_target_with_warnings("ip", value)
    assert normalized == expected
    assert warnings == ()


def test_ipv6_forms_equal_as_targets():
    forms = [
        "ip:2001:db8::1",
        "ip:2001:DB8::1",
        "ip:2001:0db8:0:0:0:0:0:1",
        "ip:[2001:db8:0000::0001]",
    ]
    assert len({parse_target(f).normalized for f in forms}) == 1


def test_ipv6_zone_id_removed_with_warning():
    t = parse_target("ip:2001:db8::1%eth0")
    assert t.normalized == "2001:db8::1"
    assert t.value == "2001:db8::1%eth0"
    assert "zone '%eth0'" in t.warnings[0]
    t = parse_target("ip:[2001:db8::1%eth0]")
    assert t.normalized == "2001:db8::1"


@pytest.mark.parametrize("value", ["010.1.1.1", "192.0.2.01", "198.051.100.7", "00.0.2.1"])
def test_leading_zero_ipv4_rejected_as_ambiguous(value):
    err = raises("REQUEST_INVALID_TARGET", parse_target, f"ip:{value}")
    assert "ambiguous" in err.message
    assert "octal" in err.message and "decimal" in err.message
    assert "without leading zeros" in err.message
    assert f"'ip:{value}'" in err.message


def test_leading_zero_suggestion():
    err = raises("REQUEST_INVALID_TARGET", parse_target, "ip:192.0.2.01")
    assert "ip:192.0.2.1" in err.message


@pytest.mark.parametrize("value", ["192.0.2", "192.0.2.256", "192.0.2.1:443", "2001:db8:::1", "example.com", "192.0.2.1/33", "192.0.2.1/x"])
def test_invalid_ip_rejected(value):
    err = raises("REQUEST_INVALID_TARGET", parse_target, f"ip:{value}")
    assert f"'ip:{value}'" in err.message


def test_ip_range_with_host_bits_rejected():
    err = raises("REQUEST_INVALID_TARGET", parse_target, "ip:192.0.2.5/24")
    assert "ip:192.0.2.0/24" in err.message and "ip:192.0.2.5" in err.message


@pytest.mark.parametrize(
    "ttype, value, expected",
    [
        ("imei", "490154203237518", "490154203237518"),
        ("imei", "49 015420 323751 8", "490154203237518"),
        ("imei", "49-015420-323751-8", "490154203237518"),
        ("imei", "0490154203237518", "0490154203237518"),
        ("imsi", "310150123456789", "310150123456789"),
        ("imsi", "310 150 123456789", "310150123456789"),
        ("imsi", "001-01-0123456789", "001010123456789"),
    ],
)
def test_imei_imsi_digits_only(ttype, value, expected):
    normalized, warnings = normalize_target_with_warnings(ttype, value)
    assert normalized == expected
    assert warnings == ()


def test_imsi_leading_zeros_preserved_as_text():
    t = parse_target("imsi:001010123456789")
    assert t.value == "001010123456789"
    assert t.normalized == "001010123456789"


@pytest.mark.parametrize("ttype", ["imei", "imsi"])
def test_imei_imsi_letters_rejected(ttype):
    err = raises("REQUEST_INVALID_TARGET", parse_target, f"{ttype}:49015420323751A")
    assert "only digits" in err.message


def test_imei_odd_length_warns():
    t = parse_target("imei:12345")
    assert t.normalized == "12345"
    assert "5 digits" in t.warnings[0]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("https://x.example.com/a", "https://x.example.com/a"),
        ("HTTPS://X.Example.COM/Path/To?Q=A#Frag", "https://x.example.com/Path/To?Q=A#Frag"),
        ("  http://Example.ORG  ", "http://example.org"),
        ("https://User:Secret@Example.COM:8443/A", "https://User:Secret@example.com:8443/A"),
        ("Example.COM/Some/Path", "example.com/Some/Path"),
        ("example.com:8080/A", "example.com:8080/A"),
        ("MAILTO:Some.One@Example.com", "mailto:Some.One@Example.com"),
        ("https://[2001:DB8::1]/X", "https://[2001:db8::1]/X"),
    ],
)
def test_url_scheme_and_host_lower_rest_as_given(value, expected):
    assert normalize_target("url", value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("Example.COM", "example.com"), ("example.com.", "example.com"), (" Sub.Example.ORG. ", "sub.example.org")],
)
def test_domain_normalization(value, expected):
    assert normalize_target("domain", value) == expected


def test_domain_that_is_a_url_warns():
    t = parse_target("domain:https://example.com/a")
    assert "web address" in t.warnings[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("username:@Some.Handle", "some.handle"),
        ("username:Some_User", "some_user"),
        ("instagram:@Some.Handle", "some.handle"),
        ("INSTAGRAM: @Some.Handle ", "some.handle"),
        ("twitter:@SomeUser", "someuser"),
        ("x:@SomeUser", "someuser"),
        ("snapchat:Some.User", "some.user"),
        ("tiktok:@Some_User", "some_user"),
        ("facebook:1000123", "1000123"),
        ("facebook:0001000123", "0001000123"),
        ("discord:SomeUser", "someuser"),
        ("kik:SomeUser", "someuser"),
        ("telegram:@SomeUser", "someuser"),
        ("reddit:SomeUser", "someuser"),
        ("gmail:Some.One@Example.com", "some.one@example.com"),
    ],
)
def test_handles_strip_at_and_lower(text, expected):
    t = parse_target(text)
    assert t.normalized == expected
    assert t.known_type


def test_handle_that_is_only_at_rejected():
    raises("REQUEST_INVALID_TARGET", parse_target, "instagram:@")


def test_account_kept_as_given():
    t = parse_target("account:  00123-AbC  ")
    assert t.value == "00123-AbC"
    assert t.normalized == "00123-AbC"


def test_name_whitespace_collapsed_case_kept():
    assert normalize_target("name", "  Jane   Q\u00a0 Doe ") == "Jane Q Doe"
    t = parse_target("name:Jane   Doe")
    assert t.value == "Jane   Doe"
    assert t.normalized == "Jane Doe"


def test_unknown_type_normalized_is_stripped_value():
    assert normalize_target("myspace", "  Some.User  ") == "Some.User"


# -- build_request ---------------------------------------------------------------------


def test_build_request_full():
    spec = build_request(
        "2026-0042",
        "Search Warrant",
        "Google LLC",
        ["email:Someone@Example.com", "phone:(202) 555-0143", "ip:2001:DB8::1"],
        case_number="00123",
        provider_reference="GG-0001",
        sent_on="2026-03-04",
        date_from="2026-01-01",
        date_to="2026-02-28",
        nondisclosure_until="2026-12-31",
        use_limits="Only for case 00123",
        default_region="US",
    )
    assert isinstance(spec, RequestSpec)
    assert spec.request_id == "2026-0042"
    assert spec.kind == "warrant"
    assert spec.provider == "Google LLC"
    assert spec.case_number == "00123"
    assert spec.provider_reference == "GG-0001"
    assert spec.sent_on == "2026-03-04"
    assert spec.date_from == "2026-01-01"
    assert spec.date_to == "2026-02-28"
    assert spec.nondisclosure_until == "2026-12-31"
    assert spec.use_limits == "Only for case 00123"
    assert [t.normalized for t in spec.targets] == ["someone@example.com", "+12025550143", "2001:db8::1"]
    assert spec.warnings == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.kind = "mla"  # type: ignore[misc]


def test_build_request_minimal_and_blank_optionals_become_none():
    spec = build_request("R-1", "other", "Acme Carrier", [], case_number="", sent_on="  ", use_limits=" ")
    assert spec.targets == ()
    assert spec.case_number is None and spec.sent_on is None and spec.use_limits is None


def test_build_request_gathers_target_warnings():
    spec = build_request("R-1", "preservation", "Meta", ["myspace:abc", "phone:555-0143", "instagram:@x"], default_region="US")
    assert len(spec.warnings) == 2
    assert spec.warnings[0] == "target type 'myspace' is not one the tool knows; kept as given"
    assert "could not be checked" in spec.warnings[1]
    assert spec.targets[0].known_type is False


def test_build_request_repeated_target_listed_once_with_warning():
    spec = build_request(
        "R-1", "warrant", "Google", ["phone:+1 202 555 0143", "phone:(202) 555-0143", "email:A@example.com", "email:a@EXAMPLE.com"],
        default_region="US",
    )
    assert [t.value for t in spec.targets] == ["+1 202 555 0143", "A@example.com"]
    assert len(spec.warnings) == 2
    assert "is the same as 'phone:+1 202 555 0143'" in spec.warnings[0]


def test_same_value_different_types_are_different_targets():
    spec = build_request("R-1", "warrant", "Google", ["username:someone", "instagram:someone"])
    assert len(spec.targets) == 2


@pytest.mark.parametrize(
    "request_id, part",
    [
        ("", "empty"),
        (" R-1", "spaces at the start or end"),
        ("R-1 ", "spaces at the start or end"),
        ("R\t1", "control character"),
        ("R\n1", "control character"),
        ("R\u00a01", "non-breaking space"),
        ("R" * 201, "201 characters"),
    ],
)
def test_bad_request_ids(request_id, part):
    err = raises("REQUEST_INVALID_ID", build_request, request_id, "warrant", "Google", [])
    assert part in err.message


def test_request_id_kept_exactly():
    assert build_request("0042", "warrant", "Google", []).request_id == "0042"
    assert build_request("R" * 200, "warrant", "Google", []).request_id == "R" * 200
    assert build_request("Case 12 / Req 3", "warrant", "Google", []).request_id == "Case 12 / Req 3"


@pytest.mark.parametrize("provider", ["", "   "])
def test_empty_provider_rejected(provider):
    err = raises("REQUEST_INVALID_PROVIDER", build_request, "R-1", "warrant", provider, [])
    assert "provider" in err.message


def test_provider_kept_as_given():
    assert build_request("R-1", "warrant", "Meta Platforms, Inc.", []).provider == "Meta Platforms, Inc."


def test_bad_target_in_build_request():
    err = raises("REQUEST_INVALID_TARGET", build_request, "R-1", "warrant", "Google", ["ip:010.1.1.1"])
    assert "ambiguous" in err.message


def test_build_request_rejects_single_string_targets():
    with pytest.raises(TypeError):
        build_request("R-1", "warrant", "Google", "email:a@example.com")


def test_build_request_accepts_generator():
    spec = build_request("R-1", "warrant", "Google", (f"ip:192.0.2.{i}" for i in range(3)))
    assert [t.normalized for t in spec.targets] == ["192.0.2.0", "192.0.2.1", "192.0.2.2"]


def test_error_render_is_readable():
    err = raises("REQUEST_INVALID_KIND", build_request, "R-1", "warrent", "Google", [])
    text = err.render()
    assert text.startswith("Error REQUEST_INVALID_KIND: ")
    assert "Next: " in text


# -- CSV import ------------------------------------------------------------------------


GOOD_CSV = (
    HEADER
    + "\n"
    + "R-001,warrant,Google,00123,2026-03-04,email:someone@example.com;phone:(202) 555-0143,2026-01-01,2026-02-28\n"
    + "R-002,MLAT,Meta,00123,,instagram:@Some.Handle,,\n"
    + "\n"
    + "0003,2703(f),Acme Carrier,,2026-03-05,,,\n"
)


def test_csv_good_file(tmp_path):
    specs = read_request_csv(write(tmp_path, GOOD_CSV), default_region="US")
    assert [s.request_id for s in specs] == ["R-001", "R-002", "0003"]
    first, second, third = specs
    assert first.kind == "warrant"
    assert first.case_number == "00123"
    assert first.sent_on == "2026-03-04"
    assert (first.date_from, first.date_to) == ("2026-01-01", "2026-02-28")
    assert [t.normalized for t in first.targets] == ["someone@example.com", "+12025550143"]
    assert second.kind == "mla"
    assert second.sent_on is None and second.date_from is None
    assert second.targets[0].normalized == "some.handle"
    assert third.kind == "preservation"
    assert third.targets == ()
    assert third.case_number is None
    assert all(isinstance(s, RequestSpec) for s in specs)


def test_csv_bom_and_crlf(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_CSV.replace("\n", "\r\n").encode("utf-8"))
    specs = read_request_csv(path, default_region="US")
    assert [s.request_id for s in specs] == ["R-001", "R-002", "0003"]


def test_csv_header_any_order_case_and_spaces_optional_columns(tmp_path):
    text = (
        " Targets , DATE_TO,date_from, Provider ,KIND,Request_ID,sent_on,case_number,use_limits,NonDisclosure_Until,provider_reference\n"
        "ip:192.0.2.1,2026-02-28,2026-01-01,Google,warrant,R-1,2026-03-04,C-9,\"Only case C-9, nothing else\",2027-01-01,GG-77\n"
    )
    (spec,) = read_request_csv(write(tmp_path, text))
    assert spec.request_id == "R-1"
    assert spec.provider == "Google"
    assert spec.use_limits == "Only case C-9, nothing else"
    assert spec.nondisclosure_until == "2027-01-01"
    assert spec.provider_reference == "GG-77"
    assert spec.targets[0].normalized == "192.0.2.1"


def test_csv_quoted_targets_with_semicolons_and_commas(tmp_path):
    text = (
        HEADER + "\n"
        'R-1,warrant,"Meta Platforms, Inc.",,,"email:a@example.org; facebook:1000123 ;url:https://x.example.com/a?b=1,2;",,\n'
    )
    (spec,) = read_request_csv(write(tmp_path, text))
    assert spec.provider == "Meta Platforms, Inc."
    assert [t.text for t in spec.targets] == [
        "email:a@example.org",
        "facebook:1000123",
        "url:https://x.example.com/a?b=1,2",
    ]


def test_csv_targets_on_separate_lines_inside_a_cell(tmp_path):
    text = HEADER + '\nR-1,warrant,Google,,,"email:a@example.com\nip:192.0.2.1",,\n'
    (spec,) = read_request_csv(write(tmp_path, text))
    assert [t.normalized for t in spec.targets] == ["a@example.com", "192.0.2.1"]


def test_csv_identifiers_stay_text(tmp_path):
    text = HEADER + "\n007,warrant,Google,000123,,imsi:001010123456789;facebook:0001000123,,\n"
    (spec,) = read_request_csv(write(tmp_path, text))
    assert spec.request_id == "007"
    assert spec.case_number == "000123"
    assert [t.value for t in spec.targets] == ["001010123456789", "0001000123"]


def test_csv_warnings_carried(tmp_path):
    text = HEADER + "\nR-1,warrant,Google,,,myspace:abc,,\n"
    (spec,) = read_request_csv(write(tmp_path, text))
    assert spec.warnings == ("target type 'myspace' is not one the tool knows; kept as given",)


def test_csv_bad_rows_all_reported_with_line_numbers(tmp_path):
    text = (
        HEADER + "\n"  # line 1
        "R-1,warrant,Google,,2026-03-04,email:a@example.com,,\n"  # line 2 ok
        "R-2,warrent,Google,,,,,\n"  # line 3 bad kind
        "\n"  # line 4 blank
        "R-3,warrant,Google,,03/04/2026,,,\n"  # line 5 ambiguous date
        'R-4,warrant,Google,,,,,"2026-03-04\nspanning\nthree lines"\n'  # line 6-8: bad date_to
        'R-4b,warrant,Google,,,,,,"extra"\n'  # line 9: too many values
        "R-5,warrant,Google,,,ip:010.1.1.1,,\n"  # line 10 leading zero ip
        "R-6,warrant,Google,,,,2026-03-05,2026-03-04\n"  # line 11 from > to
        "R-7,warrant,,,,nocolon,,\n"  # line 12 two problems
    )
    path = write(tmp_path, text)
    err = raises("REQUEST_CSV_INVALID", read_request_csv, path)
    lines = err.message.splitlines()[1:]
    assert lines[0].startswith("line 3: kind is not a request kind") and lines[0].endswith("(value: 'warrent')")
    assert lines[1].startswith("line 5: sent_on is ambiguous") and "(value: '03/04/2026')" in lines[1]
    assert "2026-04-03" in lines[1] and "2026-03-04" in lines[1]
    assert lines[2] == (
        "line 6: date_to is not a date in the form YYYY-MM-DD (e.g. 2026-03-04) "
        "(value: '2026-03-04\\nspanning\\nthree lines')"
    )
    assert lines[3].startswith("line 9: has 9 values but the header has 8 columns")
    assert lines[4].startswith("line 10: IP address has a leading zero") and lines[4].endswith("(value: 'ip:010.1.1.1')")
    assert lines[5].startswith("line 11: date_from 2026-03-05 is after date_to 2026-03-04")
    assert lines[6].startswith("line 12: provider is empty")
    assert lines[7].startswith("line 12: target has no type") and lines[7].endswith("(value: 'nocolon')")
    assert len(lines) == 8
    assert "7 lines" in err.message.splitlines()[0]
    assert err.kept == "nothing was imported"
    assert err.hint and "import it again" in err.hint


def test_csv_line_numbers_after_quoted_multiline_field(tmp_path):
    text = (
        HEADER + ",use_limits\n"  # line 1
        'R-1,warrant,Google,,,,,,"first line\nsecond line\nthird line"\n'  # lines 2-4 ok
        "R-2,subpoena,Google,,2026-02-30,,,,\n"  # line 5 bad date
        'R-3,"search\nwarrant",Google,,,,,,\n'  # lines 6-7 ok (kind with a line break -> underscore)
        "R-4,warrant,Google,,,email:,,,\n"  # line 8 empty target value
    )
    err = raises("REQUEST_CSV_INVALID", read_request_csv, write(tmp_path, text))
    lines = err.message.splitlines()[1:]
    assert len(lines) == 2
    assert lines[0].startswith("line 5: sent_on is not a real date") and "(value: '2026-02-30')" in lines[0]
    assert lines[1].startswith("line 8: target has nothing after the ':'") and "(value: 'email:')" in lines[1]


def test_csv_multiline_field_row_itself_reported_at_its_first_line(tmp_path):
    text = (
        HEADER + ",use_limits\n"
        "R-1,warrant,Google,,,,,,\n"  # line 2
        'R-2,warrent,Google,,,,,,"a\nb"\n'  # lines 3-4
        "R-3,warrant,Google,,bad,,,,\n"  # line 5
    )
    err = raises("REQUEST_CSV_INVALID", read_request_csv, write(tmp_path, text))
    lines = err.message.splitlines()[1:]
    assert lines[0].startswith("line 3: kind")
    assert lines[1].startswith("line 5: sent_on")


def test_csv_duplicate_request_id_names_first_line(tmp_path):
    text = (
        HEADER + "\n"
        "R-1,warrant,Google,,,,,\n"  # line 2
        "R-2,warrant,Google,,,,,\n"  # line 3
        "R-1,subpoena,Meta,,,,,\n"  # line 4
        "R-1,subpoena,Meta,,,,,\n"  # line 5
    )
    err = raises("REQUEST_CSV_INVALID", read_request_csv, write(tmp_path, text))
    lines = err.message.splitlines()[1:]
    assert lines == [
        "line 4: request_id is already used on line 2; each request needs its own identifier (value: 'R-1')",
        "line 5: request_id is already used on line 2; each request needs its own identifier (value: 'R-1')",
    ]


def test_csv_cells_are_stripped(tmp_path):
    text = HEADER + "\n R-1 , warrant , Google , C 1 , 2026-03-04 , email:a@example.com ,,\n"
    (spec,) = read_request_csv(write(tmp_path, text))
    assert (spec.request_id, spec.provider, spec.case_number, spec.sent_on) == ("R-1", "Google", "C 1", "2026-03-04")


def test_csv_missing_columns(tmp_path):
    text = "request_id,kind,provider,targets\nR-1,warrant,Google,\n"
    err = raises("REQUEST_CSV_HEADER", read_request_csv, write(tmp_path, text))
    assert "missing column(s): case_number, sent_on, date_from, date_to" in err.message
    assert HEADER in err.message
    assert err.kept == "nothing was imported"


def test_csv_unknown_and_repeated_columns(tmp_path):
    text = HEADER + ",notes,kind\n"
    err = raises("REQUEST_CSV_HEADER", read_request_csv, write(tmp_path, text))
    assert "unknown column(s): 'notes'" in err.message
    assert "given twice: kind" in err.message


def test_csv_semicolon_separated_file_gets_a_hint(tmp_path):
    text = HEADER.replace(",", ";") + "\nR-1;warrant;Google;;;;;\n"
    err = raises("REQUEST_CSV_HEADER", read_request_csv, write(tmp_path, text))
    assert "';' between columns" in err.message


def test_csv_empty_file(tmp_path):
    err = raises("REQUEST_CSV_HEADER", read_request_csv, write(tmp_path, "\n\n"))
    assert HEADER in err.message


def test_csv_header_only_gives_no_requests(tmp_path):
    assert read_request_csv(write(tmp_path, HEADER + "\n")) == []


def test_csv_blank_and_empty_cell_lines_ignored(tmp_path):
    text = HEADER + "\n\n,,,,,,,\nR-1,warrant,Google,,,,,\n\n"
    assert [s.request_id for s in read_request_csv(write(tmp_path, text))] == ["R-1"]


def test_csv_trailing_empty_cells_tolerated(tmp_path):
    text = HEADER + "\nR-1,warrant,Google,,,,,,,\n"
    assert len(read_request_csv(write(tmp_path, text))) == 1


def test_csv_short_row_reported(tmp_path):
    text = HEADER + "\nR-1,warrant,Google\n"
    err = raises("REQUEST_CSV_INVALID", read_request_csv, write(tmp_path, text))
    assert "line 2: has 3 values but the header has 8 columns" in err.message


def test_csv_not_utf8(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\nR-1,warrant,Télécom,,,,,\n").encode("latin-1"))
    err = raises("REQUEST_CSV_ENCODING", read_request_csv, path)
    assert "not UTF-8" in err.message
    assert "line 2" in err.message
    assert "UTF-8" in err.hint
    assert err.kept == "nothing was imported"


def test_csv_utf16(tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes((HEADER + "\n").encode("utf-16"))
    err = raises("REQUEST_CSV_ENCODING", read_request_csv, path)
    assert "UTF-16" in err.message
    assert "UTF-8" in err.hint


def test_csv_utf8_non_ascii_ok(tmp_path):
    text = HEADER + "\nR-1,warrant,Télécom Ñ,,,name:José  Müller,,\n"
    (spec,) = read_request_csv(write(tmp_path, text))
    assert spec.provider == "Télécom Ñ"
    assert spec.targets[0].normalized == "José Müller"


def test_csv_malformed_quotes(tmp_path):
    text = HEADER + '\nR-1,warrant,"Goo"gle,,,,,\n'
    err = raises("REQUEST_CSV_INVALID", read_request_csv, write(tmp_path, text))
    assert "line 2" in err.message
    text = HEADER + '\nR-1,warrant,"Google,,,,,\n'
    raises("REQUEST_CSV_INVALID", read_request_csv, write(tmp_path, text, "b.csv"))


def test_csv_missing_file(tmp_path):
    err = raises("REQUEST_CSV_UNREADABLE", read_request_csv, tmp_path / "nope.csv")
    assert "nope.csv" in err.message


def test_csv_value_with_control_chars_shown_escaped(tmp_path):
    text = HEADER + '\nR-1,warrant,Google,,"2026-03-04\n10:00",,,\n'
    err = raises("REQUEST_CSV_INVALID", read_request_csv, write(tmp_path, text))
    assert "(value: '2026-03-04\\n10:00')" in err.message
    assert err.message.count("\n") == 1  # the message has one line per problem


def test_csv_bad_region(tmp_path):
    raises("REQUEST_INVALID_REGION", read_request_csv, write(tmp_path, GOOD_CSV), default_region="ZZ")


def test_target_equality_ignores_warnings():
    a = Target("email", "a@example.com", "a@example.com", True)
    b = Target("email", "a@example.com", "a@example.com", True, ("x",))
    assert a == b
