"""Checks over a whole package: the provider's own hash lists, and its certificate.

* Every file a provider's hash list names (``hash_listed`` facts read by
  ``extractors/manifests.py``) is looked up among the package's members and hashed with the
  algorithm the list uses (MD5, SHA-1 or SHA-256). A mismatch, or a listed file that is not
  in the package, is a loud warning on the package (``HASH_MISMATCH``,
  ``LISTED_FILE_MISSING``); every check is kept as a ``hash_check`` fact.
* A package with no certificate of authenticity / business-records declaration is flagged
  (``NO_CERTIFICATE``): a prosecutor needs one to introduce the records.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .extraction import RunOutput, _h

CHECKER = "package_checks"
CHECKER_VERSION = "1"
ALGORITHMS = {"md5": 32, "sha1": 40, "sha-1": 40, "sha256": 64, "sha-256": 64, "sha512": 128, "sha-512": 128}


@dataclass(frozen=True)
class Member:
    member_id: str
    path: str
    sha256: str


def _basename(name: str) -> str:
    return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _digest(path: Path, algo: str) -> str:
    h = hashlib.new(algo.replace("-", ""))
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            h.update(chunk)
    return h.hexdigest()


def check_package(out: RunOutput, members: list[Member], evidence_dir: Path, package_id: str | None) -> None:
    """Add hash-check facts and package warnings to a run's rows."""
    by_name: dict[str, list[Member]] = {}
    for m in members:
        by_name.setdefault(_basename(m.path), []).append(m)
    facts = out.rows["document_facts"]
    listed = [f for f in facts if f.get("kind") == "hash_listed"]
    has_certificate = any(f.get("kind") == "certificate" for f in facts)
    for fact in listed:
        value = str(fact.get("value") or "")
        algo, _, expected = value.partition(":")
        algo = algo.lower()
        extra = json.loads(fact.get("extra") or "{}")
        name = str(extra.get("file") or "")
        candidates = by_name.get(_basename(name)) or [
            m for key, ms in by_name.items() if key.lower() == _basename(name).lower() for m in ms
        ]
        if algo not in ALGORITHMS or len(expected) != ALGORITHMS[algo]:
            outcome, detail = "unreadable", f"the hash list entry for {name!r} is not a {algo or 'known'} hash: {expected!r}"
        elif not candidates:
            outcome, detail = "missing", f"the provider's hash list names {name!r}, which is not in the package"
        else:
            actual = [m.sha256 if algo in ("sha256", "sha-256") else _digest(evidence_dir / m.sha256, algo) for m in candidates]
            if expected.lower() in actual:
                outcome, detail = "match", f"{name}: {algo.upper()} matches the provider's hash list"
            else:
                outcome, detail = "mismatch", (
                    f"{name}: the provider's hash list says {algo.upper()} {expected.lower()}, "
                    f"the file received hashes to {', '.join(actual)}"
                )
        row = {k: fact[k] for k in ("run_id", "package_id", "provider", "source_sha256", "locator", "locator_json")}
        row.update({
            "record_id": _h("hash_check", fact["record_id"]),
            "kind": "hash_check",
            "value": outcome,
            "raw_text": fact.get("raw_text"),
            "extra": json.dumps({"file": name, "algorithm": algo, "expected": expected.lower(), "detail": detail}, sort_keys=True),
            "extractor": CHECKER,
            "extractor_version": CHECKER_VERSION,
        })
        facts.append(row)
        if outcome != "match":
            code = {"missing": "LISTED_FILE_MISSING", "mismatch": "HASH_MISMATCH"}.get(outcome, "HASH_LIST_UNREADABLE")
            _warn(out, package_id, fact["source_sha256"], fact["locator"], code, detail)
    if members and not has_certificate:
        _warn(out, package_id, None, None, "NO_CERTIFICATE",
              "no certificate of authenticity or business-records declaration was found in this package")


def _warn(out: RunOutput, package_id: str | None, sha: str | None, locator: str | None, code: str, message: str) -> None:
    row: dict[str, Any] = {
        "warning_id": _h("pkgcheck", package_id, sha, locator, code, message),
        "package_id": package_id,
        "sha256": sha,
        "member_id": None,
        "locator": locator,
        "code": code,
        "message": message,
        "run_id": out.run_id,
    }
    out.rows["warnings"].append(row)
