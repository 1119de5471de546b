"""Scorecard cases: hostile archives (names, links, duplicates, bombs, encryption, damage, nesting).

Every input is built here, small on disk; the real CLI ingests it in a subprocess under the
hostile limits, and :func:`assert_safe` checks exit code, store, custody and verify.
"""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import py7zr
import pyzipper

from ..conftest import make_zip, zip_bytes
from ..test_archives import (
    RawEntry,
    build_zip,
    make_special_tar,
    noise,
    raw_entry,
    sha,
    zipcrypto_entry,
)
from .checks import Workspace, assert_safe, case, workspace

MiB = 2**20
UTF8 = 0x800

COLS = ["path", "sha256", "name", "name_raw", "name_encoding", "depth", "kind", "size", "declared_size",
        "status", "reason", "flags", "archive_type", "parent_sha256", "member_id"]


def members(ws: Workspace) -> dict[str, dict[str, Any]]:
    """package_files by display path (every package in the case)."""
    rows = ws.rows(f"SELECT {', '.join(COLS)} FROM package_files ORDER BY path")
    out = {r[0]: dict(zip(COLS, r)) for r in rows}
    assert len(out) == len(rows), "two package_files rows share a path"
    return out


def member_list(ws: Workspace) -> list[dict[str, Any]]:
    return [dict(zip(COLS, r)) for r in ws.rows(f"SELECT {', '.join(COLS)} FROM package_files ORDER BY member_id")]


def warning_pairs(ws: Workspace) -> set[tuple[str | None, str]]:
    return {(r[0], r[1]) for r in ws.rows("SELECT locator, code FROM warnings")}


def summary(res: Any) -> str:
    lines = [line for line in res.stdout.splitlines() if line.startswith("Summary: ")]
    assert len(lines) == 1, res.output
    return lines[0]


def assert_not_stored(ws: Workspace, m: dict[str, Any]) -> None:
    """A member that was not taken out: no hash, no size, nothing in files for it."""
    assert m["sha256"] is None and m["size"] is None, m
    assert m["status"] == "not_expanded", m
    assert m["reason"], m


def assert_stored(ws: Workspace, m: dict[str, Any], data: bytes) -> None:
    digest = sha(data)
    assert m["sha256"] == digest and m["size"] == len(data), m
    assert (ws.case_dir / "evidence" / digest).read_bytes() == data
    assert ws.rows("SELECT size FROM files WHERE sha256 = ?", [digest]) == [(len(data),)]


def tmp_empty(ws: Workspace) -> None:
    tmp = ws.case_dir / "tmp"
    leftovers = [p for p in tmp.rglob("*") if p.is_file()] if tmp.exists() else []
    assert leftovers == [], f"temporary files left behind: {leftovers}"


# ------------------------------------------------------------------------------------------
# names
# ------------------------------------------------------------------------------------------
@case("SC-ARC-002", "zip members named /etc/x (absolute), C:\\Windows\\x.dll (drive) and ..\\..\\x.txt (backslash traversal)",
      "all stored by hash with their raw names; flagged absolute_path / backslash_separator / parent_reference; "
      "UNSAFE_MEMBER_NAME warnings; nothing written outside the case")
def test_absolute_and_backslash_member_names(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    data = {b"/etc/x": b"absolute\x00\xff", b"C:\\Windows\\x.dll": b"drive\x00\xff", b"..\\..\\x.txt": b"backslash\x00\xff",
            b"ok.bin": b"fine\x00\xff"}
    z = ws.inbox / "names.zip"
    z.write_bytes(build_zip([raw_entry(n, d, flags=UTF8) for n, d in data.items()]))
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    by_raw = {m["name_raw"]: m for m in member_list(ws) if m["depth"] == 1}
    assert set(by_raw) == set(data)
    for raw, payload in data.items():
        assert_stored(ws, by_raw[raw], payload)
    assert "absolute_path" in by_raw[b"/etc/x"]["flags"]
    assert {"absolute_path", "backslash_separator"} <= set(by_raw[b"C:\\Windows\\x.dll"]["flags"])
    assert {"backslash_separator", "parent_reference"} <= set(by_raw[b"..\\..\\x.txt"]["flags"])
    assert by_raw[b"ok.bin"]["flags"] == []
    # the display path escapes the backslash, so it cannot be read as a separator
    assert by_raw[b"..\\..\\x.txt"]["path"] == "names.zip/..\\\\..\\\\x.txt"
    warns = warning_pairs(ws)
    assert ("names.zip//etc/x", "UNSAFE_MEMBER_NAME") in warns
    assert ("names.zip/..\\\\..\\\\x.txt", "UNSAFE_MEMBER_NAME") in warns
    assert not Path("/etc/x").exists() or Path("/etc/x").read_bytes() != data[b"/etc/x"]


@case("SC-ARC-003", "zip member with symlink external_attr (target ../../../etc/shadow) plus a directory entry",
      "link stored as its target text, never followed; kind symlink, flag symlink; "
      "SYMLINK_MEMBER warning; directory listed, not stored")
def test_zip_symlink_member(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    link = raw_entry(b"link", b"../../../etc/shadow", method=0, external_attr=0o120777 << 16)
    folder = raw_entry(b"dir/", b"", method=0, external_attr=0o40755 << 16)
    z = ws.inbox / "link.zip"
    z.write_bytes(build_zip([link, folder, raw_entry(b"dir/a.bin", b"\x00\x01payload")]))
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    m = members(ws)
    lnk = m["link.zip/link"]
    assert lnk["kind"] == "symlink"
    # (tar links also get link_target_parent_reference; zip links are only flagged symlink)
    assert "symlink" in lnk["flags"]
    assert "not followed" in lnk["reason"]
    assert_stored(ws, lnk, b"../../../etc/shadow")
    assert m["link.zip/dir/"]["status"] == "directory" and m["link.zip/dir/"]["sha256"] is None
    assert_stored(ws, m["link.zip/dir/a.bin"], b"\x00\x01payload")
    assert sha(Path("/etc/shadow").read_bytes() if Path("/etc/shadow").exists() else b"") not in ws.stored()
    assert ("link.zip/link", "SYMLINK_MEMBER") in warning_pairs(ws)
    assert m["link.zip"]["status"] == "expanded"


@case("SC-ARC-004", "zip with a.csv twice (different content) and A.csv beside a.csv",
      "every entry kept with its own content and row; both a.csv flagged duplicate_name (DUPLICATE_MEMBER_NAME); "
      "A.csv and a.csv are distinct members")
def test_duplicate_and_colliding_names(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    first, second, upper = b"\x00first a.csv\xff", b"\x00second a.csv\xff", b"\x00upper A.csv\xff"
    z = ws.inbox / "dup.zip"
    z.write_bytes(build_zip([raw_entry(b"a.csv", first), raw_entry(b"A.csv", upper), raw_entry(b"a.csv", second)]))
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    rows = [m for m in member_list(ws) if m["depth"] == 1]
    assert len(rows) == 3 and len({m["member_id"] for m in rows}) == 3
    lower = [m for m in rows if m["name_raw"] == b"a.csv"]
    assert sorted(m["sha256"] for m in lower) == sorted([sha(first), sha(second)])
    for m in lower:
        assert "duplicate_name" in m["flags"]
        assert_stored(ws, m, first if m["sha256"] == sha(first) else second)
    (up,) = [m for m in rows if m["name_raw"] == b"A.csv"]
    assert_stored(ws, up, upper)
    assert "duplicate_name" not in up["flags"]
    codes = [r[0] for r in ws.rows("SELECT code FROM warnings WHERE code = 'DUPLICATE_MEMBER_NAME'")]
    assert len(codes) == 2


# ------------------------------------------------------------------------------------------
# bombs and limits
# ------------------------------------------------------------------------------------------
@case("SC-ARC-005", "ratio bomb: 200 MiB of zeros deflated (<1 MiB zip) with max_member_bytes set to 10,000,000",
      "the bomb member is not_expanded with limit_exceeded and the per-member reason; nothing over the limit is "
      "stored; the small member beside it is stored; archive partially_expanded; tmp/ empty")
def test_ratio_bomb(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    set_limit = ws.returns("limits", "max_member_bytes", "10000000")
    assert set_limit.returncode == 0, set_limit.output
    z = ws.inbox / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        info = zipfile.ZipInfo("zeros.bin", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as out:
            block = bytes(4 * MiB)
            for _ in range(50):
                out.write(block)
        zf.writestr("small.txt", b"still here")
    assert z.stat().st_size < MiB
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    m = members(ws)
    bomb = m["bomb.zip/zeros.bin"]
    assert_not_stored(ws, bomb)
    assert "limit_exceeded" in bomb["flags"]
    assert "per-member limit" in bomb["reason"]
    assert bomb["declared_size"] == 200 * MiB
    assert_stored(ws, m["bomb.zip/small.txt"], b"still here")
    assert m["bomb.zip"]["status"] == "partially_expanded"
    assert all(p.stat().st_size <= 10_000_000 for p in (ws.case_dir / "evidence").iterdir())
    assert ws.rows("SELECT max(size) FROM files")[0][0] <= 10_000_000
    assert ws.stored() == {sha(z.read_bytes()), sha(b"still here")}  # no partial copy of the bomb
    assert ws.rows("SELECT status FROM packages") == [("incomplete",)]
    assert ("bomb.zip/zeros.bin", "MEMBER_NOT_EXPANDED") in warning_pairs(ws)
    assert "1 not expanded" in summary(res)
    tmp_empty(ws)


@case("SC-ARC-006", "entry-count bomb: 3000 one-byte entries with max_entries set to 500",
      "500 members stored, the next 1000 listed not_expanded 'over the entry-count limit' (limit_exceeded), "
      "the rest counted in an ARCHIVE_PROBLEM; no partial rows; case verifies")
def test_entry_count_bomb(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    assert ws.returns("limits", "max_entries", "500").returncode == 0
    z = ws.inbox / "many.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for i in range(3000):
            zf.writestr(zipfile.ZipInfo(f"f{i:05d}.bin", date_time=(2026, 1, 1, 0, 0, 0)), b"\x00")
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    rows = [m for m in member_list(ws) if m["depth"] == 1]
    stored = [m for m in rows if m["status"] != "not_expanded"]
    over = [m for m in rows if m["status"] == "not_expanded"]
    assert len(stored) == 500 and all(m["sha256"] == sha(b"\x00") for m in stored)
    assert len(over) == 1000
    assert all(m["reason"] == "over the entry-count limit" and "limit_exceeded" in m["flags"] and m["sha256"] is None
               for m in over)
    assert ws.rows("SELECT count(*) FROM files") == [(2,)]  # the zip and the one distinct member content
    problems = [r[0] for r in ws.rows("SELECT message FROM warnings WHERE code = 'ARCHIVE_PROBLEM'")]
    assert any("1500 further members were not listed" in p for p in problems), problems
    assert ws.rows("SELECT status FROM packages") == [("incomplete",)]


@case("SC-ARC-007", "zip whose central directory has two records pointing at one local header (overlapping entries)",
      "both overlapping records flagged overlapping_entry (the alias also name_mismatch), ZIP_OVERLAPPING_ENTRY "
      "warnings and an ARCHIVE_PROBLEM; the independent member stored intact")
def test_overlapping_entries(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    kernel = raw_entry(b"kernel.bin", bytes(MiB))
    alias = RawEntry(b"alias.bin", kernel.payload, kernel.crc, kernel.usize, kernel.method)
    other = raw_entry(b"other.bin", b"\x00independent\xff")
    z = ws.inbox / "overlap.zip"
    z.write_bytes(build_zip([kernel, other], directory=[(other, 1), (kernel, 0), (alias, 0)]))
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    m = members(ws)
    assert "overlapping_entry" in m["overlap.zip/kernel.bin"]["flags"]
    assert {"overlapping_entry", "name_mismatch"} <= set(m["overlap.zip/alias.bin"]["flags"])
    assert "overlapping_entry" not in m["overlap.zip/other.bin"]["flags"]
    assert_stored(ws, m["overlap.zip/other.bin"], b"\x00independent\xff")
    for name in ("kernel.bin", "alias.bin"):
        row = m[f"overlap.zip/{name}"]
        assert row["sha256"] in (None, sha(bytes(MiB)))
    warns = warning_pairs(ws)
    assert ("overlap.zip/kernel.bin", "ZIP_OVERLAPPING_ENTRY") in warns
    assert ("overlap.zip/alias.bin", "ZIP_OVERLAPPING_ENTRY") in warns
    problems = [r[0] for r in ws.rows("SELECT message FROM warnings WHERE code = 'ARCHIVE_PROBLEM'")]
    assert any("overlap" in p for p in problems), problems


@case("SC-ARC-008", "a zip in a zip in a zip with max_depth set to 2",
      "outer and middle expanded; the innermost zip stored but not opened (status stored, flag depth_limit, "
      "NESTING_LIMIT warning); its member is not listed; package incomplete")
def test_nesting_deeper_than_limit(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    assert ws.returns("limits", "max_depth", "2").returncode == 0
    inner = zip_bytes({"secret.bin": b"\x00deep evidence\xff"})
    middle = zip_bytes({"inner.zip": inner, "mid.bin": b"\x00middle\xff"})
    z = make_zip(ws.inbox / "outer.zip", {"middle.zip": middle})
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    m = members(ws)
    assert m["outer.zip"]["status"] == "expanded"
    assert m["outer.zip/middle.zip"]["status"] == "expanded"
    assert_stored(ws, m["outer.zip/middle.zip/mid.bin"], b"\x00middle\xff")
    deep = m["outer.zip/middle.zip/inner.zip"]
    assert_stored(ws, deep, inner)
    assert deep["status"] == "stored" and "depth_limit" in deep["flags"], deep
    assert deep["depth"] == 2
    assert not any("secret.bin" in p for p in m), "a member below the depth limit was listed"
    assert sha(b"\x00deep evidence\xff") not in ws.stored()
    assert ("outer.zip/middle.zip/inner.zip", "NESTING_LIMIT") in warning_pairs(ws)
    assert ws.rows("SELECT status FROM packages") == [("incomplete",)]


# ------------------------------------------------------------------------------------------
# encryption
# ------------------------------------------------------------------------------------------
ZC_SECRET = b"\x00call log 555-0100\xff" * 20
AES_SECRET = b"\x00subscriber record\xff" * 20


def _encrypted_pair(inbox: Path) -> tuple[Path, Path]:
    zc = inbox / "zc.zip"
    zc.write_bytes(build_zip([zipcrypto_entry(b"calls.bin", ZC_SECRET, b"s3cret"), raw_entry(b"plain.bin", b"\x00plain\xff")]))
    aes = inbox / "aes.zip"
    with pyzipper.AESZipFile(aes, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zf:
        zf.setpassword(b"correct horse")
        zf.writestr("subscriber.bin", AES_SECRET)
    return zc, aes


@case("SC-ARC-009", "a ZipCrypto zip (one encrypted, one plain member) and a WinZip-AES zip, no password",
      "exit 0; both stored; encrypted members not_expanded with 'no password given' and flags encrypted + "
      "zipcrypto/aes; AES zip locked, ZipCrypto zip partially_expanded with its plain member stored; "
      "ENCRYPTED_ARCHIVE warning; the summary says how to open them")
def test_encrypted_without_password(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    zc, aes = _encrypted_pair(ws.inbox)
    before = ws.outside()
    res = ws.returns("ingest", zc, aes)
    assert_safe(ws, res, exit_code=0, stored=[zc, aes], outside_before=before)
    m = members(ws)
    calls, sub = m["zc.zip/calls.bin"], m["aes.zip/subscriber.bin"]
    assert_not_stored(ws, calls)
    assert_not_stored(ws, sub)
    assert calls["reason"] == "encrypted (ZipCrypto): no password given"
    assert sub["reason"] == "encrypted (AES): no password given"
    assert {"encrypted", "zipcrypto"} <= set(calls["flags"]) and {"encrypted", "aes"} <= set(sub["flags"])
    assert_stored(ws, m["zc.zip/plain.bin"], b"\x00plain\xff")
    assert m["aes.zip"]["status"] == "locked"
    assert m["zc.zip"]["status"] == "partially_expanded"
    assert ("aes.zip", "ENCRYPTED_ARCHIVE") in warning_pairs(ws)
    assert ws.stored() == {sha(zc.read_bytes()), sha(aes.read_bytes()), sha(b"\x00plain\xff")}
    assert "--password-file" in res.stdout
    assert "2 not expanded" in summary(res)
    assert ws.rows("SELECT DISTINCT status FROM packages") == [("incomplete",)]


@case("SC-ARC-010", "the same ZipCrypto and AES zips with a password file holding only wrong passwords",
      "exit 0; encrypted members not_expanded with reason 'wrong password', no hash, nothing decrypted stored; "
      "the password never appears in the case")
def test_encrypted_wrong_password(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    zc, aes = _encrypted_pair(ws.inbox)
    pw = ws.inbox / "pw.txt"
    pw.write_text("Wr0ngPassw0rdX\nn0tThisOneEither\n")
    before = ws.outside()
    res = ws.returns("ingest", zc, aes, "--password-file", pw)
    assert_safe(ws, res, exit_code=0, stored=[zc, aes], outside_before=before)
    m = members(ws)
    for path in ("zc.zip/calls.bin", "aes.zip/subscriber.bin"):
        assert_not_stored(ws, m[path])
        assert "wrong password" in m[path]["reason"], m[path]
        assert "encrypted" in m[path]["flags"]
    assert m["aes.zip"]["status"] == "locked"
    assert ws.stored() == {sha(zc.read_bytes()), sha(aes.read_bytes()), sha(b"\x00plain\xff")}
    assert ws.rows("SELECT DISTINCT password_used FROM package_receipts") == [(False,)]
    for p in ws.case_dir.rglob("*"):
        if p.is_file():
            assert b"Wr0ngPassw0rdX" not in p.read_bytes(), p


@case("SC-ARC-011", "the same ZipCrypto and AES zips with a password file holding a wrong and the right passwords",
      "exit 0; every member decrypted and stored with its true SHA-256; archives expanded; receipts say a "
      "password was used; packages complete; no password in the case")
def test_encrypted_right_password(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    zc, aes = _encrypted_pair(ws.inbox)
    pw = ws.inbox / "pw.txt"
    pw.write_text("nope\ns3cret\ncorrect horse\n")
    before = ws.outside()
    res = ws.returns("ingest", zc, aes, "--password-file", pw)
    assert_safe(ws, res, exit_code=0, stored=[zc, aes], outside_before=before)
    m = members(ws)
    assert_stored(ws, m["zc.zip/calls.bin"], ZC_SECRET)
    assert_stored(ws, m["aes.zip/subscriber.bin"], AES_SECRET)
    assert_stored(ws, m["zc.zip/plain.bin"], b"\x00plain\xff")
    assert {"encrypted", "zipcrypto"} <= set(m["zc.zip/calls.bin"]["flags"])
    assert m["zc.zip"]["status"] == m["aes.zip"]["status"] == "expanded"
    assert ws.rows("SELECT DISTINCT password_used FROM package_receipts") == [(True,)]
    assert ws.rows("SELECT DISTINCT status FROM packages") == [("complete",)]
    assert "0 not expanded" in summary(res)
    for p in ws.case_dir.rglob("*"):
        if p.is_file():
            assert b"correct horse" not in p.read_bytes() and b"s3cret" not in p.read_bytes(), p


# ------------------------------------------------------------------------------------------
# damage
# ------------------------------------------------------------------------------------------
@case("SC-ARC-012", "a 5-member zip cut at 70% of its length (no central directory)",
      "exit 0; the intact earlier members recovered from local headers and stored with their correct SHA-256; "
      "the cut member not_expanded 'truncated'; archive partially_expanded with an ARCHIVE_PROBLEM")
def test_truncated_zip(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    originals = {f"part{i}.bin": noise(20_000, seed=i) for i in range(5)}
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in originals.items():
            zf.writestr(name, data)
    z = ws.inbox / "cut.zip"
    z.write_bytes(whole.getvalue()[: int(len(whole.getvalue()) * 0.7)])
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    rows = [m for m in member_list(ws) if m["depth"] == 1]
    stored = [m for m in rows if m["sha256"]]
    assert len(stored) == 3
    for m in stored:
        assert_stored(ws, m, originals[m["name"]])
        assert "recovered_from_local_header" in m["flags"]
    cut = [m for m in rows if not m["sha256"]]
    assert len(cut) == 1
    assert_not_stored(ws, cut[0])
    assert "truncated" in cut[0]["flags"] and cut[0]["reason"].startswith("truncated")
    top = members(ws)["cut.zip"]
    assert top["status"] == "partially_expanded"
    problems = [r[0] for r in ws.rows("SELECT message FROM warnings WHERE code = 'ARCHIVE_PROBLEM'")]
    assert any("central directory missing" in p for p in problems), problems
    assert ws.stored() == {sha(z.read_bytes())} | {m["sha256"] for m in stored}  # nothing partial of the cut member


@case("SC-ARC-013", "a zip with one byte flipped inside a stored member's data",
      "exit 0; that member not_expanded 'corrupt: CRC mismatch' (flag crc_mismatch), no bad bytes stored under "
      "its name; the other member stored intact; archive partially_expanded")
def test_byte_flipped_zip(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    data = bytearray(build_zip([raw_entry(b"good.bin", b"\x00keep me\xff", method=0),
                                raw_entry(b"bad.bin", b"\x00this data will be damaged\xff", method=0)]))
    pos = data.find(b"will be damaged")
    data[pos] ^= 0xFF
    z = ws.inbox / "flip.zip"
    z.write_bytes(bytes(data))
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    m = members(ws)
    assert_stored(ws, m["flip.zip/good.bin"], b"\x00keep me\xff")
    bad = m["flip.zip/bad.bin"]
    assert_not_stored(ws, bad)
    assert bad["reason"] == "corrupt: CRC mismatch" and "crc_mismatch" in bad["flags"]
    assert m["flip.zip"]["status"] == "partially_expanded"
    assert ws.rows("SELECT count(*) FROM files") == [(2,)]
    assert ("flip.zip/bad.bin", "MEMBER_NOT_EXPANDED") in warning_pairs(ws)


# ------------------------------------------------------------------------------------------
# names that attack the display
# ------------------------------------------------------------------------------------------
@case("SC-ARC-014", "zip member names in cp437 without the UTF-8 flag, with a newline, and with U+202E (RLO)",
      "raw bytes kept in name_raw; cp437 decoded; newline and RLO escaped in path; flags newline_in_name / "
      "bidi_control; `files --json` paths and `files` table carry no raw newline or RLO")
def test_display_attacking_names(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    rlo = "invoice\u202egpj.exe".encode()
    entries = [raw_entry(b"caf\x82.bin", b"\x00cp437\xff"),
               raw_entry(b"report\n2024.bin", b"\x00newline\xff", flags=UTF8),
               raw_entry(rlo, b"\x00bidi\xff", flags=UTF8)]
    z = ws.inbox / "names.zip"
    z.write_bytes(build_zip(entries))
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    by_raw = {m["name_raw"]: m for m in member_list(ws) if m["depth"] == 1}
    assert set(by_raw) == {b"caf\x82.bin", b"report\n2024.bin", rlo}
    cp = by_raw[b"caf\x82.bin"]
    assert (cp["name"], cp["name_encoding"]) == ("café.bin", "cp437")
    nl = by_raw[b"report\n2024.bin"]
    assert nl["path"] == "names.zip/report\\n2024.bin" and "newline_in_name" in nl["flags"]
    bidi = by_raw[rlo]
    assert bidi["path"] == "names.zip/invoice\\u202egpj.exe" and "bidi_control" in bidi["flags"]
    for raw, payload in zip((b"caf\x82.bin", b"report\n2024.bin", rlo), (b"\x00cp437\xff", b"\x00newline\xff", b"\x00bidi\xff")):
        assert_stored(ws, by_raw[raw], payload)
    assert "\u202e" not in res.output

    listed = ws.returns("files", "--json")
    assert listed.returncode == 0, listed.output
    paths = [d["path"] for d in json.loads(listed.stdout)]
    assert len(paths) == 4
    assert not any("\n" in p or "\u202e" in p for p in paths), paths

    table = ws.returns("files")
    assert table.returncode == 0, table.output
    assert "\u202e" not in table.stdout
    assert len(table.stdout.strip("\n").splitlines()) == 2 + 4  # header, rule, one line per row
    assert "report\\n2024.bin" in table.stdout
    assert ("names.zip/invoice\\u202egpj.exe", "UNUSUAL_MEMBER_NAME") in warning_pairs(ws)


# ------------------------------------------------------------------------------------------
# 7z and tar
# ------------------------------------------------------------------------------------------
@case("SC-ARC-015", "a plain 7z and a password-protected 7z, first without then with a password file",
      "plain 7z expanded, members stored; protected 7z stored and locked (member not_expanded 'no password "
      "given'); the second receipt with the password opens it and stores the member with its true SHA-256")
def test_7z_plain_and_password(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    plain = ws.inbox / "plain.7z"
    with py7zr.SevenZipFile(plain, "w") as sz:
        sz.writestr(b"\x00alpha\xff", "docs/a.bin")
        sz.writestr(noise(5000, 3), "bin/noise.bin")
    enc = ws.inbox / "enc.7z"
    with py7zr.SevenZipFile(enc, "w", password="hunter2") as sz:
        sz.writestr(b"\x00location history\xff", "loc.bin")
    before = ws.outside()
    res = ws.returns("ingest", plain, enc)
    assert res.returncode == 0, res.output
    res.assert_clean()
    m = members(ws)
    assert m["plain.7z"]["status"] == "expanded"
    assert_stored(ws, m["plain.7z/docs/a.bin"], b"\x00alpha\xff")
    assert_stored(ws, m["plain.7z/bin/noise.bin"], noise(5000, 3))
    assert m["enc.7z"]["status"] == "locked"
    assert_not_stored(ws, m["enc.7z/loc.bin"])
    assert m["enc.7z/loc.bin"]["reason"] == "encrypted (7z AES): no password given"
    assert ("enc.7z", "ENCRYPTED_ARCHIVE") in warning_pairs(ws)

    pw = ws.inbox / "pw.txt"
    pw.write_text("hunter2\n")
    before = ws.outside()
    again = ws.returns("ingest", enc, "--password-file", pw)
    assert_safe(ws, again, exit_code=0, stored=[plain, enc], outside_before=before)
    assert "already received" in again.stdout
    m = members(ws)
    assert m["enc.7z"]["status"] == "expanded"
    assert_stored(ws, m["enc.7z/loc.bin"], b"\x00location history\xff")
    assert "encrypted" in m["enc.7z/loc.bin"]["flags"]
    assert ws.rows("SELECT receipt_no, password_used, again FROM package_receipts WHERE package_id = ? ORDER BY 1",
                   ["P-" + sha(enc.read_bytes())[:12]]) == [(1, False, False), (2, True, True)]


@case("SC-ARC-016", "a tar.gz with symlinks to /etc/passwd and ../../../root, a hardlink, a FIFO, a char device "
      "and a ../../evil.sh member", "symlinks stored as their target text (not followed, flagged); hardlink, FIFO "
      "and device not_expanded with reasons; ../../evil.sh stored by hash, flagged; nothing written outside")
def test_tar_gz_links(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    t = ws.inbox / "special.tar.gz"
    make_special_tar(t)
    before = ws.outside()
    res = ws.returns("ingest", t)
    assert_safe(ws, res, exit_code=0, stored=[t], outside_before=before)
    m = members(ws)
    esc = m["special.tar.gz/escape"]
    assert esc["kind"] == "symlink" and {"symlink", "link_target_absolute"} <= set(esc["flags"])
    assert_stored(ws, esc, b"/etc/passwd")
    assert sha(Path("/etc/passwd").read_bytes()) not in ws.stored()
    up = m["special.tar.gz/up"]
    assert "link_target_parent_reference" in up["flags"]
    assert_stored(ws, up, b"../../../root")
    twin = m["special.tar.gz/twin"]
    assert twin["kind"] == "hardlink"
    assert_not_stored(ws, twin)
    assert "data/messages.txt" in twin["reason"]
    for name, kind in (("pipe", "fifo"), ("null", "device")):
        assert m[f"special.tar.gz/{name}"]["kind"] == kind
        assert_not_stored(ws, m[f"special.tar.gz/{name}"])
    evil = m["special.tar.gz/../../evil.sh"]
    assert "parent_reference" in evil["flags"]
    assert_stored(ws, evil, b"boom")
    assert_stored(ws, m["special.tar.gz/data/messages.txt"], b"message body " * 100)
    assert m["special.tar.gz/data"]["status"] == "directory"
    assert ("special.tar.gz/escape", "SYMLINK_MEMBER") in warning_pairs(ws)
    assert ws.stored() == {sha(t.read_bytes()), sha(b"/etc/passwd"), sha(b"../../../root"), sha(b"boom"),
                           sha(b"message body " * 100)}
    assert not (tmp_path.parent / "evil.sh").exists() and not (tmp_path / "evil.sh").exists()
