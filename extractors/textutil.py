"""Helpers for text layouts: 'Label: value' lines, with their line numbers and offsets."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from schemas.records import Locator

from .base import DecodedText

_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 /()&'._-]{0,60}?)\s*[:=]\s*(.*?)\s*$")


@dataclass(frozen=True)
class Labelled:
    label: str  #: as printed
    key: str  #: lower case, single spaces, for matching
    value: str  #: as printed (stripped)
    at: Locator
    raw: str  #: the whole line


def label_key(label: str) -> str:
    return " ".join(re.sub(r"[_\-.]+", " ", label.lower()).split())


def labelled_lines(text: DecodedText) -> list[Labelled]:
    """Every 'Label: value' line of a text document (values may be empty)."""
    out = []
    for no, off, line in text.lines:
        m = _LABEL.match(line)
        if m and not re.match(r"^\s*(https?|ftp)$", m.group(1), re.I):
            out.append(Labelled(m.group(1).strip(), label_key(m.group(1)), m.group(2), Locator(line=no, byte_offset=off), line))
    return out


def looks_like_ip(text: str | None) -> bool:
    """True when the text is an IPv4/IPv6 address, possibly bracketed, with a :port or a %zone."""
    if not text:
        return False
    t = text.strip()
    m = re.fullmatch(r"\[([0-9A-Fa-f:.]+(?:%[\w.]+)?)\](?::\d{1,5})?", t)
    if m:
        t = m.group(1)
    elif t.count(":") == 1 and "." in t:  # IPv4:port
        t = t.split(":", 1)[0]
    t = t.split("%", 1)[0]
    try:
        ipaddress.ip_address(t)
        return True
    except ValueError:
        return False
