"""Printed phone numbers to E.164, and e-mail addresses to their matching form.

:func:`parse_phone` returns a :class:`PhoneResult` with the text as printed (``raw``), the
E.164 number (``+12025550143``) or ``None``, flags from :data:`PHONE_FLAGS` and a note.

* A number with ``+``, or with the international call prefix ``00`` (or ``011``, the North
  American one, when no region or a North American region is given) is read as
  international; the call prefix is reported (flag ``international_prefix``).
* A number without any prefix is read in ``default_region`` (flag ``assumed_region``); with
  no region it gets no E.164 (flag ``no_country``) — its country cannot be known.
* Numbers the phone-number library does not consider valid for their country get no
  E.164 (flag ``invalid``); the digits are kept in the note.
* An extension (``x12``, ``ext. 12``) is not part of the number: dropped, flag
  ``extension``.
* Anything with letters or other stray characters is not read (flag ``unparsed``):
  vanity numbers (``1-800-FLOWERS``) are not converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from ..errors import ReturnsError

#: Every flag :func:`parse_phone` can set.
PHONE_FLAGS = (
    "assumed_region",  # no country code printed: read in the default region the caller gave
    "empty",  # blank value
    "extension",  # an extension was printed and dropped
    "international_prefix",  # 00 / 011 read as the international call prefix (like +)
    "invalid",  # not a valid number for its country
    "no_country",  # no country code and no default region: cannot be normalised
    "unparsed",  # letters or other characters that are not part of a phone number
)

_DASHES = re.compile("[\u2010-\u2015\u2212\ufe63\uff0d]")
_SPACES = re.compile(r"\s+")
_TEL = re.compile(r"tel:", re.I)
_EXTENSION = re.compile(r"(?P<num>.*?)\s*[,;]?\s*(?:extension|ext\.?|ex\.?|x|#)\s*(?P<ext>[0-9]{1,7})", re.I | re.A)
_ALLOWED = re.compile(r"\+?[0-9 ().\-/]+", re.A)
_NANP = 1


class RegionError(ReturnsError, ValueError):
    """The default region given as a setting is not a region the phone-number library knows."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__("UNKNOWN_REGION", message, hint=hint)


@dataclass(frozen=True)
class PhoneResult:
    """One printed phone number, normalised."""

    raw: str
    e164: str | None
    flags: tuple[str, ...]
    note: str | None


def _region(default_region: str | None) -> str | None:
    if default_region is None:
        return None
    region = default_region.strip().upper() if isinstance(default_region, str) else ""
    if not region:
        return None
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise RegionError(
            f"default region {default_region!r} is not a two-letter country code the phone number library knows",
            hint="Use a code such as US, GB, CA, AU, DE or FR.",
        )
    return region


def parse_phone(raw: str, default_region: str | None = None) -> PhoneResult:
    """Read one printed phone number. Never raises on any text (an unknown region raises RegionError)."""
    if not isinstance(raw, str):
        raise TypeError(f"parse_phone expects text, got {type(raw).__name__}")
    region = _region(default_region)
    flags: set[str] = set()
    notes: list[str] = []

    def done(e164: str | None = None) -> PhoneResult:
        return PhoneResult(raw, e164, tuple(sorted(flags)), " ".join(notes) or None)

    text = _SPACES.sub(" ", _DASHES.sub("-", raw)).strip()
    if _TEL.match(text):
        text = text[4:].strip()
    if not text:
        flags.add("empty")
        notes.append("No phone number printed.")
        return done()
    if len(text) > 60:
        flags.add("unparsed")
        notes.append("Not a phone number: too long.")
        return done()
    m = _EXTENSION.fullmatch(text)
    if m and m.group("num"):
        flags.add("extension")
        notes.append(f"The extension {m.group('ext')} is not part of the number and was dropped.")
        text = m.group("num").strip()
    if not _ALLOWED.fullmatch(text):
        flags.add("unparsed")
        notes.append(f"Not a phone number: {raw.strip()!r} has characters other than digits, +, spaces and - . ( ) /.")
        return done()
    digits = re.sub(r"[^0-9]", "", text)
    if not digits:
        flags.add("unparsed")
        notes.append("Not a phone number: no digits.")
        return done()

    international: str | None = None
    if text.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
        flags.add("international_prefix")
        notes.append("The leading 00 was read as the international call prefix.")
    elif digits.startswith("011") and (region is None or phonenumbers.country_code_for_region(region) == _NANP):
        international = digits[3:]
        flags.add("international_prefix")
        notes.append("The leading 011 was read as the North American international call prefix.")

    try:
        if international is not None:
            number = phonenumbers.parse("+" + international, None)
            shown = "+" + international
        elif region is None:
            flags.add("no_country")
            notes.append(f"No country code (+...) was printed and no default region was given: the digits {digits} "
                         "cannot be placed in a country.")
            return done()
        else:
            flags.add("assumed_region")
            notes.append(f"No country code was printed: read as a number of region {region}, as the caller said.")
            number = phonenumbers.parse(digits, region)
            shown = digits
    except phonenumbers.NumberParseException:
        number = None
        shown = ("+" + international) if international is not None else digits
    if number is None or not phonenumbers.is_valid_number(number):
        flags.add("invalid")
        notes.append(f"The digits {shown} are not a valid phone number" + (f" in region {region}" if international is None and region else "") + ".")
        return done()
    return done(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def normalize_email(raw: str) -> str | None:
    """The matching form of an e-mail address: stripped and lower-cased.

    None when it cannot be an address: no ``@``, nothing before or after the last ``@``, or
    whitespace inside. (Lower-casing the local part is what every large provider does in
    practice; the printed text is always kept beside it.)
    """
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if "@" not in text:
        return None
    local, _, domain = text.rpartition("@")
    if not local or not domain or any(c.isspace() for c in text):
        return None
    return text.lower()
