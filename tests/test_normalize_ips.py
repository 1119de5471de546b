"""Exhaustive tests of pipeline.normalize.ips: canonical IP text, ports, classes, flags.

Synthetic addresses only: documentation ranges, 100.64.0.0/10 for CGNAT, 10/8 and
192.168/16 for private space.
"""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import IP_CLASSES, IP_FLAGS, IpResult, ip_class, ip_key, parse_ip


def check_invariants(r: IpResult) -> None:
    assert set(r.flags) <= set(IP_FLAGS), r.flags
    assert list(r.flags) == sorted(set(r.flags))
    if r.ip is None:
        assert r.version is None and r.ip_class is None and r.port is None
        assert r.flags and r.note
    else:
        assert r.ip_class in IP_CLASSES
        assert r.version in (4, 6)
        assert str(ipaddress.ip_address(r.ip)) == r.ip  # already canonical
    if r.port is not None:
        assert 1 <= r.port <= 65535
    if r.flags:
        assert r.note


# -- forms ---------------------------------------------------------------------------------------

FORMS = [
    # raw, port column, ip, port, version, zone, flags
    ("192.0.2.1", None, "192.0.2.1", None, 4, None, ()),
    ("  192.0.2.1\t", None, "192.0.2.1", None, 4, None, ()),
    ("192.0.2.1:443", None, "192.0.2.1", 443, 4, None, ()),
    ("192.0.2.1:65535", None, "192.0.2.1", 65535, 4, None, ()),
    ("[192.0.2.1]", None, "192.0.2.1", None, 4, None, ()),
    ("[192.0.2.1]:8080", None, "192.0.2.1", 8080, 4, None, ()),
    ("192.0.2.1", "443", "192.0.2.1", 443, 4, None, ()),
    ("192.0.2.1", 443, "192.0.2.1", 443, 4, None, ()),
    ("192.0.2.1", " 443 ", "192.0.2.1", 443, 4, None, ()),
    ("192.0.2.1", "", "192.0.2.1", None, 4, None, ()),  # blank port column
    ("192.0.2.1:443", "443", "192.0.2.1", 443, 4, None, ()),  # both say the same
    ("2001:db8::1", None, "2001:db8::1", None, 6, None, ()),
    ("2001:DB8::1", None, "2001:db8::1", None, 6, None, ()),
    ("2001:0db8:0000:0000:0000:0000:0000:0001", None, "2001:db8::1", None, 6, None, ()),
    ("2001:db8:0:0:0:0:0:1", None, "2001:db8::1", None, 6, None, ()),
    ("[2001:db8::1]", None, "2001:db8::1", None, 6, None, ()),
    ("[2001:db8::1]:443", None, "2001:db8::1", 443, 6, None, ()),
    ("[ 2001:db8::1 ]:443", None, "2001:db8::1", 443, 6, None, ()),
    ("2001:db8::1", "443", "2001:db8::1", 443, 6, None, ()),
    ("2001:db8::1:443", None, "2001:db8::1:443", None, 6, None, ()),  # never a port without brackets
    ("2001:db8::192.0.2.1", None, "2001:db8::c000:201", None, 6, None, ()),
    ("2001:db8:0:0:0:0:c000:0201", None, "2001:db8::c000:201", None, 6, None, ()),
    ("::ffff:192.0.2.1", None, "192.0.2.1", None, 4, None, ("ipv4_mapped",)),
    ("::FFFF:C000:0201", None, "192.0.2.1", None, 4, None, ("ipv4_mapped",)),
    ("0:0:0:0:0:ffff:c000:201", None, "192.0.2.1", None, 4, None, ("ipv4_mapped",)),
    ("[::ffff:192.0.2.1]:443", None, "192.0.2.1", 443, 4, None, ("ipv4_mapped",)),
    ("fe80::1%eth0", None, "fe80::1", None, 6, "eth0", ("zone_id",)),
    ("[fe80::1%en0]:22", None, "fe80::1", 22, 6, "en0", ("zone_id",)),
    ("FE80::1%3", None, "fe80::1", None, 6, "3", ("zone_id",)),
    ("192.168.001.001", None, "192.168.1.1", None, 4, None, ("leading_zeros",)),  # octal and decimal agree
    ("192.168.000.007", None, "192.168.0.7", None, 4, None, ("leading_zeros",)),
    ("13.20.0.43", None, "13.20.0.43", None, 4, None, ()),  # could be a version number: context decides
]


@pytest.mark.parametrize("raw,port,ip,got_port,version,zone,flags", FORMS)
def test_forms(raw: str, port: object, ip: str, got_port: int | None, version: int, zone: str | None, flags: tuple[str, ...]) -> None:
    r = parse_ip(raw, port)  # type: ignore[arg-type]
    check_invariants(r)
    assert r.raw == raw
    assert (r.ip, r.port, r.version, r.zone_id, r.flags) == (ip, got_port, version, zone, flags)
    assert ip_key(raw) == ip


# -- classes -------------------------------------------------------------------------------------

CLASSES = [
    ("203.0.113.7", "documentation"),
    ("198.51.100.200", "documentation"),
    ("192.0.2.255", "documentation"),
    ("2001:db8:ffff::1", "documentation"),
    ("3fff::1", "documentation"),
    ("10.0.0.1", "private"),
    ("10.255.255.255", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.255", "private"),
    ("192.168.1.20", "private"),
    ("100.64.0.1", "cgnat"),
    ("100.127.255.254", "cgnat"),
    ("127.0.0.1", "loopback"),
    ("127.255.0.9", "loopback"),
    ("::1", "loopback"),
    ("169.254.10.1", "link_local"),
    ("fe80::abcd", "link_local"),
    ("224.0.0.251", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("fc00::1", "unique_local"),
    ("fd12:3456:789a::1", "unique_local"),
    ("0.1.2.3", "reserved"),
    ("192.0.0.8", "reserved"),
    ("198.18.0.1", "reserved"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("100::1", "reserved"),
    ("4000::1", "reserved"),  # outside 2000::/3 global unicast
    ("::c000:201", "reserved"),  # deprecated IPv4-compatible
    # public: just outside each special block (synthetic, no real subscriber)
    ("100.63.255.255", "public"),
    ("100.128.0.0", "public"),
    ("172.15.255.255", "public"),
    ("172.32.0.0", "public"),
    ("11.0.0.1", "public"),
    ("2001:db9::1", "public"),
    ("2a00::1", "public"),
]


@pytest.mark.parametrize("raw,cls", CLASSES)
def test_classes(raw: str, cls: str) -> None:
    r = parse_ip(raw, 443)
    check_invariants(r)
    assert r.ip_class == cls
    assert ip_class(ipaddress.ip_address(r.ip)) == cls


def test_every_class_is_tested() -> None:
    assert {cls for _, cls in CLASSES} == set(IP_CLASSES)


# -- CGNAT ---------------------------------------------------------------------------------------


def test_cgnat_without_port_is_flagged() -> None:
    r = parse_ip("100.64.12.34")
    check_invariants(r)
    assert r.ip == "100.64.12.34" and r.ip_class == "cgnat" and r.flags == ("cgnat_without_port",)
    assert "source port" in (r.note or "") and "cannot be identified" in (r.note or "")


@pytest.mark.parametrize("raw,port", [("100.64.12.34:50123", None), ("100.64.12.34", "50123"), ("100.64.12.34", 50123)])
def test_cgnat_with_port_is_not_flagged(raw: str, port: object) -> None:
    r = parse_ip(raw, port)  # type: ignore[arg-type]
    assert (r.ip_class, r.port, r.flags) == ("cgnat", 50123, ())


def test_cgnat_with_bad_port_is_still_without_port() -> None:
    r = parse_ip("100.64.12.34", "http")
    assert r.port is None and r.flags == ("cgnat_without_port", "port_invalid")


# -- ambiguity and rejection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,octal,decimal",
    [
        ("010.1.1.1", "8.1.1.1", "10.1.1.1"),
        ("192.168.010.001", "192.168.8.1", "192.168.10.1"),
        ("010.000.000.001", "8.0.0.1", "10.0.0.1"),
        ("203.0.113.017", "203.0.113.15", "203.0.113.17"),
    ],
)
def test_leading_zero_ambiguous(raw: str, octal: str, decimal: str) -> None:
    r = parse_ip(raw)
    check_invariants(r)
    assert r.ip is None and r.flags == ("leading_zero_ambiguous",)
    assert octal in (r.note or "") and decimal in (r.note or "")
    with pytest.raises(ValueError):
        ip_key(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "1.2.3", "999.1.1.1", "256.0.0.1", "1.2.3.4.5", "192.0.2.1.443", "192.0.2", "example.com", "not an ip",
        "0x7f.0.0.1", "3221225985", "192.0.2.0/24", "2001:db8::/32", "2001:db8:::1", "2001:db8::g", "1:2:3:4:5:6:7:8:9",
        "192.0.2.1%eth0", "fe80::1%", "fe80::1%eth 0", "[2001:db8::1", "2001:db8::1]", "[[2001:db8::1]]",
        "192.0.2.1 443", "::ffff:010.1.1.1", "１９２.0.2.1", "192.0.2.1\n192.0.2.2",
    ],
)
def test_not_ip_addresses(raw: str) -> None:
    r = parse_ip(raw)
    check_invariants(r)
    assert r.ip is None and r.flags == ("unparsed",) and r.raw == raw
    with pytest.raises(ValueError):
        ip_key(raw)


@pytest.mark.parametrize("raw", ["", "   ", "\n"])
def test_empty(raw: str) -> None:
    r = parse_ip(raw)
    assert r.ip is None and r.flags == ("empty",)


# -- ports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,port",
    [
        ("192.0.2.1:0", None), ("192.0.2.1:65536", None), ("192.0.2.1:", None), ("192.0.2.1:http", None),
        ("192.0.2.1:-1", None), ("[2001:db8::1]:99999", None), ("[2001:db8::1]:", None), ("192.0.2.1", "0"),
        ("192.0.2.1", "65536"), ("192.0.2.1", "abc"), ("192.0.2.1", -5), ("192.0.2.1", True), ("192.0.2.1", "4 43"),
        ("192.0.2.1", "４４３"), ("192.0.2.1:443", "x"),
    ],
)
def test_invalid_port(raw: str, port: object) -> None:
    r = parse_ip(raw, port)  # type: ignore[arg-type]
    check_invariants(r)
    assert r.ip is not None and r.port is None and "port_invalid" in r.flags


def test_port_conflict() -> None:
    r = parse_ip("192.0.2.1:80", "443")
    check_invariants(r)
    assert r.port is None and r.flags == ("port_conflict",)
    assert "80" in (r.note or "") and "443" in (r.note or "")


def test_leading_zero_port_is_decimal() -> None:
    assert parse_ip("192.0.2.1:0443").port == 443


# -- keys ----------------------------------------------------------------------------------------


def test_keys_of_equal_addresses_are_equal() -> None:
    same = ["2001:db8::1", "2001:DB8::1", "2001:0db8:0:0:0:0:0:1", "[2001:db8::1]:443", " 2001:db8::0:1 ",
            "2001:db8:0000::0001", "[2001:DB8::1]"]
    assert {ip_key(s) for s in same} == {"2001:db8::1"}
    v4 = ["192.0.2.1", "::ffff:192.0.2.1", "[::ffff:c000:201]:443", "192.0.2.1:8080", "[192.0.2.1]"]
    assert {ip_key(s) for s in v4} == {"192.0.2.1"}
    assert ip_key("fe80::1%eth0") == ip_key("fe80::1") == "fe80::1"  # zone id left out, as in request targets


def test_not_text_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse_ip(3221225985)  # type: ignore[arg-type]


# -- properties ----------------------------------------------------------------------------------


@settings(max_examples=400)
@given(st.one_of(st.text(max_size=60), st.text(alphabet="0123456789abcdefABCDEF:.[]%/ x", max_size=50)),
       st.one_of(st.none(), st.integers(-10, 70000), st.text(max_size=8)))
def test_parse_ip_never_raises(raw: str, port: object) -> None:
    r = parse_ip(raw, port)  # type: ignore[arg-type]
    check_invariants(r)
    assert r.raw == raw


def _variants(address: ipaddress.IPv6Address) -> list[str]:
    out = [address.compressed, address.exploded, address.compressed.upper(), address.exploded.upper(),
           f"[{address.compressed}]", f"[{address.exploded}]:443", f" {address.exploded} ",
           ":".join(g.lstrip("0") or "0" for g in address.exploded.split(":"))]
    packed = address.packed
    out.append(address.exploded[:30] + f"{packed[12]}.{packed[13]}.{packed[14]}.{packed[15]}")  # embedded dotted IPv4
    return out


@given(st.ip_addresses(v=6))
def test_every_ipv6_text_form_gives_one_key(address: ipaddress.IPv6Address) -> None:
    keys = {ip_key(v) for v in _variants(address)}
    assert len(keys) == 1
    key = keys.pop()
    if address.ipv4_mapped is not None:
        assert key == str(address.ipv4_mapped)
    else:
        assert key == address.compressed and ipaddress.ip_address(key) == address


@given(st.ip_addresses(v=4))
def test_every_ipv4_gives_itself(address: ipaddress.IPv4Address) -> None:
    text = str(address)
    assert ip_key(text) == text
    assert ip_key(f"{text}:443") == text
    assert ip_key(f"::ffff:{text}") == text
    r = parse_ip(text)
    check_invariants(r)
    assert r.ip_class == ip_class(address)


def test_every_flag_can_be_produced() -> None:
    seen: set[str] = set()
    for raw, port in [("100.64.0.1", None), ("", None), ("::ffff:192.0.2.1", None), ("010.1.1.1", None),
                      ("192.168.001.001", None), ("192.0.2.1:80", "443"), ("192.0.2.1", "0"), ("nope", None),
                      ("fe80::1%eth0", None)]:
        seen |= set(parse_ip(raw, port).flags)
    assert seen == set(IP_FLAGS)
