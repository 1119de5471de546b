"""Member and file names from untrusted archives: decoding, safe display, and red flags.

Names inside archives are attacker-controlled bytes. This module never uses them to build a
path on disk (the evidence store is addressed by hash); it only turns them into

* ``display`` — text that is safe to print on one terminal line and is unambiguous: every
  backslash in it starts an escape (``\\\\`` is a literal backslash, ``\\n`` a newline,
  ``\\x1b`` an ESC, ``\\u202e`` a right-to-left override), so two different names never
  display the same way once decoded;
* ``flags`` — stable snake_case strings describing anything suspicious about the name;
* :func:`safe_relative` — a normalised relative POSIX path for listings only.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

#: Bidirectional formatting characters that can make a name display differently from
#: what it is ("Trojan Source" style tricks, e.g. ``invoice\u202egpj.exe``).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # LRE RLE PDF LRO RLO
    "\u2066\u2067\u2068\u2069"  # LRI RLI FSI PDI
    "\u200e\u200f"  # LRM RLM
    "\u061c"  # ALM
)
#: Characters that end a line in some terminal, log viewer or spreadsheet.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
#: Every flag this module can set, for documentation and tests.
NAME_FLAGS = (
    "absolute_path",
    "backslash_separator",
    "bidi_control",
    "control_chars",
    "empty_name",
    "newline_in_name",
    "parent_reference",
    "undecodable_bytes",
)

_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0", "\\": "\\\\"}
_DRIVE = re.compile(r"^[A-Za-z]:")
_ESCAPE_TOKEN = re.compile(r"\\(\\|n|r|t|0|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")


@dataclass(frozen=True)
class NameInfo:
    """One decoded name: the display text, the original bytes, how they were decoded, flags."""

    display: str
    raw: bytes
    encoding: str
    flags: tuple[str, ...]


def _is_utf8(hint: str | None) -> bool:
    if not hint:
        return False
    try:
        return codecs.lookup(hint).name == "utf-8"
    except LookupError:
        return False


def _decode(raw: bytes, encoding_hint: str | None) -> tuple[str, str, bool]:
    """Decode ``raw``: UTF-8 if valid, else the hint, else Latin-1 (flagged as undecodable)."""
    try:
        return raw.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    if encoding_hint and not _is_utf8(encoding_hint):
        try:
            return raw.decode(encoding_hint), codecs.lookup(encoding_hint).name, False
        except (UnicodeDecodeError, LookupError):
            pass
    return raw.decode("latin-1"), "latin-1", True


def _needs_escape(ch: str) -> bool:
    if ch in BIDI_CONTROLS or ch in LINE_BREAKS or ch == "\\":
        return True
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def escape_text(text: str) -> str:
    """Escape ``text`` so it prints on one line with nothing hidden or reordered."""
    out: list[str] = []
    for ch in text:
        if not _needs_escape(ch):
            out.append(ch)
        elif ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)


def _components(text: str) -> list[str]:
    return re.split(r"[/\\]", text)


def name_flags(text: str, raw: bytes, undecodable: bool) -> tuple[str, ...]:
    """The sorted flags for a decoded name ``text`` (see :data:`NAME_FLAGS`)."""
    flags: set[str] = set()
    if not raw:
        flags.add("empty_name")
    if text.startswith(("/", "\\")) or _DRIVE.match(text):
        flags.add("absolute_path")
    if ".." in _components(text):
        flags.add("parent_reference")
    if "\\" in text:
        flags.add("backslash_separator")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        flags.add("control_chars")
    if any(ch in BIDI_CONTROLS for ch in text):
        flags.add("bidi_control")
    if any(ch in LINE_BREAKS for ch in text):
        flags.add("newline_in_name")
    if undecodable:
        flags.add("undecodable_bytes")
    return tuple(sorted(flags))


def describe_name(raw: bytes, encoding_hint: str | None) -> NameInfo:
    """Decode an archive member name and describe it.

    ``encoding_hint`` is what the container says (``'utf-8'``, or ``'cp437'`` for zip names
    without the UTF-8 flag, ``'latin-1'`` for gzip headers); valid UTF-8 always wins, since
    many tools write UTF-8 without setting the flag.
    """
    raw = bytes(raw)
    text, encoding, undecodable = _decode(raw, encoding_hint)
    return NameInfo(
        display=escape_text(text),
        raw=raw,
        encoding=encoding,
        flags=name_flags(text, raw, undecodable),
    )


def _display_components(display: str) -> list[str]:
    """Split a display string on ``/`` and on escaped backslashes, keeping other escapes."""
    parts: list[str] = []
    current: list[str] = []
    pos = 0
    while pos < len(display):
        ch = display[pos]
        if ch == "/":
            parts.append("".join(current))
            current = []
            pos += 1
            continue
        if ch == "\\":
            m = _ESCAPE_TOKEN.match(display, pos)
            if m and m.group(1) == "\\":
                parts.append("".join(current))
                current = []
                pos = m.end()
                continue
            token = m.group(0) if m else "\\"
            current.append(token)
            pos += len(token)
            continue
        current.append(ch)
        pos += 1
    parts.append("".join(current))
    return parts


def safe_relative(display: str) -> str:
    """A normalised relative POSIX path for *listing only* (never used to write files).

    Splits on ``/`` and on (escaped) backslashes, drops empty, ``.`` and ``..`` components
    and a leading drive letter. Returns ``"_"`` when nothing is left.
    """
    parts = _display_components(display)
    if parts and _DRIVE.match(parts[0]):
        parts[0] = parts[0][2:]
    kept = [p for p in parts if p not in ("", ".", "..")]
    return "/".join(kept) if kept else "_"
