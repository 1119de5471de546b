"""Optical character recognition of page images (tesseract through pytesseract).

Only pages without a text layer are OCRed (:mod:`extractors.pdftext` decides which). Each page
is rendered at :data:`DPI` by PDFium, then read by tesseract with ``OMP_THREAD_LIMIT=1``
(tesseract's own threading is 7-9x slower on a 2-core machine); pages run in parallel, one
tesseract process per core. The page segmentation mode is chosen per page: ``--psm 3``
(automatic layout) first, ``--psm 6`` (one uniform block: borderless log rows) when the first
reading is weak, and the better-scoring reading is kept with the reason.

What comes back is never trusted: every word keeps its confidence (0-100) and box, lines are
rebuilt from word positions (so a label and its value in separate tesseract blocks still form
one line), and the framework marks every record read from such a page ``ocr_derived``.
"""

from __future__ import annotations

import os
import statistics
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: rendering resolution for OCR (dots per inch)
DPI = 300
#: seconds tesseract may spend on one page in one mode
PAGE_TIMEOUT = 120
#: a reading with a mean word confidence below this, or fewer words, is retried in another mode
WEAK_CONFIDENCE = 80.0
WEAK_WORDS = 12
#: the largest page image OCRed, in pixels (an A3 page at 300 dpi is ~17 million); a larger page is
#: rendered at a lower resolution, an image file this large is refused (a decompression bomb)
MAX_PIXELS = 40_000_000

_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe: rendering is serialised (5 ms/page)


@dataclass(frozen=True)
class OcrWord:
    text: str
    bbox: tuple[float, float, float, float]  #: x0, top, x1, bottom in PDF points from the page top
    conf: float  #: tesseract's confidence, 0-100


@dataclass(frozen=True)
class OcrLine:
    text: str
    bbox: tuple[float, float, float, float]
    conf: float  #: the lowest word confidence on the line (a line is as good as its worst word)
    words: tuple[OcrWord, ...]


@dataclass(frozen=True)
class OcrPage:
    page: int  #: 1-based
    lang: str
    psm: int
    psm_reason: str
    dpi: int
    engine: str  #: e.g. "tesseract 5.3.0"
    mean_conf: float | None
    lines: tuple[OcrLine, ...]
    error: str | None = None  #: set when the page could not be read

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)

    def as_row(self) -> dict[str, Any]:
        """The page as stored for the analyst (``ocr_pages`` table)."""
        return {
            "page": self.page,
            "engine": self.engine,
            "lang": self.lang,
            "psm": self.psm,
            "psm_reason": self.psm_reason,
            "dpi": self.dpi,
            "mean_confidence": self.mean_conf,
            "text": self.text,
            "error": self.error,
            "lines_json": _lines_json(self.lines),
        }


def _lines_json(lines: tuple[OcrLine, ...]) -> str:
    import json

    return json.dumps([{"text": ln.text, "bbox": list(ln.bbox), "conf": ln.conf,
                        "words": [[w.text, w.conf] for w in ln.words]} for ln in lines], ensure_ascii=False)


def engine_version() -> str:
    try:
        import pytesseract

        return f"tesseract {pytesseract.get_tesseract_version()}"
    except Exception as exc:  # noqa: BLE001 - reported in the page's error instead
        return f"tesseract unavailable ({type(exc).__name__})"


def available_languages() -> set[str]:
    try:
        import pytesseract

        return set(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001
        return set()


def _words(data: dict[str, list[Any]], scale: float) -> list[tuple[tuple[int, int, int], OcrWord]]:
    """(tesseract line key, word) for every recognised word."""
    out = []
    for i, text in enumerate(data.get("text", [])):
        text = (text or "").strip()
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            conf = -1.0
        if not text or conf < 0:
            continue
        x, y, w, h = (data[k][i] for k in ("left", "top", "width", "height"))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        out.append((key, OcrWord(text, (round(x * scale, 1), round(y * scale, 1), round((x + w) * scale, 1),
                                        round((y + h) * scale, 1)), round(conf, 1))))
    return out


def _box(words: list[OcrWord]) -> tuple[float, float, float, float]:
    return (min(w.bbox[0] for w in words), min(w.bbox[1] for w in words), max(w.bbox[2] for w in words), max(w.bbox[3] for w in words))


def rows_from_words(keyed: list[tuple[tuple[int, int, int], OcrWord]]) -> tuple[OcrLine, ...]:
    """Lines as tesseract found them (it follows a slight skew), then lines side by side on the page
    (a label and its value in separate blocks) joined; a wide gap between words becomes two spaces."""
    if not keyed:
        return ()
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for key, w in keyed:
        groups.setdefault(key, []).append(w)
    rows = [sorted(ws, key=lambda w: w.bbox[0]) for ws in groups.values()]
    rows.sort(key=lambda ws: (_box(ws)[1], _box(ws)[0]))
    merged: list[list[OcrWord]] = []
    for row in rows:
        b = _box(row)
        for target in merged:
            t = _box(target)
            overlap = min(b[3], t[3]) - max(b[1], t[1])
            side_by_side = b[0] >= t[2] or b[2] <= t[0]
            if side_by_side and overlap >= 0.5 * min(b[3] - b[1], t[3] - t[1]):
                target.extend(row)
                target.sort(key=lambda w: w.bbox[0])
                break
        else:
            merged.append(list(row))
    heights = [w.bbox[3] - w.bbox[1] for _, w in keyed]
    med_h = statistics.median(heights) or 1.0
    lines = []
    for row in sorted(merged, key=lambda ws: (_box(ws)[1], _box(ws)[0])):
        parts = [row[0].text]
        for prev, cur in zip(row, row[1:]):
            parts.append("  " if cur.bbox[0] - prev.bbox[2] > med_h * 1.5 else " ")
            parts.append(cur.text)
        lines.append(OcrLine("".join(parts), _box(row), min(w.conf for w in row), tuple(row)))
    return tuple(lines)


def _score(words: list[tuple[tuple[int, int, int], OcrWord]]) -> float:
    return sum(w.conf for _, w in words) / 100.0


def _read(image: Any, lang: str, psm: int, scale: float) -> list[tuple[tuple[int, int, int], OcrWord]]:
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(image, lang=lang, config=f"--psm {psm}", output_type=pytesseract.Output.DICT,
                                     timeout=PAGE_TIMEOUT)
    return _words(data, scale)


def ocr_image(image: Any, page: int, lang: str, dpi: int = DPI, engine: str | None = None) -> OcrPage:
    """OCR one page image (a PIL image at ``dpi``); never raises (a failure is the page's ``error``)."""
    engine = engine or engine_version()
    scale = 72.0 / dpi
    try:
        gray = image.convert("L")
        first = _read(gray, lang, 3, scale)
        psm, words, reason = 3, first, "automatic page layout"
        mean = statistics.fmean(w.conf for _, w in first) if first else 0.0
        if mean < WEAK_CONFIDENCE or len(first) < WEAK_WORDS:
            second = _read(gray, lang, 6, scale)
            if _score(second) > _score(first):
                psm, words = 6, second
                reason = f"single text block: scored higher than automatic layout ({len(second)} vs {len(first)} words)"
            else:
                reason = f"automatic page layout: a single-block reading scored no better ({len(second)} vs {len(first)} words)"
    except Exception as exc:  # noqa: BLE001 - an OCR failure is reported on the page, never raised
        return OcrPage(page, lang, 0, "", dpi, engine, None, (), f"{type(exc).__name__}: {exc}".strip())
    lines = rows_from_words(words)
    mean_conf = round(statistics.fmean(w.conf for _, w in words), 1) if words else None
    return OcrPage(page, lang, psm, reason, dpi, engine, mean_conf, lines)


def render_pdf_page(path: Path, page: int, dpi: int = DPI) -> tuple[Any, int]:
    """(PIL image, the resolution used) of a PDF page (1-based) at ``dpi``, or lower for a page so
    large that the image would exceed :data:`MAX_PIXELS`."""
    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            p = pdf[page - 1]
            try:
                w_in, h_in = p.get_width() / 72.0, p.get_height() / 72.0
                if w_in * h_in * dpi * dpi > MAX_PIXELS:
                    dpi = max(1, int((MAX_PIXELS / max(w_in * h_in, 1e-6)) ** 0.5))
                bitmap = p.render(scale=dpi / 72.0, grayscale=True)
                try:
                    return bitmap.to_pil().copy(), dpi
                finally:
                    bitmap.close()
            finally:
                p.close()
        finally:
            pdf.close()


def ocr_pdf_pages(path: Path, pages: list[int], lang: str = "eng", dpi: int = DPI, workers: int | None = None) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF in parallel; every asked page gets an :class:`OcrPage`."""
    if not pages:
        return {}
    engine = engine_version()

    def one(page: int) -> OcrPage:
        try:
            image, used = render_pdf_page(path, page, dpi)
        except Exception as exc:  # noqa: BLE001
            return OcrPage(page, lang, 0, "", dpi, engine, None, (), f"the page could not be rendered ({type(exc).__name__}: {exc})")
        return ocr_image(image, page, lang, used, engine)

    workers = max(1, min(workers or (os.cpu_count() or 1), len(pages)))
    if workers == 1:
        return {p: one(p) for p in pages}
    with ThreadPoolExecutor(max_workers=workers) as pool:  # each thread drives one tesseract process
        return dict(zip(pages, pool.map(one, pages)))


def ocr_image_file(path: Path, lang: str = "eng") -> OcrPage:
    """OCR a stored image file (PNG, JPEG, TIFF) as page 1, at its own resolution (300 dpi if unstated)."""
    from PIL import Image

    engine = engine_version()
    try:
        with Image.open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                return OcrPage(1, lang, 0, "", DPI, engine, None, (), f"the image is {im.width} x {im.height} pixels, more than "
                               f"the {MAX_PIXELS:,}-pixel OCR limit; not OCRed (a decompression bomb or a poster-sized scan)")
            dpi_info = im.info.get("dpi")
            dpi = int(round(float(dpi_info[0]))) if dpi_info and float(dpi_info[0]) > 50 else DPI
            im.load()
            return ocr_image(im.copy(), 1, lang, dpi, engine)
    except Image.DecompressionBombError as exc:
        return OcrPage(1, lang, 0, "", DPI, engine, None, (), f"the image is too large to open safely ({exc}); not OCRed "
                       "(a decompression bomb or a poster-sized scan)")
    except Exception as exc:  # noqa: BLE001
        return OcrPage(1, lang, 0, "", DPI, engine, None, (), f"the image could not be opened ({type(exc).__name__}: {exc})")


def looks_like_document(path: Path) -> bool:
    """A cheap look at a stored image: a page (mostly white, little colour) rather than a photo.

    Returns need to OCR scanned letters sent as PNG/JPEG/TIFF, but a package of content can hold
    thousands of photos: OCRing each would take seconds and read nothing. Decided on a 64x64
    thumbnail: at least 45% near-white pixels and a low mean colour saturation."""
    from PIL import Image

    try:
        with Image.open(path) as im:
            im.draft("RGB", (256, 256))  # JPEG: decode at reduced size
            small = im.convert("RGB").resize((64, 64))
    except Exception:  # noqa: BLE001 - unreadable: the OCR attempt reports it
        return True
    hsv = small.convert("HSV")
    _, sat_band, val_band = hsv.split()
    sats = list(sat_band.tobytes())
    vals = list(val_band.tobytes())
    white = sum(1 for v, s_ in zip(vals, sats) if v > 200 and s_ < 40) / len(vals)
    return white >= 0.45 and sum(sats) / len(sats) < 50
