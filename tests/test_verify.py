"""verify: every tampering with the store or the custody log is named; a clean case passes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.case import Case
from pipeline.custody import entry_hash, canonical
from pipeline.ingest import ingest
from pipeline.verify import verify

from .conftest import make_zip


@pytest.fixture
def filled(case: Case, tmp_path: Path) -> Case:
    z = make_zip(tmp_path / "GGL-2026-0141.zip", {
        "subscriber.txt": b"Name: Lantern User\nEmail: lantern.user@example.com\n",
        "ip_activity.csv": b"Timestamp,IP Address\n2026-01-02 03:04:05 UTC,192.0.2.10\n",
    })
    loose = tmp_path / "letter.txt"
    loose.write_bytes(b"Dear Officer, please find attached ...\n")
    results = ingest(case, [z, loose])
    assert all(r.error is None for r in results)
    return case


def _kinds(report) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(p.where, p.kind) for p in report.problems}


def _writable(path: Path) -> None:
    os.chmod(path, 0o644)


def _stored(case: Case) -> list[Path]:
    return sorted(case.evidence_dir.iterdir())


def test_untouched_case_verifies_and_logs_the_run(filled: Case) -> None:
    report = verify(filled)
    assert report.ok, report.problems
    assert report.files_checked == 6  # zip, 2 members, letter + the two packages' extraction artifacts
    last = filled.custody().entries()[-1]
    assert last["action"] == "verification_run" and last["outcome"] == "ok"
    assert (report.head_seq, report.head_hash) == (last["seq"], last["hash"])


def test_flipped_byte_is_named(filled: Case) -> None:
    target = _stored(filled)[0]
    _writable(target)
    data = bytearray(target.read_bytes())
    data[0] ^= 0x01
    target.write_bytes(bytes(data))
    report = verify(filled)
    assert ("store", "changed") in _kinds(report)
    assert any(p.subject == target.name for p in report.problems)


def test_truncation_deletion_replacement_extra_and_rename_are_named(filled: Case) -> None:
    files = _stored(filled)
    _writable(files[0]); files[0].write_bytes(files[0].read_bytes()[:-3])            # truncated
    _writable(files[1]); files[1].unlink()                                            # deleted
    _writable(files[2]); files[2].write_bytes(bytes(len(files[2].read_bytes())))      # same-size replacement
    (filled.evidence_dir / ("e" * 64)).write_bytes(b"planted")                        # extra file
    os.rename(files[3], filled.evidence_dir / (files[3].name[::-1]))                  # renamed
    report = verify(filled)
    subjects = {(p.kind, p.subject) for p in report.problems}
    assert ("changed", files[0].name) in subjects
    assert ("missing", files[1].name) in subjects
    assert ("changed", files[2].name) in subjects
    assert ("unexpected", "e" * 64) in subjects
    assert ("missing", files[3].name) in subjects
    assert any(p.subject == files[3].name[::-1] for p in report.problems)
    assert not report.ok


def _lines(case: Case) -> list[bytes]:
    return case.custody_path.read_bytes().splitlines(keepends=True)


def _write(case: Case, lines: list[bytes]) -> None:
    case.custody_path.write_bytes(b"".join(lines))


def test_edited_entry_is_named(filled: Case) -> None:
    lines = _lines(filled)
    lines[2] = lines[2].replace(b"Test Examiner", b"Someone Else")
    _write(filled, lines)
    report = verify(filled)
    assert ("log", "edited") in _kinds(report)
    assert any("seq 3" in p.subject for p in report.problems)


def test_deleted_entry_is_named(filled: Case) -> None:
    lines = _lines(filled)
    del lines[3]
    _write(filled, lines)
    kinds = _kinds(verify(filled))
    assert ("log", "gap") in kinds and ("log", "chain_broken") in kinds


def test_reordered_entries_are_named(filled: Case) -> None:
    lines = _lines(filled)
    lines[3], lines[4] = lines[4], lines[3]
    _write(filled, lines)
    kinds = _kinds(verify(filled))
    assert ("log", "out_of_order") in kinds and ("log", "chain_broken") in kinds


def test_inserted_entry_is_named(filled: Case) -> None:
    lines = _lines(filled)
    fake = json.loads(lines[2])
    fake["details"] = {"note": "inserted"}
    fake["hash"] = entry_hash(fake)
    lines.insert(3, canonical(fake) + b"\n")
    _write(filled, lines)
    kinds = _kinds(verify(filled))
    assert ("log", "chain_broken") in kinds


def test_torn_last_line_is_named(filled: Case) -> None:
    lines = _lines(filled)
    lines[-1] = lines[-1][: len(lines[-1]) // 2]
    _write(filled, lines)
    kinds = _kinds(verify(filled))
    assert ("log", "torn_tail") in kinds or ("log", "unreadable") in kinds


def test_rehashed_forged_suffix_is_caught_only_against_an_anchor(filled: Case) -> None:
    anchor_report = verify(filled)
    anchor = f"{anchor_report.head_seq}:{anchor_report.head_hash}"
    # forge: rewrite entry 3 and re-hash everything after it so the chain is consistent
    entries = [json.loads(line) for line in _lines(filled)]
    entries[2]["actor"]["examiner"] = "Forger"
    for i in range(2, len(entries)):
        entries[i]["prev"] = entries[i - 1]["hash"]
        entries[i]["hash"] = entry_hash(entries[i])
    _write(filled, [canonical(e) + b"\n" for e in entries])
    assert verify(filled, record=False).ok, "a consistent forgery passes the chain check alone"
    report = verify(filled, anchor, record=False)
    assert ("log", "anchor_mismatch") in _kinds(report)


def test_cut_off_tail_is_caught_against_an_anchor(filled: Case) -> None:
    anchor_report = verify(filled)
    anchor = f"{anchor_report.head_seq}:{anchor_report.head_hash}"
    lines = _lines(filled)
    _write(filled, lines[:-3])
    assert verify(filled, record=False).ok
    report = verify(filled, anchor, record=False)
    assert ("log", "anchor_missing") in _kinds(report)


def test_cli_verify_exit_codes_and_messages(filled: Case, run) -> None:  # type: ignore[no-untyped-def]
    res = run("verify")
    assert res.exit_code == 0, res.output
    assert "No problems found" in res.output
    assert "Log head (anchor): " in res.output
    anchor = res.output.strip().splitlines()[-1].split(": ", 1)[1]
    assert run("verify", "--anchor", anchor).exit_code == 0
    target = _stored(filled)[0]
    _writable(target)
    target.write_bytes(b"tampered")
    res = run("verify")
    assert res.exit_code == 3
    assert f"[store] changed: {target.name}" in res.output
    assert "PROBLEMS FOUND (1)" in res.output
    bad = run("verify", "--anchor", "nonsense")
    assert bad.exit_code == 1 and "Error ANCHOR_INVALID" in bad.output
