"""Meta (Facebook / Instagram) business-record HTML: ``records.html`` and ``preservation_N.html``.

What the layout means (LAYOUTS.md#meta, from RLEAPP ``scripts/meta_records.py`` and
``scripts/artifacts/fbigAccount.py`` / ``fbigAccountInfo.py`` / ``fbigIpaddresses.py``):

* the file is a run of sections, ``div`` elements with ``id="property-<name>"`` (class
  ``content-pane`` in the current spelling), one per record category;
* a *field* is a block with an inner block holding the label as a bare text node, followed by
  a value block holding either the value text or a nested list of records made of further
  fields; records in a list are separated by empty spacer blocks. Current spelling: ``div.t.o``
  / ``div.t.i`` / ``div.m > div`` / ``div.p``; older spelling: ``div.div_table.outer`` /
  ``div.div_table.inner`` / ``div.most_inner``;
* the document is paginated: after a ``div.pageBreak`` the open blocks are reopened with an
  *empty label*, so a list, a record, or one value can continue in unlabelled blocks (they
  are merged back here, and a record split by a break is read as one record);
* each section may embed a "... Definition" field (kept as a note: it is where Meta states
  that times are UTC); empty fields read "No responsive records";
* IP records are ``IP Address`` (``addr:port``; IPv6 in brackets), ``Time``
  (``YYYY-MM-DD HH:MM:SS UTC``) and ``Action``.

Sections are recognised by their id (or, without one, by their first label), fields by their
label (case, spacing and punctuation ignored; known synonyms accepted), never by position.
Section order does not matter. Values are yielded exactly as printed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterator

from schemas.records import DocumentFact, IpEvent, Locator, Problem, Record, Subscriber

from .base import Claim, Document, ExtractionFailed, Extractor, LayoutChange
from .html import Element, parse_html

OUTER = {"o", "outer"}
INNER = {"i", "inner"}
VALUE = {"m", "most_inner"}
SPACER = {"p"}
BREAK = {"pageBreak", "pagebreak", "page-break"}

NO_RECORDS = re.compile(r"^\s*no\s+responsive\s+records?\b", re.I)

#: request parameter labels seen in returns (RLEAPP fbigAccount notes / meta_records)
REQUEST_LABELS = ("Service", "Internal Ticket Number", "Target", "Account Identifier", "Account Type", "Generated",
                  "Date Range")
#: fields of one record of the IP Addresses section
IP_RECORD_LABELS = ("IP Address", "Time", "Action")
NAME_LABELS = ("First", "Middle", "Last", "Full Name", "Name")

IP_LABELS = {"ip", "ip address", "ip addresses", "ipaddress", "ip addr", "ips"}
TIME_KEYS = {"time", "timestamp", "date", "datetime", "date time", "time utc", "date and time", "login time",
             "logout time", "event time", "date created", "created", "creation time"}
ACTION_KEYS = {"action", "event", "activity", "type", "event type", "action type"}
PORT_KEYS = {"port", "source port", "src port"}

_IPV4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_IP_VALUE = re.compile(
    rf"^(?:{_IPV4}(?::\d{{1,5}})?|\[[0-9A-Fa-f:.]+(?:%[\w.]+)?\](?::\d{{1,5}})?|[0-9A-Fa-f]{{0,4}}(?::[0-9A-Fa-f]{{0,4}}){{2,7}}(?:{_IPV4})?)$")
_EMAIL = re.compile(r"[^\s<>()\[\],;\"']+@[^\s<>()\[\],;\"']+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?P<num>\+?\(?\d[\d\s().\-/]{5,}\d)")
_ACCOUNT = re.compile(r"^(?P<user>.*?)\s*\((?:[A-Za-z ]+:\s*)?(?P<id>\d+)\)\s*(?:\[(?P<display>.*)\])?\s*$", re.S)


def key(text: str) -> str:
    """A label or section name as compared: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def label_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).split())


SECTION_NAME = {key(k): k for k in ("request_parameters", "name", "emails", "registered_email_addresses", "vanity",
                                    "vanity_name", "registration_date", "registration_ip", "phone_numbers",
                                    "ip_addresses", "account_end_date")}
EMAIL_SECTIONS = {"emails", "registeredemailaddresses", "emailaddresses", "email"}
VANITY_SECTIONS = {"vanity", "vanityname", "username"}
PHONE_SECTIONS = {"phonenumbers", "phones", "phonenumber"}
#: single-value sections kept in Subscriber.extra as printed (fbigAccount 'Account and Report Information')
EXTRA_SECTIONS = {"accountenddate", "accountclosuredate", "gender", "dateofbirth", "website", "aboutme",
                  "accountreadreceipts", "threadsregistrationdate", "accountstatus", "accountstillactive"}
#: activity implied by a section title when its records carry no action field
SECTION_ACTIVITY = (("logout", "logout"), ("login", "login"), ("session", "session"), ("registration", "registration"))


def _classes(el: Element) -> set[str]:
    return set(el.classes)


def _elements(el: Element) -> list[Element]:
    return [c for c in el.children if isinstance(c, Element)]


@dataclass
class Field:
    label: str
    value: "str | list[list[Field]]"
    el: Element  #: the field block (div.t.o / div.div_table.outer)
    open: bool = False  #: a list whose last record had no spacer after it (page broke inside it)
    loose: str = ""


def _direct_text(el: Element) -> str:
    for c in el.children:
        if isinstance(c, str) and c.strip():
            return " ".join(c.split())
    return ""


def _field(outer: Element) -> Field:
    inner = next((c for c in _elements(outer) if _classes(c) & INNER), None)
    if inner is None:
        return Field("", outer.text("\n"), outer)
    label = _direct_text(inner)
    holder = next((c for c in _elements(inner) if _classes(c) & VALUE), None)
    if holder is None:
        return Field(label, "", outer)
    container = holder
    kids = _elements(holder)
    if "m" in _classes(holder) and kids and not (_classes(kids[0]) & OUTER):
        container = kids[0]
    elif (not any(_classes(c) & OUTER for c in kids) and len(kids) == 1 and not kids[0].classes
          and any(_classes(c) & OUTER for c in _elements(kids[0]))):
        container = kids[0]  # a plain wrapper around a nested list
    if any(_classes(c) & OUTER for c in _elements(container)):
        records, open_ = _parse_list(container)
        loose = "\n".join(" ".join(c.split()) for c in container.children if isinstance(c, str) and c.strip())
        return Field(label, records, outer, open_, loose)
    return Field(label, container.text("\n"), outer)


def _parse_list(container: Element) -> tuple[list[list[Field]], bool]:
    records: list[list[Field]] = []
    current: list[Field] = []
    open_ = False
    for child in _elements(container):
        cls = _classes(child)
        if cls & BREAK:
            continue
        if cls & OUTER:
            current.append(_field(child))
            open_ = True
        elif cls & SPACER:
            if current:
                records.append(_coalesce(current))
                current = []
            open_ = False
    if current:
        records.append(_coalesce(current))
    return records, open_


def _coalesce(fields: list[Field]) -> list[Field]:
    """Merge every unlabelled block into the labelled one before it (a page break)."""
    out: list[Field] = []
    for f in fields:
        if f.label == "" and out:
            prev = out[-1]
            if isinstance(prev.value, list) and isinstance(f.value, list):
                second = f.value
                if prev.value and second and prev.open:
                    prev.value[-1] = _coalesce(prev.value[-1] + second[0])
                    second = second[1:]
                prev.value.extend(second)
                prev.open = f.open
                continue
            if isinstance(prev.value, str) and isinstance(f.value, str):
                prev.value = prev.value + ("\n" if prev.value and f.value else "") + f.value
                prev.open = False
                continue
            if isinstance(prev.value, str) and not prev.value.strip() and isinstance(f.value, list):
                prev.value, prev.open, prev.loose = f.value, f.open, f.loose
                continue
        out.append(f)
    return out


@dataclass
class Section:
    name: str  #: as in the id (property-<name>) or derived from the first label
    key: str
    el: Element
    fields: list[Field]
    definitions: list[Field] = field(default_factory=list)


def _sections(root: Element) -> list[Section]:
    panes: list[Element] = []
    for el in root.iter():
        if (el.id or "").startswith("property-") or "content-pane" in el.classes:
            anc = el.parent
            nested = False
            while anc is not None:
                if any(anc is p for p in panes):
                    nested = True
                    break
                anc = anc.parent
            if not nested:
                panes.append(el)
    out = []
    for pane in panes:
        fields = _coalesce([_field(c) for c in _elements(pane) if _classes(c) & OUTER])
        defs = [f for f in fields if f.label.lower().endswith("definition")]
        data = [f for f in fields if not f.label.lower().endswith("definition")]
        if (pane.id or "").startswith("property-"):
            name = pane.id[len("property-"):]
        else:
            first = next((f.label for f in data if f.label), "")
            name = "_".join(label_key(first).split()) or "unnamed"
        out.append(Section(name, key(name), pane, data, defs))
    return out


def _is_ip(value: str) -> bool:
    return bool(_IP_VALUE.match(value.strip())) and any(ch.isdigit() for ch in value)


def _flat(rec: list[Field]) -> str:
    lines = []
    for f in rec:
        if isinstance(f.value, str):
            lines.append(f"{f.label}: {f.value}" if f.label else f.value)
        else:
            lines.append(f"{f.label}: ({len(f.value)} records)")
    return "\n".join(lines)


def element_path(el: Element) -> str:
    """The element path in the form of :attr:`extractors.html.Element.path`, with sibling
    positions found by identity (``Element.step`` compares siblings with ``==``, which on
    dataclass elements recurses through parents and children without end when two sibling
    blocks have the same tag and attributes, as every Meta field block does)."""
    steps = []
    node: Element | None = el
    while node is not None and node.tag != "#root":
        s = node.tag
        if node.id:
            s += f"#{node.id}"
        elif node.classes:
            s += "." + node.classes[0]
        if node.parent is not None:
            same = [c for c in node.parent.children if isinstance(c, Element) and c.tag == node.tag]
            if len(same) > 1:
                s += f"[{next(i for i, c in enumerate(same) if c is node) + 1}]"
        steps.append(s)
        node = node.parent
    return ">".join(reversed(steps))


def _at(el: Element, section: str | None) -> Locator:
    return Locator(path=element_path(el), section=section)


def _common_ancestor(els: list[Element]) -> Element | None:
    if not els:
        return None

    def chain(e: Element) -> list[Element]:
        out = []
        n: Element | None = e
        while n is not None and n.tag != "#root":
            out.append(n)
            n = n.parent
        return list(reversed(out))

    chains = [chain(e) for e in els]
    common = None
    for nodes in zip(*chains):
        if all(n is nodes[0] for n in nodes):
            common = nodes[0]
        else:
            break
    return common


def _style(head: str) -> str | None:
    """Which spelling of the field blocks the markup uses (None: neither)."""
    if re.search(r"""class\s*=\s*["'][^"']*\bdiv_table\b""", head) and re.search(r"\bmost_inner\b", head):
        return "div_table"
    if (re.search(r"""class\s*=\s*["']?\s*t\s+o\b""", head) and re.search(r"""class\s*=\s*["']?\s*t\s+i\b""", head)
            and re.search(r"""class\s*=\s*["']?\s*m\s*["'>]""", head)):
        return "t.o"
    return None


#: section names of the business record (fbigAccount notes, meta_records, LAYOUTS.md)
KNOWN_SECTIONS = ("request_parameters", "name", "emails", "registered_email_addresses", "vanity", "registration_date",
                  "registration_ip", "account_end_date", "phone_numbers", "ip_addresses", "devices", "devices_info",
                  "privacy_settings", "name_changes", "vanity_changes", "email_changes", "unified_messages",
                  "account_status_history", "encrypted_connection_info", "linked_accounts", "profile_picture")


class MetaRecordsHtml(Extractor):
    name = "meta_records_html"
    provider = "Meta"
    layout = "Meta (Facebook/Instagram) business-record HTML: records.html / preservation_N.html, property-<name> sections of t.o/t.i/m blocks (div_table spelling before ~2021)"
    version = "1"
    media_types = ("text/html", "application/xhtml+xml", "text/plain", "text/xml")
    default_zone = None
    sources = ("LAYOUTS.md#meta-facebook--instagram-recordshtml",
               "https://github.com/abrignoni/RLEAPP/blob/main/scripts/meta_records.py",
               "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/fbigAccount.py",
               "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/fbigAccountInfo.py",
               "https://github.com/abrignoni/RLEAPP/blob/main/scripts/artifacts/fbigIpaddresses.py")

    # -- identify --------------------------------------------------------------------------

    def identify(self, doc: Document) -> Claim | None:
        try:
            head = doc.head_text()
        except Exception:  # noqa: BLE001
            return None
        if not re.search(r"<\s*(html|div|body)\b", head, re.I):
            return None
        style = _style(head)
        has_panes = bool(re.search(r"""id\s*=\s*["']?property-[A-Za-z0-9_]+""", head))
        fname = doc.filename.lower()
        named = fname == "records.html" or bool(re.fullmatch(r"preservation[-_ ]?\d*\.html?", fname))
        meta_words = bool(re.search(r"\b(Meta Platforms|Facebook|Instagram|Business Record)", head, re.I))
        param_labels = sum(1 for lbl in ("Internal Ticket Number", "Account Identifier", "Target", "Date Range")
                           if re.search(r">\s*" + re.escape(lbl) + r"\s*<", head))
        section_ids = {key(m) for m in re.findall(r"""id\s*=\s*["']?property-([A-Za-z0-9_]+)""", head)}
        known_ids = section_ids & {key(x) for x in KNOWN_SECTIONS}
        if has_panes and style and (known_ids or meta_words or param_labels >= 2):
            variant = "div_table" if style == "div_table" else "t.o"
            change = self._check_labels(parse_html(head))
            return Claim(variant, change)
        # a Meta business record whose structure is not the known one: loud
        if (named and meta_words and (param_labels >= 1 or re.search(r"business record", head, re.I))) or param_labels >= 3:
            missing = []
            if not has_panes:
                missing.append("sections div#property-<name>")
            if not style:
                missing.append("field blocks div.t.o/div.t.i/div.m (or div_table outer/inner/most_inner)")
            if re.search(r"no\s+responsive\s+records", head, re.I) and not has_panes:
                return Claim("no-records-page")
            return Claim("unknown", LayoutChange("Meta records.html", missing=tuple(missing)))
        return None

    def _check_labels(self, root: Element) -> LayoutChange | None:
        """Labels of the sections read here that differ from the known ones (head only)."""
        added: list[str] = []
        missing: list[str] = []
        renamed: list[tuple[str, str]] = []
        known_keys = {key(x) for x in REQUEST_LABELS}
        for sec in _sections(root):
            if sec.key == "requestparameters":
                for f in sec.fields:
                    if f.label and key(f.label) not in known_keys and f.label not in added:
                        added.append(f.label)
            if sec.key == "ipaddresses":
                labels: list[str] = []
                for f in sec.fields:
                    if isinstance(f.value, list):
                        for rec in f.value:
                            for g in rec:
                                if g.label and g.label not in labels:
                                    labels.append(g.label)
                if not labels:
                    continue
                has_ip = any(_ip_label(x) for x in labels)
                has_time = any(_time_label(x) for x in labels)
                others = [x for x in labels if not (_ip_label(x) or _time_label(x) or _action_label(x) or _port_label(x))]
                for want, ok in (("IP Address", has_ip), ("Time", has_time)):
                    if not ok:
                        close = difflib.get_close_matches(want.lower(), [o.lower() for o in others], n=1, cutoff=0.5)
                        if close:
                            orig = next(o for o in others if o.lower() == close[0])
                            renamed.append((want, orig))
                            others.remove(orig)
                        else:
                            missing.append(f"{want} (in Ip Addresses records)")
                for o in others:
                    if o not in added:
                        added.append(o)
        if added or missing or renamed:
            return LayoutChange("Meta records.html", tuple(added), tuple(missing), tuple(renamed))
        return None

    # -- extract ---------------------------------------------------------------------------

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        root = parse_html(doc.text().text)
        sections = _sections(root)
        if not sections:
            body = next(root.iter("body"), root)
            text = body.text("\n")
            m = re.search(r"no\s+responsive\s+records[^\n]*", text, re.I)
            if m:
                yield DocumentFact(at=Locator(path=element_path(body) or "body"), raw=m.group(0), kind="no_records", value="all",
                                   extra={"text": m.group(0)})
                return
            raise ExtractionFailed("document", "sections div#property-<name> of field blocks", "no such sections")

        params: dict[str, str] = {}
        for sec in sections:
            for d in sec.definitions:
                if isinstance(d.value, str) and d.value.strip():
                    yield DocumentFact(at=_at(d.el, sec.name), raw=f"{d.label}: {d.value}", kind="note", value=d.value,
                                       extra={"label": d.label, "section": sec.name})
            if sec.key == "requestparameters":
                for f in sec.fields:
                    if isinstance(f.value, str) and f.label:
                        params.setdefault(key(f.label), f.value.strip())
                        yield DocumentFact(at=_at(f.el, sec.name), raw=f"{f.label}: {f.value}", kind="request_reference",
                                           value=f.value.strip(), extra={"label": f.label})
            for f in sec.fields:
                if isinstance(f.value, str) and NO_RECORDS.match(f.value):
                    yield DocumentFact(at=_at(f.el, sec.name), raw=f"{f.label}: {f.value}" if f.label else f.value,
                                       kind="no_records", value=sec.name, extra={"label": f.label or sec.name})

        full = self._check_labels(root)
        if full is not None and full != claim.changed:
            yield Problem(None, "LAYOUT_DIFFERS", "Meta " + full.describe() + " (found reading the whole file)")
        account = self._account(params)
        yield from self._subscriber(sections, account)
        for sec in sections:
            if sec.key in ("requestparameters", "registrationip", "registrationdate"):
                continue
            yield from self._ip_events(sec, account)

    @staticmethod
    def _account(params: dict[str, str]) -> str | None:
        target = params.get("target", "").strip()
        if re.fullmatch(r"\d+", target):
            return target
        m = _ACCOUNT.match(target) if target else None
        if m:
            return m.group("id")
        ident = params.get("accountidentifier", "").strip()
        if re.fullmatch(r"\d+", ident):
            return ident
        return target or ident or None

    def _subscriber(self, sections: list[Section], account: str | None) -> Iterator[Record]:
        parts: list[tuple[Element, str]] = []  # (element, "label: value") of every field used
        name = None
        emails: list[str] = []
        phones: list[str] = []
        ids: list[str] = []
        created = reg_ip = None
        created_el = reg_el = None
        created_raw = reg_raw = ""
        extra: dict[str, str] = {}

        def real(f: Field) -> bool:
            return isinstance(f.value, str) and bool(f.value.strip()) and not NO_RECORDS.match(f.value)

        for sec in sections:
            k = sec.key
            if k == "requestparameters":
                for f in sec.fields:
                    if key(f.label) == "accountidentifier" and real(f):
                        v = f.value.strip()  # type: ignore[union-attr]
                        m = _ACCOUNT.match(v)
                        if m and m.group("user").strip():
                            v = m.group("user").strip()
                        if v != account and v not in ids:
                            ids.append(v)
                continue
            if k == "name":
                for f in sec.fields:
                    if isinstance(f.value, list):
                        for rec in f.value:
                            vals = [g for g in rec if isinstance(g.value, str) and g.value.strip()
                                    and not NO_RECORDS.match(g.value)]
                            if vals and name is None:
                                name = " ".join(" ".join(g.value.split()) for g in vals)  # type: ignore[union-attr]
                                for g in vals:
                                    extra[f"{f.label or 'Name'} ({g.label})"] = g.value.strip()  # type: ignore[union-attr]
                                    parts.append((g.el, f"{f.label or 'Name'} {g.label}: {g.value}"))
                    elif real(f) and name is None:
                        name = " ".join(f.value.split())  # type: ignore[union-attr]
                        parts.append((f.el, f"{f.label}: {f.value}"))
            elif k in EMAIL_SECTIONS:
                for f in sec.fields:
                    if real(f):
                        found = _EMAIL.findall(f.value)  # type: ignore[arg-type]
                        if found:
                            emails.extend(e for e in found if e not in emails)
                            parts.append((f.el, f"{f.label}: {f.value}"))
            elif k in VANITY_SECTIONS:
                for f in sec.fields:
                    if real(f):
                        v = f.value.strip()  # type: ignore[union-attr]
                        if v not in ids and v != account:
                            ids.insert(0, v)
                        parts.append((f.el, f"{f.label}: {f.value}"))
            elif k == "registrationdate":
                for f in sec.fields:
                    if real(f) and created is None:
                        created, created_el, created_raw = f.value.strip(), f.el, f"{f.label}: {f.value}"  # type: ignore[union-attr]
                        parts.append((f.el, created_raw))
            elif k == "registrationip":
                for f in sec.fields:
                    if real(f) and reg_ip is None:
                        v = f.value.strip()  # type: ignore[union-attr]
                        reg_ip, reg_el, reg_raw = v, f.el, f"{f.label}: {f.value}"
                        parts.append((f.el, reg_raw))
                        if not _is_ip(v):
                            yield Problem(_at(f.el, sec.name), "VALUE_NOT_IP",
                                          f"Registration IP value {v!r} does not look like an IP address; kept as printed")
            elif k in PHONE_SECTIONS:
                for f in sec.fields:
                    if real(f):
                        used = False
                        for line in f.value.split("\n"):  # type: ignore[union-attr]
                            line = line.strip()
                            m = _PHONE.search(line)
                            if m:
                                phones.append(m.group("num").strip())
                                used = True
                            elif line and not NO_RECORDS.match(line):
                                yield Problem(_at(f.el, sec.name), "VALUE_NOT_PHONE",
                                              f"phone line {line!r} is not read as a phone number (kept in extra)")
                        extra[f.label or sec.name] = f.value.strip()  # type: ignore[union-attr]
                        if used or f.value.strip():  # type: ignore[union-attr]
                            parts.append((f.el, f"{f.label}: {f.value}"))
            elif k in EXTRA_SECTIONS:
                for f in sec.fields:
                    if real(f):
                        extra[f.label or sec.name] = f.value.strip()  # type: ignore[union-attr]
                        parts.append((f.el, f"{f.label}: {f.value}"))

        if not parts:  # nothing but the request parameters: no subscriber section was returned
            return
        anc = _common_ancestor([el for el, _ in parts])
        at = Locator(path=element_path(anc) if anc is not None and anc.tag != "#root" else "html>body")
        raw = "\n".join(t for _, t in parts)
        primary = account or (ids[0] if ids else None)
        yield Subscriber(at=at, raw=raw, account=primary, account_ids=tuple(i for i in ids if i != primary),
                         name=name, emails=tuple(emails), phones=tuple(phones), created=created,
                         registration_ip=reg_ip, extra=extra)
        if reg_ip and created and reg_el is not None and _is_ip(reg_ip):
            yield IpEvent(at=_at(reg_el, "registration_ip"), raw=f"{reg_raw}\n{created_raw}", ip=reg_ip, time=created,
                          account=account, activity="registration")

    def _ip_events(self, sec: Section, account: str | None) -> Iterator[Record]:
        implied = next((act for word, act in SECTION_ACTIVITY if word in sec.key), None)

        def records_of(fields: list[Field]) -> Iterator[list[Field]]:
            for f in fields:
                if isinstance(f.value, list):
                    for rec in f.value:
                        yield rec
                        nested = [g for g in rec if isinstance(g.value, list)]
                        if nested:
                            yield from records_of(nested)

        # records of nested lists, and the section's own leaf fields as one record
        recs = list(records_of(sec.fields))
        top = [f for f in sec.fields if isinstance(f.value, str)]
        if top:
            recs.append(top)
        for rec in recs:
            yield from self._record_events(rec, sec, account, implied)

    def _record_events(self, rec: list[Field], sec: Section, account: str | None, implied: str | None) -> Iterator[Record]:
        leaves = [f for f in rec if isinstance(f.value, str)]
        ip_fields = [f for f in leaves if _ip_label(f.label) and not NO_RECORDS.match(f.value)]  # type: ignore[arg-type]
        if not ip_fields:
            return
        times = [f for f in leaves if _time_label(f.label) and f.value.strip() and not NO_RECORDS.match(f.value)]  # type: ignore[union-attr]
        actions = [f for f in leaves if _action_label(f.label) and f.value.strip()]  # type: ignore[union-attr]
        ports = [f for f in leaves if _port_label(f.label) and f.value.strip()]  # type: ignore[union-attr]
        ip_lines: list[tuple[Field, str]] = []
        for f in ip_fields:
            lines = [ln.strip() for ln in f.value.split("\n") if ln.strip()]  # type: ignore[union-attr]
            if len(lines) > 1 and not all(_is_ip(ln) for ln in lines) and _is_ip("".join(lines)):
                lines = ["".join(lines)]  # one address split by a page break
            for line in lines:
                if _is_ip(line):
                    ip_lines.append((f, line))
                else:
                    yield Problem(_at(f.el, sec.name), "VALUE_NOT_IP",
                                  f"{f.label!r} value {line!r} does not look like an IP address; not read as an IP event")
        if not ip_lines:
            return
        used = {id(f) for f in ip_fields} | {id(f) for f in times} | {id(f) for f in actions} | {id(f) for f in ports}
        extra = {f.label: f.value.strip() for f in leaves if id(f) not in used and f.label and f.value.strip()}  # type: ignore[union-attr]
        raw = _flat(rec)
        one = len(ip_lines) == 1
        time = times[0].value.strip() if one and len(times) == 1 else None  # type: ignore[union-attr]
        flags: tuple[str, ...] = ()
        if one and len(times) > 1:
            for t in times:
                extra[t.label] = t.value.strip()  # type: ignore[union-attr]
            flags = ("time_not_paired",)
        elif not one and times:
            for t in times:
                extra[t.label] = t.value.strip()  # type: ignore[union-attr]
            flags = ("time_not_paired",)
        if time is None and not flags:
            flags = ("no_time",)
        activity = actions[0].value.strip() if len(actions) == 1 else implied  # type: ignore[union-attr]
        if len(actions) > 1:
            for a in actions:
                extra[a.label] = a.value.strip()  # type: ignore[union-attr]
        port = ports[0].value.strip() if one and len(ports) == 1 else None  # type: ignore[union-attr]
        for f, line in ip_lines:
            yield IpEvent(at=_at(f.el, sec.name), raw=raw, ip=line, time=time, account=account, port=port,
                          activity=activity, extra=dict(extra), flags=flags)


def _ip_label(label: str) -> bool:
    """'IP Address', 'Ip', 'IP Addresses', 'Login IP', 'Last Connected IP' ... (not 'IP Country')."""
    lk = label_key(label)
    if set(lk.split()) & {"country", "location", "city", "region", "type", "version", "count", "isp", "asn", "owner"}:
        return False
    return lk in IP_LABELS or lk.endswith(" ip") or lk.endswith(" ip address") or lk.startswith("ip address ")


def _time_label(label: str) -> bool:
    lk = label_key(label)
    return lk in TIME_KEYS or (lk.endswith(" time") and "ip" not in lk.split()) or lk.startswith("time ")


def _action_label(label: str) -> bool:
    return label_key(label) in ACTION_KEYS


def _port_label(label: str) -> bool:
    return label_key(label) in PORT_KEYS


EXTRACTORS = (MetaRecordsHtml(),)
