"""Proving that nothing changed: re-hash the evidence store and check the custody chain.

``verify`` reports, by name, every stored file whose bytes changed, that went missing, or that
appeared without a custody entry; and every log line that was edited, removed, inserted,
reordered, torn or is unreadable. It ends with the log head (``SEQ:HASH``), the anchor that
exports carry. With an anchor recorded earlier it also catches a cut-off tail or a rewritten
suffix (which a chain alone cannot: a forger can re-hash everything after the change).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .case import Case
from .custody import GENESIS, entry_hash
from .errors import ReturnsError
from .evidence import EvidenceStore, is_sha256
from .locking import token_alive


@dataclass
class Problem:
    where: str  #: 'store', 'manifests' or 'log'
    kind: str  #: stable code, e.g. 'changed', 'missing', 'unexpected', 'edited', 'chain_broken'
    subject: str  #: file hash or log line/sequence
    detail: str

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


@dataclass
class VerifyReport:
    files_checked: int = 0
    entries_checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    anchor: str | None = None
    problems: list[Problem] = field(default_factory=list)
    in_progress: list[str] = field(default_factory=list)
    unreferenced_artifacts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files_checked": self.files_checked,
            "entries_checked": self.entries_checked,
            "head": f"{self.head_seq}:{self.head_hash}",
            "anchor_checked": self.anchor,
            "problems": [p.as_dict() for p in self.problems],
            "in_progress": self.in_progress,
        }


def parse_anchor(text: str) -> tuple[int, str]:
    try:
        seq_text, hash_text = text.strip().split(":", 1)
        seq = int(seq_text)
        if seq < 0 or not is_sha256(hash_text.lower()):
            raise ValueError
        return seq, hash_text.lower()
    except ValueError:
        raise ReturnsError(
            "ANCHOR_INVALID",
            f"{text!r} is not an anchor",
            hint="give it as SEQ:HASH exactly as 'returns verify' printed it, e.g. 42:9f86d08…",
        ) from None


def check_log(case: Case, report: VerifyReport, anchor: tuple[int, str] | None) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Check the chain line by line; returns (hash -> seq of the file_stored entries, good entries)."""
    log = case.custody()
    if not log.path.exists():
        report.problems.append(Problem("log", "missing", str(log.path), "the custody log is missing"))
        return {}, []
    expected_files: dict[str, int] = {}
    good: list[dict[str, Any]] = []
    prev_hash = GENESIS
    prev_seq = 0
    by_seq: dict[int, str] = {}
    for line in log.lines():
        report.entries_checked += 1
        where = f"line {line.line_no}"
        entry = line.entry
        if entry is None:
            report.problems.append(Problem("log", "unreadable", where, f"not a readable entry ({line.error}): torn write or edit"))
            continue
        seq = entry.get("seq")
        stored_hash = entry.get("hash")
        if not isinstance(seq, int) or not isinstance(stored_hash, str):
            report.problems.append(Problem("log", "unreadable", where, "entry has no sequence number or hash"))
            continue
        where = f"line {line.line_no} (seq {seq})"
        if entry_hash(entry) != stored_hash:
            report.problems.append(Problem("log", "edited", where, "the entry's content does not match its own hash: it was edited"))
        if entry.get("prev") != prev_hash:
            report.problems.append(
                Problem("log", "chain_broken", where, "it does not follow the entry before it: an entry was removed, inserted or reordered here")
            )
        if seq != prev_seq + 1:
            if seq > prev_seq + 1:
                report.problems.append(Problem("log", "gap", where, f"entries {prev_seq + 1} to {seq - 1} are missing"))
            else:
                report.problems.append(Problem("log", "out_of_order", where, f"sequence {seq} after {prev_seq}: reordered or duplicated"))
        prev_hash, prev_seq = stored_hash, seq
        by_seq[seq] = stored_hash
        good.append(entry)
        if entry.get("action") in ("file_stored", "file_adopted") and isinstance(entry.get("object"), str):
            expected_files.setdefault(entry["object"], seq)
    report.head_seq, report.head_hash = prev_seq, prev_hash
    size = log.path.stat().st_size
    if size:
        with open(log.path, "rb") as fh:
            fh.seek(size - 1)
            if fh.read(1) != b"\n":
                report.problems.append(Problem("log", "torn_tail", "last line", "the last line is incomplete: a torn write or a cut"))
    if anchor is not None:
        seq, h = anchor
        report.anchor = f"{seq}:{h}"
        if seq not in by_seq:
            report.problems.append(
                Problem("log", "anchor_missing", f"seq {seq}", f"the log ends at seq {prev_seq}; the anchor says entry {seq} existed: the log was cut off")
            )
        elif by_seq[seq] != h:
            report.problems.append(
                Problem("log", "anchor_mismatch", f"seq {seq}", "the entry differs from the anchor: the log was rewritten at or before this point")
            )
    return expected_files, good


def check_store(store: EvidenceStore, expected: set[str], report: VerifyReport, where: str) -> set[str]:
    """Re-hash every stored file; returns names present but not expected."""
    present = set()
    for name in store.iter_names():
        path = store.root / name
        if not is_sha256(name):
            report.problems.append(Problem(where, "unexpected", name, "a file that is not named by a SHA-256 is in the store"))
            continue
        present.add(name)
        try:
            actual, _size = EvidenceStore.hash_file(path)
        except OSError as exc:
            report.problems.append(Problem(where, "unreadable", name, f"cannot be read: {exc.strerror}"))
            continue
        report.files_checked += 1
        if actual != name:
            report.problems.append(Problem(where, "changed", name, f"its bytes changed: they now hash to {actual}"))
    for name in sorted(expected - present):
        report.problems.append(Problem(where, "missing", name, "recorded in the custody log but missing from the store"))
    return present - expected


def verify(case: Case, anchor_text: str | None = None, record: bool = True) -> VerifyReport:
    """Verify the case; logs a ``verification_run`` entry with the outcome when ``record``."""
    report = VerifyReport()
    anchor = parse_anchor(anchor_text) if anchor_text else None
    expected, good = check_log(case, report, anchor)
    extra = check_store(case.store(), set(expected), report, "store")
    manifests = {e["details"]["manifest_sha256"] for e in good if e.get("action") == "package_staged" and (e.get("details") or {}).get("manifest_sha256")}
    extra_manifests = check_store(case.manifest_store(), manifests, report, "manifests")
    artifacts = {e["details"]["artifact_sha256"] for e in good if e.get("action") == "extraction_run"}
    artifacts |= {p["sha256"] for e in good if e.get("action") == "extraction_run" for p in e["details"].get("parts") or []}
    extra_derived = check_store(EvidenceStore(case.root / "derived", case.tmp_dir, "verify"), artifacts, report, "derived")
    if extra:
        # files being written right now by a running ingest are not tampering: look again
        running = [
            e["details"].get("input_path", "?")
            for e in good
            if e.get("action") == "package_received" and token_alive(case.locks_dir, e["details"].get("owner", ""))
        ]
        if running:
            expected_now, _ = check_log(case, VerifyReport(), None)
            extra -= set(expected_now)
            report.in_progress = running
    for name in sorted(extra):
        report.problems.append(Problem("store", "unexpected", name, "in the store but never recorded in the custody log: it appeared"))
    for name in sorted(extra_manifests):
        report.problems.append(Problem("manifests", "unexpected", name, "a manifest no package refers to"))
    # an artifact no custody entry names is never loaded (a run interrupted before it was
    # logged leaves one): it is listed, but it is not evidence and not a problem
    report.unreferenced_artifacts = sorted(extra_derived)
    report.problems.sort(key=lambda p: (p.where, p.subject, p.kind))
    if record and not any(p.where == "log" for p in report.problems):
        try:
            entry = case.custody().append(
                "verification_run",
                f"{report.head_seq}:{report.head_hash}",
                "ok" if report.ok else "problems_found",
                files_checked=report.files_checked,
                entries_checked=report.entries_checked,
                anchor_checked=report.anchor,
                problems=len(report.problems),
            )
            report.head_seq, report.head_hash = entry["seq"], entry["hash"]
        except ReturnsError:
            pass
    return report
