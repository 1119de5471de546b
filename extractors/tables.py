"""Reading tables (CSV, TSV, other delimiters, XLSX) and declaring table layouts.

:func:`read_tables` turns a document into :class:`Table` objects: header, rows (each with its
physical line and byte offset, or sheet and cell), the notes printed above the header (where
providers state time zones), and sections (some returns put several tables in one CSV, each
under a legend). Any common encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) and
delimiter is accepted; every cell is text (identifiers keep their leading zeros).

A provider's table layout is declared, not coded (see :class:`TableLayout`): columns with the
header texts they are known by. :class:`TableExtractor` binds a layout to a header by name
(so reordered columns still read), and reports a changed layout (columns added, missing,
renamed) through :class:`~extractors.base.LayoutChange`.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import re
import sys
from dataclasses import dataclass, field
from typing import ClassVar, Iterator, Sequence

from schemas.records import CallEvent, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from .base import BulkPlan, Claim, DecodedText, Document, Extractor, LayoutChange

DELIMITERS = (",", "\t", ";", "|")
#: media types that may hold delimited text
TEXT_TYPES = ("text/", "application/csv")
XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-excel")

#: a quoted field may run over this many physical lines before it is taken as an unclosed quote
MAX_RECORD_LINES = 1000
#: ... or this many characters
MAX_RECORD_CHARS = 64 * 2**20
#: a cell longer than this is reported (it is kept whole)
LONG_CELL = 64 * 1024


@dataclass
class TableRow:
    cells: list[str]
    at: Locator
    raw: str


@dataclass
class Table:
    header: list[str]  #: empty for a table printed without a header (``read_tables(..., headerless=True)``)
    header_at: Locator  #: the header's place (a headerless table: its first row's)
    rows: list[TableRow]
    notes: list[tuple[Locator, str]] = field(default_factory=list)  #: lines printed above the header
    sheet: str | None = None
    section: str | None = None
    delimiter: str | None = None
    problems: list[Problem] = field(default_factory=list)  #: ragged rows, unclosed quotes, long cells ...
    #: lines inside or below the body that are not rows (footers, totals, comments), in order
    trailer: list[tuple[Locator, str]] = field(default_factory=list)
    #: XLSX: row index -> per-cell TimeHint (Excel date cells)
    hints: dict[int, list[TimeHint | None]] = field(default_factory=dict)
    encoding: str | None = None  #: text: the encoding the file was read with
    encoding_guessed: bool = False  #: text: Windows-1252 was a fallback guess (the bytes are not UTF-8/16)

    @property
    def headerless(self) -> bool:
        return not self.header


def norm_header(text: str) -> str:
    """A header as compared: lower case, no parenthesised part, words separated by one space."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text or "")
    text = re.sub(r"[_\-./:#]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


_ZONE_IN_HEADER = re.compile(
    r"\b(?:UTC|GMT|Z)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?(?![\w])"
    r"|\b[A-Z][a-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?\b"  # IANA names: America/New_York
    r"|\b(?:[ECMP][SD]T|[ECMP]T|AKST|AKDT|HST|BST|CET|CEST|EET|EEST|WET|WEST|IST|JST|AEST|AEDT)\b"
)


def header_zone_text(text: str) -> str | None:
    """The zone part a header carries, e.g. 'Login Time (GMT-05:00)' -> 'GMT-05:00', 'Time UTC' -> 'UTC'.

    A parenthesised part is returned whole (the framework decides whether it names a zone);
    without one, a zone-looking word (UTC, GMT+2, EST, America/Chicago) is returned."""
    m = re.search(r"[(\[]([^)\]]*)[)\]]", text or "")
    if m:
        return m.group(1).strip()
    m = _ZONE_IN_HEADER.search(text or "")
    return m.group(0) if m else None


# -- physical lines and delimited records ----------------------------------------------------


def physical_lines(decoded: "DecodedText") -> list[tuple[int, int, str]]:
    """(line number, byte offset, text) split on CR, LF and CRLF only.

    ``str.splitlines`` also splits on form feed, VT, FS/GS/RS, NEL and U+2028/9, which would
    put line numbers out of step with what an editor or ``grep -n`` shows and cut a cell in two.
    """
    text = decoded.text
    enc = decoded.encoding
    if enc.startswith("utf-16"):
        width = lambda s: len(s.encode("utf-16-le", errors="surrogatepass"))  # noqa: E731
    elif enc in ("utf-8", "utf-8-sig"):
        width = lambda s: len(s.encode("utf-8", errors="surrogatepass"))  # noqa: E731
    else:  # single-byte encodings
        width = len
    offset = 0
    if decoded.had_bom:
        offset = 3 if enc == "utf-8-sig" else 2
    out: list[tuple[int, int, str]] = []
    no = 0
    for m in re.finditer(r"([^\r\n]*)(\r\n|\r|\n|$)", text):
        body, end = m.group(1), m.group(2)
        if not body and not end:
            break
        no += 1
        out.append((no, offset, body))
        offset += width(body) + len(end) * (2 if enc.startswith("utf-16") else 1)
    return out


def split_record(raw: str, delimiter: str) -> tuple[list[str], bool]:
    """(cells, quote still open at the end) for one record, Excel CSV dialect, never raising.

    A field is quoted when it starts with a double quote; ``""`` inside it is one quote; text
    after a closing quote is kept as printed; a quote inside an unquoted field is literal."""
    if '"' not in raw:
        return raw.split(delimiter), False
    cells: list[str] = []
    buf: list[str] = []
    i, n = 0, len(raw)
    start = True
    while i < n:
        c = raw[i]
        if c == '"' and start:
            # quoted field
            i += 1
            while True:
                j = raw.find('"', i)
                if j < 0:
                    buf.append(raw[i:])
                    cells.append("".join(buf))
                    return cells, True
                buf.append(raw[i:j])
                if j + 1 < n and raw[j + 1] == '"':
                    buf.append('"')
                    i = j + 2
                    continue
                i = j + 1
                break
            start = False
            continue
        if c == delimiter:
            cells.append("".join(buf))
            buf = []
            start = True
            i += 1
            continue
        j = i
        while j < n and raw[j] != delimiter:
            j += 1
        buf.append(raw[i:j])
        start = False
        i = j
    cells.append("".join(buf))
    return cells, False


@dataclass
class _Rec:
    at: Locator
    cells: list[str]
    raw: str
    problem: str | None = None
    hints: list[TimeHint | None] | None = None

    @property
    def blank(self) -> bool:
        return all(not c.strip() for c in self.cells)

    @property
    def filled(self) -> list[str]:
        return [c for c in self.cells if c.strip()]


def _records(lines: list[tuple[int, int, str]], delimiter: str) -> Iterator[tuple[int, int, list[str], str]]:
    """Parse CSV records over physical lines: (first line no, byte offset, cells, raw text)."""
    for rec in _text_records(lines, delimiter):
        yield rec.at.line or 0, rec.at.byte_offset or 0, rec.cells, rec.raw


def _text_records(lines: list[tuple[int, int, str]], delimiter: str) -> Iterator[_Rec]:
    i, n = 0, len(lines)
    while i < n:
        no, off, text = lines[i]
        cells, open_ = split_record(text, delimiter)
        j = i
        problem = None
        if open_:
            # a quoted field may run over several physical lines; give up after a limit
            raw_lines = [text]
            size = len(text)
            k = i
            while open_ and k + 1 < n and k - i < MAX_RECORD_LINES and size < MAX_RECORD_CHARS:
                k += 1
                raw_lines.append(lines[k][2])
                size += len(lines[k][2]) + 1
                cells, open_ = split_record("\n".join(raw_lines), delimiter)
            if open_:
                cells, _ = split_record(text, delimiter)
                problem = (f"a quoted field opened on line {no} is not closed "
                           + ("before the end of the file" if k + 1 >= n else f"within {k - i + 1} lines")
                           + "; the line was read on its own")
                raw = text
            else:
                j = k
                raw = "\n".join(raw_lines)
        else:
            raw = text
        yield _Rec(Locator(line=no, byte_offset=off), cells if raw.strip() else [], raw, problem)
        i = j + 1


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The delimiter giving the most consistent field count over the sample lines."""
    sample = [ln for ln in lines if ln.strip()][:50]
    best, best_score = ",", -1.0
    for d in DELIMITERS:
        counts = [len(split_record(ln, d)[0]) for ln in sample]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        common = max(sorted(set(multi)), key=multi.count)
        score = multi.count(common) * (common ** 0.5)
        if score > best_score:
            best, best_score = d, score
    return best


# -- header detection ------------------------------------------------------------------------

_NOT_LABEL = (
    re.compile(r"[\d\s.,:/+\-TZ]+"),  # numbers, dates, IPv4
    re.compile(r"\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\]?(?::\d{1,5})?(?:%\w+)?"),  # IPv6, [v6]:port
)


def _looks_like_label(cell: str) -> bool:
    c = cell.strip()
    if not c or len(c) > 80:
        return False
    if any(p.fullmatch(c) for p in _NOT_LABEL) and re.search(r"\d", c):
        return False
    if "@" in c:
        return False
    bare = re.sub(r"\([^)]*\)|\[[^\]]*\]|\b(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?", " ", c)  # 'Time (GMT-05:00)'
    if re.search(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d{2}(?::\d{2})?(?:\D|$)", bare):
        return False  # a date or a time of day: a value
    if len(c.split()) > 8 or re.search(r"[.!?]$", c) and len(c.split()) > 3:  # prose
        return False
    return bool(re.search(r"[^\W\d_]", c))


def _is_header(cells: list[str], next_cells: list[str] | None) -> bool:
    filled = [c for c in cells if c.strip()]
    if len(filled) < 2:
        return False
    labels = sum(_looks_like_label(c) for c in filled)
    if labels < max(2, int(len(filled) * 0.8)):
        return False
    if len({norm_header(c) for c in filled}) < max(2, len(filled) // 2):  # "x,x,x,x" is not a header
        return False
    if next_cells is None:
        return True
    return len([c for c in next_cells if c.strip()]) >= 1 and abs(len(next_cells) - len(cells)) <= max(1, len(cells) // 3)


def _similarity(a: list[str], b: list[str]) -> float:
    sa, sb = {norm_header(x) for x in a}, {norm_header(x) for x in b}
    return len(sa & sb) / max(1, len(sa | sb))


def _width(rec: _Rec, xlsx: bool) -> int:
    if not xlsx:
        return len(rec.cells)
    n = len(rec.cells)
    while n and not rec.cells[n - 1].strip():
        n -= 1
    return n


_SEPARATOR = re.compile(r"[=\-_*#~ ]+")


def _assemble(recs: list[_Rec], *, xlsx: bool, headerless: bool, sheet: str | None = None,
              delimiter: str | None = None) -> list[Table]:
    """Group records into tables: notes, header, rows, trailer; sections; ragged rows.

    * A header is a line of labels whose width suits the line after it (a one-cell line after
      it, such as "No records", does not count against it). A label line directly above a
      better-fitting header is a note.
    * A header found before any row of the current table replaces it (the first was a note).
    * Inside a table, a one-cell line (or a line with only its first cell filled with a label)
      starts a new section when a header follows it (other one-cell lines may sit between);
      otherwise it is kept in the table's ``trailer`` and the table goes on.
    * After a blank or note line, a header unlike the current one starts a new table.
    * The header printed again (a page break) is skipped; rows of another width are kept and
      reported (``RAGGED_ROW``)."""
    nonblank = [k for k, r in enumerate(recs) if not r.blank]
    nxt_of: dict[int, int | None] = {}
    for pos, k in enumerate(nonblank):
        nxt_of[k] = nonblank[pos + 1] if pos + 1 < len(nonblank) else None

    def trimmed(k: int | None) -> list[str] | None:
        return None if k is None else _trim(recs[k].cells, xlsx)

    def lone(k: int, width: int) -> bool:
        r = recs[k]
        filled = r.filled
        text = " ".join(c.strip() for c in filled)
        if _SEPARATOR.fullmatch(text):
            return True
        return len(filled) == 1 and (width > 1 or len(r.cells) == 1) and (
            len(r.cells) == 1 or (bool(r.cells[0].strip()) and _looks_like_label(r.cells[0])))

    def header_here(k: int) -> bool:
        r = recs[k]
        n1 = nxt_of.get(k)
        nxt = trimmed(n1)
        if nxt is not None and len([c for c in nxt if c.strip()]) <= 1:
            nxt = None  # "No records found" under a header
        if not _is_header(_trim(r.cells, xlsx), nxt):
            return False
        # a note line that happens to look like labels, right above the real header
        if n1 is not None and _is_header(trimmed(n1), trimmed(nxt_of.get(n1))):
            n2 = nxt_of.get(n1)
            w1 = _width(recs[n1], xlsx)
            if n2 is not None and _width(recs[n2], xlsx) == w1 and _width(r, xlsx) != w1:
                return False
        return True

    def header_follows(k: int, width: int) -> bool:
        """Whether a header comes after k, with only one-cell lines between."""
        j = nxt_of.get(k)
        steps = 0
        while j is not None and steps < 8:
            if header_here(j) and _similarity(recs[j].cells, current.header if current else []) < 1.0:
                return True
            if not lone(j, width):
                return False
            j = nxt_of.get(j)
            steps += 1
        return False

    tables: list[Table] = []
    notes: list[tuple[Locator, str]] = []
    current: Table | None = None
    section: str | None = None
    prev = "start"  # start | blank | note | header | row
    problems_before: list[Problem] = []

    def start_table(r: _Rec, table_notes: list[tuple[Locator, str]]) -> Table:
        nonlocal problems_before
        t = Table(_trim([c.strip() for c in r.cells], xlsx), r.at, [], notes=table_notes, section=section,
                  sheet=sheet, delimiter=delimiter, problems=problems_before)
        problems_before = []
        tables.append(t)
        return t

    for k, r in enumerate(recs):
        if r.problem:
            (current.problems if current is not None else problems_before).append(Problem(r.at, "UNCLOSED_QUOTE", r.problem))
        if r.blank:
            prev = "blank"
            continue
        filled = r.filled
        text = " ".join(c.strip() for c in filled)
        if current is None:
            if header_here(k):
                current = start_table(r, notes)
                notes = []
                prev = "header"
            else:
                if not _SEPARATOR.fullmatch(text):
                    notes.append((r.at, text))
                prev = "note"
            continue
        width = len(current.header)
        if lone(k, width):
            if _SEPARATOR.fullmatch(text):
                prev = "note"
                continue
            if header_follows(k, width):
                # the title of the next section
                current = None
                section = text if len(text) < 120 else section
                notes = [(r.at, text)]
            else:
                current.trailer.append((r.at, text))
            prev = "note"
            continue
        cells = r.cells
        if [norm_header(c) for c in _trim(cells, xlsx) or []] == [norm_header(c) for c in current.header]:
            prev = "header"  # the header repeated (page break in the export)
            continue
        if not current.rows and _width(r, xlsx) != len(current.header) and header_here(k) \
                and _similarity(cells, current.header) < 1.0:
            # the line taken for a header was a note above the real one
            tables.pop()
            notes = list(current.notes) + [(current.header_at, " ".join(h for h in current.header if h))]
            notes += current.trailer
            problems_before = current.problems
            current = start_table(r, notes)
            notes = []
            prev = "header"
            continue
        if (prev == "note" or (prev == "blank" and _width(r, xlsx) != len(current.header))) and current.rows \
                and header_here(k) and _similarity(cells, current.header) < 0.5:
            current = start_table(r, [])
            prev = "header"
            continue
        at = r.at if section is None else dataclasses.replace(r.at, section=section)
        current.rows.append(TableRow(list(cells), at, r.raw))
        if r.hints is not None:
            current.hints[len(current.rows) - 1] = r.hints
        w = _width(r, xlsx)
        if (w != width if not xlsx else w > width):
            what = "more" if w > width else "fewer"
            current.problems.append(Problem(at, "RAGGED_ROW", f"{at.as_text()}: {w} cells where the header has {width} "
                                            f"({what}): {_show_cells(cells)}"))
        for i, c in enumerate(cells):
            if len(c) > LONG_CELL:
                current.problems.append(Problem(at, "LONG_CELL", f"{at.as_text()}: cell {i + 1} holds {len(c):,} characters"))
        prev = "row"
    if not tables and headerless:
        return _headerless(recs, xlsx=xlsx, sheet=sheet, delimiter=delimiter)
    if current is None and tables and notes:
        tables[-1].trailer.extend(notes)
    return tables


def _trim(cells: list[str] | None, xlsx: bool) -> list[str] | None:
    if cells is None or not xlsx:
        return cells
    n = len(cells)
    while n and not cells[n - 1].strip():
        n -= 1
    return cells[:n]


def _show_cells(cells: list[str], limit: int = 200) -> str:
    shown = []
    for c in cells:
        shown.append(repr(c if len(c) <= limit else c[:limit] + f"... ({len(c):,} characters)"))
    return "[" + ", ".join(shown) + "]"


def _headerless(recs: list[_Rec], *, xlsx: bool, sheet: str | None, delimiter: str | None) -> list[Table]:
    """A table printed without a header: the rows of the most common width (at least 2 cells)
    from the first such row on; the lines above are notes."""
    widths = [_width(r, xlsx) for r in recs if not r.blank]
    multi = [w for w in widths if w >= 2]
    if len(multi) < 1:
        return []
    common = max(sorted(set(multi)), key=multi.count)
    first = next(k for k, r in enumerate(recs) if not r.blank and _width(r, xlsx) == common)
    notes = [(r.at, " ".join(c.strip() for c in r.filled)) for r in recs[:first] if not r.blank]
    table = Table([], recs[first].at, [], notes=notes, sheet=sheet, delimiter=delimiter)
    for r in recs[:first]:
        if r.problem:
            table.problems.append(Problem(r.at, "UNCLOSED_QUOTE", r.problem))
    for r in recs[first:]:
        if r.problem:
            table.problems.append(Problem(r.at, "UNCLOSED_QUOTE", r.problem))
        if r.blank:
            continue
        w = _width(r, xlsx)
        if len(r.filled) == 1 and w < common and _looks_like_label(r.filled[0]):
            table.trailer.append((r.at, r.filled[0].strip()))
            continue
        table.rows.append(TableRow(list(r.cells), r.at, r.raw))
        if r.hints is not None:
            table.hints[len(table.rows) - 1] = r.hints
        if w != common:
            table.problems.append(Problem(r.at, "RAGGED_ROW", f"{r.at.as_text()}: {w} cells where the other rows have "
                                          f"{common}: {_show_cells(r.cells)}"))
        for i, c in enumerate(r.cells):
            if len(c) > LONG_CELL:
                table.problems.append(Problem(r.at, "LONG_CELL", f"{r.at.as_text()}: cell {i + 1} holds {len(c):,} characters"))
    return [table]


def read_delimited(doc: Document, max_bytes: int | None = None, *, headerless: bool = False) -> list[Table]:
    """Tables in a delimited text file (several when the file has sections).

    ``headerless``: when no header is found, return the body as one table with an empty header."""
    from .base import decode_text

    if max_bytes is not None:
        decoded = decode_text(doc.head(max_bytes))
    else:
        decoded = doc.text()
    lines = physical_lines(decoded)
    if max_bytes is not None and doc.size > max_bytes and len(lines) > 1:
        lines = lines[:-1]  # the last line of a head may be cut
    delimiter = sniff_delimiter([t for _, _, t in lines[:200]])
    recs = list(_text_records(lines, delimiter))
    tables = _assemble(recs, xlsx=False, headerless=headerless, delimiter=delimiter)
    for t in tables:
        t.encoding, t.encoding_guessed = decoded.encoding, decoded.guessed
    return tables


# -- spreadsheets -------------------------------------------------------------------------


def _col_letter(idx: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(idx + 1)


def read_xlsx(doc: Document, max_rows: int | None = None, *, headerless: bool = False) -> list[Table]:
    """Tables in a workbook: one per sheet (header found below any notes). Formulas are never
    evaluated (cached values only); external links are never followed."""
    import datetime as _dt

    from openpyxl import load_workbook
    from openpyxl.utils.datetime import to_excel

    # an open file, not the path: evidence is stored by hash, with no .xlsx suffix, which openpyxl refuses
    fh = open(doc.path, "rb")
    try:
        wb = load_workbook(fh, read_only=True, data_only=True)
    except BaseException:
        fh.close()
        raise
    wb._returns_file = fh  # type: ignore[attr-defined]  # closed with the workbook below
    tables: list[Table] = []
    try:
        date1904 = bool(getattr(wb, "epoch", None) and wb.epoch.year == 1904)
        for ws in wb.worksheets:
            recs: list[_Rec] = []
            precision: list[Problem] = []
            for r_idx, row in enumerate(ws.iter_rows(), start=1):
                if max_rows is not None and r_idx > max_rows:
                    break
                cells: list[str] = []
                hints: list[TimeHint | None] = []
                for cell in row:
                    v = getattr(cell, "value", None)
                    if isinstance(v, (_dt.datetime, _dt.date)):
                        serial = float(to_excel(v, epoch=wb.epoch))
                        cells.append(_serial_text(serial))
                        hints.append(TimeHint(excel_serial=serial, date1904=date1904))
                    else:
                        if isinstance(v, float) and v.is_integer() and abs(v) >= 1e15:
                            ref = f"{_col_letter(len(cells))}{r_idx}"
                            precision.append(Problem(Locator(sheet=ws.title, cell=ref, row=r_idx), "NUMBER_PRECISION",
                                                     f"sheet {ws.title!r} cell {ref} holds the number {v!r}: Excel keeps 15 "
                                                     "significant digits, so a long identifier stored as a number may have lost digits"))
                        cells.append("" if v is None else _cell_text(v))
                        hints.append(None)
                while cells and not cells[-1].strip():
                    cells.pop()
                    hints.pop()
                if not cells:
                    continue
                first = next((k for k, c in enumerate(cells) if c.strip()), 0)
                at = Locator(sheet=ws.title, row=r_idx, cell=f"{_col_letter(first)}{r_idx}")
                recs.append(_Rec(at, cells, "\t".join(cells), hints=hints))
            sheet_tables = _assemble(recs, xlsx=True, headerless=headerless, sheet=ws.title)
            if sheet_tables:
                sheet_tables[0].problems[:0] = precision
            tables.extend(sheet_tables)
    finally:
        wb.close()
        fh.close()
    return tables


def _serial_text(serial: float) -> str:
    return repr(serial).rstrip("0").rstrip(".") if "." in repr(serial) else repr(serial)


def _cell_text(v: object) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def is_xlsx(doc: Document) -> bool:
    """A workbook by content (a ZIP with xl/workbook.xml), whatever its name or media type."""
    head = doc.head(4)
    if head[:2] != b"PK":
        return False
    import zipfile

    try:
        with zipfile.ZipFile(doc.path) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except Exception:  # noqa: BLE001
        return False


def read_tables(doc: Document, *, peek: bool = False, headerless: bool = False) -> list[Table]:
    """All tables of a CSV/TSV/text or XLSX document. ``peek`` reads only the start (identify).

    ``headerless``: also return a table printed without a header (its ``header`` is empty).
    Results are cached on the document: every extractor's ``identify`` reads the same tables."""
    key = f"tables:{peek}:{headerless}"
    if key not in doc._cache:
        doc._cache[key] = _read_tables(doc, peek=peek, headerless=headerless)
    return list(doc._cache[key])  # type: ignore[call-overload]


def _read_tables(doc: Document, *, peek: bool, headerless: bool) -> list[Table]:
    try:
        if doc.media_type in XLSX_TYPES or doc.suffix in (".xlsx", ".xlsm"):
            return read_xlsx(doc, max_rows=40 if peek else None, headerless=headerless)
        if doc.media_type.startswith(TEXT_TYPES) or doc.suffix in (".csv", ".tsv", ".txt", ".tab"):
            return read_delimited(doc, max_bytes=16384 if peek else None, headerless=headerless)
    except Exception:  # noqa: BLE001 - identification must never raise on someone else's file
        if peek:
            problem = f"could not be read as a table: {type(sys.exc_info()[1]).__name__}: {sys.exc_info()[1]}"
            if problem not in doc.read_problems:
                doc.read_problems.append(problem)
            return []
        raise
    return []


# -- declared layouts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """One column of a layout: the record field it fills and the header texts it is known by."""

    field: str  #: ip, port, time, account, activity, name, email, phone, address, created, registration_ip,
    #: account_id, caller, callee, start, duration, direction, kind, cell
    headers: tuple[str, ...]
    required: bool = True

    def matches(self, header: str) -> bool:
        h = norm_header(header)
        return any(h == norm_header(x) for x in self.headers)


@dataclass(frozen=True)
class TableLayout:
    """A provider's table as declared: which record it holds and its columns."""

    name: str  #: variant name, e.g. 'ip-activity-2023'
    record: str  #: 'ip_event' | 'subscriber' | 'call'
    columns: tuple[Col, ...]
    activity: str | None = None  #: activity label when the table itself implies it (e.g. 'login')

    def bind(self, header: Sequence[str]) -> tuple[dict[str, int], LayoutChange | None, int]:
        """(field -> column index, change if any, number of required columns found)."""
        binding: dict[str, int] = {}
        used: set[int] = set()
        for col in self.columns:
            for i, h in enumerate(header):
                if i not in used and col.matches(h):
                    binding[col.field] = i
                    used.add(i)
                    break
        required = [c for c in self.columns if c.required]
        found = sum(1 for c in required if c.field in binding)
        missing = [c.headers[0] for c in required if c.field not in binding]
        added = [h for i, h in enumerate(header) if i not in used and h.strip()]
        renamed = []
        for m in list(missing):
            orig = _renamed_to(m, added)
            if orig is not None:
                renamed.append((m, orig))
                missing.remove(m)
                added.remove(orig)
        change = None
        if missing or renamed or added:
            change = LayoutChange(self.name, tuple(added), tuple(missing), tuple(renamed))
        return binding, change, found


_WEAK_WORDS = {"the", "of", "and", "a", "an", "no", "id", "number", "type", "name", "date"}


def _renamed_to(missing: str, added: list[str]) -> str | None:
    """The added header that most likely renames a missing one: similar text, or a shared key word."""
    m = norm_header(missing)
    best = difflib.get_close_matches(m, [norm_header(a) for a in added], n=1, cutoff=0.6)
    if best:
        return next(a for a in added if norm_header(a) == best[0])
    words = set(m.split()) - _WEAK_WORDS
    sharing = [a for a in added if words & (set(norm_header(a).split()) - _WEAK_WORDS)]
    return sharing[0] if len(sharing) == 1 else None


def row_record(layout: TableLayout, binding: dict[str, int], header: list[str], row: TableRow,
               hints: list[TimeHint | None] | None = None, zone_by_col: dict[int, str] | None = None) -> Record | None:
    """Build a record from one row under a bound layout (values as printed)."""
    def get(fld: str) -> str | None:
        i = binding.get(fld)
        if i is None or i >= len(row.cells):
            return None
        v = row.cells[i].strip()
        return v or None

    def hint(fld: str) -> TimeHint | None:
        i = binding.get(fld)
        if i is None:
            return None
        base = hints[i] if hints and i < len(hints) else None
        zone = (zone_by_col or {}).get(i)
        if base is None and zone is None:
            return None
        if base is None:
            return TimeHint(zone=zone)
        return TimeHint(zone=zone, excel_serial=base.excel_serial, date1904=base.date1904)

    bound = set(binding.values())
    extra = {header[i]: row.cells[i].strip() for i in range(min(len(header), len(row.cells))) if i not in bound and row.cells[i].strip()}
    if layout.record == "ip_event":
        ip = get("ip")
        if ip is None:
            return None
        return IpEvent(at=row.at, raw=row.raw, ip=ip, time=get("time"), account=get("account"), port=get("port"),
                       activity=get("activity") or layout.activity, hint=hint("time"), extra=extra)
    if layout.record == "subscriber":
        return Subscriber(at=row.at, raw=row.raw, account=get("account"), name=get("name"),
                          account_ids=tuple(v for v in [get("account_id")] if v),
                          emails=tuple(v for v in [get("email")] if v), phones=tuple(v for v in [get("phone")] if v),
                          address=get("address"), created=get("created"), created_hint=hint("created"),
                          registration_ip=get("registration_ip"), extra=extra)
    if layout.record == "call":
        return CallEvent(at=row.at, raw=row.raw, start=get("start"), caller=get("caller"), callee=get("callee"),
                         duration=get("duration"), direction=get("direction"), kind=get("kind"), cell=get("cell"),
                         account=get("account"), hint=hint("start"), extra=extra)
    raise ValueError(f"unknown record type {layout.record!r}")


class TableExtractor(Extractor):
    """An extractor for a provider's tables, declared as layouts (~30 lines per provider).

    Subclasses set ``layouts`` and usually ``filename`` (a regex the provider's file names
    match). A table whose header binds every required column of a layout is claimed; a table
    with the provider's file name, or with at least half of a layout's columns, but not all of
    them, is claimed as a *changed layout* (the framework then reports it and reads it with the
    generic extractor).
    """

    layouts: ClassVar[tuple[TableLayout, ...]]
    filename: ClassVar[str | None] = None  #: regex on the file name (case-insensitive)
    media_types = ("text/", "application/csv", *XLSX_TYPES)

    def _filename_matches(self, doc: Document) -> bool:
        return bool(self.filename and re.search(self.filename, doc.filename, re.IGNORECASE))

    def identify(self, doc: Document) -> Claim | None:
        if not self.accepts(doc) and doc.suffix not in (".csv", ".tsv", ".xlsx", ".txt"):
            return None
        tables = read_tables(doc, peek=True)
        if not tables:
            return None
        best: tuple[int, Claim] | None = None
        for table in tables:
            for layout in self.layouts:
                binding, change, found = layout.bind(table.header)
                required = sum(1 for c in layout.columns if c.required)
                if found == required and not (change and change.renamed):
                    claim = Claim(layout.name, change if change and change.added else None)
                    return claim
                near = found >= max(2, (required + 1) // 2) or (self._filename_matches(doc) and found >= 1)
                if near and change is not None and (best is None or found > best[0]):
                    best = (found, Claim(layout.name, change))
        return best[1] if best else None


    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        from schemas.records import DocumentFact

        for table in read_tables(doc):
            layout = next((l for l in self.layouts if l.name == claim.variant), None)
            candidates = [layout] if layout else []
            candidates += [l for l in self.layouts if l is not layout]
            for lay in candidates:
                binding, change, found = lay.bind(table.header)
                if found == sum(1 for c in lay.columns if c.required) and not (change and change.renamed):
                    break
            else:
                continue
            for at, note in table.notes:
                yield DocumentFact(at=at, raw=note, kind="note", value=note)
            yield from table.problems
            zone_by_col = {i: z for i, h in enumerate(table.header) if (z := header_zone_text(h))}
            hints_map = getattr(table, "hints", {})
            for n, row in enumerate(table.rows):
                rec = row_record(lay, binding, table.header, row, hints_map.get(n), zone_by_col)
                if rec is not None:
                    yield rec
                elif lay.record == "ip_event":
                    yield Problem(at=row.at, code="ROW_NOT_READ", message=f"this row has no IP address: not read as an IP event ({row.raw!r})")

    def bulk_plan(self, doc: Document, claim: Claim) -> BulkPlan | None:
        """A large single-table delimited file of IP events or calls can be read in bulk."""
        return plan_from_table(doc, self.layouts, claim.variant)


def plan_from_table(doc: Document, layouts: Sequence[TableLayout], variant: str | None) -> BulkPlan | None:
    """The bulk plan of a delimited file whose (peeked) only table binds one of ``layouts``."""
    if doc.media_type in XLSX_TYPES or doc.suffix in (".xlsx", ".xlsm"):
        return None
    tables = read_tables(doc, peek=True)
    if len(tables) != 1 or not tables[0].header or not tables[0].delimiter or tables[0].section:
        return None
    table = tables[0]
    ordered = sorted(layouts, key=lambda l: l.name != variant)
    for lay in ordered:
        binding, change, found = lay.bind(table.header)
        if found == sum(1 for c in lay.columns if c.required) and not (change and change.renamed):
            break
    else:
        return None
    if lay.record not in ("ip_event", "call") or table.header_at.line is None:
        return None
    time_field = "time" if lay.record == "ip_event" else "start"
    zones = {}
    if time_field in binding and (z := header_zone_text(table.header[binding[time_field]])):
        zones[time_field] = z
    notes = tuple((at.line or 0, at.byte_offset or 0, text) for at, text in table.notes)
    return BulkPlan(lay.record, table.delimiter, table.header_at.line, tuple(table.header), dict(binding), zones,
                    lay.activity, notes)
