"""Google LERS returns: subscriber information, IP activity, account change history, notices.

Google answers legal process through LERS with one zip per service and resource, named
``{email}.{accountId}.{Service}.{Resource}_001.zip`` (LAYOUTS.md#google). Inside:

* ``Google Account/<email>.<id>.SubscriberInfo.html`` - a list of ``Label: value`` items
  (``Google Account ID``, ``Name``, ``e-Mail``, ``Created on``, ``Terms of Service IP`` ...),
  sections (``ACCOUNT RECOVERY``, ``PHONE NUMBERS``) and an ``IP ACTIVITY`` table
  (Timestamp, IP Address, Activity Type, Android ID, Apple IDFV, User Agent(s)). A plain-text
  twin of the same sheet exists (``SubscriberInfo.txt``, fixed-width IP table);
* an IP-activity table as CSV (``<email>.<id>.IPActivity.csv``);
* ``Google Account/<email>.<id>.ChangeHistory.html`` - Timestamp, IP (Address), Change Type,
  Old Value, New Value (also read as CSV/XLSX);
* ``*.ExportSummary.txt`` cover sheets, ``NoRecords.txt`` for an empty category, and cover
  letters.

Extractors here (all provider "Google"):

``google_subscriber_text`` / ``google_subscriber_html``
    one :class:`Subscriber` per account block (account = the Google Account ID as printed,
    else the primary e-mail; the e-mail goes to ``account_ids``), the Terms-of-Service IP as
    an :class:`IpEvent` with activity ``registration`` (its time: printed with it, else the
    ``Created on`` time), a ``Deletion IP`` likewise (``deletion``), and every row of the IP
    activity table as an :class:`IpEvent` of that account.
``google_ip_activity``
    the IP-activity table on its own (CSV/TSV/XLSX/HTML); the account is the one the file
    name prints (``<email>.<id>.``), noted in ``extra``.
``google_change_history``
    every change row with an IP as an :class:`IpEvent` (activity = the change type, old and
    new values in ``extra``), account from the document's ``Account:`` line or the file name.
``google_notice``
    ``NoRecords.txt``, ExportSummary sheets and Google cover letters: no subscriber or IP
    records, only ``no_records`` and ``request_reference`` facts.

Labels, headers and section titles are matched by meaning (case, punctuation and known
variants by year are tolerated: ``Status``/``Account Status``, ``IP``/``IP Address``,
``User Agent(s)``/``User Agent String`` ...). A label or column this module does not know is
reported as a changed layout (read, but flagged); a missing or renamed essential one makes
the framework report the file loudly and hand it to the generic readers.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from .textutil import looks_like_ip
from .base import Claim, Document, Extractor, LayoutChange, decode_text
from .html import Element, parse_html
from .manifests import TextLine, document_lines, is_pdf, looks_like_certificate, hash_entries
from .tables import XLSX_TYPES, Col, Table, TableLayout, header_zone_text, read_tables

PROVIDER = "Google"
_RLEAPP = "https://github.com/abrignoni/RLEAPP (scripts/artifacts/googleSubinfo.py, googleAccChangeHist.py, 2023-05-16)"
_JS_PARSER = "Google Warrant Parser (JavaScript, public GitHub code, stored file id 52230711692)"
_RUST_PARSER = "Rust port of VIPER google-warrant-parser.js (public GitHub code, stored file id 59109116243)"
_TRANSPARENCY = "https://support.google.com/transparencyreport/answer/7381738"
HTML_TYPES = ("text/html", "application/xhtml+xml")

# -- vocabulary -----------------------------------------------------------------------------


def lkey(label: str) -> str:
    """A label as compared: lower case, no parenthesised part, no punctuation between words."""
    t = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", label or "")
    t = re.sub(r"[-_.:/]+", " ", t.lower())
    return " ".join(t.split())


#: subscriber fields and the label texts (by year and form) they are printed under
FIELDS: dict[str, tuple[str, ...]] = {
    "account_id": ("Google Account ID", "Account ID", "GAIA ID", "Google ID"),
    "name": ("Name", "Full Name"),
    "given_name": ("Given Name", "First Name"),
    "family_name": ("Family Name", "Last Name", "Surname"),
    "email": ("e-Mail", "Email", "E-mail Address", "Email Address", "Primary e-Mail", "Primary Email"),
    "alternate_emails": ("Alternate e-Mails", "Alternate e-Mail", "Alternate Emails", "Alternate Email",
                         "Alternative e-Mails", "Alternative Emails"),
    "contact_email": ("Contact e-Mail", "Contact Email"),
    "recovery_email": ("Recovery e-Mail", "Recovery Email", "Account Recovery e-Mail"),
    "recovery_sms": ("Recovery SMS", "Recovery Phone", "Recovery Phone Number", "SMS"),
    "user_phones": ("User Phone Numbers", "User Phone Number", "Phone Numbers", "Phone Number"),
    "two_step_phones": ("2-Step Verification Phone Numbers", "2-Step Verification Phone Number",
                        "2SV Phone Numbers", "Two-Step Verification Phone Numbers"),
    "created": ("Created on", "Created", "Creation Date", "Creation Time", "Account Created", "Date Created"),
    "tos_ip": ("Terms of Service IP", "Terms of Service IP Address", "ToS IP", "Sign-up IP", "Signup IP",
               "Registration IP", "Creation IP"),
    "tos_language": ("Terms of Service Language", "ToS Language", "Language"),
    "birthday": ("Birthday", "Date of Birth", "Birth Date"),
    "services": ("Services", "Enabled Services"),
    "unregistered_services": ("Unregistered Services",),
    "deletion_date": ("Deletion Date", "Deleted on", "Date Deleted"),
    "deletion_ip": ("Deletion IP", "Deletion IP Address"),
    "end_of_service": ("End of Service Date",),
    "status": ("Status", "Account Status"),
    "last_updated": ("Last Updated Date", "Last Updated"),
    "last_logins": ("Last Logins", "Last Login", "Recent Logins"),
}
_BY_KEY = {lkey(label): f for f, labels in FIELDS.items() for label in labels}
#: fields only a Google subscriber sheet prints (identification)
DISTINCTIVE = {"tos_ip", "tos_language", "alternate_emails", "two_step_phones", "recovery_sms", "last_logins",
               "contact_email", "unregistered_services", "end_of_service", "deletion_ip"}
_EMAIL_FIELDS = ("email", "alternate_emails", "contact_email", "recovery_email")
_PHONE_FIELDS = ("recovery_sms", "user_phones", "two_step_phones")
#: section titles of the IP activity table (text form)
IP_SECTIONS = {"ip activity", "account activity", "ip activity log", "ip logs", "ip address activity",
               "login activity", "recent user ip logs", "user ip logs"}
#: labels of other Google sheets (an ExportSummary is never a subscriber sheet)
_EXPORT_SUMMARY_KEYS = {"originating identifier", "resolved identifier", "start of date range", "end of date range"}

IP_COLUMNS = (
    Col("time", ("Timestamp", "Time", "Date/Time", "Date Time", "Date and Time", "Activity Timestamp", "Event Time",
                 "Activity Time")),
    Col("ip", ("IP Address", "IP", "IP Addresses", "IP Addr", "Source IP", "Client IP")),
    Col("activity", ("Activity Type", "Activity", "Activity Types", "Event", "Event Type", "Type", "Action")),
    Col("android_id", ("Android ID", "AndroidID", "Android Device ID"), required=False),
    Col("apple_idfv", ("Apple IDFV", "IDFV", "Apple ID for Vendor"), required=False),
    Col("user_agent", ("User Agent String", "User Agent(s)", "User Agents", "User Agent", "User-Agent",
                       "User Agent Strings"), required=False),
    Col("account", ("Google Account ID", "Account ID", "Account"), required=False),
    Col("port", ("Port", "Source Port", "IP Port"), required=False),
)
IP_LAYOUT = TableLayout("ip-activity", "ip_event", IP_COLUMNS)
CHANGE_COLUMNS = (
    Col("time", ("Timestamp", "Time", "Date/Time", "Date Time", "Change Time", "Date")),
    Col("ip", ("IP Address", "IP", "Source IP", "IP Addresses")),
    Col("activity", ("Change Type", "Change", "Type", "Event", "Change Event")),
    Col("old", ("Old Value", "Old", "Previous Value", "Old Values")),
    Col("new", ("New Value", "New", "New Values")),
    Col("account", ("Google Account ID", "Account ID", "Account"), required=False),
    Col("port", ("Port", "Source Port"), required=False),
)
CHANGE_LAYOUT = TableLayout("change-history", "ip_event", CHANGE_COLUMNS)
#: fields of a row that are not carried in ``extra`` (they have their own place)
_OWN_PLACE = ("ip", "time", "activity", "account", "port")

_NO_IP = {"", "-", "--", "n/a", "na", "none", "null", "unknown", "not available"}


_is_ip = looks_like_ip


def _ip_tokens(value: str) -> list[str] | None:
    """The IPs a value prints (several when it lists them), or None when it is not only IPs."""
    parts = [p for p in re.split(r"[,;]\s*|\s+", value.strip()) if p]
    if parts and all(_is_ip(p) for p in parts):
        return parts
    return None


_LERS = re.compile(r"(?P<email>[^/\\\s]+@[^/\\\s]+?)\.(?P<id>\d{6,})\.(?P<rest>[^/\\]*)")
_LERS_CATEGORY = re.compile(r"\.(?P<svc>[A-Za-z][A-Za-z0-9]*)\.(?P<res>[A-Za-z][A-Za-z0-9]*)(?:_\d+)?(?:\.zip)?$")


@dataclass(frozen=True)
class LersName:
    email: str
    account_id: str
    category: str | None  #: e.g. GooglePlayStore.Devices


def lers_name(doc: Document) -> LersName | None:
    """The account (e-mail and numeric id) and category Google prints in LERS file names, from
    the innermost path element that carries them."""
    for part in reversed(doc.name.replace("\\", "/").split("/")):
        m = _LERS.search(part)
        if m:
            cat = None
            cm = re.match(r"(?P<svc>[A-Za-z][A-Za-z0-9]*)\.(?P<res>[A-Za-z][A-Za-z0-9]*)(?:_\d+)?(?:\.|$)", m["rest"])
            if cm and cm["res"].lower() not in ("zip", "html", "csv", "txt", "json", "xlsx"):
                cat = f"{cm['svc']}.{cm['res']}"
            return LersName(m["email"], m["id"], cat)
    return None


def container_category(doc: Document) -> str | None:
    """The LERS category (Service.Resource) of the archive or folder a file sits in."""
    parts = doc.name.replace("\\", "/").split("/")
    for part in reversed(parts[:-1]):
        m = _LERS_CATEGORY.search(part)
        if m and "@" in part:
            return f"{m['svc']}.{m['res']}"
    ln = lers_name(doc)
    return ln.category if ln else None


def _google_path(doc: Document) -> bool:
    """The file's path says it is Google's: a LERS name, a 'Google Account' folder, 'Google'."""
    name = doc.name.replace("\\", "/")
    return bool(lers_name(doc) or re.search(r"(?i)(^|/)google account/|(^|[^a-z0-9@.])google(?!mail|usercontent)", name))


_ZONE_NOTE = re.compile(r"(?i)\b(times?|timestamps?|dates?)\b.{0,60}\b(UTC|GMT|Coordinated Universal Time|Pacific|Eastern|"
                        r"Central|Mountain|time ?zone)\b")


# -- label/value items, tables, headings -----------------------------------------------------


@dataclass
class Item:
    label: str  #: as printed
    key: str
    value: str  #: as printed, stripped
    at: Locator
    raw: str
    section: str | None = None

    @property
    def field(self) -> str | None:
        return _BY_KEY.get(self.key)


@dataclass
class RowCells:
    cells: list[str]
    at: Locator
    raw: str


@dataclass
class GTable:
    header: list[str]
    at: Locator
    rows: list[RowCells]
    section: str | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Sheet:
    """What a Google sheet holds, in document order."""

    items: list[Item | GTable] = field(default_factory=list)
    headings: list[tuple[str, Locator]] = field(default_factory=list)
    notes: list[tuple[str, Locator]] = field(default_factory=list)  #: free text stating time zones
    free: list[tuple[str, Locator]] = field(default_factory=list)
    #: 'No records found' statements: (text, where, the section they stand in)
    no_records: list[tuple[str, Locator, str | None]] = field(default_factory=list)

    @property
    def labelled(self) -> list[Item]:
        return [i for i in self.items if isinstance(i, Item)]

    @property
    def tables(self) -> list[GTable]:
        return [i for i in self.items if isinstance(i, GTable)]


_LABEL_RE = re.compile(r"^\s*(?P<label>[A-Za-z0-9][^:=\t]{0,60}?)\s*:(?!//)\s*(?P<value>.*?)\s*$")


def split_label(text: str) -> tuple[str, str] | None:
    """('Label', 'value') for a 'Label: value' line (the label has letters and is not a time)."""
    m = _LABEL_RE.match(text)
    if not m:
        return None
    label = m["label"].strip()
    if not re.search(r"[A-Za-z]{2}", label) or re.match(r"^\d{1,4}[-/.]\d", label) or re.match(r"(?i)^(https?|ftp)$", label):
        return None
    if label.count(" ") > 7:
        return None
    if re.search(r"\d$", label) and re.match(r"\d", m["value"]):  # a time of day, '10:30'
        return None
    return label, m["value"]


_SMALL_WORDS = {"of", "and", "the", "a", "an", "for", "in", "on", "to", "by", "or", "&"}


def _heading_like(text: str) -> bool:
    """A section title: short, no sentence, in capitals or Title Case (or ending in ':')."""
    raw = text.strip()
    t = raw.rstrip(":").strip()
    if not t or len(t) > 70 or re.search(r"\d{2}", t) or re.search(r"[.!?;,]$", t):
        return False
    if not any(c.isalpha() for c in t) or _NO_RECORDS.search(t):
        return False
    words = t.split()
    title_case = len(words) <= 6 and all(w[:1].isupper() or w.lower() in _SMALL_WORDS or not w[:1].isalpha() for w in words)
    return t.upper() == t or raw.endswith(":") or title_case


# -- the text form ------------------------------------------------------------------------------


def _columns_of(line: str) -> list[tuple[int, str]]:
    """(start, text) of the columns of an aligned line: split at tabs or runs of 2+ spaces."""
    if "\t" in line:
        out, pos = [], 0
        for part in line.split("\t"):
            if part.strip():
                out.append((pos + len(part) - len(part.lstrip()), part.strip()))
            pos += len(part) + 1
        return out
    return [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]


def _row_cells(line: str, starts: list[int], tabbed: bool) -> list[str]:
    """A fixed-width (or tab separated) row cut into the header's columns."""
    n = len(starts)
    if tabbed:
        parts = [p.strip() for p in line.split("\t")]
        return (parts + [""] * n)[:n] if len(parts) <= n else parts[: n - 1] + ["\t".join(parts[n - 1 :])]
    tokens: list[tuple[int, int]] = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        s, e = m.start(), m.end()
        # a value exactly as wide as its column leaves one space before the next column
        cuts = [c for c in starts if s < c < e and line[c - 1] == " "]
        for c in cuts:
            tokens.append((s, c - 1))
            s = c
        tokens.append((s, e))
    cells: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for s, e in tokens:
        col = 0
        for j, c in enumerate(starts):
            if c <= s + 1:
                col = j
        cells[col].append((s, e))
    return [line[c[0][0] : c[-1][1]].strip() if c else "" for c in cells]


def parse_text_sheet(lines: Sequence[tuple[int, int, str]]) -> Sheet:
    sheet = Sheet()
    section: str | None = None
    i, n = 0, len(lines)
    while i < n:
        no, off, line = lines[i]
        text = line.strip()
        at = Locator(line=no, byte_offset=off)
        if not text:
            i += 1
            continue
        lab = split_label(line)
        key = lkey(text.rstrip(":"))
        cols = _columns_of(line)
        header_binding = IP_LAYOUT.bind([c for _, c in cols])[0] if len(cols) >= 2 and lab is None else {}
        starts_table = key in IP_SECTIONS or ("time" in header_binding and "ip" in header_binding)
        if starts_table and (lab is None or (not lab[1].strip() and lab[0] and lkey(lab[0]) in IP_SECTIONS)):
            title = None
            if key in IP_SECTIONS:
                title = text.rstrip(":").strip()
                sheet.headings.append((title, at))
                section = title
                i += 1
                while i < n and not lines[i][2].strip():
                    i += 1
                if i >= n:
                    break
                if len(_columns_of(lines[i][2])) < 2:
                    continue  # not a table header ("No records found." under the title)
            i = _read_text_table(lines, i, sheet, title or section)
            continue
        prev = sheet.items[-1] if sheet.items and i > 0 and lines[i - 1][2].strip() else None
        if isinstance(prev, Item) and (line[:1].isspace() or prev.value.endswith(",")) and lab is None:
            # a value wrapped onto the next line (indented, or after a trailing comma)
            prev.value = (prev.value + " " + text).strip()
            prev.raw = prev.raw + "\n" + line
            i += 1
            continue
        if lab is not None:
            label, value = lab
            k = lkey(label)
            if not value.strip() and k not in _BY_KEY and _heading_like(label + ":"):
                section = label.strip()
                sheet.headings.append((section, at))
            else:
                sheet.items.append(Item(label, k, value.strip(), at, line, section))
            i += 1
            continue
        if _heading_like(text):
            section = text.rstrip(":").strip()
            sheet.headings.append((section, at))
        else:
            sheet.free.append((text, at))
            if _ZONE_NOTE.search(text):
                sheet.notes.append((text, at))
            if _NO_RECORDS.search(text):
                sheet.no_records.append((text, at, section))
        i += 1
    return sheet


def _read_text_table(lines: Sequence[tuple[int, int, str]], i: int, sheet: Sheet, section: str | None) -> int:
    no, off, header_line = lines[i]
    tabbed = "\t" in header_line
    cols = _columns_of(header_line)
    header = [c for _, c in cols]
    starts = [s for s, _ in cols]
    table = GTable(header, Locator(line=no, byte_offset=off, section=section), [], section)
    sheet.items.append(table)
    i += 1
    n = len(lines)
    while i < n:
        rno, roff, line = lines[i]
        text = line.strip()
        if not text:
            i += 1
            continue
        lab = split_label(line)
        row_like = bool(re.match(r"^\s*\d", line)) or any(_is_ip(t) for _, t in _columns_of(line))
        if not row_like or (lab is not None and lkey(lab[0]) in _BY_KEY):
            break
        table.rows.append(RowCells(_row_cells(line, starts, tabbed), Locator(line=rno, byte_offset=roff, section=section), line))
        i += 1
    return i


# -- the HTML form ------------------------------------------------------------------------------

_CONTAINERS = {"div", "ul", "ol", "li", "p", "table", "section", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "article",
               "main", "header", "footer", "body", "html", "form", "fieldset", "blockquote", "pre", "center", "tr",
               "td", "th", "thead", "tbody", "caption"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "caption", "legend"}


_SIBLINGS: "dict[int, tuple[Element, dict[int, tuple[int, int]]]]" = {}


def _sibling_index(node: Element) -> tuple[int, int]:
    """(1-based index among same-tag siblings, how many there are), by identity, cached per parent."""
    parent = node.parent
    assert parent is not None
    entry = _SIBLINGS.get(id(parent))
    if entry is None or entry[0] is not parent:
        counts: dict[str, int] = {}
        idx: dict[int, tuple[int, int]] = {}
        for c in parent.children:
            if isinstance(c, Element):
                counts[c.tag] = counts.get(c.tag, 0) + 1
                idx[id(c)] = (counts[c.tag], 0)
        for c in parent.children:
            if isinstance(c, Element):
                idx[id(c)] = (idx[id(c)][0], counts[c.tag])
        if len(_SIBLINGS) > 4096:
            _SIBLINGS.clear()
        entry = (parent, idx)
        _SIBLINGS[id(parent)] = entry
    return entry[1][id(node)]


def el_path(el: Element) -> str:
    """The element path of :attr:`Element.path`, computed by identity (``Element`` compares its
    whole subtree and parent chain by value, which recurses without end on real pages)."""
    steps = []
    node: Element | None = el
    while node is not None and node.tag != "#root":
        s = node.tag
        if node.id:
            s += f"#{node.id}"
        elif node.classes:
            s += "." + node.classes[0]
        if node.parent is not None:
            n, total = _sibling_index(node)
            if total > 1:
                s += f"[{n}]"
        steps.append(s)
        node = node.parent
    return ">".join(reversed(steps))


def _inline_text(nodes: Sequence[Element | str]) -> list[str]:
    """Lines of inline content (``<br>`` breaks lines), whitespace collapsed."""
    parts: list[str] = []

    def walk(ns: Sequence[Element | str]) -> None:
        for n in ns:
            if isinstance(n, str):
                parts.append(n)
            elif n.tag == "br":
                parts.append("\n")
            else:
                walk(n.children)

    walk(nodes)
    return [" ".join(ln.split()) for ln in "".join(parts).split("\n") if ln.strip()]


def _has_block(el: Element) -> bool:
    return any(d.tag in _CONTAINERS for d in el.iter())


def _cells(tr: Element) -> list[tuple[str, str]]:
    """(tag, text) of a row's cells; lines inside a cell (<br>, blocks) stay on their own lines."""
    return [(c.tag, c.text("\n")) for c in tr.children if isinstance(c, Element) and c.tag in ("td", "th")]


def _rows_of(table: Element) -> list[Element]:
    out = []

    def walk(el: Element) -> None:
        for c in el.children:
            if isinstance(c, Element):
                if c.tag == "tr":
                    out.append(c)
                elif c.tag != "table":
                    walk(c)

    walk(table)
    return out


def parse_html_sheet(text: str) -> tuple[Sheet, str]:
    """(sheet, document title) of an HTML page."""
    root = parse_html(text)
    sheet = Sheet()
    title = " ".join(t.text() for t in root.iter("title"))
    section: list[str | None] = [None]

    def add_lines(lines: list[str], el: Element) -> None:
        if not lines:
            return
        at = Locator(path=el_path(el), section=section[0])
        for ln in lines:
            lab = split_label(ln)
            if lab is not None:
                label, value = lab
                k = lkey(label)
                if not value.strip() and k not in _BY_KEY and _heading_like(label + ":"):
                    section[0] = label.strip()
                    sheet.headings.append((section[0], at))
                    continue
                sheet.items.append(Item(label, k, value.strip(), at, ln, section[0]))
            else:
                sheet.free.append((ln, at))
                if _ZONE_NOTE.search(ln):
                    sheet.notes.append((ln, at))
                if _NO_RECORDS.search(ln):
                    sheet.no_records.append((ln, at, section[0]))

    def table(el: Element) -> None:
        rows = _rows_of(el)
        header_i = None
        for idx, tr in enumerate(rows):
            cells = _cells(tr)
            if len(cells) >= 2 and all(tag == "th" for tag, _ in cells):
                header_i = idx
                break
        if header_i is None and rows:
            cells = [t for _, t in _cells(rows[0])]
            if len(cells) >= 2 and (
                len(IP_LAYOUT.bind(cells)[0]) >= 2 or len(CHANGE_LAYOUT.bind(cells)[0]) >= 3
            ):
                header_i = 0
        if header_i is None:
            # a two-column table of labels and values
            for tr in rows:
                cells = [t for _, t in _cells(tr)]
                if len(cells) == 2 and cells[0].strip():
                    label = cells[0].strip().rstrip(":").strip()
                    k = lkey(label)
                    sheet.items.append(Item(label, k, cells[1].strip(), Locator(path=el_path(tr), section=section[0]),
                                            f"{cells[0]}\t{cells[1]}", section[0]))
                elif cells:
                    add_lines([" ".join(cells)], tr)
            return
        header = [t for _, t in _cells(rows[header_i])]
        gt = GTable(header, Locator(path=el_path(rows[header_i]), section=section[0]), [], section[0])
        for tr in rows[header_i + 1 :]:
            cells = [t for _, t in _cells(tr)]
            if not any(c.strip() for c in cells):
                continue
            gt.rows.append(RowCells(cells, Locator(path=el_path(tr), section=section[0]), "\t".join(cells)))
        sheet.items.append(gt)

    def walk(el: Element) -> None:
        run: list[Element | str] = []

        def flush() -> None:
            if run:
                add_lines(_inline_text(run), el)
                run.clear()

        for child in el.children:
            if isinstance(child, str):
                run.append(child)
                continue
            if child.tag in ("head", "title"):
                continue
            if child.tag in _HEADINGS:
                flush()
                t = child.text()
                if t:
                    section[0] = t
                    sheet.headings.append((t, Locator(path=el_path(child))))
                continue
            if child.tag == "table":
                flush()
                table(child)
                continue
            if child.tag == "dl":
                flush()
                dts = [c for c in child.children if isinstance(c, Element) and c.tag in ("dt", "dd")]
                for a, b in zip(dts, dts[1:]):
                    if a.tag == "dt" and b.tag == "dd":
                        label = a.text().rstrip(":").strip()
                        sheet.items.append(Item(label, lkey(label), b.text(), Locator(path=el_path(a), section=section[0]),
                                                f"{a.text()} {b.text()}", section[0]))
                continue
            if child.tag in ("ul", "ol"):
                flush()
                last = sheet.items[-1] if sheet.items else None
                if isinstance(last, Item) and not last.value and last.at.path == el_path(el) and not any(
                        split_label(t) for li in child.children if isinstance(li, Element) for t in li.lines()):
                    # 'Services:' followed by a list of its values
                    values = [" ".join(li.text().split()) for li in child.children
                              if isinstance(li, Element) and li.tag == "li" and li.text().strip()]
                    last.value = ", ".join(values)
                    last.raw = last.raw.rstrip() + " " + last.value
                    continue
            if child.tag in _CONTAINERS:
                flush()
                if _has_block(child):
                    walk(child)
                else:
                    add_lines(_inline_text(child.children), child)
                continue
            run.append(child)
        flush()

    try:
        walk(root)
    finally:
        _SIBLINGS.clear()
    return sheet, title


# -- from a sheet to records --------------------------------------------------------------------


def _split_list(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;]|\s{2,}", value) if p.strip()]


def _phone_text(value: str) -> str:
    """A phone as printed, without Google's country tag ('+1 202-555-0143 [US]' -> '+1 202-555-0143')."""
    return re.sub(r"\s*[\[(][A-Za-z]{2}[\])]\s*$", "", value).strip()


def _ip_and_time(value: str) -> tuple[str | None, str | None, str | None]:
    """(ip, time printed with it, annotation) of a labelled IP value:
    '198.51.100.23' -> (ip, None, None); '198.51.100.23, on 2014/05/09-11:42:48-UTC' -> (ip, time, None);
    '198.51.100.23 [US]' -> (ip, None, '[US]'). (None, None, None) when it does not start with an IP."""
    v = value.strip()
    if not v:
        return None, None, None
    if _is_ip(v):
        return v, None, None
    m = re.match(r"^(?P<ip>[^\s,;]+)[\s,;]+(?P<rest>\S.*)$", v)
    if not m or not _is_ip(m["ip"]):
        return None, None, None
    rest = re.sub(r"(?i)^(?:on|at|@)\s+", "", m["rest"].strip(" ,;-")).strip()
    if re.search(r"\d", rest) and not re.fullmatch(r"[(\[][^)\]]*[)\]]", rest):
        return m["ip"], rest, None
    return m["ip"], None, m["rest"].strip()


@dataclass
class Block:
    items: list[Item] = field(default_factory=list)
    tables: list[GTable] = field(default_factory=list)

    def first(self, fld: str) -> Item | None:
        return next((i for i in self.items if i.field == fld), None)

    def all(self, fld: str) -> list[Item]:
        return [i for i in self.items if i.field == fld]


def blocks_of(sheet: Sheet) -> list[Block]:
    """Account blocks: a repeated Google Account ID starts a new account."""
    blocks = [Block()]
    for it in sheet.items:
        if isinstance(it, Item):
            if it.field == "account_id" and blocks[-1].first("account_id") is not None:
                blocks.append(Block())
            blocks[-1].items.append(it)
        else:
            blocks[-1].tables.append(it)
    return [b for b in blocks if b.items or b.tables]


def block_account(block: Block) -> str | None:
    acc = block.first("account_id")
    if acc is not None and acc.value:
        return acc.value
    em = block.first("email")
    if em is not None and em.value:
        return em.value
    return None


def subscriber_records(block: Block, fallback_account: str | None) -> Iterator[Record]:
    """The Subscriber of one block, its registration/deletion IPs, and other labelled IPs."""
    items = block.items
    if not items:
        return
    acc_item = block.first("account_id")
    email_item = block.first("email")
    account = block_account(block)
    account_ids: list[str] = []
    if acc_item is not None and acc_item.value and email_item is not None and email_item.value:
        account_ids.append(email_item.value)
    emails: list[str] = []
    seen_e: set[str] = set()
    phones: list[str] = []
    seen_p: set[str] = set()
    for it in items:
        if it.field in _EMAIL_FIELDS and it.value:
            for e in _split_list(it.value):
                if "@" in e and e.lower() not in seen_e:
                    seen_e.add(e.lower())
                    emails.append(e)
        if it.field in _PHONE_FIELDS and it.value:
            for p in _split_list(it.value):
                pt = _phone_text(p)
                digits = re.sub(r"\D", "", pt)
                if len(digits) >= 7 and digits not in seen_p:
                    seen_p.add(digits)
                    phones.append(pt)
    extra: dict[str, str] = {}
    for it in items:
        if not it.value:
            continue
        k = it.label
        if k in extra:
            k = f"{it.label} ({it.section})" if it.section else k
            n = 2
            while k in extra:
                k = f"{it.label} #{n}"
                n += 1
        extra[k] = it.value
    name = block.first("name")
    created = block.first("created")
    tos = block.first("tos_ip")
    reg_ip = _ip_and_time(tos.value)[0] if tos is not None else None
    first = items[0]
    yield Subscriber(
        at=first.at,
        raw="\n".join(i.raw.strip() for i in items),
        account=account or fallback_account,
        account_ids=tuple(account_ids),
        name=name.value if name is not None and name.value else None,
        emails=tuple(emails),
        phones=tuple(phones),
        created=created.value if created is not None and created.value else None,
        registration_ip=reg_ip,
        extra=extra,
    )
    ip_account = account or fallback_account
    for fld, when_fld, activity in (("tos_ip", "created", "registration"), ("deletion_ip", "deletion_date", "deletion")):
        for it in block.all(fld):
            ip, t, note = _ip_and_time(it.value)
            if ip is None:
                if it.value and it.value.strip().lower() not in _NO_IP:
                    yield Problem(it.at, "UNREADABLE_VALUE", f"{it.label!r} does not hold an IP address: {it.value!r}")
                continue
            raw = it.raw.strip()
            ex = {"label": it.label}
            if note:
                ex["annotation"] = note
            if t is None:
                when = block.first(when_fld)
                if when is not None and when.value:
                    t = when.value
                    raw = raw + "\n" + when.raw.strip()
                    ex["time_from"] = when.label
            yield IpEvent(at=it.at, raw=raw, ip=ip, time=t, account=ip_account, activity=activity, extra=ex)
    # any other labelled value that is only IP addresses is an IP occurrence too
    for it in items:
        if it.field in ("tos_ip", "deletion_ip") or not it.value:
            continue
        ips = _ip_tokens(it.value)
        if ips:
            for ip in ips:
                yield IpEvent(at=it.at, raw=it.raw.strip(), ip=ip, time=None, account=ip_account, activity=it.label,
                              extra={"label": it.label})


def table_events(table: GTable, layout: TableLayout, account: str | None, account_note: str | None,
                 default_activity: str | None = None, hints: dict[int, list] | None = None) -> Iterator[Record]:
    """IpEvents from the rows of a bound table (one per IP printed in the IP cell). ``hints``:
    per row, the spreadsheet's TimeHints by column (Excel date cells)."""
    binding, _change, _found = layout.bind(table.header)
    zone_col = binding.get("time")
    zone = header_zone_text(table.header[zone_col]) if zone_col is not None else None
    for n, row in enumerate(table.rows):
        hint = TimeHint(zone=zone) if zone else None
        row_hints = (hints or {}).get(n)
        if row_hints and zone_col is not None and zone_col < len(row_hints) and row_hints[zone_col] is not None:
            cell = row_hints[zone_col]
            if cell.excel_serial is not None:
                hint = TimeHint(zone=zone, excel_serial=cell.excel_serial, date1904=cell.date1904)

        def get(fld: str) -> str | None:
            i = binding.get(fld)
            if i is None or i >= len(row.cells):
                return None
            return row.cells[i].strip() or None

        ip_cell = get("ip")
        if ip_cell is None or ip_cell.lower() in _NO_IP:
            continue
        ips = _ip_tokens(ip_cell)
        if ips is None:
            if any(_is_ip(t) for t in re.split(r"[\s,;]+", ip_cell)) or not re.search(r"[A-Za-z]{3}", ip_cell):
                ips = [ip_cell]  # printed as it is; the framework flags what it cannot read
            else:
                yield Problem(row.at, "UNREADABLE_ROW", f"the IP column ({table.header[binding['ip']]!r}) holds "
                              f"{ip_cell!r}, not an IP address; row not read: {row.raw!r}")
                continue
        bound = {i: f for f, i in binding.items()}
        extra = {}
        for i, h in enumerate(table.header):
            if i < len(row.cells) and row.cells[i].strip() and bound.get(i) not in _OWN_PLACE:
                extra[h] = row.cells[i].strip()
        for i in range(len(table.header), len(row.cells)):
            if row.cells[i].strip():
                extra[f"column {i + 1}"] = row.cells[i].strip()
        acc = get("account") or account
        if get("account") is None and account_note:
            extra["account_from"] = account_note
        for ip in ips:
            yield IpEvent(at=row.at, raw=row.raw, ip=ip, time=get("time"), account=acc, port=get("port"),
                          activity=get("activity") or default_activity, hint=hint, extra=dict(extra))


def _layout_change(known: str, sheet: Sheet, check_tables: bool = True) -> LayoutChange | None:
    """How a subscriber sheet differs from the labels and columns known here."""
    added: list[str] = []
    renamed: list[tuple[str, str]] = []
    missing: list[str] = []
    present = {i.field for i in sheet.labelled if i.field}
    unknown = []
    for it in sheet.labelled:
        if it.field is None and it.label not in unknown:
            unknown.append(it.label)
    absent_keys = {lkey(label): label for f, labels in FIELDS.items() if f not in present for label in labels}
    for label in unknown:
        best = difflib.get_close_matches(lkey(label), list(absent_keys), n=1, cutoff=0.8)
        if best:
            renamed.append((absent_keys[best[0]], label))
        else:
            added.append(label)
    if sheet.labelled and "account_id" not in present and "email" not in present and not renamed:
        missing.append("Google Account ID / e-Mail")
    if check_tables:
        for t in sheet.tables:
            if not is_ip_table(t):
                added.append(f"table ({', '.join(t.header)})")
                continue
            _b, ch, _f = IP_LAYOUT.bind(t.header)
            if ch is not None:
                added += [a for a in ch.added if a not in added]
                missing += list(ch.missing)
                renamed += list(ch.renamed)
    if added or missing or renamed:
        return LayoutChange(known, tuple(added), tuple(missing), tuple(renamed))
    return None


def is_ip_table(t: GTable) -> bool:
    """An IP activity table: under an IP section title, or a header naming a time or an IP column."""
    if t.section and lkey(t.section) in IP_SECTIONS:
        return True
    binding = IP_LAYOUT.bind(t.header)[0]
    return "ip" in binding or ("time" in binding and "activity" in binding)


def _subscriber_evidence(sheet: Sheet, title: str, doc: Document) -> tuple[int, bool, bool]:
    """(distinctive Google labels, a Google subscriber heading or file name, an account label)."""
    fields = {i.field for i in sheet.labelled if i.field}
    distinctive = len(fields & DISTINCTIVE) + (1 if any(i.key == "google account id" for i in sheet.labelled) else 0)
    heads = [title] + [h for h, _ in sheet.headings[:3]] + [t for t, _ in sheet.free[:2]]
    heading = any(re.search(r"(?i)\bgoogle\b.{0,40}\bsubscriber", h or "") for h in heads) or bool(
        re.search(r"(?i)subscriber[ _.-]?info", doc.filename))
    has_account = bool(fields & {"account_id", "email"})
    return distinctive, heading, has_account


def _is_export_summary(sheet: Sheet) -> bool:
    return len({i.key for i in sheet.labelled} & _EXPORT_SUMMARY_KEYS) >= 2


class _SubscriberBase(Extractor):
    provider = PROVIDER
    version = "2"
    default_zone = None  # Google prints the zone with each time (Z / UTC); none is documented otherwise
    sources = ("LAYOUTS.md#google", _RLEAPP, _JS_PARSER, _RUST_PARSER, _TRANSPARENCY)
    form = "text"

    def sheet(self, doc: Document, head: bool) -> tuple[Sheet, str]:
        raise NotImplementedError

    def identify(self, doc: Document) -> Claim | None:
        sheet, title = self.sheet(doc, head=True)
        if _is_export_summary(sheet) or not sheet.labelled:
            return None
        distinctive, heading, has_account = _subscriber_evidence(sheet, title, doc)
        if not (distinctive >= 3 or (heading and (has_account or distinctive >= 1))):
            return None
        variant = f"subscriber-{self.form}"
        if any(_ip_and_time(i.value)[1] for i in sheet.labelled if i.field == "tos_ip"):
            variant += "+tos-ip-with-time"
        if sheet.tables:
            variant += "+ip-activity"
        return Claim(variant, _layout_change(self.layout, sheet))

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        sheet, _title = self.sheet(doc, head=False)
        lers = lers_name(doc)
        fallback = lers.account_id if lers else None
        for text, at in sheet.notes:
            yield DocumentFact(at=at, raw=text, kind="note", value=text)
        for text, at, section in sheet.no_records:
            extra = {"statement": text}
            if section:
                extra["section"] = section
            yield DocumentFact(at=at, raw=text, kind="no_records", value=section or text, extra=extra)
        for block in blocks_of(sheet):
            account = block_account(block) or fallback
            yield from subscriber_records(block, fallback)
            for t in block.tables:
                binding, change, _f = IP_LAYOUT.bind(t.header)
                if "ip" not in binding or not is_ip_table(t):
                    yield Problem(t.at, "TABLE_NOT_READ", f"a table under {t.section!r} is not an IP activity table "
                                  f"this extractor knows (columns: {', '.join(t.header)}); its {len(t.rows)} rows "
                                  "were not read")
                    continue
                yield from table_events(t, IP_LAYOUT, account, None)


class GoogleSubscriberText(_SubscriberBase):
    name = "google_subscriber_text"
    layout = "Google subscriber information, plain text: 'Label: value' lines, sections, fixed-width IP ACTIVITY table"
    media_types = ("text/",)
    form = "text"

    def accepts(self, doc: Document) -> bool:
        return super().accepts(doc) and doc.media_type not in (*HTML_TYPES, "text/xml")

    def sheet(self, doc: Document, head: bool) -> tuple[Sheet, str]:
        decoded = decode_text(doc.head()) if head else doc.text()
        if decoded.text.lstrip()[:1] == "<":
            return Sheet(), ""
        return parse_text_sheet(decoded.lines), ""


class GoogleSubscriberHtml(_SubscriberBase):
    name = "google_subscriber_html"
    layout = "Google subscriber information, HTML: <li>Label: value</li> items, section headings, IP ACTIVITY <table>"
    media_types = HTML_TYPES
    form = "html"

    def sheet(self, doc: Document, head: bool) -> tuple[Sheet, str]:
        text = doc.head_text() if head else doc.text().text
        return parse_html_sheet(text)


# -- tables on their own: IP activity, change history ----------------------------------------------


@dataclass
class Found:
    table: GTable
    notes: list[tuple[str, Locator]]


def _tables_of(doc: Document, head: bool) -> tuple[list[Found], str, str]:
    """Tables of a CSV/TSV/XLSX or HTML document, with the notes and title printed around them."""
    if doc.media_type in HTML_TYPES or doc.suffix in (".html", ".htm"):
        sheet, title = parse_html_sheet(doc.head_text() if head else doc.text().text)
        heads = " ".join([title] + [h for h, _ in sheet.headings] + [t for t, _ in sheet.free[:5]])
        return [Found(t, sheet.notes) for t in sheet.tables], heads, "html"
    tables: list[Table] = read_tables(doc, peek=head)
    out = []
    heads = []
    for t in tables:
        rows = []
        hints = getattr(t, "hints", {})
        for r in t.rows:
            rows.append(RowCells(r.cells, r.at, r.raw))
        gt = GTable(list(t.header), t.header_at, rows, t.section)
        gt.hints = hints  # type: ignore[attr-defined]
        out.append(Found(gt, [(text, at) for at, text in t.notes]))
        heads += [text for _, text in t.notes]
        if t.section:
            heads.append(t.section)
    form = "xlsx" if (doc.media_type in XLSX_TYPES or doc.suffix in (".xlsx", ".xlsm")) else "csv"
    return out, " ".join(heads), form


class _GoogleTable(Extractor):
    provider = PROVIDER
    version = "2"
    default_zone = None
    media_types = ("text/", "application/csv", *XLSX_TYPES, *HTML_TYPES)
    table_layout: TableLayout
    name_hint: re.Pattern[str]
    #: column fields that only Google's table has (identify without a Google path)
    google_only: frozenset[str] = frozenset()

    def _doc_account(self, doc: Document, head: str) -> tuple[str | None, str | None]:
        return None, None

    def accepts_table(self, header: list[str]) -> bool:
        return True

    @staticmethod
    def _is_subscriber_sheet(doc: Document, form: str) -> bool:
        """A sheet the subscriber extractors read (its IP table is part of it)."""
        if form == "html":
            sheet, title = parse_html_sheet(doc.head_text())
        else:
            sheet, title = parse_text_sheet(decode_text(doc.head()).lines), ""
        if _is_export_summary(sheet) or not sheet.labelled:
            return False
        distinctive, heading, has_account = _subscriber_evidence(sheet, title, doc)
        return distinctive >= 3 or (heading and (has_account or distinctive >= 1))

    def identify(self, doc: Document) -> Claim | None:
        if doc.media_type == "text/plain" and doc.suffix not in (".csv", ".tsv", ".txt", ".tab"):
            return None
        try:
            found, heads, form = _tables_of(doc, head=True)
        except Exception:  # noqa: BLE001 - identify never raises
            return None
        if not found:
            return None
        if form != "xlsx" and self._is_subscriber_sheet(doc, form):
            return None
        marker = _google_path(doc) or bool(re.search(r"(?i)\bgoogle\b", heads))
        named = bool(self.name_hint.search(doc.name))
        best: tuple[int, Claim] | None = None
        required = sum(1 for c in self.table_layout.columns if c.required)
        for f in found:
            if not self.accepts_table(f.table.header):
                continue
            binding, change, nfound = self.table_layout.bind(f.table.header)
            google_cols = bool(self.google_only & set(binding))
            if not (marker or google_cols):
                continue
            if nfound == required and not (change and change.renamed):
                return Claim(f"{self.table_layout.name}-{form}", change if change and change.added else None)
            near = nfound >= max(2, (required + 1) // 2) or (named and marker and nfound >= 1)
            if near and change is not None and (best is None or nfound > best[0]):
                best = (nfound, Claim(f"{self.table_layout.name}-{form}", change))
        return best[1] if best else None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        found, heads, _form = _tables_of(doc, head=False)
        account, note = self._doc_account(doc, heads)
        required = sum(1 for c in self.table_layout.columns if c.required)
        seen_notes: set[str] = set()
        for f in found:
            binding, change, nfound = self.table_layout.bind(f.table.header)
            if nfound != required or (change and change.renamed):
                continue
            for text, at in f.notes:
                if at.as_text() not in seen_notes:
                    seen_notes.add(at.as_text())
                    yield DocumentFact(at=at, raw=text, kind="note", value=text)
            hints = getattr(f.table, "hints", {})
            yield from self.row_facts(f.table, binding, account, note, hints)
            yield from table_events(f.table, self.table_layout, account, note, hints=hints)

    def row_facts(self, table: GTable, binding: dict[str, int], account: str | None, account_note: str | None,
                  hints: dict[int, list]) -> Iterator[Record]:
        return iter(())


class GoogleIpActivity(_GoogleTable):
    name = "google_ip_activity"
    layout = "Google IP activity table on its own (CSV/TSV/XLSX/HTML): Timestamp, IP Address, Activity Type, Android ID, Apple IDFV, User Agent"
    table_layout = IP_LAYOUT
    name_hint = re.compile(r"(?i)ip[ _.-]?activity")
    google_only = frozenset({"android_id", "apple_idfv"})

    def accepts_table(self, header: list[str]) -> bool:
        # a change-history table (old and new values) is not an activity log
        binding = CHANGE_LAYOUT.bind(header)[0]
        return not ({"old", "new"} & set(binding))
    sources = ("LAYOUTS.md#google (IPActivity.csv: assumed layout; columns from the IP ACTIVITY table)", _JS_PARSER,
               _RUST_PARSER)

    def _doc_account(self, doc: Document, head: str) -> tuple[str | None, str | None]:
        ln = lers_name(doc)
        if ln:
            return ln.account_id, "the file name"
        return None, None


_ACCOUNT_LINE = re.compile(r"(?i)^\s*(?:google\s+)?account\s*:\s*(?P<email>\S+@\S+?)\s*\((?P<id>[^)]+)\)\s*$")


def _row_time(table: GTable, binding: dict[str, int], n: int, row: RowCells,
              hints: dict[int, list]) -> tuple[str | None, TimeHint | None]:
    """A row's time as printed and its hint (zone from the header, Excel serial)."""
    col = binding.get("time")
    if col is None or col >= len(row.cells) or not row.cells[col].strip():
        return None, None
    zone = header_zone_text(table.header[col])
    cell = (hints.get(n) or [None] * (col + 1))[col] if hints.get(n) and col < len(hints[n]) else None
    if cell is not None and cell.excel_serial is not None:
        return row.cells[col].strip(), TimeHint(zone=zone, excel_serial=cell.excel_serial, date1904=cell.date1904)
    return row.cells[col].strip(), (TimeHint(zone=zone) if zone else None)


class GoogleChangeHistory(_GoogleTable):
    name = "google_change_history"
    layout = "Google account change history (HTML/CSV/XLSX): Timestamp, IP (Address), Change Type, Old Value, New Value"
    table_layout = CHANGE_LAYOUT
    name_hint = re.compile(r"(?i)change[ _.-]?history")
    sources = ("LAYOUTS.md#google", _RLEAPP, _JS_PARSER, _RUST_PARSER)

    def row_facts(self, table: GTable, binding: dict[str, int], account: str | None, account_note: str | None,
                  hints: dict[int, list]) -> Iterator[Record]:
        """Every change as an ``account_change`` fact (with or without an IP): value = the change
        type, the row's cells by their printed headers in ``extra``, the time as printed."""
        act = binding.get("activity")
        for n, row in enumerate(table.rows):
            if not any(c.strip() for c in row.cells):
                continue
            time, hint = _row_time(table, binding, n, row, hints)
            extra = {h: row.cells[i].strip() for i, h in enumerate(table.header) if i < len(row.cells) and row.cells[i].strip()}
            if account:
                extra["account"] = account
                if account_note:
                    extra["account_from"] = account_note
            value = row.cells[act].strip() if act is not None and act < len(row.cells) else ""
            yield DocumentFact(at=row.at, raw=row.raw, kind="account_change", value=value, extra=extra, time=time, hint=hint)

    def _doc_account(self, doc: Document, head: str) -> tuple[str | None, str | None]:
        # the document's own 'Account: <email> (<id>)' line first, then the file name
        text = doc.head_text()
        if doc.media_type in HTML_TYPES or doc.suffix in (".html", ".htm"):
            sheet, _t = parse_html_sheet(text)
            lines = [i.raw for i in sheet.labelled] + [t for t, _ in sheet.free]
        else:
            lines = text.splitlines()[:20]
        for ln in lines:
            m = _ACCOUNT_LINE.match(ln)
            if m:
                return m["id"].strip(), None
        ln2 = lers_name(doc)
        if ln2:
            return ln2.account_id, "the file name"
        return None, None


# -- notices: NoRecords.txt, ExportSummary, cover letters ------------------------------------------

_NO_RECORDS = re.compile(
    r"(?i)\bno\s+(responsive\s+)?(records|data|information)\s+(were|was|have\s+been|has\s+been|could\s+be)?\s*(found|located|identified|produced)"
    r"|\b(could|did)\s+not\s+(locate|find|identify)\s+(any\s+)?(responsive\s+)?(records|data|information|accounts?)"
    r"|\bunable\s+to\s+(locate|find|identify)\s+(any\s+)?(responsive\s+)?(records|data|information|accounts?)"
    r"|\bno\s+(responsive\s+)?records\b")
_LETTER = (
    re.compile(r"(?im)^\s*(re|subject)\s*:"),
    re.compile(r"(?i)\bdear\b"),
    re.compile(r"(?i)\b(sincerely|regards|respectfully)\b"),
    re.compile(r"(?i)\b(enclosed|please\s+find|attached|accompanying)\b"),
    re.compile(r"(?i)\b(legal\s+process|subpoena|search\s+warrant|warrant|court\s+order|2703\s*\(\s*d\s*\)|request)\b"),
    re.compile(r"(?i)\bin\s+response\s+to\b"),
)
_REFERENCE_LABELS = re.compile(
    r"(?i)^\s*(?P<label>production\s+id|google\s+reference(?:\s+number)?|reference(?:\s+number)?|our\s+reference|"
    r"lers\s+(?:id|reference|request\s+id)|request\s+id|internal\s+reference|google\s+ref(?:erence)?\.?)\s*(?:no\.?|#)?\s*:\s*(?P<value>\S.*?)\s*$")


class GoogleNotice(Extractor):
    name = "google_notice"
    provider = PROVIDER
    layout = "Google notices: NoRecords.txt, LERS ExportSummary cover sheets, cover letters (text or PDF)"
    version = "2"
    media_types = ("text/plain", "application/pdf", "application/x-pdf")
    sources = ("LAYOUTS.md#google (NoRecords.txt, *.ExportSummary.txt)", _JS_PARSER, _RUST_PARSER)

    def _lines(self, doc: Document, head: bool) -> list[TextLine]:
        return document_lines(doc, head=head)

    def _kind(self, doc: Document, lines: list[TextLine]) -> str | None:
        texts = [ln.text for ln in lines]
        nonempty = [t for t in texts if t.strip()]
        if not nonempty:
            return None
        keys = {lkey(lab[0]) for t in nonempty if (lab := split_label(t))}
        if len(keys & _EXPORT_SUMMARY_KEYS) >= 2 and ({"service", "resource"} & keys):
            return "export-summary"
        joined = " ".join(nonempty)
        if looks_like_certificate(texts) or any(e is not None for _, e in hash_entries(lines)):
            return None
        if not is_pdf(doc):
            sheet = parse_text_sheet([(i, 0, t) for i, t in enumerate(texts, start=1)])
            distinctive, heading, has_account = _subscriber_evidence(sheet, "", doc)
            if distinctive >= 3 or (heading and (has_account or distinctive >= 1)):
                return None  # a subscriber sheet (its 'no records' lines are read there)
        if doc.filename.lower() == "norecords.txt" and len(joined) < 2000:
            return "no-records"
        google = bool(re.search(r"\bGoogle\b", joined)) or _google_path(doc)
        if not google:
            return None
        letter = sum(1 for p in _LETTER if p.search(joined))
        if letter >= 3 and re.search(r"\bGoogle\b", joined):
            return "cover-letter"
        if len(joined) < 600 and _NO_RECORDS.search(joined) and not is_pdf(doc):
            return "no-records"
        return None

    def identify(self, doc: Document) -> Claim | None:
        kind = self._kind(doc, self._lines(doc, head=True))
        return Claim(kind) if kind else None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        lines = self._lines(doc, head=False)
        nonempty = [ln for ln in lines if ln.text.strip()]
        category = container_category(doc)
        if claim.variant == "export-summary":
            labelled = {lkey(lab[0]): (lab[1], ln) for ln in nonempty if (lab := split_label(ln.text))}
            generated = labelled.get("export generated")
            for ln in nonempty:
                m = _REFERENCE_LABELS.match(ln.text)
                if m:
                    extra = {"label": m["label"]}
                    if generated is not None and generated[0].strip():
                        extra["time_from"] = "Export generated"
                    yield DocumentFact(at=ln.at, raw=ln.text, kind="request_reference", value=m["value"], extra=extra,
                                       time=generated[0].strip() if generated is not None and generated[0].strip() else None)
            exported = labelled.get("records exported")
            if exported is not None and re.match(r"(?i)^\s*no\b", exported[0]):
                svc = labelled.get("service", ("", None))[0].strip()
                res = labelled.get("resource", ("", None))[0].strip()
                ln = exported[1]
                extra = {"statement": ln.text.strip()}
                if svc:
                    extra["service"] = svc
                if res:
                    extra["resource"] = res
                cat = lers_name(doc).category if lers_name(doc) else None
                if cat:
                    extra["category_from"] = "the file name"
                    value = cat
                elif svc or res:
                    value = ".".join(x.replace(" ", "") for x in (svc, res) if x)
                    extra["category_from"] = "the Service and Resource lines"
                else:
                    value = ln.text.strip()
                yield DocumentFact(at=ln.at, raw=ln.text, kind="no_records", value=value, extra=extra)
            return
        if claim.variant == "no-records":
            statement = next((ln for ln in nonempty if _NO_RECORDS.search(ln.text)), None)
            if statement is None:
                if nonempty:
                    yield Problem(nonempty[0].at, "NOTICE_NOT_UNDERSTOOD",
                                  "a NoRecords file that does not say there are no records: " + repr(nonempty[0].text))
                return
            extra = {"statement": statement.text.strip()}
            if category:
                extra["category_from"] = "the enclosing archive or folder name"
            yield DocumentFact(at=statement.at, raw=statement.text, kind="no_records",
                               value=category or statement.text.strip(), extra=extra)
            return
        # a cover letter: its references and every 'no records' statement
        for ln in nonempty:
            m = _REFERENCE_LABELS.match(ln.text)
            if m:
                yield DocumentFact(at=ln.at, raw=ln.text, kind="request_reference", value=m["value"],
                                   extra={"label": m["label"]})
        for sentence, at in sentences(nonempty):
            if _NO_RECORDS.search(sentence) and not re.search(r"(?i)\b(if|whether|unless)\b", sentence):
                yield DocumentFact(at=at, raw=sentence, kind="no_records", value=sentence,
                                   extra={"statement": sentence})


def sentences(lines: list[TextLine]) -> Iterator[tuple[str, Locator]]:
    """Sentences of running text (wrapped over lines), each located at the line it starts on."""
    buf: list[str] = []
    start: Locator | None = None
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", text)
        for k, piece in enumerate(pieces):
            if not buf:
                start = ln.at
            buf.append(piece)
            ends = k < len(pieces) - 1 or re.search(r"[.!?:]\s*$", piece) or split_label(piece) is not None
            if ends:
                yield " ".join(buf), start  # type: ignore[misc]
                buf, start = [], None
    if buf and start is not None:
        yield " ".join(buf), start


EXTRACTORS = (
    GoogleSubscriberText(),
    GoogleSubscriberHtml(),
    GoogleIpActivity(),
    GoogleChangeHistory(),
    GoogleNotice(),
)
