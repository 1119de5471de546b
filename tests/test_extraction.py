"""The extraction framework: choice of extractor, per-file decisions, stamping, runs."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from extractors.base import Claim, Document, Extractor, LayoutChange
from extractors.tables import Col, TableExtractor, TableLayout
from pipeline.case import Case
from pipeline.extraction import Extraction, choose
from pipeline.ingest import ingest
from pipeline.reextract import reextract
from schemas.records import DocumentFact, IpEvent, Locator, Record, Subscriber

from .conftest import db_rows, make_zip
from .harness import REPO


def _doc(tmp_path: Path, name: str, data: bytes, media_type: str = "text/plain") -> Document:
    p = tmp_path / name
    p.write_bytes(data)
    return Document(hashlib.sha256(data).hexdigest(), p, name, media_type, len(data))


class AcmeLog(TableExtractor):
    name = "acme_ip_log"
    provider = "Acme"
    layout = "Acme IP log CSV (test layout)"
    version = "1"
    filename = r"^acme_"
    layouts = (TableLayout("acme-2026", "ip_event", (
        Col("account", ("Account",)), Col("ip", ("IP Address",)), Col("time", ("Login Time",)),
        Col("port", ("Port",), required=False)), activity="login"),)


class Greedy(Extractor):
    name = "greedy"
    provider = "Greedy"
    layout = "claims every text file (test)"
    version = "1"
    media_types = ("text/",)

    def identify(self, doc: Document) -> Claim | None:
        return Claim("all")

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        yield from ()


class Broken(Extractor):
    name = "broken"
    provider = "Broken"
    layout = "fails half way (test)"
    version = "1"
    media_types = ("text/",)

    def identify(self, doc: Document) -> Claim | None:
        return Claim("v") if doc.filename.startswith("broken") else None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        yield IpEvent(at=Locator(line=2), raw="192.0.2.1,2026-01-01T00:00:00Z", ip="192.0.2.1", time="2026-01-01T00:00:00Z")
        raise RuntimeError("unexpected row shape")


class Notes(Extractor):
    name = "notes_ext"
    provider = "Carrier"
    layout = "local-time call list with a zone note (test)"
    version = "1"
    media_types = ("text/",)

    def identify(self, doc: Document) -> Claim | None:
        return Claim("v") if doc.filename.startswith("notes") else None

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        for no, off, line in doc.text().lines:
            if line.startswith("Note:"):
                yield DocumentFact(at=Locator(line=no, byte_offset=off), raw=line, kind="note", value=line)
            elif line and line[0].isdigit():
                ip, t = line.split(",")
                yield IpEvent(at=Locator(line=no, byte_offset=off), raw=line, ip=ip, time=t)
            elif line.startswith("Account:"):
                yield Subscriber(at=Locator(line=no, byte_offset=off), raw=line, account=line.split(":", 1)[1].strip())


ACME = b"Account,IP Address,Login Time,Port\nlantern.user,203.0.113.7,2026-03-14T09:26:53Z,443\n"


def test_a_provider_layout_is_claimed_by_exactly_one(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "acme_log.csv", ACME)
    assert choose(doc, [AcmeLog()]).extractor.name == "acme_ip_log"
    both = choose(doc, [AcmeLog(), Greedy()])
    assert both.extractor is None and both.status == "conflict"
    assert both.problems[0][0] == "EXTRACTOR_CONFLICT"
    assert "acme_ip_log and greedy both claim this file" in both.problems[0][1]


def test_reordered_columns_still_read(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "acme_log.csv", b"Login Time,Port,IP Address,Account\n2026-03-14T09:26:53Z,443,203.0.113.7,lantern.user\n")
    run = Extraction("r1", [AcmeLog()])
    result = run.process(doc, "m", "P-1")
    assert result.status == "extracted" and result.records == 1
    row = run.out.rows["ip_events"][0]
    assert (row["ip"], row["port"], row["account"], row["ts_utc"], row["activity"]) == (
        "203.0.113.7", 443, "lantern.user", "2026-03-14T09:26:53.000000Z", "login")


def test_changed_layout_is_loud_and_goes_to_the_generic_path(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "acme_log.csv", b"Account,Client IP,Login Time\nlantern.user,203.0.113.7,2026-03-14T09:26:53Z\n")
    choice = choose(doc, [AcmeLog()])
    assert choice.extractor is None and choice.status == "unknown_layout"
    code, message = choice.problems[0]
    assert code == "LAYOUT_CHANGED"
    assert "looks like a Acme file (acme_ip_log)" in message and "'IP Address' -> 'Client IP'" in message


def test_added_column_is_read_and_reported(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "acme_log.csv", b"Account,IP Address,Login Time,Device\nlantern.user,203.0.113.7,2026-03-14T09:26:53Z,Pixel\n")
    run = Extraction("r1", [AcmeLog()])
    run.process(doc, "m", "P-1")
    row = run.out.rows["ip_events"][0]
    assert "layout_changed" in row["flags"]
    assert json.loads(row["extra"]) == {"Device": "Pixel"}
    assert [w["code"] for w in run.out.rows["warnings"]] == ["LAYOUT_CHANGED"]


def test_a_failing_extractor_is_contained_and_named(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "broken.txt", b"x\n192.0.2.1,2026-01-01T00:00:00Z\n")
    run = Extraction("r1", [Broken()])
    result = run.process(doc, "m", "P-1")
    assert result.status == "failed" and "unexpected row shape" in result.reason
    assert run.out.rows["ip_events"][0]["flags"] == ["partial_file"]
    assert run.out.rows["warnings"][0]["code"] == "EXTRACTOR_ERROR"


def test_declared_zone_applies_to_the_whole_file_and_provenance_is_stamped(tmp_path: Path) -> None:
    data = b"Note: All times are Eastern Time\nAccount: lantern.user\n203.0.113.7,03/14/2026 09:26:53\n203.0.113.8,03/15/2026 13:00:00\n"
    doc = _doc(tmp_path, "notes.txt", data)
    run = Extraction("run-a", [Notes()])
    run.process(doc, "m", "P-1")
    rows = run.out.rows["ip_events"]
    assert [r["ts_utc"] for r in rows] == ["2026-03-14T13:26:53.000000Z", "2026-03-15T17:00:00.000000Z"]
    assert {r["tz_source"] for r in rows} == {"document"}
    r = rows[0]
    assert r["account"] == "lantern.user" and "account_from_document" in r["flags"]
    assert (r["source_sha256"], r["extractor"], r["extractor_version"], r["run_id"], r["package_id"]) == (
        doc.sha256, "notes_ext", "1", "run-a", "P-1")
    assert r["locator"] == "line 3; byte 55" and r["raw_text"] == "203.0.113.7,03/14/2026 09:26:53"
    # the same file read again gives the same record ids
    again = Extraction("run-b", [Notes()])
    again.process(doc, "m", "P-1")
    assert [x["record_id"] for x in again.out.rows["ip_events"]] == [x["record_id"] for x in rows]


def test_no_zone_means_no_instant_but_bounds_and_a_flag(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "notes.txt", b"203.0.113.7,2026-03-14 09:26:53\n")
    run = Extraction("r", [Notes()])
    run.process(doc, "m", "P-1")
    row = run.out.rows["ip_events"][0]
    assert row["ts_utc"] is None and row["tz_source"] == "none" and "no_zone" in row["flags"]
    assert row["ts_earliest_utc"] < row["ts_latest_utc"]
    assumed = Extraction("r", [Notes()], analyst_zone="America/Chicago")
    assumed.process(doc, "m", "P-1")
    row = assumed.out.rows["ip_events"][0]
    assert row["ts_utc"] == "2026-03-14T14:26:53.000000Z" and row["tz_source"] == "analyst"
    assert "assumed_zone" in row["flags"]


def test_reextract_adds_a_run_and_no_duplicate_rows(case: Case, tmp_path: Path) -> None:
    z = make_zip(tmp_path / "pkg.zip", {"ip_log.csv": b"IP Address,Timestamp (UTC)\n203.0.113.7,2026-03-14 09:26:53\n198.51.100.2,2026-03-15 10:00:00\n"})
    ingest(case, [z])
    before = db_rows(case.root, "SELECT count(*) FROM ip_events")[0][0]
    assert before >= 2
    result = reextract(case)
    assert db_rows(case.root, "SELECT count(*) FROM extraction_runs")[0][0] == 2
    assert db_rows(case.root, "SELECT count(*) FROM ip_events")[0][0] == before
    assert db_rows(case.root, "SELECT count(*) FROM latest_ip_events")[0][0] == before
    assert result.counts["ip_events"] == before
    ingest(case, [z])  # the same package again: no new records either
    assert db_rows(case.root, "SELECT count(*) FROM ip_events")[0][0] == before


def test_results_do_not_depend_on_the_host_timezone(tmp_path: Path) -> None:
    data = b"Note: times are Pacific Time\n203.0.113.7,03/14/2026 09:26:53 AM\n203.0.113.7,11/01/2026 01:30:00\n"
    sample = tmp_path / "notes_tz.txt"
    sample.write_bytes(data)
    code = (
        "import sys, json, hashlib; from pathlib import Path;"
        "from tests.test_extraction import Notes; from extractors.base import Document;"
        "from pipeline.extraction import Extraction;"
        f"p=Path({str(sample)!r}); d=p.read_bytes();"
        "r=Extraction('r',[Notes()]); r.process(Document(hashlib.sha256(d).hexdigest(),p,p.name,'text/plain',len(d)),'m','P');"
        "print(json.dumps(r.out.rows['ip_events'],sort_keys=True))"
    )
    outs = []
    for tz in ("UTC", "Asia/Kolkata", "America/Los_Angeles"):
        env = {"TZ": tz, "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
        outs.append(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=True).stdout)
    assert outs[0] == outs[1] == outs[2]
    rows = json.loads(outs[0])
    assert rows[1]["ts_utc"] is None and "dst_ambiguous" in rows[1]["flags"] and len(rows[1]["ts_candidates"]) == 2


@pytest.mark.parametrize(("times", "want_utc", "flag"), [
    # dotted dates the values cannot decide: day-first from the separator, flagged for review
    (["07.01.2026 22:41:19 +01:00", "08.01.2026 10:00:00 +01:00"], "2026-01-07T21:41:19.000000Z", "date_order_from_separator"),
    # a day above 12 decides it: no flag
    (["07.01.2026 22:41:19 +01:00", "20.01.2026 10:00:00 +01:00"], "2026-01-07T21:41:19.000000Z", None),
    # slashes are never decided by the separator (US month-first and European day-first both use them)
    (["01/07/2026 22:41:19 +01:00", "01/08/2026 10:00:00 +01:00"], None, "ambiguous_date_order"),
])
def test_dotted_dates_are_day_first_when_undecided(tmp_path: Path, times: list[str], want_utc: str | None, flag: str | None) -> None:
    data = ("Account,IP Address,Login Time\n" + "".join(f"u1,192.0.2.{i + 1},{t}\n" for i, t in enumerate(times))).encode()
    run = Extraction("r1", [AcmeLog()])
    run.process(_doc(tmp_path, "acme_log.csv", data, "text/csv"), "m", "P")
    first = sorted(run.out.rows["ip_events"], key=lambda r: r["ip"])[0]
    assert first["ts_utc"] == want_utc
    other = {"date_order_from_separator", "ambiguous_date_order"} - {flag}
    assert (flag is None or flag in first["flags"]) and not (other & set(first["flags"]))
