"""Reading the text of PDFs (and page images) as located lines: the one place extractors get PDF text.

* **Text layer** (fast path): PDFium through pypdfium2, ~850 pages/s. Each line keeps its page
  and bounding box ``(x0, top, x1, bottom)`` in PDF points measured from the top of the page.
* **OCR** (:mod:`extractors.ocr`): pages with no usable text layer (a scan: an image and fewer
  than :data:`MIN_TEXT_CHARS` characters of text) are OCRed, only those pages, in parallel;
  their lines carry ``source="ocr"`` and a confidence. Stored images (PNG/JPEG/TIFF) are read
  as one OCRed page.
* **Budgets**: at most ``doc.options.max_pdf_pages`` pages are read and at most
  ``doc.options.max_ocr_pages`` are OCRed. Pages beyond are not read; the document is marked
  partial and a ``PDF_PAGE_LIMIT`` / ``OCR_PAGE_LIMIT`` note says which pages, so the framework
  flags every record of the file ``partial_file``.
* **Tables** (geometry): :func:`plumber_tables` opens pdfplumber only for the pages asked and
  closes each page after use (pdfplumber keeps ~6 MB per page otherwise).

Everything read is cached on the :class:`~extractors.base.Document`, so identification by many
extractors and the extraction itself read (and OCR) each page once. The framework
(:mod:`pipeline.extraction`) finds the OCRed pages here and stamps provenance: every record
whose locator points at an OCRed page is flagged ``ocr_derived`` with the confidence of the
words under its box, and the OCR text of each page is stored for the analyst.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable

from schemas.records import Locator

from .base import Document
from .ocr import OcrPage, looks_like_document, ocr_image_file, ocr_pdf_pages

PDF_TYPES = ("application/pdf", "application/x-pdf")
IMAGE_TYPES = ("image/png", "image/jpeg", "image/tiff")
#: pages read to identify a document
HEAD_PAGES = 3
#: a page with an image and fewer non-blank text characters than this is treated as a scan
MIN_TEXT_CHARS = 40

_PDFIUM_LOCK = threading.RLock()  # PDFium is not thread-safe


def is_pdf(doc: Document) -> bool:
    return doc.media_type in PDF_TYPES or (doc.suffix == ".pdf" and doc.head(5) == b"%PDF-")


def is_image(doc: Document) -> bool:
    return doc.media_type in IMAGE_TYPES


@dataclass(frozen=True)
class Word:
    """A run of non-blank characters on a line, with its box (for reading table columns)."""

    text: str
    bbox: tuple[float, float, float, float]  #: x0, top, x1, bottom (PDF points, from the page top)
    conf: float | None = None  #: OCR confidence (OCRed pages only)


@dataclass(frozen=True)
class Line:
    """One line of a page: its text, where it is, and how it was read."""

    page: int  #: 1-based
    text: str
    bbox: tuple[float, float, float, float] | None  #: x0, top, x1, bottom (PDF points, from the page top)
    source: str = "text"  #: 'text' (the PDF's text layer) or 'ocr'
    conf: float | None = None  #: OCR confidence of the line's weakest word (0-100)
    words: tuple[Word, ...] = field(default=(), compare=False, repr=False)  #: the line's words with their boxes

    @property
    def at(self) -> Locator:
        return Locator(page=self.page, bbox=self.bbox)

    @property
    def spaced_text(self) -> str:
        """The text with a wide gap between words shown as two spaces (table columns stay apart).

        PDFium's text collapses a run of spaces to one; OCR lines already mark wide gaps this way.
        A gap is wide when it is more than 1.5 times the line's height (a single space in a
        monospaced font is about one height)."""
        if self.source != "text" or len(self.words) < 2 or not self.bbox:
            return self.text
        height = max(1.0, self.bbox[3] - self.bbox[1])
        parts = [self.words[0].text]
        for prev, cur in zip(self.words, self.words[1:]):
            parts.append("  " if cur.bbox[0] - prev.bbox[2] > 1.5 * height else " ")
            parts.append(cur.text)
        spaced = "".join(parts)
        # only when the words are the line's words (the text may hold characters without boxes)
        return spaced if spaced.split() == self.text.split() else self.text


@dataclass
class Page:
    number: int  #: 1-based
    width: float
    height: float
    source: str  #: 'text' | 'ocr' | 'scan' (not OCRed yet) | 'empty' (no text, no image) | 'photo' (an image file that
    #: is a picture, not a page: not OCRed) | 'not_read' (over a budget or failed)
    lines: list[Line] = field(default_factory=list)
    ocr: OcrPage | None = None


def union_bbox(lines: Iterable[Any]) -> tuple[float, float, float, float] | None:
    """The box around the boxes of ``lines`` (anything with a ``bbox``)."""
    boxes = [ln.bbox for ln in lines if getattr(ln, "bbox", None)]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _text_lines(tp: Any, height: float, pno: int) -> list[Line]:
    n = tp.count_chars()
    text = tp.get_text_range(0, n) if n > 0 else ""
    exact = len(text) == n
    out = []
    start = 0
    for m in re.finditer(r"\r\n|\n|\r|$", text):
        end = m.start()
        line = text[start:end]
        if line.strip():
            bbox = None
            words: list[Word] = []
            if exact:
                boxes = []
                word_chars: list[str] = []
                word_boxes: list[tuple[float, float, float, float]] = []
                for i in range(start, end + 1):
                    ch = text[i] if i < end else " "
                    if not ch.isspace():
                        try:
                            box = tp.get_charbox(i)
                        except Exception:  # noqa: BLE001 - a character without a box
                            continue
                        boxes.append(box)
                        word_chars.append(ch)
                        word_boxes.append(box)
                    elif word_chars:
                        words.append(Word("".join(word_chars), _flip(word_boxes, height)))
                        word_chars, word_boxes = [], []
                if boxes:
                    bbox = _flip(boxes, height)
            out.append(Line(pno, line.strip(), bbox, words=tuple(words)))
        start = m.end()
        if m.end() >= len(text):
            break
    return out


def _flip(boxes: list[tuple[float, float, float, float]], height: float) -> tuple[float, float, float, float]:
    """PDFium (left, bottom, right, top) character boxes -> one (x0, top, x1, bottom) box from the page top."""
    x0 = min(b[0] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y0 = min(b[1] for b in boxes)
    y1 = max(b[3] for b in boxes)
    return (round(x0, 1), round(height - y1, 1), round(x1, 1), round(height - y0, 1))


def _has_image(page: Any) -> bool:
    try:
        import pypdfium2.raw as raw

        return any(True for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2))
    except Exception:  # noqa: BLE001
        return False


class PageReader:
    """Reads a document's pages on demand and remembers them (one per Document, in its cache)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.pages: dict[int, Page] = {}
        self.page_count: int | None = None
        self.error: str | None = None
        self._noted: set[str] = set()

    # -- budget notes (read by the framework) ------------------------------------------------
    def _note(self, code: str, message: str, at: Locator | None = None) -> None:
        if code in self._noted:
            return
        self._noted.add(code)
        self.doc.notes.append((code, message, at))
        self.doc.partial = True

    @property
    def ocr_pages(self) -> dict[int, OcrPage]:
        return {n: p.ocr for n, p in sorted(self.pages.items()) if p.ocr is not None}

    # -- reading ---------------------------------------------------------------------------
    def read(self, upto: int | None = None, ocr: bool = True) -> list[Page]:
        """Pages 1..``upto`` (all when None) within the budgets; OCR the textless ones when ``ocr``."""
        if is_image(self.doc):
            return self._read_image(ocr)
        opts = self.doc.options
        with _PDFIUM_LOCK:
            self._read_text_layers(upto)
        count = self.page_count or 0
        limit = min(count, opts.max_pdf_pages)
        want = range(1, (min(upto, limit) if upto is not None else limit) + 1)
        if upto is None and count > opts.max_pdf_pages:
            self._note("PDF_PAGE_LIMIT", f"{self.doc.name} has {count} pages; only the first {opts.max_pdf_pages} were read "
                       f"(the page limit, 'returns limits max_pdf_pages'); pages {opts.max_pdf_pages + 1}-{count} were not read "
                       "and records from this file are partial")
        if ocr and opts.ocr:
            self._ocr([n for n in want if n in self.pages and self.pages[n].source == "scan"])
        return [self.pages[n] for n in want if n in self.pages]

    def _read_text_layers(self, upto: int | None) -> None:
        import pypdfium2 as pdfium

        limit = self.doc.options.max_pdf_pages
        todo_end = limit if upto is None else min(upto, limit)
        if self.page_count is not None and all(n in self.pages for n in range(1, min(todo_end, self.page_count) + 1)):
            return
        try:
            pdf = pdfium.PdfDocument(str(self.doc.path))
        except Exception as exc:  # noqa: BLE001 - an encrypted or broken PDF
            self.error = f"{type(exc).__name__}: {exc}"
            self.page_count = 0
            why = ("is encrypted with a password: it cannot be read without it" if "password" in str(exc).lower()
                   else f"could not be opened as a PDF ({self.error})")
            if why not in self.doc.read_problems:
                self.doc.read_problems.append(why)
            return
        try:
            self.page_count = len(pdf)
            for pno in range(1, min(todo_end, self.page_count) + 1):
                if pno in self.pages:
                    continue
                page = pdf[pno - 1]
                try:
                    width, height = page.get_width(), page.get_height()
                    tp = page.get_textpage()
                    try:
                        lines = _text_lines(tp, height, pno)
                    finally:
                        tp.close()
                    chars = sum(len(ln.text.replace(" ", "")) for ln in lines)
                    if chars >= MIN_TEXT_CHARS or (lines and not _has_image(page)):
                        self.pages[pno] = Page(pno, width, height, "text", lines)
                    elif _has_image(page):
                        self.pages[pno] = Page(pno, width, height, "scan", lines)
                    else:
                        self.pages[pno] = Page(pno, width, height, "empty", lines)
                finally:
                    page.close()
        finally:
            pdf.close()

    def _ocr(self, numbers: list[int]) -> None:
        opts = self.doc.options
        done = sum(1 for p in self.pages.values() if p.ocr is not None)
        allowed = max(0, opts.max_ocr_pages - done)
        now, later = numbers[:allowed], numbers[allowed:]
        if later:
            self._note("OCR_PAGE_LIMIT", f"{self.doc.name}: {len(numbers) + done} pages need OCR; only {opts.max_ocr_pages} were "
                       f"OCRed (the limit, 'returns limits max_ocr_pages'); pages {_ranges(later)} were not read and records "
                       "from this file are partial")
            for n in later:
                self.pages[n].source = "not_read"
        results = ocr_pdf_pages(self.doc.path, now, lang=opts.ocr_lang)
        for n in now:
            self._apply_ocr(self.pages[n], results[n])

    def _apply_ocr(self, page: Page, result: OcrPage) -> None:
        page.ocr = result
        if result.error:
            page.source = "not_read"
            page.lines = []
            self.doc.notes.append(("OCR_FAILED", f"{self.doc.name} page {page.number} could not be OCRed ({result.error}); "
                                   "its text was not read and records from this file are partial", Locator(page=page.number)))
            self.doc.partial = True
            return
        page.source = "ocr"
        page.lines = [Line(page.number, ln.text, ln.bbox, "ocr", ln.conf, tuple(Word(w.text, w.bbox, w.conf) for w in ln.words))
                      for ln in result.lines]

    def _read_image(self, ocr: bool) -> list[Page]:
        if 1 not in self.pages:
            self.page_count = 1
            page = Page(1, 0.0, 0.0, "scan")
            self.pages[1] = page
        page = self.pages[1]
        if ocr and self.doc.options.ocr and page.ocr is None and page.source == "scan":
            if not looks_like_document(self.doc.path):
                page.source = "photo"  # a picture, not a page: not OCRed (and the file stays unidentified)
                return [page]
            self._apply_ocr(page, ocr_image_file(self.doc.path, self.doc.options.ocr_lang))
        return [page]


def _ranges(numbers: list[int]) -> str:
    out: list[str] = []
    for n in numbers:
        if out and out[-1].split("-")[-1] == str(n - 1):
            out[-1] = out[-1].split("-")[0] + f"-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def reader(doc: Document) -> PageReader:
    """The document's page reader (created once, kept in the document's cache)."""
    r = doc._cache.get("pdftext")
    if r is None:
        r = PageReader(doc)
        doc._cache["pdftext"] = r
    return r  # type: ignore[return-value]


def ocr_pages_of(doc: Document) -> dict[int, OcrPage]:
    """The pages OCRed so far while reading this document (none if it was never read as pages)."""
    r = doc._cache.get("pdftext")
    return r.ocr_pages if isinstance(r, PageReader) else {}


def pages(doc: Document, upto: int | None = None, ocr: bool = True) -> list[Page]:
    """The document's pages (text layer, OCR where there is none), within the budgets."""
    return reader(doc).read(upto, ocr)


def lines(doc: Document, upto: int | None = None, ocr: bool = True) -> list[Line]:
    """All lines of pages 1..``upto`` in reading order (page, then top to bottom)."""
    return [ln for p in pages(doc, upto, ocr) for ln in p.lines]


def head_lines(doc: Document, upto: int = HEAD_PAGES, ocr: bool = True) -> list[Line]:
    """Lines of the first pages, for identification (never raises; OCR of a scan is cached for extraction)."""
    try:
        return lines(doc, upto, ocr)
    except Exception:  # noqa: BLE001 - identification must never raise
        return []


def head_text(doc: Document, upto: int = HEAD_PAGES, ocr: bool = True) -> str:
    return "\n".join(ln.text for ln in head_lines(doc, upto, ocr))


def page_text(doc: Document, page: int) -> str:
    for p in pages(doc, page):
        if p.number == page:
            return "\n".join(ln.text for ln in p.lines)
    return ""


def plumber_tables(doc: Document, page_numbers: Iterable[int], settings: dict[str, Any] | None = None) -> dict[int, list[list[list[str | None]]]]:
    """Tables found by pdfplumber on the given text-layer pages (each page closed after use)."""
    import pdfplumber

    out: dict[int, list[list[list[str | None]]]] = {}
    with pdfplumber.open(str(doc.path)) as pdf:
        for n in page_numbers:
            if not 1 <= n <= len(pdf.pages):
                continue
            page = pdf.pages[n - 1]
            try:
                out[n] = page.extract_tables(settings or {})
            finally:
                page.close()
    return out
