"""Google letters and confirmations as PDF: preservation confirmations, "no data" notices and
other letters that hold references, account names and dates but no records.

They name accounts and print dates, yet nothing in them is a subscriber or IP record: they
yield :class:`DocumentFact` only, never a Subscriber or an IpEvent:

* ``request_reference`` - the Google reference (``Google Reference Number: GGL-2026-0141``; an
  unlabelled ``GGL-YYYY-NNNN`` when no labelled one is printed);
* ``target`` - each account the letter names (labelled ``Account:`` / ``Identifier:`` lines,
  the subject line, and addresses or Google account ids in sentences about an account);
* ``letter_date`` - the letter's date (a ``Date:`` line, or a line holding only a date near
  the top), its text as printed also given as the fact's time (a date alone: the framework
  keeps it as a date, no time of day is invented);
* ``no_records`` - every sentence saying nothing was found (not a conditional one);
* ``preservation`` - a sentence confirming data was preserved (the date it runs ``until`` in
  ``extra``);
* ``note`` - a sentence stating the time zone of the letter's dates.

Other extractors read some Google PDFs already, and one file claimed twice is an
EXTRACTOR_CONFLICT: this extractor leaves a PDF alone when :class:`extractors.google.GoogleNotice`
claims it (Google cover letters whose text layer has three or more letter phrases) or
:class:`extractors.manifests.Certificate` does (certificates of authenticity). It therefore reads
form-like confirmations and notices, and letters those two cannot read (a scanned letter: they
read the text layer only, this one reads OCR text through :mod:`extractors.pdftext`).

Layouts are **assumed** (the wording of the GGL-2026-0141 package's letters, LAYOUTS.md#google);
Google publishes no template of its letters.
"""

from __future__ import annotations

import re
from typing import Iterator

from schemas.records import DocumentFact, Locator, Record

from . import pdftext
from .base import Claim, Document, Extractor
from .google import _LETTER, _NO_RECORDS, _REFERENCE_LABELS, FIELDS as GOOGLE_FIELDS, DISTINCTIVE, GoogleNotice, lkey, sentences
from .manifests import Certificate, looks_like_certificate
from .microsoft import _IPISH, ZONE_STATEMENT
from .ocrfix import repair_spacing

_GOOGLE = re.compile(r"\bGoogle\b")
_GGL_REF = re.compile(r"\bGGL-\d{4}-\d{3,}\b")
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_GAIA = re.compile(r"(?i)\b(?:google\s+)?account\s+id\s*:?\s*(\d{9,21})\b|\((\d{9,21})\)")
_ACCOUNT_LABEL = re.compile(r"(?i)^\s*(?P<label>(?:google\s+)?accounts?(?:\s*\(s\))?|identifiers?(?:\s*\(s\))?|target(?:\s+account)?|"
                            r"user(?:\s*name)?|e-?mail(?:\s+address)?|subject\s+account|account\s+identifier)\s*:\s*(?P<value>\S.*?)\s*$")
_SUBJECT = re.compile(r"(?i)^\s*(re|subject)\s*:\s*(?P<value>.*\S)\s*$")
_DATE_LABEL = re.compile(r"(?i)^\s*(?:date|dated|letter\s+date)\s*:\s*(?P<value>\S.*?)\s*$")
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (r"(?:" + _MONTHS + r"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+" + _MONTHS + r",?\s+\d{4}|\d{4}-\d{2}-\d{2}|"
         r"\d{1,2}/\d{1,2}/\d{4})")
_DATE_ONLY = re.compile(r"(?i)^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?P<value>" + _DATE + r")\s*$")
_PRESERVED = re.compile(r"(?i)\b(?:has|have)\s+(?:been\s+)?preserved\b|\bwe\s+(?:have\s+)?preserved\b|\bpreserved\s+(?:the\s+)?"
                        r"(?:data|records|information|contents?)\b|\bpreservation\s+(?:request\s+)?(?:has\s+been\s+|was\s+|is\s+)?"
                        r"(?:processed|completed|confirmed|extended|in\s+place)\b")
_UNTIL = re.compile(r"(?i)\buntil\s+(?P<date>" + _DATE + r")")
_CONDITIONAL = re.compile(r"(?i)\b(if|whether|unless)\b")
_GOOGLE_DOMAINS = re.compile(r"(?i)@(?:[a-z0-9-]+\.)*google\.com$")


def _lines(doc: Document, head: bool) -> list[pdftext.Line]:
    try:
        return pdftext.head_lines(doc) if head else pdftext.lines(doc)
    except Exception:  # noqa: BLE001
        return []


def _records_like(texts: list[str]) -> bool:
    """The text reads like records, not a letter: Google subscriber labels or lines of IPs."""
    fields = {GOOGLE_FIELDS_BY_KEY.get(lkey(t.split(":", 1)[0])) for t in texts if ":" in t}
    if len(fields & DISTINCTIVE) >= 2:
        return True
    return sum(1 for t in texts if _IPISH.search(t)) >= 3


GOOGLE_FIELDS_BY_KEY = {lkey(label): f for f, labels in GOOGLE_FIELDS.items() for label in labels}


def _ocr_reference(text: str) -> str | None:
    """A GGL reference OCR cut with spaces ('GGL-2026-01 41') put back together, when that is its shape."""
    joined = re.sub(r"\s+", "", text)
    return joined if _GGL_REF.fullmatch(joined) else None


class GoogleLetter(Extractor):
    name = "google_letter"
    provider = "Google"
    layout = ("Google letters and confirmations as PDF (preservation confirmations, no-data notices, letters the "
              "google_notice extractor does not read): references, accounts named, dates; no records (assumed layout)")
    version = "1"
    media_types = pdftext.PDF_TYPES
    default_zone = None
    sources = ("LAYOUTS.md#google (letters: assumed, after the GGL-2026-0141 package's letters; Google publishes no "
               "letter template)",)

    def identify(self, doc: Document) -> Claim | None:
        try:
            if not pdftext.is_pdf(doc):
                return None
            lines = _lines(doc, head=True)
            texts = [ln.text for ln in lines if ln.text.strip()]
            joined = " ".join(texts)
            page1 = [ln.text for ln in lines if ln.page == lines[0].page and ln.text.strip()] if lines else []
            # Google wrote it: its name in the letterhead or the page footer, or a Google reference
            # (a letter that only mentions Google services is someone else's)
            if not texts or not (any(_GOOGLE.search(t) for t in page1[:8] + page1[-3:]) or _GGL_REF.search(joined)):
                return None
            if looks_like_certificate(texts) or _records_like(texts):
                return None
            # a file another extractor reads: claiming it too would be a conflict
            if GoogleNotice().identify(doc) is not None or Certificate().identify(doc) is not None:
                return None
            reference = any(_REFERENCE_LABELS.match(t) for t in texts) or bool(_GGL_REF.search(joined))
            letter = sum(1 for p in _LETTER if p.search(joined))
            if not (reference or letter >= 2):
                return None
            if _PRESERVED.search(joined) or re.search(r"(?i)\bpreservation\s+confirmation\b", joined):
                return Claim("preservation-confirmation")
            if any(_NO_RECORDS.search(s) and not _CONDITIONAL.search(s) for s in re.split(r"(?<=[.!?])\s+", joined)):
                return Claim("no-records-notice")
            return Claim("letter")
        except Exception:  # noqa: BLE001 - identification must never raise
            return None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        lines = [ln for ln in _lines(doc, head=False) if ln.text.strip()]
        yield from self._references(lines)
        yield from self._targets(lines)
        yield from self._date(lines)
        for sentence, at in sentences(lines):  # type: ignore[arg-type]
            if _CONDITIONAL.search(sentence):
                continue
            if _NO_RECORDS.search(sentence) and re.search(r"[.!?]\s*$", sentence):  # a statement, not a title
                yield DocumentFact(at=at, raw=sentence, kind="no_records", value=sentence, extra={"statement": sentence})
            if _PRESERVED.search(sentence):
                extra = {"statement": sentence}
                m = _UNTIL.search(sentence)
                if m:
                    extra["until"] = m["date"]
                yield DocumentFact(at=at, raw=sentence, kind="preservation", value=sentence, extra=extra)
            if ZONE_STATEMENT.search(sentence):
                yield DocumentFact(at=at, raw=sentence, kind="note", value=sentence)

    @staticmethod
    def _references(lines: list[pdftext.Line]) -> Iterator[Record]:
        labelled = False
        for ln in lines:
            m = _REFERENCE_LABELS.match(ln.text)
            if m:
                labelled = True
                value, extra = m["value"], {"label": m["label"]}
                fixed = _ocr_reference(value) if ln.source == "ocr" else None
                if fixed is not None and fixed != value:
                    value, extra = fixed, {**extra, "ocr_repaired": "spaces OCR put inside the reference were removed",
                                           "as_read": m["value"]}
                yield DocumentFact(at=ln.at, raw=ln.text, kind="request_reference", value=value, extra=extra)
        if labelled:
            return
        seen: set[str] = set()
        for ln in lines:
            for ref in _GGL_REF.findall(ln.text):
                if ref not in seen:
                    seen.add(ref)
                    yield DocumentFact(at=ln.at, raw=ln.text, kind="request_reference", value=ref,
                                       extra={"label": "(unlabelled, printed in the text)"})

    @staticmethod
    def _targets(lines: list[pdftext.Line]) -> Iterator[Record]:
        seen: set[str] = set()
        ocr = any(ln.source == "ocr" for ln in lines)

        def facts(at: Locator, raw: str, text: str, label: str, whole: bool) -> Iterator[DocumentFact]:
            fixed, repaired = repair_spacing(text) if ocr else (text, False)
            found = [e for e in _EMAIL.findall(fixed) if not _GOOGLE_DOMAINS.search(e)]
            found += [g for m in _GAIA.finditer(fixed) for g in m.groups() if g]
            if not found and whole:
                found = [text.strip()]
            for v in found:
                if v not in seen:
                    seen.add(v)
                    extra = {"label": label}
                    if repaired and v not in text:
                        extra.update({"ocr_repaired": "spaces OCR put inside the value were removed", "as_read": text.strip()})
                    yield DocumentFact(at=at, raw=raw, kind="target", value=v, extra=extra)

        for ln in lines:
            m = _ACCOUNT_LABEL.match(ln.text)
            if m:
                yield from facts(ln.at, ln.text, m["value"], m["label"], True)
                continue
            s = _SUBJECT.match(ln.text)
            if s:
                yield from facts(ln.at, ln.text, s["value"], s.group(1), False)
        for sentence, at in sentences(lines):  # type: ignore[arg-type]
            if re.search(r"(?i)\b(account|identifier)s?\b", sentence):
                yield from facts(at, sentence, sentence, "(named in the text)", False)

    @staticmethod
    def _date(lines: list[pdftext.Line]) -> Iterator[Record]:
        for ln in lines:
            m = _DATE_LABEL.match(ln.text)
            if m and not re.match(r"(?i)^\s*date\s+range", ln.text):
                value = m["value"]
                yield DocumentFact(at=ln.at, raw=ln.text, kind="letter_date", value=value, time=value,
                                   extra={"label": ln.text.split(":", 1)[0].strip()})
                return
        for ln in lines[:15]:
            m = _DATE_ONLY.match(ln.text)
            if m:
                yield DocumentFact(at=ln.at, raw=ln.text, kind="letter_date", value=m["value"], time=m["value"],
                                   extra={"label": "(a line holding only a date)"})
                return


EXTRACTORS = (GoogleLetter(),)

