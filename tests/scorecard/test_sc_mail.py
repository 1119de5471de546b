"""Scorecard cases: hostile e-mail (messages and mailboxes are containers: their attachments are evidence)."""

from __future__ import annotations

import base64
from pathlib import Path

from .checks import Workspace, assert_safe, case, workspace

HEAD = ("From: portal@example.com\r\nTo: officer@example.org\r\nSubject: Production\r\n"
        "Date: Mon, 5 Jan 2026 10:00:00 +0000\r\nMessage-ID: <m1@example.com>\r\nMIME-Version: 1.0\r\n")


def ingest(ws: Workspace, path: Path) -> None:
    before = ws.outside()
    res = ws.returns("ingest", path)
    assert_safe(ws, res, exit_code=0, stored=[path], outside_before=before)


@case("SC-MAIL-001", "a message of 3000 nested multipart/mixed parts (a MIME nesting bomb)",
      "stored; opened as far as it safely can be, the rest reported (ARCHIVE_PROBLEM); no recursion error; no traceback")
def test_nested_multipart(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    depth = 3000
    s = HEAD + 'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n'
    for i in range(1, depth):
        s += f'--b{i - 1}\r\nContent-Type: multipart/mixed; boundary="b{i}"\r\n\r\n'
    s += f"--b{depth - 1}\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
    s += "".join(f"--b{i}--\r\n" for i in reversed(range(depth)))
    p = ws.inbox / "nest.eml"
    p.write_text(s)
    ingest(ws, p)
    assert ws.rows("SELECT 1 FROM warnings WHERE code = 'ARCHIVE_PROBLEM'")


@case("SC-MAIL-002", "an mbox of 600 one-line messages with the case's entry limit set to 100",
      "100 messages stored, the rest listed not_expanded with limit_exceeded; the mbox stored; no traceback")
def test_mbox_entry_limit(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    assert ws.returns("limits", "max_entries", "100").returncode == 0
    p = ws.inbox / "export.mbox"
    p.write_text("".join(f"From sender@example.com Mon Jan  5 10:00:00 2026\n{HEAD.replace(chr(13), '')}"
                         f"\nmessage {n}\n\n" for n in range(600)))
    ingest(ws, p)
    [(stored,)] = ws.rows("SELECT count(*) FROM package_files WHERE name LIKE 'message-%' AND sha256 IS NOT NULL")
    [(refused,)] = ws.rows("SELECT count(*) FROM package_files WHERE status = 'not_expanded' AND list_contains(flags, 'limit_exceeded')")
    assert stored <= 100 and refused > 0, (stored, refused)


@case("SC-MAIL-003", "an attachment named ../../../etc/cron.d/evil and one named with RTL override (gpj.exe)",
      "both stored by hash with their raw names, flagged (parent_reference, bidi_control); nothing written outside the case")
def test_hostile_attachment_names(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    payload = base64.b64encode(b"* * * * * root true\n").decode()
    s = HEAD + 'Content-Type: multipart/mixed; boundary="X"\r\n\r\n--X\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n'
    for name in ("../../../etc/cron.d/evil", "invoice\u202egpj.exe"):
        s += (f'--X\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="{name}"\r\n'
              f"Content-Transfer-Encoding: base64\r\n\r\n{payload}\r\n")
    s += "--X--\r\n"
    p = ws.inbox / "names.eml"
    p.write_bytes(s.encode("utf-8"))
    ingest(ws, p)
    flags = [f for (f,) in ws.rows("SELECT flags FROM package_files WHERE depth = 1 AND sha256 IS NOT NULL")]
    assert any("parent_reference" in f for f in flags), flags
    assert any(any("bidi" in x or "control" in x for x in f) for f in flags), flags
