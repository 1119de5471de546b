"""Scorecard cases: tampering with the evidence store or the custody log is caught by ``returns verify``.

Each case works on its own copy of one filled case (a zip package and a loose letter), changes
one thing the way someone with file access could, and runs the real ``returns verify``: exit 3
and the damaged file or log line named; an untouched copy passes (no false alarm).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.custody import canonical, entry_hash

from ..conftest import make_zip
from .checks import Workspace, case, workspace


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = workspace(tmp_path_factory.mktemp("sc_tamper_template"))
    z = make_zip(ws.inbox / "GGL-2026-0141.zip", {
        "subscriber.txt": b"Name: Lantern User\nEmail: lantern.user@example.com\n",
        "ip_activity.csv": b"Timestamp,IP Address\n2026-01-02 03:04:05 UTC,192.0.2.10\n",
    })
    letter = ws.inbox / "letter.txt"
    letter.write_bytes(b"Dear Officer, please find attached ...\n")
    res = ws.returns("ingest", z, letter)
    assert res.returncode == 0, res.output
    return ws.case_dir


def _copy(template: Path, tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path)
    shutil.copytree(template, ws.case_dir)
    return ws


def _evidence(ws: Workspace) -> list[Path]:
    return sorted((ws.case_dir / "evidence").iterdir())


def _writable(path: Path) -> None:
    os.chmod(path, 0o644)  # evidence files are read-only; a tamperer changes that first


def _verify_fails(ws: Workspace, *must_name: str, anchor: str | None = None) -> str:
    res = ws.returns("verify", *(["--anchor", anchor] if anchor else []))
    res.assert_clean()
    assert res.returncode == 3, f"exit {res.returncode}, expected 3 (verify failed)\n{res.output}"
    assert "PROBLEMS FOUND" in res.output, res.output
    for text in must_name:
        assert text in res.output, f"{text!r} not named\n{res.output}"
    return res.output


def _anchor(ws: Workspace) -> str:
    res = ws.returns("verify")
    assert res.returncode == 0, res.output
    return res.output.strip().splitlines()[-1].split(": ", 1)[1]


# -- control ---------------------------------------------------------------------------------


@case("SC-TAM-001", "untouched copy of a filled case, verify and verify --anchor",
      "exit 0, 'No problems found', no false alarm")
def test_untouched_control(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    anchor = _anchor(ws)
    res = ws.returns("verify", "--anchor", anchor)
    res.assert_clean()
    assert res.returncode == 0, res.output
    assert "No problems found" in res.output and "PROBLEMS FOUND" not in res.output


# -- the evidence store ----------------------------------------------------------------------


def _flip(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0x01
    p.write_bytes(bytes(data))



@case("SC-TAM-002", "one byte flipped in a stored evidence file", "verify exit 3, '[store] changed: <hash>'")
def test_store_flipped_byte(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    target = _evidence(ws)[0]
    _writable(target)
    _flip(target)
    _verify_fails(ws, f"[store] changed: {target.name}")


@case("SC-TAM-003", "a stored evidence file truncated by 3 bytes", "verify exit 3, '[store] changed: <hash>'")
def test_store_truncated(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    target = _evidence(ws)[1]
    _writable(target)
    target.write_bytes(target.read_bytes()[:-3])
    _verify_fails(ws, f"[store] changed: {target.name}")


@case("SC-TAM-004", "a stored evidence file deleted", "verify exit 3, '[store] missing: <hash>'")
def test_store_deleted(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    target = _evidence(ws)[2]
    _writable(target)
    target.unlink()
    _verify_fails(ws, f"[store] missing: {target.name}")


@case("SC-TAM-005", "a stored evidence file replaced by zero bytes of the same size",
      "verify exit 3, '[store] changed: <hash>'")
def test_store_same_size_replacement(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    target = _evidence(ws)[0]
    size = target.stat().st_size
    _writable(target)
    target.write_bytes(bytes(size))
    assert target.stat().st_size == size
    _verify_fails(ws, f"[store] changed: {target.name}")


@case("SC-TAM-006", "an extra file planted in the store under a SHA-256-like name",
      "verify exit 3, '[store] unexpected: <name>'")
def test_store_extra_file(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    planted = ws.case_dir / "evidence" / ("e" * 64)
    planted.write_bytes(b"planted")
    _verify_fails(ws, f"[store] unexpected: {planted.name}")


@case("SC-TAM-007", "a stored evidence file renamed (its name reversed)",
      "verify exit 3, the old name missing and the new name unexpected")
def test_store_renamed(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    target = _evidence(ws)[0]
    new = target.with_name(target.name[::-1])
    os.rename(target, new)
    _verify_fails(ws, f"[store] missing: {target.name}", new.name)


# -- the custody log -------------------------------------------------------------------------


def _lines(ws: Workspace) -> list[bytes]:
    return (ws.case_dir / "custody.log").read_bytes().splitlines(keepends=True)


def _write(ws: Workspace, lines: list[bytes]) -> None:
    (ws.case_dir / "custody.log").write_bytes(b"".join(lines))


@case("SC-TAM-008", "custody log: one entry's examiner edited in place", "verify exit 3, '[log] edited' naming seq 3")
def test_log_edited_entry(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    lines = _lines(ws)
    assert b"Test Examiner" in lines[2]
    lines[2] = lines[2].replace(b"Test Examiner", b"Someone Else")
    _write(ws, lines)
    _verify_fails(ws, "[log] edited", "(seq 3)")


@case("SC-TAM-009", "custody log: one entry deleted", "verify exit 3, '[log] gap' and '[log] chain_broken' at the hole")
def test_log_deleted_entry(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    lines = _lines(ws)
    del lines[3]
    _write(ws, lines)
    _verify_fails(ws, "[log] gap", "[log] chain_broken", "(seq 5)")


@case("SC-TAM-010", "custody log: two entries swapped", "verify exit 3, '[log] out_of_order' and '[log] chain_broken'")
def test_log_reordered_entries(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    lines = _lines(ws)
    lines[3], lines[4] = lines[4], lines[3]
    _write(ws, lines)
    _verify_fails(ws, "[log] out_of_order", "[log] chain_broken")


@case("SC-TAM-011", "custody log: a self-consistent (own hash correct) entry inserted",
      "verify exit 3, '[log] chain_broken' at the inserted line")
def test_log_inserted_entry(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    lines = _lines(ws)
    fake = json.loads(lines[2])
    fake["details"] = {"note": "inserted"}
    fake["hash"] = entry_hash(fake)
    lines.insert(3, canonical(fake) + b"\n")
    _write(ws, lines)
    _verify_fails(ws, "[log] chain_broken", "line 4")


@case("SC-TAM-012", "custody log: entry 3 forged and every later entry re-hashed so the chain is consistent",
      "plain verify cannot tell (exit 0); verify --anchor SEQ:HASH taken earlier exits 3, '[log] anchor_mismatch'")
def test_log_rehashed_forgery_needs_anchor(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    anchor = _anchor(ws)
    entries = [json.loads(line) for line in _lines(ws)]
    entries[2]["actor"]["examiner"] = "Forger"
    for i in range(2, len(entries)):
        entries[i]["prev"] = entries[i - 1]["hash"]
        entries[i]["hash"] = entry_hash(entries[i])
    _write(ws, [canonical(e) + b"\n" for e in entries])
    plain = ws.returns("verify")
    plain.assert_clean()
    assert plain.returncode == 0, f"a consistent forgery is expected to pass the chain check alone\n{plain.output}"
    seq = anchor.split(":", 1)[0]
    _verify_fails(ws, "[log] anchor_mismatch", f"seq {seq}", anchor=anchor)


@case("SC-TAM-013", "custody log: the last 3 entries cut off",
      "plain verify cannot tell (exit 0); verify --anchor taken earlier exits 3, '[log] anchor_missing'")
def test_log_cut_tail_needs_anchor(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    anchor = _anchor(ws)
    _write(ws, _lines(ws)[:-3])
    plain = ws.returns("verify")
    plain.assert_clean()
    assert plain.returncode == 0, plain.output
    seq = anchor.split(":", 1)[0]
    _verify_fails(ws, "[log] anchor_missing", f"seq {seq}", anchor=anchor)


@case("SC-TAM-014", "custody log: the last line torn in half (no newline)",
      "verify exit 3, '[log] torn_tail' or '[log] unreadable' for the last line")
def test_log_torn_last_line(template: Path, tmp_path: Path) -> None:
    ws = _copy(template, tmp_path)
    lines = _lines(ws)
    lines[-1] = lines[-1][: len(lines[-1]) // 2]
    _write(ws, lines)
    out = _verify_fails(ws)
    assert "[log] torn_tail" in out or f"[log] unreadable: line {len(lines)}" in out, out
