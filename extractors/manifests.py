"""Provider-neutral package documents: hash lists and certificates of authenticity.

Two extractors, for any provider:

* ``hash_list`` reads a provider's list of produced files with their MD5 / SHA-1 / SHA-256
  (SHA-512) digests, in the forms providers and tools print them: an aligned table
  (``Algorithm  Hash  Bytes  File``, Google's ``*_Hash_Values.txt``), ``sha256sum`` /
  ``md5sum`` output (``<hex>  <file>``), BSD ``SHA256 (file) = <hex>``, labelled blocks
  (``File: …`` then ``MD5: …``) and delimited tables (``Filename,SHA256``). Each entry is a
  ``DocumentFact(kind="hash_listed", value="<algo>:<hex lower case>", extra={"file": name
  as printed})``. The package-level check (hashing the listed files) is done by
  :mod:`pipeline.package_checks`, never here.
* ``certificate`` reads a certificate of authenticity / custodian-of-records declaration
  (text, or a PDF's text layer via pypdfium2) and yields ``DocumentFact(kind="certificate",
  value=<who signed, as printed>, extra={"date", "title", "custodian", ...})``, plus a
  ``hash_listed`` fact for every digest the certificate itself prints ("SHA-256 of
  records.html: …").

Both recognise a document by what it says (titles, attestation wording, the shape of hash
lines), never by its position in a package. Nothing is computed or compared here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import Iterator

from schemas.records import DocumentFact, Locator, Problem, Record

from . import pdftext
from .base import Claim, Document, Extractor, decode_text
from .tables import sniff_delimiter

# -- shared text access ---------------------------------------------------------------------


@dataclass(frozen=True)
class TextLine:
    """One line of a document's text with where it is (text line/offset, or PDF page/bbox)."""

    text: str
    at: Locator


PDF_TYPES = ("application/pdf", "application/x-pdf")
#: pages read for identification of a PDF
PDF_HEAD_PAGES = 3


is_pdf = pdftext.is_pdf


def pdf_lines(doc: Document, max_pages: int | None = None) -> list[TextLine]:
    """The lines of a PDF (text layer, OCR for scans), each located by page and bounding box
    (x0, top, x1, bottom in PDF points, top measured from the top of the page)."""
    return [TextLine(ln.text, ln.at) for ln in pdftext.lines(doc, max_pages)]


def text_lines(doc: Document, head: bool = False) -> list[TextLine]:
    """Lines of a text document with line number and byte offset (``head``: first 64 KiB only)."""
    decoded = decode_text(doc.head()) if head else doc.text()
    return [TextLine(t, Locator(line=no, byte_offset=off)) for no, off, t in decoded.lines]


def document_lines(doc: Document, head: bool = False) -> list[TextLine]:
    """Lines of a text or PDF document (``head``: enough to identify it)."""
    if is_pdf(doc):
        return pdf_lines(doc, PDF_HEAD_PAGES if head else None)
    return text_lines(doc, head)


def _is_text(doc: Document) -> bool:
    return doc.media_type.startswith("text/") or doc.media_type in ("application/csv",)


# -- hash entries ----------------------------------------------------------------------------

_HEX_LENGTHS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
HEX = r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{128}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{32})(?![0-9A-Fa-f])"
_HEX_RE = re.compile(HEX)
_ALGO = r"(?:MD-?5|SHA-?1|SHA-?256|SHA-?512|SHA-?2-256|SHA-?384)"
_ALGO_RE = re.compile(r"(?i)(?<![A-Za-z0-9])" + _ALGO + r"(?![A-Za-z0-9])")
_ALGO_FIRST = re.compile(
    r"(?i)^\s*(?P<algo>" + _ALGO + r")(?:\s+(?:hash|checksum|digest|value))*\s*[:=]?\s+(?P<hex>" + HEX + r")\s*(?P<rest>.*)$"
)
_BSD = re.compile(r"(?i)^\s*(?P<algo>" + _ALGO + r")\s*\((?P<file>.+)\)\s*=\s*(?P<hex>" + HEX + r")\s*$")
_GNU = re.compile(r"^\s*(?P<hex>" + HEX + r")(?: \*| {1,}|\t+)(?P<file>\S.*?)\s*$")
_LABELLED_HASH = re.compile(
    r"(?i)^\s*(?P<algo>" + _ALGO + r")(?:[\s-]+(?:hash|checksum|digest|value))*\s*:\s*(?P<hex>" + HEX + r")\s*$"
)
_OF_FILE = re.compile(
    r"(?i)(?P<algo>" + _ALGO + r")(?:\s+(?:hash|checksum|digest)(?:\s+value)?)?\s+(?:of|for)\s+(?:the\s+file\s+)?"
    r"(?P<file>[^\s:]+(?:\s[^\s:]+){0,6}?)\s*:\s*(?P<hex>" + HEX + r")"
)
_FILE_LABEL = re.compile(r"(?i)^\s*(?:file\s*name|filename|file|name|path|file\s*path)\s*:\s*(?P<file>\S.*?)\s*$")
_HASH_WORDS = re.compile(r"(?i)\b(hash(es)?|checksums?|digests?|md5|sha-?1|sha-?256|sha-?512|sha)\b")
_SIZE_WORDS = re.compile(r"(?i)\b(bytes|size)\b")


def canonical_algo(text: str) -> str | None:
    t = re.sub(r"[^a-z0-9]", "", text.lower())
    return {"md5": "md5", "sha1": "sha1", "sha256": "sha256", "sha2256": "sha256", "sha512": "sha512",
            "sha384": "sha384"}.get(t)


@dataclass(frozen=True)
class HashEntry:
    algo: str
    hex: str
    file: str | None
    size: str | None = None
    algo_from: str = "printed"  #: printed | column | length


def _entry(algo_text: str | None, hexv: str, file: str | None, size: str | None = None, algo_from: str = "printed") -> HashEntry:
    algo = canonical_algo(algo_text) if algo_text else None
    if algo is None:
        algo, algo_from = _HEX_LENGTHS[len(hexv)], "length"
    return HashEntry(algo, hexv.lower(), file, size, algo_from)


def _clean_file(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
        name = name[1:-1]
    return name


def _looks_like_file(name: str | None) -> bool:
    if not name:
        return False
    n = name.strip()
    if not n or _HEX_RE.fullmatch(n) or canonical_algo(n):
        return False
    return bool(re.search(r"[A-Za-z0-9_]", n))


def _split_size(rest: str, allow_size: bool) -> tuple[str | None, str]:
    """(size, file) when a byte count is printed before the file name: always when an aligned
    column (two or more spaces) follows it, with one space only when the list names a size column."""
    sm = re.match(r"^(\d[\d,.]*)(\s{2,}|\t+)(\S.*)$", rest) or (
        re.match(r"^(\d[\d,.]*)(\s+)(\S.*)$", rest) if allow_size else None)
    if sm:
        return sm.group(1), sm.group(3)
    return None, rest


def parse_hash_line(line: str, allow_size: bool) -> list[HashEntry]:
    """Hash entries printed on one line (file name on the same line), in the usual forms."""
    if not _HEX_RE.search(line):
        return []
    m = _BSD.match(line)
    if m:
        return [_entry(m["algo"], m["hex"], _clean_file(m["file"]))]
    m = _OF_FILE.search(line)
    if m and _looks_like_file(m["file"]):
        return [_entry(m["algo"], m["hex"], _clean_file(m["file"]))]
    m = _ALGO_FIRST.match(line)
    if m:
        rest = m["rest"].strip()
        size, rest = _split_size(rest, allow_size)
        if _looks_like_file(rest):
            return [_entry(m["algo"], m["hex"], _clean_file(rest), size)]
        return []
    m = _GNU.match(line)
    if m and _looks_like_file(m["file"]):
        size, rest = _split_size(m["file"], allow_size)
        return [_entry(None, m["hex"], _clean_file(rest), size)]
    # file first: "<file>  [algo]  <hex> [...]"
    hexes = list(_HEX_RE.finditer(line))
    if len(hexes) == 1:
        h = hexes[0]
        before = line[: h.start()].rstrip()
        after = line[h.end():].strip()
        algo_m = None
        for am in _ALGO_RE.finditer(before):
            algo_m = am
        if algo_m is not None and not before[algo_m.end():].strip(" :=\t"):
            file_part = before[: algo_m.start()].strip(" \t:=,;|")
        else:
            algo_m = None
            file_part = before.strip(" \t:=,;|")
        if not after and re.search(r"\s{2,}|\t", line[: h.start()] + " ") and _looks_like_file(file_part) and "." in file_part:
            return [_entry(algo_m.group(0) if algo_m else None, h.group(0), _clean_file(file_part))]
    return []


_FILE_COLS = ("file", "filename", "file name", "file path", "path", "name", "document", "file_name", "object")
_ALGO_COLS = ("algorithm", "algo", "hash algorithm", "hash type", "type")


def _col_key(h: str) -> str:
    return " ".join(re.sub(r"[_\-./()]+", " ", h.lower()).split())


def _hash_col_algo(h: str) -> str | None | bool:
    """An algorithm for a column title naming one ('SHA256', 'MD5 Hash'), True for a generic
    hash column ('Hash', 'Checksum'), None otherwise."""
    k = _col_key(h)
    m = _ALGO_RE.search(h)
    if m:
        return canonical_algo(m.group(0))
    if re.fullmatch(r"(hash|hash value|checksum|digest|hash code)", k):
        return True
    return None


@dataclass
class HashTable:
    header_index: int
    delimiter: str
    file_col: int
    hash_cols: list[tuple[int, str | None]]  #: (column, algorithm named by the title or None)
    algo_col: int | None
    size_col: int | None
    header: list[str]


def find_hash_table(lines: list[TextLine]) -> HashTable | None:
    """A delimited header naming a file column and at least one hash column."""
    candidates = [ln.text for ln in lines[:60]]
    delim = sniff_delimiter(candidates)
    for idx, ln in enumerate(lines[:40]):
        if not ln.text.strip() or delim not in ln.text:
            continue
        try:
            cells = next(csv.reader([ln.text], delimiter=delim))
        except (csv.Error, StopIteration):
            continue
        if len(cells) < 2:
            continue
        keys = [_col_key(c) for c in cells]
        file_col = next((i for i, k in enumerate(keys) if k in _FILE_COLS), None)
        hash_cols = []
        for i, c in enumerate(cells):
            a = _hash_col_algo(c)
            if a is not None and i != file_col:
                hash_cols.append((i, a if isinstance(a, str) else None))
        if file_col is None or not hash_cols:
            continue
        algo_col = next((i for i, k in enumerate(keys) if k in _ALGO_COLS and i not in {c for c, _ in hash_cols}), None)
        size_col = next((i for i, k in enumerate(keys) if k in ("size", "bytes", "size bytes", "file size", "length")), None)
        return HashTable(idx, delim, file_col, hash_cols, algo_col, size_col, cells)
    return None


def hash_entries(lines: list[TextLine]) -> Iterator[tuple[TextLine, HashEntry | None]]:
    """(line, entry) for every digest printed in the lines; entry None when a digest is printed
    but no file name could be tied to it (reported by the caller)."""
    table = find_hash_table(lines)
    if table is not None:
        for ln in lines[table.header_index + 1:]:
            if not ln.text.strip():
                continue
            try:
                cells = next(csv.reader([ln.text], delimiter=table.delimiter))
            except (csv.Error, StopIteration):
                continue
            file = cells[table.file_col].strip() if table.file_col < len(cells) else ""
            size = cells[table.size_col].strip() if table.size_col is not None and table.size_col < len(cells) else None
            any_hex = False
            for col, algo in table.hash_cols:
                v = cells[col].strip() if col < len(cells) else ""
                if not v:
                    continue
                if not _HEX_RE.fullmatch(v):
                    yield ln, None
                    continue
                any_hex = True
                algo_text = algo
                algo_from = "column"
                if algo is None and table.algo_col is not None and table.algo_col < len(cells):
                    algo_text = cells[table.algo_col].strip() or None
                    algo_from = "printed"
                e = _entry(algo_text, v, file or None, size or None, algo_from)
                yield ln, (e if file else None)
            if not any_hex and _HEX_RE.search(ln.text):
                yield ln, None
        return
    allow_size = any(_SIZE_WORDS.search(ln.text) and _HASH_WORDS.search(ln.text) for ln in lines[:60]) or any(
        re.search(r"(?i)\b(bytes|size)\b", ln.text) and re.search(r"(?i)\bfile\b", ln.text) for ln in lines[:60])
    pending_file: str | None = None
    pending_line: TextLine | None = None
    for ln in lines:
        text = ln.text
        if not text.strip():
            pending_file = pending_line = None
            continue
        fm = _FILE_LABEL.match(text)
        if fm and not _HEX_RE.search(text):
            pending_file, pending_line = _clean_file(fm["file"]), ln
            continue
        if not _HEX_RE.search(text):
            continue
        found = parse_hash_line(text, allow_size)
        if found:
            for e in found:
                yield ln, e
            continue
        lm = _LABELLED_HASH.match(text)
        if lm:
            e = _entry(lm["algo"], lm["hex"], pending_file)
            if pending_file and pending_line is not None:
                # the entry is read from two lines: the file's and the digest's
                yield TextLine(pending_line.text.strip() + "\n" + text, ln.at), e
            else:
                yield ln, None
            continue
        yield ln, None


# -- hash list extractor ---------------------------------------------------------------------


class HashList(Extractor):
    name = "hash_list"
    provider = "any"
    layout = "A provider's list of produced files with MD5/SHA-1/SHA-256 digests (aligned table, sha256sum, BSD, labelled, CSV)"
    version = "2"
    media_types = ("text/plain", "text/csv", "text/tab-separated-values", "application/csv")
    sources = (
        "LAYOUTS.md#google (GGL-2026-0141_Hash_Values.txt: algorithm, hash, bytes, file; assumed layout)",
        "GNU coreutils sha256sum/md5sum output format ('<hex>  <file>', '<hex> *<file>')",
        "BSD md5/shasum --tag output format ('SHA256 (<file>) = <hex>')",
    )

    _NAME_HINT = re.compile(r"(?i)(hash|checksum|digest|manifest|sha\d*sums?|md5sums?)|\.(sha1|sha256|sha512|md5)$")

    def identify(self, doc: Document) -> Claim | None:
        if not _is_text(doc):
            return None
        lines = text_lines(doc, head=True)
        if looks_like_certificate([ln.text for ln in lines]):
            return None
        entries = [(ln, e) for ln, e in hash_entries(lines)]
        good = [e for _, e in entries if e is not None]
        if not good:
            return None
        nonempty = [ln for ln in lines if ln.text.strip()]
        head_says = any(_HASH_WORDS.search(ln.text) for ln in nonempty[:12] if not _HEX_RE.search(ln.text))
        named = bool(self._NAME_HINT.search(doc.filename))
        mostly = len({id(ln) for ln, e in entries if e is not None}) >= 0.6 * len(nonempty)
        if not (head_says or named or mostly):
            return None
        return Claim(_style(lines))

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        lines = text_lines(doc)
        for ln, e in hash_entries(lines):
            if e is None:
                yield Problem(ln.at, "HASH_ENTRY_UNREADABLE",
                              f"a digest is printed here but no file name could be tied to it: {ln.text.strip()!r}")
                continue
            yield hash_fact(ln, e)


def hash_fact(ln: TextLine, e: HashEntry) -> DocumentFact:
    extra = {"file": e.file or ""}
    if e.size:
        extra["bytes"] = e.size
    if e.algo_from != "printed":
        extra["algorithm_from"] = "the column title" if e.algo_from == "column" else "the digest length"
    return DocumentFact(at=ln.at, raw=ln.text, kind="hash_listed", value=f"{e.algo}:{e.hex}", extra=extra)


def _style(lines: list[TextLine]) -> str:
    if find_hash_table(lines) is not None:
        return "delimited-table"
    for ln in lines:
        if _BSD.match(ln.text):
            return "bsd-tag"
        if _LABELLED_HASH.match(ln.text):
            return "labelled"
        if _ALGO_FIRST.match(ln.text):
            return "aligned-table"
        if _GNU.match(ln.text):
            return "coreutils"
    return "file-then-digest"


# -- certificates ------------------------------------------------------------------------------

_TITLES = re.compile(
    r"(?i)\b(certificate|certification|declaration|affidavit)\s+of\s+(authenticity|custodian|records?\s+custodian|"
    r"domestic\s+(business\s+)?records|business\s+records|records)|"
    r"\b(business|domestic)\s+records?\s+(declaration|certification|certificate|affidavit)|"
    r"\bcustodian\s+of\s+records\s+(declaration|certification|certificate|affidavit)|"
    r"\brecords?\s+custodian\s+(declaration|certification|certificate|affidavit)"
)
_ATTEST = (
    re.compile(r"(?i)penalt(y|ies)\s+of\s+perjury"),
    re.compile(r"(?i)true\s+and\s+(correct|accurate|complete)\s+cop(y|ies)|true\s+and\s+correct|true\s+duplicates?"),
    re.compile(r"(?i)regularly\s+conducted\s+(business\s+)?activit"),
    re.compile(r"(?i)custodian\s+of\s+(the\s+)?records|records\s+custodian"),
    re.compile(r"(?i)\b902\s*\(\s*1[13]\s*\)|\b803\s*\(\s*6\s*\)"),
    re.compile(r"(?i)28\s+U\.?\s*S\.?\s*C\.?\s*(§+|section)?\s*1746"),
    re.compile(r"(?i)\bbusiness\s+records?\b"),
    re.compile(r"(?i)at\s+or\s+near\s+the\s+time"),
)


def certificate_signals(lines: list[str]) -> tuple[bool, int]:
    """(a certificate title in the heading lines, number of attestation phrases in the text)."""
    nonempty = [ln for ln in lines if ln.strip()]
    head = " ".join(nonempty[:8])
    body = " ".join(nonempty)
    title = bool(_TITLES.search(head))
    return title, sum(1 for p in _ATTEST if p.search(body))


def looks_like_certificate(lines: list[str]) -> bool:
    title, n = certificate_signals(lines)
    if title:
        return n >= 1
    body = " ".join(ln for ln in lines if ln.strip())
    sworn = bool(_ATTEST[0].search(body) or _ATTEST[1].search(body))
    custodian = bool(_ATTEST[3].search(body) or _ATTEST[4].search(body))
    return n >= 3 and sworn and custodian


_SIGNED = re.compile(r"(?i)^\s*(?:signed|signature|signed\s+by|by)\s*:?\s*(?:/s/\s*)?(?P<rest>\S.*)$")
_SLASH_S = re.compile(r"(?i)/s/\s*(?P<rest>\S.*)$")
_I_NAME = re.compile(r"(?:^|[.;]\s+|\s)I,\s+(?P<name>[A-Z][^,]{1,60}?),\s+(?:hereby\s+|do\s+|being\s+|am\s+|the\s+undersigned|attest|declare|certify|state|swear|depose)")
_DATE_LINE = re.compile(
    r"(?i)^\s*(?:date(?:d)?|date\s+signed|signature\s+date|executed(?:\s+on)?|signed\s+on)\s*[:,]?\s*(?:on\s+)?(?P<date>\S.*?)\s*\.?\s*$")
_DATE_INLINE = re.compile(
    r"(?i)\b(?:executed|signed|dated)\s+(?:on|this)\s+(?P<date>(?:\d{1,2}(?:st|nd|rd|th)?\s+day\s+of\s+)?[A-Za-z0-9][A-Za-z0-9 ,/.\-]{3,40}?\d{2,4})\b")
_EMPLOYED_BY = re.compile(r"(?i:employed\s+by)\s+(?P<org>[A-Z][^()]{1,80}?)\s*(?:\(|,?\s+(?i:as|in)\b|\.(?=\s+[A-Z]|\s*$))")
_ROLE = re.compile(r"(?i)\b(custodian|records|manager|specialist|officer|analyst|declarant|paralegal|legal|director|counsel|"
                   r"investigator|representative|agent|lead|coordinator|associate|engineer)\b")
_NAME_LABEL = re.compile(r"(?i)^\s*(?:name|printed\s+name|declarant|signatory)\s*:\s*(?P<name>\S.*?)\s*$")
_TITLE_LABEL = re.compile(r"(?i)^\s*(?:title|position)\s*:\s*(?P<title>\S.*?)\s*$")


_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_SHAPE = re.compile(
    r"(?i)\b(?:\d{1,2}(?:st|nd|rd|th)?\s+day\s+of\s+" + _MONTHS + r",?\s+\d{4}"
    r"|" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}\s+" + _MONTHS + r",?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b")


def _date_part(text: str) -> str:
    """The date in a 'Date:' / 'Executed on' value ('March 3, 2019, at Springfield' -> 'March 3, 2019');
    the value as printed when no date shape is found in it."""
    m = _DATE_SHAPE.search(text)
    return m.group(0) if m else text.strip().rstrip(".")


def _split_role(parts: list[str]) -> tuple[str | None, str | None]:
    """From 'Custodian of Records, Google LLC' parts: (title, organisation)."""
    parts = [p.strip() for p in parts if p.strip()]
    if not parts:
        return None, None
    idx = next((i for i, p in enumerate(parts) if _ROLE.search(p)), None)
    if idx is None:
        return None, ", ".join(parts)
    title = parts[idx]
    org = ", ".join(parts[idx + 1:]) or None
    return title, org


@dataclass
class CertificateFields:
    signer: str | None = None
    signer_at: TextLine | None = None
    signed_as: str | None = None
    declarant: str | None = None
    declarant_at: TextLine | None = None
    date: str | None = None
    title: str | None = None
    custodian: str | None = None
    heading: str | None = None
    heading_at: TextLine | None = None


def read_certificate(lines: list[TextLine]) -> CertificateFields:
    f = CertificateFields()
    nonempty = [ln for ln in lines if ln.text.strip()]
    for ln in nonempty[:8]:
        if _TITLES.search(ln.text):
            f.heading, f.heading_at = ln.text.strip(), ln
            break
    joined = " ".join(ln.text.strip() for ln in nonempty)
    m = _I_NAME.search(joined)
    if m:
        f.declarant = m["name"].strip()
        f.declarant_at = next((ln for ln in nonempty if f"I, {f.declarant}" in ln.text), None) or (nonempty[0] if nonempty else None)
    # the signature: "/s/ Name[, Title[, Org]]" or "Signed: Name", the last one in the document
    for i, ln in enumerate(nonempty):
        text = ln.text.strip()
        sm = _SLASH_S.search(text)
        rest = None
        if sm:
            rest = sm["rest"]
        else:
            lm = _SIGNED.match(text)
            if lm and re.match(r"(?i)^\s*(signed|signature|signed\s+by)\b", text) and not re.match(r"(?i)^\s*signed\s+on\b", text):
                rest = lm["rest"]
        if rest is None:
            continue
        parts = [p.strip() for p in rest.split(",")]
        name = parts[0].strip().rstrip(".")
        if not name or not re.search(r"[A-Za-z]", name):
            continue
        f.signer, f.signer_at, f.signed_as = name, ln, text
        title, org = _split_role(parts[1:])
        # the lines right after a signature often carry the title and organisation
        if title is None and i + 1 < len(nonempty):
            nxt = nonempty[i + 1].text.strip()
            if _ROLE.search(nxt) and len(nxt) < 100 and not _DATE_LINE.match(nxt):
                title, org2 = _split_role(nxt.split(","))
                org = org or org2
        if title:
            f.title = title
        if org:
            f.custodian = org
    if f.signer is None:
        for ln in nonempty:
            nm = _NAME_LABEL.match(ln.text)
            if nm:
                f.signer, f.signer_at, f.signed_as = nm["name"], ln, ln.text.strip()
    if f.title is None:
        for ln in nonempty:
            tm = _TITLE_LABEL.match(ln.text)
            if tm:
                f.title = tm["title"]
    if f.custodian is None:
        em = _EMPLOYED_BY.search(joined)
        if em:
            f.custodian = em["org"].strip().rstrip(",")
    for ln in nonempty:
        dm = _DATE_LINE.match(ln.text)
        if dm and not re.match(r"(?i)^\s*date\s+range", ln.text):
            f.date = _date_part(dm["date"])
    if f.date is None:
        for dm in _DATE_INLINE.finditer(joined):
            f.date = _date_part(dm["date"])
    return f


def certificate_hash_entries(lines: list[TextLine]) -> Iterator[tuple[TextLine, HashEntry]]:
    """Digests a certificate prints, including 'SHA-256 of <file>:' followed by the digest on
    the next line."""
    seen: set[tuple[str, str | None]] = set()
    for ln, e in hash_entries(lines):
        if e is not None and (e.hex, e.file) not in seen:
            seen.add((e.hex, e.file))
            yield ln, e
    nonempty = [ln for ln in lines if ln.text.strip()]
    for i, ln in enumerate(nonempty[:-1]):
        m = re.search(r"(?i)(?P<algo>" + _ALGO + r")(?:\s+(?:hash|checksum|digest)(?:\s+value)?)?\s+(?:of|for)\s+"
                      r"(?:the\s+file\s+)?(?P<file>[^\s:]+(?:\s[^\s:]+){0,6}?)\s*:\s*$", ln.text)
        if not m:
            continue
        nxt = nonempty[i + 1]
        hm = re.fullmatch(r"\s*(" + HEX + r")\s*\.?\s*", nxt.text)
        if hm:
            e = _entry(m["algo"], hm.group(1), _clean_file(m["file"]))
            if (e.hex, e.file) not in seen:
                seen.add((e.hex, e.file))
                yield TextLine(ln.text.rstrip() + "\n" + nxt.text, nxt.at), HashEntry(e.algo, e.hex, e.file, None, e.algo_from)


class Certificate(Extractor):
    name = "certificate"
    provider = "any"
    layout = "A certificate of authenticity / custodian-of-records (business records) declaration, text or PDF"
    version = "2"
    media_types = ("text/plain", *PDF_TYPES)
    sources = (
        "Federal Rules of Evidence 902(11), 902(13) and 803(6) (certified domestic records of a regularly conducted activity)",
        "28 U.S.C. 1746 (unsworn declarations under penalty of perjury)",
        "LAYOUTS.md#google, #meta, #snapchat (sample certificates: wording assumed, no provider original found)",
    )

    def identify(self, doc: Document) -> Claim | None:
        lines = document_lines(doc, head=True)
        texts = [ln.text for ln in lines]
        if not looks_like_certificate(texts):
            return None
        title, _ = certificate_signals(texts)
        return Claim(("pdf" if is_pdf(doc) else "text") + ("-titled" if title else "-attestation"))

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        lines = document_lines(doc)
        f = read_certificate(lines)
        at_line = f.signer_at or f.declarant_at or f.heading_at or next((ln for ln in lines if ln.text.strip()), None)
        if at_line is None:
            return
        signer = f.signer or f.declarant
        extra: dict[str, str] = {}
        if f.date:
            extra["date"] = f.date
        if f.title:
            extra["title"] = f.title
        if f.custodian:
            extra["custodian"] = f.custodian
        if f.heading:
            extra["heading"] = f.heading
        if f.signed_as:
            extra["signed_as"] = f.signed_as
        if f.declarant and f.declarant != signer:
            extra["declarant"] = f.declarant
        if f.signer is None and f.declarant:
            extra["signer_from"] = "the declaration's opening ('I, ...'); no signature line was read"
        # the date of signature as printed, also as the fact's time (normalised by the framework: a
        # date alone gives the day's bounds, never an invented time of day)
        yield DocumentFact(at=at_line.at, raw=at_line.text, kind="certificate", value=signer or "", extra=extra,
                           time=f.date)
        if not signer:
            yield Problem(at_line.at, "CERTIFICATE_UNSIGNED", "the certificate names no signer that could be read")
        if not f.date:
            yield Problem(at_line.at, "CERTIFICATE_UNDATED", "no date of signature could be read on the certificate")
        for ln, e in certificate_hash_entries(lines):
            yield hash_fact(ln, e)


EXTRACTORS = (HashList(), Certificate())

__all__ = ["EXTRACTORS", "HashList", "Certificate", "looks_like_certificate", "document_lines", "pdf_lines", "text_lines",
           "TextLine", "is_pdf", "hash_entries"]
