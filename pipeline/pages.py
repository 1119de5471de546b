"""Showing the analyst what the machine read: a stored page as an image, and the OCR text kept for it."""

from __future__ import annotations

from pathlib import Path

from .case import Case
from .errors import ReturnsError
from .queries import Rows


def resolve_sha(case: Case, prefix: str) -> tuple[str, str | None]:
    """(sha256, a path it arrived under) of the stored file whose hash starts with ``prefix``."""
    p = prefix.strip().lower()
    if len(p) < 8 or any(c not in "0123456789abcdef" for c in p):
        raise ReturnsError("FILE_ID_INVALID", f"{prefix!r} is not the start of a SHA-256",
                           hint="give at least 8 hex digits of the file's SHA-256 (see 'returns files')")
    with case.reader() as conn:
        rows = conn.execute("SELECT DISTINCT sha256, min(path) FROM package_files WHERE sha256 LIKE ? GROUP BY sha256",
                            [p + "%"]).fetchall()
    if not rows:
        raise ReturnsError("FILE_UNKNOWN", f"no stored file's SHA-256 starts with {p}", hint="list the files with 'returns files'")
    if len(rows) > 1:
        raise ReturnsError("FILE_ID_AMBIGUOUS", f"{len(rows)} stored files' SHA-256 start with {p}", hint="give more hex digits")
    return rows[0][0], rows[0][1]


def render_page(case: Case, prefix: str, page: int, out: Path | None = None, dpi: int = 150) -> Path:
    """Render page ``page`` of a stored PDF (or a stored image) to a PNG outside the evidence store."""
    from extractors.ocr import render_pdf_page

    sha, name = resolve_sha(case, prefix)
    src = case.store().path_for(sha)
    out = out or Path(f"{sha[:16]}-page{page}.png")
    with open(src, "rb") as fh:
        head = fh.read(8)
    try:
        if head.startswith(b"%PDF-"):
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(str(src))
            try:
                count = len(pdf)
            finally:
                pdf.close()
            if not 1 <= page <= count:
                raise ReturnsError("PAGE_OUT_OF_RANGE", f"{name} has {count} pages; there is no page {page}", hint=f"give --page 1 to {count}")
            image, _ = render_pdf_page(src, page, dpi)
        else:
            from PIL import Image

            if page != 1:
                raise ReturnsError("PAGE_OUT_OF_RANGE", f"{name} is a single image; there is no page {page}", hint="give --page 1")
            image = Image.open(src)
        image.save(out, "PNG")
    except ReturnsError:
        raise
    except Exception as exc:  # noqa: BLE001 - a file that cannot be rendered
        raise ReturnsError("PAGE_NOT_RENDERED", f"page {page} of {name} could not be rendered ({type(exc).__name__}: {exc})",
                           kept="the stored file is unchanged", hint="open the original from the evidence store with a PDF viewer") from None
    return out


def ocr_text(case: Case, prefix: str, page: int | None = None) -> Rows:
    """The OCR text stored for a file's pages (latest run that OCRed it)."""
    sha, _ = resolve_sha(case, prefix)
    sql = """SELECT o.page, o.engine, o.lang, o.psm, o.mean_confidence, o.error, o.text
             FROM ocr_pages o JOIN extraction_runs r USING (run_id)
             WHERE o.source_sha256 = ? {page}
             QUALIFY row_number() OVER (PARTITION BY o.page ORDER BY r.run_no DESC) = 1
             ORDER BY o.page"""
    params: list[object] = [sha]
    with case.reader() as conn:
        cur = conn.execute(sql.format(page="AND o.page = ?" if page else ""), params + ([page] if page else []))
        cols = [d[0] for d in cur.description]
        rows = cur.fetchall()
    if not rows:
        raise ReturnsError("NO_OCR_TEXT", "no OCR text is stored for this file" + (f" page {page}" if page else ""),
                           hint="only pages without a text layer are OCRed; see 'returns files' for how the file was read")
    return cols, rows
