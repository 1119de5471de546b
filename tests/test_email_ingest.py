"""E-mail containers through the real CLI: a message's attachments and an mbox's messages become
members (hashed, in custody, verified), the message itself is also read by the e-mail extractor,
hostile attachment names are flagged, broken base64 is kept and reported."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from .conftest import db_rows, dump_db, zip_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "extractors" / "email_message"
COVER = SAMPLES / "positive" / "portal-cover.eml"
MBOX = SAMPLES / "negative" / "two-messages.mbox"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def custody(case_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (case_dir / "custody.log").read_text(encoding="utf-8").splitlines()]


def files_json(run: Any, package_id: str) -> dict[str, dict[str, Any]]:
    res = run("files", package_id, "--json")
    assert res.exit_code == 0, res.output
    return {row["path"]: row for row in json.loads(res.stdout)}


def ingest(run: Any, path: Path) -> str:
    res = run("ingest", path)
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    return "P-" + sha(path.read_bytes())[:12]


def hostile_message() -> bytes:
    """Three attachments: a path-traversal name, an intact CSV, and base64 cut mid-group at the end."""
    payload = base64.encodebytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    return (
        b"From: LE Portal <lers-noreply@example.com>\n"
        b"To: jane.roe@example.org\n"
        b"Date: Mon, 02 Mar 2026 15:00:05 +0000\n"
        b"Subject: Case CASE-2026-0417\n"
        b"Message-ID: <hostile@example.com>\n"
        b"MIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="h"\n'
        b"\n"
        b"--h\n"
        b"Content-Type: text/plain\n"
        b"\n"
        b"See attached.\n"
        b"--h\n"
        b'Content-Type: text/plain; name="../../x"\n'
        b'Content-Disposition: attachment; filename="../../x"\n'
        b"\n"
        b"escape attempt\n"
        b"--h\n"
        b'Content-Type: text/csv; name="ok.csv"\n'
        b"Content-Disposition: attachment; filename=ok.csv\n"
        b"\n"
        b"a,b\n1,2\n"
        b"--h\n"
        b'Content-Type: application/pdf; name="cut.pdf"\n'
        b"Content-Transfer-Encoding: base64\n"
        b"\n"
        + payload[:203]  # the file ends inside the base64 data (and before the closing boundary)
    )


# -- a cover message ------------------------------------------------------------------------------


def test_cover_message_attachments_are_members(run, tmp_path: Path) -> None:  # noqa: ANN001
    pid = ingest(run, COVER)
    rows = files_json(run, pid)
    assert sorted(rows) == [
        "portal-cover.eml",
        "portal-cover.eml/Original request.eml",
        "portal-cover.eml/REQ-2026-0107 Subscriber.pdf",
        "portal-cover.eml/logins.csv",
    ]
    top = rows["portal-cover.eml"]
    assert top["status"] == "extracted"  # expanded AND read: the status says what extraction did
    assert rows["portal-cover.eml/Original request.eml"]["status"] == "extracted"  # read as its own message
    assert rows["portal-cover.eml/logins.csv"]["status"] == "extracted"  # read by the generic table extractor
    for path, row in rows.items():  # hashed, in the evidence store
        assert sha((run.case_dir / "evidence" / row["sha256"]).read_bytes()) == row["sha256"], path
    # every member is logged in custody with its parent and raw name
    log = custody(run.case_dir)
    stored_entries = {e["details"]["path"]: e for e in log if e["action"] == "file_stored"}
    pdf = stored_entries["portal-cover.eml/REQ-2026-0107 Subscriber.pdf"]
    assert pdf["details"]["parent_sha256"] == sha(COVER.read_bytes())
    assert base64.b64decode(pdf["details"]["name_raw"]) == b"REQ-2026-0107 Subscriber.pdf"
    assert pdf["details"]["depth"] == 1 and pdf["details"]["media_type"] == "application/pdf"
    expanded = [e for e in log if e["action"] == "archive_expanded"]
    assert {e["details"]["archive_type"] for e in expanded} == {"eml"}
    assert all(e["details"]["status"] == "expanded" for e in expanded)
    # the attachment facts name the members' hashes
    facts = db_rows(run.case_dir, "SELECT value, extra FROM document_facts WHERE kind = 'attachment' AND source_sha256 = ?",
                    [sha(COVER.read_bytes())])
    by_name = {value: json.loads(extra)["sha256"] for value, extra in facts}
    for name, digest in by_name.items():
        assert rows[f"portal-cover.eml/{name}"]["sha256"] == digest
    # the subject of the attached original request was read from the nested message
    refs = {v for (v,) in db_rows(run.case_dir, "SELECT value FROM document_facts WHERE kind = 'request_reference'")}
    assert {"REQ-2026-0107", "MLA-2026-0031", "CASE-2026-0417"} <= refs
    res = run("verify")
    assert res.exit_code == 0, res.output
    res = run("coverage", pid, "--json")
    assert res.exit_code == 0
    coverage = {r["path"]: r["coverage"] for r in json.loads(res.stdout)}
    assert coverage["portal-cover.eml"] == "parsed"


def test_mbox_messages_are_members_and_nested_zips_are_walked(run) -> None:  # noqa: ANN001
    pid = ingest(run, MBOX)
    rows = files_json(run, pid)
    assert sorted(rows) == [
        "two-messages.mbox",
        "two-messages.mbox/message-0001.eml",
        "two-messages.mbox/message-0002.eml",
        "two-messages.mbox/message-0002.eml/REQ-2026-0107.zip",
        "two-messages.mbox/message-0002.eml/REQ-2026-0107.zip/logins.csv",
    ]
    assert rows["two-messages.mbox"]["status"] == "expanded"  # the mbox itself is a container only
    assert rows["two-messages.mbox/message-0001.eml"]["status"] == "extracted"
    assert rows["two-messages.mbox/message-0002.eml/REQ-2026-0107.zip"]["status"] == "expanded"
    data = MBOX.read_bytes()
    first = data[data.index(b"\n") + 1:data.index(b"\nFrom lers-noreply", 10) + 0]
    assert rows["two-messages.mbox/message-0001.eml"]["sha256"] == sha(first)
    types = {e["details"]["path"]: e["details"]["archive_type"] for e in custody(run.case_dir) if e["action"] == "archive_expanded"}
    assert types == {"two-messages.mbox": "mbox", "two-messages.mbox/message-0001.eml": "eml",
                     "two-messages.mbox/message-0002.eml": "eml", "two-messages.mbox/message-0002.eml/REQ-2026-0107.zip": "zip"}
    run_files = {p: s for p, s in db_rows(run.case_dir, "SELECT path, status FROM run_files")}
    assert "two-messages.mbox" not in run_files  # not offered to the extractors
    assert run("verify").exit_code == 0


# -- hostile content -----------------------------------------------------------------------------


def test_hostile_name_flagged_and_truncated_base64_kept(run, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "hostile.eml"
    path.write_bytes(hostile_message())
    pid = ingest(run, path)
    rows = files_json(run, pid)
    assert sorted(rows) == ["hostile.eml", "hostile.eml/../../x", "hostile.eml/cut.pdf", "hostile.eml/ok.csv"]
    evil = rows["hostile.eml/../../x"]
    assert "parent_reference" in evil["flags"] and evil["sha256"] == sha(b"escape attempt")
    cut = rows["hostile.eml/cut.pdf"]
    assert "truncated" in cut["flags"]
    (logged,) = [e for e in custody(run.case_dir) if e["action"] == "file_stored" and e["details"]["path"] == "hostile.eml/cut.pdf"]
    assert "truncated" in logged["details"]["flags"] and "stored as far as it decodes" in logged["details"]["reason"]
    clean = base64.encodebytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)[:203].replace(b"\n", b"")
    decoded = base64.b64decode(clean[: len(clean) // 4 * 4])  # every whole group of four
    assert cut["size"] >= len(decoded) and cut["sha256"] is not None
    kept = (run.case_dir / "evidence" / cut["sha256"]).read_bytes()
    assert kept.startswith(decoded) and sha(kept) == cut["sha256"]
    # the message is partially expanded, and stays so (its extraction does not hide that)
    assert rows["hostile.eml"]["status"] == "partially_expanded"
    (status,) = db_rows(run.case_dir, "SELECT status FROM packages WHERE package_id = ?", [pid])[0]
    assert status == "incomplete"
    res = run("warnings", pid, "--json")
    codes = {(w["code"], w["message"]) for w in json.loads(res.stdout)}
    assert any(code == "UNSAFE_MEMBER_NAME" for code, _ in codes)
    assert any(code == "ARCHIVE_PROBLEM" and "cut.pdf" in msg and "stored as far as it decodes" in msg for code, msg in codes)
    assert any(code == "ARCHIVE_PROBLEM" and "no closing boundary" in msg for code, msg in codes)
    # the extractor still read the message's headers
    (n,) = db_rows(run.case_dir, "SELECT count(*) FROM document_facts WHERE kind = 'email_header' AND source_sha256 = ?",
                   [sha(path.read_bytes())])[0]
    assert n >= 4
    assert run("verify").exit_code == 0


def test_a_message_inside_a_zip_is_expanded_and_read(run, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "pkg.zip"
    path.write_bytes(zip_bytes({"cover.eml": COVER.read_bytes(), "notes/export.eml": (SAMPLES / "negative" / "export.eml").read_bytes()}))
    pid = ingest(run, path)
    rows = files_json(run, pid)
    assert rows["pkg.zip/cover.eml"]["status"] == "extracted"
    assert "pkg.zip/cover.eml/logins.csv" in rows
    # a CSV named .eml is not a message: not expanded, read as what it is
    assert "pkg.zip/notes/export.eml" in rows and not any(p.startswith("pkg.zip/notes/export.eml/") for p in rows)
    (archive_type,) = db_rows(run.case_dir, "SELECT archive_type FROM package_files WHERE path = 'pkg.zip/notes/export.eml'")[0]
    assert archive_type is None


def test_prose_starting_with_from_is_not_expanded(run) -> None:  # noqa: ANN001
    pid = ingest(run, SAMPLES / "negative" / "memo-from.txt")
    rows = files_json(run, pid)
    assert list(rows) == ["memo-from.txt"]
    assert rows["memo-from.txt"]["status"] != "expanded"


def test_depth_limit_still_reads_the_message(run, tmp_path: Path) -> None:  # noqa: ANN001
    assert run("limits", "max_depth", "1").exit_code == 0
    path = tmp_path / "pkg.zip"
    path.write_bytes(zip_bytes({"cover.eml": COVER.read_bytes()}))
    pid = ingest(run, path)
    rows = files_json(run, pid)
    assert sorted(rows) == ["pkg.zip", "pkg.zip/cover.eml"]
    assert "depth_limit" in rows["pkg.zip/cover.eml"]["flags"]
    (n,) = db_rows(run.case_dir, "SELECT count(*) FROM document_facts WHERE kind = 'attachment'")[0]
    assert n == 3  # the attachments are listed by the extractor even though they were not opened


# -- re-extraction and rebuild ------------------------------------------------------------------------


def test_reextract_and_rebuild_include_messages(run) -> None:  # noqa: ANN001
    ingest(run, COVER)
    ingest(run, MBOX)
    res = run("reextract", "--extractor", "email_message")
    assert res.exit_code == 0, res.output
    runs = db_rows(run.case_dir, "SELECT count(DISTINCT run_id) FROM run_files WHERE extractor = 'email_message' "
                                 "AND source_sha256 = ?", [sha(COVER.read_bytes())])
    assert runs == [(2,)]
    before = dump_db(run.case_dir)
    res = run("rebuild")
    assert res.exit_code == 0, res.output
    after = dump_db(run.case_dir)
    for table in before:
        assert before[table] == after[table], table


# -- Outlook .msg -------------------------------------------------------------------------------------


def test_msg_attachments_are_members_and_embedded_messages_listed(run) -> None:  # noqa: ANN001
    msg = SAMPLES / "positive" / "portal-cover.msg"
    pid = ingest(run, msg)
    rows = files_json(run, pid)
    assert sorted(rows) == ["portal-cover.msg", "portal-cover.msg/attachment-2.msg", "portal-cover.msg/logins.csv"]
    csv = rows["portal-cover.msg/logins.csv"]
    assert sha((run.case_dir / "evidence" / csv["sha256"]).read_bytes()) == csv["sha256"]
    embedded = rows["portal-cover.msg/attachment-2.msg"]
    assert embedded["status"] == "not_expanded" and embedded["sha256"] is None
    assert "embedded message" in embedded["reason"]
    assert rows["portal-cover.msg"]["status"] == "partially_expanded"
    facts = dict(db_rows(run.case_dir, "SELECT value, extra FROM document_facts WHERE kind = 'attachment' AND source_sha256 = ?",
                         [sha(msg.read_bytes())]))
    assert json.loads(facts["logins.csv"])["sha256"] == csv["sha256"]
    (n,) = db_rows(run.case_dir, "SELECT count(*) FROM ip_events WHERE source_sha256 = ?", [sha(msg.read_bytes())])[0]
    assert n == 1
    assert run("verify").exit_code == 0


# -- limits (the walker directly) -------------------------------------------------------------------


def _walk(tmp_path: Path, data: bytes, archive_type: str, budget: Any) -> Any:
    from pipeline.archives import walk_archive
    from pipeline.evidence import EvidenceStore

    path = tmp_path / f"in.{archive_type}"
    path.write_bytes(data)
    store = EvidenceStore(root=tmp_path / "evidence", tmp_dir=tmp_path / "tmp", owner="t")
    return walk_archive(path, archive_type, store, budget)


def test_entry_and_byte_limits_apply_to_messages(tmp_path: Path) -> None:
    from pipeline.archives import Budget

    result = _walk(tmp_path, COVER.read_bytes(), "eml", Budget(max_entries=2))
    assert [m.status for m in result.members] == ["stored", "stored", "not_expanded"]
    assert "limit_exceeded" in result.members[2].flags and result.status == "partially_expanded"
    result = _walk(tmp_path, COVER.read_bytes(), "eml", Budget(max_member_bytes=500))
    by_name = {m.name.display: m for m in result.members}
    assert by_name["REQ-2026-0107 Subscriber.pdf"].status == "not_expanded"  # 1.8 KB > 500 bytes
    assert by_name["logins.csv"].status == "stored"
    result = _walk(tmp_path, MBOX.read_bytes(), "mbox", Budget(max_entries=1))
    assert [m.status for m in result.members] == ["stored", "not_expanded"]


def test_garbage_is_corrupt_not_expanded(tmp_path: Path) -> None:
    from pipeline.archives import Budget

    for kind in ("eml", "mbox", "msg"):
        result = _walk(tmp_path, b"\x00\x01garbage" * 100, kind, Budget())
        assert result.status == "corrupt" and result.members == [] and result.problems, kind
