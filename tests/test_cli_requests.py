"""`returns request add / import / list` through the real CLI, checked against the rows stored.

Synthetic identifiers only: example.com e-mails, +1 202 555 01xx numbers, documentation IPs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import db_rows

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HEADER = "request_id,kind,provider,case_number,sent_on,targets,date_from,date_to"


def custody(case_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (case_dir / "custody.log").read_text(encoding="utf-8").splitlines()]


def snapshot(case_dir: Path) -> tuple[bytes, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """What a refused command must leave untouched."""
    return (
        (case_dir / "custody.log").read_bytes(),
        db_rows(case_dir, "SELECT * FROM requests ORDER BY request_id"),
        db_rows(case_dir, "SELECT * FROM request_targets ORDER BY request_id, target_no"),
    )


# -- request add -----------------------------------------------------------------------

ADD_ARGS = [
    "request", "add", "GGL-REQ-0141",
    "--kind", "warrant",
    "--provider", "Google",
    "--target", "email:Lantern.User@Example.COM",
    "--target", "phone:+1 202-555-0143",
    "--target", "ip:192.0.2.44",
    "--target", "ip:2001:DB8:0:0:0:0:0:1b",
    "--target", "ip:198.51.100.0/24",
    "--target", "IP:[2001:db8:85a3::8a2e:370:7334]",
    "--target", "ip:::ffff:203.0.113.77",
    "--target", "instagram:@Lantern.Demo",
    "--target", "account:000999000417",
    "--from", "2026-01-01",
    "--to", "2026-03-31",
    "--sent", "2026-04-02",
    "--case-number", "CASE-2026-0417",
    "--provider-reference", "GGL-2026-0141",
    "--nondisclosure-until", "2027-04-02",
    "--use-limits", "criminal investigation only",
]

EXPECTED_TARGETS = [
    # (target_no, target_type, value as given, normalized, known_type)
    (1, "email", "Lantern.User@Example.COM", "lantern.user@example.com", True),
    (2, "phone", "+1 202-555-0143", "+12025550143", True),
    (3, "ip", "192.0.2.44", "192.0.2.44", True),
    (4, "ip", "2001:DB8:0:0:0:0:0:1b", "2001:db8::1b", True),
    (5, "ip", "198.51.100.0/24", "198.51.100.0/24", True),
    (6, "ip", "[2001:db8:85a3::8a2e:370:7334]", "2001:db8:85a3::8a2e:370:7334", True),
    (7, "ip", "::ffff:203.0.113.77", "203.0.113.77", True),
    (8, "instagram", "@Lantern.Demo", "lantern.demo", True),
    (9, "account", "000999000417", "000999000417", True),
]


def test_request_add_stores_the_request_its_targets_and_a_custody_entry(run) -> None:  # noqa: ANN001
    root = run.case_dir
    res = run(*ADD_ARGS)
    assert res.exit_code == 0, res.output
    assert res.stdout == "Registered request GGL-REQ-0141 (warrant, Google) with 9 target(s).\n"
    assert res.stderr == ""

    entry = custody(root)[-1]
    assert entry["action"] == "request_registered"
    assert entry["object"] == "GGL-REQ-0141"
    assert entry["outcome"] == "ok"
    assert entry["actor"]["examiner"] == "Test Examiner"
    assert entry["details"]["request"] == {
        "request_id": "GGL-REQ-0141",
        "kind": "warrant",
        "provider": "Google",
        "case_number": "CASE-2026-0417",
        "provider_reference": "GGL-2026-0141",
        "sent_on": "2026-04-02",
        "date_from": "2026-01-01",
        "date_to": "2026-03-31",
        "nondisclosure_until": "2027-04-02",
        "use_limits": "criminal investigation only",
        "targets": [
            {"target_type": t, "value": v, "normalized": n, "known_type": k, "warnings": []}
            for _no, t, v, n, k in EXPECTED_TARGETS
        ],
        "warnings": [],
    }

    rows = db_rows(root, "SELECT * FROM requests")
    assert len(rows) == 1
    (request_id, kind, provider, provider_reference, case_number, sent_on, date_from, date_to, status,
     nondisclosure_until, use_limits, registered_at, registered_by, warnings, custody_seq) = rows[0]
    assert (request_id, kind, provider, provider_reference, case_number) == (
        "GGL-REQ-0141", "warrant", "Google", "GGL-2026-0141", "CASE-2026-0417")
    assert (sent_on, date_from, date_to, nondisclosure_until) == (
        dt.date(2026, 4, 2), dt.date(2026, 1, 1), dt.date(2026, 3, 31), dt.date(2027, 4, 2))
    assert status == "outstanding"
    assert use_limits == "criminal investigation only"
    assert registered_by == "Test Examiner"
    assert warnings == []
    assert custody_seq == entry["seq"]
    assert registered_at == dt.datetime.fromisoformat(entry["time"].replace("Z", "+00:00"))

    assert db_rows(root, "SELECT target_no, target_type, value, normalized, known_type FROM request_targets "
                         "WHERE request_id = 'GGL-REQ-0141' ORDER BY target_no") == EXPECTED_TARGETS


def test_request_add_minimal_and_kind_aliases(run) -> None:  # noqa: ANN001
    res = run("request", "add", "MLA-1", "--kind", "MLAT", "--provider", "Fjordlink Broadband AS")
    assert res.exit_code == 0, res.output
    assert res.stdout == "Registered request MLA-1 (mla, Fjordlink Broadband AS) with 0 target(s).\n"
    assert run("request", "add", "PRES-1", "--kind", "2703(f)", "--provider", "Google").exit_code == 0
    assert db_rows(run.case_dir, "SELECT request_id, kind, sent_on, date_from, case_number, warnings FROM requests ORDER BY 1") == [
        ("MLA-1", "mla", None, None, None, []),
        ("PRES-1", "preservation", None, None, None, []),
    ]
    assert db_rows(run.case_dir, "SELECT count(*) FROM request_targets") == [(0,)]


def test_phone_without_country_code_uses_region(run) -> None:  # noqa: ANN001
    res = run("request", "add", "LSW-1", "--kind", "production_order", "--provider", "Lakeshore Wireless",
              "--target", "phone:(202) 555-0177", "--region", "US")
    assert res.exit_code == 0, res.output
    assert "Warning" not in res.stdout
    assert db_rows(run.case_dir, "SELECT value, normalized FROM request_targets") == [("(202) 555-0177", "+12025550177")]


def test_unknown_target_type_is_kept_with_a_warning(run) -> None:  # noqa: ANN001
    root = run.case_dir
    res = run("request", "add", "OTH-1", "--kind", "other", "--provider", "Myspace",
              "--target", "myspace:Lantern_Demo", "--target", "email:lantern.user@example.com")
    assert res.exit_code == 0, res.output
    warning = "target type 'myspace' is not one the tool knows; kept as given"
    assert res.stdout.splitlines() == [
        "Registered request OTH-1 (other, Myspace) with 2 target(s).",
        f"Warning: {warning}",
    ]
    assert db_rows(root, "SELECT target_no, target_type, value, normalized, known_type FROM request_targets ORDER BY 1") == [
        (1, "myspace", "Lantern_Demo", "Lantern_Demo", False),
        (2, "email", "lantern.user@example.com", "lantern.user@example.com", True),
    ]
    assert db_rows(root, "SELECT warnings FROM requests") == [([warning],)]
    entry = custody(root)[-1]
    assert entry["details"]["request"]["warnings"] == [warning]
    assert entry["details"]["request"]["targets"][0]["known_type"] is False
    assert entry["details"]["request"]["targets"][0]["warnings"] == [warning]


def test_mistyped_target_type_suggests_the_right_one(run) -> None:  # noqa: ANN001
    res = run("request", "add", "OTH-2", "--kind", "other", "--provider", "X", "--target", "e-mail:a@example.com")
    assert res.exit_code == 0
    assert "Warning: target type 'e-mail' is not one the tool knows; kept as given (did you mean email:a@example.com?)" in res.stdout.splitlines()


def test_repeated_target_is_listed_once(run) -> None:  # noqa: ANN001
    res = run("request", "add", "DUP-1", "--kind", "warrant", "--provider", "Google",
              "--target", "email:lantern.user@example.com", "--target", "EMAIL:Lantern.User@example.com")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == "Registered request DUP-1 (warrant, Google) with 1 target(s)."
    assert res.stdout.splitlines()[1].startswith("Warning: target 'email:Lantern.User@example.com' is the same as")
    assert db_rows(run.case_dir, "SELECT count(*) FROM request_targets") == [(1,)]


@pytest.mark.parametrize(
    "extra, code, message",
    [
        (["--kind", "letter", "--provider", "Google"], "REQUEST_INVALID_KIND",
         "kind is not a request kind the tool knows; write one of: preservation, voluntary_disclosure, "
         "emergency_disclosure, production_order, subpoena, warrant, mla, other (value: 'letter')"),
        (["--kind", "warrant", "--provider", "Google", "--sent", "2026-02-30"], "REQUEST_INVALID_DATE",
         "sent_on is not a real date: February 2026 has days 01 to 28 (value: '2026-02-30')"),
        (["--kind", "warrant", "--provider", "Google", "--from", "03/04/2026"], "REQUEST_INVALID_DATE",
         "date_from is ambiguous (day and month could be either way round); write 2026-04-03 for 3 April 2026 "
         "or 2026-03-04 for 4 March 2026 (value: '03/04/2026')"),
        (["--kind", "warrant", "--provider", "Google", "--from", "2026-03-01", "--to", "2026-02-01"], "REQUEST_INVALID_DATES",
         "date_from 2026-03-01 is after date_to 2026-02-01; the period must start on or before the day it ends "
         "(swap them?) (value: '2026-03-01 to 2026-02-01')"),
        (["--kind", "warrant", "--provider", " "], "REQUEST_INVALID_PROVIDER",
         "provider is empty; write who the request was sent to, e.g. Google, Meta or a carrier (value: ' ')"),
        (["--kind", "warrant", "--provider", "Google", "--target", "ip:192.0.2.010"], "REQUEST_INVALID_TARGET",
         "IP address has a leading zero, which is ambiguous (some systems read it as octal, others as decimal); "
         "write it without leading zeros, e.g. ip:192.0.2.10 if decimal was meant (value: 'ip:192.0.2.010')"),
        (["--kind", "warrant", "--provider", "Google", "--target", "lantern.user@example.com"], "REQUEST_INVALID_TARGET",
         "target has no type (no ':' found); write TYPE:VALUE, e.g. email:someone@example.com, phone:+12025550143, "
         "ip:192.0.2.1 or instagram:some.handle (value: 'lantern.user@example.com')"),
    ],
    ids=["bad-kind", "bad-date", "ambiguous-date", "dates-reversed", "empty-provider", "ip-leading-zero", "target-without-type"],
)
def test_invalid_request_is_refused_and_nothing_is_written(run, extra: list[str], code: str, message: str) -> None:  # noqa: ANN001
    root = run.case_dir
    before = snapshot(root)
    res = run("request", "add", "BAD-1", *extra)
    assert res.exit_code == 1, res.output
    assert res.stdout == ""
    assert res.stderr.splitlines()[0] == f"Error {code}: {message}"
    assert snapshot(root) == before
    assert [e["action"] for e in custody(root)] == ["case_created"]


def test_bad_request_id_is_refused(run) -> None:  # noqa: ANN001
    before = snapshot(run.case_dir)
    res = run("request", "add", " GGL-1", "--kind", "warrant", "--provider", "Google")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == (
        "Error REQUEST_INVALID_ID: request_id has spaces at the start or end; write it as 'GGL-1' (value: ' GGL-1')"
    )
    assert snapshot(run.case_dir) == before


def test_duplicate_request_id_is_refused(run) -> None:  # noqa: ANN001
    root = run.case_dir
    assert run("request", "add", "GGL-REQ-0141", "--kind", "warrant", "--provider", "Google",
               "--target", "email:lantern.user@example.com").exit_code == 0
    before = snapshot(root)
    res = run("request", "add", "GGL-REQ-0141", "--kind", "subpoena", "--provider", "Meta")
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        "Error REQUEST_EXISTS: already registered: GGL-REQ-0141",
        "Kept: nothing was registered by this command",
        "Next: each request id is registered once; use a new id, or remove these rows from the file",
    ]
    assert snapshot(root) == before
    assert db_rows(root, "SELECT kind, provider FROM requests") == [("warrant", "Google")]


# -- request import --------------------------------------------------------------------


def _sample_rows() -> list[dict[str, str]]:
    with open(SAMPLES / "requests.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_import_the_sample_requests(run) -> None:  # noqa: ANN001
    root = run.case_dir
    path = SAMPLES / "requests.csv"
    res = run("request", "import", path)
    assert res.exit_code == 0, res.output
    assert res.stdout == f"Registered 9 request(s) from {path}.\n"

    expected = _sample_rows()
    assert len(expected) == 9
    rows = db_rows(root, "SELECT request_id, kind, provider, case_number, sent_on, date_from, date_to, provider_reference, "
                         "status FROM requests ORDER BY request_id")
    assert rows == [
        (
            r["request_id"], r["kind"], r["provider"], r["case_number"], dt.date.fromisoformat(r["sent_on"]),
            dt.date.fromisoformat(r["date_from"]), dt.date.fromisoformat(r["date_to"]), r["provider_reference"] or None,
            "outstanding",
        )
        for r in sorted(expected, key=lambda r: r["request_id"])
    ]
    targets = db_rows(root, "SELECT request_id, target_no, target_type, value, normalized, known_type FROM request_targets "
                            "ORDER BY request_id, target_no")
    want = []
    for r in sorted(expected, key=lambda r: r["request_id"]):
        for no, text in enumerate(r["targets"].split(";"), start=1):
            ttype, value = text.split(":", 1)
            want.append((r["request_id"], no, ttype, value))
    assert [t[:4] for t in targets] == want
    assert all(t[5] for t in targets)
    by_key = {(t[0], t[1]): t[4] for t in targets}
    assert by_key[("REQ-2026-0106", 2)] == "+12025550143"
    assert by_key[("REQ-2026-0107", 2)] == "2001:db8:77:4100::1b"
    assert by_key[("REQ-2026-0103", 1)] == "jv_demo_0417"

    log = custody(root)
    registered = [e for e in log if e["action"] == "request_registered"]
    assert [e["object"] for e in registered] == [r["request_id"] for r in expected]
    assert all(e["details"]["source"] == str(path) for e in registered)
    seqs = dict(db_rows(root, "SELECT request_id, custody_seq FROM requests"))
    assert seqs == {e["object"]: e["seq"] for e in registered}


def test_import_with_one_bad_row_imports_nothing(run, tmp_path: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    path = tmp_path / "requests.csv"
    path.write_text(
        HEADER + "\n"
        "REQ-A,warrant,Google,CASE-2026-0417,2026-02-03,email:lantern.user@example.com,2025-12-01,2026-01-31\n"
        "REQ-B,warrant,Meta,CASE-2026-0417,2026-02-31,instagram:lantern.demo,2025-12-01,2026-01-31\n"
        "REQ-C,subpoena,Snapchat,CASE-2026-0417,2026-02-05,snapchat:lantern_snaps,2025-12-01,2026-01-31\n",
        encoding="utf-8",
    )
    before = snapshot(root)
    res = run("request", "import", path)
    assert res.exit_code == 1, res.output
    assert res.stdout == ""
    assert res.stderr.splitlines() == [
        f"Error REQUEST_CSV_INVALID: {path} has problems on 1 line:",
        "line 3: sent_on is not a real date: February 2026 has days 01 to 28 (value: '2026-02-31')",
        "Kept: nothing was imported",
        "Next: Fix the lines listed in the file (or remove them) and import it again.",
    ]
    assert snapshot(root) == before
    assert [e["action"] for e in custody(root)] == ["case_created"]


def test_import_lists_every_bad_line(run, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "requests.csv"
    path.write_text(
        HEADER + "\n"
        "REQ-A,letter,Google,,,,,\n"
        "REQ-B,warrant,Meta,,,ip:999.0.2.1,,\n"
        "REQ-A,warrant,Meta,,,,,\n",
        encoding="utf-8",
    )
    before = snapshot(run.case_dir)
    res = run("request", "import", path)
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert lines[0] == f"Error REQUEST_CSV_INVALID: {path} has problems on 3 lines:"
    assert lines[1].startswith("line 2: kind is not a request kind the tool knows")
    assert lines[2].startswith("line 3: IP address is not a valid IPv4 or IPv6 address")
    assert lines[3] == ("line 4: request_id is already used on line 2; each request needs its own identifier "
                        "(value: 'REQ-A')")
    assert snapshot(run.case_dir) == before


def test_import_with_an_id_already_registered_imports_nothing(run, tmp_path: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    assert run("request", "add", "REQ-B", "--kind", "warrant", "--provider", "Meta").exit_code == 0
    path = tmp_path / "requests.csv"
    path.write_text(
        HEADER + "\n"
        "REQ-A,warrant,Google,CASE-2026-0417,2026-02-03,email:lantern.user@example.com,2025-12-01,2026-01-31\n"
        "REQ-B,warrant,Meta,CASE-2026-0417,2026-02-04,instagram:lantern.demo,2025-12-01,2026-01-31\n",
        encoding="utf-8",
    )
    before = snapshot(root)
    res = run("request", "import", path)
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == "Error REQUEST_EXISTS: already registered: REQ-B"
    assert "Kept: nothing was registered by this command" in res.stderr.splitlines()
    assert snapshot(root) == before
    assert db_rows(root, "SELECT request_id FROM requests") == [("REQ-B",)]


@pytest.mark.parametrize(
    "content, code",
    [
        (b"", "REQUEST_CSV_HEADER"),
        (b"request_id;kind;provider\nX;warrant;Google\n", "REQUEST_CSV_HEADER"),
        (HEADER.encode() + b"\nREQ-\xe9,warrant,Google,,,,,\n", "REQUEST_CSV_ENCODING"),
        (HEADER.encode() + b"\n", "REQUEST_CSV_EMPTY"),
    ],
    ids=["empty-file", "semicolons", "latin1", "header-only"],
)
def test_import_of_a_bad_file_imports_nothing(run, tmp_path: Path, content: bytes, code: str) -> None:  # noqa: ANN001
    path = tmp_path / "requests.csv"
    path.write_bytes(content)
    before = snapshot(run.case_dir)
    res = run("request", "import", path)
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error {code}: ")
    assert snapshot(run.case_dir) == before


def test_import_of_a_missing_file(run, tmp_path: Path) -> None:  # noqa: ANN001
    res = run("request", "import", tmp_path / "nope.csv")
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error REQUEST_CSV_UNREADABLE: cannot read {tmp_path / 'nope.csv'}: ")


# -- request list ----------------------------------------------------------------------

LIST_COLUMNS = ["request_id", "kind", "provider", "case_number", "sent_on", "date_from", "date_to", "status",
                "packages", "targets", "provider_reference"]


def _register_two(run) -> None:  # noqa: ANN001
    assert run("request", "add", "GGL-REQ-0141", "--kind", "warrant", "--provider", "Google",
               "--target", "email:Lantern.User@example.com", "--target", "phone:+12025550143",
               "--from", "2026-01-01", "--to", "2026-03-31", "--sent", "2026-04-02",
               "--case-number", "CASE-2026-0417", "--provider-reference", "GGL-2026-0141").exit_code == 0
    assert run("request", "add", "DSC-REQ-0108", "--kind", "preservation", "--provider", "Discord").exit_code == 0


def _expected(status: str, packages: int) -> list[dict[str, Any]]:
    return [
        {"request_id": "DSC-REQ-0108", "kind": "preservation", "provider": "Discord", "case_number": None,
         "sent_on": None, "date_from": None, "date_to": None, "status": "outstanding", "packages": 0,
         "targets": None, "provider_reference": None},
        {"request_id": "GGL-REQ-0141", "kind": "warrant", "provider": "Google", "case_number": "CASE-2026-0417",
         "sent_on": "2026-04-02", "date_from": "2026-01-01", "date_to": "2026-03-31", "status": status,
         "packages": packages, "targets": "email:Lantern.User@example.com; phone:+12025550143",
         "provider_reference": "GGL-2026-0141"},
    ]


def _as_csv_rows(expected: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in expected]


def test_request_list_empty(run) -> None:  # noqa: ANN001
    assert run("request", "list").stdout == "(none)\n"
    assert json.loads(run("request", "list", "--json").stdout) == []
    assert run("request", "list", "--csv").stdout == ",".join(LIST_COLUMNS) + "\n"


def test_request_list_in_every_format_before_and_after_an_answer(run, tmp_path: Path) -> None:  # noqa: ANN001
    _register_two(run)

    res = run("request", "list", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == _expected("outstanding", 0)

    res = run("request", "list", "--csv")
    assert res.exit_code == 0, res.output
    reader = csv.DictReader(io.StringIO(res.stdout))
    assert reader.fieldnames == LIST_COLUMNS
    assert list(reader) == _as_csv_rows(_expected("outstanding", 0))

    res = run("request", "list")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split() == LIST_COLUMNS
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split() == ["DSC-REQ-0108", "preservation", "Discord", "outstanding", "0"]
    assert lines[3].split()[:9] == ["GGL-REQ-0141", "warrant", "Google", "CASE-2026-0417", "2026-04-02",
                                    "2026-01-01", "2026-03-31", "outstanding", "0"]
    assert "email:Lantern.User@example.com;" in lines[3] and lines[3].endswith("GGL-2026-0141")

    # a package answering GGL-REQ-0141 (a plain text file: no archive involved)
    letter = tmp_path / "GGL-2026-0141-cover.txt"
    letter.write_text("Cover letter for GGL-2026-0141 (synthetic).\n")
    res = run("ingest", letter, "--request", "GGL-REQ-0141", "--received-from", "Google LERS")
    assert res.exit_code == 0, res.output
    assert db_rows(run.case_dir, "SELECT request_id, status FROM requests ORDER BY 1") == [
        ("DSC-REQ-0108", "outstanding"), ("GGL-REQ-0141", "answered")]

    assert json.loads(run("request", "list", "--json").stdout) == _expected("answered", 1)
    assert list(csv.DictReader(io.StringIO(run("request", "list", "--csv").stdout))) == _as_csv_rows(_expected("answered", 1))
    assert run("request", "list").stdout.splitlines()[3].split()[7:9] == ["answered", "1"]

    # a second, different package for the same request counts too
    other = tmp_path / "GGL-2026-0141-certificate.txt"
    other.write_text("Certificate of authenticity (synthetic).\n")
    assert run("ingest", other, "--request", "GGL-REQ-0141").exit_code == 0
    assert json.loads(run("request", "list", "--json").stdout)[1]["packages"] == 2


def test_a_package_ingested_without_request_answers_nothing(run, tmp_path: Path) -> None:  # noqa: ANN001
    """A package ingested without --request does not answer anything."""
    letter = tmp_path / "letter.txt"
    letter.write_text("Unlinked letter (synthetic).\n")
    assert run("ingest", letter).exit_code == 0
    _register_two(run)
    assert [r["status"] for r in json.loads(run("request", "list", "--json").stdout)] == ["outstanding", "outstanding"]
    assert db_rows(run.case_dir, "SELECT request_id, link_method FROM packages") == [(None, None)]


def test_csv_output_defuses_formulas(run) -> None:  # noqa: ANN001
    assert run("request", "add", "=HYPERLINK-1", "--kind", "other", "--provider", "+Provider").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run("request", "list", "--csv").stdout)))
    assert rows[0]["request_id"] == "'=HYPERLINK-1"
    assert rows[0]["provider"] == "'+Provider"
    # JSON carries the text as it is
    assert json.loads(run("request", "list", "--json").stdout)[0]["request_id"] == "=HYPERLINK-1"
