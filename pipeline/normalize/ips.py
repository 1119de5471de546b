"""Printed IP addresses to one canonical text, with their port and what kind of address they are.

:func:`parse_ip` returns an :class:`IpResult` that keeps the text exactly as printed
(``raw``) next to

* ``ip`` — the canonical text used for matching: IPv4 dotted decimal; IPv6 compressed and
  lower-case (every textual variant of one IPv6 address — expanded, upper-case, embedded
  dotted IPv4 — gives the same text); an IPv4-mapped IPv6 address (``::ffff:192.0.2.1``)
  becomes its IPv4 address (flag ``ipv4_mapped``). ``None`` when the text is not certainly
  one address;
* ``port`` (from ``192.0.2.1:443``, ``[2001:db8::1]:443`` or a separate port column),
  ``version``, ``zone_id`` (the ``%eth0`` of a scoped IPv6 address, kept apart),
  ``ip_class`` (one of :data:`IP_CLASSES`, from fixed network lists so that it does not
  change with the Python version), ``flags`` (from :data:`IP_FLAGS`, sorted) and ``note``.

Nothing is guessed: ``010.1.1.1`` is 10.1.1.1 to some programs and 8.1.1.1 to others, so it
gets no address (flag ``leading_zero_ambiguous``); a carrier-grade NAT address without a
source port cannot identify a subscriber (flag ``cgnat_without_port``). Strings that are
syntactically valid addresses are accepted even if they might be something else (a version
number such as ``13.20.0.43``): telling them apart needs the context the extractor has.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

#: Every class :attr:`IpResult.ip_class` can take.
IP_CLASSES = (
    "public",
    "private",  # 10/8, 172.16/12, 192.168/16
    "loopback",
    "link_local",
    "cgnat",  # 100.64.0.0/10 (RFC 6598)
    "documentation",  # 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20
    "multicast",
    "reserved",
    "unspecified",
    "unique_local",  # fc00::/7
)

#: Every flag :func:`parse_ip` can set.
IP_FLAGS = (
    "cgnat_without_port",  # CGNAT address and no source port: the subscriber cannot be identified
    "empty",  # blank value
    "ipv4_mapped",  # ::ffff:a.b.c.d given as the IPv4 address
    "leading_zero_ambiguous",  # 010.1.1.1: octal or decimal? no address given
    "leading_zeros",  # 192.168.001.001: zero-padded, but octal and decimal readings agree
    "port_conflict",  # the port printed with the address and the port column disagree
    "port_invalid",  # a port that is not 1..65535
    "unparsed",  # not an IP address
    "zone_id",  # an IPv6 zone (%eth0) was printed and kept apart
)

_N = ipaddress.ip_network
_V4_CLASSES: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (_N(net), cls)  # type: ignore[misc]
    for net, cls in (
        ("0.0.0.0/32", "unspecified"),
        ("0.0.0.0/8", "reserved"),
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "cgnat"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link_local"),
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "reserved"),
        ("192.0.2.0/24", "documentation"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "reserved"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"),  # includes 255.255.255.255
    )
)
_V6_CLASSES: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (_N(net), cls)  # type: ignore[misc]
    for net, cls in (
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("fe80::/10", "link_local"),
        ("fc00::/7", "unique_local"),
        ("ff00::/8", "multicast"),
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation"),
        ("2001:2::/48", "reserved"),  # benchmarking
        ("100::/64", "reserved"),  # discard-only
        ("fec0::/10", "reserved"),  # deprecated site-local
    )
)
_V6_GLOBAL = ipaddress.IPv6Network("2000::/3")

_DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}", re.A)
_BRACKETED = re.compile(r"\[([^\[\]]*)\](?::(.*))?", re.S)
_V4_PORT = re.compile(r"([0-9.]+):(.*)", re.S)
_ZONE_ID = re.compile(r"[A-Za-z0-9_.~-]{1,64}", re.A)
_DIGITS = re.compile(r"[0-9]+", re.A)


@dataclass(frozen=True)
class IpResult:
    """One printed IP address, normalised (see the module docstring)."""

    raw: str
    ip: str | None
    port: int | None
    version: int | None
    zone_id: str | None
    ip_class: str | None
    flags: tuple[str, ...]
    note: str | None


def ip_class(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """The class of an address, from fixed network lists (see :data:`IP_CLASSES`)."""
    if isinstance(address, ipaddress.IPv4Address):
        for net, cls in _V4_CLASSES:
            if address in net:
                return cls
        return "public"
    for net, cls in _V6_CLASSES:
        if address in net:
            return cls
    return "public" if address in _V6_GLOBAL else "reserved"


def _port(value: object) -> tuple[int | None, bool]:
    """(port, ok). A blank or missing value is (None, True)."""
    if value is None:
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int):
        return (value, True) if 1 <= value <= 65535 else (None, False)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None, True
        if _DIGITS.fullmatch(text) and len(text) <= 5 and 1 <= int(text) <= 65535:
            return int(text), True
    return None, False


def _leading_zeros(host: str) -> tuple[str | None, str | None]:
    """For dotted IPv4 text with zero-padded parts: (decimal text, octal text or None) when they differ.

    Returns (None, None) when there is no padding or both readings agree.
    """
    parts = host.split(".")
    padded = [p for p in parts if len(p) > 1 and p.startswith("0")]
    if not padded:
        return None, None
    dec = [int(p, 10) for p in parts]
    if any(v > 255 for v in dec):
        return None, None
    octal_ok = all(set(p) <= set("01234567") for p in padded)
    octv = [int(p, 8) if (len(p) > 1 and p.startswith("0")) else int(p, 10) for p in parts] if octal_ok else None
    if octv is None or octv == dec:
        return None, None
    return ".".join(map(str, dec)), ".".join(map(str, octv))


def parse_ip(raw: str, port: str | int | None = None) -> IpResult:
    """Read one printed IP address (with an optional port column). Never raises on any text."""
    if not isinstance(raw, str):
        raise TypeError(f"parse_ip expects text, got {type(raw).__name__}")
    flags: set[str] = set()
    notes: list[str] = []

    def done(ip: str | None = None, version: int | None = None, zone: str | None = None,
             cls: str | None = None, got_port: int | None = None) -> IpResult:
        return IpResult(raw, ip, got_port, version, zone, cls, tuple(sorted(flags)), " ".join(notes) or None)

    def unparsed(why: str) -> IpResult:
        flags.add("unparsed")
        notes.append(f"Not an IP address: {why}.")
        return done()

    text = raw.strip()
    if not text:
        flags.add("empty")
        notes.append("No IP address printed.")
        return done()
    if len(text) > 120:
        return unparsed("too long")

    in_port: str | None = None
    m = _BRACKETED.fullmatch(text)
    if m:
        host, in_port = m.group(1).strip(), m.group(2)
    else:
        m = _V4_PORT.fullmatch(text) if text.count(":") == 1 else None
        host, in_port = (m.group(1), m.group(2)) if m else (text, None)

    zone: str | None = None
    if "%" in host:
        host, zone = host.split("%", 1)
        if ":" not in host:
            return unparsed("a zone id (%...) belongs only to IPv6 addresses")
        if not _ZONE_ID.fullmatch(zone):
            return unparsed(f"the zone id {zone!r} is empty or malformed")

    if _DOTTED.fullmatch(host):
        dec, octal = _leading_zeros(host)
        if dec is not None:
            flags.add("leading_zero_ambiguous")
            notes.append(f"{host} has zero-padded parts, which some programs read as octal ({octal}) and "
                         f"others as decimal ({dec}): no address given.")
            return done()
        if any(len(p) > 1 and p.startswith("0") for p in host.split(".")):
            parts = host.split(".")
            if all(int(p) <= 255 for p in parts):
                flags.add("leading_zeros")
                host = ".".join(str(int(p)) for p in parts)
                notes.append(f"Zero-padded parts read as {host} (octal and decimal readings agree).")

    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return unparsed("not a valid IPv4 or IPv6 address")

    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        flags.add("ipv4_mapped")
        notes.append(f"IPv4-mapped IPv6 address given as the IPv4 address {address.ipv4_mapped}.")
        address = address.ipv4_mapped
    if zone is not None:
        flags.add("zone_id")
        notes.append(f"The IPv6 zone %{zone} only has meaning on one computer; it is kept apart from the address.")

    ports: list[int] = []
    bad: list[str] = []
    if in_port is not None:
        p, ok = _port(in_port)
        if ok and p is not None:
            ports.append(p)
        else:
            bad.append(repr(in_port))
    if port is not None:
        p, ok = _port(port)
        if ok and p is not None:
            ports.append(p)
        elif not ok:
            bad.append(repr(port))
    got_port: int | None = None
    if bad:
        flags.add("port_invalid")
        notes.append(f"Port {', '.join(bad)} is not a number from 1 to 65535: no port given.")
    elif len(set(ports)) > 1:
        flags.add("port_conflict")
        notes.append(f"The address is printed with port {ports[0]} but the port column says {ports[1]}: no port given.")
    elif ports:
        got_port = ports[0]

    cls = ip_class(address)
    if cls == "cgnat" and got_port is None:
        flags.add("cgnat_without_port")
        notes.append(f"{address} is carrier-grade NAT space (100.64.0.0/10, shared by many subscribers): without "
                     "the source port (and the exact time) the subscriber cannot be identified.")
    return done(address.compressed, address.version, zone, cls, got_port)


def ip_key(ip: str) -> str:
    """The matching key of an IP address (its canonical text; zone id and port left out).

    Raises ValueError when the text is not certainly one IP address.
    """
    result = parse_ip(ip)
    if result.ip is None:
        raise ValueError(f"not an IP address: {ip!r} ({result.note})")
    return result.ip
