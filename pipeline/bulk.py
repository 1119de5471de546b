"""Reading large tables in bulk: DuckDB's CSV reader, no Python loop per row.

Used for a large delimited file whose extractor can describe it as one table
(:class:`~extractors.base.BulkPlan`): IP logs and call-detail records that run to millions of
rows. The result is the same rows the per-row path would produce:

1. DuckDB reads every row as text (all-varchar; identifiers keep their leading zeros); rows it
   cannot read are kept as warnings with their line numbers, never ignored silently.
2. Times and IPs are normalised once per *distinct* value by the same Python functions and
   per-file decisions as the per-row path (:class:`~pipeline.extraction.FileNormaliser`), and
   joined back in SQL.
3. Records are assembled, hashed (record ids, event keys) and written in SQL, to a Parquet
   part that is stored by its SHA-256 beside the run's JSON-lines artifact.

Locators are data-row numbers (``row N``: the N-th data row read after the header), and
``raw_text`` is the row's cells re-joined with the file's delimiter.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from extractors.base import BulkPlan, Document, Extractor, sniff_encoding
from schemas.records import DocumentFact, Locator

from .extraction import FileNormaliser, iso_utc

#: files at least this large are read in bulk when their extractor gives a plan
BULK_MIN_BYTES = 8 * 2**20

_TIME_FIELD = {"ip_event": "time", "call": "start"}


class BulkMismatch(Exception):
    """The bulk reader did not account for every line: the per-row path reads the file instead."""


@dataclass
class BulkOutput:
    table: str
    path: Path  #: the Parquet part (in a temporary folder until the run is kept)
    rows: int
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[tuple[Locator | None, str, str]] = field(default_factory=list)


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _cell(i: int) -> str:
    return f"nullif(trim(c{i}), '')"


def _load_json(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, str], rows: list[dict[str, Any]], work: Path) -> None:
    cols = ", ".join(f"{c} {t}" for c, t in columns.items())
    con.execute(f"CREATE TABLE {name} ({cols})")
    if not rows:
        return
    path = work / f"{name}-{uuid.uuid4().hex}.jsonl"
    try:
        with open(path, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        spec = "{" + ", ".join(f"'{c}': '{t}'" for c, t in columns.items()) + "}"
        con.execute(f"INSERT INTO {name} SELECT * FROM read_json(?, format='newline_delimited', columns={spec})", [str(path)])
    finally:
        path.unlink(missing_ok=True)


def read_bulk(doc: Document, extractor: Extractor, plan: BulkPlan, analyst_zone: str | None, base: dict[str, Any],
              extra_flags: tuple[str, ...], work: Path) -> BulkOutput:
    """Read one large table; returns its Parquet part and the facts and problems found."""
    work.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET preserve_insertion_order = true")
        n = len(plan.header)
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(n)) + "}"
        con.execute(
            f"""CREATE TABLE raw AS SELECT * FROM read_csv(?, delim = ?, header = false, skip = ?, columns = {columns},
                    quote = '"', escape = '"', auto_detect = false, store_rejects = true, null_padding = false)""",
            [str(doc.path), plan.delimiter, plan.skip_lines],
        )
        problems: list[tuple[Locator | None, str, str]] = []
        for line, message, text in con.execute(
            "SELECT line, error_message, csv_line FROM reject_errors ORDER BY line"
        ).fetchall():
            problems.append((Locator(line=int(line)), "ROW_REJECTED",
                             f"line {line} could not be read as a row of {n} columns ({message}); its text: {text!r}"))
        con.execute("""CREATE TABLE rows AS SELECT rowid + 1 AS data_row, * FROM raw
                       WHERE NOT (""" + " AND ".join(f"coalesce(trim(c{i}), '') = ''" for i in range(n)) + ")")
        # every non-blank physical line after the header must be a row or a listed rejection: else the bulk
        # reader misread the file (e.g. mixed line endings) and the per-row path must read it instead
        physical = con.execute(
            f"""SELECT count(*) FROM read_csv(?, delim = chr(0), quote = '', escape = '', header = false, skip = ?,
                    columns = {{'line': 'VARCHAR'}}, auto_detect = false, ignore_errors = true)
                WHERE trim(coalesce(line, ''), chr(13) || ' ') <> ''""",
            [str(doc.path), plan.skip_lines],
        ).fetchone()[0]
        accounted = con.execute("SELECT count(*) FROM rows").fetchone()[0] + len(problems)
        if physical != accounted:
            raise BulkMismatch(f"{physical} non-blank lines after the header, {accounted} rows read or rejected")

        facts = [DocumentFact(at=Locator(line=ln, byte_offset=off), raw=text, kind="note", value=text) for ln, off, text in plan.notes]
        tfield = _TIME_FIELD[plan.record]
        tcol = plan.fields.get(tfield)
        times = [r[0] for r in con.execute(f"SELECT DISTINCT {_cell(tcol)} AS v FROM rows WHERE v IS NOT NULL").fetchall()] if tcol is not None else []
        norm = FileNormaliser(doc, extractor, list(facts), analyst_zone, base, time_values=times)
        from schemas.records import TimeHint

        hint = TimeHint(zone=plan.zones[tfield]) if tfield in plan.zones else None
        tmap = []
        for raw in times:
            t = norm.time(raw, hint)
            tflags: set[str] = set()
            norm._time_cols("t", t, tflags)  # the same per-value flags as the per-row path
            tmap.append({"raw": raw, "utc": iso_utc(t.utc), "tz_source": t.tz_source, "earliest": iso_utc(t.earliest_utc),
                         "latest": iso_utc(t.latest_utc), "candidates": [iso_utc(c) for c in (t.candidates or ())],
                         "flags": sorted(tflags), "note": t.note})
        _load_json(con, "tmap", {"raw": "VARCHAR", "utc": "VARCHAR", "tz_source": "VARCHAR", "earliest": "VARCHAR",
                                 "latest": "VARCHAR", "candidates": "VARCHAR[]", "flags": "VARCHAR[]", "note": "VARCHAR"}, tmap, work)
        fact_rows = norm.rows(())
        problems.extend(norm.problems)
        common = {
            "run_id": _q(base["run_id"]),
            "source_sha256": _q(base["source_sha256"]),
            "extractor": _q(base["extractor"]),
            "extractor_version": _q(base["extractor_version"]),
            "provider": _q(extractor.provider),
        }
        header = _unique(plan.header)
        mapped = set(plan.fields.values())
        extra = "to_json(map_from_entries(list_filter([" + ", ".join(
            f"struct_pack(k := {_q(header[i])}, v := {_cell(i)})" for i in range(n) if i not in mapped
        ) + "], x -> x.v IS NOT NULL)))" if len(mapped) < n else "'{}'"
        raw_text = "concat_ws(" + _q(plan.delimiter) + ", " + ", ".join(
            f"""CASE WHEN c{i} IS NULL THEN '' WHEN c{i} LIKE {_q('%' + plan.delimiter + '%')} OR c{i} LIKE '%"%'
                     THEN '"' || replace(c{i}, '"', '""') || '"' ELSE c{i} END""" for i in range(n)) + ")"
        flags0 = "[" + ", ".join(_q(f) for f in sorted(extra_flags)) + "]::VARCHAR[]"
        def col(name: str) -> str:
            i = plan.fields.get(name)
            return _cell(i) if i is not None else "NULL"
        if plan.record == "ip_event":
            for (row_no,) in con.execute(f"SELECT data_row FROM rows WHERE {col('ip')} IS NULL ORDER BY data_row LIMIT 1000").fetchall():
                problems.append((Locator(row=int(row_no)), "ROW_NOT_READ", f"data row {row_no} has no IP address: not read as an IP event"))
            sql, table = _ip_sql(con, norm, plan, col, common, extra, raw_text, flags0, work), "ip_events"
        else:
            sql, table = _call_sql(con, norm, col, common, extra, raw_text, flags0, work), "calls"
        part = work / f"part-{uuid.uuid4().hex}.parquet"
        con.execute(f"COPY ({sql} ORDER BY data_row) TO {_q(str(part))} (FORMAT parquet, COMPRESSION zstd)")
        count = con.execute(f"SELECT count(*) FROM read_parquet({_q(str(part))})").fetchone()[0]
        return BulkOutput(table, part, count, fact_rows, problems)
    finally:
        con.close()


def _unique(header: tuple[str, ...]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in header:
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


def _ip_sql(con: duckdb.DuckDBPyConnection, norm: FileNormaliser, plan: BulkPlan, col: Any, common: dict[str, str],
            extra: str, raw_text: str, flags0: str, work: Path) -> str:
    # The port changes parse_ip's result only for CGNAT addresses, addresses printed with their own port and
    # invalid ports. Each distinct IP is parsed once; a plain valid port is combined in SQL; every other
    # (ip, port) pair is parsed as a pair. The results are the same as parse_ip(ip, port) row by row.
    imap = []
    for (raw,) in con.execute(f"SELECT DISTINCT {col('ip')} AS ip FROM rows WHERE ip IS NOT NULL").fetchall():
        r = norm.ip(raw, None)
        simple = r.ip is not None and r.port is None and r.ip_class != "cgnat" and "port_invalid" not in r.flags
        imap.append({"raw": raw, "ip": r.ip, "version": r.version, "class": r.ip_class, "port": r.port,
                     "flags": list(r.flags), "note": r.note, "simple": simple})
    _load_json(con, "imap", {"raw": "VARCHAR", "ip": "VARCHAR", "version": "INTEGER", "class": "VARCHAR", "port": "INTEGER",
                             "flags": "VARCHAR[]", "note": "VARCHAR", "simple": "BOOLEAN"}, imap, work)
    port_ok = f"({col('port')} IS NULL OR (regexp_full_match({col('port')}, '[0-9]{{1,5}}') AND CAST({col('port')} AS INTEGER) BETWEEN 1 AND 65535))"
    pairs = con.execute(f"""SELECT DISTINCT {col('ip')}, {col('port')} FROM rows JOIN imap i ON i.raw = {col('ip')}
                            WHERE NOT (i.simple AND {port_ok})""").fetchall()
    pmap = []
    for raw, port in pairs:
        r = norm.ip(raw, port)
        pmap.append({"raw": raw, "port_raw": port, "ip": r.ip, "version": r.version, "class": r.ip_class, "port": r.port,
                     "flags": list(r.flags), "note": r.note})
    _load_json(con, "pmap", {"raw": "VARCHAR", "port_raw": "VARCHAR", "ip": "VARCHAR", "version": "INTEGER", "class": "VARCHAR",
                             "port": "INTEGER", "flags": "VARCHAR[]", "note": "VARCHAR"}, pmap, work)
    con.execute(f"""CREATE TABLE ipres AS
        SELECT r.data_row, {col('ip')} AS raw,
               CASE WHEN i.simple AND {port_ok} THEN i.ip ELSE p.ip END AS ip,
               CASE WHEN i.simple AND {port_ok} THEN i.version ELSE p.version END AS version,
               CASE WHEN i.simple AND {port_ok} THEN i.class ELSE p.class END AS class,
               CASE WHEN i.simple AND {port_ok} THEN CAST({col('port')} AS INTEGER) ELSE p.port END AS port,
               CASE WHEN i.simple AND {port_ok} THEN i.flags ELSE p.flags END AS flags,
               CASE WHEN i.simple AND {port_ok} THEN i.note ELSE p.note END AS note
        FROM rows r JOIN imap i ON i.raw = {col('ip')}
        LEFT JOIN pmap p ON p.raw = {col('ip')} AND p.port_raw IS NOT DISTINCT FROM {col('port')}""")
    activity = f"coalesce({col('activity')}, {_q(plan.activity) if plan.activity else 'NULL'})"
    return f"""
      SELECT left(sha256(concat_ws(chr(31), 'ip', {common['extractor']}, {common['extractor_version']}, {common['source_sha256']},
                                   'row ' || data_row, '1')), 24) AS record_id,
             left(sha256(concat_ws(chr(31), {common['provider']}, coalesce({col('account')}, ''), coalesce(i.ip, i.raw),
                                   coalesce(CAST(i.port AS VARCHAR), ''), coalesce(t.utc, 'raw:' || coalesce({col('time')}, '')))), 24) AS event_key,
             {common['run_id']} AS run_id, CAST(NULL AS VARCHAR) AS package_id, {common['provider']} AS provider,
             {col('account')} AS account, i.ip AS ip, i.raw AS ip_raw, i.version AS ip_version, i.class AS ip_class, i.port AS port,
             CAST(t.utc AS TIMESTAMPTZ) AS ts_utc, {col('time')} AS ts_raw, t.tz_source AS tz_source,
             CAST(t.earliest AS TIMESTAMPTZ) AS ts_earliest_utc, CAST(t.latest AS TIMESTAMPTZ) AS ts_latest_utc,
             CAST(coalesce(t.candidates, []) AS TIMESTAMPTZ[]) AS ts_candidates, {activity} AS activity,
             {common['source_sha256']} AS source_sha256, 'row ' || data_row AS locator, '{{"row": ' || data_row || '}}' AS locator_json,
             {raw_text} AS raw_text, {common['extractor']} AS extractor, {common['extractor_version']} AS extractor_version,
             nullif(concat_ws('; ', i.note, t.note), '') AS notes, {extra} AS extra,
             list_sort(list_distinct(list_concat({flags0}, coalesce(i.flags, []), coalesce(t.flags, [])))) AS flags
      FROM rows
      JOIN ipres i USING (data_row)
      LEFT JOIN tmap t ON t.raw = {col('time')}"""


def _call_sql(con: duckdb.DuckDBPyConnection, norm: FileNormaliser, col: Any, common: dict[str, str],
              extra: str, raw_text: str, flags0: str, work: Path) -> str:
    phones = con.execute(f"SELECT DISTINCT v FROM (SELECT {col('caller')} AS v FROM rows UNION SELECT {col('callee')} FROM rows) WHERE v IS NOT NULL").fetchall()
    pmap = [{"raw": raw, "e164": norm.phone(raw).e164} for (raw,) in phones]
    _load_json(con, "pmap", {"raw": "VARCHAR", "e164": "VARCHAR"}, pmap, work)
    dur = col("duration")
    return f"""
      SELECT left(sha256(concat_ws(chr(31), 'call', {common['extractor']}, {common['extractor_version']}, {common['source_sha256']},
                                   'row ' || data_row, '1')), 24) AS record_id,
             {common['run_id']} AS run_id, CAST(NULL AS VARCHAR) AS package_id, {common['provider']} AS provider,
             {col('account')} AS account, coalesce(a.e164, {col('caller')}) AS caller, {col('caller')} AS caller_raw,
             coalesce(b.e164, {col('callee')}) AS callee, {col('callee')} AS callee_raw,
             CAST(t.utc AS TIMESTAMPTZ) AS start_utc, {col('start')} AS start_raw, t.tz_source AS tz_source,
             CAST(t.earliest AS TIMESTAMPTZ) AS start_earliest_utc, CAST(t.latest AS TIMESTAMPTZ) AS start_latest_utc,
             {dur} AS duration_raw,
             CASE WHEN regexp_full_match({dur}, '[0-9]+') THEN CAST({dur} AS INTEGER)
                  WHEN regexp_full_match({dur}, '[0-9]+:[0-9]+(:[0-9]+)?')
                  THEN CAST(list_reduce(list_transform(string_split({dur}, ':'), x -> CAST(x AS INTEGER)), (acc, x) -> acc * 60 + x) AS INTEGER)
             END AS duration_s,
             {col('direction')} AS direction, {col('kind')} AS kind, {col('cell')} AS cell,
             {common['source_sha256']} AS source_sha256, 'row ' || data_row AS locator, '{{"row": ' || data_row || '}}' AS locator_json,
             {raw_text} AS raw_text, {common['extractor']} AS extractor, {common['extractor_version']} AS extractor_version,
             t.note AS notes, {extra} AS extra,
             list_sort(list_distinct(list_concat({flags0}, coalesce(t.flags, [])))) AS flags
      FROM rows
      LEFT JOIN tmap t ON t.raw = {col('start')}
      LEFT JOIN pmap a ON a.raw = {col('caller')}
      LEFT JOIN pmap b ON b.raw = {col('callee')}"""


__all__ = ["BULK_MIN_BYTES", "BulkOutput", "read_bulk", "sniff_encoding"]
