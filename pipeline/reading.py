"""How documents are read in a run: OCR language and page budgets (from the case's limits)."""

from __future__ import annotations

import re

from extractors.base import ReadOptions
from extractors.ocr import available_languages

from .case import Case
from .errors import ReturnsError

DEFAULT_OCR_LANG = "eng"


def check_ocr_lang(lang: str) -> None:
    """Refuse an OCR language that tesseract does not have installed (before anything is stored)."""
    parts = [p for p in lang.split("+")]
    if not all(re.fullmatch(r"[A-Za-z_]{3,16}", p) for p in parts):
        raise ReturnsError("OCR_LANG_INVALID", f"{lang!r} is not a tesseract language list",
                           kept="nothing was read or stored", hint="give codes joined by '+', e.g. --ocr-lang eng+fra")
    have = available_languages()
    missing = [p for p in parts if p not in have]
    if missing:
        raise ReturnsError(
            "OCR_LANG_MISSING",
            f"tesseract has no language pack for {', '.join(missing)} on this machine",
            kept="nothing was read or stored",
            hint=("installed: " + (", ".join(sorted(have - {'osd'})) or "none") + f"; install one with "
                  f"'apt-get install tesseract-ocr-{missing[0]}' or choose an installed language"),
        )


def read_options(case: Case, ocr_lang: str | None = None) -> ReadOptions:
    limits = case.limits
    return ReadOptions(
        ocr=True,
        ocr_lang=ocr_lang or DEFAULT_OCR_LANG,
        max_pdf_pages=int(limits["max_pdf_pages"]),
        max_ocr_pages=int(limits["max_ocr_pages"]),
    )
