"""Running extractors over stored files: choose, extract, normalise, stamp, keep.

For each stored file (a :class:`~extractors.base.Document`):

1. **Choose.** Provider extractors are asked first; exactly one may claim the file (two is
   an ``EXTRACTOR_CONFLICT`` naming both, and nothing is extracted). A provider's file whose
   layout changed is reported (``LAYOUT_CHANGED``, with the columns added, missing or renamed)
   and read by the generic extractors, every record flagged ``layout_changed``. Generic
   extractors are tried only when no provider extractor claims the file. A file nothing
   claims is *unidentified*.
2. **Extract.** The extractor yields records with values as printed and a locator each.
   An extractor that fails is contained: the failure is a warning naming the file, the place
   and what was expected versus found; the records read before it are kept, flagged
   ``partial_file``.
3. **Normalise.** Time parameters are decided per file, never per value: the zone the
   document declares (notes, headers), the day/month order and the epoch unit over all of
   the file's values. Then times go to UTC with their raw text and ``tz_source`` (value >
   document > analyst ``--assume-tz`` > provider default), IPs to canonical text, phones to
   E.164, e-mails to lower case for matching (originals kept).
4. **Stamp.** Every row gets the source SHA-256, package, locator, raw text, extractor name
   and version and run id, and a deterministic ``record_id`` (the same file read by the same
   extractor version gives the same ids: re-extraction adds a run, never duplicate rows).

The rows of a run are written to one JSON-lines *artifact*, stored by its SHA-256 in
``derived/`` and named in the custody log, so the database (and ``rebuild``) loads exactly
what was extracted.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

import duckdb

from extractors import pdftext
from extractors.base import Claim, Document, ExtractionFailed, Extractor, ReadOptions
from extractors.ocr import OcrPage
from schemas.records import CallEvent, DocumentFact, IpEvent, Locator, Problem, Record, Subscriber, TimeHint

from .normalize import (
    TimeContext,
    decide_day_first,
    decide_epoch_unit,
    normalize_email,
    parse_excel_serial,
    parse_ip,
    parse_phone,
    parse_timestamp,
    zone_from_text,
)

TABLES = ("subscribers", "ip_events", "calls", "document_facts", "warnings", "ocr_pages")


@dataclass
class FileResult:
    """What extraction did with one file (kept in custody and in ``run_files``)."""

    sha256: str
    member_id: str
    path: str
    status: str  #: extracted | no_records | facts_only | unidentified | unknown_layout | failed | conflict
    extractor: str | None = None
    extractor_version: str | None = None
    variant: str | None = None
    records: int = 0
    reason: str | None = None
    layout_change: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class RunOutput:
    run_id: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in TABLES})
    files: list[FileResult] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)  #: bulk Parquet parts: table, path, rows

    def artifact(self) -> bytes:
        """Deterministic JSON lines: one ``{"table": ..., ...columns}`` object per row."""
        out = bytearray()
        for table in TABLES:
            for row in sorted(self.rows[table], key=lambda r: r.get("record_id") or r.get("warning_id") or r.get("page_id") or ""):
                out += json.dumps({"table": table, **row}, sort_keys=True, ensure_ascii=False, default=_json_default).encode("utf-8") + b"\n"
        return bytes(out)

    def counts(self) -> dict[str, int]:
        out = {t: len(v) for t, v in self.rows.items()}
        for part in self.parts:
            out[part["table"]] += part["rows"]
        return out


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def iso_utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _h(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:24]


# -- choosing -------------------------------------------------------------------------------


def _safe_identify(extractor: Extractor, doc: Document, errors: list[tuple[str, str]] | None = None) -> Claim | None:
    """An extractor's claim; a crash in ``identify`` counts as "not mine" but is reported (IDENTIFY_ERROR)."""
    try:
        if not extractor.accepts(doc):
            return None
        return extractor.identify(doc)
    except Exception as exc:  # noqa: BLE001 - identify must never stop an ingest
        if errors is not None:
            errors.append(("IDENTIFY_ERROR", f"{extractor.name} failed while examining this file "
                                             f"({type(exc).__name__}: {exc}); treated as not its file"))
        return None


@dataclass
class Choice:
    extractor: Extractor | None
    claim: Claim | None
    flags: tuple[str, ...] = ()
    problems: list[tuple[str, str]] = field(default_factory=list)  #: (code, message)
    status: str = "extracted"
    layout_change: str | None = None


def choose(doc: Document, extractors: Iterable[Extractor]) -> Choice:
    extractors = list(extractors)
    providers = [e for e in extractors if not e.generic]
    generics = [e for e in extractors if e.generic]
    errors: list[tuple[str, str]] = []
    claims = [(e, c) for e in providers if (c := _safe_identify(e, doc, errors)) is not None]
    readable = [(e, c) for e, c in claims if not (c.changed and (c.changed.missing or c.changed.renamed))]
    changed = [(e, c) for e, c in claims if (e, c) not in readable]
    if len(readable) > 1:
        names = " and ".join(sorted(e.name for e, _ in readable))
        return Choice(None, None, status="conflict", problems=errors + [(
            "EXTRACTOR_CONFLICT", f"{names} both claim this file; nothing was extracted (the file is kept)")])
    if len(readable) == 1:
        e, c = readable[0]
        if c.changed:
            msg = f"{e.provider} layout {c.changed.describe()}; read by {e.name}"
            return Choice(e, c, ("layout_changed",), errors + [("LAYOUT_CHANGED", msg)], layout_change=c.changed.describe())
        return Choice(e, c, problems=errors)
    problems: list[tuple[str, str]] = list(errors)
    flags: tuple[str, ...] = ()
    layout_change = None
    if changed:
        e, c = changed[0]
        assert c.changed is not None
        layout_change = c.changed.describe()
        problems.append(("LAYOUT_CHANGED", f"looks like a {e.provider} file ({e.name}) but its layout {layout_change}; read by the generic extractor instead"))
        flags = ("layout_changed",)
    for g in generics:
        c = _safe_identify(g, doc, problems)
        if c is not None:
            return Choice(g, c, flags, problems, layout_change=layout_change)
    return Choice(None, None, flags, problems, status="unknown_layout" if changed else "unidentified", layout_change=layout_change)


# -- normalising and stamping ------------------------------------------------------------------


class FileNormaliser:
    """Decides the time parameters of one file and turns its records into rows."""

    def __init__(self, doc: Document, extractor: Extractor, records: list[Record], analyst_zone: str | None, base: dict[str, Any],
                 time_values: list[str] | None = None, ocr_pages: dict[int, OcrPage] | None = None):
        """``time_values``: the file's printed times when they are not in ``records`` (bulk reading);
        ``ocr_pages``: the file's OCRed pages (records located on them are stamped OCR-derived)."""
        self.doc = doc
        self.ocr_pages = ocr_pages or {}
        self.extractor = extractor
        self.records = records
        self.base = base
        self.problems: list[tuple[Locator | None, str, str]] = []
        doc_zone = self._declared_zone()
        times = [t for t in (time_values if time_values is not None else self._time_values()) if t]
        day_first = decide_day_first(times)
        self.date_order_from_layout = day_first is None and extractor.day_first is not None
        # dd.mm.yyyy: numeric dates written with dots are day-first wherever that style is used
        # (Germany, Norway, Switzerland, Russia ...): when the values cannot decide, the separator does (flagged)
        self.date_order_from_separator = (day_first is None and not self.date_order_from_layout and _all_dotted(times))
        if self.date_order_from_separator:
            day_first = True
        self.ctx = TimeContext(
            document_zone=doc_zone,
            analyst_zone=analyst_zone,
            provider_zone=extractor.default_zone,
            day_first=extractor.day_first if self.date_order_from_layout else day_first,
            epoch_unit=decide_epoch_unit([t for t in times if t.strip().isdigit()]),
        )
        accounts = {r.account for r in records if isinstance(r, Subscriber) and r.account}
        self.document_account = next(iter(accounts)) if len(accounts) == 1 else None
        self._ordinals: Counter[tuple[str, str]] = Counter()
        self._time_cache: dict[tuple[str | None, TimeHint | None], Any] = {}
        self._ip_cache: dict[tuple[str, str | None], Any] = {}

    def _declared_zone(self) -> str | None:
        zones: dict[str, Locator] = {}
        for r in self.records:
            if isinstance(r, DocumentFact) and r.kind in ("declared_zone", "note"):
                z = r.value if r.kind == "declared_zone" else zone_from_text(r.value)
                if z:
                    zones.setdefault(z, r.at)
        if len(zones) > 1:
            self.problems.append((None, "ZONE_CONFLICT", "the document declares more than one time zone ("
                                  + ", ".join(sorted(zones)) + "); none was applied"))
            return None
        return next(iter(zones), None)

    def _time_values(self) -> list[str | None]:
        out: list[str | None] = []
        for r in self.records:
            if isinstance(r, IpEvent):
                if not (r.hint and r.hint.excel_serial is not None):
                    out.append(r.time)
            elif isinstance(r, CallEvent):
                if not (r.hint and r.hint.excel_serial is not None):
                    out.append(r.start)
            elif isinstance(r, Subscriber) and r.created and not (r.created_hint and r.created_hint.excel_serial is not None):
                out.append(r.created)
        return out

    def time(self, raw: str | None, hint: TimeHint | None) -> Any:
        """Normalise one printed time under this file's decisions (cached per distinct value)."""
        key = (raw, hint)
        if key not in self._time_cache:
            self._time_cache[key] = self._time(raw, hint)
        return self._time_cache[key]

    def ip(self, raw: str, port: str | None) -> Any:
        key = (raw, port)
        if key not in self._ip_cache:
            self._ip_cache[key] = parse_ip(raw, port)
        return self._ip_cache[key]

    def phone(self, raw: str) -> Any:
        """A printed phone number under the layout's documented country (if any)."""
        return parse_phone(raw, self.extractor.default_region)

    def _time(self, raw: str | None, hint: TimeHint | None) -> Any:
        if raw is None and not (hint and hint.excel_serial is not None):
            return None
        ctx = self.ctx
        if hint and (hint.zone or hint.epoch_unit):
            hinted_zone = zone_from_text(hint.zone) if hint.zone else None
            ctx = TimeContext(
                document_zone=hinted_zone or ctx.document_zone,
                analyst_zone=ctx.analyst_zone,
                provider_zone=ctx.provider_zone,
                day_first=ctx.day_first,
                epoch_unit=hint.epoch_unit or ctx.epoch_unit,
            )
        if hint and hint.excel_serial is not None:
            return parse_excel_serial(hint.excel_serial, ctx, date1904=hint.date1904, raw=raw)
        return parse_timestamp(raw or "", ctx)

    def stamp(self, kind: str, at: Locator) -> dict[str, Any]:
        loc = at.as_text()
        self._ordinals[(kind, loc)] += 1
        n = self._ordinals[(kind, loc)]
        b = self.base
        return {
            "record_id": _h(kind, b["extractor"], b["extractor_version"], b["source_sha256"], loc, n),
            "run_id": b["run_id"],
            "package_id": b["package_id"],
            "provider": self.extractor.provider,
            "source_sha256": b["source_sha256"],
            "locator": loc,
            "locator_json": json.dumps(at.as_dict(), sort_keys=True),
            "extractor": b["extractor"],
            "extractor_version": b["extractor_version"],
        }

    def rows(self, extra_flags: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in self.records:
            flags = set(extra_flags) | set(getattr(r, "flags", ()) or ())
            before = {t: len(v) for t, v in out.items()}
            self._rows_of(r, flags, out)
            page = r.at.page if r.at is not None else None
            if page in self.ocr_pages:
                conf = ocr_confidence(self.ocr_pages[page], r.at.bbox)
                for table, rows in out.items():
                    for row in rows[before.get(table, 0):]:
                        row["flags"] = sorted(set(row["flags"]) | {"ocr_derived"})
                        row["ocr_confidence"] = conf
        return out

    def _rows_of(self, r: Record, flags: set[str], out: dict[str, list[dict[str, Any]]]) -> None:
        if isinstance(r, IpEvent):
            out["ip_events"].append(self._ip_row(r, flags))
        elif isinstance(r, Subscriber):
            out["subscribers"].append(self._subscriber_row(r, flags))
        elif isinstance(r, CallEvent):
            out["calls"].append(self._call_row(r, flags))
        elif isinstance(r, DocumentFact):
            t = self.time(r.time, r.hint) if (r.time or (r.hint and r.hint.excel_serial is not None)) else None
            fflags: set[str] = set(r.flags)
            tc = self._time_cols("time", t, fflags)
            row = self.stamp("fact", r.at) | {"kind": r.kind, "value": r.value, "raw_text": r.raw,
                                               "time_utc": tc["time_utc"], "time_raw": tc["time_raw"],
                                               "time_tz_source": tc["time_tz_source"], "flags": sorted(fflags),
                                               "extra": json.dumps(r.extra, sort_keys=True, ensure_ascii=False)}
            out["document_facts"].append(row)
        elif isinstance(r, Problem):
            self.problems.append((r.at, r.code, r.message))

    def _time_cols(self, prefix: str, t: Any, flags: set[str]) -> dict[str, Any]:
        if t is not None and self.date_order_from_layout and re.match(r"\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", t.raw or ""):
            flags.add("date_order_from_layout")
        if t is not None and self.date_order_from_separator and _DOTTED.match(t.raw or ""):
            flags.add("date_order_from_separator")
        if t is None:
            return {f"{prefix}_utc": None, f"{prefix}_raw": None, f"{prefix}_tz_source": None,
                    f"{prefix}_earliest_utc": None, f"{prefix}_latest_utc": None, f"{prefix}_note": None}
        flags.update(t.flags)
        return {
            f"{prefix}_utc": iso_utc(t.utc),
            f"{prefix}_raw": t.raw,
            f"{prefix}_tz_source": t.tz_source,
            f"{prefix}_earliest_utc": iso_utc(t.earliest_utc),
            f"{prefix}_latest_utc": iso_utc(t.latest_utc),
            f"{prefix}_note": t.note,
        }

    def _ip_row(self, r: IpEvent, flags: set[str]) -> dict[str, Any]:
        ipr = self.ip(r.ip, r.port)
        flags.update(ipr.flags)
        t = self.time(r.time, r.hint)
        tc = self._time_cols("ts", t, flags)
        account = r.account
        if account is None and self.document_account:
            account = self.document_account
            flags.add("account_from_document")
        row = self.stamp("ip", r.at)
        ts_key = tc["ts_utc"] or ("raw:" + (r.time or ""))
        row.update({
            "event_key": _h(self.extractor.provider, account, ipr.ip or ipr.raw, ipr.port, ts_key),
            "account": account,
            "ip": ipr.ip,
            "ip_raw": r.ip,
            "ip_version": ipr.version,
            "ip_class": ipr.ip_class,
            "port": ipr.port,
            "ts_utc": tc["ts_utc"],
            "ts_raw": tc["ts_raw"],
            "tz_source": tc["ts_tz_source"],
            "ts_earliest_utc": tc["ts_earliest_utc"],
            "ts_latest_utc": tc["ts_latest_utc"],
            "ts_candidates": [iso_utc(c) for c in (getattr(t, "candidates", ()) or ())] if t else [],
            "activity": r.activity,
            "raw_text": r.raw,
            "notes": "; ".join(n for n in (ipr.note, tc["ts_note"]) if n) or None,
            "extra": json.dumps(r.extra, sort_keys=True, ensure_ascii=False),
            "flags": sorted(flags),
        })
        return row

    def _subscriber_row(self, r: Subscriber, flags: set[str]) -> dict[str, Any]:
        t = self.time(r.created, r.created_hint)
        tc = self._time_cols("created", t, flags)
        phones = []
        notes = []
        for p in r.phones:
            pr = self.phone(p)
            if pr.e164 is None and self.extractor.phones_are_international:
                digits = "".join(ch for ch in p if ch.isdigit())
                if 8 <= len(digits) <= 15 and p.strip().lstrip("+").replace(" ", "").replace("-", "").isdigit():
                    plus = parse_phone("+" + digits)
                    if plus.e164:
                        pr = plus
                        flags.add("phone_country_from_layout")
            phones.append(pr.e164 or p)
            if pr.e164 is None:
                flags.add("phone_not_normalised")
                if pr.note:
                    notes.append(pr.note)
        emails = [normalize_email(e) or e for e in r.emails]
        reg_ip = parse_ip(r.registration_ip).ip if r.registration_ip else None
        row = self.stamp("subscriber", r.at)
        row.update({
            "account": r.account,
            "account_ids": list(r.account_ids),
            "name": r.name,
            "emails": emails,
            "emails_raw": list(r.emails),
            "phones": phones,
            "phones_raw": list(r.phones),
            "address": r.address,
            "created_utc": tc["created_utc"],
            "created_raw": tc["created_raw"],
            "created_tz_source": tc["created_tz_source"],
            "registration_ip": reg_ip or r.registration_ip,
            "raw_text": r.raw,
            "notes": "; ".join(n for n in [*notes, tc["created_note"]] if n) or None,
            "extra": json.dumps(r.extra, sort_keys=True, ensure_ascii=False),
            "flags": sorted(flags),
        })
        return row

    def _call_row(self, r: CallEvent, flags: set[str]) -> dict[str, Any]:
        t = self.time(r.start, r.hint)
        tc = self._time_cols("start", t, flags)
        caller = self.phone(r.caller).e164 if r.caller else None
        callee = self.phone(r.callee).e164 if r.callee else None
        row = self.stamp("call", r.at)
        row.update({
            "account": r.account,
            "caller": caller or r.caller,
            "caller_raw": r.caller,
            "callee": callee or r.callee,
            "callee_raw": r.callee,
            "start_utc": tc["start_utc"],
            "start_raw": tc["start_raw"],
            "tz_source": tc["start_tz_source"],
            "start_earliest_utc": tc["start_earliest_utc"],
            "start_latest_utc": tc["start_latest_utc"],
            "duration_raw": r.duration,
            "duration_s": _duration_seconds(r.duration),
            "direction": r.direction,
            "kind": r.kind,
            "cell": r.cell,
            "raw_text": r.raw,
            "notes": tc["start_note"],
            "extra": json.dumps(r.extra, sort_keys=True, ensure_ascii=False),
            "flags": sorted(flags),
        })
        return row


_DOTTED = re.compile(r"\s*\d{1,2}\.\d{1,2}\.\d{2,4}(?!\d)")
_NUMERIC_DATE = re.compile(r"\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?!\d)")


def _all_dotted(times: list[str]) -> bool:
    """Every numeric d/m date of the file is written dd.mm.yyyy (and there is at least one)."""
    numeric = [t for t in times if _NUMERIC_DATE.match(t)]
    return bool(numeric) and all(_DOTTED.match(t) for t in numeric)


def ocr_confidence(page: OcrPage, bbox: tuple[float, float, float, float] | None) -> float | None:
    """The OCR confidence of a value: the weakest word under its box (page mean when it has no box).

    Marks and specks (words with no letter or digit) are not counted."""
    if bbox is None:
        return page.mean_conf
    x0, top, x1, bottom = bbox
    confs = [w.conf for ln in page.lines for w in ln.words
             if any(ch.isalnum() for ch in w.text)
             and min(x1, w.bbox[2]) - max(x0, w.bbox[0]) > 0 and min(bottom, w.bbox[3]) - max(top, w.bbox[1]) > 0]
    return min(confs) if confs else page.mean_conf


def _duration_seconds(text: str | None) -> int | None:
    if not text:
        return None
    t = text.strip()
    if t.isdigit():
        return int(t)
    parts = t.split(":")
    if all(p.isdigit() for p in parts) and 2 <= len(parts) <= 3:
        total = 0
        for p in parts:
            total = total * 60 + int(p)
        return total
    return None


class Extraction:
    """One extraction run over any number of files."""

    def __init__(self, run_id: str, extractors: Iterable[Extractor], analyst_zone: str | None = None,
                 work_dir: Path | None = None, bulk_min_bytes: int | None = None, read_options: ReadOptions | None = None) -> None:
        """``work_dir``: where bulk parts are written until the run is kept (bulk reading needs one);
        ``bulk_min_bytes``: files at least this large are read in bulk (default :data:`pipeline.bulk.BULK_MIN_BYTES`);
        ``read_options``: how documents are read (OCR language, page budgets); the defaults otherwise."""
        self.out = RunOutput(run_id)
        self.read_options = read_options
        self.extractors = list(extractors)
        self.analyst_zone = analyst_zone
        self.work_dir = work_dir
        self.bulk_min_bytes = bulk_min_bytes

    def process(self, doc: Document, member_id: str, package_id: str) -> FileResult:
        if self.read_options is not None:
            doc.options = self.read_options
        try:
            return self._process(doc, member_id, package_id)
        finally:
            self._keep_reading(doc, member_id, package_id)

    def _keep_reading(self, doc: Document, member_id: str, package_id: str) -> None:
        """What the readers noted (budgets, OCR failures) becomes warnings; OCRed pages are kept for the analyst."""
        base_warn = {"package_id": package_id, "sha256": doc.sha256, "member_id": member_id}
        for code, message, at in doc.notes:
            self._warn(base_warn, at, code, message, None)
        for n, page in pdftext.ocr_pages_of(doc).items():
            self.out.rows["ocr_pages"].append({
                "page_id": _h("ocr", self.out.run_id, doc.sha256, n), "run_id": self.out.run_id,
                "package_id": package_id, "source_sha256": doc.sha256, **page.as_row()})

    def _process(self, doc: Document, member_id: str, package_id: str) -> FileResult:
        choice = choose(doc, self.extractors)
        result = FileResult(doc.sha256, member_id, doc.name, choice.status, layout_change=choice.layout_change)
        base_warn = {"package_id": package_id, "sha256": doc.sha256, "member_id": member_id}
        for code, message in choice.problems:
            self._warn(base_warn, None, code, message, choice.extractor)
        if choice.extractor is None or choice.claim is None:
            if choice.status == "unidentified" and doc.media_type in ("application/pdf", "image/png", "image/jpeg", "image/tiff"):
                scanned = self._scanned_reason(doc, base_warn)
                if scanned:
                    result.reason = scanned
                    self.out.files.append(result)
                    return result
            for problem in doc.read_problems:
                self._warn(base_warn, None, "FILE_UNREADABLE", f"{doc.name} {problem}", None)
            if choice.status == "unidentified" and doc.read_problems:
                result.reason = f"no extractor could read it: it {doc.read_problems[0]}"
            elif choice.status == "unidentified":
                result.reason = "no extractor recognises this layout"
            elif choice.status == "unknown_layout":
                result.reason = "a known provider's file with a changed layout, and no generic extractor could read it"
            else:
                result.reason = choice.problems[0][1] if choice.problems else None
            self.out.files.append(result)
            return result
        ex = choice.extractor
        result.extractor, result.extractor_version, result.variant = ex.name, ex.version, choice.claim.variant
        flags = set(choice.flags)
        if self._try_bulk(doc, ex, choice.claim, flags, base_warn, result, package_id):
            self.out.files.append(result)
            return result
        records: list[Record] = []
        try:
            for rec in ex.extract(doc, choice.claim):
                records.append(rec)
        except ExtractionFailed as exc:
            flags.add("partial_file")
            result.status = "failed"
            result.reason = str(exc)
            self._warn(base_warn, None, "EXTRACTION_FAILED", f"{doc.name}: {exc}", ex)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the package
            flags.add("partial_file")
            result.status = "failed"
            result.reason = f"{type(exc).__name__}: {exc}"
            self._warn(base_warn, None, "EXTRACTOR_ERROR", f"{ex.name} stopped on {doc.name}: {type(exc).__name__}: {exc}", ex)
        base = {"run_id": self.out.run_id, "package_id": package_id, "source_sha256": doc.sha256,
                "extractor": ex.name, "extractor_version": ex.version}
        if doc.partial:
            flags.add("partial_file")
            if result.status == "extracted":
                result.reason = "read in part: " + "; ".join(sorted({c for c, _, _ in doc.notes})) + " (see the warnings)"
        ocr_pages = {n: p for n, p in pdftext.ocr_pages_of(doc).items() if not p.error}
        norm = FileNormaliser(doc, ex, records, self.analyst_zone, base, ocr_pages=ocr_pages)
        rows = norm.rows(tuple(sorted(flags)))
        for at, code, message in norm.problems:
            self._warn(base_warn, at, code, message, ex)
        n = 0
        for table, table_rows in rows.items():
            self.out.rows[table].extend(table_rows)
            if table != "document_facts":
                n += len(table_rows)
        result.records = n
        if result.status == "extracted" and n == 0:
            facts = rows.get("document_facts") or []
            if any(f["kind"] == "no_records" for f in facts):
                result.status, result.reason = "no_records", "the provider states there are no records"
            elif facts:
                result.status, result.reason = "facts_only", "read: it holds statements about the package (certificate, hash list, letter, notes), no records"
            else:
                result.status, result.reason = "no_records", "read, but it holds no subscriber, IP or call records"
        self.out.files.append(result)
        return result

    def _scanned_reason(self, doc: Document, base_warn: dict[str, Any]) -> str | None:
        """Explain an unclaimed scan: OCRed but not recognised, or not OCRed at all (PDF_NO_TEXT)."""
        ocred = pdftext.ocr_pages_of(doc)
        read = {n: p for n, p in ocred.items() if not p.error and p.lines}
        if read:
            confs = [p.mean_conf for p in read.values() if p.mean_conf is not None]
            mean = f", mean word confidence {sum(confs) / len(confs):.0f}" if confs else ""
            self._warn(base_warn, None, "OCR_TEXT_UNRECOGNISED", f"{doc.name} has no text layer; {len(read)} page(s) were "
                       f"OCRed{mean}, but no extractor recognised the text. The OCR text is stored with the pages "
                       "('returns ocr-text'); the file is kept as evidence", None)
            return "a scan: OCRed, but no extractor recognised its text"
        if doc.media_type != "application/pdf":
            return None
        checked = pdftext.pages(doc, 200, ocr=False)  # text layers only: read already while identifying
        if checked and not any(p.source == "text" for p in checked):
            why = ("OCR is switched off for this run" if not doc.options.ocr else
                   "OCR read nothing" if ocred else "its text can only be read by OCR")
            self._warn(base_warn, None, "PDF_NO_TEXT", f"{doc.name} has no text layer on any of its {len(checked)} "
                       f"pages checked (a scan or images): {why}; kept as evidence", None)
            return "a PDF without a text layer (a scan): nothing read"
        return None

    def _try_bulk(self, doc: Document, ex: Extractor, claim: Claim, flags: set[str], base_warn: dict[str, Any],
                  result: FileResult, package_id: str) -> bool:
        """Read a large single-table file in bulk when its extractor can describe it."""
        from . import bulk

        if self.work_dir is None or doc.size < (self.bulk_min_bytes if self.bulk_min_bytes is not None else bulk.BULK_MIN_BYTES):
            return False
        if bulk.sniff_encoding(doc.head())[0] not in ("utf-8", "utf-8-sig"):
            return False
        try:
            plan = ex.bulk_plan(doc, claim)
        except Exception:  # noqa: BLE001 - no plan: the per-row path reads it
            plan = None
        if plan is None or plan.record not in ("ip_event", "call"):
            return False
        base = {"run_id": self.out.run_id, "package_id": package_id, "source_sha256": doc.sha256,
                "extractor": ex.name, "extractor_version": ex.version}
        try:
            out = bulk.read_bulk(doc, ex, plan, self.analyst_zone, base, tuple(sorted(flags)), self.work_dir)
        except (bulk.BulkMismatch, duckdb.Error):
            return False  # the per-row path reads it
        self.out.parts.append({"table": out.table, "path": out.path, "rows": out.rows})
        for table, rows in out.facts.items():
            self.out.rows[table].extend(rows)
        for at, code, message in out.problems:
            self._warn(base_warn, at, code, message, ex)
        result.records = out.rows
        result.variant = (result.variant or "") + " (read in bulk)"
        if out.rows == 0:
            result.status = "no_records"
            result.reason = "read, but it holds no subscriber, IP or call records"
        return True

    def _warn(self, base: dict[str, Any], at: Locator | None, code: str, message: str, ex: Extractor | None) -> None:
        loc = at.as_text() if at else None
        self.out.rows["warnings"].append({
            "warning_id": _h("w", base["sha256"], ex.name if ex else "", ex.version if ex else "", code, loc, message),
            "package_id": base["package_id"],
            "sha256": base["sha256"],
            "member_id": base["member_id"],
            "locator": loc,
            "code": code,
            "message": message,
            "run_id": self.out.run_id,
        })
