"""Undoing the typical damage OCR does to identifiers, and saying so.

Tesseract puts spaces inside values ("07.01 .2026", "name @ example.net"), reads a dot as a
colon ("203.0:113.77") and confuses O/0 and l/I/|/1 inside numbers. These helpers repair a
value only when the repaired text has the shape it must have (an IP that parses, a time with
its digits intact) and report that it was repaired: such values are flagged ``ocr_repaired``
by the caller and always go to the review queue. The raw text is kept beside them.
"""

from __future__ import annotations

import ipaddress
import re

_DIGITISH = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "i": "1",
                           "S": "5", "B": "8", "Z": "2", ",": "."})


def repair_ipv4(text: str) -> tuple[str | None, bool]:
    """(IPv4 text, repaired?) for an OCR reading of a dotted quad, or (None, False) if it cannot be one."""
    t = text.strip().strip(".,;")
    if _valid4(t):
        return t, False
    u = re.sub(r"\s*([.:,])\s*", r"\1", t)
    u = u.translate(_DIGITISH)
    seps = re.findall(r"[.:]", u)
    if len(seps) == 3 and seps.count(":") == 1:
        u = u.replace(":", ".")
    if _valid4(u):
        return u, True
    return None, False


def _valid4(t: str) -> bool:
    if not re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", t):
        return False
    try:
        ipaddress.IPv4Address(t)
    except ValueError:
        return False
    return True


def repair_ipv6(text: str) -> tuple[str | None, bool]:
    """(IPv6 text, repaired?) after removing spaces OCR put inside the groups; None if it does not parse."""
    t = text.strip().strip(".,;")
    try:
        ipaddress.IPv6Address(t)
        return t, False
    except ValueError:
        pass
    u = re.sub(r"\s+", "", t)
    try:
        ipaddress.IPv6Address(u)
        return u, True
    except ValueError:
        return None, False


def repair_spacing(text: str) -> tuple[str, bool]:
    """Remove spaces OCR put next to separators inside dates, times and e-mail addresses."""
    u = re.sub(r"(?<=\d)\s+(?=[.:/-]\d)|(?<=\d[.:/-])\s+(?=\d)", "", text)
    u = re.sub(r"(?<=[\w.+-])\s*@\s*(?=[\w-])", "@", u)
    u = re.sub(r"(@[\w-]{1,63})\s*\.\s*(?=[a-z]{2,}\b)", r"\1.", u)
    return u, u != text
