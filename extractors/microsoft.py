"""Microsoft account productions rendered as PDF (Outlook.com / Hotmail / Microsoft account),
and the PDF geometry helpers shared by the provider PDF extractors (:mod:`extractors.apple`,
:mod:`extractors.meta_pdf`).

What is public (LAYOUTS.md#microsoft): Microsoft's Law Enforcement Requests Report FAQ says its
non-content data is "basic subscriber information, such as email address, name, state, country,
ZIP code, and IP address at time of registration", and that other non-content data "may include
IP connection history". Nothing public shows how a production PDF prints these, so the layout
read here is **assumed**:

* a subscriber part of labelled fields, ``Label: value`` lines or a two-column label/value
  table (``Microsoft Account``, ``First Name``, ``Last Name``, ``Account Created (UTC)``,
  ``Registration IP``, ``State``, ``ZIP``, ``Country/Region``, ``Phone`` ...);
* an IP connection history table (``Date/Time (UTC)``, ``IP Address``, ``Activity``, optional
  ``Port``, ``Country/Region``, ``Account``) that runs over pages, its header printed again on
  every page and a page footer ("Page N of M") under it; a zone in the time header or an "All
  times are ..." line says what the times are (kept as a note / hint, never applied here).

The table is read by its header: the header line is cut into cells at the wide gaps between its
words, the cells are bound to known column names (reordered columns read the same; an added
column is read and reported; a renamed or missing one makes the file a changed layout), and
each data line's words are put in the column whose header starts at or left of them, using the
header of the same page. A repeated header is not a record; a line with its time and IP empty
continues the row above it (also across a page break); a line that looks like data but whose
cells do not fit (no IP in the IP column, no time in the time column) is a ``ROW_NOT_READ``
problem at its page and box. On OCRed pages IPs are repaired with :mod:`extractors.ocrfix`
(flag ``ocr_repaired``, raw text kept).

Word boxes: :mod:`extractors.pdftext` gives lines with boxes but not words. The words of text
pages come from pdfplumber ``extract_words`` (each page closed after use), those of OCRed
pages from the OCR result pdftext keeps; both are attached to pdftext's lines, so every
record is located by pdftext's line box.
"""

from __future__ import annotations

import bisect
import functools
import re
import statistics
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from . import pdftext
from .textutil import looks_like_ip
from .base import Claim, Document, ExtractionFailed, Extractor, LayoutChange
from .manifests import looks_like_certificate
from .ocrfix import repair_ipv4, repair_ipv6, repair_spacing
from .tables import Col, TableLayout, header_zone_text, norm_header

# =============================================================================================
# PDF geometry shared by the provider PDF extractors
# =============================================================================================


@dataclass(frozen=True)
class Word:
    """One word of a page and its box (x0, top, x1, bottom in PDF points from the page top)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Segment:
    """A run of words on one line with no wide gap inside (a cell, a label, a value)."""

    text: str
    x0: float
    x1: float
    words: tuple[Word, ...] = ()


def segment(words: Sequence[Word]) -> Segment:
    return Segment(" ".join(w.text for w in words), words[0].x0, max(w.x1 for w in words), tuple(words))


def segments_of(words: Sequence[Word]) -> tuple[Segment, ...]:
    """Words cut into segments where the gap between two words is wider than a word space."""
    if not words:
        return ()
    ws = sorted(words, key=lambda w: w.x0)
    height = statistics.median([max(1.0, w.bottom - w.top) for w in ws])
    gap = max(4.5, 0.75 * height)
    out: list[Segment] = []
    cur = [ws[0]]
    for w in ws[1:]:
        if w.x0 - cur[-1].x1 > gap:
            out.append(segment(cur))
            cur = [w]
        else:
            cur.append(w)
    out.append(segment(cur))
    return tuple(out)


@dataclass
class Row:
    """A pdftext line with its words."""

    line: pdftext.Line
    words: tuple[Word, ...]
    page_height: float = 0.0

    @property
    def page(self) -> int:
        return self.line.page

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def at(self) -> Locator:
        return self.line.at

    @property
    def ocr(self) -> bool:
        return self.line.source == "ocr"

    @functools.cached_property
    def segments(self) -> tuple[Segment, ...]:
        segs = segments_of(self.words)
        if segs:
            return segs
        box = self.line.bbox or (0.0, 0.0, 0.0, 0.0)
        return (Segment(self.text, box[0], box[2]),)


def _plumber_words(doc: Document, numbers: list[int]) -> dict[int, list[Word]]:
    """Words of text-layer pages (pdfplumber ``extract_words``; every page closed after use)."""
    import pdfplumber

    out: dict[int, list[Word]] = {}
    with pdfplumber.open(str(doc.path)) as pdf:
        for n in numbers:
            if not 1 <= n <= len(pdf.pages):
                continue
            page = pdf.pages[n - 1]
            try:
                out[n] = [Word(w["text"], round(float(w["x0"]), 1), round(float(w["top"]), 1), round(float(w["x1"]), 1),
                               round(float(w["bottom"]), 1)) for w in page.extract_words()]
            finally:
                page.close()
    return out


def _attach(lines: list[pdftext.Line], words: list[Word]) -> list[tuple[Word, ...]]:
    """Each word given to the line whose box holds its vertical centre (nearest centre wins)."""
    boxes = [ln.bbox for ln in lines]
    order = sorted((b[1], i) for i, b in enumerate(boxes) if b)
    tops = [t for t, _ in order]
    got: list[list[Word]] = [[] for _ in lines]
    for w in words:
        cy = (w.top + w.bottom) / 2
        best: tuple[float, int] | None = None
        hi = bisect.bisect_right(tops, cy + 3.0)
        for k in range(hi - 1, -1, -1):
            top, i = order[k]
            b = boxes[i]
            assert b is not None
            if b[3] + 3.0 < cy - 40:  # far above: lines are sorted by top
                break
            if b[1] - 3.0 <= cy <= b[3] + 3.0 and b[0] - 4.0 <= (w.x0 + w.x1) / 2 <= b[2] + 4.0:
                d = abs(cy - (b[1] + b[3]) / 2)
                if best is None or d < best[0]:
                    best = (d, i)
        if best is not None:
            got[best[1]].append(w)
    return [tuple(sorted(g, key=lambda w: w.x0)) for g in got]


def pdf_rows(doc: Document, upto: int | None = None) -> list[Row]:
    """The document's lines (pdftext: text layer, OCR where none) with their words, in reading order."""
    pages = pdftext.pages(doc, upto)
    cache: dict[int, list[Word]] = doc._cache.setdefault("provider_pdf_words", {})  # type: ignore[assignment]
    need = [p.number for p in pages if p.source == "text" and p.lines and p.number not in cache
            and getattr(p.lines[0], "words", None) is None]
    if need:
        try:
            cache.update(_plumber_words(doc, need))
        except Exception:  # noqa: BLE001 - no words: lines are read whole (tables are then not read)
            for n in need:
                cache.setdefault(n, [])
    out: list[Row] = []
    for p in pages:
        if p.source == "ocr" and p.ocr is not None:
            by_line = {(ol.bbox, ol.text): ol for ol in p.ocr.lines}
            for ln in p.lines:
                ol = by_line.get((ln.bbox, ln.text))
                words = tuple(sorted((Word(w.text, *w.bbox) for w in ol.words), key=lambda w: w.x0)) if ol else ()
                out.append(Row(ln, words, p.height))
        elif p.lines and getattr(p.lines[0], "words", None) is not None:  # pdftext gives word boxes itself
            out.extend(Row(ln, tuple(sorted((Word(w.text, *w.bbox) for w in ln.words), key=lambda w: w.x0)), p.height)
                       for ln in p.lines)
        else:
            attached = _attach(p.lines, cache.get(p.number, []))
            out.extend(Row(ln, ws, p.height) for ln, ws in zip(p.lines, attached))
    return out


_PAGE_NO = re.compile(r"(?i)^(?:-\s*)?(?:page\s*)?\d{1,5}\s*(?:(?:of|/)\s*\d{1,5})?(?:\s*-)?$|(?i:\bpage\s+\d{1,5}(?:\s+of\s+\d{1,5})?\s*$)")
BAND = 0.08  #: fraction of the page height at its top and bottom where running heads and footers sit


def furniture(rows: list[Row]) -> set[int]:
    """Indexes of page furniture: page numbers, and lines in the top/bottom bands repeated on 2+ pages."""
    def in_band(r: Row) -> bool:
        b = r.line.bbox
        if not b or not r.page_height:
            return False
        return b[1] < BAND * r.page_height or b[3] > (1 - BAND) * r.page_height

    def shape(text: str) -> str:
        return re.sub(r"\d+", "#", " ".join(text.lower().split()))

    pages_of: dict[str, set[int]] = {}
    for r in rows:
        if in_band(r):
            pages_of.setdefault(shape(r.text), set()).add(r.page)
    out = set()
    for i, r in enumerate(rows):
        if in_band(r) and (len(pages_of.get(shape(r.text), ())) >= 2 or _PAGE_NO.search(r.text)):
            out.add(i)
        elif _PAGE_NO.fullmatch(r.text.strip()):
            out.add(i)
    return out


def union_at(rows: Sequence[Row]) -> Locator:
    """The locator of rows: the first row's page, the box around the rows on that page."""
    first = rows[0]
    on_page = [r.line for r in rows if r.page == first.page]
    return Locator(page=first.page, bbox=pdftext.union_bbox(on_page))


# -- value shapes ------------------------------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_PART = (r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|" + _MONTH + r"\s+\d{1,2},?\s+\d{4}|"
              r"\d{1,2}\s+" + _MONTH + r"\s+\d{4})")
TIME_SHAPE = re.compile(r"(?i)^(?:[A-Z][a-z]{2},?\s+)?" + _DATE_PART + r"(?:[ T,]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?"
                        r"(?:\s*[AP]\.?M\.?)?)?(?:\s*(?:Z|UTC|GMT|[A-Z]{2,5}T|[+-]\d{2}:?\d{2}|\((?:UTC|GMT)[^)]*\)|"
                        r"(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?))?$")
_DATEISH = re.compile(_DATE_PART + r"|\b\d{1,2}:\d{2}:\d{2}\b", re.I)
_IPISH = re.compile(r"\b(?:\d{1,3}[.,:]\s?){3}\d{1,3}\b|[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}")


def is_time(text: str) -> bool:
    return bool(TIME_SHAPE.match(text.strip()))


is_ip = looks_like_ip


def fit_ip(text: str, ocr: bool) -> tuple[str | None, bool]:
    """(the IP as printed, or repaired on an OCRed page; repaired?) or (None, False)."""
    t = text.strip()
    if is_ip(t):
        return t, False
    if not ocr:
        return None, False
    v4, rep = repair_ipv4(t)
    if v4:
        return v4, rep
    v6, rep = repair_ipv6(t)
    if v6:
        return v6, rep
    return None, False


def fit_time(text: str, ocr: bool) -> tuple[str | None, bool]:
    t = " ".join(text.split())
    if is_time(t):
        return t, False
    if ocr:
        u, rep = repair_spacing(t)
        if is_time(u):
            return u, rep
        # a dot or comma read for the space between the date and the time ("1/2/2026.7:40:51 PM")
        v = re.sub(r"(?<=\d{4})[.,](?=\d{1,2}:\d{2})", " ", u)
        if v != u and is_time(v):
            return v, True
    return None, False


def looks_like_data(text: str) -> bool:
    """A line holding an IP or a date/time (a record that did not fit, not free text)."""
    return bool(_IPISH.search(text) or _DATEISH.search(text))


def label_like(text: str) -> bool:
    """A header cell: words, not a value."""
    t = text.strip()
    if not t or len(t) > 50 or not re.search(r"[A-Za-z]{2}", t):
        return False
    bare = re.sub(r"\([^)]*\)", " ", t)
    return not (_IPISH.search(bare) or _DATEISH.search(bare) or "@" in t)


ZONE_STATEMENT = re.compile(r"(?i)\b(?:times?|timestamps?|dates?)\b[^.]{0,60}?\b(?:UTC|GMT|Coordinated\s+Universal\s+Time|"
                            r"Greenwich\s+Mean\s+Time|Pacific|Eastern|Central|Mountain|time\s*zone)\b")


# -- tables printed over pages ----------------------------------------------------------------


@dataclass
class Header:
    row: Row
    cells: tuple[Segment, ...]
    binding: dict[str, int]
    change: LayoutChange | None
    found: int

    @property
    def labels(self) -> list[str]:
        return [c.text for c in self.cells]

    @property
    def readable(self) -> bool:
        return not (self.change and (self.change.missing or self.change.renamed))

    def same(self, other: "Header") -> bool:
        return [norm_header(x) for x in self.labels] == [norm_header(x) for x in other.labels]


@dataclass
class DataRow:
    rows: list[Row]
    cells: list[str]
    header: Header
    values: dict[str, str]  #: validated values of the shaped fields (time, ip, port), repaired on OCR pages
    flags: set[str] = field(default_factory=set)

    @property
    def raw(self) -> str:
        return "\n".join(r.text for r in self.rows)

    @property
    def at(self) -> Locator:
        return union_at(self.rows)

    def cell(self, fld: str) -> str | None:
        i = self.header.binding.get(fld)
        if i is None or i >= len(self.cells):
            return None
        return self.cells[i].strip() or None

    def extra(self) -> dict[str, str]:
        bound = set(self.header.binding.values())
        out = {lbl: self.cells[i].strip() for i, lbl in enumerate(self.header.labels)
               if i not in bound and i < len(self.cells) and self.cells[i].strip()}
        pages = sorted({r.page for r in self.rows})
        if len(pages) > 1:
            out["continued_on_page"] = ", ".join(str(p) for p in pages[1:])
        return out


@dataclass
class PdfTable:
    headers: list[Header] = field(default_factory=list)  #: every header met (repeats included)
    data: list[DataRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    outside: list[int] = field(default_factory=list)  #: indexes of rows not part of any table


@functools.lru_cache(maxsize=64)
def _names(layout: TableLayout) -> frozenset[str]:
    return frozenset(norm_header(h) for c in layout.columns for h in c.headers)


def _known(layout: TableLayout, text: str) -> bool:
    return norm_header(text) in _names(layout)


def _split_cells(cells: Sequence[Segment], layout: TableLayout) -> tuple[Segment, ...]:
    """Header cells printed too close to be told apart ('Country/Region IP Address') cut where
    both parts are known column names."""
    out: list[Segment] = []
    for c in cells:
        if _known(layout, c.text) or len(c.words) < 2:
            out.append(c)
            continue
        cut = next((k for k in range(1, len(c.words)) if _known(layout, " ".join(w.text for w in c.words[:k]))
                    and _known(layout, " ".join(w.text for w in c.words[k:]))), None)
        if cut is None:
            out.append(c)
        else:
            out += [segment(c.words[:cut]), segment(c.words[cut:])]
    return tuple(out)


def header_of(row: Row, layout: TableLayout) -> Header | None:
    """The row as a header of ``layout``: 2+ cells, all label-like, 2+ required columns bound."""
    if not all(label_like(c.text) for c in row.segments):
        return None  # a data row (dates, IPs): not a header
    cells = _split_cells(row.segments, layout)
    if len(cells) < 2:
        return None
    binding, change, found = layout.bind([c.text for c in cells])
    if found < 2:
        return None
    return Header(row, cells, binding, change, found)


def _assign(row: Row, header: Header) -> tuple[list[str], bool]:
    """Cut a row's words into the header's columns (by where each column starts)."""
    starts = [c.x0 for c in header.cells]
    tol = 8.0 if row.ocr else 3.0
    cols: list[list[str]] = [[] for _ in starts]
    misfit = False
    for w in row.words:
        if row.ocr and not re.search(r"[0-9A-Za-z]", w.text):
            continue  # a speck read as '-', '_' or '.' on a scanned page (kept in the raw text)
        idx = None
        for i, s in enumerate(starts):
            if w.x0 >= s - tol:
                idx = i
        if idx is None:
            misfit = True
            idx = 0
        cols[idx].append(w.text)
    return [" ".join(c) for c in cols], misfit


SHAPED = ("time", "ip", "port")


def read_pdf_table(rows: list[Row], layout: TableLayout, skip: set[int],
                   other: Callable[[Row], bool] | None = None) -> PdfTable:
    """Read every table of ``layout`` over the document's rows (see the module docstring).
    ``other`` tells a line that is not the table's although it holds data (a labelled field)."""
    out = PdfTable()
    current: Header | None = None
    first: Header | None = None
    open_row: DataRow | None = None
    prev: Row | None = None  #: the table's line above (header, row or continuation)
    pitches: list[float] = []  #: distances between consecutive rows on a page

    def next_line(row: Row) -> bool:
        """``row`` is the line right under the table's previous line (its first line after a repeated
        header on a new page, or one row pitch below the line above): not text after a gap."""
        if prev is None or not row.line.bbox or not prev.line.bbox:
            return False
        if prev.page != row.page:
            return False
        if current is not None and prev is current.row:
            return True
        step = row.line.bbox[1] - prev.line.bbox[1]
        pitch = statistics.median(pitches) if pitches else 1.8 * (prev.line.bbox[3] - prev.line.bbox[1])
        return 0 < step <= 1.3 * pitch

    for i, row in enumerate(rows):
        h = header_of(row, layout)
        if h is not None:
            out.headers.append(h)
            if first is None or not h.same(first):
                first = h  # a new table (or the first)
                open_row = None
            current = h  # the columns of this page
            prev = row
            continue
        if i in skip:
            continue
        if current is None or not current.readable:
            out.outside.append(i)
            continue
        if not row.words:
            if looks_like_data(row.text):
                out.problems.append(Problem(row.at, "ROW_NOT_READ", f"the words of this line could not be placed in the "
                                            f"table's columns; not read ({row.text!r})"))
            else:
                out.outside.append(i)
            continue
        cells, misfit = _assign(row, current)
        shaped = {f: cells[current.binding[f]].strip() for f in SHAPED if f in current.binding}
        if not misfit and not any(shaped.values()) and open_row is not None and any(c.strip() for c in cells) \
                and not looks_like_data(row.text) and next_line(row):
            # the row above continues here (a wrapped cell, also after a page break)
            for k, c in enumerate(cells):
                if c.strip():
                    open_row.cells[k] = (open_row.cells[k] + " " + c.strip()).strip()
            open_row.rows.append(row)
            prev = row
            continue
        values: dict[str, str] = {}
        flags: set[str] = set()
        why = None
        if misfit:
            why = "words stand left of the first column"
        if why is None and "ip" in current.binding:
            ip, rep = fit_ip(shaped.get("ip", ""), row.ocr)
            if ip is None:
                why = f"the {current.labels[current.binding['ip']]!r} cell {shaped.get('ip', '')!r} is not an IP address"
            else:
                values["ip"] = ip
                if rep:
                    flags.add("ocr_repaired")
        if why is None and "time" in current.binding:
            t, rep = fit_time(shaped.get("time", ""), row.ocr)
            if t is None:
                why = f"the {current.labels[current.binding['time']]!r} cell {shaped.get('time', '')!r} is not a date and time"
            else:
                values["time"] = t
                if rep:
                    flags.add("ocr_repaired")
        if why is None and shaped.get("port"):
            if not re.fullmatch(r"\d{1,5}", shaped["port"]):
                why = f"the {current.labels[current.binding['port']]!r} cell {shaped['port']!r} is not a port number"
            else:
                values["port"] = shaped["port"]
        if why is None:
            if prev is not None and prev.page == row.page and prev is not current.row and prev.line.bbox and row.line.bbox:
                pitches.append(row.line.bbox[1] - prev.line.bbox[1])
            open_row = DataRow([row], cells, current, values, flags)
            out.data.append(open_row)
            prev = row
            continue
        open_row = None
        prev = row
        if looks_like_data(row.text) and not (other is not None and other(row)):
            out.problems.append(Problem(row.at, "ROW_NOT_READ", f"this line does not fit the table's columns ({why}); "
                                        f"not read: {row.text!r}"))
        else:
            out.outside.append(i)  # text below or beside the table (a note, an end marker)
    return out


def best_header(rows: list[Row], layout: TableLayout) -> Header | None:
    """The header of ``layout`` found in ``rows`` that binds most columns (readable ones first)."""
    hs = [h for r in rows if (h := header_of(r, layout)) is not None]
    if not hs:
        return None
    return max(hs, key=lambda h: (h.readable, h.found, -len(h.change.added) if h.change else 0))


def claim_for_header(h: Header, variant: str) -> Claim:
    """A claim for a table header: readable (perhaps with added columns) or a changed layout."""
    if h.readable:
        return Claim(variant, h.change if h.change and h.change.added else None)
    return Claim(variant, h.change)


# -- labelled fields ---------------------------------------------------------------------------


def lkey(text: str) -> str:
    """A label as compared: lower case, no parenthesised part, punctuation as spaces."""
    t = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text or "")
    t = re.sub(r"[-_.:/#*]+", " ", t.lower())
    return " ".join(t.split())


@dataclass
class FieldLine:
    key: str  #: the field (vocabulary key)
    label: str  #: as printed
    value: str  #: as printed (stripped)
    row: Row
    rows: list[Row] = field(default_factory=list)  #: the row and its continuation lines

    @property
    def raw(self) -> str:
        return "\n".join(r.text for r in (self.rows or [self.row]))

    @property
    def zone(self) -> str | None:
        return header_zone_text(self.label) if re.search(r"[(\[]", self.label) else None


def vocabulary(fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {lkey(lbl): f for f, labels in fields.items() for lbl in labels}


_COLON = re.compile(r"^\s*(?P<label>[A-Za-z][^:]{0,60}?)\s*:\s*(?P<value>.*?)\s*$")


def field_of(row: Row, vocab: dict[str, str]) -> tuple[str, str, str] | None:
    """(field, label as printed, value) for a labelled line: 'Label: value', or a label cell and a
    value cell separated by a wide gap, or a known label followed by its value."""
    m = _COLON.match(row.text)
    if m and lkey(m["label"]) in vocab:
        return vocab[lkey(m["label"])], m["label"].strip(), m["value"]
    segs = row.segments
    if len(segs) >= 2 and lkey(segs[0].text) in vocab:
        return vocab[lkey(segs[0].text)], segs[0].text.strip(), " ".join(s.text for s in segs[1:]).strip()
    words = row.text.split()
    if len(segs) > 1 or len(words) > 12 or row.text.rstrip().endswith("."):
        return None
    for n in range(min(6, len(words) - 1), 0, -1):
        label = " ".join(words[:n])
        rest = words[n:]
        # a known label run into its value ('Country USA'), not a sentence ('Account records are ...')
        if lkey(label) in vocab and re.search(r"\)$|[A-Za-z]$", label) and len(rest) <= 6 \
                and not re.fullmatch(r"[a-z]+", rest[0]):
            return vocab[lkey(label)], label, " ".join(rest)
    return None


def read_fields(rows: list[Row], indexes: Iterable[int], vocab: dict[str, str]) -> tuple[list[FieldLine], list[tuple[str, str, Row]]]:
    """Known fields of the rows at ``indexes`` (a value-only line under a field continues it), and
    other 'Label: value' lines met between the first and the last known field (label, value, row)."""
    found: list[FieldLine] = []
    others: list[tuple[str, str, Row]] = []
    last: FieldLine | None = None
    pending: list[tuple[str, str, Row]] = []
    for i in indexes:
        row = rows[i]
        f = field_of(row, vocab)
        if f is not None:
            others.extend(pending)
            pending = []
            last = FieldLine(f[0], f[1], f[2], row, [row])
            found.append(last)
            continue
        m = _COLON.match(row.text)
        if m and found and m["value"].strip() and len(m["label"].split()) <= 5:
            pending.append((m["label"].strip(), m["value"].strip(), row))
            last = None
            continue
        if last is not None and len(row.segments) == 1 and len(last.row.segments) >= 2 \
                and abs(row.segments[0].x0 - last.row.segments[1].x0) < 6 \
                and row.page == last.rows[-1].page and _below(last.rows[-1], row):
            last.value = (last.value + "\n" + row.segments[0].text).strip()
            last.rows.append(row)
            continue
        last = None
    return found, others


def _below(a: Row, b: Row) -> bool:
    """b is the line right under a (within two line heights)."""
    if not a.line.bbox or not b.line.bbox:
        return False
    h = a.line.bbox[3] - a.line.bbox[1]
    return 0 < b.line.bbox[1] - a.line.bbox[3] < 2.2 * max(h, 6.0)


def first_value(fields: list[FieldLine], key: str) -> FieldLine | None:
    return next((f for f in fields if f.key == key and f.value.strip()), None)


_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
_REFERENCE = re.compile(r"(?i)^\s*(?P<label>(?:microsoft|apple|our|provider)?\s*(?:reference|ref\.?)(?:\s+(?:number|no\.?|id))?|"
                        r"request\s+id|production\s+id|lns\s+(?:case|reference)(?:\s+number)?)\s*#?\s*:\s*(?P<value>\S.*?)\s*$")


def reference_facts(rows: list[Row], indexes: Iterable[int]) -> Iterator[DocumentFact]:
    for i in indexes:
        m = _REFERENCE.match(rows[i].text)
        if m:
            yield DocumentFact(at=rows[i].at, raw=rows[i].text, kind="request_reference", value=m["value"],
                               extra={"label": m["label"].strip()})


def zone_notes(rows: list[Row], indexes: Iterable[int], used: set[int]) -> Iterator[DocumentFact]:
    for i in indexes:
        if i not in used and ZONE_STATEMENT.search(rows[i].text):
            yield DocumentFact(at=rows[i].at, raw=rows[i].text, kind="note", value=rows[i].text.strip())


def marked(rows: list[Row], pattern: re.Pattern[str], skip: set[int], layout: TableLayout | None = None,
           first_lines: int = 12) -> bool:
    """The provider's name in the first lines of page 1 (above any table: a value in a table, such as
    a service name, does not say whose document it is) or in the running heads and footers."""
    first_page = [r for r in rows if r.page == rows[0].page][:first_lines] if rows else []
    if layout is not None:
        cut = next((k for k, r in enumerate(first_page) if header_of(r, layout) is not None), len(first_page))
        first_page = first_page[:cut]
    if any(pattern.search(r.text) for r in first_page):
        return True
    return any(pattern.search(rows[i].text) for i in skip)


def safe_rows(doc: Document, upto: int | None = pdftext.HEAD_PAGES) -> list[Row]:
    """Rows for identification (never raises)."""
    try:
        if not (pdftext.is_pdf(doc) or pdftext.is_image(doc)):
            return []
        return pdf_rows(doc, upto)
    except Exception:  # noqa: BLE001 - identification must never raise
        return []


# =============================================================================================
# Microsoft
# =============================================================================================

PROVIDER = "Microsoft"
_MARK = re.compile(r"\bMicrosoft\b|\bOutlook\.com\b|\bHotmail\b|\bMSN\b|\bXbox\b|\bOneDrive\b|\bSkype\b")
_LERR = "https://www.microsoft.com/en-us/about/corporate-responsibility/lerr (FAQ: what non-content data is)"

MS_FIELDS: dict[str, tuple[str, ...]] = {
    "account": ("Microsoft Account", "Microsoft Account Name", "Account", "Account Name", "Sign-in Name", "Member Name",
                "Windows Live ID", "Login"),
    "email": ("Email", "E-mail", "Email Address", "E-mail Address", "Primary Email", "Primary Alias"),
    "alt_email": ("Alternate Email", "Alternate Email Address", "Alias", "Aliases", "Recovery Email", "Security Email"),
    "account_id": ("PUID", "CID", "Account ID", "Member ID"),
    "first": ("First Name", "Given Name"),
    "last": ("Last Name", "Family Name", "Surname"),
    "name": ("Name", "Full Name", "Display Name"),
    "created": ("Account Created", "Created", "Creation Date", "Date Created", "Registration Date", "Date Registered",
                "Account Creation Date", "Created On", "Registered On"),
    "reg_ip": ("Registration IP", "Registration IP Address", "IP Address at Registration", "Created from IP",
               "Registered from IP", "Creation IP", "Sign-up IP", "Signup IP"),
    "state": ("State", "State/Province", "Region"),
    "zip": ("ZIP", "ZIP Code", "Zip/Postal Code", "Postal Code"),
    "country": ("Country", "Country/Region", "Country or Region"),
    "phone": ("Phone", "Phone Number", "Mobile Phone", "Security Phone", "Phone Numbers"),
    "status": ("Account Status", "Status"),
}
MS_VOCAB = vocabulary(MS_FIELDS)

MS_IP_LAYOUT = TableLayout("microsoft-ip-connection-history", "ip_event", (
    Col("time", ("Date/Time", "Date Time", "Timestamp", "Date and Time", "Time", "Date", "Sign-in Time", "Login Time",
                 "Event Time", "Connection Time")),
    Col("ip", ("IP Address", "IP", "Client IP", "Source IP", "IP Addresses")),
    Col("activity", ("Activity", "Event", "Action", "Activity Type", "Event Type", "Sign-in Type", "Login Type")),
    Col("port", ("Port", "Source Port", "Client Port"), required=False),
    Col("country", ("Country/Region", "Country", "Location", "Country or Region"), required=False),
    Col("account", ("Account", "Microsoft Account", "Member Name", "Sign-in Name"), required=False),
))


@dataclass
class Parsed:
    """What a provider PDF holds: rows, the table, fields and the rows outside the table."""

    rows: list[Row]
    skip: set[int]
    table: PdfTable
    fields: list[FieldLine]
    others: list[tuple[str, str, Row]]


def parse(rows: list[Row], layout: TableLayout, vocab: dict[str, str]) -> Parsed:
    skip = furniture(rows)
    table = read_pdf_table(rows, layout, skip, lambda r: bool(_COLON.match(r.text)) or field_of(r, vocab) is not None)
    fields, others = read_fields(rows, table.outside, vocab)
    seen: set[tuple[str, str]] = set()
    unique = []
    for f in fields:  # the same field printed again (an account line above the table) is read once
        if (f.key, f.value.strip()) not in seen:
            seen.add((f.key, f.value.strip()))
            unique.append(f)
    fields = unique
    return Parsed(rows, skip, table, fields, others)


def subscriber_variant(fields: list[FieldLine], account_keys: set[str]) -> bool:
    """Enough labelled subscriber fields: an account label and one more field with a value."""
    keys = {f.key for f in fields if f.value.strip()}
    return bool(keys & account_keys) and bool(keys - account_keys)


def identify_provider(doc: Document, mark: re.Pattern[str], layout: TableLayout, vocab: dict[str, str],
                      account_keys: set[str], not_mark: Callable[[str], bool] | None = None) -> Claim | None:
    """The claim of a provider PDF (subscriber part, IP table, or both); never raises."""
    try:
        if not pdftext.is_pdf(doc):
            return None
        if not mark.search("\n".join(ln.text for ln in pdftext.head_lines(doc))):
            return None  # cheap: no words are read for another provider's file
        rows = safe_rows(doc)
        if not rows:
            return None
        texts = [r.text for r in rows]
        if looks_like_certificate(texts):
            return None
        if not_mark is not None and not_mark("\n".join(texts)):
            return None
        skip = furniture(rows)
        if not marked(rows, mark, skip, layout):
            return None
        p = parse(rows, layout, vocab)
        sub = subscriber_variant(p.fields, account_keys)
        h = best_header(rows, layout)
        if h is not None:
            return claim_for_header(h, "subscriber+ip-log" if sub else "ip-log")
        if sub:
            return Claim("subscriber")
        return None
    except Exception:  # noqa: BLE001 - identification must never raise
        return None


def layout_differs(p: Parsed, claim: Claim, provider: str) -> Iterator[Problem]:
    """A header later in the file that differs from the one the claim was made on."""
    seen: list[Header] = []
    for h in p.table.headers:
        if any(h.same(s) for s in seen):
            continue
        seen.append(h)
        if h.change is not None and h.change != claim.changed:
            yield Problem(h.row.at, "LAYOUT_DIFFERS", f"{provider} table header on page {h.row.page} "
                          + h.change.describe() + ("" if h.readable else "; this table was not read"))


def address_of(fields: list[FieldLine], keys: Sequence[str]) -> str | None:
    parts = [f.value.strip() for k in keys if (f := first_value(fields, k)) is not None]
    return ", ".join(parts) or None


def ip_event(dr: DataRow, account: str | None, activity: str | None, extra_flags: Iterable[str] = ()) -> IpEvent:
    zone = None
    ti = dr.header.binding.get("time")
    if ti is not None:
        zone = header_zone_text(dr.header.labels[ti])
    extra = dr.extra()
    flags = set(dr.flags) | set(extra_flags)
    raw_ip = dr.cell("ip") or ""
    if "ocr_repaired" in dr.flags and raw_ip != dr.values.get("ip"):
        extra["ip_as_read"] = raw_ip
    raw_time = dr.cell("time") or ""
    if "ocr_repaired" in dr.flags and dr.values.get("time") and " ".join(raw_time.split()) != dr.values["time"]:
        extra["time_as_read"] = raw_time
    return IpEvent(at=dr.at, raw=dr.raw, ip=dr.values["ip"], time=dr.values.get("time"), account=account,
                   port=dr.values.get("port"), activity=activity, hint=TimeHint(zone=zone) if zone else None,
                   extra=extra, flags=tuple(sorted(flags)))


class MicrosoftAccountPdf(Extractor):
    name = "microsoft_account_pdf"
    provider = PROVIDER
    layout = ("Microsoft account (Outlook.com/Hotmail) production as PDF: labelled subscriber fields and an IP "
              "connection history table over pages with repeated headers (assumed layout)")
    version = "1"
    media_types = pdftext.PDF_TYPES
    default_zone = None
    sources = ("LAYOUTS.md#microsoft (assumed layout: no public sample of a Microsoft production PDF was found)", _LERR)

    def identify(self, doc: Document) -> Claim | None:
        return identify_provider(doc, _MARK, MS_IP_LAYOUT, MS_VOCAB, {"account", "email"})

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        rows = pdf_rows(doc)
        if not rows:
            raise ExtractionFailed(doc.name, "a PDF with text (or pages that can be OCRed)", "no text")
        p = parse(rows, MS_IP_LAYOUT, MS_VOCAB)
        used = {p.rows.index(r) for f in p.fields for r in f.rows}
        yield from reference_facts(rows, p.table.outside)
        yield from zone_notes(rows, p.table.outside, used)
        yield from layout_differs(p, claim, PROVIDER)
        sub, sub_account, flags = self._subscriber(p)
        if sub is not None:
            yield from sub
        doc_account = sub_account
        yield from p.table.problems
        for dr in p.table.data:
            yield ip_event(dr, dr.cell("account") or doc_account, dr.cell("activity"),
                           flags if doc_account and not dr.cell("account") else ())

    def _subscriber(self, p: Parsed) -> tuple[list[Record] | None, str | None, tuple[str, ...]]:
        f = p.fields
        acct = first_value(f, "account") or first_value(f, "email")
        if acct is None:
            return None, None, ()
        if not subscriber_variant(f, {"account", "email"}):  # an account line above a table only names the account
            account, rep = (repair_spacing(acct.value.strip()) if acct.row.ocr else (acct.value.strip(), False))
            return None, account, ("ocr_repaired",) if rep else ()
        flags: list[str] = []
        account = acct.value.strip()
        if acct.row.ocr:
            fixed, rep = repair_spacing(account)
            if rep:
                account, flags = fixed, ["ocr_repaired"]
        emails: list[str] = []
        for k in ("account", "email", "alt_email"):
            for fl in f:
                if fl.key == k:
                    for e in _EMAIL.findall(repair_spacing(fl.value)[0] if fl.row.ocr else fl.value):
                        if e not in emails:
                            emails.append(e)
        ids = [fl.value.strip() for fl in f if fl.key == "account_id" and fl.value.strip()]
        email = first_value(f, "email")
        if email is not None and email.value.strip() != account and email.value.strip() not in ids:
            ids.append(email.value.strip())
        first, last, full = first_value(f, "first"), first_value(f, "last"), first_value(f, "name")
        name = full.value.strip() if full else (" ".join(x.value.strip() for x in (first, last) if x) or None)
        phones = [m.group(0).strip() for fl in f if fl.key == "phone" for m in _PHONE.finditer(fl.value)]
        created = first_value(f, "created")
        reg = first_value(f, "reg_ip")
        extra: dict[str, str] = {}
        for fl in f:
            if fl.key in ("state", "zip", "country", "status", "first", "last") and fl.value.strip():
                extra.setdefault(fl.label, fl.value.strip())
        for label, value, _row in p.others:
            extra.setdefault(label, value)
        out: list[Record] = []
        reg_ip = None
        reg_flags: list[str] = []
        if reg is not None:
            v, rep = fit_ip(reg.value.split()[0] if reg.value.split() else "", reg.row.ocr)
            if v is None:
                out.append(Problem(reg.row.at, "VALUE_NOT_IP", f"{reg.label} value {reg.value!r} is not an IP address; "
                                   "kept in extra"))
                extra[reg.label] = reg.value.strip()
            else:
                reg_ip = v
                if rep:
                    reg_flags.append("ocr_repaired")
        all_rows = [r for fl in f for r in fl.rows]
        sflags = tuple(sorted(set(flags) | set(reg_flags)))
        out.insert(0, Subscriber(
            at=union_at(all_rows), raw="\n".join(fl.raw for fl in f), account=account,
            account_ids=tuple(i for i in ids if i != account), name=name, emails=tuple(emails), phones=tuple(phones),
            address=address_of(f, ("state", "zip", "country")), created=created.value.strip() if created else None,
            created_hint=TimeHint(zone=created.zone) if created and created.zone else None, registration_ip=reg_ip,
            extra=extra, flags=sflags))
        if reg_ip and created is not None:
            out.append(IpEvent(at=reg.row.at, raw=reg.raw + "\n" + created.raw, ip=reg_ip,  # type: ignore[union-attr]
                               time=created.value.strip(), account=account, activity="registration",
                               hint=TimeHint(zone=created.zone) if created.zone else None, flags=tuple(reg_flags)))
        return out, account, tuple(flags)


EXTRACTORS = (MicrosoftAccountPdf(),)
