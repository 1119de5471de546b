"""Tests for pipeline.archives: every hostile input is generated here, inside tmp_path."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import os
import random
import struct
import tarfile
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import py7zr
import pyzipper
import pytest

from pipeline.archives import ARCHIVE_TYPES, Budget, Member, WalkResult, sniff_archive, walk_archive
from pipeline.errors import ReturnsError
from pipeline.evidence import EvidenceStore

MiB = 2**20
STATUSES = {"expanded", "partially_expanded", "locked", "corrupt"}
MEMBER_STATUSES = {"stored", "not_expanded", "skipped_dir"}


# ----------------------------------------------------------------------------------------
# Fixtures and helpers
# ----------------------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(root=tmp_path / "evidence", tmp_dir=tmp_path / "tmp", owner="t")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    path = tmp_path / "in"
    path.mkdir()
    return path


@pytest.fixture(autouse=True)
def nothing_written_elsewhere(tmp_path: Path):
    """Whatever a test does, only tmp_path/{in,evidence,tmp} may change, and tmp/ ends empty."""
    cwd = Path.cwd()
    before_cwd = sorted(os.listdir(cwd))
    before_parent = sorted(p for p in os.listdir(tmp_path.parent) if p != tmp_path.name)
    yield
    assert sorted(os.listdir(cwd)) == before_cwd
    assert sorted(p for p in os.listdir(tmp_path.parent) if p != tmp_path.name) == before_parent
    for entry in tmp_path.rglob("*"):
        rel = entry.relative_to(tmp_path)
        assert rel.parts[0] in ("in", "evidence", "tmp"), f"unexpected write: {rel}"
        assert not entry.is_symlink(), f"symlink created: {rel}"
        if rel.parts[0] == "evidence" and len(rel.parts) > 1:
            assert len(rel.parts) == 2 and len(rel.name) == 64, f"not a hash-named file: {rel}"
    if (tmp_path / "tmp").exists():
        assert os.listdir(tmp_path / "tmp") == [], "temporary files left behind"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def noise(n: int, seed: int = 1) -> bytes:
    """Deterministic incompressible bytes."""
    return random.Random(seed).randbytes(n)


def by_name(result: WalkResult) -> dict[str, Member]:
    return {m.name.display: m for m in result.members}


def content(store: EvidenceStore, member: Member) -> bytes:
    assert member.sha256 is not None
    with store.open(member.sha256) as fh:
        return fh.read()


def check_invariants(result: WalkResult) -> None:
    """Properties every result must have, whatever the input."""
    assert result.status in STATUSES
    assert [m.index for m in result.members] == list(range(len(result.members)))
    for m in result.members:
        assert m.status in MEMBER_STATUSES
        assert list(m.flags) == sorted(set(m.flags))
        if m.status == "stored":
            assert m.sha256 is not None and m.size is not None
        else:
            assert m.sha256 is None and m.size is None
        if m.status == "not_expanded":
            assert m.reason


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


@dataclass
class RawEntry:
    """A zip entry written byte for byte by :func:`build_zip`."""

    name: bytes
    payload: bytes  #: bytes as they appear in the archive (compressed / encrypted)
    crc: int
    usize: int
    method: int = 0
    flags: int = 0
    external_attr: int = 0
    dos_time: int = 0x6000


def raw_entry(name: bytes, data: bytes, *, method: int = 8, flags: int = 0, external_attr: int = 0) -> RawEntry:
    payload = deflate(data) if method == 8 else data
    return RawEntry(name, payload, zlib.crc32(data), len(data), method, flags, external_attr)


def build_zip(entries: list[RawEntry], directory: list[tuple[RawEntry, int]] | None = None) -> bytes:
    """A zip made by hand so that names, flags and offsets can be anything.

    ``directory`` lists (entry, local-entry index) pairs for the central directory;
    by default one record per local entry.
    """
    out = bytearray()
    offsets = []
    for e in entries:
        offsets.append(len(out))
        out += struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, e.flags, e.method, e.dos_time, 0x21,
            e.crc, len(e.payload), e.usize, len(e.name), 0,
        )
        out += e.name + e.payload
    cd_start = len(out)
    records = directory if directory is not None else [(e, i) for i, e in enumerate(entries)]
    for e, i in records:
        out += struct.pack(
            "<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, e.flags, e.method, e.dos_time, 0x21,
            e.crc, len(e.payload), e.usize, len(e.name), 0, 0, 0, 0, e.external_attr, offsets[i],
        )
        out += e.name
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(records), len(records), len(out) - cd_start, cd_start, 0)
    return bytes(out)


def zipcrypto_encrypt(password: bytes, payload: bytes, crc: int) -> bytes:
    """Traditional PKWARE encryption (what ``zip -e`` does), for building test inputs."""
    keys = [0x12345678, 0x23456789, 0x34567890]

    def crc_byte(value: int, byte: int) -> int:
        return ~zlib.crc32(bytes([byte]), ~value & 0xFFFFFFFF) & 0xFFFFFFFF

    def update(byte: int) -> None:
        keys[0] = crc_byte(keys[0], byte)
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = crc_byte(keys[2], keys[1] >> 24)

    for byte in password:
        update(byte)
    out = bytearray()
    for byte in noise(11, seed=7) + bytes([crc >> 24]) + payload:
        k = keys[2] | 2
        out.append(byte ^ (((k * (k ^ 1)) >> 8) & 0xFF))
        update(byte)
    return bytes(out)


def zipcrypto_entry(name: bytes, data: bytes, password: bytes) -> RawEntry:
    crc = zlib.crc32(data)
    return RawEntry(name, zipcrypto_encrypt(password, deflate(data), crc), crc, len(data), method=8, flags=0x1)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def tar_info(name: str, kind: bytes = tarfile.REGTYPE, **attrs: object) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    for key, value in attrs.items():
        setattr(info, key, value)
    return info


# ----------------------------------------------------------------------------------------
# zip: names, duplicates, symlinks
# ----------------------------------------------------------------------------------------
def test_zip_hostile_names_are_flagged_and_stored_by_hash(inbox: Path, store: EvidenceStore) -> None:
    data = {
        b"../../outside.txt": b"traversal",
        b"/etc/cron.d/job": b"absolute",
        b"C:\\Windows\\evil.dll": b"drive",
        b"..\\..\\win.txt": b"backslash traversal",
        b"report\n2024.csv": b"newline",
        "invoice\u202egpj.exe".encode(): b"bidi",
    }
    entries = [raw_entry(n, d, flags=0x800) for n, d in data.items()]
    path = write(inbox / "names.zip", build_zip(entries))
    result = walk_archive(path, "zip", store, Budget())
    check_invariants(result)
    assert result.status == "expanded"
    members = {m.name.raw: m for m in result.members}
    assert members[b"../../outside.txt"].flags == ("parent_reference",)
    assert members[b"/etc/cron.d/job"].flags == ("absolute_path",)
    assert members[b"C:\\Windows\\evil.dll"].flags == ("absolute_path", "backslash_separator")
    assert members[b"..\\..\\win.txt"].flags == ("backslash_separator", "parent_reference")
    assert members[b"report\n2024.csv"].flags == ("control_chars", "newline_in_name")
    assert members[b"report\n2024.csv"].name.display == "report\\n2024.csv"
    assert members["invoice\u202egpj.exe".encode()].flags == ("bidi_control",)
    for raw, payload in data.items():
        assert content(store, members[raw]) == payload
    assert not (inbox.parent / "outside.txt").exists()


def test_zip_cp437_and_undecodable_utf8_names(inbox: Path, store: EvidenceStore) -> None:
    entries = [
        raw_entry(b"caf\x82.txt", b"cp437 name"),  # no UTF-8 flag: cp437
        raw_entry("m\u00fcnchen.txt".encode(), b"utf8 name", flags=0x800),
        raw_entry(b"bad\xff\xfe.txt", b"flag says utf-8, bytes are not", flags=0x800),
    ]
    result = walk_archive(write(inbox / "cp.zip", build_zip(entries)), "zip", store, Budget())
    check_invariants(result)
    first, second, third = result.members
    assert (first.name.display, first.name.encoding) == ("café.txt", "cp437")
    assert (second.name.display, second.name.encoding) == ("münchen.txt", "utf-8")
    assert third.name.encoding == "latin-1" and "undecodable_bytes" in third.flags
    assert all(m.status == "stored" for m in result.members)


def test_zip_duplicate_names_both_kept(inbox: Path, store: EvidenceStore) -> None:
    entries = [raw_entry(b"same.txt", b"first"), raw_entry(b"other.txt", b"x"), raw_entry(b"same.txt", b"second")]
    result = walk_archive(write(inbox / "dup.zip", build_zip(entries)), "zip", store, Budget())
    check_invariants(result)
    first, other, second = result.members
    assert "duplicate_name" in first.flags and "duplicate_name" in second.flags
    assert "duplicate_name" not in other.flags
    assert content(store, first) == b"first" and content(store, second) == b"second"


def test_zip_symlink_target_stored_not_followed(inbox: Path, store: EvidenceStore) -> None:
    link = raw_entry(b"link", b"../../../etc/shadow", method=0, external_attr=0o120777 << 16)
    path = write(inbox / "link.zip", build_zip([link, raw_entry(b"dir/", b"", method=0, external_attr=0o40755 << 16)]))
    result = walk_archive(path, "zip", store, Budget())
    check_invariants(result)
    member, directory = result.members
    assert member.kind == "symlink" and member.status == "stored"
    assert "symlink" in member.flags
    assert member.reason == "symbolic link: target text stored, not followed"
    assert content(store, member) == b"../../../etc/shadow"
    assert (directory.kind, directory.status) == ("dir", "skipped_dir")
    assert result.status == "expanded"


def test_zip_written_by_zipfile_all_methods(inbox: Path, store: EvidenceStore) -> None:
    files = {"stored.bin": zipfile.ZIP_STORED, "deflate.txt": zipfile.ZIP_DEFLATED,
             "bzip2.txt": zipfile.ZIP_BZIP2, "lzma.txt": zipfile.ZIP_LZMA}
    path = inbox / "methods.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i, (name, method) in enumerate(files.items()):
            zf.writestr(name, noise(3000, i) + b"text " * 2000, compress_type=method)
    result = walk_archive(path, "zip", store, Budget())
    check_invariants(result)
    assert result.status == "expanded" and result.problems == []
    for i, member in enumerate(result.members):
        assert content(store, member) == noise(3000, i) + b"text " * 2000
        assert member.size == member.declared_size


# ----------------------------------------------------------------------------------------
# zip: bombs and limits
# ----------------------------------------------------------------------------------------
def test_zip_ratio_bomb_stopped_at_member_limit(inbox: Path, store: EvidenceStore, tmp_path: Path) -> None:
    path = inbox / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("zeros.bin", "w", force_zip64=True) as out:
            block = bytes(MiB)
            for _ in range(200):
                out.write(block)
        zf.writestr("small.txt", b"still here")
    assert path.stat().st_size < 1 * MiB
    budget = Budget(max_member_bytes=10 * MiB)
    result = walk_archive(path, "zip", store, budget)
    check_invariants(result)
    bomb, small = result.members
    assert bomb.status == "not_expanded"
    assert "limit_exceeded" in bomb.flags
    assert bomb.reason == "over the 10 MiB per-member limit"
    assert bomb.declared_size == 200 * MiB
    assert content(store, small) == b"still here"
    assert result.status == "partially_expanded"
    assert 10 * MiB < budget.produced < 13 * MiB  # counted what was really decompressed
    assert all(f.stat().st_size <= 10 * MiB for f in (tmp_path / "evidence").iterdir())


def test_zip_lying_declared_size_counts_real_bytes(inbox: Path, store: EvidenceStore) -> None:
    """A member that declares 10 bytes but inflates to 3 MiB is limited by what it produces."""
    entry = raw_entry(b"liar.bin", bytes(3 * MiB))
    entry.usize = 10
    path = write(inbox / "liar.zip", build_zip([entry]))
    result = walk_archive(path, "zip", store, Budget(max_member_bytes=MiB))
    (member,) = result.members
    assert member.status == "not_expanded" and "limit_exceeded" in member.flags


def test_zip_total_byte_budget_shared(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "two.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.bin", bytes(6 * MiB))
        zf.writestr("b.bin", b"\1" * (6 * MiB))
    budget = Budget(max_total_bytes=10 * MiB)
    result = walk_archive(path, "zip", store, budget)
    first, second = result.members
    assert first.status == "stored"
    assert second.status == "not_expanded"
    assert second.reason == "over the 10 MiB total limit for the package"
    assert budget.produced <= 10 * MiB + 2 * MiB


def test_zip_entry_count_bomb(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(5000):
            zf.writestr(f"f{i:05d}.txt", b"x")
    budget = Budget(max_entries=1000)
    result = walk_archive(path, "zip", store, budget)
    check_invariants(result)
    assert len(result.members) == 2000  # max_entries + 1000 listed, no more
    assert all(m.status == "stored" for m in result.members[:1000])
    over = result.members[1000:]
    assert all(m.status == "not_expanded" and m.reason == "over the entry-count limit" for m in over)
    assert all("limit_exceeded" in m.flags for m in over)
    assert budget.entries == 1000
    assert any("3000 further members were not listed" in p for p in result.problems)
    assert result.status == "partially_expanded"


def test_zip_overlapping_entries(inbox: Path, store: EvidenceStore) -> None:
    """Two central-directory records share one local header (Fifield's "better zip bomb")."""
    kernel = raw_entry(b"kernel.bin", bytes(2 * MiB))
    alias = RawEntry(b"alias.bin", kernel.payload, kernel.crc, kernel.usize, kernel.method)
    other = raw_entry(b"other.txt", b"independent")
    data = build_zip([kernel, other], directory=[(other, 1), (kernel, 0), (alias, 0)])
    result = walk_archive(write(inbox / "overlap.zip", data), "zip", store, Budget(max_total_bytes=3 * MiB))
    check_invariants(result)
    third, first, second = result.members
    assert "overlapping_entry" in first.flags and "overlapping_entry" in second.flags
    assert "overlapping_entry" not in third.flags
    assert "name_mismatch" in second.flags  # its local header names kernel.bin
    assert first.status == "stored"
    assert second.status == "not_expanded" and "limit_exceeded" in second.flags  # budget still rules
    assert content(store, third) == b"independent"
    assert any("overlap" in p for p in result.problems)


# ----------------------------------------------------------------------------------------
# zip: encryption
# ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("passwords", "status", "reason", "used"),
    [
        ((), "locked", "encrypted (ZipCrypto): no password given", False),
        ((b"wrong",), "locked", "wrong password", False),
        ((b"wrong", b"s3cret"), "expanded", None, True),
    ],
)
def test_zip_zipcrypto(inbox: Path, store: EvidenceStore, passwords, status, reason, used) -> None:
    secret = b"call log 555-0100 " * 50
    path = write(inbox / "zc.zip", build_zip([zipcrypto_entry(b"calls.csv", secret, b"s3cret")]))
    result = walk_archive(path, "zip", store, Budget(), passwords)
    check_invariants(result)
    (member,) = result.members
    assert result.status == status
    assert result.password_used is used
    assert {"encrypted", "zipcrypto"} <= set(member.flags)
    assert member.reason == reason
    if used:
        assert content(store, member) == secret


@pytest.mark.parametrize(
    ("passwords", "status", "reason", "used"),
    [
        ((), "locked", "encrypted (AES): no password given", False),
        ((b"nope",), "locked", "wrong password", False),
        ((b"nope", b"correct horse"), "expanded", None, True),
    ],
)
def test_zip_aes(inbox: Path, store: EvidenceStore, passwords, status, reason, used) -> None:
    path = inbox / "aes.zip"
    secret = b"subscriber record " * 100
    with pyzipper.AESZipFile(path, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zf:
        zf.setpassword(b"correct horse")
        zf.writestr("subscriber.txt", secret)
    result = walk_archive(path, "zip", store, Budget(), passwords)
    check_invariants(result)
    (member,) = result.members
    assert result.status == status
    assert result.password_used is used
    assert {"aes", "encrypted"} <= set(member.flags)
    assert member.reason == reason
    if used:
        assert content(store, member) == secret


def test_zip_mixed_encrypted_and_plain_is_partial(inbox: Path, store: EvidenceStore) -> None:
    entries = [raw_entry(b"plain.txt", b"visible"), zipcrypto_entry(b"hidden.txt", b"secret", b"pw")]
    result = walk_archive(write(inbox / "mixed.zip", build_zip(entries)), "zip", store, Budget())
    assert result.status == "partially_expanded"
    assert result.members[0].status == "stored"


# ----------------------------------------------------------------------------------------
# zip: damage
# ----------------------------------------------------------------------------------------
def test_zip_truncated_recovers_intact_members(inbox: Path, store: EvidenceStore) -> None:
    originals = {f"part{i}.bin": noise(20_000, seed=i) for i in range(5)}
    whole = inbox / "whole.zip"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in originals.items():
            zf.writestr(name, data)
    data = whole.read_bytes()
    cut = write(inbox / "cut.zip", data[: int(len(data) * 0.7)])
    assert sniff_archive(cut) == "zip"
    result = walk_archive(cut, "zip", store, Budget())
    check_invariants(result)
    assert result.status == "partially_expanded"
    assert any("central directory missing" in p and "recovered from local headers" in p for p in result.problems)
    stored = [m for m in result.members if m.status == "stored"]
    assert len(stored) == 3
    for m in stored:
        assert m.sha256 == sha(originals[m.name.display])
        assert "recovered_from_local_header" in m.flags
    last = result.members[-1]
    assert last.status == "not_expanded" and "truncated" in last.flags and last.reason.startswith("truncated")


def test_zip_data_descriptor_members_recovered(inbox: Path, store: EvidenceStore) -> None:
    """zipfile writing to a pipe uses data descriptors (sizes after the data)."""

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.buf = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b) -> int:  # type: ignore[override]
            self.buf += b
            return len(b)

    sink = Pipe()
    items = {"a.txt": b"alpha " * 500, "b.bin": noise(5000, 3), "c.txt": b"gamma"}
    with zipfile.ZipFile(sink, "w") as zf:
        for name, data in items.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_STORED if name == "b.bin" else zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as out:
                out.write(data)
    raw = bytes(sink.buf)
    assert struct.unpack_from("<H", raw, 6)[0] & 0x8  # sizes only in data descriptors
    no_directory = raw[: raw.find(b"PK\x01\x02")]
    result = walk_archive(write(inbox / "dd.zip", no_directory), "zip", store, Budget())
    check_invariants(result)
    assert [m.name.display for m in result.members] == list(items)
    for m in result.members:
        assert m.status == "stored", m.reason
        assert content(store, m) == items[m.name.display]
        assert "recovered_from_local_header" in m.flags


def test_zip_stored_member_with_descriptor_recovered(inbox: Path, store: EvidenceStore) -> None:
    data = noise(3000, 9)
    entry = RawEntry(b"stored-dd.bin", data, 0, 0, method=0, flags=0x8)
    blob = build_zip([entry], directory=[])
    local_end = blob.find(b"PK\x05\x06")
    descriptor = struct.pack("<4sIII", b"PK\x07\x08", zlib.crc32(data), len(data), len(data))
    result = walk_archive(write(inbox / "sdd.zip", blob[:local_end] + descriptor), "zip", store, Budget())
    (member,) = result.members
    assert member.status == "stored" and content(store, member) == data


def test_zip_flipped_byte_is_crc_mismatch(inbox: Path, store: EvidenceStore) -> None:
    good = raw_entry(b"good.txt", b"keep me", method=0)
    bad = raw_entry(b"bad.txt", b"this data will be damaged", method=0)
    data = bytearray(build_zip([good, bad]))
    pos = data.find(b"will be damaged")
    data[pos] ^= 0xFF
    result = walk_archive(write(inbox / "flip.zip", bytes(data)), "zip", store, Budget())
    check_invariants(result)
    kept, broken = result.members
    assert content(store, kept) == b"keep me"
    assert broken.status == "not_expanded"
    assert broken.reason == "corrupt: CRC mismatch"
    assert "crc_mismatch" in broken.flags
    assert result.status == "partially_expanded"


def test_zip_corrupt_deflate_stream(inbox: Path, store: EvidenceStore) -> None:
    entry = raw_entry(b"x.txt", b"hello " * 1000)
    entry.payload = b"\xff" * len(entry.payload)
    result = walk_archive(write(inbox / "bad.zip", build_zip([entry])), "zip", store, Budget())
    (member,) = result.members
    assert member.status == "not_expanded" and member.reason.startswith("corrupt:")
    assert result.status == "corrupt"


@pytest.mark.parametrize("blob", [b"", b"PK\x03\x04", b"PK\x05\x06" + bytes(18), noise(4000), b"PK\x03\x04" + noise(200)])
def test_zip_garbage_never_raises(inbox: Path, store: EvidenceStore, blob: bytes) -> None:
    result = walk_archive(write(inbox / "g.zip", blob), "zip", store, Budget())
    check_invariants(result)
    assert result.status in ("corrupt", "expanded")
    if blob and blob != b"PK\x05\x06" + bytes(18):
        assert result.status == "corrupt" and result.problems


def test_zip_prefixed_with_stub(inbox: Path, store: EvidenceStore) -> None:
    body = build_zip([raw_entry(b"a.txt", b"after a stub")])
    path = write(inbox / "sfx.bin", b"MZ" + bytes(998) + body)
    assert sniff_archive(path) == "zip"
    result = walk_archive(path, "zip", store, Budget())
    assert content(store, result.members[0]) == b"after a stub"
    assert any("1000 bytes precede" in p for p in result.problems)


# ----------------------------------------------------------------------------------------
# 7z
# ----------------------------------------------------------------------------------------
def test_7z_normal(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "plain.7z"
    with py7zr.SevenZipFile(path, "w") as sz:
        sz.writestr(b"alpha", "docs/a.txt")
        sz.writestr(b"", "docs/empty.txt")
        sz.writestr(noise(10_000), "bin/noise.bin")
    assert sniff_archive(path) == "7z"
    result = walk_archive(path, "7z", store, Budget())
    check_invariants(result)
    assert result.status == "expanded", result.problems
    members = by_name(result)
    assert content(store, members["docs/a.txt"]) == b"alpha"
    assert content(store, members["docs/empty.txt"]) == b""
    assert members["bin/noise.bin"].sha256 == sha(noise(10_000))


@pytest.mark.parametrize("header_encryption", [False, True])
@pytest.mark.parametrize(
    ("passwords", "status", "used"),
    [((), "locked", False), ((b"bad",), "locked", False), ((b"bad", b"hunter2"), "expanded", True)],
)
def test_7z_password(inbox: Path, store: EvidenceStore, header_encryption, passwords, status, used) -> None:
    path = inbox / "enc.7z"
    with py7zr.SevenZipFile(path, "w", password="hunter2", header_encryption=header_encryption) as sz:
        sz.writestr(b"location history", "loc.json")
    result = walk_archive(path, "7z", store, Budget(), passwords)
    check_invariants(result)
    assert result.status == status
    assert result.password_used is used
    if used:
        (member,) = result.members
        assert content(store, member) == b"location history"
        assert member.flags == ("aes", "encrypted")
    elif header_encryption:
        assert result.members == []
        assert any("encrypted" in p for p in result.problems)
    else:
        (member,) = result.members
        assert member.reason == ("wrong password" if passwords else "encrypted (7z AES): no password given")


def test_7z_bomb(inbox: Path, store: EvidenceStore, tmp_path: Path) -> None:
    path = inbox / "bomb.7z"
    with py7zr.SevenZipFile(path, "w") as sz:
        sz.writestr(bytes(20 * MiB), "zeros.bin")
        sz.writestr(b"after the bomb", "ok.txt")
    assert path.stat().st_size < 64 * 1024
    result = walk_archive(path, "7z", store, Budget(max_member_bytes=10 * MiB))
    check_invariants(result)
    members = by_name(result)
    assert members["zeros.bin"].status == "not_expanded"
    assert "limit_exceeded" in members["zeros.bin"].flags
    assert members["zeros.bin"].reason == "over the 10 MiB per-member limit"
    assert content(store, members["ok.txt"]) == b"after the bomb"
    assert result.status == "partially_expanded"
    assert all(f.stat().st_size <= 10 * MiB for f in (tmp_path / "evidence").iterdir())


def test_7z_large_member_streams(inbox: Path, store: EvidenceStore) -> None:
    """A member bigger than the pipe's chunks arrives intact through the worker thread."""
    path = inbox / "big.7z"
    data = noise(3 * MiB + 123, 5)
    with py7zr.SevenZipFile(path, "w") as sz:
        sz.writestr(data, "big.bin")
    result = walk_archive(path, "7z", store, Budget())
    assert result.members[0].sha256 == sha(data)


def test_7z_corrupt_data(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "c.7z"
    with py7zr.SevenZipFile(path, "w") as sz:
        sz.writestr(noise(50_000, 11), "n.bin")
    data = bytearray(path.read_bytes())
    for i in range(100, 2000, 7):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))
    result = walk_archive(path, "7z", store, Budget())
    check_invariants(result)
    assert result.status == "corrupt"
    (member,) = result.members
    assert member.status == "not_expanded" and member.reason.startswith("corrupt")


def test_7z_garbage(inbox: Path, store: EvidenceStore) -> None:
    path = write(inbox / "g.7z", b"7z\xbc\xaf\x27\x1c" + noise(500))
    result = walk_archive(path, "7z", store, Budget())
    assert result.status == "corrupt" and result.members == []
    assert result.problems and "7z" in result.problems[0]


# ----------------------------------------------------------------------------------------
# tar, gzip, bzip2, xz
# ----------------------------------------------------------------------------------------
def make_special_tar(path: Path, mode: str = "w:gz") -> None:
    with tarfile.open(path, mode) as tf:
        tf.addfile(tar_info("data", tarfile.DIRTYPE))
        body = b"message body " * 100
        tf.addfile(tar_info("data/messages.txt", size=len(body)), io.BytesIO(body))
        tf.addfile(tar_info("escape", tarfile.SYMTYPE, linkname="/etc/passwd"))
        tf.addfile(tar_info("up", tarfile.SYMTYPE, linkname="../../../root"))
        tf.addfile(tar_info("twin", tarfile.LNKTYPE, linkname="data/messages.txt"))
        tf.addfile(tar_info("pipe", tarfile.FIFOTYPE))
        tf.addfile(tar_info("null", tarfile.CHRTYPE, devmajor=1, devminor=3))
        tf.addfile(tar_info("../../evil.sh", size=4), io.BytesIO(b"boom"))


def test_tar_gz_special_members(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "special.tar.gz"
    make_special_tar(path)
    assert sniff_archive(path) == "tar"
    result = walk_archive(path, "tar", store, Budget())
    check_invariants(result)
    assert result.status == "expanded", result.problems
    m = by_name(result)
    assert m["data"].status == "skipped_dir"
    assert content(store, m["data/messages.txt"]) == b"message body " * 100
    assert m["escape"].kind == "symlink" and content(store, m["escape"]) == b"/etc/passwd"
    assert m["escape"].reason == "symbolic link: target text stored, not followed"
    assert {"symlink", "link_target_absolute"} <= set(m["escape"].flags)
    assert "link_target_parent_reference" in m["up"].flags
    assert m["twin"].kind == "hardlink" and m["twin"].status == "not_expanded"
    assert "data/messages.txt" in m["twin"].reason
    assert (m["pipe"].kind, m["pipe"].status) == ("fifo", "not_expanded")
    assert (m["null"].kind, m["null"].status) == ("device", "not_expanded")
    assert "parent_reference" in m["../../evil.sh"].flags
    assert content(store, m["../../evil.sh"]) == b"boom"


@pytest.mark.parametrize("mode", ["w", "w:bz2", "w:xz"])
def test_tar_other_compressions(inbox: Path, store: EvidenceStore, mode: str) -> None:
    path = inbox / "t.tar"
    make_special_tar(path, mode)
    assert sniff_archive(path) == "tar"
    result = walk_archive(path, "tar", store, Budget())
    assert result.status == "expanded"
    assert content(store, by_name(result)["../../evil.sh"]) == b"boom"


def test_tar_truncated_keeps_earlier_members(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "t.tar"
    with tarfile.open(path, "w") as tf:
        for i in range(4):
            data = noise(3000, i)
            tf.addfile(tar_info(f"m{i}.bin", size=len(data)), io.BytesIO(data))
    blob = path.read_bytes()
    cut = write(inbox / "cut.tar", blob[: 3 * (512 + 3072) + 512 + 1000])  # inside m3's data
    result = walk_archive(cut, "tar", store, Budget())
    check_invariants(result)
    assert result.status == "partially_expanded"
    stored = [m for m in result.members if m.status == "stored"]
    assert [m.sha256 for m in stored] == [sha(noise(3000, i)) for i in range(3)]
    assert "truncated" in result.members[3].flags
    assert result.problems


def test_tar_truncated_inside_header(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "t.tar"
    with tarfile.open(path, "w") as tf:
        for i in range(2):
            tf.addfile(tar_info(f"m{i}.txt", size=5), io.BytesIO(b"hello"))
    blob = path.read_bytes()
    result = walk_archive(write(inbox / "h.tar", blob[: 1024 + 200]), "tar", store, Budget())
    assert [m.status for m in result.members] == ["stored"]
    assert result.status == "partially_expanded"
    assert any("truncated inside a header" in p for p in result.problems)


def test_tar_member_over_limit_refused_without_reading(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "big.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        tf.addfile(tar_info("zeros", size=20 * MiB), io.BytesIO(bytes(20 * MiB)))
        tf.addfile(tar_info("after", size=2), io.BytesIO(b"ok"))
    budget = Budget(max_member_bytes=10 * MiB)
    result = walk_archive(path, "tar", store, budget)
    zeros, after = result.members
    assert zeros.status == "not_expanded" and "limit_exceeded" in zeros.flags
    assert content(store, after) == b"ok"
    assert budget.produced == 2


def test_gzip_single_file_uses_header_name(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "x"
    with open(path, "wb") as raw, gzip.GzipFile("server.log", "wb", fileobj=raw, mtime=0) as gz:
        gz.write(b"GET /index.html\n" * 1000)
    assert sniff_archive(path) == "gzip"
    result = walk_archive(path, "gzip", store, Budget(), outer_name="upload.gz")
    check_invariants(result)
    (member,) = result.members
    assert member.name.display == "server.log"
    assert content(store, member) == b"GET /index.html\n" * 1000
    assert result.status == "expanded"


def test_gzip_without_name_uses_outer_name(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "x"
    with open(path, "wb") as raw, gzip.GzipFile("", "wb", fileobj=raw, mtime=0) as gz:
        gz.write(b"payload")
    result = walk_archive(path, "gzip", store, Budget(), outer_name="records.csv.gz")
    assert result.members[0].name.display == "records.csv"


def test_gzip_truncated_and_bomb(inbox: Path, store: EvidenceStore) -> None:
    good = gzip.compress(noise(50_000), mtime=0)
    result = walk_archive(write(inbox / "t.gz", good[: len(good) // 2]), "gzip", store, Budget(), outer_name="t.gz")
    (member,) = result.members
    assert member.status == "not_expanded" and "truncated" in member.flags
    assert result.status == "corrupt"
    bomb = write(inbox / "b.gz", gzip.compress(bytes(30 * MiB), mtime=0))
    result = walk_archive(bomb, "gzip", store, Budget(max_member_bytes=5 * MiB), outer_name="b.gz")
    (member,) = result.members
    assert member.status == "not_expanded" and "limit_exceeded" in member.flags
    assert result.status == "partially_expanded"


@pytest.mark.parametrize(("kind", "compress"), [("bzip2", bz2.compress), ("xz", lzma.compress)])
def test_bzip2_and_xz_single(inbox: Path, store: EvidenceStore, kind: str, compress) -> None:
    path = write(inbox / "blob", compress(b"plain text evidence"))
    assert sniff_archive(path) == kind
    suffix = ".bz2" if kind == "bzip2" else ".xz"
    result = walk_archive(path, kind, store, Budget(), outer_name=f"notes.txt{suffix}")
    (member,) = result.members
    assert member.name.display == "notes.txt"
    assert content(store, member) == b"plain text evidence"


@pytest.mark.parametrize("archive_type", ARCHIVE_TYPES)
def test_every_type_survives_garbage(inbox: Path, store: EvidenceStore, archive_type: str) -> None:
    path = write(inbox / "junk", noise(3000, 42))
    result = walk_archive(path, archive_type, store, Budget())
    check_invariants(result)
    assert result.status == "corrupt"
    assert result.problems


def test_fuzzed_archives_never_raise(inbox: Path, store: EvidenceStore) -> None:
    """Random truncations and byte flips of valid archives only ever produce flags."""
    samples: dict[str, bytes] = {}
    zpath = inbox / "s.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr(f"f{i}.txt", b"sample %d " % i * 300)
    samples["zip"] = zpath.read_bytes()
    spath = inbox / "s.7z"
    with py7zr.SevenZipFile(spath, "w") as sz:
        sz.writestr(b"seven " * 300, "a.txt")
        sz.writestr(b"zip " * 300, "b.txt")
    samples["7z"] = spath.read_bytes()
    tpath = inbox / "s.tgz"
    make_special_tar(tpath)
    samples["tar"] = tpath.read_bytes()
    samples["gzip"] = gzip.compress(b"gz " * 1000)
    rng = random.Random(1234)
    target = inbox / "fuzz"
    for kind, blob in samples.items():
        for _ in range(25):
            data = bytearray(blob)
            if rng.random() < 0.5:
                data = data[: rng.randrange(len(data))]
            for _ in range(rng.randrange(1, 6)):
                if data:
                    data[rng.randrange(len(data))] = rng.randrange(256)
            target.write_bytes(bytes(data))
            sniff_archive(target)
            result = walk_archive(target, kind, store, Budget(max_member_bytes=MiB), [b"pw"])
            check_invariants(result)


# ----------------------------------------------------------------------------------------
# sniffing and nesting
# ----------------------------------------------------------------------------------------
def test_sniff_documents_are_not_archives(inbox: Path) -> None:
    xlsx = inbox / "book.zip"  # the extension lies on purpose
    with zipfile.ZipFile(xlsx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    odt = inbox / "doc.zip"
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    jar = inbox / "app.zip"
    with zipfile.ZipFile(jar, "w") as zf:
        zf.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
    apk = inbox / "app2.zip"
    with zipfile.ZipFile(apk, "w") as zf:
        zf.writestr("AndroidManifest.xml", b"\x03\x00")
    plain = inbox / "plain.xlsx"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("export/[Content_Types].xml.txt", "not a document marker at the root")
    assert [sniff_archive(p) for p in (xlsx, odt, jar, apk)] == [None, None, None, None]
    assert sniff_archive(plain) == "zip"


def test_sniff_by_content_only(inbox: Path) -> None:
    assert sniff_archive(write(inbox / "fake.zip", b"just text, not a zip")) is None
    assert sniff_archive(write(inbox / "empty.tar.gz", b"")) is None
    assert sniff_archive(write(inbox / "noise.7z", noise(1000))) is None
    assert sniff_archive(write(inbox / "a.txt", gzip.compress(b"text"))) == "gzip"
    assert sniff_archive(inbox / "missing") is None


def test_nested_zip_walked_from_stored_member(inbox: Path, store: EvidenceStore) -> None:
    """The caller recurses: the inner zip is walked from its stored copy, sharing the budget."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("inner/secret.txt", b"nested evidence")
    outer = inbox / "outer.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("takeout/archive.zip", inner.getvalue())
        zf.writestr("readme.txt", b"top level")
    budget = Budget()
    results = walk_recursively(outer, store, budget)
    assert [r.archive_type for r in results] == ["zip", "zip"]
    inner_member = results[1].members[0]
    assert inner_member.name.display == "inner/secret.txt"
    assert content(store, inner_member) == b"nested evidence"
    assert budget.entries == 3


def walk_recursively(path: Path, store: EvidenceStore, budget: Budget, depth: int = 0) -> list[WalkResult]:
    """What the ingest code does: sniff each stored member and walk it again."""
    kind = sniff_archive(path)
    if kind is None or depth > 5:
        return []
    result = walk_archive(path, kind, store, budget, outer_name=path.name)
    results = [result]
    for member in result.members:
        if member.status == "stored" and member.kind == "file":
            results += walk_recursively(store.path_for(member.sha256), store, budget, depth + 1)
    return results


# ----------------------------------------------------------------------------------------
# store errors propagate
# ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["zip", "7z", "tar"])
def test_disk_full_propagates(inbox: Path, tmp_path: Path, kind: str) -> None:
    path = inbox / "a"
    if kind == "zip":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("a.txt", b"a")
    elif kind == "7z":
        with py7zr.SevenZipFile(path, "w") as sz:
            sz.writestr(noise(2 * MiB), "a.bin")
            sz.writestr(b"b", "b.txt")
    else:
        with tarfile.open(path, "w") as tf:
            tf.addfile(tar_info("a.txt", size=1), io.BytesIO(b"a"))
    (tmp_path / "evidence").mkdir()
    full = EvidenceStore(tmp_path / "evidence", tmp_path / "tmp", "t", min_free_bytes=2**62)
    threads = threading.active_count()
    with pytest.raises(ReturnsError) as info:
        walk_archive(path, kind, full, Budget())
    assert info.value.code == "DISK_FULL"
    assert threading.active_count() == threads  # the 7z worker thread was stopped


def test_unknown_type_is_a_programming_error(inbox: Path, store: EvidenceStore) -> None:
    with pytest.raises(ValueError):
        walk_archive(write(inbox / "x", b""), "rar", store, Budget())


# ----------------------------------------------------------------------------------------
# more structure: zip64, header disagreement, duplicates and links in other formats
# ----------------------------------------------------------------------------------------
def test_zip64_records_are_read(inbox: Path, store: EvidenceStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lower zipfile's limits while writing so that it emits zip64 extras and end records."""
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 10)
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)
    path = inbox / "z64.zip"
    items = {"a.txt": b"first member, longer than ten bytes", "b.txt": b"second member, also long"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items.items():
            zf.writestr(name, data)
    monkeypatch.undo()
    raw = path.read_bytes()
    assert b"PK\x06\x06" in raw and b"PK\x06\x07" in raw
    result = walk_archive(path, "zip", store, Budget())
    check_invariants(result)
    assert result.status == "expanded", result.problems
    assert {m.name.display: content(store, m) for m in result.members} == items


def test_zip_local_header_disagrees_with_directory(inbox: Path, store: EvidenceStore) -> None:
    entry = raw_entry(b"a.txt", b"data", method=0)
    blob = bytearray(build_zip([entry]))
    struct.pack_into("<H", blob, 8, 8)  # local header now claims deflate
    result = walk_archive(write(inbox / "m.zip", bytes(blob)), "zip", store, Budget())
    (member,) = result.members
    assert "header_mismatch" in member.flags
    assert content(store, member) == b"data"  # the central directory's description is used


def test_7z_symlink_and_duplicates(inbox: Path, store: EvidenceStore) -> None:
    link = inbox / "link"
    write(inbox / "target.txt", b"t")
    os.symlink("../in/target.txt", link)  # py7zr refuses dangling links
    path = inbox / "l.7z"
    try:
        with py7zr.SevenZipFile(path, "w") as sz:
            sz.write(link, "link")
            sz.writestr(b"one", "same.txt")
            sz.writestr(b"two", "same.txt")
    finally:
        link.unlink()
    result = walk_archive(path, "7z", store, Budget())
    check_invariants(result)
    lnk, first, second = result.members
    assert lnk.kind == "symlink" and "symlink" in lnk.flags
    assert content(store, lnk) == b"../in/target.txt"
    assert "duplicate_name" in first.flags and "duplicate_name" in second.flags
    assert {content(store, first), content(store, second)} == {b"one", b"two"}


def test_tar_duplicate_names(inbox: Path, store: EvidenceStore) -> None:
    path = inbox / "d.tar"
    with tarfile.open(path, "w") as tf:
        for body in (b"old", b"new"):
            tf.addfile(tar_info("notes.txt", size=3), io.BytesIO(body))
    result = walk_archive(path, "tar", store, Budget())
    first, second = result.members
    assert "duplicate_name" in first.flags and "duplicate_name" in second.flags
    assert (content(store, first), content(store, second)) == (b"old", b"new")


def test_member_new_reports_store_deduplication(inbox: Path, store: EvidenceStore) -> None:
    entries = [raw_entry(b"a.txt", b"same bytes"), raw_entry(b"b.txt", b"same bytes")]
    result = walk_archive(write(inbox / "n.zip", build_zip(entries)), "zip", store, Budget())
    assert [m.new for m in result.members] == [True, False]
    assert result.members[0].sha256 == result.members[1].sha256
