"""Receiving packages: store every file and archive member, log it, then commit the index.

One PATH is one package: a file (often a zip) or a folder (everything inside it, walked in
byte order of the names, symbolic links never followed). For each package:

1. ``package_received`` is logged (who, when, from whom, for which request).
2. Outside the case lock, every file is copied into the evidence store while it is hashed,
   identified from its content, and logged (``file_stored``); archives are walked member by
   member, recursively up to the case's depth limit, every member becoming evidence in its
   own right (``archive_expanded`` says how the walk went). Members that could not be kept
   (locked, over a limit, corrupt) are logged as ``member_not_stored`` with the reason.
3. ``package_staged`` is logged with the package hash (a folder's is the SHA-256 of its
   manifest of ``<sha256>  <path>`` lines, sorted, stored in ``manifests/``).
4. Under the case lock, one DuckDB transaction writes the package; then
   ``package_committed`` is logged. A crash anywhere is completed or recorded by the next
   writing command (:mod:`pipeline.recovery`).
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import events
from .archives import EXTRACTED_CONTAINERS, Budget, walk_archive
from . import db
from .case import Case
from .locking import CaseLock
from .custody import CustodyLog
from .errors import CaseBusy, ReturnsError
from .evidence import EvidenceStore
from .identify import Identity, identify
from .extraction import Extraction
from .names import describe_name
from extractors.base import Document
from extractors.registry import all_extractors
from .projection import Attempt, apply_attempt, group_attempts
from .package_checks import Member as CheckedMember
from .package_checks import check_package
from .runs import keep_run
from .version import library_versions
from .reading import check_ocr_lang, read_options


@dataclass
class PackageResult:
    """What happened to one PATH."""

    input_path: str
    package_id: str | None = None
    sha256: str | None = None
    again: bool = False
    first_received_at: str | None = None
    files_stored: int = 0
    files_new: int = 0
    files_known: int = 0
    archives_expanded: int = 0
    files_extracted: int = 0
    extraction_failed: int = 0
    records: dict[str, int] = field(default_factory=dict)
    unidentified: int = 0
    not_expanded: int = 0
    rejected: int = 0
    locked: int = 0
    notes: list[str] = field(default_factory=list)
    error: ReturnsError | None = None

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "error"}
        d["error"] = self.error.as_dict() if self.error else None
        return d


def member_id(parent: str, key: str) -> str:
    """A stable id for a member within its package, from its place (not its walk order)."""
    return hashlib.sha256(f"{parent}\x1f{key}".encode("utf-8", "surrogateescape")).hexdigest()[:16]


def manifest_line(sha256: str, rel_raw: bytes) -> bytes:
    """One ``sha256sum``-compatible line (names with \\ or newline are escaped as sha256sum does)."""
    if b"\\" in rel_raw or b"\n" in rel_raw or b"\r" in rel_raw:
        esc = rel_raw.replace(b"\\", b"\\\\").replace(b"\n", b"\\n").replace(b"\r", b"\\r")
        return b"\\" + sha256.encode() + b"  " + esc + b"\n"
    return sha256.encode() + b"  " + rel_raw + b"\n"


class Stager:
    """Stores and logs the files of one package attempt (outside the case lock)."""

    def __init__(self, case: Case, custody: CustodyLog, attempt_id: str, passwords: list[bytes], result: PackageResult,
                 analyst_zone: str | None = None, ocr_lang: str | None = None):
        self.case = case
        self.custody = custody
        self.store: EvidenceStore = case.store()
        self.attempt_id = attempt_id
        self.passwords = passwords
        self.limits = case.limits
        self.budget = Budget(
            max_entries=self.limits["max_entries"],
            max_total_bytes=self.limits["max_total_bytes"],
            max_member_bytes=self.limits["max_member_bytes"],
        )
        self.result = result
        self.password_used = False
        self.run_id = uuid.uuid4().hex[:16]
        self.extraction = Extraction(self.run_id, all_extractors(), analyst_zone, work_dir=case.tmp_dir / f"{case.life().token}-bulk-{self.run_id}",
                                     read_options=read_options(case, ocr_lang))
        self.members: list[CheckedMember] = []

    # -- logging helpers -------------------------------------------------------------
    def _details(self, **kw: Any) -> dict[str, Any]:
        kw["attempt"] = self.attempt_id
        return kw

    def _identity_fields(self, ident: Identity) -> dict[str, Any]:
        return {
            "media_type": ident.media_type,
            "magic_description": ident.description,
            "extension": ident.extension,
            "extension_media_type": ident.extension_media_type,
            "archive_type": ident.archive_type,
        }

    def _initial_status(self, ident: Identity) -> tuple[str, str | None]:
        if ident.archive_type:
            return "expanded", None
        return "stored", None

    def extract(self, sha: str, mid: str, path: str, ident: Identity) -> None:
        """Offer a stored file (not an archive, or a container that is a document) to the extractors."""
        doc = Document(sha, self.store.path_for(sha), path, ident.media_type, self.store.path_for(sha).stat().st_size)
        self.members.append(CheckedMember(mid, path, sha))
        outcome = self.extraction.process(doc, mid, "")
        if outcome.status in ("extracted", "no_records", "facts_only"):
            self.result.files_extracted += 1
        elif outcome.status in ("unidentified", "unknown_layout"):
            self.result.unidentified += 1
        else:
            self.result.extraction_failed += 1

    # -- one stored object ---------------------------------------------------------------
    def stored_entry(
        self,
        sha: str,
        size: int,
        new: bool | None,
        *,
        mid: str,
        path: str,
        name: str,
        name_raw: bytes,
        name_encoding: str,
        parent_mid: str | None,
        parent_sha: str | None,
        depth: int,
        flags: list[str],
        kind: str = "file",
        declared_size: int | None = None,
    ) -> tuple[tuple[str, str | None, str, dict[str, Any]], Identity]:
        ident = identify(self.store.path_for(sha), name)
        status, reason = self._initial_status(ident)
        flags = list(flags)
        if ident.extension_disagrees:
            flags.append("extension_mismatch")
            reason = (reason + "; " if reason else "") + (
                f"named {ident.extension} but the content is {ident.media_type}"
            )
        self.result.files_stored += 1
        if new is True:
            self.result.files_new += 1
        elif new is False:
            self.result.files_known += 1
        entry = (
            "file_stored",
            sha,
            "ok",
            self._details(
                member_id=mid,
                path=path,
                name=name,
                name_raw=base64.b64encode(name_raw).decode("ascii"),
                name_encoding=name_encoding,
                parent_member_id=parent_mid,
                parent_sha256=parent_sha,
                depth=depth,
                kind=kind,
                size=size,
                declared_size=declared_size,
                new=new,
                status=status,
                reason=reason,
                flags=sorted(set(flags)),
                **self._identity_fields(ident),
            ),
        )
        return entry, ident

    def expand(self, sha: str, mid: str, path: str, name: str, depth: int, ident: Identity) -> None:
        """Walk an archive member by member, log its members, recurse into nested archives.

        A container that is also a document (an e-mail message: its headers and body) is offered
        to the extractors as well, whether or not it can be opened.
        """
        if ident.archive_type in EXTRACTED_CONTAINERS:
            self.extract(sha, mid, path, ident)
        if depth >= self.limits["max_depth"]:
            self.custody.append(
                "archive_expanded",
                sha,
                "not_expanded",
                **self._details(
                    member_id=mid,
                    path=path,
                    archive_type=ident.archive_type,
                    status="stored",
                    reason=f"nested deeper than the limit of {self.limits['max_depth']} archives: kept, not opened",
                    flags=["depth_limit"],
                    problems=[],
                    members=0,
                    password_used=False,
                ),
            )
            self.result.not_expanded += 1
            return
        walk = walk_archive(
            self.store.path_for(sha), ident.archive_type or "", self.store, self.budget, self.passwords, outer_name=name
        )
        self.password_used = self.password_used or walk.password_used
        entries = []
        nested: list[tuple[str, str, str, str, Identity]] = []
        to_extract: list[tuple[str, str, str, Identity]] = []
        for m in walk.members:
            child_mid = member_id(mid, f"{m.index}")
            child_path = f"{path}/{m.name.display}"
            flags = sorted(set(m.name.flags) | set(m.flags))
            if m.sha256:
                entry, child_ident = self.stored_entry(
                    m.sha256,
                    m.size or 0,
                    getattr(m, "new", None),
                    mid=child_mid,
                    path=child_path,
                    name=m.name.display,
                    name_raw=m.name.raw,
                    name_encoding=m.name.encoding,
                    parent_mid=mid,
                    parent_sha=sha,
                    depth=depth + 1,
                    flags=flags,
                    kind=m.kind,
                    declared_size=m.declared_size,
                )
                if m.reason:
                    entry[3]["reason"] = m.reason if not entry[3]["reason"] else f"{m.reason}; {entry[3]['reason']}"
                entries.append(entry)
                if child_ident.archive_type and m.kind == "file":
                    nested.append((m.sha256, child_mid, child_path, m.name.display, child_ident))
                elif child_ident.archive_type is None and m.kind == "file":
                    to_extract.append((m.sha256, child_mid, child_path, child_ident))
            else:
                status = "directory" if m.status == "skipped_dir" else "not_expanded"
                if status == "not_expanded":
                    self.result.not_expanded += 1
                    if "encrypted" in flags:
                        self.result.locked += 1
                entries.append(
                    (
                        "member_not_stored",
                        None,
                        status,
                        self._details(
                            member_id=child_mid,
                            path=child_path,
                            name=m.name.display,
                            name_raw=base64.b64encode(m.name.raw).decode("ascii"),
                            name_encoding=m.name.encoding,
                            parent_member_id=mid,
                            parent_sha256=sha,
                            depth=depth + 1,
                            kind=m.kind,
                            size=None,
                            declared_size=m.declared_size,
                            status=status,
                            reason=m.reason,
                            flags=flags,
                        ),
                    )
                )
        if entries:
            self.custody.append_many(entries)
        for item in to_extract:
            self.extract(*item)
        self.result.archives_expanded += 1
        self.custody.append(
            "archive_expanded",
            sha,
            walk.status,
            **self._details(
                member_id=mid,
                path=path,
                archive_type=walk.archive_type,
                status=walk.status,
                reason=_walk_reason(walk.status),
                flags=["encrypted"] if walk.status == "locked" else [],
                problems=list(walk.problems),
                members=len(walk.members),
                password_used=walk.password_used,
            ),
        )
        for child in nested:
            self.expand(child[0], child[1], child[2], child[3], depth + 1, child[4])

    # -- the package --------------------------------------------------------------------
    def stage_file(self, path: Path, display: str, raw: bytes) -> tuple[str, str]:
        """Stage a single-file package; returns (package sha256, root member id)."""
        stored = self._store_path(path)
        mid = member_id("", "root")
        flags = ["source_changed_during_copy"] if stored.source_changed else []
        info = describe_name(raw, None)
        entry, ident = self.stored_entry(
            stored.sha256,
            stored.size,
            stored.new,
            mid=mid,
            path=display,
            name=info.display,
            name_raw=raw,
            name_encoding=info.encoding,
            parent_mid=None,
            parent_sha=None,
            depth=0,
            flags=flags + list(info.flags),
        )
        self.custody.append_many([entry])
        if ident.archive_type:
            self.expand(stored.sha256, mid, display, info.display, 0, ident)
        else:
            self.extract(stored.sha256, mid, display, ident)
        return stored.sha256, mid

    def stage_folder(self, root: Path) -> tuple[str, bytes]:
        """Stage a folder package; returns (package sha256 = manifest hash, manifest bytes)."""
        lines: list[bytes] = []
        for rel_raw, full in _walk_folder(root):
            info = describe_name(rel_raw, None)
            mid = member_id("", "folder:" + rel_raw.decode("utf-8", "surrogateescape"))
            try:
                st = os.lstat(full)
            except OSError as exc:
                self._reject(mid, info, rel_raw, f"could not be examined: {exc.strerror}")
                continue
            if stat.S_ISLNK(st.st_mode):
                try:
                    target = os.readlink(full)
                except OSError:
                    target = "?"
                self._reject(mid, info, rel_raw, f"symbolic link to {target!r}: not followed", kind="symlink")
                continue
            if not stat.S_ISREG(st.st_mode):
                kind = "fifo" if stat.S_ISFIFO(st.st_mode) else "device" if (stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)) else "other"
                self._reject(mid, info, rel_raw, f"not a regular file ({kind}): not read", kind=kind)
                continue
            try:
                stored = self._store_path(full)
            except PermissionError:
                self._reject(mid, info, rel_raw, "permission denied: could not be read")
                continue
            except OSError as exc:
                if isinstance(exc, ReturnsError):
                    raise
                self._reject(mid, info, rel_raw, f"could not be read: {exc.strerror or exc}")
                continue
            flags = ["source_changed_during_copy"] if stored.source_changed else []
            entry, ident = self.stored_entry(
                stored.sha256,
                stored.size,
                stored.new,
                mid=mid,
                path=info.display,
                name=info.display,
                name_raw=rel_raw,
                name_encoding=info.encoding,
                parent_mid=None,
                parent_sha=None,
                depth=0,
                flags=flags + list(info.flags),
            )
            self.custody.append_many([entry])
            lines.append(manifest_line(stored.sha256, rel_raw))
            if ident.archive_type:
                self.expand(stored.sha256, mid, info.display, info.display, 0, ident)
            else:
                self.extract(stored.sha256, mid, info.display, ident)
        manifest = b"".join(sorted(lines, key=_manifest_sort_key))
        stored = self.case.manifest_store().store_bytes(manifest)
        return stored.sha256, manifest

    def _store_path(self, path: Path) -> Any:
        stored = self.store.store_file(path)
        if stored.source_changed:
            again = self.store.store_file(path)  # one more try: the file may have settled
            if again.sha256 != stored.sha256:
                # the first copy is in the store too: account for it, so nothing stored is unlogged
                self.custody.append("file_adopted", stored.sha256, "superseded", attempt=self.attempt_id,
                                    note=f"first copy of {describe_name(os.fsencode(path), None).display!r}, which "
                                         "changed while it was read; superseded by the copy read after it")
            if not again.source_changed and again.sha256 == stored.sha256:
                stored = again
            else:
                stored = again
                self.result.notes.append(
                    f"{path} changed while it was being copied; the bytes read the second time were kept and flagged"
                )
        events.reached("evidence.stored", sha256=stored.sha256, size=stored.size)
        return stored

    def _reject(self, mid: str, info: Any, raw: bytes, reason: str, kind: str = "file") -> None:
        self.result.rejected += 1
        self.custody.append(
            "member_not_stored",
            None,
            "rejected",
            **self._details(
                member_id=mid,
                path=info.display,
                name=info.display,
                name_raw=base64.b64encode(raw).decode("ascii"),
                name_encoding=info.encoding,
                parent_member_id=None,
                parent_sha256=None,
                depth=0,
                kind=kind,
                size=None,
                declared_size=None,
                status="rejected",
                reason=reason,
                flags=sorted(info.flags),
            ),
        )


def _walk_reason(status: str) -> str | None:
    return {
        "locked": "encrypted: no password opened it; kept as evidence, members listed",
        "corrupt": "the archive could not be read; kept as evidence",
        "partially_expanded": "some members could not be opened; see the members' reasons",
    }.get(status)


def _manifest_sort_key(line: bytes) -> bytes:
    start = 1 if line.startswith(b"\\") else 0
    return line[start + 66 :]


def _walk_folder(root: Path) -> list[tuple[bytes, Path]]:
    """Every non-directory entry below ``root``, as (relative raw path, full path), in byte order.

    Directories are descended without following symbolic links (so link loops cannot trap
    the walk); unreadable directories are reported as entries of their own.
    """
    out: list[tuple[bytes, Path]] = []
    root_b = os.fsencode(root)

    def visit(dir_b: bytes, rel: bytes) -> None:
        try:
            names = sorted(os.listdir(dir_b))
        except OSError:
            out.append((rel, Path(os.fsdecode(dir_b))))
            return
        for name in names:
            full = os.path.join(dir_b, name)
            rel_name = rel + b"/" + name if rel else name
            try:
                is_dir = stat.S_ISDIR(os.lstat(full).st_mode)
            except OSError:
                is_dir = False
            if is_dir:
                visit(full, rel_name)
            else:
                out.append((rel_name, Path(os.fsdecode(full))))

    visit(root_b, b"")
    return sorted(out, key=lambda item: item[0])


def load_passwords(password_file: Path | None, prompted: str | None = None) -> list[bytes]:
    """Candidate passwords: one per line of the file (no trailing newline), then the prompt's."""
    out: list[bytes] = []
    if password_file is not None:
        try:
            data = Path(password_file).read_bytes()
        except OSError as exc:
            raise ReturnsError(
                "PASSWORD_FILE_UNREADABLE",
                f"the password file {password_file} cannot be read ({exc.strerror})",
                hint="check the path, or leave --password-file out to store the package as locked",
            ) from exc
        for line in data.splitlines():
            line = line.rstrip(b"\r")
            if line:
                out.append(line)
    if prompted:
        out.append(prompted.encode("utf-8"))
    return out


def ingest(
    case: Case,
    paths: list[Path],
    *,
    request_id: str | None = None,
    received_from: str | None = None,
    passwords: list[bytes] | None = None,
    wait: float = 0.0,
    command: str = "returns ingest",
    analyst_zone: str | None = None,
    ocr_lang: str | None = None,
) -> list[PackageResult]:
    """Ingest each PATH as one package; failures of one PATH do not stop the others.

    ``ocr_lang``: tesseract language(s) for scanned pages, e.g. ``eng+fra`` (default ``eng``)."""
    custody = case.custody()
    custody.check_tail()
    if request_id:
        _require_request(case, request_id)
    if analyst_zone:
        check_zone(analyst_zone)
    if ocr_lang:
        check_ocr_lang(ocr_lang)
    if wait <= 0:
        # fail before storing anything when another command is writing (it may finish only later)
        probe = CaseLock(case.locks_dir, command, case.examiner)
        probe.acquire(0)
        probe.release()
    results = []
    for path in paths:
        result = PackageResult(input_path=describe_name(os.fsencode(path), None).display)
        try:
            _ingest_one(case, custody, Path(path), request_id, received_from, list(passwords or []), wait, command, result,
                        analyst_zone, ocr_lang)
        except ReturnsError as exc:
            result.error = exc
        results.append(result)
    return results


def _require_request(case: Case, request_id: str) -> None:
    with case.reader() as conn:
        found = conn.execute("SELECT count(*) FROM requests WHERE request_id = ?", [request_id]).fetchone()[0]
    if not found:
        raise ReturnsError(
            "REQUEST_UNKNOWN",
            f"no request {request_id!r} is registered in this case",
            kept="nothing was ingested",
            hint="register it first with 'returns request add', or list them with 'returns request list'",
        )


def _ingest_one(
    case: Case,
    custody: CustodyLog,
    path: Path,
    request_id: str | None,
    received_from: str | None,
    passwords: list[bytes],
    wait: float,
    command: str,
    result: PackageResult,
    analyst_zone: str | None = None,
    ocr_lang: str | None = None,
) -> None:
    raw = os.fsencode(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReturnsError("INPUT_NOT_FOUND", f"{path} does not exist", kept="nothing", hint="check the path") from None
    except OSError as exc:
        raise ReturnsError(
            "INPUT_UNREADABLE", f"{path} cannot be examined ({exc.strerror})", kept="nothing", hint="check the path and its permissions"
        ) from None
    if stat.S_ISDIR(st.st_mode):
        kind = "folder"
    elif stat.S_ISREG(st.st_mode):
        kind = "file"
        if not os.access(path, os.R_OK):
            raise ReturnsError(
                "INPUT_UNREADABLE", f"{path} cannot be read (permission denied)", kept="nothing", hint="give this user read access and run again"
            )
    else:
        raise ReturnsError(
            "INPUT_NOT_REGULAR",
            f"{path} is not a regular file or folder (it is a pipe, socket or device)",
            kept="nothing: such inputs are never read",
            hint="copy the data into a regular file and ingest that file",
        )
    attempt_id = uuid.uuid4().hex[:16]
    name_raw = os.fsencode(Path(os.fsdecode(raw)).name) or raw
    display = describe_name(name_raw, None).display
    custody.append(
        "package_received",
        None,
        "ok",
        attempt=attempt_id,
        owner=case.life().token,
        input_path=describe_name(raw, None).display,
        input_path_raw=base64.b64encode(raw).decode("ascii"),
        package_kind=kind,
        received_from=received_from,
        request_id=request_id,
        password_supplied=bool(passwords),
        analyst_zone=analyst_zone,
        libraries=library_versions(),
    )
    stager = Stager(case, custody, attempt_id, passwords, result, analyst_zone, ocr_lang)
    manifest_sha = None
    try:
        if kind == "file":
            sha, _ = stager.stage_file(path, display, name_raw)
        else:
            sha, _manifest = stager.stage_folder(path)
            manifest_sha = sha
    except ReturnsError as exc:
        _account_failed_attempt(case, custody, attempt_id, exc)
        raise
    package_id = "P-" + sha[:12]
    result.package_id, result.sha256 = package_id, sha
    check_package(stager.extraction.out, stager.members, case.evidence_dir, package_id)
    run_entry = keep_run(case, custody, stager.extraction, purpose="ingest", package_id=package_id,
                         attempt_id=attempt_id, analyst_zone=analyst_zone)
    result.records = {k: v for k, v in run_entry["details"]["counts"].items() if k in ("subscribers", "ip_events", "calls")}
    custody.append(
        "package_staged",
        sha,
        "ok",
        attempt=attempt_id,
        package_id=package_id,
        sha256=sha,
        package_kind=kind,
        original_name=display,
        original_name_raw=base64.b64encode(name_raw).decode("ascii"),
        manifest_sha256=manifest_sha,
        password_used=stager.password_used,
        files_stored=result.files_stored,
    )
    events.reached("package.staged", package_id=package_id)
    commit_attempt(case, custody, attempt_id, wait, command, result)


def commit_attempt(case: Case, custody: CustodyLog, attempt_id: str, wait: float, command: str, result: PackageResult) -> None:
    """Write a staged attempt to the database under the case lock, then log the commit."""
    try:
        _commit_locked(case, custody, attempt_id, wait, command, result)
    except CaseBusy as exc:  # raised before anything was committed: say truthfully what is kept
        raise CaseBusy(
            exc.code,
            exc.message,
            kept=(f"the package's {result.files_stored} files are stored in the evidence store and logged in custody; "
                  "only its indexing waits: the next command that writes to this case completes it"),
            hint="run any writing command (e.g. this ingest again, with --wait SECONDS) when the case is free",
        ) from exc


def _commit_locked(case: Case, custody: CustodyLog, attempt_id: str, wait: float, command: str, result: PackageResult) -> None:
    with case.writer(command, wait) as conn:
        attempt = _load_attempt(custody, attempt_id)
        package_id = attempt.staged["details"]["package_id"]  # type: ignore[index]
        first = conn.execute("SELECT received_at FROM packages WHERE package_id = ?", [package_id]).fetchone()
        with db.transaction(conn):
            again = apply_attempt(conn, attempt, case.root)
        events.reached("db.committed", package_id=package_id)
        result.again = again
        if again and first:
            result.first_received_at = first[0].strftime("%Y-%m-%d %H:%M:%S UTC")
        asked = (attempt.received or {}).get("details", {}).get("request_id")
        linked = conn.execute("SELECT request_id FROM packages WHERE package_id = ?", [package_id]).fetchone()[0]
        if asked and linked != asked:
            result.notes.append(
                f"this package is already linked to request {linked}; --request {asked} was recorded in custody "
                "with this receipt but did not change the link"
            )
        custody.append(
            "package_committed",
            attempt.staged["object"],  # type: ignore[index]
            "received_again" if again else "ok",
            attempt=attempt_id,
            package_id=package_id,
            again=again,
            recovered=False,
        )
    events.reached("package.done", package_id=package_id)


def _load_attempt(custody: CustodyLog, attempt_id: str) -> Attempt:
    attempts = group_attempts(e for e in custody.entries() if (e.get("details") or {}).get("attempt") == attempt_id)
    return attempts[attempt_id]


def check_zone(zone: str) -> None:
    """Refuse an --assume-tz the tool cannot apply (before anything is stored)."""
    from .normalize import check_zone as _check

    _check(zone)


def _account_failed_attempt(case: Case, custody: CustodyLog, attempt_id: str, exc: ReturnsError) -> None:
    """An ingest stopped by an error while storing: log it, and log every file it had already stored.

    The store is written before the log, so files stored just before the error have no entry yet;
    they are logged now (``file_adopted``), so that nothing in the store is unaccounted for.
    """
    from .recovery import unlogged_files_since

    entries = custody.entries()
    logged = {e["object"] for e in entries if e["action"] in ("file_stored", "file_adopted") and e.get("object")}
    received = next(e for e in entries if e["action"] == "package_received" and e["details"].get("attempt") == attempt_id)
    adopted = unlogged_files_since(case, logged, received["time"])
    custody.append_many(
        [("ingest_failed", None, exc.code, {"attempt": attempt_id, "error": exc.code, "message": exc.message,
                                             "files_adopted": len(adopted)})]
        + [("file_adopted", sha, "ok", {"attempt": attempt_id, "note": "stored before the error stopped the ingest"})
           for sha in adopted]
    )
