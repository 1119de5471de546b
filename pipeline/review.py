"""The analyst's review queue: every value a machine might have misread, until a human decides.

Items come from the records of each file's latest run, at two grains:

* **value items**: one per field of a record the machine may have misread: values read by OCR
  (``ocr_derived``, ``ocr_repaired``), found in free text (``from_free_text``), and times that
  are ambiguous (``dst_ambiguous``, ``dst_nonexistent``, ``ambiguous_date_order``,
  ``ambiguous_zone``, ``conflicting_zone``).
* **file items**: one per file and decision the machine made for all its records: a zone that
  was assumed (``assumed_zone``) or unknown (``no_zone``), a date order taken from the layout,
  a layout that changed. One decision covers the file (a 200,000-row log with an assumed zone is
  one question, not 200,000).

Item ids are stable (a hash of the record or file, the field and the reason), so a decision
stays attached across runs of the same extractor version. ``confirm`` appends a decision to the
custody log (who, when, what the machine read, what the analyst decided, why); the database
holds it in ``review_decisions`` beside the record, never in place of the machine's value.
A later decision on the same item supersedes the earlier one for display; both stay.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timezone
from typing import Any

from . import db
from .case import Case
from .errors import ReturnsError
from .normalize import parse_ip, parse_timestamp, zone_from_text
from .normalize.timestamps import TimeContext
from .projection import apply_review_decision
from .queries import Rows

#: value-level reasons: flag -> what to tell the analyst
VALUE_REASONS: dict[str, str] = {
    "ocr_derived": "read by OCR",
    "ocr_repaired": "OCR damage repaired by the machine",
    "from_free_text": "found in free text, not in a labelled field or table",
    "dst_ambiguous": "the local time happened twice (clocks went back)",
    "dst_nonexistent": "the local time never happened (clocks went forward)",
    "ambiguous_date_order": "day and month order undecided",
    "ambiguous_zone": "the zone abbreviation has several meanings",
    "conflicting_zone": "the printed zone contradicts itself or the date",
}
#: file-level reasons: flag -> what to tell the analyst
FILE_REASONS: dict[str, str] = {
    "assumed_zone": "time zone assumed (analyst --assume-tz or the provider's documented default)",
    "no_zone": "no time zone known: only a span of possible instants",
    "date_order_from_layout": "day/month order taken from the layout, not from the values",
    "date_order_from_separator": "day/month order taken from the dotted date style (dd.mm.yyyy), not from the values",
    "layout_changed": "the provider's layout changed: read by a generic extractor",
    "partial_file": "the file was read only in part",
}
#: warnings that are a value nobody could read: the analyst can read it off the page and record it
WARNING_REASONS: dict[str, str] = {
    "OCR_VALUE_UNREADABLE": "OCR could not read this value: read it off the page image",
    "OCR_FAILED": "the page could not be OCRed",
    "ROW_NOT_READ": "a row that did not fit the table was not read",
}
TIME_REASONS = {"dst_ambiguous", "dst_nonexistent", "ambiguous_date_order", "ambiguous_zone", "conflicting_zone"}

#: the fields shown for each table: (field, column holding the machine's value, column holding raw text)
FIELDS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "ip_events": (("ip", "ip", "ip_raw"), ("port", "port", None), ("time", "ts_utc", "ts_raw"), ("account", "account", None)),
    "subscribers": (("account", "account", None), ("name", "name", None), ("address", "address", None),
                    ("emails", "emails", "emails_raw"), ("phones", "phones", "phones_raw"), ("created", "created_utc", "created_raw")),
    "calls": (("start", "start_utc", "start_raw"), ("caller", "caller", "caller_raw"), ("callee", "callee", "callee_raw")),
    "document_facts": (("value", "value", None), ("time", "time_utc", "time_raw")),
}
_TIME_FIELDS = {"time", "start", "created"}
LATEST = {"ip_events": "latest_ip_events", "subscribers": "latest_subscribers", "calls": "latest_calls",
          "document_facts": "latest_document_facts"}


@dataclass
class Item:
    item_id: str
    grain: str  #: 'value' | 'file'
    table: str
    record_id: str  #: the record (value items) or the file's sha256 (file items)
    field: str
    machine_value: str | None
    raw: str | None
    reasons: list[str]
    confidence: float | None
    package_id: str | None
    path: str | None
    sha256: str
    locator: str | None
    page: int | None
    records: int = 1
    status: str = "unconfirmed"  #: unconfirmed | confirmed | corrected | rejected
    decided_value: str | None = None
    decided_by: str | None = None

    @property
    def open_command(self) -> str:
        if self.page is not None:
            return f"returns page {self.sha256[:16]} --page {self.page}"
        return f"open evidence/{self.sha256} ({self.locator or 'whole file'})"


def _id(*parts: Any) -> str:
    return "R" + hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:11]


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, list):
        return "; ".join(str(x) for x in v) if v else None
    if hasattr(v, "isoformat"):
        return v.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return str(v)


def collect(conn: Any, package_id: str | None = None) -> list[Item]:
    """Every review item of the case (latest runs), with the latest decision on each."""
    items: list[Item] = []
    paths = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT sha256, any_value(path ORDER BY package_id, path), any_value(package_id ORDER BY package_id, path) "
        "FROM package_files WHERE sha256 IS NOT NULL GROUP BY sha256").fetchall()}
    wanted = sorted(set(VALUE_REASONS) | set(FILE_REASONS))
    for table, fields in FIELDS.items():
        cols = sorted({c for _, c, _ in fields} | {r for _, _, r in fields if r})
        sql = (f"SELECT record_id, package_id, source_sha256, locator, locator_json, raw_text, flags, ocr_confidence, "
               f"run_id, extractor, "
               f"{', '.join(cols)} FROM {LATEST[table]} WHERE len(list_intersect(flags, ?)) > 0")
        params: list[Any] = [wanted]
        if package_id:
            sql += " AND package_id = ?"
            params.append(package_id)
        cur = conn.execute(sql + " ORDER BY source_sha256, locator, record_id", params)
        names = [d[0] for d in cur.description]
        file_groups: dict[tuple[str, str], Item] = {}
        for row in cur.fetchall():
            r = dict(zip(names, row))
            flags = set(r["flags"] or ())
            loc = json.loads(r["locator_json"] or "{}")
            path, pkg = paths.get(r["source_sha256"], (None, r["package_id"]))
            value_reasons = sorted(flags & set(VALUE_REASONS))
            for field, col, raw_col in fields:
                value = _text(r.get(col))
                raw = _text(r.get(raw_col)) if raw_col else None
                if value is None and raw is None:
                    continue
                reasons = [f for f in value_reasons if (f not in TIME_REASONS) or field in _TIME_FIELDS]
                if field in _TIME_FIELDS and not reasons and not (flags & TIME_REASONS):
                    reasons = [f for f in value_reasons if f in ("ocr_derived", "ocr_repaired", "from_free_text")]
                if not reasons:
                    continue
                items.append(Item(_id("v", table, r["record_id"], field), "value", table, r["record_id"], field, value,
                                  raw if raw is not None else r["raw_text"], [VALUE_REASONS[f] for f in reasons],
                                  r["ocr_confidence"], pkg, path, r["source_sha256"], r["locator"], loc.get("page")))
            file_flags = flags & set(FILE_REASONS)
            if "date_only" in flags:  # a calendar day (a letter's date): its zone matters little, not worth a question
                file_flags -= {"no_zone", "assumed_zone"}
            for f in sorted(file_flags):
                key = (r["source_sha256"], f)
                if key in file_groups:
                    file_groups[key].records += 1
                    continue
                machine = assumed_zone(conn, r["run_id"], r["extractor"]) if f == "assumed_zone" else None
                file_groups[key] = Item(_id("f", table, r["source_sha256"], f), "file", table, r["source_sha256"], f,
                                        machine, None, [FILE_REASONS[f]], None, pkg, path, r["source_sha256"], None, None)
        items.extend(file_groups.values())
    items.extend(_warning_items(conn, paths, package_id))
    decisions = {d[0]: d[1:] for d in conn.execute(
        "SELECT item_id, decision, value, examiner FROM latest_review_decisions").fetchall()}
    for it in items:
        if it.item_id in decisions:
            it.status, it.decided_value, it.decided_by = decisions[it.item_id]
    items.sort(key=lambda i: (i.package_id or "", i.path or "", i.grain, i.page or 0, i.locator or "", i.table, i.field))
    return items


def assumed_zone(conn: Any, run_id: str, extractor: str) -> str | None:
    """The zone a run assumed for times printed without one: the analyst's --assume-tz, else the provider default."""
    row = conn.execute("SELECT analyst_zone FROM extraction_runs WHERE run_id = ?", [run_id]).fetchone()
    if row and row[0]:
        return str(row[0])
    from extractors.registry import all_extractors

    return next((e.default_zone for e in all_extractors() if e.name == extractor), None)


def _warning_items(conn: Any, paths: dict[str, tuple[str, str]], package_id: str | None) -> list[Item]:
    """One item per unreadable-value warning of each file's latest run."""
    sql = """SELECT w.warning_id, w.package_id, w.sha256, w.locator, w.code, w.message
             FROM warnings w JOIN latest_run_files l ON w.sha256 = l.source_sha256 AND w.run_id = l.run_id
             WHERE w.code IN (SELECT unnest(?))"""
    params: list[Any] = [sorted(WARNING_REASONS)]
    if package_id:
        sql += " AND w.package_id = ?"
        params.append(package_id)
    out = []
    for wid, pkg, sha, loc, code, message in conn.execute(sql + " ORDER BY w.sha256, w.locator, w.warning_id", params).fetchall():
        page = None
        if loc and loc.startswith("page "):
            try:
                page = int(loc.split(";")[0].split()[1])
            except (IndexError, ValueError):
                page = None
        path = paths.get(sha, (None, pkg))[0]
        out.append(Item(_id("w", wid), "warning", "warnings", wid, code, None, message, [WARNING_REASONS[code]], None,
                        pkg, path, sha, loc, page))
    return out


COLUMNS = ["item", "status", "package", "file", "where", "field", "machine_value", "raw_text", "why", "confidence",
           "records", "decided_value", "open_with"]


def listing(case: Case, package_id: str | None = None, show_all: bool = False) -> Rows:
    with case.reader() as conn:
        items = collect(conn, package_id)
    rows = []
    for it in items:
        if not show_all and it.status != "unconfirmed":
            continue
        rows.append((it.item_id, it.status, it.package_id, it.path, it.locator or "(whole file)", it.field, it.machine_value,
                     it.raw, "; ".join(it.reasons), it.confidence, it.records, it.decided_value, it.open_command))
    return COLUMNS, rows


def _validate(item: Item, value: str) -> str:
    """A corrected value must have the shape of what it replaces."""
    if item.grain == "file":
        if item.field in ("assumed_zone", "no_zone") and not zone_from_text(value):
            raise ReturnsError("REVIEW_VALUE_INVALID", f"{value!r} is not a time zone",
                               hint="give an IANA zone such as Europe/Oslo or an offset such as UTC+01:00")
        return value
    if item.field == "ip":
        parsed = parse_ip(value)
        if not parsed.ip:
            raise ReturnsError("REVIEW_VALUE_INVALID", f"{value!r} is not an IP address", hint="type the address as printed, e.g. 203.0.113.77")
        return parsed.ip
    if item.field == "port" and not (value.isdigit() and 0 <= int(value) <= 65535):
        raise ReturnsError("REVIEW_VALUE_INVALID", f"{value!r} is not a port number", hint="a whole number 0-65535")
    if item.field in _TIME_FIELDS:
        t = parse_timestamp(value, TimeContext())
        if t.utc is None:
            raise ReturnsError("REVIEW_VALUE_INVALID", f"{value!r} is not a time with a known zone",
                               hint="give the instant with its zone, e.g. 2026-01-07T21:41:19Z or 07.01.2026 22:41:19 +01:00")
        return t.utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def decide(case: Case, item_id: str, decision: str, value: str | None = None, reason: str | None = None, wait: float = 0.0) -> Item:
    """Record the analyst's decision on one item (custody first, then the database)."""
    if decision not in ("confirmed", "corrected", "rejected"):
        raise ValueError(decision)
    with case.writer("returns review", wait) as conn:
        items = {it.item_id: it for it in collect(conn)}
        item = items.get(item_id.strip().upper()) or items.get(item_id.strip())
        if item is None:
            raise ReturnsError("REVIEW_ITEM_UNKNOWN", f"there is no review item {item_id!r} in this case",
                               kept="nothing was changed", hint="list the items with 'returns review --all'")
        final = _validate(item, value) if value is not None else None
        if decision == "corrected" and final is not None and final == (item.machine_value or ""):
            decision = "confirmed"
        entry = case.custody().append(
            "review_decision", item.record_id, "ok",
            item_id=item.item_id, grain=item.grain, record_table=item.table, record_id=item.record_id, field=item.field,
            machine_value=item.machine_value, raw_text=item.raw, decision=decision,
            value=final if final is not None else (item.machine_value if decision == "confirmed" else None),
            value_as_typed=value, reason=reason, source_sha256=item.sha256, locator=item.locator,
        )
        with db.transaction(conn):
            apply_review_decision(conn, entry)
    item.status = decision
    item.decided_value = entry["details"]["value"]
    item.decided_by = entry["actor"].get("examiner") or entry["actor"].get("os_user")
    return item


# -- showing records with their review state -------------------------------------------------------

RECORD_VIEWS: dict[str, tuple[str, str]] = {
    "ip": ("ip_events", "account, ip, port, ts_utc, ts_raw, tz_source, activity"),
    "subscribers": ("subscribers", "account, name, emails, phones, address, created_utc"),
    "calls": ("calls", "account, caller, callee, start_utc, start_raw, duration_raw, direction, kind"),
    "facts": ("document_facts", "kind, value, time_utc, time_raw"),
}


#: which state a record shows when its items disagree (the most urgent wins)
_STATE_ORDER = {"unconfirmed": 3, "rejected": 2, "corrected": 1, "confirmed": 0}


def review_state(items: list[Item]) -> tuple[dict[str, str], dict[str, str]]:
    """(record id or file sha256 -> state, record id -> 'field=corrected; ...') from the items.

    A record is *unconfirmed* while any of its items (or its file's items) awaits a decision;
    *rejected* if a value was rejected; *corrected* if a value was corrected; else *confirmed*."""
    order = _STATE_ORDER
    state: dict[str, str] = {}
    corrections: dict[str, list[str]] = {}
    for it in items:
        key = it.record_id
        if key not in state or order[it.status] > order[state[key]]:
            state[key] = it.status
        if it.status == "corrected" and it.grain == "value":
            corrections.setdefault(key, []).append(f"{it.field}={it.decided_value}")
    return state, {k: "; ".join(v) for k, v in corrections.items()}


def records(case: Case, kind: str, package_id: str | None = None) -> Rows:
    """Records of the latest runs with a ``review`` column: unconfirmed values are marked as such."""
    table, cols = RECORD_VIEWS[kind]
    sql = f"SELECT record_id, package_id, source_sha256, locator, {cols}, flags FROM {LATEST[table]}"
    params: list[Any] = []
    if package_id:
        sql += " WHERE package_id = ?"
        params.append(package_id)
    with case.reader() as conn:
        items = collect(conn, package_id)
        cur = conn.execute(sql + " ORDER BY package_id, source_sha256, locator, record_id", params)
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
    state, corrections = review_state(items)
    out = []
    order = _STATE_ORDER
    for row in rows:
        r = dict(zip(names, row))
        marks = [s for s in (state.get(r["record_id"]), state.get(r["source_sha256"])) if s]
        review = max(marks, key=lambda s: order[s]) if marks else ""
        out.append((*row[: len(names) - 1], review, corrections.get(r["record_id"]), row[-1]))
    return [*names[:-1], "review", "analyst_corrections", "flags"], out
