"""Plain-language summaries of what an ingest did, for analysts."""

from __future__ import annotations

from .ingest import PackageResult
from .output import display


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def describe_result(r: PackageResult) -> list[str]:
    if r.error:
        return [f"{display(r.input_path)}: NOT INGESTED", "  " + r.error.render().replace("\n", "\n  ")]
    lines = [f"{display(r.input_path)}: package {r.package_id}"]
    if r.again:
        lines.append(
            f"  already received on {r.first_received_at}; this receipt was recorded in custody, "
            "no duplicate files or records were added"
        )
    lines.append(
        f"  stored {_plural(r.files_stored, 'file')} ({r.files_new} new, {r.files_known} already in the store"
        + (f", {r.files_stored - r.files_new - r.files_known} archive members" if r.files_stored - r.files_new - r.files_known else "")
        + f"); {_plural(r.archives_expanded, 'archive')} expanded"
    )
    rec = r.records or {}
    lines.append(
        f"  {r.files_extracted} read by an extractor: {rec.get('subscribers', 0)} subscriber, "
        f"{rec.get('ip_events', 0)} IP event and {rec.get('calls', 0)} call records"
    )
    lines.append(
        f"  {r.unidentified} unidentified (kept; no extractor recognises them), "
        f"{r.extraction_failed} failed or conflicting, {r.not_expanded} not expanded, {r.rejected} rejected"
    )
    if r.unidentified or r.extraction_failed:
        lines.append(f"  see every file's outcome with: returns coverage {r.package_id}")
    if r.locked:
        lines.append(
            f"  {_plural(r.locked, 'member')} locked by encryption: the archive is stored and its members listed. "
            "To open them, run the same ingest again with --password-file FILE (or --ask-password)."
        )
    if r.not_expanded and r.not_expanded != r.locked:
        lines.append(f"  see why with: returns warnings {r.package_id}")
    for note in r.notes:
        lines.append(f"  note: {display(note)}")
    return lines


def describe_results(results: list[PackageResult]) -> str:
    lines: list[str] = []
    for r in results:
        lines.extend(describe_result(r))
    ok = [r for r in results if not r.error]
    failed = len(results) - len(ok)
    lines.append(
        f"Summary: {_plural(len(ok), 'package')} ingested"
        + (f", {failed} failed" if failed else "")
        + f"; {sum(r.files_stored for r in ok)} files stored, {sum(r.archives_expanded for r in ok)} archives expanded, "
        f"{sum(r.files_extracted for r in ok)} read, {sum(sum((r.records or {}).values()) for r in ok)} records, "
        f"{sum(r.unidentified for r in ok)} unidentified, {sum(r.not_expanded for r in ok)} not expanded, "
        f"{sum(r.rejected for r in ok)} rejected."
    )
    return "\n".join(lines)
