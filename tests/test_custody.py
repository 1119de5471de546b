"""The custody log: chaining, reading back, and damage detection on append."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.custody import GENESIS, Actor, CustodyLog, canonical, entry_hash
from pipeline.errors import ReturnsError


@pytest.fixture
def log(tmp_path: Path) -> CustodyLog:
    return CustodyLog(tmp_path / "custody.log", Actor("A. Analyst"))


def test_entries_are_chained_with_sequence_and_hash(log: CustodyLog) -> None:
    first = log.append("case_created", "CASE-1", case_number="CASE-1")
    second = log.append("request_registered", "R-1", request={"request_id": "R-1"})
    assert first["seq"] == 1 and first["prev"] == GENESIS
    assert second["seq"] == 2 and second["prev"] == first["hash"]
    assert entry_hash(second) == second["hash"]
    assert log.head() == (2, second["hash"])
    lines = log.path.read_bytes().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[1]) == second
    # canonical form: sorted keys, no spaces
    assert lines[1] == canonical(second)


def test_entry_records_who_when_tool_and_outcome(log: CustodyLog) -> None:
    e = log.append("export_made", "abc", outcome="ok", note="x")
    assert e["actor"]["examiner"] == "A. Analyst"
    assert e["actor"]["os_user"] and e["actor"]["host"]
    assert e["time"].endswith("Z") and "T" in e["time"]
    assert e["tool"]["name"] == "csp-returns" and e["tool"]["version"]
    assert e["outcome"] == "ok" and e["details"] == {"note": "x"}


def test_append_many_writes_consecutive_entries(log: CustodyLog) -> None:
    log.append("case_created", "C")
    written = log.append_many([("file_stored", "a" * 64, "ok", {}), ("file_stored", "b" * 64, "ok", {})])
    assert [e["seq"] for e in written] == [2, 3]
    assert written[1]["prev"] == written[0]["hash"]
    assert [e["seq"] for e in log.entries()] == [1, 2, 3]


def test_append_refuses_a_torn_last_line(log: CustodyLog) -> None:
    log.append("case_created", "C")
    with open(log.path, "ab") as fh:
        fh.write(b'{"seq":2,"prev":"')
    with pytest.raises(ReturnsError) as info:
        log.append("file_stored", "a" * 64)
    assert info.value.code == "CUSTODY_LOG_DAMAGED"
    assert "incomplete" in info.value.message


def test_append_refuses_an_edited_last_entry(log: CustodyLog) -> None:
    log.append("case_created", "C")
    text = log.path.read_text().replace('"case_created"', '"case_deleted"')
    log.path.write_text(text)
    with pytest.raises(ReturnsError) as info:
        log.append("file_stored", "a" * 64)
    assert info.value.code == "CUSTODY_LOG_DAMAGED"


def test_passwords_are_never_logged(case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Ingesting with a password records that one was used, never the password."""
    import pyzipper

    secret = "Lantern-Secret-7731"
    z = tmp_path / "locked.zip"
    with pyzipper.AESZipFile(z, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zf:
        zf.setpassword(secret.encode())
        zf.writestr("ip_log.csv", b"ip,time\n192.0.2.10,2026-01-02T03:04:05Z\n")
    pw = tmp_path / "pw.txt"
    pw.write_text(secret + "\n")
    from pipeline.ingest import ingest, load_passwords

    results = ingest(case, [z], passwords=load_passwords(pw))
    assert results[0].error is None
    text = case.custody_path.read_text()
    assert secret not in text
    assert '"password_supplied":true' in text
    assert '"password_used":true' in text
