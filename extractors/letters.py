"""Answer letters about IP addresses: ISP attribution letters and replies to MLA requests.

Two extractors read letters (PDF, text layer or scanned) that answer "who used IP address X
(source port P) at time T":

* :class:`IspLetter` (``isp_letter``): an Internet service provider's answer, in one of three
  layouts found by meaning, never by position:

  - **query blocks**: ``Query 1: IP …, source port …, time …`` followed by ``Result:
    identified / not identified``, labelled subscriber lines (``Subscriber:``, ``Installation
    address:``, ``Contact e-mail:`` …), a CGNAT port range or a delegated IPv6 prefix;
  - **results table**: a header naming an IP column and subscriber/customer columns
    (``IP address | Port | Date/Time (UTC) | Customer ID | Subscriber | Address``), one row
    per answer (cells wrap onto continuation lines);
  - **one question**: a subject line or labelled lines give the IP and time, a sentence says
    it was assigned to the customer, whose details follow as labelled lines.

* :class:`MlaReply` (``mla_reply``): a foreign central authority's reply to a mutual legal
  assistance request (ministry / office of justice letterhead, "your reference", MLA
  vocabulary), in English, French or German. It reads the letter's references, the labelled
  subscriber details, and the annexes: an IP/time table or a reproduced ISP letter on the
  annex pages (``Annex 1`` / ``Annexe 1`` / ``Anlage 1``), every record with its page and box.

What is yielded:

* per identified answer an :class:`IpEvent` (ip and port as printed, the time as printed,
  ``account`` = the customer number, activity ``isp_attribution``, ``extra`` with the
  ``port_range`` or ``prefix`` when printed) and a :class:`Subscriber` (account, name,
  address lines joined, e-mails, phones);
* per query that was not identified a ``DocumentFact(kind="not_identified", value=ip,
  time=…, extra={"port": …, "reason": …})``;
* the sentence declaring the letter's time zone as ``DocumentFact(kind="note")`` (only the
  sentence about the letter's own times: a sentence about the request's times would be a
  second zone), a zone printed in a table header as ``TimeHint(zone=…)``;
* references as ``DocumentFact(kind="request_reference", extra={"whose": "ours"|"yours"})``
  where "ours" is the letter writer's own reference and "yours" the requester's; a case
  number quoted with them as ``case_reference``; the letter date as ``letter_date``; annex
  headings as ``annex`` facts, and an ``ANNEX_NOT_FOUND`` problem for an annex the letter
  lists but does not contain.

Table cells are read by their shapes in the header's order (an IP, a port or '-', a date and
time, a customer number), because the text layer gives no word positions; OCR lines are cut
at wide gaps between words. When a subscriber name and an address share a text run, the
address is taken to start at its house number (or the street name before it) and the
subscriber record is flagged ``cells_split_by_shape``.

Scanned letters come through :mod:`extractors.pdftext` as OCR lines. Values read from OCR
lines are repaired with :mod:`extractors.ocrfix` only when the repaired text validates (an
IP that parses, a date/time or e-mail with its separators back); such records are flagged
``ocr_repaired`` and keep the OCR text in ``raw``. A value that still fails is never guessed:
it is reported as a ``Problem("OCR_VALUE_UNREADABLE")`` with its page and box.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from . import pdftext
from .base import Claim, Document, Extractor
from .ocr import OcrWord
from .ocrfix import repair_ipv4, repair_ipv6, repair_spacing
from .pdftext import Line

SOURCES = ("LAYOUTS.md#isp-answer-letters", "LAYOUTS.md#mla-replies",
           "assumed: the FJL-LE-2026-0593 and CA-2026-0188 sample packages")

ACTIVITY = "isp_attribution"

# -- vocabulary -------------------------------------------------------------------------------

_I = re.I
_MONTHS = (r"jan(?:uary|vier|uar)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|mar(?:ch|s)?|m[äa]rz|apr(?:il)?|avr(?:il)?|may|mai"
           r"|june?|juin|juni|july|juillet|juli|aug(?:ust)?|ao[uû]t|sep(?:t(?:ember)?)?|sept(?:embre)?|oct(?:ober|obre)?|okt(?:ober)?"
           r"|nov(?:ember|embre)?|dec(?:ember)?|d[ée]c(?:embre)?|dez(?:ember)?")
_ZONE_TOKEN = (r"(?:\(?\s*(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*\)?|\(?(?:UTC|GMT|CET|CEST|MEZ|MESZ|EET|EEST|WET|WEST|BST|IST"
               r"|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)\)?)")
_DATE = (r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
         rf"|\d{{1,2}}\.?(?:er|st|nd|rd|th)?\s+(?:{_MONTHS})\.?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})")
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?"
#: a date with an optional time and zone, as printed ("07.01.2026 22:41:19 CET", "15 January 2026 at 09:02:44 UTC")
DATETIME = re.compile(rf"(?<![\w.:/-])(?P<date>{_DATE})(?:(?:\s*,?\s*(?:at|um|à|a las|alle|om)?\s*|T)(?P<clock>{_CLOCK})"
                      rf"(?:\s*(?:h|Uhr))?(?:\s*{_ZONE_TOKEN}(?![\w]))?)?", _I)
_IPV4 = re.compile(r"(?<![\w.:])(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])\[?((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?)\]?(?:/(\d{1,3}))?(?![\w:])")
#: OCR readings of a dotted quad (letters for digits, a colon or comma for a dot, spaces around separators)
_IPV4_LOOSE = re.compile(r"(?<![\w.:])([0-9OoIl|]{1,3}(?:\s?[.:,]\s?[0-9OoIlSB|]{1,3}){3})(?![\w])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PORT = re.compile(r"\b(?:source\s+port|src\.?\s*port|port\s+source|quellport|port)\s*(?:number|no\.?|nr\.?)?\s*:?\s*"
                   r"(?P<port>\d{1,5}(?![\d.:])|not\s+(?:given|provided|stated)|none|n/a|unknown|-|non\s+(?:communiqu[ée]|indiqu[ée]|fourni)"
                   r"|nicht\s+angegeben|kein(?:e|en)?)", _I)
_PORT_RANGE = re.compile(r"\bports?\s+(\d{1,5})\s*(?:-|–|to|bis|à)\s*(\d{1,5})\b", _I)
_CUSTOMER_INLINE = re.compile(r"(?:customer|client|account|abonn[ée]|kunden)[ -]?(?:number|no\.?|nr\.?|id|num[ée]ro|nummer|n°)?\s*[:#]?\s*"
                              r"(?P<v>[A-Z0-9][A-Za-z0-9./-]*\d[A-Za-z0-9./-]*)"
                              r"|num[ée]ro\s+(?:de\s+)?client\s*:?\s*(?P<v2>[A-Z0-9][A-Za-z0-9./-]*\d[A-Za-z0-9./-]*)", _I)
_NOT_IDENTIFIED = re.compile(r"\b(?:not\s*identified|could\s+not\s+be\s+identified|cannot\s+be\s+identified|unable\s+to\s+identify"
                             r"|no\s+(?:match|result|record|subscriber)|not\s+(?:assigned|allocated|found)|unknown"
                             r"|non[\s-]+identifi|aucune?\s+(?:correspondance|r[ée]sultat|abonn[ée])|pas\s+pu\s+[êe]tre\s+identifi"
                             r"|nicht\s+(?:ermittelt|ermittelbar|zuordenbar|identifiziert)|kein(?:e|en)?\s+(?:treffer|zuordnung|ergebnis))", _I)
_IDENTIFIED = re.compile(r"\b(?:identified|identifi[ée]e?|ermittelt|zugeordnet|assigned\s+to|allocated\s+to|attribu[ée]e?\s+à)\b", _I)
_BLOCK = re.compile(r"^(?:query|request|item|question|search|demande|requ[êe]te|anfrage|abfrage|position)\s*(?:no\.?|nr\.?|n°|#)?\s*"
                    r"(?P<n>\d{1,3})\s*(?:[:.)\-–]\s*|$)(?P<rest>.*)$", _I)
_ANNEX_WORD = r"(?i:annexe|annex|anlage|appendix|attachment|enclosure|anhang|anexo|allegato|bijlage)"
_ANNEX = re.compile(rf"^(?P<label>{_ANNEX_WORD}\s+(?i:no\.?\s*|nr\.?\s*|n°\s*)?(?P<n>\d{{1,2}}|[A-Z])\b)\s*(?:[-–—:.]\s*(?P<title>.*))?$")
_ANNEX_MENTION = re.compile(rf"\b{_ANNEX_WORD}\s+(?i:no\.?\s*|nr\.?\s*|n°\s*)?(\d{{1,2}}|[A-Z])\b")
_CLOSING = re.compile(r"^(?:kind regards|yours (?:sincerely|faithfully|truly)|sincerely|best regards|regards|mit freundlichen|hochachtungsvoll"
                      r"|veuillez agr|je vous prie|cordialement|this information is (?:provided|supplied)|the information (?:above|in this)"
                      r"|ces informations|diese (?:auskunft|angaben)|die vorstehende)", _I)
_LABEL = re.compile(r"^\s*(?P<label>[^\W\d_][^:]{0,48}?)\s*:\s*(?P<value>.*?)\s*$")
_PLACE_DATE = re.compile(rf"^[^\W\d_][\w' .-]{{1,40}},\s*(?:le\s+|den\s+)?(?P<date>{_DATE})\s*$", _I)
_ORDER = re.compile(r"\b(?:it\s+is\s+(?:hereby\s+)?ordered|(?:is|are)\s+(?:hereby\s+)?(?:ordered|commanded)\s+to|hereby\s+order"
                    r"|you\s+are\s+(?:hereby\s+)?(?:required|commanded)\s+to|shall\s+(?:disclose|produce|provide)|wird\s+angeordnet"
                    r"|ordonnons|est\s+ordonn[ée])", _I)
_REQUEST_WORDS = re.compile(r"\b(?:request(?:ed)?|your\s+ref(?:erence)?|subpoena|court\s+order|production\s+order|warrant|legal\s+process"
                            r"|law\s+enforcement|notice|demande|r[ée]quisition|anfrage|ersuchen|beschluss|auskunftsersuchen)\b", _I)
_SUBSCRIBER_WORDS = re.compile(r"\b(?:subscriber|customer|account\s+holder|abonn[ée]|titulaire|client|anschlussinhaber|kunde|teilnehmer)", _I)
_IP_WORD = re.compile(r"\bIP(?:v[46])?\b|\bIP-Adresse|adresse\s+IP", _I)
_AUTHORITY = re.compile(r"ministry\s+of\s+justice|department\s+of\s+justice|(?:federal\s+)?office\s+of\s+justice|central\s+authority"
                        r"|attorney[- ]general|procurator|prosecutor[- ]general|bundesamt\s+f\S{1,3}r\s+justiz|bundesministerium\s+der\s+justiz"
                        r"|justizministerium|zentrale?\s+beh\S{1,2}rde|generalstaatsanwaltschaft|minist\S{1,2}re\s+de\s+la\s+justice"
                        r"|service\s+public\s+f[ée]d[ée]ral\s+justice|office\s+f[ée]d[ée]ral\s+de\s+la\s+justice|autorit[ée]\s+centrale"
                        r"|entraide\s+p[ée]nale|ministerio\s+de\s+justicia|ministero\s+della\s+giustizia|ministerie\s+van\s+justitie"
                        r"|minist[ée]rio\s+da\s+justi[çc]a|ministry\s+of\s+(?:the\s+)?interior", _I)
_MLA_WORDS = re.compile(r"mutual\s+legal\s+assistance|\bMLAT?\b|legal\s+assistance|letters?\s+of\s+request|letters?\s+rogatory"
                        r"|commission\s+rogatoire|entraide\s+(?:p[ée]nale|judiciaire)|rechtshilfe|assistance\s+judiciaire"
                        r"|asistencia\s+judicial|assistenza\s+giudiziaria|rechtshulp|aux[íi]lio\s+judici[áa]rio", _I)
_REPLY_WORDS = re.compile(r"\b(?:in\s+(?:reply|response)\s+to|we\s+refer\s+to\s+your|further\s+to\s+your|(?:has|have)\s+been\s+executed"
                          r"|executed|en\s+r[ée]ponse\s+[àa]|suite\s+[àa]\s+votre|ex[ée]cution\s+de\s+votre|in\s+beantwortung"
                          r"|bezugnehmend\s+auf\s+ihr|erledigt|erledigung|ihr\s+ersuchen)", _I)
_ACK_ONLY = re.compile(r"acknowledge\s+receipt|accus(?:e|ons)\s+r[ée]ception|eingang\s+(?:ihres|des)\s+.*best[äa]tig", _I)
_REQUEST_TIMES = re.compile(r"(?:times?|heures?|zeit\w*)\s+(?:given|stated|indicated|indiqu[ée]es?|angegeben\w*)?\s*(?:in|dans|im)\s+"
                            r"(?:your|the|votre|la|ihrem|dem)\s+(?:request|demande|ersuchen)", _I)
_ZONE_SENTENCE = re.compile(r"\b(?:times?|timestamps?|heures?|horaires?|horodatages?|zeit(?:angaben|punkte|en)?|uhrzeiten)\b", _I)


def key(label: str) -> str:
    """A label for matching: no accents, lower case, single spaces, no trailing punctuation."""
    t = unicodedata.normalize("NFKD", label)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).lower()
    t = re.sub(r"\s*/\s*", "/", t)
    return " ".join(t.replace("_", " ").split()).strip(" .:-")


NAME_KEYS = {"subscriber", "subscriber name", "name", "customer name", "account holder", "account holder name", "full name", "holder",
             "abonne", "nom", "nom de l'abonne", "nom du titulaire", "titulaire", "titulaire de l'abonnement", "anschlussinhaber",
             "name des anschlussinhabers", "inhaber", "teilnehmer", "kunde", "kundenname", "nombre", "titular"}
CUSTOMER_KEYS = {"customer number", "customer no", "customer id", "customer", "account number", "account no", "account", "account id",
                 "client number", "client id", "numero client", "numero de client", "n° client", "reference client", "kundennummer",
                 "kunden-nr", "kundennr", "vertragsnummer", "contract number", "subscriber id", "subscriber number"}
ADDRESS_KEYS = {"address", "installation address", "service address", "billing address", "subscriber address", "postal address",
                "adresse", "adresse d'installation", "adresse postale", "adresse de l'abonne", "anschrift", "installationsanschrift",
                "wohnanschrift", "anschlussadresse", "anschrift des anschlussinhabers", "direccion", "indirizzo"}
EMAIL_KEYS = {"e-mail", "email", "contact e-mail", "contact email", "e-mail address", "email address", "courriel", "adresse electronique",
              "adresse e-mail", "adresse mail", "e-mail-adresse", "mail"}
PHONE_KEYS = {"telephone", "phone", "tel", "telephone number", "phone number", "mobile", "mobile number", "contact phone", "telefon",
              "rufnummer", "telefonnummer", "mobilnummer", "portable", "numero de telephone"}
EXTRA_KEYS = {"date of birth", "date de naissance", "geburtsdatum", "service start", "contract start", "customer since", "activation date",
              "date d'activation", "vertragsbeginn", "username", "login", "identifiant", "benutzername", "service", "product", "tarif",
              "offre", "produkt", "connection type", "type de connexion", "anschlussart"}
OURS_KEYS = {"our reference", "our ref", "our file", "our file number", "notre reference", "notre ref", "n/ref", "n/reference",
             "nos references", "nos ref", "unser zeichen", "unser aktenzeichen", "unser geschaftszeichen", "aktenzeichen", "geschaftszeichen",
             "reference", "ref", "file number", "dossier", "nuestra referencia", "ns/ref"}
YOURS_KEYS = {"your reference", "your ref", "your file", "your file number", "votre reference", "v/ref", "v/reference", "vos references",
              "vos ref", "ihr zeichen", "ihr aktenzeichen", "ihr zeichen/aktenzeichen", "ihre zeichen", "ihr geschaftszeichen",
              "ihr schreiben", "su referencia", "vs/ref"}
DATE_KEYS = {"date", "datum", "dated", "fecha", "data"}
IP_KEYS = {"ip", "ip address", "public ip", "public ip address", "adresse ip", "ip-adresse", "ip adresse", "ipv4", "ipv6", "ip-adresse (offentlich)"}
PORT_KEYS = {"port", "source port", "port source", "quellport", "src port"}
TIME_KEYS = {"time", "date/time", "timestamp", "date and time", "time (utc)", "horodatage", "date et heure", "date/heure", "zeitpunkt",
             "datum/uhrzeit", "uhrzeit", "zeitstempel"}
RESULT_KEYS = {"result", "outcome", "answer", "resultat", "reponse", "ergebnis", "auskunft", "status", "statut"}
SUBSCRIBER_FIELD_KEYS = NAME_KEYS | CUSTOMER_KEYS | ADDRESS_KEYS | EMAIL_KEYS | PHONE_KEYS
_ALL_KEYS = (SUBSCRIBER_FIELD_KEYS | EXTRA_KEYS | OURS_KEYS | YOURS_KEYS | DATE_KEYS | IP_KEYS | PORT_KEYS | TIME_KEYS | RESULT_KEYS)
_ALL_KEYS_LIST = sorted(_ALL_KEYS)


# -- located values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A value found on a line: as it will be output, as read, and whether OCR damage was undone."""

    text: str
    raw: str
    line: Line
    repaired: bool = False


def work_text(ln: Line) -> str:
    """The text values are looked for in: for OCR lines, spaces OCR put around separators are removed
    (checked value by value against the line as read) and stray marks (a lone '|', '.', '!' …) dropped."""
    if ln.source != "ocr":
        return ln.text
    return re.sub(r"[ \t]{3,}", "  ", repair_spacing(_STRAY.sub(" ", ln.text))[0]).strip()


#: a lone mark OCR reads from a speck or a table rule (dashes and colons mean something: they stay)
_STRAY = re.compile(r"(?:(?<=\s)|^)[.,;'`|¦!_~^°*‘’]{1,2}(?=\s|$)")


def _was_repaired(value: str, ln: Line) -> bool:
    return ln.source == "ocr" and value not in ln.text


def find_ips(ln: Line, text: str | None = None) -> list[Value]:
    """The valid IP addresses on a line, in order (OCR readings repaired when they then parse)."""
    t = work_text(ln) if text is None else text
    hits: list[tuple[int, Value]] = []
    taken: list[tuple[int, int]] = []
    for m in _IPV4.finditer(t):
        try:
            ipaddress.IPv4Address(m.group(1))
        except ValueError:
            continue
        hits.append((m.start(), Value(m.group(1), m.group(1), ln, _was_repaired(m.group(1), ln))))
        taken.append(m.span())
    for m in _IPV6.finditer(t):
        cand = m.group(1)
        if cand.count(":") < 2 or any(a <= m.start() < b for a, b in taken):
            continue
        if re.fullmatch(r"[\d:]+", cand) and re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", cand.strip(":")):
            continue  # a clock time
        value, repaired = repair_ipv6(cand) if ln.source == "ocr" else (cand if _v6(cand) else None, False)
        if value is None:
            continue
        hits.append((m.start(), Value(value, cand, ln, repaired or _was_repaired(value, ln))))
        taken.append(m.span())
    if ln.source == "ocr":
        for m in _IPV4_LOOSE.finditer(t):
            if any(a <= m.start() < b for a, b in taken):
                continue
            value, repaired = repair_ipv4(m.group(1))
            if value is not None:
                hits.append((m.start(), Value(value, m.group(1), ln, True)))
                taken.append(m.span())
    return [v for _, v in sorted(hits, key=lambda h: h[0])]


def unreadable_ips(ln: Line, text: str | None = None) -> list[str]:
    """OCR readings that look like a damaged IPv4 address and do not parse even after repair."""
    if ln.source != "ocr":
        return []
    t = work_text(ln) if text is None else text
    out = []
    for m in re.finditer(r"(?<![\w.:])(\d[\dOoIl|., :]{5,22}\d)(?![\w])", t):
        cand = m.group(1).strip()
        if len(re.findall(r"[.:,]", cand)) >= 2 and not DATETIME.fullmatch(cand) and repair_ipv4(cand)[0] is None \
                and not re.fullmatch(r"\d{1,2}[.:]\d{2}([.:]\d{2})?", cand) and not re.search(r"\d{1,2}[./]\d{1,2}[./]\d{4}", cand):
            out.append(cand)
    return out


def _v6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text.split("%", 1)[0])
        return True
    except ValueError:
        return False


def find_times(ln: Line, text: str | None = None) -> list[Value]:
    t = work_text(ln) if text is None else text
    out = []
    for m in DATETIME.finditer(t):
        v = m.group(0).strip().rstrip(",")
        out.append(Value(v, v, ln, _was_repaired(v, ln)))
    return out


def find_emails(ln: Line, text: str | None = None) -> list[Value]:
    t = work_text(ln) if text is None else text
    return [Value(m.group(0).rstrip("."), m.group(0), ln, _was_repaired(m.group(0).rstrip("."), ln)) for m in _EMAIL.finditer(t)]


def split_label(text: str) -> tuple[str, str] | None:
    """('Label', 'value') of a 'Label: value' line (a clock time is not a label)."""
    m = _LABEL.match(text)
    if not m or len(m.group("label").split()) > 7:
        return None
    if re.search(r"\d$", m.group("label")) and re.match(r"\d", m.group("value")):
        return None  # a clock time or a UTC offset, not a label
    return m.group("label").strip(), m.group("value")


def at_of(lines: Iterable[Line]) -> Locator:
    """The locator of some lines: the first line's page and the box around the lines on that page."""
    ls = [ln for ln in lines]
    page = ls[0].page
    return Locator(page=page, bbox=pdftext.union_bbox([ln for ln in ls if ln.page == page]))


def raw_of(lines: Iterable[Line]) -> str:
    return "\n".join(ln.text for ln in lines)


def _uniq(lines: Iterable[Line]) -> list[Line]:
    seen: set[int] = set()
    out = []
    for ln in lines:
        if id(ln) not in seen:
            seen.add(id(ln))
            out.append(ln)
    return sorted(out, key=lambda x: (x.page, x.bbox[1] if x.bbox else 0))


# -- the document's lines --------------------------------------------------------------------


@dataclass
class Letter:
    """A letter's body lines (page footers removed) and what is known about its layout."""

    lines: list[Line]
    pitch: float  #: the usual distance between consecutive lines (points)
    ocr: bool
    words: dict[int, tuple[OcrWord, ...]] = field(default_factory=dict)  #: OCR word boxes of each OCR line (by id)

    def gap_before(self, i: int) -> float:
        """Vertical space between line i-1 and line i (inf across pages or without boxes)."""
        if i == 0:
            return float("inf")
        a, b = self.lines[i - 1], self.lines[i]
        if a.page != b.page or not a.bbox or not b.bbox:
            return float("inf")
        return b.bbox[1] - a.bbox[1]


def read_letter(doc: Document, head: bool = False) -> Letter:
    """The body lines of the document (all pages, or the first ones for identification)."""
    pages = pdftext.pages(doc, pdftext.HEAD_PAGES if head else None)
    lines: list[Line] = []
    words: dict[int, tuple[OcrWord, ...]] = {}
    for p in pages:
        if p.ocr is not None and len(p.ocr.lines) == len(p.lines):
            words.update({id(ln): o.words for ln, o in zip(p.lines, p.ocr.lines)})
        for ln in p.lines:
            if not ln.text.strip():
                continue
            if p.height and ln.bbox and ln.bbox[1] > p.height - 48 and re.search(r"\b(?:page|seite|p\.)\s*\d+|\d+\s*/\s*\d+\s*$", ln.text, _I):
                continue  # the running footer ("<title> Page 2")
            if p.height and ln.bbox and ln.bbox[1] > p.height - 48 and len(ln.text) < 60 and any(
                    o.text == ln.text for q in pages if q is not p for o in q.lines):
                continue  # a footer repeated on every page
            lines.append(ln)
    diffs = [b.bbox[1] - a.bbox[1] for a, b in zip(lines, lines[1:])
             if a.page == b.page and a.bbox and b.bbox and 5 < b.bbox[1] - a.bbox[1] < 40]
    pitch = statistics.median(diffs) if diffs else 14.0
    return Letter(lines, pitch, any(ln.source == "ocr" for ln in lines), words)


def letterhead(letter: Letter) -> list[Line]:
    """The first lines of page 1 before the first labelled line (at most 6): who writes."""
    out = []
    for ln in letter.lines:
        if ln.page != 1 or len(out) >= 6:
            break
        lab = split_label(work_text(ln))
        if lab and (field_key(lab[0], ln) in OURS_KEYS | YOURS_KEYS | DATE_KEYS
                    or key(lab[0]) in {"to", "re", "from", "an", "a", "objet", "betreff", "subject"}):
            break
        out.append(ln)
    return out


# -- letter facts: references, dates, zone notes --------------------------------------------------


def _reference_value(value: str) -> str:
    v = re.split(r"\s+\(|[,;]|\s+(?:of|dated|vom|du|del)\s+", value.strip(), maxsplit=1)[0].strip()
    return v or value.strip()


_CASE_IN_TEXT = re.compile(r"\b(?:case|affaire|verfahren|proc[ée]dure)(?:\s+(?:number|no\.?|nr\.?|n°))?\s*:?\s*"
                           r"(?P<v>[A-Z][A-Z0-9]*[-/][A-Z0-9/-]*\d[A-Z0-9/-]*)", _I)


def letter_facts(letter: Letter, used: set[int]) -> Iterator[Record]:
    """References, case numbers, the letter date, and the sentences declaring the letter's time zone."""
    seen_date = False
    for ln in letter.lines:
        lab = split_label(work_text(ln))
        if lab:
            k, value = field_key(lab[0], ln), lab[1].strip()
            whose = "ours" if k in OURS_KEYS else "yours" if k in YOURS_KEYS else None
            if whose and value:
                yield DocumentFact(at=ln.at, raw=ln.text, kind="request_reference", value=_reference_value(value),
                                   extra={"whose": whose, "label": lab[0]})
                for m in _CASE_IN_TEXT.finditer(value):
                    yield DocumentFact(at=ln.at, raw=ln.text, kind="case_reference", value=m.group("v"), extra={"whose": whose})
                continue
            if k in DATE_KEYS and value and not seen_date and ln.page == 1:
                seen_date = True
                yield DocumentFact(at=ln.at, raw=ln.text, kind="letter_date", value=value, time=value)
                continue
        m = _PLACE_DATE.match(work_text(ln))
        if m and not seen_date and ln.page == 1:
            seen_date = True
            yield DocumentFact(at=ln.at, raw=ln.text, kind="letter_date", value=m.group("date"), time=m.group("date"))
    yield from zone_notes(letter, used)


def sentences(letter: Letter, used: set[int]) -> Iterator[tuple[str, list[Line]]]:
    """Sentences of running text (wrapped over lines) with the lines each one spans; a sentence ends at
    its full stop, at a labelled line, at a page change or a blank line, and never takes in table or block lines."""
    buf: list[str] = []
    span: list[Line] = []

    def flush() -> Iterator[tuple[str, list[Line]]]:
        nonlocal buf, span
        if buf:
            yield " ".join(buf), span
        buf, span = [], []

    for i, ln in enumerate(letter.lines):
        gap = letter.gap_before(i)
        if i in used or gap == float("inf") or gap > letter.pitch * 1.6:
            yield from flush()
        if i in used:
            continue
        text = work_text(ln).strip()
        if split_label(text) or _BLOCK.match(text) or _ANNEX.match(text):
            yield from flush()
            yield text, [ln]
            continue
        for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9ÀÉÈÄÖÜ\"'(])", text):
            buf.append(piece)
            if ln not in span:
                span.append(ln)
            if re.search(r"[.!?]$", piece):
                yield from flush()
    yield from flush()


def zone_notes(letter: Letter, used: set[int]) -> Iterator[DocumentFact]:
    """Each sentence that says in which zone the letter's times are (not one about the request's times)."""
    from pipeline.normalize.timestamps import zone_from_text

    for sentence, span in sentences(letter, used):
        if len(sentence.split()) < 4 or not _ZONE_SENTENCE.search(sentence) or _REQUEST_TIMES.search(sentence) or DATETIME.search(sentence):
            continue
        if zone_from_text(sentence) is None and not re.search(r"\b(?:UTC|GMT|CES?T|MES?Z)\b|European Time|heure d'Europe", sentence, _I):
            continue
        yield DocumentFact(at=at_of(span), raw=raw_of(span), kind="note", value=sentence)


# -- answers: the shared pieces ----------------------------------------------------------------


@dataclass
class Answer:
    """One answered (or unanswered) query, whatever the layout it was printed in."""

    ip: Value | None = None
    port: Value | None = None
    time: Value | None = None
    zone_hint: str | None = None
    customer: Value | None = None
    name: Value | None = None
    address: list[Value] = field(default_factory=list)
    emails: list[Value] = field(default_factory=list)
    phones: list[Value] = field(default_factory=list)
    extra_fields: dict[str, Value] = field(default_factory=dict)
    identified: bool | None = None
    reason: list[Line] = field(default_factory=list)
    reason_text: str | None = None  #: a reason printed in a table cell
    port_range: str | None = None
    prefix: str | None = None
    query: str | None = None
    lines: list[Line] = field(default_factory=list)  #: every line of the answer
    event_lines: list[Line] = field(default_factory=list)
    subscriber_lines: list[Line] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    address_joiner: str = ", "
    flags: list[str] = field(default_factory=list)  #: flags for the subscriber record

    @property
    def has_subscriber(self) -> bool:
        return bool(self.name or self.customer and self.identified)


def _repaired(*values: Value | None) -> bool:
    return any(v is not None and v.repaired for v in values)


def answer_records(a: Answer, extra: dict[str, str] | None = None) -> Iterator[Record]:
    """The records of one answer: an IpEvent and a Subscriber, or a not_identified fact."""
    yield from a.problems
    base = dict(extra or {})
    if a.query:
        base["query"] = a.query
    identified = a.identified if a.identified is not None else a.has_subscriber
    if a.ip is None:
        if identified and a.has_subscriber:
            yield from _subscriber(a, base)
        return
    port = a.port.text if a.port is not None and a.port.text.isdigit() else None
    if not identified:
        ev = _uniq(a.event_lines + a.reason)
        fx = dict(base)
        fx["port"] = a.port.text if a.port is not None else ""
        fx["reason"] = " ".join(work_text(ln) if ln.source == "ocr" else ln.text for ln in a.reason).strip()
        hint = TimeHint(zone=a.zone_hint) if a.zone_hint else None
        yield DocumentFact(at=at_of(ev), raw=raw_of(ev), kind="not_identified", value=a.ip.text,
                           time=a.time.text if a.time else None, hint=hint, extra=fx)
        return
    ev_extra = dict(base)
    if a.port_range:
        ev_extra["port_range"] = a.port_range
    if a.prefix:
        ev_extra["prefix"] = a.prefix
    flags = ("ocr_repaired",) if _repaired(a.ip, a.port, a.time, a.customer) else ()
    ev = _uniq(a.event_lines)
    yield IpEvent(at=at_of(ev), raw=raw_of(ev), ip=a.ip.text, time=a.time.text if a.time else None,
                  account=a.customer.text if a.customer else None, port=port, activity=ACTIVITY,
                  hint=TimeHint(zone=a.zone_hint) if a.zone_hint else None, extra=ev_extra, flags=flags)
    if a.has_subscriber or a.address or a.emails:
        yield from _subscriber(a, base)


def _subscriber(a: Answer, extra: dict[str, str]) -> Iterator[Record]:
    lines = _uniq(a.subscriber_lines) or _uniq(a.event_lines)
    if not lines:
        return
    sx = {k: v.text for k, v in a.extra_fields.items()}
    if "query" in extra:
        sx["query"] = extra["query"]
    if "annex" in extra:
        sx["annex"] = extra["annex"]
    address = None
    if a.address:
        address = a.address[0].text
        for part in a.address[1:]:
            joiner = " " if address.endswith(",") or a.address_joiner == " " else ", "
            address = address + joiner + part.text
    flags = tuple(sorted(set(a.flags) | ({"ocr_repaired"} if _repaired(a.customer, a.name, *a.emails, *a.phones) else set())))
    yield Subscriber(at=at_of(lines), raw=raw_of(lines), account=a.customer.text if a.customer else None,
                     name=a.name.text if a.name else None, address=address,
                     emails=tuple(dict.fromkeys(e.text for e in a.emails)), phones=tuple(dict.fromkeys(p.text for p in a.phones)),
                     extra=sx, flags=flags)


def _clean_value(value: str) -> str:
    return value.strip().strip("|").strip()


def field_key(label: str, ln: Line) -> str:
    """The matching key of a label; on an OCR line a slightly damaged label ("Adresse diinstallation")
    is taken as the known label it is closest to (85 % similar or more)."""
    k = key(label)
    if ln.source != "ocr" or k in _ALL_KEYS:
        return k
    close = difflib.get_close_matches(k, _ALL_KEYS_LIST, n=1, cutoff=0.85)
    return close[0] if close else k


def take_field(a: Answer, label: str, value: str, ln: Line) -> str | None:
    """Put one labelled subscriber field into the answer; returns the field name taken (or None)."""
    k = field_key(label, ln)
    v = _clean_value(value)
    if not v:
        return None
    if k in NAME_KEYS and a.name is None:
        a.name = Value(v, v, ln)
        a.subscriber_lines.append(ln)
        return "name"
    if k in CUSTOMER_KEYS and a.customer is None:
        a.customer = Value(v, v, ln)
        a.subscriber_lines.append(ln)
        a.event_lines.append(ln)
        return "customer"
    if k in ADDRESS_KEYS and not a.address:
        a.address = [Value(v, v, ln)]
        a.subscriber_lines.append(ln)
        return "address"
    if k in EMAIL_KEYS:
        found = find_emails(ln, v if ln.source != "ocr" else repair_spacing(v)[0])
        if found:
            a.emails += found
        elif ln.source == "ocr":
            a.problems.append(Problem(ln.at, "OCR_VALUE_UNREADABLE", f"an e-mail address read by OCR as {v!r} is not an e-mail address "
                                      f"even after repair; not used (line {ln.text!r})"))
        else:
            a.extra_fields[label] = Value(v, v, ln)
        a.subscriber_lines.append(ln)
        return "email"
    if k in PHONE_KEYS:
        a.phones.append(Value(v, v, ln))
        a.subscriber_lines.append(ln)
        return "phone"
    if k in EXTRA_KEYS:
        a.extra_fields[label] = Value(v, v, ln)
        a.subscriber_lines.append(ln)
        return "extra"
    return None


def _continues_address(ln: Line, prev: Line, letter: Letter) -> bool:
    """A line under an address line that carries on the address (a postcode and town, a country)."""
    t = ln.text.strip()
    if split_label(t) or len(t) > 60 or t.endswith(".") or find_ips(ln) or find_times(ln) or _BLOCK.match(t):
        return False
    if prev.page != ln.page or not ln.bbox or not prev.bbox:
        return False
    if ln.bbox[1] - prev.bbox[1] > letter.pitch * 1.5:
        return False
    return len(t.split()) <= 8


# -- layout A: query blocks ------------------------------------------------------------------------


def query_blocks(letter: Letter, used: set[int]) -> list[list[int]]:
    """Line indexes of each 'Query N: …' block, in order."""
    starts = [i for i, ln in enumerate(letter.lines) if i not in used and _BLOCK.match(ln.text.strip())]
    blocks = []
    for n, s in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(letter.lines)
        block = [s]
        for i in range(s + 1, end):
            ln = letter.lines[i]
            if i in used or _CLOSING.match(ln.text.strip()) or letter.gap_before(i) > letter.pitch * 2.2 and letter.gap_before(i) != float("inf"):
                break
            if letter.gap_before(i) == float("inf") and _ANNEX.match(ln.text.strip()):
                break
            block.append(i)
        blocks.append(block)
    return blocks


def parse_block(letter: Letter, idx: list[int]) -> Answer:
    """One 'Query N' block: the query line's IP/port/time, the result, the subscriber lines, notes."""
    lines = [letter.lines[i] for i in idx]
    head = lines[0]
    m = _BLOCK.match(work_text(head).strip())
    a = Answer(query=m.group("n") if m else None, lines=lines)
    _query_fields(a, head, m.group("rest") if m else work_text(head))
    last_field: str | None = None
    for ln in lines[1:]:
        text = work_text(ln)
        lab = split_label(text)
        if lab:
            k = field_key(lab[0], ln)
            if k in IP_KEYS | PORT_KEYS | TIME_KEYS:
                _query_fields(a, ln, f"{lab[0]} {lab[1]}" if k in PORT_KEYS else lab[1], label_key=k)
                last_field = None
                continue
            if k in RESULT_KEYS:
                _result(a, ln, lab[1])
                last_field = None
                continue
            taken = take_field(a, lab[0], lab[1], ln)
            if taken:
                last_field = taken
                if taken == "name" and a.identified is None:
                    a.identified = True
                continue
            if a.identified is False:
                a.reason.append(ln)
            else:
                _notes(a, ln, text)
            last_field = None
            continue
        if last_field == "address" and a.address and _continues_address(ln, a.address[-1].line, letter):
            a.address.append(Value(ln.text.strip(), ln.text.strip(), ln))
            a.subscriber_lines.append(ln)
            continue
        if _NOT_IDENTIFIED.search(text) and a.identified is None:
            _result(a, ln, text)
            continue
        last_field = None
        if a.identified is False:
            a.reason.append(ln)
        else:
            _notes(a, ln, text)
    if a.identified is None and a.has_subscriber:
        a.identified = True
    return a


def _query_fields(a: Answer, ln: Line, text: str, label_key: str | None = None) -> None:
    """IP, port and time printed on a query line (or on labelled lines of the block)."""
    if label_key is None or label_key in IP_KEYS:
        ips = find_ips(ln, text)
        if ips and a.ip is None:
            a.ip = ips[0]
            a.event_lines.append(ln)
            pm = _IPV4.search(text)
            if pm and pm.group(2) and a.port is None:
                a.port = Value(pm.group(2), pm.group(2), ln)
        elif a.ip is None:
            for bad in unreadable_ips(ln, text):
                a.problems.append(Problem(ln.at, "OCR_VALUE_UNREADABLE",
                                          f"an IP address read by OCR as {bad!r} does not parse even after repair; not used (line {ln.text!r})"))
    if label_key is None or label_key in PORT_KEYS:
        pm = _PORT.search(text)
        if pm and a.port is None:
            a.port = Value(pm.group("port"), pm.group("port"), ln)
            a.event_lines.append(ln)
    if label_key is None or label_key in TIME_KEYS:
        ts = find_times(ln, text)
        if ts and a.time is None:
            a.time = ts[0]
            a.event_lines.append(ln)


def _result(a: Answer, ln: Line, text: str) -> None:
    a.event_lines.append(ln)
    nm = _NOT_IDENTIFIED.search(text)
    if nm:
        a.identified = False
        rest = text[nm.end():].strip(" .;:-")
        if len(rest) > 3:
            a.reason.append(ln)
        return
    if _IDENTIFIED.search(text):
        a.identified = True
    cm = _CUSTOMER_INLINE.search(text)
    if cm and a.customer is None:
        v = cm.group("v") or cm.group("v2")
        a.customer = Value(v, v, ln)
        a.subscriber_lines.append(ln)


def _notes(a: Answer, ln: Line, text: str) -> None:
    """Port ranges (CGNAT mappings) and delegated prefixes mentioned in a block."""
    rm = _PORT_RANGE.search(text)
    if rm and a.port_range is None:
        a.port_range = f"{rm.group(1)}-{rm.group(2)}"
        a.event_lines.append(ln)
    for m in re.finditer(r"(?<![\w:.])([0-9A-Fa-f:.]{3,39}/\d{1,3})\b", text):
        try:
            net = ipaddress.ip_network(m.group(1), strict=False)
        except ValueError:
            continue
        if a.prefix is None and (a.ip is None or ipaddress.ip_address(a.ip.text) in net):
            a.prefix = m.group(1)
            a.event_lines.append(ln)


# -- layout B: results tables ------------------------------------------------------------------------

#: column kinds and their header words, matched in this order (each match is masked before the next kind is looked for)
_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ip", re.compile(r"\bIP(?:v[46])?(?:[- ]?(?:address|adresse|addr\.?))?(?![\w])|adresse\s+IP|öffentliche\s+IP", _I)),
    ("time", re.compile(r"date\s*(?:/|and|&|et)\s*(?:time|heure)|date/heure|timestamp|horodatage|zeitpunkt|datum\s*/\s*uhrzeit"
                        r"|zeitstempel|uhrzeit|\btime\b|\bdate\b|\bdatum\b|fecha|\bheure\b", _I)),
    ("port", re.compile(r"(?:source\s+|src\.?\s*|quell)?port(?:\s+source)?\b", _I)),
    ("customer", re.compile(r"(?:customer|client|account|subscriber)[ -]?(?:no\.?|number|id|nr\.?)(?![\w])|n°\s*client"
                            r"|num[ée]ro\s+(?:de\s+)?client|kundennummer|kunden-?nr\.?|vertragsnummer|contract\s+no\.?", _I)),
    ("address", re.compile(r"(?:installation\s+|service\s+|subscriber\s+|billing\s+|postal\s+)?address|adresse|anschrift|installationsort"
                           r"|direcci[óo]n|indirizzo", _I)),
    ("name", re.compile(r"subscriber(?:\s+name)?|customer\s+name|account\s+holder|name|abonn[ée]|titulaire|\bnom\b"
                        r"|anschlussinhaber|inhaber|teilnehmer|titular", _I)),
    ("customer?", re.compile(r"\b(?:customer|client|kunde|account)\b", _I)),
    ("remark", re.compile(r"results?|status|remarks?|comments?|notes?|r[ée]sultat|remarques?|ergebnis|bemerkung(?:en)?|hinweis", _I)),
)
_ZONE_IN_HEADER = re.compile(r"\(\s*([^()]{1,20})\s*\)")
_PORT_CELL = re.compile(r"^(?:(?P<port>\d{1,5})(?:\s*[-–]\s*(?P<hi>\d{1,5}))?|[-–—]|n/?a|none|not\s+given|k\.\s?a\.|—)(?=\s|$)", _I)
#: a date or clock, also as OCR damages it ('O7.0l.2O26', '22:4l:l9'): never a customer number
_DATEISH = re.compile(r"[\dOoIlSB]{1,4}(?:[./:][\dOoIlSB]{1,4}){1,2}")
_CUSTOMER_CELL = re.compile(r"^(?P<v>[A-Z0-9][A-Za-z0-9./-]*\d[A-Za-z0-9./-]*)(?=\s|$)")


@dataclass
class Row:
    """One table row: the line that starts it, the cells PDFium or OCR put on separate lines beside it
    (same height), and the wrapped cell lines under it."""

    main: Line
    beside: list[Line] = field(default_factory=list)
    under: list[Line] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [self.main] + self.beside + self.under


@dataclass
class Table:
    header: list[Line]
    columns: list[str]  #: column kinds in printed order
    zone: str | None
    rows: list[Row]


def table_header(letter: Letter, i: int) -> tuple[list[Line], list[str], str | None] | None:
    """(header lines, column kinds, zone printed in the time header) when line i heads a results table."""
    ln = letter.lines[i]
    if find_ips(ln) or find_times(ln) or len(ln.text) > 160:
        return None
    band = [ln] + [o for o in letter.lines[max(0, i - 3): i + 4] if o is not ln and _same_band(o, ln)]
    band.sort(key=lambda o: o.bbox[0] if o.bbox else 0)
    text = "  ".join(work_text(o) for o in band)
    found: list[tuple[int, str]] = []
    masked = text
    zone = None
    for kind, pat in _COLUMNS:
        m = pat.search(masked)
        if not m:
            continue
        found.append((m.start(), kind))
        if kind == "time":
            zm = _ZONE_IN_HEADER.match(masked[m.end():].lstrip())
            if zm:
                zone = zm.group(1).strip()
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
    kinds = [k for _, k in sorted(found)]
    if "customer?" in kinds:  # a bare 'Customer' column: the customer number when a name column exists, else the name
        kinds = [("customer" if "name" in kinds and "customer" not in kinds else "name" if "name" not in kinds else "remark")
                 if k == "customer?" else k for k in kinds]
    if "ip" not in kinds or not ({"name", "customer"} & set(kinds)) or "time" not in kinds:
        return None
    return band, kinds, zone


def _same_band(a: Line, b: Line) -> bool:
    return a.page == b.page and bool(a.bbox and b.bbox) and abs(a.bbox[1] - b.bbox[1]) < 3  # type: ignore[index]


def _is_row(ln: Line) -> bool:
    return bool(find_ips(ln) or find_times(ln) or unreadable_ips(ln))


def find_tables(letter: Letter, used: set[int]) -> list[Table]:
    """Results tables: a header naming IP, time and subscriber/customer columns, then rows until prose."""
    tables = []
    i = 0
    n = len(letter.lines)
    while i < n:
        head = table_header(letter, i) if i not in used else None
        if head is None:
            i += 1
            continue
        band, kinds, zone = head
        taken = {id(o) for o in band}
        rows: list[Row] = []
        j = i + 1
        while j < n:
            ln = letter.lines[j]
            if id(ln) in taken:
                j += 1
                continue
            text = work_text(ln)
            gap = letter.gap_before(j)
            if rows and _same_band(ln, rows[-1].main):
                rows[-1].beside.append(ln)
            elif _is_row(ln):
                if gap == float("inf") and rows and not _looks_like_row_start(ln, rows[0].main):
                    break
                rows.append(Row(ln))
            elif not rows:  # wrapped header words between the header and the first row
                if len(text) >= 40 or j - i > 4:
                    break
                band.append(ln)
            elif gap == float("inf"):
                again = table_header(letter, j)  # the header repeated on the next page
                if again is None:
                    break
                band += again[0]
                taken |= {id(o) for o in again[0]}
            elif gap > letter.pitch * 2.2 or _CLOSING.match(text) or split_label(text):
                break
            elif ln.bbox and rows[-1].main.bbox and ln.bbox[0] <= rows[-1].main.bbox[0] + 2 and len(text) > 50:
                break  # prose starting at the table's left edge
            else:
                rows[-1].under.append(ln)
            taken.add(id(ln))
            j += 1
        if rows:
            index = {id(o): k for k, o in enumerate(letter.lines)}
            used |= {index[t] for t in taken if t in index}
            tables.append(Table(band, kinds, zone, rows))
            i = j
        else:
            i += 1
    return tables


def _looks_like_row_start(ln: Line, first: Line) -> bool:
    return bool(ln.bbox and first.bbox and abs(ln.bbox[0] - first.bbox[0]) < 15)


@dataclass
class Segment:
    """A run of text on a line with no wide gap inside (a table cell, or several when the reader joined them)."""

    text: str
    x0: float
    x1: float


def segments(letter: Letter, ln: Line) -> list[Segment]:
    """The line cut at wide gaps between OCR words; a text-layer line is one segment (PDFium gives no word boxes)."""
    x0, x1 = (ln.bbox[0], ln.bbox[2]) if ln.bbox else (0.0, 0.0)
    words = letter.words.get(id(ln))
    if not words:
        return [Segment(work_text(ln), x0, x1)]
    groups: list[list[tuple[str, float, float]]] = []
    for w in sorted(words, key=lambda w: w.bbox[0]):
        if _STRAY.fullmatch(w.text.strip()) or w.text.strip() == "l|":
            continue
        if groups and w.bbox[0] - groups[-1][-1][2] < 5.5:
            groups[-1].append((w.text, w.bbox[0], w.bbox[2]))
        else:
            groups.append([(w.text, w.bbox[0], w.bbox[2])])
    out = []
    for g in groups:
        text = re.sub(r"\s+", " ", repair_spacing(" ".join(t for t, _, _ in g))[0]).strip()
        if text:
            out.append(Segment(text, g[0][1], g[-1][2]))
    return out or [Segment(work_text(ln), x0, x1)]


def row_text(letter: Letter, row: Row) -> str:
    """The row's cells as one text, cells from different runs separated by two spaces; wrapped cell lines
    are put back after the cell they sit under."""
    segs = sorted([s for ln in [row.main] + row.beside for s in segments(letter, ln)], key=lambda s: s.x0)
    texts = [s.text for s in segs]
    for ln in row.under:
        for cs in segments(letter, ln):
            k = max((n for n, s in enumerate(segs) if s.x0 <= cs.x0 + 3), default=0)
            texts[k] = texts[k] + " " + cs.text
    return "  ".join(t for t in texts if t)


def parse_row(letter: Letter, table: Table, row: Row) -> Answer:
    """One table row as an answer, reading cells by their shapes in header order."""
    ln = row.main
    a = Answer(lines=row.lines, event_lines=[ln] + row.beside, zone_hint=table.zone, address_joiner=" ")
    rest = row_text(letter, row)
    free: list[tuple[str, str]] = []  #: (kind, text) of free-text cells, in order
    kinds = table.columns
    for n, kind in enumerate(kinds):
        rest = rest.lstrip(" |¦")
        if kind == "ip":
            rest = _ip_cell(a, ln, rest)
            if a.ip is None:
                return a  # the row's IP cannot be read: its problem is reported, nothing else is taken from the row
        elif kind == "port":
            pm = _PORT_CELL.match(rest)
            if pm:
                if pm.group("hi"):
                    a.port_range = f"{pm.group('port')}-{pm.group('hi')}"
                else:
                    a.port = Value(pm.group(0), pm.group(0), ln)
                rest = rest[pm.end():]
        elif kind == "time":
            ts = find_times(ln, rest)
            if ts and rest.find(ts[0].text) <= 1:
                a.time = ts[0]
                rest = rest[rest.find(ts[0].text) + len(ts[0].text):]
            else:  # the cell is not a date and time: say so, and go on after it
                cut = _free_cut(rest, kinds[n + 1:])
                cell = rest[:cut].strip() or " ".join(rest.split()[:2])
                code = "OCR_VALUE_UNREADABLE" if ln.source == "ocr" else "VALUE_UNREADABLE"
                how = "read by OCR as " if ln.source == "ocr" else ""
                a.problems.append(Problem(ln.at, code, f"the date/time cell {how}{cell!r} is not a date and time"
                                          f"{' even after repair' if ln.source == 'ocr' else ''}; the time is not used (line {ln.text!r})"))
                rest = rest[cut:]
        elif kind == "customer":
            nm = _NOT_IDENTIFIED.match(rest)
            cm = _CUSTOMER_CELL.match(rest)
            cm = None if cm and _DATEISH.fullmatch(cm.group("v")) else cm
            if nm:
                a.identified = False
                rest = rest[nm.end():]
            elif cm:
                a.customer = Value(cm.group("v"), cm.group("v"), ln)
                rest = rest[cm.end():]
            elif rest[:1] in "-–—":
                rest = rest[1:]
        else:
            cut = _free_cut(rest, kinds[n + 1:])
            free.append((kind, rest[:cut]))
            rest = rest[cut:]
    _free_cells(a, free, ln)
    if a.identified is None:
        text = row_text(letter, row)
        a.identified = False if (_NOT_IDENTIFIED.search(text) and a.customer is None) else bool(a.customer or a.name)
    if a.identified is not False:
        a.subscriber_lines += row.lines
    return a


def _ip_cell(a: Answer, ln: Line, rest: str) -> str:
    """Read the IP cell at the start of ``rest`` (with a /prefix or :port printed in it); return what follows."""
    ips = find_ips(ln, rest)
    if ips and rest.find(ips[0].raw) <= 1:
        a.ip = ips[0]
        pos = rest.find(ips[0].raw) + len(ips[0].raw)
        tail = rest[pos:]
        pm = re.match(r"/(\d{1,3})", tail)
        if pm:
            a.prefix = a.ip.text + pm.group(0)
            pos += len(pm.group(0))
        pp = re.match(r":(\d{1,5})\b", tail) if "." in a.ip.text else None
        if pp:
            a.port = Value(pp.group(1), pp.group(1), ln)
            pos += len(pp.group(0))
        return rest[pos:]
    bad = unreadable_ips(ln, rest)
    tok = rest.split()[0] if rest.split() else rest
    if ln.source == "ocr":
        a.problems.append(Problem(ln.at, "OCR_VALUE_UNREADABLE", f"the IP address cell read by OCR as {(bad[0] if bad else tok)!r} does not "
                                  f"parse even after repair; the row is not used (line {ln.text!r})"))
    else:
        a.problems.append(Problem(ln.at, "VALUE_UNREADABLE", f"the IP address cell {tok!r} is not an IP address; the row is not used "
                                  f"(line {ln.text!r})"))
    return rest[len(tok):]


def _free_cut(rest: str, following: list[str]) -> int:
    """Where a free-text cell ends: before the next shaped cell when one follows, else at the end."""
    nxt = next((k for k in following if k not in ("name", "address", "remark")), None)
    if nxt == "customer":
        ids = [m for m in re.finditer(r"(?:(?<=\s)|^)(?:[A-Z0-9][A-Za-z0-9./-]*\d[A-Za-z0-9./-]*)(?=\s|$)", rest)
               if not _DATEISH.fullmatch(m.group(0))]
        m = ids[0] if ids else _NOT_IDENTIFIED.search(rest)
        return m.start() if m else len(rest)
    if nxt == "time":
        m = DATETIME.search(rest)
        return m.start() if m else len(rest)
    if nxt == "port":
        m = re.search(r"(?:(?<=\s)|^)(?:\d{1,5}|[-–—])(?=\s|$)", rest)
        return m.start() if m else len(rest)
    if nxt == "ip":
        m = _IPV4.search(rest) or _IPV6.search(rest)
        return m.start() if m else len(rest)
    return len(rest)


_EMPTY_CELL = ("", "-", "–", "—", "n/a")


def _free_cells(a: Answer, free: list[tuple[str, str]], ln: Line) -> None:
    """Give the free-text cells of a row (names, addresses, remarks) to their columns."""
    if not free:
        return
    kinds = [k for k, _ in free]
    joined = "  ".join(t.strip() for _, t in free if t.strip())
    if len(kinds) == 1:
        parts = {kinds[0]: joined.strip(" |")}
    else:
        pieces = [p.strip(" |") for p in re.split(r"\s{2,}|\s\|\s|\t", joined) if p.strip(" |")]
        if len(pieces) == len(kinds):
            parts = dict(zip(kinds, pieces))
        else:
            parts = _split_by_shape(kinds, " ".join(pieces))
            a.flags.append("cells_split_by_shape")
    name = parts.get("name", "").strip()
    address = parts.get("address", "").strip()
    remark = parts.get("remark", "").strip()
    if _NOT_IDENTIFIED.match(name) or _NOT_IDENTIFIED.match(remark):
        a.identified = False
    if a.identified is False:
        a.reason_text = " ".join(t for t in (name, address, remark) if t not in _EMPTY_CELL).strip()
        a.flags.clear()
        return
    if name not in _EMPTY_CELL:
        a.name = Value(name, name, ln)
    if address not in _EMPTY_CELL:
        a.address = [Value(address, address, ln)]
    if remark not in _EMPTY_CELL:
        a.extra_fields["remark"] = Value(remark, remark, ln)


_STREET_WORD = re.compile(r"(?:veien|vegen|gata|gate|gatan|v[äa]gen|vej|vejen|stra(?:ß|ss)e|str\.|weg|gasse|allee|platz|ring|damm|laan|straat"
                          r"|gracht|plein|kade|via|viale|calle|avenida|rua|street|road|lane|avenue|drive)$", _I)


#: words that open an address before its first number ('Flat 2, 7 Sample Street', 'c/o …')
_ADDRESS_LEAD = {"flat", "apt", "apartment", "unit", "suite", "room", "floor", "building", "bldg", "house", "c/o", "po", "p.o", "box",
                 "wohnung", "app", "appartement", "bât", "bâtiment", "batiment", "étage", "etage", "piso", "casa", "lgh", "leilighet"}


def _split_by_shape(kinds: list[str], text: str) -> dict[str, str]:
    """Split 'Alex Rivera 14 Example Road' or 'Morgan Ashby Eksempelveien 12, 5003 Bergen' into a name and an
    address: the address starts at the first word with a digit, or at the street name before a house number."""
    words = text.split()
    out = {k: "" for k in kinds}
    if "name" in kinds and "address" in kinds and kinds.index("name") < kinds.index("address"):
        k = next((i for i, w in enumerate(words) if re.search(r"\d", w)), None)
        if k is not None:
            if k >= 1 and re.fullmatch(r"\d+[a-zA-Z]?,?", words[k]) and _STREET_WORD.search(words[k - 1]):
                k -= 1
            while k >= 2 and words[k - 1].strip(".,").lower() in _ADDRESS_LEAD:
                k -= 1
            out["name"] = " ".join(words[:k])
            out["address"] = " ".join(words[k:])
            return out
    out[kinds[0]] = text
    return out


def table_records(letter: Letter, table: Table, extra: dict[str, str] | None = None) -> Iterator[Record]:
    for row in table.rows:
        a = parse_row(letter, table, row)
        if a.ip is None:
            yield from a.problems
            continue
        if a.identified is False:
            a.reason_text = _row_remainder(row_text(letter, row), a)
            yield from _not_identified_row(a, row, extra)
            continue
        yield from answer_records(a, extra)


def _row_remainder(text: str, a: Answer) -> str:
    """What a not-identified row says besides its IP, port and time: the provider's reason, as printed."""
    for v in (a.ip, a.time):
        if v is not None and v.raw in text:
            text = text.replace(v.raw, " ", 1)
    if a.port is not None:
        text = re.sub(rf"(?:(?<=\s)|^){re.escape(a.port.text)}(?=\s|$)", " ", text, count=1)
    return " ".join(text.replace(" | ", " ").split()).strip(" |-–—")


def _not_identified_row(a: Answer, row: Row, extra: dict[str, str] | None) -> Iterator[Record]:
    yield from a.problems
    if a.ip is None:
        return
    fx = dict(extra or {})
    fx["port"] = a.port.text if a.port is not None else ""
    fx["reason"] = a.reason_text or ""
    lines = _uniq(row.lines)
    yield DocumentFact(at=at_of(lines), raw=raw_of(lines), kind="not_identified", value=a.ip.text,
                       time=a.time.text if a.time else None, hint=TimeHint(zone=a.zone_hint) if a.zone_hint else None, extra=fx)


# -- layout C: one question, labelled subscriber groups ----------------------------------------------------


def subscriber_groups(letter: Letter, used: set[int]) -> list[Answer]:
    """Runs of labelled subscriber lines ('Name:', 'Customer number:', 'Address:' …) outside blocks and tables."""
    groups: list[Answer] = []
    cur: Answer | None = None
    last: str | None = None
    for i, ln in enumerate(letter.lines):
        if i in used:
            cur, last = None, None
            continue
        text = work_text(ln)
        lab = split_label(text)
        if lab and field_key(lab[0], ln) in SUBSCRIBER_FIELD_KEYS | EXTRA_KEYS and lab[1].strip():
            k = field_key(lab[0], ln)
            starts_group = k in NAME_KEYS | CUSTOMER_KEYS
            if cur is None and not starts_group:
                continue
            if cur is not None and ((k in NAME_KEYS and cur.name) or (k in CUSTOMER_KEYS and cur.customer)
                                    or letter.gap_before(i) > letter.pitch * 2.2):
                cur = None
            if cur is None:
                cur = Answer(identified=True)
                groups.append(cur)
            last = take_field(cur, lab[0], lab[1], ln)
            if last:
                used.add(i)
            continue
        if cur is not None and last == "address" and cur.address and _continues_address(ln, cur.address[-1].line, letter):
            cur.address.append(Value(ln.text.strip(), ln.text.strip(), ln))
            cur.subscriber_lines.append(ln)
            used.add(i)
            continue
        cur, last = None, None
    return [g for g in groups if g.name or g.customer]


_ATTRIBUTION = re.compile(r"\b(?:(?:was|were|is)\s+(?:assigned|allocated)\s+to|assigned\s+to\s+the\s+following|used\s+by\s+the\s+following"
                          r"|belong(?:s|ed)\s+to\s+the\s+following|identified\s+as|the\s+subscriber\s+(?:is|was)|attribu[ée]e?\s+[àa]"
                          r"|zugeordnet|war\s+(?:dem|der)\s+folgenden)", _I)


def single_answer(letter: Letter, groups: list[Answer], used: set[int]) -> Answer | None:
    """The one-question letter: one IP (and its time) asked about, one subscriber (or 'not identified')."""
    ips: dict[str, Value] = {}
    times: list[Value] = []
    port: Value | None = None
    statement: Line | None = None
    not_id: Line | None = None
    first_group = min((letter.lines.index(g.subscriber_lines[0]) for g in groups if g.subscriber_lines), default=len(letter.lines))
    for i, ln in enumerate(letter.lines[:first_group]):
        if i in used:
            continue
        text = work_text(ln)
        lab = split_label(text)
        if lab and field_key(lab[0], ln) in DATE_KEYS | OURS_KEYS | YOURS_KEYS or _PLACE_DATE.match(text):
            continue  # the letter's date and references are not the question
        for v in find_ips(ln, text):
            if not re.search(re.escape(v.raw) + r"\s*/\d", text):
                ips.setdefault(v.text, v)
        times += [t for t in find_times(ln, text) if re.search(r"\d:\d\d", t.text)]
        pm = _PORT.search(text)
        if pm and port is None:
            port = Value(pm.group("port"), pm.group("port"), ln)
        if _ATTRIBUTION.search(text) and statement is None:
            statement = ln
        if _NOT_IDENTIFIED.search(text) and (find_ips(ln, text) or statement is None) and not_id is None:
            not_id = ln
    if len(ips) != 1 or not times:
        return None
    ip = next(iter(ips.values()))
    # the time asked about: the first one on the IP's line, else the first one near it
    time = next((t for t in times if t.line is ip.line), None) or next((t for t in times if t.line.page == ip.line.page), times[0])
    if groups and statement is not None:
        g = groups[0]
        a = Answer(ip=ip, port=port, time=time, identified=True, customer=g.customer, name=g.name, address=g.address, emails=g.emails,
                   phones=g.phones, extra_fields=g.extra_fields, subscriber_lines=g.subscriber_lines, problems=g.problems,
                   event_lines=[ip.line, time.line] + ([port.line] if port else []) + ([g.customer.line] if g.customer else []))
        return a
    if not_id is not None and not groups:
        return Answer(ip=ip, port=port, time=time, identified=False, reason=[not_id],
                      event_lines=[ip.line, time.line] + ([port.line] if port else []))
    return None


# -- answers of a page range, whatever their layout -------------------------------------------------------


@dataclass
class Found:
    variant: str
    blocks: list[list[int]]
    tables: list[Table]
    groups: list[Answer]
    single: Answer | None
    used: set[int]


def analyse(letter: Letter) -> Found:
    used: set[int] = set()
    tables = find_tables(letter, used)
    blocks = [b for b in query_blocks(letter, used) if _block_has_answer(letter, b)]
    for b in blocks:
        used |= set(b)
    groups = subscriber_groups(letter, used)
    single = single_answer(letter, groups, used) if not blocks and not tables else None
    variant = "query-blocks" if blocks else "results-table" if tables else "single-answer" if single else "none"
    return Found(variant, blocks, tables, groups, single, used)


def _block_has_answer(letter: Letter, idx: list[int]) -> bool:
    text = "\n".join(work_text(letter.lines[i]) for i in idx)
    head = letter.lines[idx[0]]
    keys = [field_key(lab[0], letter.lines[i]) for i in idx if (lab := split_label(work_text(letter.lines[i])))]
    return bool(find_ips(head) or any(k in IP_KEYS for k in keys)) and bool(
        _NOT_IDENTIFIED.search(text) or _IDENTIFIED.search(text) or any(k in NAME_KEYS | CUSTOMER_KEYS for k in keys))


def answers(letter: Letter, found: Found, annex_of: dict[int, str] | None = None) -> Iterator[Record]:
    """Every answer's records, with the annex label of its page when it sits in an annex."""

    def extra_for(ln: Line) -> dict[str, str] | None:
        if annex_of and ln.page in annex_of:
            return {"annex": annex_of[ln.page]}
        return None

    for b in found.blocks:
        a = parse_block(letter, b)
        yield from answer_records(a, extra_for(letter.lines[b[0]]))
    for t in found.tables:
        yield from table_records(letter, t, extra_for(t.rows[0].main))
    if found.single is not None:
        yield from answer_records(found.single, extra_for(found.single.ip.line if found.single.ip else found.single.lines[0]))
        rest = found.groups[1:]
    else:
        rest = found.groups
    for g in rest:
        yield from g.problems
        yield from _subscriber(g, extra_for(g.subscriber_lines[0]) or {})


# -- identification ----------------------------------------------------------------------------------


def _text(lines: list[Line]) -> str:
    return "\n".join(work_text(ln) for ln in lines)


def provider_name(head: list[Line]) -> DocumentFact | None:
    """The writer's name from the letterhead ('Fjordlink Broadband AS - Law Enforcement Response')."""
    for ln in head[:2]:
        m = re.match(r"^(?P<name>.+?\b(?:AS|ASA|AB|A/S|ApS|Oy|GmbH|AG|SA|S\.A\.|SAS|SARL|BV|B\.V\.|NV|Ltd\.?|Limited|LLC|Inc\.?|plc|S\.p\.A\.|SL|Kft|sp\. z o\.o\.))"
                     r"(?:\s*[-–—,].*)?$", ln.text.strip())
        if m:
            return DocumentFact(at=ln.at, raw=ln.text, kind="provider_name", value=m.group("name").strip())
    return None


def _is_pdf(doc: Document) -> bool:
    try:
        return pdftext.is_pdf(doc)
    except Exception:  # noqa: BLE001
        return False


class IspLetter(Extractor):
    name = "isp_letter"
    provider = "ISP"
    layout = ("ISP answer letter to 'who used IP X (port P) at time T' (PDF, text or scanned): query blocks, a results table, "
              "or one question; subscriber details; CGNAT port ranges; not-identified queries (assumed)")
    version = "1"
    media_types = ("application/pdf",)
    sources = SOURCES

    def identify(self, doc: Document) -> Claim | None:
        try:
            if not _is_pdf(doc):
                return None
            letter = read_letter(doc, head=True)
            if not letter.lines:
                return None
            head = letterhead(letter)
            if _AUTHORITY.search(_text(head)):
                return None  # an authority writes: an MLA reply (mla_reply), a court, a ministry
            text = _text(letter.lines)
            if not _REQUEST_WORDS.search(text) or not _IP_WORD.search(text) and not any(find_ips(ln) for ln in letter.lines[:80]):
                return None
            if _ORDER.search(text) and not re.search(r"\bresults?\b|\bidentified\b|assigned to the following", text, _I):
                return None  # the order or request itself, not its answer
            found = analyse(letter)
            if found.variant == "none":
                return None
            if found.variant == "single-answer" and not _SUBSCRIBER_WORDS.search(text):
                return None
            return Claim(found.variant + ("-scanned" if letter.ocr else ""))
        except Exception:  # noqa: BLE001 - identify never raises
            return None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        letter = read_letter(doc)
        pn = provider_name(letterhead(letter))
        if pn:
            yield pn
        found = analyse(letter)
        yield from letter_facts(letter, found.used)
        yield from answers(letter, found)


class MlaReply(Extractor):
    name = "mla_reply"
    provider = "Central authority (MLA)"
    layout = ("Reply of a foreign central authority (ministry / office of justice) to a mutual legal assistance request (PDF, text or "
              "scanned; English, French, German): references, subscriber details, annexed IP tables or ISP letters (assumed)")
    version = "1"
    media_types = ("application/pdf",)
    sources = SOURCES

    def identify(self, doc: Document) -> Claim | None:
        try:
            if not _is_pdf(doc):
                return None
            letter = read_letter(doc, head=True)
            if not letter.lines:
                return None
            head = letterhead(letter)
            if not _AUTHORITY.search(_text(head)):
                return None
            text = _text(letter.lines)
            if not _MLA_WORDS.search(text):
                return None
            yours = any((lab := split_label(work_text(ln))) and field_key(lab[0], ln) in YOURS_KEYS and lab[1].strip() for ln in letter.lines)
            if not (yours or _REPLY_WORDS.search(text)):
                return None
            if _ORDER.search(text) and not _REPLY_WORDS.search(text):
                return None
            found = analyse(letter)
            has_answer = bool(found.blocks or found.tables or found.groups or found.single)
            if not has_answer:
                return None  # an acknowledgement of receipt, a request for more information: no answer yet
            if _ACK_ONLY.search(text) and not (found.blocks or found.tables):
                return None
            return Claim("reply" + ("-scanned" if letter.ocr else ""))
        except Exception:  # noqa: BLE001 - identify never raises
            return None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        letter = read_letter(doc)
        found = analyse(letter)
        yield from letter_facts(letter, found.used)
        annex_of, records = annexes(letter)
        yield from records
        yield from answers(letter, found, annex_of)


def annexes(letter: Letter) -> tuple[dict[int, str], list[Record]]:
    """({page: annex label} for the pages from each annex heading on, the annex facts and problems).

    An annex starts on a page (after page 1) whose first lines say 'Annex 1' / 'Annexe 1' / 'Anlage 1';
    an annex the letter mentions that no page starts with is reported (ANNEX_NOT_FOUND)."""
    annex_of: dict[int, str] = {}
    headings: dict[str, Line] = {}
    out: list[Record] = []
    last_page = max((ln.page for ln in letter.lines), default=1)
    for i, ln in enumerate(letter.lines):
        near_top = any(i - k < 0 or letter.lines[i - k].page != ln.page for k in (1, 2))
        m = _ANNEX.match(work_text(ln).strip())
        if not (m and near_top and ln.page > 1):
            continue
        label = m.group("label").strip()
        annex_of.update({p: label for p in range(ln.page, last_page + 1)})
        headings[_annex_no(label)] = ln
        title = (m.group("title") or "").strip()
        out.append(DocumentFact(at=ln.at, raw=ln.text, kind="annex", value=label, extra={"title": title} if title else {}))
    first_annex_page = min(annex_of, default=last_page + 1)
    listed: dict[str, Line] = {}
    for ln in letter.lines:
        if ln.page >= first_annex_page:
            break
        for m in _ANNEX_MENTION.finditer(work_text(ln)):
            listed.setdefault(m.group(1).upper(), ln)
    for no, ln in listed.items():
        if no not in headings:
            out.append(Problem(ln.at, "ANNEX_NOT_FOUND", f"the letter mentions annex {no} ({ln.text.strip()!r}) but no page of this file "
                                                         "starts with that annex"))
    return annex_of, out


def _annex_no(label: str) -> str:
    m = re.search(r"(\d{1,2}|[A-Z])\s*$", label.strip(), re.I)
    return m.group(1).upper() if m else label.upper()


EXTRACTORS = (IspLetter(), MlaReply())
