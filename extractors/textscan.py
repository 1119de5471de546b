"""Finding identifiers in letters and free text: IP/time pairs, subscriber blocks, references.

A deterministic, offline scanner that extractors of letters, e-mail bodies and other prose
call with the *located lines* of a document (anything with ``.text`` and ``.at``, see
:class:`TextLine`, :func:`lines_from_text`, :func:`lines_from_pdf`, :func:`lines_from_html`).
It returns :class:`Findings`: every value with the :class:`~schemas.records.Locator` of the
line(s) it was printed on and the exact printed text (``raw``).

How it reads
============

1. **Lines to one stream.** Page furniture (``Page 2 of 3``, a header or footer repeated on
   every page) is dropped, so it cannot split a value. Each line break becomes

   * nothing (*glue*) when a value was broken at the line end and the two halves make one
     valid value (``2001:db8:77:4100:`` + ``:1b``; ``203.0.113.`` + ``77``; an e-mail or a
     reference broken after ``-`` / ``.`` / ``@``);
   * a space (*soft*) for wrapped prose, and for a date at a line end followed by a time
     (``07.01.2026`` + ``22:41:19``), across a page break too;
   * a line break (*hard*) before and after labelled lines (``Name: ...``), table rows
     (columns separated by tabs or runs of spaces), short lines; a blank line or a large
     vertical gap is a paragraph break.

   A value that crosses a line (or page) break is flagged ``joined_across_lines``
   (``joined_across_pages``).

2. **spaCy** (``spacy.blank("en")``, no statistical model): the tokenizer's ``token_match``
   keeps IPv4 (``:port``), IPv6 (``::``, ``%zone``, ``[v6]:port``), ISO and numeric dates and
   times, e-mail addresses, phone numbers and reference numbers (``MLA-2026-0031``) whole; a
   merge step joins values printed with spaces (``07.01.2026 22:41:19 CET``, ``7 January 2026
   at 22:41 UTC``, ``(202) 555-0143``) into one token; an ``EntityRuler`` marks the values,
   ports (``source port 40112``), and labels (``Account ID:``, ``Your reference:``,
   ``Installation address:`` ...); units (sentences, lines, table rows) are the doc's
   sentences.

3. **Meaning.** In each unit an IP and the time stated with it make a pair (one IP and
   several times: one pair per time; several IPs and one time: the time for each; equal
   counts: in order; otherwise the nearest time, flagged ``time_pairing_inferred``; ``from
   T1 to T2`` is one pair with an end). Consecutive labelled lines (``IP address: ...`` /
   ``Time: ...`` / ``Port: ...``) are one unit too. An IP without a time is kept as a
   mention. Values that only look like IPs are refused by context and shape (software
   versions, user-agent strings, OIDs, numbered sections, zero-padded numbers without an IP
   word), see :func:`ip_context`. A port goes to the IP nearest to it; a one-line table row
   under a header naming ``Port`` takes its port from that column (``port_from_column``).
   Labelled lines with a name (or an account and an address/e-mail/phone) make a
   :class:`SubscriberBlock`; ``Your reference:`` / ``Our ref:`` / ``case CASE-...`` make a
   :class:`Reference`; a sentence that states the zone of the times and holds no time makes a
   :class:`ZoneStatement`.

   Not evidence of use, and marked so: text quoted in a reply (``> ...``, after ``-----Original
   Message-----``; ``IpMention.quoted``) and a document that asks rather than answers (a
   letter of request, a production order; ``Findings.is_request``, ``IpMention.in_request``,
   no subscriber blocks). :attr:`Findings.pairs` leaves both out.

Using it: ``found = scan(lines_from_text(doc))`` (or ``lines_from_pdf(doc)``,
``lines_from_html(parse_html(...))``, or any list of objects with ``.text`` and ``.at``), then
``found.ips`` (each an :class:`IpMention`; ``time is None``: a mention), ``found.subscribers``,
``found.references``, ``found.zone_notes``, ``found.emails`` / ``phones`` / ``accounts``;
``found.rejected`` lists the IP look-alikes refused and why.

Memory and time: the spaCy pipeline is built once per process and rebuilt when its string
store grows past :data:`MAX_STRINGS` (it keeps every new token); a document is given to spaCy
in pieces of about :data:`CHUNK_CHARS` cut at line breaks, and no spaCy ``Doc`` outlives
:func:`scan` (about 1 MB of prose per 5 s on one core).
"""

from __future__ import annotations

import bisect
import ipaddress
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol, Sequence

from schemas.records import Locator

from .ocrfix import repair_ipv4, repair_ipv6, repair_spacing

# =============================================================================================
# Located lines
# =============================================================================================


class Located(Protocol):
    """Anything with a text and a locator (``pdftext.Line``, :class:`TextLine`, ...)."""

    text: str

    @property
    def at(self) -> Locator: ...


@dataclass(frozen=True)
class TextLine:
    """One line of a document with where it is and how it was read."""

    text: str
    at: Locator
    source: str = "text"  #: 'text' or 'ocr'
    conf: float | None = None

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        return self.at.bbox

    @property
    def page(self) -> int | None:
        return self.at.page


def lines_from_decoded(decoded: Any) -> list[TextLine]:
    """Lines of a :class:`~extractors.base.DecodedText` (line number + byte offset)."""
    return [TextLine(t, Locator(line=no, byte_offset=off)) for no, off, t in decoded.lines]


def lines_from_text(doc: Any, head: bool = False) -> list[TextLine]:
    """Lines of a text document (``head``: the first 64 KiB only, for identification)."""
    from .base import decode_text

    return lines_from_decoded(decode_text(doc.head()) if head else doc.text())


def lines_from_pdf(doc: Any, upto: int | None = None, head: bool = False) -> list[TextLine]:
    """Lines of a PDF or page image through :mod:`extractors.pdftext` (OCR included)."""
    from . import pdftext

    src = pdftext.head_lines(doc, upto or pdftext.HEAD_PAGES) if head else pdftext.lines(doc, upto)
    return [TextLine(ln.spaced_text, ln.at, ln.source, ln.conf) for ln in src]


#: HTML elements whose text starts a new line
_HTML_BLOCK = {"p", "div", "li", "br", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "dt", "dd", "th", "td",
               "tr", "article", "header", "footer", "address", "pre", "blockquote", "body", "html", "ul", "ol", "dl",
               "main", "aside", "nav", "form", "fieldset", "hr", "caption", "thead", "tbody", "tfoot", "center"}


def lines_from_html(root: Any) -> list[TextLine]:
    """Lines of an HTML tree (:func:`extractors.html.parse_html`), each located by element path.

    Every block element gives the lines of its own text (``<br>`` ends a line); a table row
    gives one line, its cells separated by tabs.
    """
    out: list[TextLine] = []

    def cell_text(el: Any) -> str:
        return " ".join(el.text(" ").split())

    def flush(buf: list[str], el: Any) -> None:
        text = " ".join("".join(buf).split())
        if text:
            out.append(TextLine(text, Locator(path=el.path or el.tag)))
        buf.clear()

    def walk(el: Any) -> None:
        buf: list[str] = []
        for child in el.children:
            if isinstance(child, str):
                buf.append(child)
            elif child.tag == "tr":
                flush(buf, el)
                cells = [cell_text(c) for c in child.children if not isinstance(c, str) and c.tag in ("td", "th")]
                if any(cells):
                    out.append(TextLine("\t".join(cells), Locator(path=child.path)))
            elif child.tag == "br":
                flush(buf, el)
            elif child.tag in _HTML_BLOCK:
                flush(buf, el)
                walk(child)
            else:
                buf.append(child.text(" ") if child.children else "")
                buf.append(" ")
        flush(buf, el)

    walk(root)
    return out


# =============================================================================================
# Value shapes
# =============================================================================================

_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"
_H = r"[0-9A-Fa-f]{1,4}"
_IPV6 = rf"(?=[0-9A-Fa-f:.]*[0-9A-Fa-f])(?:{_H}|:)?(?::{_H}|:){{1,7}}(?:(?<=:){_IPV4})?(?:%[\w-]+(?:\.[\w-]+)*)?"
_PORT = r":\d{1,5}"
IP_TOKEN = re.compile(rf"(?:(?P<v4>{_IPV4})(?::(?P<p4>\d{{1,5}}))?|\[(?P<b6>{_IPV6})\](?::(?P<p6>\d{{1,5}}))?|(?P<v6>{_IPV6}))")

EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
REF = re.compile(r"(?!(?:UTC|GMT)[-+])(?=[A-Z0-9/-]*\d)[A-Z]{1,12}(?:[-/][A-Z0-9]{1,12}){1,5}")
PHONE_TOKEN = re.compile(r"\+\d{7,15}|\d{3}-\d{3}-\d{4}|\d{3}-\d{4}|\(\d{3}\)\d{3}-\d{4}|\d{3}\.\d{3}\.\d{4}|\+?1-\d{3}-\d{3}-\d{4}")
PHONE = re.compile(r"(?:\+\d{1,3}[ .-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .-])\d{3}[ .-]\d{4}|" + PHONE_TOKEN.pattern)

_WEEKDAY = (r"(?i:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|lundi|mardi|mercredi|jeudi|vendredi|"
            r"samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|miércoles|"
            r"jueves|viernes|sábado|domingo)\.?")
_MONTH = (r"(?i:jan(?:uary|vier|uar)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|mar(?:ch|s)?|m[äa]rz|apr(?:il)?|avr(?:il)?|may|"
          r"mai|jun[ei]?|juin|jul[yi]?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sept?(?:ember|embre)?|oct(?:ober|obre)?|"
          r"okt(?:ober)?|nov(?:ember|embre)?|d[ée]c(?:ember|embre)?|dez(?:ember)?|enero|febrero|marzo|abril|mayo|junio|"
          r"julio|agosto|septiembre|octubre|noviembre|diciembre)\.?")
DATE = (rf"(?:{_WEEKDAY},?[ \t]+)?(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{4}}/\d{{1,2}}/\d{{1,2}}|\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})(?![\d])"
        rf"|\d{{1,2}}(?:st|nd|rd|th|er|\.)?[ \t]+(?:(?i:of)[ \t]+)?{_MONTH},?[ \t]+\d{{4}}|{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}})")
CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[ \t]?(?:[AaPp]\.?[Mm]\.?)(?![\w]))?(?:[ \t]?(?:Uhr|h)(?![\w]))?"
_ABBR = (r"UTC|GMT|CET|CEST|EET|EEST|WET|WEST|BST|IST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|AEST|AEDT|ACST|"
         r"AWST|JST|KST|MEZ|MESZ|NZST|NZDT|SGT|HKT|ET|PT|CT|MT")
_OFFSET = r"(?:UTC|GMT)[ ]?[+\-−][ ]?\d{1,2}(?::?\d{2})?|[+\-−]\d{2}:?\d{2}"
ZONE = rf"(?:{_OFFSET}|(?:{_ABBR})(?![\w])|\((?:{_OFFSET}|{_ABBR})\))"
_CONNECT = r"(?:,?[ \t]+(?i:at|à|a|um|a las|alle|om|@)[ \t]+|,[ \t]*|[ \t]+|T|[ \t]+-[ \t]+)"
_DATETIME_DF = rf"(?P<d1>{DATE}){_CONNECT}(?P<c1>{CLOCK})(?:(?:[ \t]?(?P<z1>{ZONE}))|(?P<zz>Z))?"
_DATETIME_TF = (rf"(?P<c2>{CLOCK})(?:[ \t]?(?P<z2>{ZONE}))?(?:,?[ \t]+(?i:on|le|am|el|del|the)[ \t]+|,[ \t]*|[ \t]+)"
                rf"(?P<d2>{DATE})(?:[ \t]?(?P<z3>{ZONE}))?")
_CLOCKZ = rf"(?P<c3>{CLOCK})(?:(?:[ \t]?(?P<z4>{ZONE}))|(?P<z5>Z))?"
_LB = r"(?<![\w.:/@+-])"
_RB = r"(?![\w:@]|[.:/-]\d)"
DATETIME = re.compile(rf"{_DATETIME_DF}|{_DATETIME_TF}")
DATE_RE = re.compile(DATE)
CLOCK_RE = re.compile(_CLOCKZ)
#: values printed with spaces inside, merged into one token each
_MERGE = re.compile(rf"{_LB}(?:(?P<dt>{_DATETIME_DF}|{_DATETIME_TF})|(?P<date>{DATE})|(?P<clock>{_CLOCKZ})|(?P<phone>{PHONE.pattern})){_RB}")

#: a single whitespace-free chunk that is one value (spaCy ``token_match``)
_TOKEN = re.compile(
    rf"(?:{_IPV4}(?:{_PORT})?|\[{_IPV6}\](?:{_PORT})?|{_IPV6}|{EMAIL.pattern}"
    r"|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
    r"|\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}/\d{1,2}/\d{1,2}"
    rf"|{REF.pattern}|{PHONE_TOKEN.pattern}|(?:UTC|GMT)[+-]\d{{1,2}}(?::?\d{{2}})?)"
)


def split_ip(text: str) -> tuple[str, str | None] | None:
    """(address as printed, port as printed) when ``text`` is one IP address (``:port``, ``[v6]:port``,
    ``%zone`` allowed), else None. Zero-padded IPv4 parts are allowed here (see :func:`ip_context`)."""
    m = IP_TOKEN.fullmatch(text)
    if not m:
        return None
    if m["v4"]:
        parts = m["v4"].split(".")
        if any(int(p) > 255 for p in parts):
            return None
        port = m["p4"]
        if port is not None and not 0 < int(port) <= 65535:
            return None
        return m["v4"], port
    v6 = m["b6"] or m["v6"]
    try:
        ipaddress.IPv6Address(v6.split("%", 1)[0])
    except ValueError:
        return None
    port = m["p6"]
    if port is not None and not 0 < int(port) <= 65535:
        return None
    return v6, port


def classify(text: str) -> str | None:
    """The kind of one token: ip, email, datetime, date, clock, phone, ref (None: a word)."""
    if not text or not (text[0].isalnum() or text[0] in "[:+("):
        return None
    if split_ip(text):
        return "ip"
    if EMAIL.fullmatch(text):
        return "email"
    if DATETIME.fullmatch(text):
        return "datetime"
    if re.fullmatch(rf"(?:{_WEEKDAY},?[ \t]+)?\d{{4}}-\d{{2}}-\d{{2}}T{CLOCK}(?:Z|{ZONE})?", text):
        return "datetime"
    if DATE_RE.fullmatch(text):
        return "date"
    if CLOCK_RE.fullmatch(text):
        return "clock"
    if PHONE.fullmatch(text):
        return "phone"
    if REF.fullmatch(text):
        return "ref"
    return None


@dataclass(frozen=True)
class TimeParts:
    """A printed time split into its parts (each as printed)."""

    text: str  #: the whole value as printed
    date: str | None
    clock: str | None
    zone: str | None
    time_first: bool = False

    def composed(self) -> str:
        """Date, clock and zone in the usual order, words between them dropped."""
        clock = re.sub(r"[ \t]*(?:Uhr|h)$", "", self.clock or "")
        return " ".join(p for p in (self.date, clock, self.zone) if p)


def time_parts(text: str) -> TimeParts | None:
    """Split a date-time, date or clock value (as merged by the scanner)."""
    t = " ".join(text.split())
    m = DATETIME.fullmatch(t)
    if m:
        if m["d1"]:
            return TimeParts(t, m["d1"], m["c1"], m["z1"] or m["zz"])
        return TimeParts(t, m["d2"], m["c2"], m["z2"] or m["z3"], time_first=True)
    m = re.fullmatch(rf"(?P<d>(?:{_WEEKDAY},?[ \t]+)?\d{{4}}-\d{{2}}-\d{{2}})T(?P<c>{CLOCK})(?P<z>Z|{ZONE})?", t)
    if m:
        return TimeParts(t, m["d"], m["c"], m["z"])
    if DATE_RE.fullmatch(t):
        return TimeParts(t, t, None, None)
    m = CLOCK_RE.fullmatch(t)
    if m:
        return TimeParts(t, None, m["c3"], m["z4"] or m["z5"])
    return None


# =============================================================================================
# Vocabulary
# =============================================================================================

#: label kind -> label phrases (lower case, as printed before the colon)
LABELS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "subscriber", "subscriber name", "customer", "customer name", "account holder",
             "account holder name", "holder", "contract holder", "nom", "nom du titulaire", "titulaire", "nom du client",
             "name des kunden", "kunde", "inhaber", "anschlussinhaber", "nombre", "titular", "nombre del titular"),
    "address": ("address", "installation address", "billing address", "service address", "postal address",
                "street address", "home address", "mailing address", "subscriber address", "customer address",
                "adresse", "adresse d'installation", "adresse de facturation", "adresse postale", "anschrift",
                "installationsadresse", "rechnungsadresse", "dirección", "domicilio", "dirección de instalación"),
    "email": ("e-mail", "email", "e-mail address", "email address", "mail", "courriel", "adresse e-mail",
              "adresse électronique", "correo", "correo electrónico", "contact e-mail", "contact email"),
    "phone": ("phone", "telephone", "tel", "phone number", "telephone number", "mobile", "mobile number",
              "contact number", "contact phone", "téléphone", "telefon", "telefonnummer", "teléfono", "msisdn",
              "cell", "cell phone"),
    "account": ("account id", "account", "account number", "account no", "user id", "userid", "user", "username",
                "user name", "customer number", "customer id", "customer no", "subscriber id", "login", "login name",
                "contract number", "numéro client", "numéro de client", "identifiant", "kundennummer", "benutzername",
                "benutzerkennung", "número de cliente", "usuario", "account identifier", "member id"),
    "subscriber_extra": ("account created", "customer since", "created", "service", "service type", "contract start",
                         "account status", "status", "date of birth", "installation date", "plan", "tariff",
                         "activation date", "registered", "registration date"),
    "registration_ip": ("registration ip", "registration ip address", "sign-up ip", "signup ip", "creation ip",
                        "ip at registration", "ip address at registration", "registration ip-adresse"),
    "ref_yours": ("your reference", "your ref", "your case", "your case number", "your request", "your file",
                  "votre référence", "votre réf", "v/réf", "v/ref", "ihr zeichen", "ihr aktenzeichen",
                  "ihre anfrage", "su referencia", "vuestra referencia", "your reference number"),
    "ref_ours": ("our reference", "our ref", "our case", "our case number", "our file", "our ticket",
                 "notre référence", "notre réf", "n/réf", "n/ref", "unser zeichen", "unser aktenzeichen",
                 "nuestra referencia", "our reference number", "ticket"),
    "ref": ("reference", "ref", "ref no", "reference number", "reference no", "request reference", "request number",
            "request id", "request no", "case number", "case no", "case id", "case reference", "case", "aktenzeichen",
            "geschäftszeichen", "référence", "réf", "referencia", "expediente", "ticket number", "file number",
            "file reference", "mla reference", "legal process number", "process number", "order number", "order no",
            "warrant number", "subpoena number"),
    "subject": ("subject", "re", "betreff", "objet", "asunto"),
    "ip": ("ip", "ip address", "ipv4", "ipv6", "ip-adresse", "adresse ip", "dirección ip", "source ip", "public ip",
           "client ip", "ipv4 address", "ipv6 address", "ip-address", "indirizzo ip", "ip adres"),
    "time": ("date", "time", "date/time", "date and time", "time and date", "timestamp", "datum", "uhrzeit",
             "zeitpunkt", "datum/uhrzeit", "heure", "date et heure", "date/heure", "fecha", "hora", "fecha y hora",
             "login time", "session start", "start time", "event time", "time (utc)", "date/time (utc)"),
    "activity": ("activity", "event", "action", "event type", "activity type", "type of event"),
}
#: reference words printed before a reference number without a colon (phrase -> kind)
_INLINE_REF: dict[str, str] = {
    **{p: "ref" for p in ("case", "case number", "case no", "reference", "ref", "request", "request number", "ticket",
                          "aktenzeichen", "référence", "referencia", "dossier", "mla request", "le request", "letter")},
    **{p: "ref_yours" for p in LABELS["ref_yours"] + ("your request", "your letter", "your order", "your warrant",
                                                      "your subpoena", "votre demande", "ihre anfrage", "ihr ersuchen",
                                                      "su solicitud", "your request number", "your mla request")},
    **{p: "ref_ours" for p in LABELS["ref_ours"] + ("our ticket", "our case", "our file", "our ref")},
}
#: labels whose values belong to a subscriber block
SUBSCRIBER_KINDS = ("name", "address", "email", "phone", "account", "subscriber_extra", "registration_ip")
_ALL_LABELS = sorted(((p, k) for k, ps in LABELS.items() for p in ps), key=lambda x: (-len(x[0]), x[0]))
#: a known label at the start of a line
LINE_LABEL = re.compile(r"^\s*(?:[-*•]\s*)?(?P<label>" + "|".join(re.escape(p) for p, _ in _ALL_LABELS) + r")\s*\.?\s*[:：]",
                        re.I)
_GENERIC_LABEL = re.compile(r"^\s*(?:[-*•]\s*)?[^\W\d_][\w .'’/()&-]{0,40}?\s?[:：](?:\s|$)")

_IP_WORDS = {"ip", "ips", "ipv4", "ipv6", "address", "addresses", "adresse", "adresses", "ip-adresse", "ip-adressen",
             "dirección", "direcciones", "indirizzo", "host", "source", "src", "client", "nat", "public", "publique",
             "öffentliche", "assigned", "allocated", "attribuée", "zugewiesen", "from", "de", "von", "desde", "remote"}
_VERSION_WORDS = {"version", "versions", "ver", "v", "build", "release", "released", "rel", "firmware", "fw", "software",
                  "sw", "os", "kernel", "app", "application", "agent", "patch", "patched", "update", "updated",
                  "upgrade", "upgraded", "hotfix", "rev", "revision", "edition", "chrome", "firefox", "safari", "edge",
                  "android", "ios", "windows", "macos", "linux", "java", "python", "node", "library", "package",
                  "module", "sdk", "api", "plugin", "driver", "bios", "fixed", "introduced", "deprecated", "since",
                  "changelog", "versión", "logiciel", "micrologiciel"}
_SECTION_WORDS = {"section", "sections", "sec", "§", "§§", "clause", "paragraph", "para", "article", "art", "item",
                  "chapter", "annex", "appendix", "table", "figure", "fig", "step", "rule", "standard", "iso", "rfc",
                  "abschnitt", "ziffer", "nr", "no", "point", "punkt", "chapitre", "apartado"}
_OID_WORDS = {"oid", "oids", "object", "identifier", "arc", "attribute", "mib", "snmp"}
_ACTIVITY = re.compile(
    r"\b(log(?:ged)?[ -]?in|log[ -]?on|logon|sign(?:ed)?[ -]?in|log(?:ged)?[ -]?out|log[ -]?off|registration|registered|"
    r"sign(?:ed)?[ -]?up|account creation|account created|session start(?:ed)?|session end(?:ed)?|assigned|"
    r"allocated|upload(?:ed)?|password (?:change|reset)|connexion|anmeldung|angemeldet|zugewiesen|zugeteilt|"
    r"attribuée?|assignée?|inicio de sesión|asignada?)\b", re.I)
_ZONE_WORDS = re.compile(r"(?i)\b(?:times?|timestamps?|dates?|heures?|horaires?|horodatages?|zeit(?:en|angaben|stempel)?|"
                         r"uhrzeit(?:en)?|horas?|ore|orari|clock)\b")
#: zones named in prose that the framework's zone_from_text does not read (phrase -> IANA key)
CITY_ZONES: dict[str, str] = {"heure de paris": "Europe/Paris", "paris time": "Europe/Paris",
                              "heure française": "Europe/Paris", "heure de bruxelles": "Europe/Brussels",
                              "mez": "CET", "mesz": "CET", "mez/mesz": "CET", "hora peninsular": "Europe/Madrid",
                              "hora de madrid": "Europe/Madrid", "ora italiana": "Europe/Rome",
                              "deutscher zeit": "Europe/Berlin", "deutsche zeit": "Europe/Berlin"}
_IP_ANY = re.compile(rf"(?<![\w.:])(?:{_IPV4}|{_H}(?::{_H}){{0,7}}::?(?:{_H})?(?::{_H}){{0,7}})(?![\w.:])")
#: a document that asks or orders (its IPs and subscriber lines are the questions) ...
_REQUEST = re.compile(
    r"(?i)\b(?:letter of request|request for (?:mutual )?(?:legal )?assistance|(?:we|i) (?:hereby |respectfully |kindly )?"
    r"request (?:that|you|the)|hereby ordered|you are (?:hereby )?(?:ordered|required|commanded|directed)|production order|"
    r"preservation (?:order|request)|please (?:provide|identify|disclose|produce|preserve)|(?:is|are) (?:hereby )?requested to|"
    r"kindly (?:provide|disclose)|shall (?:produce|disclose|provide)|subpoena|search warrant|nous vous prions de|"
    r"veuillez (?:nous )?(?:communiquer|fournir)|wir bitten (?:um|sie)|ersuchen wir|se solicita)\b")
#: ... unless it also answers
_ANSWER = re.compile(
    r"(?i)\b(?:our records (?:show|indicate)|we (?:can |hereby )?confirm|in (?:response|reply|answer) to|(?:this|our) "
    r"(?:response|reply)|please find (?:below|attached|enclosed|the)|we are (?:able|pleased) to provide|thank you for your "
    r"(?:request|letter)|regarding your (?:request|letter)|as requested|results?:|nous vous confirmons|en réponse à|"
    r"in beantwortung|wir bestätigen|en respuesta a)")
_PLACEHOLDER = re.compile(r"(?i)^(?:to be \w+.*|unknown|n/?a|none|nil|not (?:known|available|provided|applicable)|-+|\?+|"
                          r"tbd|\[[^\]]*\]|<[^>]*>|x{3,})$")
_CITY_ZONE = re.compile(r"(?i)\b(" + "|".join(re.escape(k) for k in sorted(CITY_ZONES, key=len, reverse=True)) + r")\b")
_PAGE_NO = re.compile(r"(?i)^[-–—\s]*(?:(?:page|seite|página|pagina|p\.)\s*\d{1,4}(?:\s*(?:of|/|von|de|sur|di)\s*\d{1,4})?"
                      r"|\d{1,4}\s*/\s*\d{1,4})[-–—\s]*$")
_QUOTE_START = re.compile(r"(?i)^\s*(?:-{2,}\s*(?:original message|message d'origine|"
                          r"ursprüngliche nachricht|mensaje original)\s*-{2,}|on .{4,120} wrote:|le .{4,120} a écrit ?:|"
                          r"am .{4,120} schrieb .{1,80}:|el .{4,120} escribió:)\s*$")

# =============================================================================================
# Findings
# =============================================================================================


@dataclass(frozen=True)
class IpMention:
    """An IP address printed in the text, with the time stated with it (None: a mention only)."""

    ip: str  #: address as printed (no port, no brackets)
    port: str | None
    time: str | None  #: as printed; when the printed form could not be one value, the parts composed (flag time_recomposed)
    raw: str  #: the printed unit (sentence, line, table row, labelled lines) it was read from
    at: Locator
    flags: tuple[str, ...] = ()
    ip_text: str = ""  #: the IP token as printed (may include :port, brackets)
    time_raw: str | None = None  #: the time exactly as printed
    end: str | None = None  #: the end of a stated range (``from T1 to T2``), as printed
    activity: str | None = None  #: the activity the text names, as printed
    account: str | None = None  #: an account identifier stated in the same unit
    quoted: bool = False  #: in quoted text (an e-mail reply quoting the request)
    in_request: bool = False  #: the document is a request or order (its IPs are questions, not answers)
    zone_hint: str | None = None  #: a zone named in words right after the time ("(heure de Paris)"), as printed


@dataclass(frozen=True)
class Field:
    """One labelled value."""

    kind: str  #: name, address, email, phone, account, subscriber_extra, other
    label: str  #: as printed
    value: str
    raw: str
    at: Locator
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubscriberBlock:
    """Consecutive labelled lines describing an account holder."""

    fields: tuple[Field, ...]
    raw: str
    at: Locator
    flags: tuple[str, ...] = ()

    def first(self, kind: str) -> str | None:
        return next((f.value for f in self.fields if f.kind == kind and f.value), None)

    def all(self, kind: str) -> tuple[str, ...]:
        return tuple(f.value for f in self.fields if f.kind == kind and f.value)


@dataclass(frozen=True)
class Value:
    """An e-mail address, phone number or account identifier found in the text."""

    value: str
    raw: str
    at: Locator
    label: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    """A request or case reference printed after a label."""

    value: str
    label: str
    whose: str  #: 'yours' (the addressee's, e.g. the requester's), 'ours' (the writer's) or 'unknown'
    raw: str
    at: Locator
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ZoneStatement:
    """A sentence that states the time zone of the document's times."""

    text: str  #: the sentence, whitespace collapsed
    raw: str
    at: Locator
    zone: str | None = None  #: an IANA key for prose the framework does not read (``heure de Paris``), else None
    phrase: str | None = None


@dataclass(frozen=True)
class Rejected:
    """A value shaped like an IP address that is not one (a version, a section number ...)."""

    text: str
    reason: str
    raw: str
    at: Locator


@dataclass
class Findings:
    ips: list[IpMention] = field(default_factory=list)
    subscribers: list[SubscriberBlock] = field(default_factory=list)
    emails: list[Value] = field(default_factory=list)
    phones: list[Value] = field(default_factory=list)
    accounts: list[Value] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    zone_notes: list[ZoneStatement] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    mentions_ip_words: bool = False  #: the text speaks of IP addresses somewhere
    is_request: bool = False  #: the document asks or orders (a letter of request, a production order), not answers

    @property
    def pairs(self) -> list[IpMention]:
        return [m for m in self.ips if m.time is not None and not m.quoted and not m.in_request]

    def worth_extracting(self) -> bool:
        """At least one IP with a time (in a text that speaks of IP addresses), a subscriber block, or a reference."""
        return bool((self.pairs and self.mentions_ip_words) or self.subscribers or self.references)


# =============================================================================================
# The spaCy pipeline (built once, rebuilt when its vocabulary gets large)
# =============================================================================================

KIND = "textscan_kind"
#: rebuild the pipeline when its string store holds more entries than this (memory)
MAX_STRINGS = 150_000
_LOCK = threading.RLock()
_NLP: Any = None


def _prefix_search(default: Any) -> Any:
    def search(text: str) -> Any:
        if text.startswith("::") or text.startswith("[") and re.match(rf"\[{_IPV6}\]", text):
            return None
        return default(text)

    return search


def _build() -> Any:
    import spacy
    from spacy.language import Language
    from spacy.tokens import Token
    from spacy.util import compile_suffix_regex, filter_spans

    Token.set_extension(KIND, default="", force=True)
    nlp = spacy.blank("en")
    tok = nlp.tokenizer
    tok.token_match = _TOKEN.fullmatch
    # emoticon exceptions ('):', ':(' ...) would swallow the colon of 'Time (UTC):'
    tok.rules = {k: v for k, v in tok.rules.items() if re.search(r"\w", k)}
    tok.prefix_search = _prefix_search(tok.prefix_search)
    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=[0-9A-Za-z\])])[.,;:!?]$"]
    tok.suffix_search = compile_suffix_regex(suffixes).search

    if not Language.has_factory("textscan_values"):
        @Language.component("textscan_values")
        def merge_values(doc: Any) -> Any:
            spans = []
            for m in _MERGE.finditer(doc.text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="strict")
                if span is not None and len(span) > 1:
                    spans.append(span)
            with doc.retokenize() as retok:
                for span in filter_spans(spans):
                    retok.merge(span)
            for t in doc:
                t._.set(KIND, (classify(t.text) or "") if not t.is_space else "")
            return doc

    if not Language.has_factory("textscan_units"):
        @Language.component("textscan_units")
        def units(doc: Any) -> Any:
            """Units: a new one after a line break and after a sentence's final punctuation (set in one array:
            setting ``Token.is_sent_start`` one by one is quadratic)."""
            import numpy

            from spacy.attrs import SENT_START

            marks = numpy.empty((len(doc), 1), dtype="int64")
            start = True
            for t in doc:
                marks[t.i, 0] = 1 if start else -1
                if t.is_space and "\n" in t.text:
                    start = True
                elif t.text in (".", "!", "?") and t.whitespace_ and t.i + 1 < len(doc) and not doc[t.i + 1].is_lower:
                    start = True
                elif not t.is_space:
                    start = False
            if len(doc):
                doc.from_array([SENT_START], marks.astype("uint64"))
            return doc

    nlp.add_pipe("textscan_values")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": False, "overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(_patterns(nlp))
    nlp.add_pipe("textscan_units")
    return nlp


def _patterns(nlp: Any) -> list[dict[str, Any]]:
    """Value kinds and ports as token patterns; labels as phrases (``Label:``) matched on lower case."""
    pats: list[dict[str, Any]] = []
    for kind in ("ip", "email", "datetime", "date", "clock", "phone", "ref"):
        pats.append({"label": kind.upper(), "pattern": [{"_": {KIND: kind}}]})
    num = {"TEXT": {"REGEX": r"^\d{1,5}$"}}
    sep = {"LOWER": {"IN": [":", "#", "=", "no", "no.", "nr", "nr.", "number", "n°"]}, "OP": "*"}
    for qual, label in ((["source", "src", "client", "public", "nat", "originating", "sender", "quell"], "PORT"),
                        (["destination", "dest", "dst", "server", "target", "ziel"], "DPORT")):
        pats.append({"label": label, "pattern": [{"LOWER": {"IN": qual}}, {"LOWER": {"IN": ["port", "ports", "port-nr"]}}, sep, num]})
        pats.append({"label": label, "pattern": [{"LOWER": {"IN": ["port", "ports"]}}, {"LOWER": {"IN": qual}}, sep, num]})
    pats.append({"label": "PORT", "pattern": [{"LOWER": {"IN": ["port", "ports", "port-nr", "quellport", "portnummer"]}}, sep, num]})
    pats.append({"label": "DPORT", "pattern": [{"LOWER": {"IN": ["zielport"]}}, sep, num]})
    for phrase, kind in _ALL_LABELS:
        # the tokenizer's exceptions depend on case ('id' -> 'i' 'd', 'ID' stays whole): one phrase per casing
        seen: set[tuple[str, ...]] = set()
        for variant in (phrase, phrase.title(), phrase.upper(), phrase.capitalize()):
            for colon in (":", ".:", "："):
                text = variant + colon
                words = tuple(t.lower_ for t in nlp.make_doc(text))
                if words in seen:
                    continue
                seen.add(words)
                pats.append({"label": "LBL_" + kind, "id": phrase, "pattern": text})
        if kind in ("time", "ip"):  # 'Date/Time (UTC):'
            words = [t.lower_ for t in nlp.make_doc(phrase.capitalize())]
            pats.append({"label": "LBL_" + kind, "id": phrase,
                         "pattern": [{"LOWER": w} for w in words] + [{"ORTH": "("}, {"TEXT": {"REGEX": r"^[^()\n]+$"}, "OP": "+"},
                                                                     {"ORTH": ")"}, {"ORTH": {"IN": [":", "："]}}]})
    return pats


def _pipeline() -> Any:
    global _NLP
    if _NLP is None or len(_NLP.vocab.strings) > MAX_STRINGS:
        _NLP = _build()
    return _NLP


def tokens(text: str) -> list[tuple[str, str | None]]:
    """(token text, kind) for ``text`` as the scanner tokenizes it (for tests and debugging)."""
    with _LOCK:
        doc = _pipeline()(text)
        out = [(t.text, t._.get(KIND) or None) for t in doc if not t.is_space]
        del doc
    return out


# =============================================================================================
# Lines to a stream
# =============================================================================================


@dataclass
class _Line:
    src: Any
    orig: str  #: original text, stripped
    text: str  #: working text (OCR repaired), stripped of leading quote marks and spaces
    page: int
    quoted: bool
    repaired: bool
    source: str
    at: Locator
    notes: tuple[str, ...] = ()  #: flags for values read across this line's start


@dataclass
class _Stream:
    lines: list[_Line]
    text: str
    starts: list[int]
    seps: list[str]  #: separator before each line ('' glue, ' ' soft, '\n' hard, '\n\n' paragraph)
    value_joins: set[int]  #: indexes of lines joined to the previous one because a value was broken

    def line_at(self, off: int) -> int:
        return max(0, bisect.bisect_right(self.starts, off) - 1)

    def span_lines(self, s: int, e: int) -> list[int]:
        a, b = self.line_at(s), self.line_at(max(s, e - 1))
        return list(range(a, b + 1))


def _ocr_repair(text: str) -> str:
    """OCR damage undone where the repaired text has the shape it must have (see :mod:`extractors.ocrfix`):
    spaces inside dates, times and e-mails; a dot read as a colon in an IPv4; a dot or comma between a date
    and its time; a comma read for the dot of an e-mail's local part."""
    u, _ = repair_spacing(text)
    u = re.sub(r"(?<=\d{4}-\d{2}-\d{2})[.,](?=\d{1,2}:\d{2})", " ", u)
    u = re.sub(r"(?<=[A-Za-z0-9]),(?=[A-Za-z0-9._%+-]*@[A-Za-z0-9-]+\.)", ".", u)

    def v4(m: re.Match[str]) -> str:
        fixed, _rep = repair_ipv4(m.group(0))
        return fixed if fixed else m.group(0)

    u = re.sub(r"(?<![\w.])[0-9OoIl|]{1,3}(?:\s?[.:,]\s?[0-9OoIl|]{1,3}){3}(?![\w.])",
               lambda m: v4(m) if sum(c.isdigit() for c in m.group(0)) >= 4 else m.group(0), u)

    def v6(m: re.Match[str]) -> str:
        fixed, rep = repair_ipv6(m.group(0))
        return fixed if fixed and rep else m.group(0)

    u = re.sub(r"(?<![\w:])[0-9a-fA-F]{1,4}(?:\s?:\s?[0-9a-fA-F]{0,4}){2,7}(?![\w:])", v6, u)
    return u


def _prepare(lines: Sequence[Any]) -> list[_Line]:
    """Located lines to working lines: blank lines kept (empty text), quotes marked, OCR repaired."""
    out: list[_Line] = []
    vpage = 1
    quoted_from_here = False
    for ln in lines:
        raw = ln.text if isinstance(ln.text, str) else str(ln.text)
        at = ln.at
        if "\f" in raw:
            vpage += raw.count("\f")
            raw = raw.replace("\f", "")
        page = at.page if at.page is not None else vpage
        orig = raw.strip()
        source = getattr(ln, "source", "text") or "text"
        text = orig
        quoted = quoted_from_here
        if _QUOTE_START.match(text):
            quoted_from_here = True
            quoted = True
        m = re.match(r"^(?:>\s?)+", text)
        if m:
            quoted = True
            text = text[m.end():].strip()
        repaired = False
        if source == "ocr" and text:
            fixed = _ocr_repair(text)
            repaired = fixed != text
            text = fixed
        out.append(_Line(ln, orig, text, page, quoted, repaired, source, at))
    return out


def _furniture(lines: list[_Line]) -> set[int]:
    """Indexes of page furniture: page numbers, headers/footers repeated on several pages."""
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.text:
            by_page.setdefault(ln.page, []).append(i)
    edge: dict[int, str] = {}
    for idxs in by_page.values():
        for i in idxs[:2] + idxs[-2:]:
            edge[i] = re.sub(r"\d+", "#", " ".join(lines[i].text.lower().split()))
    counts: dict[str, set[int]] = {}
    for i, key in edge.items():
        counts.setdefault(key, set()).add(lines[i].page)
    out = set()
    for i, ln in enumerate(lines):
        if not ln.text:
            continue
        if _PAGE_NO.match(ln.text):
            out.add(i)
        elif i in edge and len(by_page) > 1 and len(counts[edge[i]]) >= 2 and len(ln.text) < 120:
            out.add(i)
        elif i in edge and re.search(r"(?i)\bpage\s+\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", ln.text) and len(ln.text) < 120 \
                and i in by_page[ln.page][-2:]:
            out.add(i)
    return out


def _last_tok(t: str) -> str:
    m = re.search(r"\S+$", t)
    return m.group(0) if m else ""


def _first_tok(t: str) -> str:
    m = re.match(r"\S+", t)
    return m.group(0) if m else ""


#: the glue for 'xxxx:' + '::yy': the separator was printed on both sides of the break; one colon is dropped
_DROP_COLON = "drop-colon"


def _glue(a: str, b: str) -> str | None:
    """How a value broken between ``a`` (end of a line) and ``b`` (start of the next) joins: '' or ' ', or None."""
    la, fb = _last_tok(a).lstrip("(\"'[<"), _first_tok(b)
    fb_core = fb.rstrip(".,;:)\"'>")
    if not la or not fb:
        return None
    if la[-1] in ".:@-/" or fb[0] in ".:@":
        joined = la + fb_core
        joined_alt = la + fb_core[1:] if la.endswith(":") and fb_core.startswith("::") else None
        for cand in (joined, joined_alt):
            if cand is None:
                continue
            core = cand.rstrip(".")
            if split_ip(core) and not split_ip(la.rstrip(".:")):
                return "" if cand is joined else _DROP_COLON
            if EMAIL.fullmatch(core) and "@" in core and not EMAIL.fullmatch(la):
                return ""
            if la.endswith("-") and REF.fullmatch(core) and re.match(r"[A-Z]", la):
                return ""
    if DATE_RE.fullmatch(la.rstrip(",")) and re.match(CLOCK, fb):
        return " "
    if re.fullmatch(CLOCK, la) and re.match(rf"(?:{ZONE})(?![\w])", fb):
        return " "
    if re.fullmatch(r"(?i:at|à|um|on|le|am)", la) and re.match(CLOCK + "|" + DATE, fb):
        return None
    return None


def _is_table_row(t: str, ocr: bool = False) -> bool:
    """Cells separated by a tab or a run of spaces (OCR prints a column gap as two spaces)."""
    return "\t" in t or bool(re.search(r"\S {2,}\S" if ocr else r"\S {3,}\S", t))


def _is_label_line(t: str) -> bool:
    return bool(LINE_LABEL.match(t))


def _stream(lines: list[_Line], furniture: set[int]) -> _Stream:
    content = [i for i, ln in enumerate(lines) if ln.text and i not in furniture]
    widths_text = [len(lines[i].text) for i in content if lines[i].at.bbox is None]
    max_chars = max(widths_text) if widths_text else 0
    right: dict[int, float] = {}
    for i in content:
        b = lines[i].at.bbox
        if b is not None:
            right[lines[i].page] = max(right.get(lines[i].page, 0.0), b[2])
    kept: list[_Line] = []
    seps: list[str] = []
    joins: set[int] = set()
    prev_i: int | None = None
    for i in content:
        ln = lines[i]
        if prev_i is None:
            seps.append("")
        else:
            a = lines[prev_i]
            between = range(prev_i + 1, i)
            blank = any(not lines[j].text for j in between)
            page_break = a.page != ln.page or any(j in furniture for j in between)
            g = _glue(a.text, ln.text) if a.quoted == ln.quoted else None
            if g is not None and (not blank or page_break):
                if g == _DROP_COLON:
                    ln.text = ln.text[1:]
                    ln.notes += ("separator_repeated_at_break",)
                    g = ""
                seps.append(g)
                joins.add(len(kept))
            elif _paragraph(a, ln, blank, page_break):
                seps.append("\n\n")
            elif _hard(a, ln, max_chars, right):
                seps.append("\n")
            else:
                seps.append(" ")
        kept.append(ln)
        prev_i = i
    starts, parts, off = [], [], 0
    for sep, ln in zip(seps, kept):
        parts.append(sep)
        off += len(sep)
        starts.append(off)
        parts.append(ln.text)
        off += len(ln.text)
    return _Stream(kept, "".join(parts), starts, seps, joins)


def _paragraph(a: _Line, b: _Line, blank: bool, page_break: bool) -> bool:
    if a.quoted != b.quoted:
        return True
    if page_break:
        return False
    if blank:
        return True
    ba, bb = a.at.bbox, b.at.bbox
    if ba is not None and bb is not None and a.page == b.page:
        height = max(1.0, ba[3] - ba[1])
        return bb[1] - ba[3] > 0.9 * height
    if a.at.path is not None and b.at.path is not None and a.at.path != b.at.path:
        rows = [re.sub(r">tr(?:\[\d+\])?$", "", p) for p in (a.at.path, b.at.path) if re.search(r">tr(?:\[\d+\])?$", p)]
        return not (len(rows) == 2 and rows[0] == rows[1])  # rows of one table are lines of one block
    return False


def _hard(a: _Line, b: _Line, max_chars: int, right: dict[int, float]) -> bool:
    # page lines (PDF text layer and OCR alike) show a column gap as two spaces (pdftext.Line.spaced_text)
    if _is_table_row(a.text, a.source == "ocr" or a.at.page is not None) or _is_table_row(b.text, b.source == "ocr" or b.at.page is not None):
        return True
    if _is_label_line(b.text) or _is_label_line(a.text) or _GENERIC_LABEL.match(b.text):
        return True
    if re.match(r"^(?:[-*•]|\d{1,2}(?:\.\d{1,2})*[.)]?\s+[A-Z(]|\d{1,2}[.)]\s|[a-z][.)]\s)", b.text):
        return True
    if a.text.endswith(":"):
        return True
    if a.at.path is not None and a.at.path == b.at.path:
        return True  # lines of one HTML element are separated by <br>
    ba = a.at.bbox
    if ba is not None:
        r = right.get(a.page, 0.0)
        width = r - ba[0]
        return width > 0 and (ba[2] - ba[0]) < 0.7 * width
    return max_chars > 0 and len(a.text) < 0.6 * max(max_chars, 50)


# =============================================================================================
# Scanning
# =============================================================================================


@dataclass
class _Ent:
    label: str
    text: str
    start: int  #: stream char offsets
    end: int
    tok: int  #: token index of the first token
    tok_end: int
    phrase: str = ""


@dataclass
class _Unit:
    start: int
    end: int
    ents: list[_Ent]
    words: list[tuple[int, str]]  #: (token index, lower text) of every non-space token
    tokens: dict[int, tuple[str, int, int, bool]]  #: token index -> (text, start, end, whitespace before)


#: characters given to spaCy at once (a long document is read in pieces cut at line breaks)
CHUNK_CHARS = 100_000


def scan(lines: Iterable[Any]) -> Findings:
    """Scan located lines (see module docstring). Deterministic: the same lines give the same findings."""
    prepared = _prepare(list(lines))
    furniture = _furniture(prepared)
    stream = _stream(prepared, furniture)
    if not stream.text.strip():
        return Findings()
    units: list[_Unit] = []
    tok_base = 0
    for start, end in _chunks(stream):
        with _LOCK:
            doc = _pipeline()(stream.text[start:end])
            try:
                units.extend(_units(doc, start, tok_base))
                tok_base += len(doc)
            finally:
                del doc
    return _Analysis(stream, units).run()


def _chunks(stream: _Stream) -> list[tuple[int, int]]:
    """Pieces of the stream of at most about :data:`CHUNK_CHARS`, cut where a line starts: after a paragraph
    break if there is one in the second half of the piece, else after a line break, else after a line ending
    a sentence, else at a space (so that no unit or value is cut when the text allows it)."""
    n = len(stream.text)
    if n <= CHUNK_CHARS:
        return [(0, n)]
    rank = {"\n\n": 0, "\n": 1}
    cuts: list[tuple[int, int]] = []  # (offset, rank)
    for i in range(1, len(stream.lines)):
        sep = stream.seps[i]
        if sep in rank:
            cuts.append((stream.starts[i], rank[sep]))
        elif sep == " " and re.search(r"[.!?]$", stream.lines[i - 1].text):
            cuts.append((stream.starts[i], 2))
    out = []
    start = 0
    k = 0
    while start < n:
        limit = start + CHUNK_CHARS
        if limit >= n:
            out.append((start, n))
            break
        best: tuple[int, int] | None = None  # (rank, -offset)
        while k < len(cuts) and cuts[k][0] <= limit:
            off, r = cuts[k]
            if off > start + CHUNK_CHARS // 2 and (best is None or (r, -off) < best):
                best = (r, -off)
            k += 1
        if best is not None:
            cut = -best[1]
        else:  # one enormous line: cut at a space
            sp = stream.text.rfind(" ", start + CHUNK_CHARS // 2, limit)
            cut = sp if sp > start else limit
        out.append((start, cut))
        start = cut
    return out


def _units(doc: Any, base: int = 0, tok_base: int = 0) -> list[_Unit]:
    """The doc's sentences as units, offsets moved by ``base`` characters and ``tok_base`` tokens.

    One pass over the tokens and one over the entities (``Span.ents`` per sentence would be
    quadratic in a long document)."""
    out: list[_Unit] = []
    cur: list[Any] = []
    prev_space = False

    def close() -> None:
        if cur:
            toks = {tok_base + t.i: (t.text, base + t.idx, base + t.idx + len(t.text), ws) for t, ws in cur}
            words = [(tok_base + t.i, t.lower_) for t, _ws in cur]
            last = cur[-1][0]
            out.append(_Unit(base + cur[0][0].idx, base + last.idx + len(last.text), [], words, toks))
            cur.clear()

    for t in doc:
        if t.is_sent_start and cur:
            close()
        if not t.is_space:
            cur.append((t, prev_space))
        prev_space = bool(t.whitespace_) or t.is_space
    close()
    starts = [u.start for u in out]
    for e in doc.ents:
        ent = _Ent(e.label_, e.text, base + e.start_char, base + e.end_char, tok_base + e.start, tok_base + e.end, e.ent_id_ or "")
        k = bisect.bisect_right(starts, ent.start) - 1
        if k >= 0:
            out[k].ents.append(ent)
    return out


class _Analysis:
    """Findings from the units of one stream."""

    def __init__(self, stream: _Stream, units: list[_Unit]) -> None:
        self.s = stream
        self.units = units
        self.f = Findings()
        self.f.mentions_ip_words = bool(re.search(r"(?i)\b(?:ip|ipv4|ipv6|ip-adresse|adresse ip|dirección ip|indirizzo ip)\b",
                                                  stream.text))
        own = " ".join(ln.text for ln in stream.lines if not ln.quoted)
        self.f.is_request = bool(_REQUEST.search(own)) and not _ANSWER.search(own)
        self.used_ips: set[int] = set()  #: stream offsets of IP entities already paired
        self._ip_order: dict[int, tuple[int, int]] = {}  #: id(mention) -> sort key (positions of the IP and its time)
        self._ref_order: dict[int, int] = {}

    # -- locating --------------------------------------------------------------------------

    def lines_of(self, s: int, e: int) -> list[int]:
        return self.s.span_lines(s, e)

    def raw(self, idxs: list[int]) -> str:
        return "\n".join(self.s.lines[i].orig for i in idxs)

    def at(self, idxs: list[int]) -> Locator:
        first = self.s.lines[idxs[0]]
        at = first.at
        boxes = [self.s.lines[i].at.bbox for i in idxs if self.s.lines[i].page == first.page and self.s.lines[i].at.bbox]
        if at.bbox is not None and len(boxes) > 1:
            bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
            return Locator(line=at.line, byte_offset=at.byte_offset, row=at.row, sheet=at.sheet, cell=at.cell,
                           path=at.path, page=at.page, bbox=bbox, section=at.section)
        return at

    def value_flags(self, s: int, e: int, value: str) -> tuple[str, ...]:
        idxs = self.lines_of(s, e)
        flags = []
        if len(idxs) > 1:
            flags.append("joined_across_lines")
            if len({self.s.lines[i].page for i in idxs}) > 1:
                flags.append("joined_across_pages")
        lines = [self.s.lines[i] for i in idxs]
        for ln in lines[1:]:
            flags.extend(ln.notes)
        if any(ln.repaired for ln in lines):
            v = " ".join(value.split())
            printed = [" ".join(ln.orig.split()) for ln in lines]
            if v not in " ".join(printed) and v not in "".join(printed):
                flags.append("ocr_repaired")
        return tuple(flags)

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> Findings:
        groups = self._label_groups()
        for u in self.units:
            self._unit_ips(u)
        for g in groups:
            self._group_ips(g)
        self._leftover_ips()
        self._values()
        self._references()
        self._subscribers()
        self._zone_notes()
        self._version_series()
        self.f.ips.sort(key=lambda m: self._ip_order.get(id(m), (0, 0)))
        self.f.references.sort(key=lambda r: self._ref_order.get(id(r), 0))
        return self.f

    # -- IP addresses ----------------------------------------------------------------------

    def _ip_ok(self, u: _Unit, e: _Ent) -> tuple[bool, str, tuple[str, ...]]:
        """(is an IP address, reason when not, flags)."""
        parsed = split_ip(e.text)
        if parsed is None:
            return False, "not_an_ip", ()
        verdict, reason = ip_context(u, e, self.s)
        if not verdict:
            return False, reason, ()
        flags: tuple[str, ...] = ()
        if ":" not in parsed[0] and any(len(p) > 1 and p.startswith("0") for p in parsed[0].split(".")):
            if reason != "ip_word":
                return False, "zero_padded_without_ip_word", ()
            flags = ("zero_padded",)
        return True, reason, flags

    def _add_ip(self, m: IpMention, order: tuple[int, int]) -> None:
        self._ip_order[id(m)] = order
        self.f.ips.append(m)

    def _unit_ips(self, u: _Unit) -> None:
        ips = []
        for e in u.ents:
            if e.label != "IP":
                continue
            ok, reason, flags = self._ip_ok(u, e)
            if ok:
                ips.append((e, flags))
            else:
                idxs = self.lines_of(e.start, e.end)
                self.f.rejected.append(Rejected(e.text, reason, self.raw(idxs), self.at(idxs)))
        if not ips:
            return
        times = self._time_items(u)
        if not times:
            return
        ports = [e for e in u.ents if e.label == "PORT"]
        column = self._row_columns(u, ips, times) if not ports else {}
        pairs = _pair([e.start for e, _ in ips], [t[0].start for t in times])
        account = self._unit_account(u)
        for k, (e, flags) in enumerate(ips):
            for ti, inferred in pairs.get(k, []):
                extra = ("time_pairing_inferred",) if inferred else ()
                if column.get("port"):
                    extra += ("port_from_column",)
                self._emit(u, e, flags, times[ti], ports, ips, None, account, extra,
                           activity=column.get("activity"), port=column.get("port"))
            if pairs.get(k):
                self.used_ips.add(e.start)

    def _row_columns(self, u: _Unit, ips: list[tuple[_Ent, tuple[str, ...]]], times: list[Any]) -> dict[str, str]:
        """Port (and activity) of a one-line table row, from the header line above it.

        The header is the nearest line above (in the same block of lines) without an IP; it
        must name a port column. With tab-separated cells of the same count the cell under
        ``Port`` is taken; otherwise the row's only bare number (1-65535) is the port."""
        if len(ips) != 1:
            return {}
        li = self.s.line_at(u.start)
        if self.s.line_at(u.end - 1) != li or self.s.starts[li] != u.start:
            return {}
        h = li
        while h > 0 and self.s.seps[h] == "\n":
            h -= 1
            if not _IP_ANY.search(self.s.lines[h].text):
                break
        else:
            return {}
        if h == li or _IP_ANY.search(self.s.lines[h].text):
            return {}
        header, row = self.s.lines[h].text, self.s.lines[li].text
        if not re.search(r"(?i)\bport\b", header):
            return {}
        out: dict[str, str] = {}
        hc, rc = header.split("\t"), row.split("\t")
        if len(hc) > 1 and len(hc) == len(rc):
            for name, cell in zip(hc, rc):
                words = name.lower().split()
                if "port" in words and re.fullmatch(r"\d{1,5}", cell.strip()) and 0 < int(cell) <= 65535:
                    out["port"] = cell.strip()
                if set(words) & {"event", "activity", "action", "type"} and cell.strip() and cell.strip() != "-":
                    out["activity"] = cell.strip()
            return out
        taken = [(e.start - u.start, e.end - u.start) for e in u.ents if e.label != "PORT"]
        text = self.s.text[u.start:u.end]
        bare = [m for m in re.finditer(r"(?<![\w.:/-])\d{1,5}(?![\w.:/-])", text)
                if not any(a <= m.start() < b for a, b in taken) and 0 < int(m.group(0)) <= 65535]
        if len(bare) == 1:
            out["port"] = bare[0].group(0)
        return out

    def _time_items(self, u: _Unit) -> list[tuple[_Ent, _Ent | None, str | None]]:
        """(time entity, end entity of a range or None, the date to compose a clock with, or None), in order.

        A clock printed without a date ("at 09:31:40") takes the date of the unit when the unit
        states exactly one date (flag ``time_recomposed``); ``T1 to T2`` is one item with an end."""
        found = [e for e in u.ents if e.label in ("DATETIME", "CLOCK")]
        dates = {" ".join(e.text.split()) for e in u.ents if e.label == "DATE"}
        for e in u.ents:
            if e.label == "DATETIME":
                parts = time_parts(e.text)
                if parts is not None and parts.date:
                    dates.add(" ".join(parts.date.split()))
        only_date = next(iter(dates)) if len(dates) == 1 else None
        items: list[tuple[_Ent, _Ent | None, str | None]] = []
        k = 0
        while k < len(found):
            e = found[k]
            compose = only_date if e.label == "CLOCK" else None
            between = self.s.text[e.end:found[k + 1].start] if k + 1 < len(found) else ""
            before = self.s.text[max(u.start, e.start - 12):e.start]
            if k + 1 < len(found) and e.label == found[k + 1].label == "DATETIME" and (
                    re.fullmatch(r"\s*(?i:to|until|till|through|-|–|—|bis|au|à|jusqu'(?:à|au)|hasta)\s*", between)
                    or re.fullmatch(r"\s*(?i:and|und|et|y)\s*", between) and re.search(r"(?i)\b(?:between|zwischen|entre)\s*$", before)):
                items.append((e, found[k + 1], None))
                k += 2
                continue
            items.append((e, None, compose))
            k += 1
        return items

    def _emit(self, u: _Unit, e: _Ent, flags: tuple[str, ...], item: tuple[_Ent, _Ent | None, str | None],
              ports: list[_Ent], ips: list[tuple[_Ent, tuple[str, ...]]], idxs: list[int] | None, account: str | None,
              extra_flags: tuple[str, ...], activity: str | None = None, port: str | None = None) -> None:
        """One IP with one time item. ``idxs``: the lines to locate it by (None: the lines from the IP to its
        time and port)."""
        t_ent, end_ent, date_text = item
        ip, tok_port = split_ip(e.text) or (e.text, None)
        fl = list(("from_free_text",) + flags + extra_flags)
        port_ent = None
        if tok_port is not None:
            port = tok_port
        elif port is None:
            port_ent = _nearest_port(e, ports, [x for x, _ in ips])
            port = _port_number(port_ent)
        if idxs is None:
            used = [x for x in (e, t_ent, end_ent, port_ent) if x is not None]
            idxs = self.lines_of(min(x.start for x in used), max(x.end for x in used))
        time_raw, time, zone_hint = self._time_text(t_ent, date_text, fl)
        for s, en, v in ((e.start, e.end, e.text), (t_ent.start, t_ent.end, t_ent.text)):
            fl.extend(self.value_flags(s, en, v))
        if activity is None:
            activity = _activity(self.s.text[u.start:u.end], (e.start - u.start, t_ent.start - u.start))
        quoted = any(self.s.lines[i].quoted for i in idxs)
        fl.extend((["quoted_text"] if quoted else []) + (["in_request"] if self.f.is_request else []))
        m = IpMention(ip=ip, port=port, time=time, raw=self.raw(idxs), at=self.at(idxs), flags=_uniq(fl), ip_text=e.text,
                      time_raw=time_raw, end=" ".join(end_ent.text.split()) if end_ent is not None else None,
                      activity=activity, account=account, quoted=quoted, in_request=self.f.is_request, zone_hint=zone_hint)
        self._add_ip(m, (e.start, t_ent.start))

    def _time_text(self, t_ent: _Ent, date_text: str | None, flags: list[str]) -> tuple[str, str, str | None]:
        """(time as printed, time to record, zone named in words after it) for a time entity; a clock printed
        without its date is composed with ``date_text`` (flag ``time_recomposed``)."""
        time_raw = " ".join(t_ent.text.split())
        parts = time_parts(t_ent.text)
        if date_text is not None:
            clock = re.sub(r"[ \t]*(?:Uhr|h)$", "", parts.clock or "") if parts else time_raw
            time = " ".join(p for p in (date_text, clock, parts.zone if parts else None) if p)
            flags.append("time_recomposed")
        else:
            time = _readable_time(time_raw, flags)
        zone_hint = _zone_words(self.s.text[t_ent.end:t_ent.end + 60]) if not (parts and parts.zone) else None
        return time_raw, time, zone_hint

    def _unit_account(self, u: _Unit) -> str | None:
        for e in u.ents:
            if e.label == "LBL_account":
                v = self._label_value(e, u)
                if v:
                    return v[0]
        return None

    def _label_groups(self) -> list[list[_Unit]]:
        """Runs of consecutive units that each start a line with a label (a vertical record)."""
        groups: list[list[_Unit]] = []
        cur: list[_Unit] = []
        for u in self.units:
            li = self.s.line_at(u.start)
            starts_line = self.s.starts[li] == u.start
            labelled = starts_line and (bool(u.ents and u.ents[0].start == u.start and u.ents[0].label.startswith("LBL_"))
                                        or bool(_GENERIC_LABEL.match(self.s.lines[li].text)))
            if labelled and cur and self.s.seps[li] == "\n":
                cur.append(u)
            elif labelled:
                if len(cur) > 1:
                    groups.append(cur)
                cur = [u]
            else:
                if len(cur) > 1:
                    groups.append(cur)
                cur = []
        if len(cur) > 1:
            groups.append(cur)
        return groups

    def _group_ips(self, g: list[_Unit]) -> None:
        """Pairs in labelled lines: ``IP address: ...`` / ``Time: ...`` / ``Port: ...`` (one record printed vertically)."""
        ips: list[tuple[_Ent, tuple[str, ...]]] = []
        for u in g:
            for e in u.ents:
                if e.label == "IP" and e.start not in self.used_ips:
                    ok, _r, flags = self._ip_ok(u, e)
                    if ok:
                        ips.append((e, flags))
        if not ips:
            return
        rest = [x for u in g if not any(e.label == "IP" for e in u.ents) for x in u.ents]
        times = self._time_items(_Unit(g[0].start, g[-1].end, rest, [], {}))
        if not times:
            return
        if len(ips) == 1 and len(times) > 1:
            # 'Registration IP' goes with 'Account created', 'Last login IP' with 'Last login': by the labels' words
            want = _label_words(self._line_label(ips[0][0].start))
            same = [t for t in times if want & _label_words(self._line_label(t[0].start))]
            if len(same) != 1:
                return
            times = same
        elif len(ips) > 1 and len(times) not in (1, len(ips)):
            return
        ports = [x for u in g for x in u.ents if x.label == "PORT"]
        activity = account = None
        for u in g:
            for e in u.ents:
                if e.label in ("LBL_activity", "LBL_account"):
                    v = self._label_value(e, u)
                    if v and e.label == "LBL_activity" and activity is None:
                        activity = v[0]
                    if v and e.label == "LBL_account" and account is None:
                        account = v[0]
        pairs = _pair([e.start for e, _ in ips], [t[0].start for t in times])
        whole = _Unit(g[0].start, g[-1].end, [x for u in g for x in u.ents], [], {})
        for k, (e, flags) in enumerate(ips):
            own = _ACTIVITY.search(self._line_label(e.start))  # 'Registration IP:', 'Login IP:'
            for ti, inferred in pairs.get(k, []):
                self._emit(whole, e, flags, times[ti], ports, ips, None, account,
                           ("paired_in_labelled_lines",) + (("time_pairing_inferred",) if inferred else ()),
                           activity=activity or (own.group(0) if own else None))
            if pairs.get(k):
                self.used_ips.add(e.start)

    def _line_label(self, off: int) -> str:
        """The label text at the start of the line holding ``off`` ('' when the line has none)."""
        t = self.s.lines[self.s.line_at(off)].text
        m = LINE_LABEL.match(t) or _GENERIC_LABEL.match(t)
        return m.group(0) if m else ""

    def _leftover_ips(self) -> None:
        """IPs with no time stated with them: mentions."""
        for u in self.units:
            for e in u.ents:
                if e.label != "IP" or e.start in self.used_ips:
                    continue
                ok, _r, flags = self._ip_ok(u, e)
                if not ok:
                    continue
                ip, port = split_ip(e.text) or (e.text, None)
                if port is None:
                    port = _port_number(_nearest_port(e, [x for x in u.ents if x.label == "PORT"], [x for x in u.ents if x.label == "IP"]))
                idxs = self.lines_of(u.start, u.end)
                quoted = any(self.s.lines[i].quoted for i in idxs)
                fl = ("from_free_text",) + flags + self.value_flags(e.start, e.end, e.text) + (("quoted_text",) if quoted else ()) \
                    + (("in_request",) if self.f.is_request else ())
                m = IpMention(ip=ip, port=port, time=None, raw=self.raw(idxs), at=self.at(idxs), flags=_uniq(list(fl)),
                              ip_text=e.text, activity=None, account=self._unit_account(u), quoted=quoted,
                              in_request=self.f.is_request)
                self._add_ip(m, (e.start, -1))

    def _version_series(self) -> None:
        """An IPv4 without an IP word that shares its first two parts with a refused version number is a version too."""
        families = {".".join(r.text.split(".")[:2]) for r in self.f.rejected if r.reason.startswith("version")}
        if not families:
            return
        keep = []
        for m in self.f.ips:
            fam = ".".join(m.ip.split(".")[:2])
            if ":" not in m.ip and fam in families and not _has_ip_word(m.raw):
                self.f.rejected.append(Rejected(m.ip_text, "version_series", m.raw, m.at))
            else:
                keep.append(m)
        self.f.ips = keep

    # -- labelled values -------------------------------------------------------------------

    def _label_value(self, e: _Ent, u: _Unit | None = None) -> tuple[str, int, int] | None:
        """(value, start, end) printed after a label on the same line (up to the next label or a column gap)."""
        li = self.s.line_at(e.start)
        line_end = self.s.starts[li] + len(self.s.lines[li].text)
        # the value may continue on glued/soft-joined lines
        j = li + 1
        while j < len(self.s.lines) and self.s.seps[j] in ("", " ") and j in self.s.value_joins:
            line_end = self.s.starts[j] + len(self.s.lines[j].text)
            j += 1
        s = e.end
        end = line_end
        for other in self._label_ents_between(s, line_end):
            end = min(end, other.start)
        seg = self.s.text[s:end]
        gap = re.search(r"\t| {3,}|\s[|;]\s", seg)
        if gap:
            seg = seg[: gap.start()]
            end = s + gap.start()
        lead = len(seg) - len(seg.lstrip())
        value = seg.strip().rstrip(",;")
        if not value:
            return None
        return value, s + lead, s + lead + len(value)

    def _label_ents_between(self, s: int, e: int) -> list[_Ent]:
        if not hasattr(self, "_label_starts"):
            self._label_list = sorted((x for u in self.units for x in u.ents if x.label.startswith("LBL_")), key=lambda x: x.start)
            self._label_starts = [x.start for x in self._label_list]
        k = bisect.bisect_left(self._label_starts, s)
        out = []
        while k < len(self._label_list) and self._label_list[k].start < e:
            out.append(self._label_list[k])
            k += 1
        return out

    def _values(self) -> None:
        for u in self.units:
            for e in u.ents:
                if e.label in ("EMAIL", "PHONE"):
                    idxs = self.lines_of(e.start, e.end)
                    label = self._label_before(e)
                    v = Value(" ".join(e.text.split()), self.raw(idxs), self.at(idxs), label, self.value_flags(e.start, e.end, e.text))
                    (self.f.emails if e.label == "EMAIL" else self.f.phones).append(v)
                elif e.label == "LBL_account":
                    got = self._label_value(e, u)
                    if got:
                        idxs = self.lines_of(e.start, got[2])
                        self.f.accounts.append(Value(got[0], self.raw(idxs), self.at(idxs), _label_text(e),
                                                     self.value_flags(got[1], got[2], got[0])))

    def _label_before(self, e: _Ent) -> str | None:
        li = self.s.line_at(e.start)
        labels = self._label_ents_between(self.s.starts[li], e.start)
        return _label_text(labels[-1]) if labels else None

    def _references(self) -> None:
        for u in self.units:
            for e in u.ents:
                if e.label in ("LBL_ref", "LBL_ref_yours", "LBL_ref_ours", "LBL_subject"):
                    self._labelled_reference(u, e)
        for u in self.units:
            for e in u.ents:
                if e.label == "REF":
                    self._inline_reference(u, e)

    def _inline_reference(self, u: _Unit, e: _Ent) -> None:
        """A reference number printed after reference words without a colon: 'your request MLA-2026-0031',
        'case CASE-2026-0417', 'our ticket HLP-2026-3321'."""
        idx = next((k for k, (ti, _w) in enumerate(u.words) if ti == e.tok), None)
        if idx is None or idx == 0:
            return
        for n in (3, 2, 1):
            if idx - n < 0:
                continue
            ws = [w for _ti, w in u.words[idx - n:idx]]
            phrase = " ".join(ws)
            kind = _INLINE_REF.get(phrase)
            if kind is None:
                continue
            s0 = u.tokens[u.words[idx - n][0]][1]
            s1 = u.tokens[u.words[idx - 1][0]][2]
            whose = {"ref_yours": "yours", "ref_ours": "ours"}.get(kind, "unknown")
            self._add_ref(e.text, self.s.text[s0:s1], whose, e.start, e.end)
            return

    def _labelled_reference(self, u: _Unit, e: _Ent) -> None:
        got = self._label_value(e, u)
        label = _label_text(e)
        whose = {"LBL_ref_yours": "yours", "LBL_ref_ours": "ours"}.get(e.label, "unknown")
        if got is None:
            # the value on the next line
            li = self.s.line_at(e.start)
            if li + 1 < len(self.s.lines) and self.s.seps[li + 1] == "\n":
                nxt = self.s.lines[li + 1].text
                m = REF.match(nxt)
                if m:
                    st = self.s.starts[li + 1]
                    self._add_ref(m.group(0), label, whose, st, st + m.end())
            return
        value, s, en = got
        refs = [x for x in u.ents if x.label == "REF" and s <= x.start and x.end <= en]
        if e.label == "LBL_subject":
            for r in refs:
                self._add_ref(r.text, label, "unknown", r.start, r.end)
            return
        if refs:
            self._add_ref(refs[0].text, label, whose, refs[0].start, refs[0].end)
            return
        value = re.split(r"\s+\(|,\s|\s+-\s", value)[0].strip()
        if re.search(r"\d", value) and len(value) <= 60 and not split_ip(value) and classify(value) not in ("email", "phone", "datetime"):
            self._add_ref(value, label, whose, s, s + len(value))

    def _add_ref(self, value: str, label: str, whose: str, s: int, e: int) -> None:
        idxs = self.lines_of(s, e)
        flags = list(self.value_flags(s, e, value))
        if any(self.s.lines[i].quoted for i in idxs):
            flags.append("quoted_text")
        ref = Reference(" ".join(value.split()), label, whose, self.raw(idxs), self.at(idxs), tuple(flags))
        if not any(r.at == ref.at and r.value == ref.value for r in self.f.references):
            self.f.references.append(ref)
            self._ref_order[id(ref)] = s

    # -- subscriber blocks -----------------------------------------------------------------

    def _line_fields(self, li: int) -> list[tuple[str, _Ent | None, str, int, int]]:
        """(kind, label entity, value, start, end) of the labels on line ``li`` (the first at the line start)."""
        st = self.s.starts[li]
        en = st + len(self.s.lines[li].text)
        labels = self._label_ents_between(st, en)
        out: list[tuple[str, _Ent | None, str, int, int]] = []
        if labels and labels[0].start == st:
            for e in labels:
                got = self._label_value(e)
                kind = e.label[4:]
                out.append((kind, e, got[0] if got else "", got[1] if got else e.end, got[2] if got else e.end))
        elif _GENERIC_LABEL.match(self.s.lines[li].text):
            t = self.s.lines[li].text
            k = t.index(":") if ":" in t else t.index("：")
            out.append(("other", None, t[k + 1:].strip(), st + k + 1, en))
        return out

    def _subscribers(self) -> None:
        blocks: list[list[tuple[int, list[tuple[str, _Ent | None, str, int, int]]]]] = []
        cur: list[tuple[int, list[tuple[str, _Ent | None, str, int, int]]]] = []
        cont = 0
        last_kind = ""
        for li, ln in enumerate(self.s.lines):
            fields = self._line_fields(li)
            sep = self.s.seps[li]
            if sep in ("", " ") and li > 0:
                if cur and cur[-1][0] == li - 1:
                    cur.append((li, []))  # a soft-joined continuation of a labelled value
                continue
            if fields and fields[0][0] in ("ref", "ref_yours", "ref_ours", "subject"):
                if cur:  # a letterhead line ends a subscriber block and is not part of it
                    blocks.append(cur)
                cur, cont, last_kind = [], 0, ""
                continue
            sub = [f for f in fields if f[0] in SUBSCRIBER_KINDS]
            if fields and (sub or cur) and not (sep == "\n\n" and not sub):
                if cur and sep == "\n\n" and not (sub and self._is_sub_line(cur[-1][1])):
                    blocks.append(cur)
                    cur = []
                if not sub and not cur:
                    continue
                cur.append((li, fields))
                last_kind = fields[-1][0]
                cont = 0
                continue
            if cur and sep == "\n" and cont < 3 and (last_kind == "address" or (cur[-1][1] and not cur[-1][1][-1][2])) \
                    and self._continuation(li):
                cur.append((li, []))
                cont += 1
                continue
            if cur:
                blocks.append(cur)
            cur, cont, last_kind = [], 0, ""
        if cur:
            blocks.append(cur)
        for b in blocks:
            self._block(b)

    @staticmethod
    def _is_sub_line(fields: list[tuple[str, _Ent | None, str, int, int]]) -> bool:
        return any(f[0] in SUBSCRIBER_KINDS for f in fields)

    def _continuation(self, li: int) -> bool:
        t = self.s.lines[li].text
        if _is_table_row(t) or len(t) > 80 or re.search(r"[.!?]$", t) and not re.search(r"\b[A-Z]\.$", t):
            return False
        kinds = {classify(w) for w in re.findall(r"\S+", t)}
        if "ip" in kinds or "datetime" in kinds:
            return False
        return bool(re.search(r"\d|[A-Z]", t))

    def _block(self, b: list[tuple[int, list[tuple[str, _Ent | None, str, int, int]]]]) -> None:
        fields: list[Field] = []
        pending: list[Any] | None = None  # the field a continuation line extends: [kind, label, value, s, e, lines]
        items: list[list[Any]] = []
        for li, fl in b:
            if not fl:
                if pending is not None:
                    text = self.s.lines[li].text
                    if self.s.starts[li] < pending[4]:
                        pass  # a glued continuation the value already holds ('jane.doe@' + 'example.com')
                    elif self.s.seps[li] in ("", " "):
                        pending[2] = (pending[2] + self.s.seps[li] + text).strip()
                    else:
                        pending[2] = (pending[2].rstrip(",") + ", " + text) if pending[2] else text
                        pending[6] = True
                    pending[5].append(li)
                continue
            for kind, e, value, s, en in fl:
                label = _label_text(e) if e is not None else self.s.lines[li].text.split(":", 1)[0].strip(" -*•")
                pending = [kind, label, value, s, en, [li], False]
                items.append(pending)
        for kind, label, value, s, en, lis, multi in items:
            idxs = sorted(set(lis))
            flags = list(self.value_flags(self.s.starts[idxs[0]], self.s.starts[idxs[-1]] + len(self.s.lines[idxs[-1]].text), value)) \
                if len(idxs) > 1 else list(self.value_flags(s, en, value))
            if multi and "joined_across_lines" not in flags:
                flags.append("joined_across_lines")
            fields.append(Field(kind, label, value, self.raw(idxs), self.at(idxs), tuple(flags)))
        fields = [f if not _PLACEHOLDER.match(f.value) else Field(f.kind, f.label, "", f.raw, f.at, f.flags) for f in fields]
        kinds = {f.kind for f in fields if f.value}
        if self.f.is_request or any(self.s.lines[i].quoted for i, _ in b):
            return  # the subscriber lines of a request (or of a request quoted in a reply) are the question
        if not ("name" in kinds or ("account" in kinds and kinds & {"address", "email", "phone"})):
            return
        all_lines = sorted({li for li, _ in b})
        flags = ["from_free_text"]
        for f in fields:
            flags.extend(x for x in f.flags if x not in flags)
        self.f.subscribers.append(SubscriberBlock(tuple(fields), self.raw(all_lines), self.at(all_lines), tuple(flags)))

    # -- zone statements -------------------------------------------------------------------

    def _zone_notes(self) -> None:
        from pipeline.normalize import zone_from_text

        for u in self.units:
            if any(e.label in ("DATETIME", "CLOCK", "IP") for e in u.ents):
                continue
            text = " ".join(self.s.text[u.start:u.end].split())
            if len(text) > 400 or not _ZONE_WORDS.search(text):
                continue
            zone = zone_from_text(text)
            city = _CITY_ZONE.search(text)
            if zone is None and city is None:
                continue
            idxs = self.lines_of(u.start, u.end)
            extra_zone = CITY_ZONES[city.group(1).lower()] if (zone is None and city is not None) else None
            self.f.zone_notes.append(ZoneStatement(text, self.raw(idxs), self.at(idxs), extra_zone,
                                                   city.group(1) if extra_zone else None))


# =============================================================================================
# Helpers
# =============================================================================================


def _uniq(items: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return tuple(out)


def _label_text(e: _Ent) -> str:
    return re.sub(r"\s*\.?\s*[:：]$", "", e.text).strip()


_LABEL_SENSES = {"create": r"regist|creat|sign.?up|join|activat|opened", "login": r"log.?in|log.?on|sign.?in|access",
                 "last": r"\blast\b|latest|most recent", "first": r"\bfirst\b", "session": r"session|connect",
                 "assign": r"assign|allocat|lease"}


def _label_words(label: str) -> set[str]:
    """The senses a label names (creation, login, last ...), to match an IP's label with a time's."""
    low = label.lower()
    return {k for k, rx in _LABEL_SENSES.items() if re.search(rx, low)}


def _zone_words(after: str) -> str | None:
    """A zone named in words right after a time: '(heure de Paris)', 'Central European Time' (as printed)."""
    from pipeline.normalize import zone_from_text

    m = re.match(r"\s*\(([^()\n]{2,40})\)", after) or re.match(
        r",?\s*((?:[A-Z][a-zé]+\s){1,3}(?:Time|Zeit)|heure (?:de|d')\s?\w+|hora (?:de|peninsular)\s?\w*|\w+ (?:time|Zeit))\b", after)
    if m and zone_from_text(m.group(1)):
        return m.group(1)
    return None


def _has_ip_word(text: str) -> bool:
    return bool(re.search(r"(?i)\b(?:ip|ipv4|ipv6|ip-adresse|adresse ip)\b", text))


def _readable_time(text: str, flags: list[str]) -> str:
    """The printed time, or its parts composed when the printed form has words between them."""
    parts = time_parts(text)
    if parts is None:
        return text
    if parts.time_first or re.search(r"(?i)[ \t](?:um|a las|alle|om|à|a)[ \t]|Uhr|(?<=\d)h$", text):
        flags.append("time_recomposed")
        return parts.composed()
    return text


def _activity(unit_text: str, near: tuple[int, ...]) -> str | None:
    """The activity word printed nearest to the IP or its time (within 60 characters), as printed."""
    found = []
    for m in _ACTIVITY.finditer(unit_text):
        if re.match(r"\s+(?:page|screen|form|portal|details|credentials|name|id|history|attempts?)\b", unit_text[m.end():], re.I):
            continue  # 'the login page' names a thing, not the event
        d = min(min(abs(m.start() - p), abs(m.end() - p)) for p in near)
        if d <= 60:
            found.append((d, m.start(), m.group(0)))
    return min(found)[2] if found else None


def _port_number(port_ent: _Ent | None) -> str | None:
    """The number of a stated port (``source port 40112`` -> ``40112``) when it is a port (1-65535)."""
    if port_ent is None:
        return None
    p = re.search(r"\d{1,5}$", port_ent.text)
    return p.group(0) if p and 0 < int(p.group(0)) <= 65535 else None


def _nearest_port(ip: _Ent, ports: list[_Ent], ips: list[_Ent]) -> _Ent | None:
    """The stated port that belongs to ``ip``: each port goes to the IP nearest to it (the one before it on a
    tie), and an IP takes the nearest of its ports."""
    mine = []
    for p in ports:
        owner = min(ips, key=lambda x: (abs(x.start - p.start), x.start > p.start)) if ips else ip
        if owner is ip or owner.start == ip.start:
            mine.append((abs(p.start - ip.start), p.start, p))
    return min(mine, key=lambda x: (x[0], x[1]))[2] if mine else None


def _pair(ip_pos: list[int], time_pos: list[int]) -> dict[int, list[tuple[int, bool]]]:
    """IP index -> [(time index, inferred?)]: one IP with every time; one time for every IP; equal counts in
    order; otherwise each IP with its nearest time (inferred)."""
    n, k = len(ip_pos), len(time_pos)
    if not n or not k:
        return {}
    if n == 1:
        return {0: [(j, False) for j in range(k)]}
    if k == 1:
        return {i: [(0, False)] for i in range(n)}
    if n == k:
        return {i: [(i, False)] for i in range(n)}
    out: dict[int, list[tuple[int, bool]]] = {}
    for i, p in enumerate(ip_pos):
        j = min(range(k), key=lambda j: (abs(time_pos[j] - p), time_pos[j] < p))
        out[i] = [(j, True)]
    return out


def ip_context(u: _Unit, e: _Ent, stream: _Stream | None = None) -> tuple[bool, str]:
    """Is the IP-shaped entity ``e`` an IP address here? (verdict, reason).

    Refused: a version (``version 10.2.3.4``, ``build 4.0.1.2``, ``firmware 1.2.3.4``), a
    numbered section (``1.2.3.4.`` or ``1.2.3.4 Title`` at a line start, ``section 1.2.3.4``),
    an OID (``OID 2.5.4.3``). The nearest context word within four tokens before the value
    decides; an IP word (``IP``, ``address``, ``source`` ...) nearer than a version word wins.
    Reasons: ``ip_word`` (an IP word is near), ``no_context``, ``version_context``,
    ``section_number``, ``oid_context``.
    """
    if ":" in e.text and "." not in e.text.split("]")[0]:
        return True, "ipv6"
    idx = [k for k, (ti, _w) in enumerate(u.words) if ti == e.tok]
    if not idx:
        return True, "no_context"
    k = idx[0]
    words = u.words
    before = [w for _ti, w in words[max(0, k - 4):k]]
    for w in reversed(before):
        w2 = w.strip(".:()[]")
        if w2 in _IP_WORDS:
            return True, "ip_word"
        if w2 in _VERSION_WORDS or re.fullmatch(r"v\d*", w2):
            return False, "version_context"
        if w2 in _SECTION_WORDS:
            return False, "section_number"
        if w2 in _OID_WORDS:
            return False, "oid_context"
    nxt = words[k + 1][1] if k + 1 < len(words) else ""
    after_tok = u.tokens.get(words[k + 1][0]) if k + 1 < len(words) else None
    first_on_line = stream is not None and _first_on_line(stream, e.start)
    parts = [int(p) for p in re.findall(r"\d+", e.text.split(":")[0])[:4]]
    if first_on_line and after_tok is not None and nxt in (".", ")") and not after_tok[3]:
        return False, "section_number"
    if first_on_line and max(parts) <= 30 and k + 1 < len(words) and words[k + 1][1][:1].isalpha() \
            and after_tok is not None and u.tokens[words[k + 1][0]][0][:1].isupper() and not _unit_has_ip_word(u):
        return False, "section_number"
    if nxt in ("-beta", "beta", "alpha", "rc", "-rc1", "lts") or nxt.startswith(("-beta", "-rc", "-alpha")):
        return False, "version_context"
    return True, ("ip_word" if _unit_has_ip_word(u) else "no_context")


def _unit_has_ip_word(u: _Unit) -> bool:
    return any(w in ("ip", "ipv4", "ipv6", "ip-adresse", "address", "adresse", "addresses") for _ti, w in u.words)


def _first_on_line(stream: _Stream, off: int) -> bool:
    li = stream.line_at(off)
    return stream.starts[li] == off and (li == 0 or stream.seps[li] not in ("", " "))
