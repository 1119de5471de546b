"""`returns ingest` and the listings of what it stored, through the real CLI.

Every test builds its packages under tmp_path (real zips, folders, FIFOs, symlinks, AES zips)
and checks the exit code, the key lines printed, the rows in case.duckdb, the evidence store
and the custody log.

File contents are small binary blobs that libmagic calls ``application/octet-stream`` so
that no extractor claims them: every stored non-archive file is *unidentified*.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from .conftest import FIXED_TIME, db_rows, make_zip

PASSWORD = "secret"


# -- helpers ---------------------------------------------------------------------------


def blob(tag: str) -> bytes:
    """A small binary file nothing identifies (libmagic: application/octet-stream)."""
    return b"\x00\xff\x00\xfe" + tag.encode() + b"\x00" + hashlib.sha256(tag.encode()).digest() * 4


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha(path: Path) -> str:
    return sha(path.read_bytes())


def custody(case_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (case_dir / "custody.log").read_text(encoding="utf-8").splitlines()]


def actions(case_dir: Path) -> list[str]:
    return [e["action"] for e in custody(case_dir)]


def evidence(case_dir: Path) -> set[str]:
    return {p.name for p in (case_dir / "evidence").iterdir()}


def member_rows(case_dir: Path, package_id: str) -> dict[str, dict[str, Any]]:
    cols = ["path", "sha256", "name", "name_raw", "parent_member_id", "parent_sha256", "depth", "kind", "size",
            "media_type", "extension", "extension_media_type", "archive_type", "status", "reason", "flags",
            "member_id", "attempt_id"]
    rows = db_rows(case_dir, f"SELECT {', '.join(cols)} FROM package_files WHERE package_id = ? ORDER BY path", [package_id])
    return {r[0]: dict(zip(cols, r)) for r in rows}


def summary_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("Summary: ")]
    assert len(lines) == 1, output
    return lines[0]


def tree(root: Path, skip: Path | None = None) -> dict[str, Any]:
    """Every path below root (not following links) with its bytes or link target, skipping one folder."""
    out: dict[str, Any] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        d = Path(dirpath)
        if skip is not None and (d == skip or skip in d.parents):
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            p = d / name
            if skip is not None and p == skip:
                continue
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                out[str(p.relative_to(root))] = ("link", os.readlink(p))
            elif stat.S_ISREG(st.st_mode):
                out[str(p.relative_to(root))] = p.read_bytes()
            else:
                out[str(p.relative_to(root))] = stat.S_IFMT(st.st_mode)
    return out


class _SeededRandom:
    """Stand-in for pyzipper's random source so the AES salts, hence the bytes, are fixed."""

    def __init__(self, seed: bytes) -> None:
        self._seed, self._counter = seed, 0

    def new(self) -> "_SeededRandom":
        return self

    def read(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            out += hashlib.sha256(self._seed + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1
        return out[:n]


def make_aes_zip(path: Path, members: dict[str, bytes], password: str = PASSWORD) -> Path:
    """A real WinZip-AES (AE-2, 256-bit) encrypted zip, byte-for-byte the same on every run."""
    pyzipper = pytest.importorskip("pyzipper")
    import pyzipper.zipfile_aes as zaes

    saved = zaes.Random
    zaes.Random = _SeededRandom(path.name.encode())
    try:
        with pyzipper.AESZipFile(path, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zf:
            zf.setpassword(password.encode())
            zf.setencryption(pyzipper.WZ_AES, nbits=256, force_wz_aes_version=2)
            for name, data in members.items():
                zi = zf.zipinfo_cls(name, date_time=FIXED_TIME)
                zi.compress_type = pyzipper.ZIP_DEFLATED
                zf.writestr(zi, data)
    finally:
        zaes.Random = saved
    return path


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    d = tmp_path / "inbox"
    d.mkdir()
    return d


@pytest.fixture
def request_registered(run) -> str:  # noqa: ANN001
    res = run("request", "add", "GGL-REQ-0141", "--kind", "warrant", "--provider", "Google",
              "--target", "email:lantern.user@example.com")
    assert res.exit_code == 0, res.output
    return "GGL-REQ-0141"


ZIP_MEMBERS = {
    "inner/file.csv": blob("file.csv"),
    "inner/deeper/notes.bin": blob("notes"),
    "readme.dat": blob("readme"),
}


# -- a zip package ---------------------------------------------------------------------


def test_ingest_a_zip_with_request_and_sender(run, inbox: Path, request_registered: str) -> None:  # noqa: ANN001
    root = run.case_dir
    package = make_zip(inbox / "GGL-2026-0141.zip", ZIP_MEMBERS)
    zsha = file_sha(package)
    pid = "P-" + zsha[:12]

    res = run("ingest", package, "--request", request_registered, "--received-from", "Google LERS download")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == f"{package}: package {pid}"
    assert "already received" not in res.stdout
    assert summary_line(res.stdout) == (
        "Summary: 1 package ingested; 4 files stored, 1 archives expanded, 0 read, 0 records, 3 unidentified, 0 not expanded, 0 rejected."
    )

    # packages
    (row,) = db_rows(root, "SELECT package_id, sha256, package_kind, original_name, original_name_raw, received_from, "
                           "examiner, request_id, link_method, link_evidence, file_count, stored_bytes, status, "
                           "manifest_sha256, first_attempt_id FROM packages")
    (package_id, psha, kind, name, name_raw, received_from, examiner, request_id, link_method, link_evidence,
     file_count, stored_bytes, status, manifest_sha, first_attempt) = row
    assert (package_id, psha, kind, name, name_raw) == (pid, zsha, "file", "GGL-2026-0141.zip", b"GGL-2026-0141.zip")
    assert (received_from, examiner, request_id, link_method) == ("Google LERS download", "Test Examiner", "GGL-REQ-0141", "analyst")
    assert "--request" in link_evidence and "Test Examiner" in link_evidence
    assert file_count == 4
    assert stored_bytes == package.stat().st_size + sum(len(b) for b in ZIP_MEMBERS.values())
    assert status == "complete"
    assert manifest_sha is None

    # the receipt
    receipts = db_rows(root, "SELECT attempt_id, package_id, receipt_no, received_from, original_path, examiner, "
                             "password_used, again FROM package_receipts")
    assert receipts == [(first_attempt, pid, 1, "Google LERS download", str(package), "Test Examiner", False, False)]

    # files: one row per distinct content
    want_files = {zsha: package.stat().st_size} | {sha(b): len(b) for b in ZIP_MEMBERS.values()}
    assert dict(db_rows(root, "SELECT sha256, size FROM files")) == want_files
    assert db_rows(root, "SELECT media_type FROM files WHERE sha256 = ?", [zsha]) == [("application/zip",)]

    # package_files: the zip and every member below its path
    members = member_rows(root, pid)
    assert sorted(members) == [
        "GGL-2026-0141.zip",
        "GGL-2026-0141.zip/inner/deeper/notes.bin",
        "GGL-2026-0141.zip/inner/file.csv",
        "GGL-2026-0141.zip/readme.dat",
    ]
    top = members["GGL-2026-0141.zip"]
    assert (top["sha256"], top["depth"], top["parent_sha256"], top["parent_member_id"]) == (zsha, 0, None, None)
    assert (top["status"], top["archive_type"], top["media_type"], top["kind"]) == ("expanded", "zip", "application/zip", "file")
    assert top["flags"] == []
    for name, data in ZIP_MEMBERS.items():
        m = members[f"GGL-2026-0141.zip/{name}"]
        assert m["sha256"] == sha(data)
        assert m["size"] == len(data)
        assert m["depth"] == 1
        assert m["parent_sha256"] == zsha
        assert m["parent_member_id"] == top["member_id"]
        assert m["status"] == "unidentified"
        assert m["kind"] == "file"
        assert m["archive_type"] is None
        assert m["flags"] == []
        assert m["name_raw"] == name.encode()
        assert m["attempt_id"] == first_attempt
    assert members["GGL-2026-0141.zip/inner/file.csv"]["extension"] == ".csv"
    # the only warning: no certificate of authenticity came with this package
    assert db_rows(root, "SELECT package_id, code, locator FROM warnings") == [(pid, "NO_CERTIFICATE", None)]

    # the evidence store: every file once, by hash, read-only, byte-for-byte
    assert evidence(root) == set(want_files)
    for digest in want_files:
        stored = root / "evidence" / digest
        assert file_sha(stored) == digest
        assert stored.stat().st_mode & 0o222 == 0, "evidence must be read-only"

    # custody: received (with request and sender), every file stored, expanded, staged, committed
    log = custody(root)
    received = [e for e in log if e["action"] == "package_received"]
    assert len(received) == 1
    assert received[0]["details"]["request_id"] == "GGL-REQ-0141"
    assert received[0]["details"]["received_from"] == "Google LERS download"
    assert received[0]["details"]["attempt"] == first_attempt
    assert received[0]["details"]["password_supplied"] is False
    assert sorted(e["object"] for e in log if e["action"] == "file_stored") == sorted(want_files)
    assert [e["outcome"] for e in log if e["action"] == "archive_expanded"] == ["expanded"]
    (staged,) = [e for e in log if e["action"] == "package_staged"]
    assert (staged["object"], staged["details"]["package_id"]) == (zsha, pid)
    (committed,) = [e for e in log if e["action"] == "package_committed"]
    assert (committed["outcome"], committed["details"]["again"], committed["details"]["package_id"]) == ("ok", False, pid)
    assert log[-1]["action"] == "package_committed"
    assert db_rows(root, "SELECT status FROM requests") == [("answered",)]

    # and the whole case verifies
    res = run("verify")
    assert res.exit_code == 0, res.output
    assert "No problems found" in res.stdout


def test_ingest_json_output(run, inbox: Path) -> None:  # noqa: ANN001
    package = make_zip(inbox / "p.zip", {"a.bin": blob("a")})
    res = run("ingest", package, inbox / "missing.zip", "--json")
    assert res.exit_code == 1, res.output
    ok, failed = json.loads(res.stdout)
    assert ok["input_path"] == str(package)
    assert ok["sha256"] == file_sha(package)
    assert ok["package_id"] == "P-" + file_sha(package)[:12]
    assert (ok["again"], ok["files_stored"], ok["archives_expanded"], ok["unidentified"], ok["error"]) == (False, 2, 1, 1, None)
    assert failed["package_id"] is None and failed["sha256"] is None
    assert failed["error"]["code"] == "INPUT_NOT_FOUND"


# -- a folder package ------------------------------------------------------------------


def _folder(inbox: Path) -> Path:
    folder = inbox / "LSW-2026-03381"
    (folder / "cdr" / "2026").mkdir(parents=True)
    (folder / "cover_letter.bin").write_bytes(blob("cover"))
    (folder / "cdr" / "calls.csv").write_bytes(blob("calls"))
    (folder / "cdr" / "2026" / "march.xlsx").write_bytes(blob("march"))
    (folder / "B upper.dat").write_bytes(blob("upper"))
    return folder


def test_ingest_a_folder(run, inbox: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    folder = _folder(inbox)
    files = {
        "B upper.dat": blob("upper"),
        "cdr/2026/march.xlsx": blob("march"),
        "cdr/calls.csv": blob("calls"),
        "cover_letter.bin": blob("cover"),
    }
    manifest = "".join(f"{sha(data)}  {rel}\n" for rel, data in sorted(files.items(), key=lambda kv: kv[0].encode()))
    msha = sha(manifest.encode())

    res = run("ingest", folder, "--received-from", "Lakeshore Wireless portal")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == f"{folder}: package P-{msha[:12]}"
    assert summary_line(res.stdout) == (
        "Summary: 1 package ingested; 4 files stored, 0 archives expanded, 0 read, 0 records, 4 unidentified, 0 not expanded, 0 rejected."
    )

    assert db_rows(root, "SELECT package_id, sha256, package_kind, original_name, manifest_sha256, file_count, "
                         "stored_bytes, status, request_id, link_method FROM packages") == [
        (f"P-{msha[:12]}", msha, "folder", "LSW-2026-03381", msha, 4, sum(map(len, files.values())), "complete", None, None)
    ]
    # the manifest is stored, content-addressed, in manifests/ (not in the evidence store)
    stored_manifest = root / "manifests" / msha
    assert stored_manifest.read_text(encoding="utf-8") == manifest
    assert evidence(root) == {sha(d) for d in files.values()}

    members = member_rows(root, f"P-{msha[:12]}")
    assert sorted(members) == sorted(files)
    for rel, data in files.items():
        m = members[rel]
        assert (m["sha256"], m["size"], m["depth"], m["parent_sha256"], m["status"]) == (sha(data), len(data), 0, None, "unidentified")

    # the manifest checks out with the standard tool, run from inside the folder
    check = subprocess.run(["sha256sum", "--strict", "-c", str(stored_manifest)], cwd=folder,
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stdout + check.stderr
    assert sorted(check.stdout.splitlines()) == sorted(f"{rel}: OK" for rel in files)

    # ... and catches a changed file
    (folder / "cdr" / "calls.csv").write_bytes(b"changed")
    check = subprocess.run(["sha256sum", "-c", str(stored_manifest)], cwd=folder, capture_output=True, text=True, timeout=30)
    assert check.returncode == 1
    assert "cdr/calls.csv: FAILED" in check.stdout


def test_folder_manifest_with_unusual_names_checks_with_sha256sum(run, inbox: Path) -> None:  # noqa: ANN001
    """Names with a backslash, a newline, a non-UTF-8 byte, a leading dash or space: sha256sum's escaping."""
    root = run.case_dir
    folder = inbox / "odd"
    folder.mkdir()
    names = [b"back\\slash.bin", b"new\nline.bin", b"latin\xe9.bin", b"-dash.bin", b" space.bin", b"plain.bin"]
    for i, raw in enumerate(names):
        with open(os.path.join(os.fsencode(folder), raw), "wb") as fh:
            fh.write(blob(f"odd{i}"))
    res = run("ingest", folder)
    assert res.exit_code == 0, res.output
    (psha,) = db_rows(root, "SELECT sha256 FROM packages")[0]
    manifest = (root / "manifests" / psha).read_bytes()
    assert sha(manifest) == psha
    assert manifest.count(b"\n") == len(names)
    assert b"\\" + sha(blob("odd0")).encode() + b"  back\\\\slash.bin\n" in manifest
    assert b"\\" + sha(blob("odd1")).encode() + b"  new\\nline.bin\n" in manifest
    check = subprocess.run(["sha256sum", "--strict", "-c", str(root / "manifests" / psha)], cwd=folder,
                           capture_output=True, timeout=30)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(b": OK\n") == len(names)
    assert sorted(r[0] for r in db_rows(root, "SELECT name_raw FROM package_files")) == sorted(names)


def test_same_content_under_two_names_is_stored_once_and_listed_twice(run, inbox: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    folder = inbox / "dup"
    (folder / "copy").mkdir(parents=True)
    (folder / "original.bin").write_bytes(blob("dup"))
    (folder / "copy" / "same.bin").write_bytes(blob("dup"))
    (folder / "other.bin").write_bytes(blob("other"))
    res = run("ingest", folder)
    assert res.exit_code == 0, res.output
    assert db_rows(root, "SELECT sha256, size FROM files ORDER BY sha256") == sorted(
        [(sha(blob("dup")), len(blob("dup"))), (sha(blob("other")), len(blob("other")))])
    assert db_rows(root, "SELECT path, sha256 FROM package_files ORDER BY path") == [
        ("copy/same.bin", sha(blob("dup"))),
        ("original.bin", sha(blob("dup"))),
        ("other.bin", sha(blob("other"))),
    ]
    assert evidence(root) == {sha(blob("dup")), sha(blob("other"))}
    assert db_rows(root, "SELECT file_count FROM packages") == [(3,)]


# -- the same package again ------------------------------------------------------------


def test_the_same_package_again_is_a_second_receipt_only(run, inbox: Path, request_registered: str) -> None:  # noqa: ANN001
    root = run.case_dir
    package = make_zip(inbox / "GGL-2026-0141.zip", ZIP_MEMBERS)
    pid = "P-" + file_sha(package)[:12]
    assert run("ingest", package, "--request", request_registered, "--received-from", "LERS").exit_code == 0
    files_before = db_rows(root, "SELECT * FROM files ORDER BY sha256")
    members_before = db_rows(root, "SELECT * FROM package_files ORDER BY member_id")
    package_before = db_rows(root, "SELECT * FROM packages")
    first_received = package_before[0][5]

    # a copy under another name is still the same package
    copy = inbox / "resent" / "GGL-2026-0141 (1).zip"
    copy.parent.mkdir()
    copy.write_bytes(package.read_bytes())
    res = run("ingest", copy, "--received-from", "e-mail from provider")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == f"{copy}: package {pid}"
    assert res.stdout.splitlines()[1] == (
        f"  already received on {first_received.strftime('%Y-%m-%d %H:%M:%S')} UTC; this receipt was recorded in "
        "custody, no duplicate files or records were added"
    )
    assert "already received on" in res.stdout

    assert db_rows(root, "SELECT * FROM files ORDER BY sha256") == files_before
    assert db_rows(root, "SELECT * FROM package_files ORDER BY member_id") == members_before
    assert db_rows(root, "SELECT * FROM packages") == package_before  # still one row, still the first name and request
    receipts = db_rows(root, "SELECT receipt_no, received_from, original_path, again FROM package_receipts ORDER BY receipt_no")
    assert receipts == [(1, "LERS", str(package), False), (2, "e-mail from provider", str(copy), True)]

    committed = [e for e in custody(root) if e["action"] == "package_committed"]
    assert [(e["outcome"], e["details"]["again"]) for e in committed] == [("ok", False), ("received_again", True)]
    assert actions(root).count("package_received") == 2


def test_a_package_received_unlinked_is_linked_by_a_later_receipt(run, inbox: Path, request_registered: str) -> None:  # noqa: ANN001
    root = run.case_dir
    package = make_zip(inbox / "p.zip", {"a.bin": blob("a")})
    assert run("ingest", package).exit_code == 0
    assert db_rows(root, "SELECT request_id, link_method, link_evidence FROM packages") == [(None, None, None)]
    assert db_rows(root, "SELECT status FROM requests") == [("outstanding",)]

    res = run("ingest", package, "--request", request_registered)
    assert res.exit_code == 0, res.output
    assert "already received on" in res.stdout
    second = [e for e in custody(root) if e["action"] == "package_received"][-1]
    assert db_rows(root, "SELECT request_id, link_method, link_evidence FROM packages") == [
        (request_registered, "analyst",
         f"named with --request by Test Examiner at ingest (custody seq {second['seq']})")]
    assert db_rows(root, "SELECT status FROM requests") == [("answered",)]


def test_a_later_receipt_naming_another_request_keeps_the_first_link(run, inbox: Path, request_registered: str) -> None:  # noqa: ANN001
    """Current behaviour: the first link stands; the second --request is only in the custody log."""
    root = run.case_dir
    assert run("request", "add", "OTHER-REQ", "--kind", "subpoena", "--provider", "Google").exit_code == 0
    package = make_zip(inbox / "p.zip", {"a.bin": blob("a")})
    assert run("ingest", package, "--request", request_registered).exit_code == 0
    res = run("ingest", package, "--request", "OTHER-REQ")
    assert res.exit_code == 0, res.output
    assert "is already linked to request " + request_registered in res.output
    assert "--request OTHER-REQ was recorded in custody with this receipt but did not change the link" in res.output
    assert db_rows(root, "SELECT request_id FROM packages") == [(request_registered,)]
    assert db_rows(root, "SELECT request_id, status FROM requests ORDER BY 1") == [
        (request_registered, "answered"), ("OTHER-REQ", "outstanding")]
    assert [e["details"]["request_id"] for e in custody(root) if e["action"] == "package_received"] == [
        request_registered, "OTHER-REQ"]


# -- refusals --------------------------------------------------------------------------


def test_unknown_request_stores_nothing(run, inbox: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    package = make_zip(inbox / "p.zip", {"a.bin": blob("a")})
    log_before = (root / "custody.log").read_bytes()
    res = run("ingest", package, "--request", "NO-SUCH-REQ")
    assert res.exit_code == 1, res.output
    assert res.stderr.splitlines() == [
        "Error REQUEST_UNKNOWN: no request 'NO-SUCH-REQ' is registered in this case",
        "Kept: nothing was ingested",
        "Next: register it first with 'returns request add', or list them with 'returns request list'",
    ]
    assert evidence(root) == set()
    assert (root / "custody.log").read_bytes() == log_before
    assert "package_received" not in actions(root)
    assert db_rows(root, "SELECT count(*) FROM packages") == [(0,)]


def test_a_missing_path_does_not_stop_the_others(run, inbox: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    first = make_zip(inbox / "first.zip", {"a.bin": blob("a")})
    second = inbox / "second.bin"
    second.write_bytes(blob("second"))
    missing = inbox / "not-there.zip"
    res = run("ingest", first, missing, second)
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    i = lines.index(f"{missing}: NOT INGESTED")
    assert lines[i + 1] == f"  Error INPUT_NOT_FOUND: {missing} does not exist"
    assert lines[i + 2] == "  Kept: nothing"
    assert summary_line(res.stdout) == (
        "Summary: 2 packages ingested, 1 failed; 3 files stored, 1 archives expanded, 0 read, 0 records, 2 unidentified, 0 not expanded, 0 rejected."
    )
    assert sorted(r[0] for r in db_rows(root, "SELECT original_name FROM packages")) == ["first.zip", "second.bin"]
    assert actions(root).count("package_received") == 2


def test_a_fifo_as_path_is_refused(run, inbox: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    fifo = inbox / "stream"
    os.mkfifo(fifo)
    res = run("ingest", fifo)
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines[0] == f"{fifo}: NOT INGESTED"
    assert lines[1] == f"  Error INPUT_NOT_REGULAR: {fifo} is not a regular file or folder (it is a pipe, socket or device)"
    assert lines[2] == "  Kept: nothing: such inputs are never read"
    assert evidence(root) == set()
    assert "package_received" not in actions(root)


def test_fifo_and_symlink_inside_a_folder_are_rejected_and_listed(run, inbox: Path, tmp_path: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    outside = tmp_path / "outside-secret.bin"
    outside.write_bytes(blob("outside"))
    folder = inbox / "pkg"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.bin").write_bytes(blob("good"))
    (folder / "sub" / "also-good.bin").write_bytes(blob("also"))
    os.mkfifo(folder / "sub" / "pipe")
    os.symlink(outside, folder / "link.bin")
    os.symlink(tmp_path, folder / "dirlink")  # a link to a folder is not descended either

    res = run("ingest", folder)
    assert res.exit_code == 0, res.output
    assert summary_line(res.stdout) == (
        "Summary: 1 package ingested; 2 files stored, 0 archives expanded, 0 read, 0 records, 2 unidentified, 0 not expanded, 3 rejected."
    )
    pid = db_rows(root, "SELECT package_id FROM packages")[0][0]
    assert db_rows(root, "SELECT status, file_count FROM packages") == [("incomplete", 2)]
    members = member_rows(root, pid)
    assert sorted(members) == ["dirlink", "good.bin", "link.bin", "sub/also-good.bin", "sub/pipe"]
    assert members["good.bin"]["status"] == "unidentified"
    assert members["sub/also-good.bin"]["status"] == "unidentified"
    for rel in ("sub/pipe", "link.bin", "dirlink"):
        assert members[rel]["status"] == "rejected"
        assert members[rel]["sha256"] is None
    assert members["sub/pipe"]["kind"] == "fifo"
    assert members["sub/pipe"]["reason"] == "not a regular file (fifo): not read"
    assert members["link.bin"]["kind"] == "symlink"
    assert members["link.bin"]["reason"] == f"symbolic link to {str(outside)!r}: not followed"
    assert members["dirlink"]["reason"] == f"symbolic link to {str(tmp_path)!r}: not followed"
    # the link target was not read
    assert sha(blob("outside")) not in evidence(root)
    assert evidence(root) == {sha(blob("good")), sha(blob("also"))}
    assert db_rows(root, "SELECT locator, code FROM warnings WHERE code <> 'NO_CERTIFICATE' ORDER BY locator") == [
        ("dirlink", "INPUT_REJECTED"), ("link.bin", "INPUT_REJECTED"), ("sub/pipe", "INPUT_REJECTED")]
    # the manifest lists only what was stored
    manifest = (root / "manifests" / db_rows(root, "SELECT sha256 FROM packages")[0][0]).read_text()
    assert manifest == f"{sha(blob('good'))}  good.bin\n{sha(blob('also'))}  sub/also-good.bin\n"


# -- encrypted zips --------------------------------------------------------------------

AES_MEMBERS = {"package/logs/binds.csv": blob("binds"), "package/subscriber.pdf": blob("subscriber")}


def _aes_package(inbox: Path) -> Path:
    return make_aes_zip(inbox / "KIK-2026-00912.zip", AES_MEMBERS)


def test_aes_zip_without_password_is_stored_locked(run, inbox: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    package = _aes_package(inbox)
    zsha = file_sha(package)
    pid = "P-" + zsha[:12]
    res = run("ingest", package)
    assert res.exit_code == 0, res.output
    assert "--password-file" in res.stdout
    assert ("  2 members locked by encryption: the archive is stored and its members listed. To open them, run the "
            "same ingest again with --password-file FILE (or --ask-password).") in res.stdout.splitlines()
    assert summary_line(res.stdout) == (
        "Summary: 1 package ingested; 1 files stored, 1 archives expanded, 0 read, 0 records, 0 unidentified, 2 not expanded, 0 rejected."
    )

    members = member_rows(root, pid)
    assert sorted(members) == ["KIK-2026-00912.zip", "KIK-2026-00912.zip/package/logs/binds.csv",
                               "KIK-2026-00912.zip/package/subscriber.pdf"]
    assert members["KIK-2026-00912.zip"]["status"] == "locked"
    assert members["KIK-2026-00912.zip"]["sha256"] == zsha
    for name in AES_MEMBERS:
        m = members[f"KIK-2026-00912.zip/{name}"]
        assert m["status"] == "not_expanded"
        assert m["sha256"] is None
        assert "encrypt" in m["reason"].lower()
        assert "encrypted" in m["flags"]
        assert m["parent_sha256"] == zsha
    assert db_rows(root, "SELECT status, file_count FROM packages") == [("incomplete", 1)]
    codes = {r[0] for r in db_rows(root, "SELECT code FROM warnings")}
    assert "ENCRYPTED_ARCHIVE" in codes
    assert evidence(root) == {zsha}


def test_aes_zip_opened_later_with_a_password_file(run, inbox: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    package = _aes_package(inbox)
    zsha = file_sha(package)
    pid = "P-" + zsha[:12]
    assert run("ingest", package).exit_code == 0
    pw = inbox / "KIK-2026-00912.txt"
    pw.write_text("not-this-one\n" + PASSWORD + "\n")

    res = run("ingest", package, "--password-file", pw)
    assert res.exit_code == 0, res.output
    assert "already received on" in res.stdout
    assert "locked by encryption" not in res.stdout
    assert summary_line(res.stdout) == (
        "Summary: 1 package ingested; 3 files stored, 1 archives expanded, 0 read, 0 records, 2 unidentified, 0 not expanded, 0 rejected."
    )

    members = member_rows(root, pid)
    assert len(members) == 3
    assert members["KIK-2026-00912.zip"]["status"] == "expanded"
    for name, data in AES_MEMBERS.items():
        m = members[f"KIK-2026-00912.zip/{name}"]
        assert m["status"] == "unidentified"
        assert m["sha256"] == sha(data)
        assert m["size"] == len(data)
        assert m["parent_sha256"] == zsha
    assert db_rows(root, "SELECT package_id, status, file_count FROM packages") == [(pid, "complete", 3)]
    assert db_rows(root, "SELECT receipt_no, password_used, again FROM package_receipts ORDER BY 1") == [
        (1, False, False), (2, True, True)]
    assert evidence(root) == {zsha, *(sha(d) for d in AES_MEMBERS.values())}
    # the password itself is never written anywhere in the case
    for path in root.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    received = [e for e in custody(root) if e["action"] == "package_received"]
    assert [e["details"]["password_supplied"] for e in received] == [False, True]
    assert run("verify").exit_code == 0


def test_aes_zip_with_the_wrong_password(run, inbox: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    package = _aes_package(inbox)
    pw = inbox / "wrong.txt"
    pw.write_text("hunter2\n")
    res = run("ingest", package, "--password-file", pw)
    assert res.exit_code == 0, res.output
    members = member_rows(root, "P-" + file_sha(package)[:12])
    for name in AES_MEMBERS:
        m = members[f"KIK-2026-00912.zip/{name}"]
        assert m["status"] == "not_expanded"
        assert m["sha256"] is None
        assert "wrong password" in m["reason"]
    assert db_rows(root, "SELECT status FROM packages") == [("incomplete",)]


def test_ask_password_opens_the_zip(run, inbox: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    package = _aes_package(inbox)
    res = run("ingest", package, "--ask-password", input=PASSWORD + "\n")
    assert res.exit_code == 0, res.output
    assert "Archive password" in res.output
    assert PASSWORD not in res.output, "the password must not be echoed"
    members = member_rows(root, "P-" + file_sha(package)[:12])
    for name, data in AES_MEMBERS.items():
        assert members[f"KIK-2026-00912.zip/{name}"]["sha256"] == sha(data)
        assert members[f"KIK-2026-00912.zip/{name}"]["status"] == "unidentified"
    assert db_rows(root, "SELECT status FROM packages") == [("complete",)]
    assert db_rows(root, "SELECT password_used FROM package_receipts") == [(True,)]


def test_ask_password_with_json_prints_only_json(run, inbox: Path) -> None:  # noqa: ANN001
    package = _aes_package(inbox)
    res = run("ingest", package, "--ask-password", "--json", input=PASSWORD + "\n")
    assert res.exit_code == 0, res.output
    (result,) = json.loads(res.stdout)
    assert result["package_id"] == "P-" + file_sha(package)[:12]


def test_unreadable_password_file(run, inbox: Path) -> None:  # noqa: ANN001
    package = _aes_package(inbox)
    log_before = (run.case_dir / "custody.log").read_bytes()
    res = run("ingest", package, "--password-file", inbox / "no-such.txt")
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error PASSWORD_FILE_UNREADABLE: the password file {inbox / 'no-such.txt'} cannot be read")
    assert (run.case_dir / "custody.log").read_bytes() == log_before


# -- hostile names and disguised types -------------------------------------------------


def test_parent_reference_member_is_stored_by_hash_only(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    root = run.case_dir
    work = tmp_path / "work" / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)  # a '../evil.txt' written relative to here would land inside tmp_path
    package = make_zip(tmp_path / "work" / "evil.zip", {"../evil.txt": b"evil payload\n", "../../../evil2.txt": b"x2\n",
                                                        "ok.bin": blob("ok")})
    outside_before = tree(tmp_path, skip=root)
    case_before = tree(root)

    res = run("ingest", package)
    assert res.exit_code == 0, res.output

    assert tree(tmp_path, skip=root) == outside_before, "something was written outside the case folder"
    assert tree(root) != case_before
    assert not any(p.name.startswith("evil") for p in tmp_path.rglob("*") if p != package), "a member was written by name"

    pid = "P-" + file_sha(package)[:12]
    members = member_rows(root, pid)
    evil = members["evil.zip/../evil.txt"]
    assert evil["sha256"] == sha(b"evil payload\n")
    assert evil["name_raw"] == b"../evil.txt"
    assert "parent_reference" in evil["flags"]
    assert evil["status"] == "unidentified"
    assert (root / "evidence" / sha(b"evil payload\n")).read_bytes() == b"evil payload\n"
    assert "parent_reference" in members["evil.zip/../../../evil2.txt"]["flags"]
    assert members["evil.zip/ok.bin"]["flags"] == []
    warnings = db_rows(root, "SELECT locator, code FROM warnings WHERE code = 'UNSAFE_MEMBER_NAME' ORDER BY locator")
    assert warnings == [("evil.zip/../../../evil2.txt", "UNSAFE_MEMBER_NAME"), ("evil.zip/../evil.txt", "UNSAFE_MEMBER_NAME")]


def test_zip_renamed_to_pdf_is_identified_by_content(run, inbox: Path) -> None:  # noqa: ANN001
    root = run.case_dir
    package = make_zip(inbox / "Response.pdf", {"a.bin": blob("a")})
    res = run("ingest", package)
    assert res.exit_code == 0, res.output
    members = member_rows(root, "P-" + file_sha(package)[:12])
    top = members["Response.pdf"]
    assert top["media_type"] == "application/zip"
    assert top["extension"] == ".pdf"
    assert top["extension_media_type"] == "application/pdf"
    assert "extension_mismatch" in top["flags"]
    assert "application/zip" in top["reason"]
    assert top["archive_type"] == "zip"
    assert members["Response.pdf/a.bin"]["sha256"] == sha(blob("a"))  # still walked as the zip it is
    assert ("Response.pdf", "EXTENSION_MISMATCH") in db_rows(root, "SELECT locator, code FROM warnings")


# -- listings --------------------------------------------------------------------------


@pytest.fixture
def two_packages(run, inbox: Path, request_registered: str) -> dict[str, Any]:  # noqa: ANN001
    ok = make_zip(inbox / "GGL-2026-0141.zip", {"inner/file.csv": blob("file.csv")})
    locked = _aes_package(inbox)
    assert run("ingest", ok, "--request", request_registered, "--received-from", "Google LERS").exit_code == 0
    assert run("ingest", locked).exit_code == 0
    return {
        "ok": ok, "ok_sha": file_sha(ok), "ok_id": "P-" + file_sha(ok)[:12],
        "locked": locked, "locked_sha": file_sha(locked), "locked_id": "P-" + file_sha(locked)[:12],
    }


PACKAGE_COLUMNS = ["package_id", "original_name", "kind", "received_at", "received_from", "request_id", "files", "bytes",
                   "status", "unidentified", "not_opened", "receipts", "sha256"]
FILE_COLUMNS = ["package_id", "path", "status", "reason", "media_type", "size", "depth", "flags", "sha256"]
WARNING_COLUMNS = ["package_id", "code", "locator", "message", "sha256"]


def test_packages_listing(run, two_packages: dict[str, Any]) -> None:  # noqa: ANN001
    p = two_packages
    data = json.loads(run("packages", "--json").stdout)
    assert [list(d) for d in data] == [PACKAGE_COLUMNS] * 2
    by_id = {d["package_id"]: d for d in data}
    ok, locked = by_id[p["ok_id"]], by_id[p["locked_id"]]
    assert [d["package_id"] for d in data] == [p["ok_id"], p["locked_id"]]  # in order of receipt
    assert {k: ok[k] for k in PACKAGE_COLUMNS if k != "received_at"} == {
        "package_id": p["ok_id"], "original_name": "GGL-2026-0141.zip", "kind": "file", "received_from": "Google LERS",
        "request_id": "GGL-REQ-0141", "files": 2, "bytes": p["ok"].stat().st_size + len(blob("file.csv")),
        "status": "complete", "unidentified": 1, "not_opened": 0, "receipts": 1, "sha256": p["ok_sha"],
    }
    assert ok["received_at"].endswith("Z") and ok["received_at"][:4].isdigit()
    assert {k: locked[k] for k in ("files", "status", "unidentified", "not_opened", "request_id", "received_from")} == {
        "files": 1, "status": "incomplete", "unidentified": 0, "not_opened": 3, "request_id": None, "received_from": None}

    rows = list(csv.DictReader(io.StringIO(run("packages", "--csv").stdout)))
    assert [list(r) for r in rows] == [PACKAGE_COLUMNS] * 2
    assert rows[0]["package_id"] == p["ok_id"] and rows[0]["files"] == "2" and rows[0]["request_id"] == "GGL-REQ-0141"
    assert rows[1]["request_id"] == "" and rows[1]["status"] == "incomplete"
    assert rows[0]["received_at"] == ok["received_at"]

    table = run("packages").stdout.splitlines()
    assert table[0].split() == PACKAGE_COLUMNS
    assert table[2].startswith(p["ok_id"] + "  GGL-2026-0141.zip")


def test_files_listing(run, two_packages: dict[str, Any]) -> None:  # noqa: ANN001
    p = two_packages
    data = json.loads(run("files", "--json").stdout)
    assert all(list(d) == FILE_COLUMNS for d in data)
    assert [(d["package_id"], d["path"], d["status"]) for d in data] == sorted([
        (p["ok_id"], "GGL-2026-0141.zip", "expanded"),
        (p["ok_id"], "GGL-2026-0141.zip/inner/file.csv", "unidentified"),
        (p["locked_id"], "KIK-2026-00912.zip", "locked"),
        (p["locked_id"], "KIK-2026-00912.zip/package/logs/binds.csv", "not_expanded"),
        (p["locked_id"], "KIK-2026-00912.zip/package/subscriber.pdf", "not_expanded"),
    ])
    member = next(d for d in data if d["path"] == "GGL-2026-0141.zip/inner/file.csv")
    assert (member["sha256"], member["size"], member["depth"], member["flags"], member["media_type"]) == (
        sha(blob("file.csv")), len(blob("file.csv")), 1, "", "application/octet-stream")
    binds = next(d for d in data if d["path"].endswith("binds.csv"))
    assert binds["sha256"] is None and binds["size"] is None and "encrypted" in binds["flags"].split(",")

    only = json.loads(run("files", p["ok_id"], "--json").stdout)
    assert {d["package_id"] for d in only} == {p["ok_id"]} and len(only) == 2

    rows = list(csv.DictReader(io.StringIO(run("files", p["locked_id"], "--csv").stdout)))
    assert [r["path"] for r in rows] == ["KIK-2026-00912.zip", "KIK-2026-00912.zip/package/logs/binds.csv",
                                         "KIK-2026-00912.zip/package/subscriber.pdf"]
    assert rows[0]["sha256"] == p["locked_sha"] and rows[0]["depth"] == "0" and rows[1]["sha256"] == ""

    assert run("files", "P-000000000000").stdout == "(none)\n"


def test_warnings_listing(run, two_packages: dict[str, Any]) -> None:  # noqa: ANN001
    p = two_packages
    data = json.loads(run("warnings", "--json").stdout)
    assert all(list(d) == WARNING_COLUMNS for d in data)
    # the complete package's only warning is the package-level NO_CERTIFICATE
    assert [(d["code"], d["locator"], d["sha256"]) for d in data if d["package_id"] == p["ok_id"]] == [
        ("NO_CERTIFICATE", None, None)]
    pairs = {(d["locator"], d["code"]) for d in data}
    assert ("KIK-2026-00912.zip", "ENCRYPTED_ARCHIVE") in pairs
    assert ("KIK-2026-00912.zip/package/logs/binds.csv", "MEMBER_NOT_EXPANDED") in pairs
    enc = next(d for d in data if d["code"] == "ENCRYPTED_ARCHIVE")
    assert enc["sha256"] == p["locked_sha"]
    assert "encrypted" in enc["message"]

    assert [d["code"] for d in json.loads(run("warnings", p["ok_id"], "--json").stdout)] == ["NO_CERTIFICATE"]
    rows = list(csv.DictReader(io.StringIO(run("warnings", p["locked_id"], "--csv").stdout)))
    assert [(r["locator"], r["code"]) for r in rows] == [
        (d["locator"] or "", d["code"]) for d in data if d["package_id"] == p["locked_id"]]
    table = run("warnings").stdout.splitlines()
    assert table[0].split() == WARNING_COLUMNS
    assert any("ENCRYPTED_ARCHIVE" in line for line in table[2:])
