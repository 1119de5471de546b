"""Scorecard cases: hostile input files and folders (names, FIFOs, links, repeats, files that change).

Every input is built here inside the case's workspace; the real CLI ingests it in a subprocess
under the hostile limits, and :func:`assert_safe` checks exit code, store, custody and verify.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from ..conftest import make_zip
from .checks import Workspace, assert_safe, case, sha256_file, workspace

MiB = 2**20

COLS = ["path", "sha256", "name", "name_raw", "name_encoding", "depth", "kind", "size", "status", "reason", "flags",
        "member_id"]


def blob(tag: str) -> bytes:
    """Small binary content nothing identifies (libmagic: application/octet-stream)."""
    return b"\x00\xff\x00\xfe" + tag.encode() + b"\x00" + hashlib.sha256(tag.encode()).digest() * 4


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def member_list(ws: Workspace) -> list[dict[str, Any]]:
    return [dict(zip(COLS, r)) for r in ws.rows(f"SELECT {', '.join(COLS)} FROM package_files ORDER BY member_id")]


def summary(res: Any) -> str:
    lines = [line for line in res.stdout.splitlines() if line.startswith("Summary: ")]
    assert len(lines) == 1, res.output
    return lines[0]


def actions(ws: Workspace) -> list[str]:
    return [e["action"] for e in ws.custody()]


@case("SC-FIL-001", "a single-file package whose file name contains a newline ('bad\\nname.bin')",
      "stored by hash; original_name_raw keeps the raw bytes; the name is shown escaped (\\n) in the database and "
      "in the ingest output, never as a raw line break; flagged newline_in_name")
def test_newline_in_file_name(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    f = ws.inbox / "bad\nname.bin"
    f.write_bytes(blob("newline"))
    before = ws.outside()
    res = ws.returns("ingest", f)
    assert_safe(ws, res, exit_code=0, stored=[f], outside_before=before)
    assert ws.rows("SELECT original_name, original_name_raw FROM packages") == [("bad\\nname.bin", b"bad\nname.bin")]
    (m,) = member_list(ws)
    assert (m["name_raw"], m["sha256"]) == (b"bad\nname.bin", sha(blob("newline")))
    assert "newline_in_name" in m["flags"]
    assert "bad\nname" not in res.output and "bad\\nname.bin" in res.stdout
    assert res.stdout.splitlines()[0].endswith("bad\\nname.bin: package P-" + sha256_file(f)[:12])


@case("SC-FIL-002", "a single-file package whose name is not UTF-8 (bytes b'caf\\xe9.csv')",
      "stored by hash; original_name_raw keeps the exact bytes; the name is decoded with its encoding recorded "
      "and flagged undecodable_bytes; no crash printing it")
def test_non_utf8_file_name(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    raw = os.path.join(os.fsencode(ws.inbox), b"caf\xe9.csv")
    with open(raw, "wb") as fh:
        fh.write(blob("latin"))
    f = Path(os.fsdecode(raw))
    before = ws.outside()
    res = ws.returns("ingest", f)
    assert_safe(ws, res, exit_code=0, stored=[f], outside_before=before)
    (row,) = ws.rows("SELECT original_name, original_name_raw FROM packages")
    assert row[1] == b"caf\xe9.csv"
    (m,) = member_list(ws)
    assert m["name_raw"] == b"caf\xe9.csv" and m["sha256"] == sha(blob("latin"))
    assert m["name_encoding"] == "latin-1" and "undecodable_bytes" in m["flags"]
    assert "\udce9" not in res.stdout


@case("SC-FIL-003", "a FIFO given as the PATH to ingest",
      "exit 1 with Error INPUT_NOT_REGULAR; the pipe is never opened (no hang); nothing stored, no package, no "
      "package_received in custody")
def test_fifo_as_path(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    fifo = ws.inbox / "stream"
    os.mkfifo(fifo)
    before = ws.outside()
    res = ws.returns("ingest", fifo)
    assert_safe(ws, res, exit_code=1, error_code="INPUT_NOT_REGULAR", outside_before=before)
    assert "Kept: nothing" in res.output
    assert ws.stored() == set()
    assert ws.rows("SELECT count(*) FROM packages") == [(0,)]
    assert ws.rows("SELECT count(*) FROM package_files") == [(0,)]
    assert "package_received" not in actions(ws) and "file_stored" not in actions(ws)


@case("SC-FIL-004", "a folder package holding good files, a FIFO, a chmod-000 file and a symlink loop (a -> b, b -> a)",
      "exit 0; FIFO and both links listed rejected with kind and reason (not followed, no hang) and "
      "INPUT_REJECTED warnings; the chmod-000 file is stored when running as root (root can read it), else "
      "rejected 'permission denied'; the good files stored; package incomplete; manifest lists only stored files")
def test_folder_with_fifo_unreadable_and_link_loop(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    folder = ws.inbox / "pkg"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.bin").write_bytes(blob("good"))
    (folder / "sub" / "also.bin").write_bytes(blob("also"))
    os.mkfifo(folder / "sub" / "pipe")
    locked = folder / "locked.bin"
    locked.write_bytes(blob("locked"))
    os.chmod(locked, 0)
    os.symlink("b", folder / "a")
    os.symlink("a", folder / "b")
    as_root = os.geteuid() == 0
    before = ws.outside()
    res = ws.returns("ingest", folder)
    good = [folder / "good.bin", folder / "sub" / "also.bin"] + ([locked] if as_root else [])
    assert_safe(ws, res, exit_code=0, stored=good, outside_before=before)
    m = {r["path"]: r for r in member_list(ws)}
    assert sorted(m) == ["a", "b", "good.bin", "locked.bin", "sub/also.bin", "sub/pipe"]
    for path, kind, reason in (("a", "symlink", "symbolic link to 'b': not followed"),
                               ("b", "symlink", "symbolic link to 'a': not followed"),
                               ("sub/pipe", "fifo", "not a regular file (fifo): not read")):
        assert (m[path]["status"], m[path]["kind"], m[path]["reason"], m[path]["sha256"]) == ("rejected", kind, reason, None)
    if as_root:  # root reads a mode-000 file: it is simply evidence
        assert (m["locked.bin"]["status"], m["locked.bin"]["sha256"]) == ("unidentified", sha(blob("locked")))
    else:
        assert m["locked.bin"]["status"] == "rejected" and "permission denied" in m["locked.bin"]["reason"]
    rejected = {r[0] for r in ws.rows("SELECT locator FROM warnings WHERE code = 'INPUT_REJECTED'")}
    assert rejected == {"a", "b", "sub/pipe"} | (set() if as_root else {"locked.bin"})
    (psha, status, count) = ws.rows("SELECT sha256, status, file_count FROM packages")[0]
    assert status == "incomplete" and count == len(good)
    manifest = (ws.case_dir / "manifests" / psha).read_text()
    assert sorted(line.split("  ", 1)[1] for line in manifest.splitlines()) == sorted(
        ["good.bin", "sub/also.bin"] + (["locked.bin"] if as_root else []))
    assert f"{3 + (0 if as_root else 1)} rejected" in summary(res)


@case("SC-FIL-005", "a folder package with the same content under two names (and one other file)",
      "one files row and one evidence object for the shared content, two package_files rows pointing at it; "
      "file_count counts both names")
def test_same_content_two_names(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    folder = ws.inbox / "dup"
    (folder / "copy").mkdir(parents=True)
    (folder / "original.bin").write_bytes(blob("dup"))
    (folder / "copy" / "same.bin").write_bytes(blob("dup"))
    (folder / "other.bin").write_bytes(blob("other"))
    before = ws.outside()
    res = ws.returns("ingest", folder)
    assert_safe(ws, res, exit_code=0, stored=[folder / "original.bin", folder / "other.bin"], outside_before=before)
    assert ws.rows("SELECT count(*) FROM files WHERE sha256 = ?", [sha(blob("dup"))]) == [(1,)]
    assert ws.rows("SELECT path FROM package_files WHERE sha256 = ? ORDER BY path", [sha(blob("dup"))]) == [
        ("copy/same.bin",), ("original.bin",)]
    assert ws.stored() == {sha(blob("dup")), sha(blob("other"))}
    assert ws.rows("SELECT file_count FROM packages") == [(3,)]


IP_CSV = b"ip_address,timestamp\n192.0.2.10,2026-01-02T03:04:05Z\n198.51.100.7,2026-01-03T04:05:06Z\n"


@case("SC-FIL-006", "the same zip package received three times (original, a renamed copy, the original again; "
      "the last two in one command)",
      "one packages row, three package_receipts (again false/true/true), custody package_committed ok then "
      "received_again twice; files, package_files and records unchanged (no duplicates)")
def test_same_package_three_times(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    z = make_zip(ws.inbox / "p.zip", {"logins.csv": IP_CSV, "a.bin": blob("a")})
    first = ws.returns("ingest", z)
    assert first.returncode == 0, first.output
    snapshot = {t: ws.rows(f"SELECT * FROM {t} ORDER BY ALL") for t in
                ("files", "package_files", "packages", "ip_events", "subscribers", "calls", "warnings")}
    copy = ws.inbox / "p (1).zip"
    copy.write_bytes(z.read_bytes())
    before = ws.outside()
    res = ws.returns("ingest", copy, z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    assert res.stdout.count("already received on") == 2
    for table, rows in snapshot.items():
        assert ws.rows(f"SELECT * FROM {table} ORDER BY ALL") == rows, f"{table} changed on a repeated receipt"
    assert ws.rows("SELECT count(*) FROM packages") == [(1,)]
    assert ws.rows("SELECT receipt_no, original_path, again FROM package_receipts ORDER BY receipt_no") == [
        (1, str(z), False), (2, str(copy), True), (3, str(z), True)]
    committed = [e["outcome"] for e in ws.custody() if e["action"] == "package_committed"]
    assert committed == ["ok", "received_again", "received_again"]
    assert actions(ws).count("package_received") == 3
    # the same events, once each (the extracted records were not added again)
    ips = ws.rows("SELECT ip, count(*) FROM latest_ip_events GROUP BY ip ORDER BY ip")
    assert all(n == 1 for _, n in ips), ips


@case("SC-FIL-007", "a 200 MB file that is appended to by another writer while it is being ingested",
      "stored either flagged source_changed_during_copy (SOURCE_CHANGED warning, a note) or consistently; in "
      "both cases the stored bytes hash to the recorded sha256 and are an exact prefix of the file; case verifies")
def test_source_changes_during_copy(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    big = ws.inbox / "growing.bin"
    with open(big, "wb") as fh:
        fh.write(b"\x00\xff\x00\xfe growing evidence\n")
        fh.truncate(200 * 10**6)  # sparse: costs nothing on disk
    stop = threading.Event()
    appended = [0]

    def append() -> None:
        chunk = b"\x00appended\xff" * 400
        deadline = time.monotonic() + 30
        while not stop.is_set() and time.monotonic() < deadline and appended[0] < 8 * MiB:
            with open(big, "ab") as fh:
                fh.write(chunk)
            appended[0] += len(chunk)
            time.sleep(0.002)

    writer = threading.Thread(target=append, daemon=True)
    before = ws.outside()
    writer.start()
    try:
        res = ws.returns("ingest", big)
    finally:
        stop.set()
        writer.join()
    assert appended[0] > 0
    res.assert_clean()
    assert res.returncode == 0, res.output
    assert ws.outside() - before <= {"inbox/growing.bin"} and before <= ws.outside()
    (m,) = [r for r in member_list(ws) if r["depth"] == 0]
    digest, size = m["sha256"], m["size"]
    stored = ws.case_dir / "evidence" / digest
    assert sha256_file(stored) == digest and stored.stat().st_size == size
    assert ws.rows("SELECT size FROM files WHERE sha256 = ?", [digest]) == [(size,)]
    assert 200 * 10**6 <= size <= big.stat().st_size
    h = hashlib.sha256()
    with open(big, "rb") as fh:
        left = size
        while left:
            chunk = fh.read(min(left, 8 * MiB))
            h.update(chunk)
            left -= len(chunk)
    assert h.hexdigest() == digest, "the stored bytes are not what the file held (a torn copy)"
    flagged = "source_changed_during_copy" in m["flags"]
    if flagged:
        assert ("growing.bin", "SOURCE_CHANGED") in {(r[0], r[1]) for r in ws.rows("SELECT locator, code FROM warnings")}
        assert "changed while it was being copied" in res.stdout
    if not flagged and ws.stored() == {digest}:
        pytest.skip("the other writer did not overlap the copy this time: nothing to observe")
    logged = {e.get("object") for e in ws.custody() if e["action"] in ("file_stored", "file_adopted")}
    orphans = ws.stored() - logged
    assert not orphans, (f"the store holds {len(orphans)} object(s) no custody entry records (the superseded first "
                         f"copy), so verify reports them as appeared: {sorted(orphans)}")
    assert_safe(ws, res, exit_code=0)


@case("SC-FIL-008", "ingest of three paths where the middle one does not exist",
      "exit 1 with Error INPUT_NOT_FOUND for that path only ('Kept: nothing'); the other two packages ingested, "
      "stored and committed; summary says 2 ingested, 1 failed")
def test_missing_path_among_good_paths(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    first = make_zip(ws.inbox / "first.zip", {"a.bin": blob("a")})
    second = ws.inbox / "second.bin"
    second.write_bytes(blob("second"))
    missing = ws.inbox / "not-there.zip"
    before = ws.outside()
    res = ws.returns("ingest", first, missing, second)
    assert_safe(ws, res, exit_code=1, error_code="INPUT_NOT_FOUND", stored=[first, second], outside_before=before)
    lines = res.stdout.splitlines()
    i = lines.index(f"{missing}: NOT INGESTED")
    assert lines[i + 1] == f"  Error INPUT_NOT_FOUND: {missing} does not exist"
    assert lines[i + 2] == "  Kept: nothing"
    assert "2 packages ingested, 1 failed" in summary(res)
    assert sorted(r[0] for r in ws.rows("SELECT original_name FROM packages")) == ["first.zip", "second.bin"]
    assert [e["outcome"] for e in ws.custody() if e["action"] == "package_committed"] == ["ok", "ok"]
    assert not any("not-there" in str(e) for e in ws.custody())
