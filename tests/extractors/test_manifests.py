"""Hash lists and certificates: every printed digest read with its file, certificates by meaning."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import magic
import pytest

from extractors.base import Document
from extractors.manifests import Certificate, HashList, parse_hash_line
from extractors.registry import all_extractors
from pipeline.extraction import Extraction

REPO = Path(__file__).resolve().parents[2]
PACKAGES = REPO / "samples" / "packages"
SAMPLES = REPO / "samples" / "extractors"

MD5 = hashlib.md5(b"x").hexdigest()
SHA1 = hashlib.sha1(b"x").hexdigest()
SHA256 = hashlib.sha256(b"x").hexdigest()


def _doc(path: Path, name: str | None = None) -> Document:
    data = path.read_bytes()
    return Document(hashlib.sha256(data).hexdigest(), path, name or path.name, magic.from_file(str(path), mime=True), len(data))


def run(path: Path) -> tuple[Any, dict[str, list[dict]]]:
    ex = Extraction("t", all_extractors())
    result = ex.process(_doc(path), "m", "P")
    return result, ex.out.rows


def listed(rows: dict[str, list[dict]]) -> list[tuple[str, str]]:
    return sorted((f["value"], json.loads(f["extra"])["file"]) for f in rows["document_facts"] if f["kind"] == "hash_listed")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# -- hash lists ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "want"), [
    (f"{SHA256}  records.html", [("sha256", "records.html")]),
    (f"{SHA256} *bin/file name.zip", [("sha256", "bin/file name.zip")]),
    (f"MD5 (a file.pdf) = {MD5}", [("md5", "a file.pdf")]),
    (f"SHA1 (x.zip) = {SHA1}", [("sha1", "x.zip")]),
    (f"SHA-256 of records.html: {SHA256}", [("sha256", "records.html")]),
    (f"SHA256    {SHA256}      3030  GGL_Certificate.pdf", [("sha256", "GGL_Certificate.pdf")]),
    (f"records.html    {MD5}", [("md5", "records.html")]),
    ("nothing to see here", []),
    (f"Device id {MD5[:16]}", []),
])
def test_hash_line_forms(line: str, want: list[tuple[str, str]]) -> None:
    got = [(e.algo, e.file) for e in parse_hash_line(line, allow_size=True)]
    assert got == want


def test_hash_list_variants_and_mutations(tmp_path: Path) -> None:
    base = "\n".join([f"{SHA256}  a.zip", f"{MD5}  b.pdf", f"{SHA1}  c.html"]) + "\n"
    _r, rows = run(_write(tmp_path, "SHA256SUMS.txt", base))
    want = sorted([(f"sha256:{SHA256}", "a.zip"), (f"md5:{MD5}", "b.pdf"), (f"sha1:{SHA1}", "c.html")])
    assert listed(rows) == want
    # reversed lines, upper-case digests, CRLF
    rev = "\r\n".join(ln.upper().replace("A.ZIP", "a.zip").replace("B.PDF", "b.pdf").replace("C.HTML", "c.html")
                      for ln in base.strip().split("\n")[::-1])
    _r, rows = run(_write(tmp_path, "hashes.txt", rev))
    assert listed(rows) == want


def test_csv_hash_list_columns_reordered_and_renamed(tmp_path: Path) -> None:
    a = f"Filename,MD5,SHA256\nx.zip,{MD5},{SHA256}\ny.pdf,{MD5},{SHA256}\n"
    b = f"SHA-256 Hash,Size,File Name,MD5 Hash\n{SHA256},10,x.zip,{MD5}\n{SHA256},20,y.pdf,{MD5}\n"
    c = f"File;Algorithm;Hash\nx.zip;MD5;{MD5}\nx.zip;SHA-256;{SHA256}\ny.pdf;MD5;{MD5}\ny.pdf;SHA256;{SHA256}\n"
    results = []
    for name, text in (("a_hashes.csv", a), ("b_hashes.csv", b), ("c_hashes.csv", c)):
        result, rows = run(_write(tmp_path, name, text))
        assert result.extractor == "hash_list", name
        results.append(listed(rows))
    assert results[0] == results[1] == results[2] == sorted(
        [(f"md5:{MD5}", "x.zip"), (f"sha256:{SHA256}", "x.zip"), (f"md5:{MD5}", "y.pdf"), (f"sha256:{SHA256}", "y.pdf")])


def test_a_digest_without_a_file_is_reported_not_dropped(tmp_path: Path) -> None:
    text = f"Production hash values\nSHA256    {SHA256}      10  a.zip\nMD5: {MD5}\n"
    result, rows = run(_write(tmp_path, "Hash_Values.txt", text))
    assert result.extractor == "hash_list"
    assert listed(rows) == [(f"sha256:{SHA256}", "a.zip")]
    assert [w["code"] for w in rows["warnings"]] == ["HASH_ENTRY_UNREADABLE"]


def test_ids_that_look_like_digests_are_not_a_hash_list(tmp_path: Path) -> None:
    p = SAMPLES / "hash_list" / "negative" / "message_attachments.csv"
    assert HashList().identify(_doc(p)) is None
    text = f"user,device\nalice,{MD5}\nbob,{SHA1}\n"
    assert HashList().identify(_doc(_write(tmp_path, "devices.csv", text))) is None


# -- certificates ---------------------------------------------------------------------------------------

DECL = """DECLARATION OF CUSTODIAN OF RECORDS

I, Pat Example, hereby declare:
I am employed by Example Mail Co. as a custodian of records. The records attached are true and correct copies
of records kept in the course of regularly conducted business activity.
I declare under penalty of perjury that the foregoing is true and correct.
Executed on 12/01/2020.
/s/ Pat Example, Custodian of Records, Example Mail Co.
"""


def test_text_declaration(tmp_path: Path) -> None:
    result, rows = run(_write(tmp_path, "decl.txt", DECL))
    assert result.extractor == "certificate"
    (cert,) = rows["document_facts"]
    extra = json.loads(cert["extra"])
    assert cert["value"] == "Pat Example"
    assert extra["date"] == "12/01/2020"
    assert extra["title"] == "Custodian of Records" and extra["custodian"] == "Example Mail Co."
    assert cert["locator"] == "line 8; byte " + str(DECL.encode().index(b"/s/"))


def test_declaration_without_a_title_is_recognised_by_its_wording(tmp_path: Path) -> None:
    body = DECL.replace("DECLARATION OF CUSTODIAN OF RECORDS", "To whom it may concern")
    assert Certificate().identify(_doc(_write(tmp_path, "x.txt", body))) is not None


def test_unsigned_certificate_is_reported(tmp_path: Path) -> None:
    body = DECL.replace("/s/ Pat Example, Custodian of Records, Example Mail Co.\n", "").replace("I, Pat Example, hereby", "We hereby")
    result, rows = run(_write(tmp_path, "x.txt", body))
    assert result.extractor == "certificate"
    assert "CERTIFICATE_UNSIGNED" in [w["code"] for w in rows["warnings"]]
    (cert,) = rows["document_facts"]
    assert cert["value"] == ""


def test_letters_mentioning_a_certificate_are_not_certificates(tmp_path: Path) -> None:
    p = SAMPLES / "certificate" / "negative" / "EXT-2026-0003_Cover_Letter.txt"
    assert Certificate().identify(_doc(p)) is None


def _member(tmp_path: Path, package: str, member: str) -> Path:
    with zipfile.ZipFile(PACKAGES / package) as zf:
        data = zf.read(member)
    p = tmp_path / member.rsplit("/", 1)[-1]
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(("package", "member", "signer", "custodian", "hashed_file"), [
    ("GGL-2026-0141.zip", "GGL-2026-0141_Certificate_of_Authenticity.pdf", "Casey Placeholder", "Google LLC", None),
    ("META-8800417001.zip", "Meta_Business_Record_Declaration_8800417001.pdf", "Robin Sampleton", "Meta Platforms, Inc.",
     "records.html"),
    ("SNAP-2026-77104.zip", "SNAP-2026-77104_Certificate.pdf", "Taylor Fixture", "Snap Inc.",
     "vale_snaps0417-SNAP-2026-77104.zip"),
])
def test_sample_package_certificates(tmp_path: Path, package: str, member: str, signer: str, custodian: str,
                                     hashed_file: str | None) -> None:
    result, rows = run(_member(tmp_path, package, member))
    assert result.extractor == "certificate"
    (cert,) = [f for f in rows["document_facts"] if f["kind"] == "certificate"]
    assert cert["value"] == signer
    assert json.loads(cert["extra"])["custodian"] == custodian
    files = [json.loads(f["extra"])["file"] for f in rows["document_facts"] if f["kind"] == "hash_listed"]
    assert files == ([hashed_file] if hashed_file else [])


def test_the_meta_declaration_hash_matches_its_records(tmp_path: Path) -> None:
    _r, rows = run(_member(tmp_path, "META-8800417001.zip", "Meta_Business_Record_Declaration_8800417001.pdf"))
    (fact,) = [f for f in rows["document_facts"] if f["kind"] == "hash_listed"]
    with zipfile.ZipFile(PACKAGES / "META-8800417001.zip") as zf:
        actual = hashlib.sha256(zf.read("records.html")).hexdigest()
    assert fact["value"] == f"sha256:{actual}"


def test_other_sample_pdfs_are_not_certificates(tmp_path: Path) -> None:
    isp = PACKAGES / "FJL-LE-2026-0593_Response.pdf"
    assert Certificate().identify(_doc(isp)) is None
    with zipfile.ZipFile(PACKAGES / "TT-LE-2026-55120.zip") as zf:
        name = next(n for n in zf.namelist() if n.endswith(".pdf"))
        p = tmp_path / "sub.pdf"
        p.write_bytes(zf.read(name))
    assert Certificate().identify(_doc(p)) is None


def test_hash_manifest_in_package_is_not_a_certificate(tmp_path: Path) -> None:
    p = _member(tmp_path, "GGL-2026-0141.zip", "GGL-2026-0141_Hash_Values.txt")
    assert Certificate().identify(_doc(p)) is None
    assert HashList().identify(_doc(p)) is not None
