"""The extractor interface: a cheap ``identify`` and an ``extract`` that yields records.

An extractor declares a unique stable ``name``, its ``provider``, a one-line ``layout``
description, a ``version`` (bump it whenever output can change), and the media types it
accepts. ``identify`` must never raise on someone else's file: it returns a :class:`Claim`
(this is my layout, or *my provider's file whose layout changed*) or ``None`` (not mine).
``extract`` yields records with the values as printed and a locator for each
(:mod:`schemas.records`); it never opens the database, hashes, prints, or knows about
requests. Provenance, normalisation and storage are the framework's job.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Iterator

from schemas.records import Locator, Record

#: bytes read for identification
HEAD_BYTES = 64 * 1024
#: files larger than this are not read whole into memory by the text helpers
MAX_TEXT_BYTES = 256 * 2**20


@dataclass(frozen=True)
class LayoutChange:
    """How a file that looks like a known layout differs from it."""

    known_layout: str
    added: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        parts = []
        if self.missing:
            parts.append("missing " + ", ".join(repr(m) for m in self.missing))
        if self.renamed:
            parts.append("renamed " + ", ".join(f"{a!r} -> {b!r}" for a, b in self.renamed))
        if self.added:
            parts.append("added " + ", ".join(repr(a) for a in self.added))
        return f"differs from the known layout {self.known_layout!r}: " + ("; ".join(parts) or "structure differs")


@dataclass(frozen=True)
class Claim:
    """An extractor's answer to 'is this your file?'."""

    variant: str  #: which of its known layouts (or variants by year) it recognised
    changed: LayoutChange | None = None  #: set when it is this provider's file but the layout changed


@dataclass(frozen=True)
class ReadOptions:
    """How documents are read (set per run by the framework from the case's limits and the command)."""

    ocr: bool = True  #: OCR pages and images without a text layer
    ocr_lang: str = "eng"  #: tesseract language(s), e.g. "eng+fra"
    max_pdf_pages: int = 2000  #: pages read per PDF; beyond, the file is read partially (and says so)
    max_ocr_pages: int = 200  #: pages OCRed per file


@dataclass
class Document:
    """A stored file offered to extractors (read from the evidence store, never modified)."""

    sha256: str
    path: Path
    name: str  #: display path inside the package, e.g. ``GGL-2026-0141.zip/Subscriber.txt``
    media_type: str
    size: int
    _cache: dict[str, object] = field(default_factory=dict, repr=False)
    #: problems met while reading the file for identification (e.g. a workbook that cannot be opened);
    #: reported by the framework when no extractor could read the file
    read_problems: list[str] = field(default_factory=list, repr=False)
    options: ReadOptions = field(default_factory=ReadOptions, repr=False)
    #: (code, message, locator) noted by the readers while extracting (a page budget reached, an OCR failure);
    #: the framework stores them as warnings
    notes: list[tuple[str, str, Locator | None]] = field(default_factory=list, repr=False)
    partial: bool = False  #: a reader could not read all of the file (budget, failure): records are flagged partial_file

    @property
    def filename(self) -> str:
        return self.name.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def suffix(self) -> str:
        f = self.filename
        return f[f.rfind(".") :].lower() if "." in f else ""

    def head(self, n: int = HEAD_BYTES) -> bytes:
        key = f"head{n}"
        if key not in self._cache:
            with open(self.path, "rb") as fh:
                self._cache[key] = fh.read(n)
        return self._cache[key]  # type: ignore[return-value]

    def read_bytes(self) -> bytes:
        if self.size > MAX_TEXT_BYTES:
            raise ValueError(f"{self.name} is {self.size} bytes: too large to read whole; use a streaming reader")
        if "bytes" not in self._cache:
            self._cache["bytes"] = self.path.read_bytes()
        return self._cache["bytes"]  # type: ignore[return-value]

    def text(self) -> "DecodedText":
        if "text" not in self._cache:
            self._cache["text"] = decode_text(self.read_bytes())
        return self._cache["text"]  # type: ignore[return-value]

    def head_text(self, n: int = HEAD_BYTES) -> str:
        """The first bytes decoded for identification (never raises)."""
        data = self.head(n)
        enc = sniff_encoding(data)[0]
        return data.decode(enc, errors="replace").lstrip("\ufeff")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    had_bom: bool
    guessed: bool  #: True when the encoding was a fallback guess (Windows-1252)

    @functools.cached_property
    def lines(self) -> list[tuple[int, int, str]]:
        """(line number, byte offset of the line start, line text without its ending)."""
        out = []
        offset = 0
        unit = 2 if self.encoding.startswith("utf-16") else 1
        if self.had_bom:
            offset = 3 if self.encoding == "utf-8-sig" else 2
        body = self.text
        # only CR, LF and CRLF end a line (str.splitlines would also split on form feed, U+2028 ...,
        # and line numbers would then disagree with every editor)
        for no, line in enumerate(re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", body), start=1):
            stripped = line.rstrip("\r\n")
            out.append((no, offset, stripped))
            offset += _encoded_len(line, self.encoding, unit)
        return out


def _encoded_len(text: str, encoding: str, unit: int) -> int:
    if encoding in ("utf-8", "utf-8-sig"):
        return len(text.encode("utf-8"))
    if unit == 2:
        return len(text.encode("utf-16-le"))
    return len(text.encode(encoding, errors="replace"))


def sniff_encoding(data: bytes) -> tuple[str, bool]:
    """(encoding, had_bom) from BOMs and byte patterns; UTF-8 unless it cannot be."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", True
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", True
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", True
    sample = data[:4096]
    if len(sample) >= 4:
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        half = len(sample) // 2
        if odd_nuls > half * 0.6 and even_nuls < half * 0.1:
            return "utf-16-le", False
        if even_nuls > half * 0.6 and odd_nuls < half * 0.1:
            return "utf-16-be", False
    try:
        data.decode("utf-8")
        return "utf-8", False
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of a sample is still UTF-8
        if exc.start >= len(data) - 3 and len(data) >= HEAD_BYTES - 4:
            return "utf-8", False
        return "cp1252", False


def decode_text(data: bytes) -> DecodedText:
    """Decode with the detected encoding; Windows-1252 fallback is marked as a guess."""
    enc, bom = sniff_encoding(data)
    if enc == "cp1252":
        try:
            return DecodedText(data.decode("cp1252"), "cp1252", False, True)
        except UnicodeDecodeError:
            return DecodedText(data.decode("latin-1"), "latin-1", False, True)
    body = data[(3 if enc == "utf-8-sig" else 2) :] if bom else data
    real = "utf-8" if enc == "utf-8-sig" else enc
    return DecodedText(body.decode(real, errors="replace"), enc, bom, False)


@dataclass(frozen=True)
class BulkPlan:
    """How to read a large single-table delimited file in bulk (DuckDB's CSV reader).

    An extractor that can describe its table this way lets the framework read millions of
    rows without a Python loop per row. Only ``ip_event`` and ``call`` tables are read in bulk.
    """

    record: str  #: 'ip_event' | 'call'
    delimiter: str
    skip_lines: int  #: physical lines before the first data row (notes and the header)
    header: tuple[str, ...]  #: as printed (its length is the column count)
    fields: dict[str, int]  #: record field (ip, port, time, account, activity | start, caller, callee, ...) -> column
    zones: dict[str, str] = field(default_factory=dict)  #: time field -> zone text stated for that column
    activity: str | None = None  #: activity when the table implies it
    notes: tuple[tuple[int, int, str], ...] = ()  #: (line, byte offset, text) printed above the header


class Extractor:
    """Base class of every extractor. Subclasses set the class attributes and two methods."""

    name: ClassVar[str]
    provider: ClassVar[str]
    layout: ClassVar[str]
    version: ClassVar[str]
    media_types: ClassVar[tuple[str, ...]]  #: exact types or prefixes ending in '/'
    generic: ClassVar[bool] = False  #: tried only when no provider extractor claims the file
    default_zone: ClassVar[str | None] = None  #: the provider's documented default time zone, if any
    #: the layout prints phone numbers as international digits without '+' (e.g. 12025550143):
    #: the framework may then read them as E.164, flagged ``phone_country_from_layout``
    phones_are_international: ClassVar[bool] = False
    #: country of phone numbers printed without a country code, when the layout documents it (e.g. a US carrier: "US")
    default_region: ClassVar[str | None] = None
    #: numeric date order the layout documents (True: day first, False: month first), used only when the
    #: file's own values cannot decide it; such times are flagged ``date_order_from_layout``
    day_first: ClassVar[bool | None] = None
    #: samples under samples/extractors/<name>/ (checked by the golden test)
    sources: ClassVar[tuple[str, ...]] = ()  #: where the layout was described (LAYOUTS.md keys / URLs)

    def accepts(self, doc: Document) -> bool:
        return any(doc.media_type == m or (m.endswith("/") and doc.media_type.startswith(m)) for m in self.media_types)

    def identify(self, doc: Document) -> Claim | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:  # pragma: no cover - abstract
        raise NotImplementedError

    def bulk_plan(self, doc: Document, claim: Claim) -> BulkPlan | None:
        """Describe the file for bulk reading, or None (then ``extract`` is used)."""
        return None


class ExtractionFailed(Exception):
    """A structural failure: the file is not what the claim said. Name the place and the difference."""

    def __init__(self, where: str, expected: str, found: str) -> None:
        super().__init__(f"{where}: expected {expected}, found {found}")
        self.where = where
        self.expected = expected
        self.found = found
