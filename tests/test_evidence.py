"""The evidence store: hashed while copied, stored once, read-only, nothing half-written."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path

import pytest

from pipeline.errors import LimitExceeded, ReturnsError
from pipeline.evidence import EvidenceStore


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence", tmp_path / "tmp", "t")


def test_store_hashes_while_copying_and_names_by_hash(store: EvidenceStore, tmp_path: Path) -> None:
    data = b"subscriber: lantern.user@example.com\n" * 1000
    src = tmp_path / "in.txt"
    src.write_bytes(data)
    stored = store.store_file(src)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.size == len(data) and stored.new and not stored.source_changed
    path = store.path_for(stored.sha256)
    assert path.read_bytes() == data
    assert not (os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)), "stored files are read-only"
    assert list((tmp_path / "tmp").iterdir()) == []


def test_same_content_is_stored_once(store: EvidenceStore) -> None:
    a = store.store_stream(io.BytesIO(b"same"))
    b = store.store_stream(io.BytesIO(b"same"))
    assert a.sha256 == b.sha256 and a.new and not b.new
    assert list(store.iter_names()) == [a.sha256]


def test_limit_exceeded_keeps_nothing(store: EvidenceStore, tmp_path: Path) -> None:
    with pytest.raises(LimitExceeded):
        store.store_stream(io.BytesIO(b"x" * 5000), max_bytes=1000)
    assert list(store.iter_names()) == []
    assert list((tmp_path / "tmp").iterdir()) == []


def test_refuses_non_regular_files(store: EvidenceStore, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ReturnsError) as info:
        store.store_file(fifo)
    assert info.value.code == "NOT_A_REGULAR_FILE"


def test_source_changing_during_copy_is_noticed(store: EvidenceStore, tmp_path: Path) -> None:
    src = tmp_path / "growing.csv"
    src.write_bytes(b"a" * 3_000_000)

    class Growing(io.RawIOBase):
        """A reader that appends to the source file after the first chunk (a file still being written)."""

        def __init__(self) -> None:
            self.fh = open(src, "rb")
            self.first = True

        def readinto(self, b):  # type: ignore[no-untyped-def]
            n = self.fh.readinto(b)
            if self.first:
                self.first = False
                with open(src, "ab") as out:
                    out.write(b"late rows\n")
            return n

    original = store.store_stream
    store.store_stream = lambda reader, max_bytes=None: original(Growing(), max_bytes)  # type: ignore[method-assign]
    stored = store.store_file(src)
    assert stored.source_changed


def test_disk_reserve_is_enforced(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence", tmp_path / "tmp", "t", min_free_bytes=2**62)
    (tmp_path / "evidence").mkdir()
    with pytest.raises(ReturnsError) as info:
        store.store_stream(io.BytesIO(b"data"))
    assert info.value.code == "DISK_FULL"
    assert "Kept:" in info.value.render() and "Next:" in info.value.render()
    assert list(store.iter_names()) == []
