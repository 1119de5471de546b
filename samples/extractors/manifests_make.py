#!/usr/bin/env python3
"""Deterministic generator of the hash_list and certificate extractor samples.

    python samples/extractors/manifests_make.py

Layouts: the GGL-2026-0141 hash manifest (algorithm, hash, bytes, file; assumed in
LAYOUTS.md#google), GNU coreutils ``sha256sum``/``md5sum`` output, BSD ``--tag`` output,
a labelled hash report and a CSV (Filename, Size, MD5, SHA256); certificates modelled on
the usual US business-records certificate (FRE 902(11)/902(13), 28 U.S.C. 1746): no
provider original was found, so the wording is assumed. PDFs via reportlab invariant=1.
Synthetic data only.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import build_pdf, csv_bytes  # noqa: E402


def write(rel: str, data: bytes | str) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def crlf(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def h(algo: str, name: str) -> str:
    """A stand-in digest, derived from the file name (the listed files are not in the sample)."""
    return hashlib.new(algo, name.encode("utf-8")).hexdigest()


FILES = ["GGL-2026-0733_Certificate_of_Authenticity.pdf",
         "riley.quinn.demo@example.com.999000000733.GoogleAccount.SubscriberInfo_001.zip",
         "riley.quinn.demo@example.com.999000000733.GoogleAccount.ChangeHistory_001.zip"]
SIZES = [3121, 3304, 1169]


def google_aligned() -> bytes:
    lines = [
        "Google LLC - Production Hash Values",
        "Production ID: GGL-2026-0733",
        "Account: riley.quinn.demo@example.com (999000000733)",
        "Generated: 2026-03-02 18:00:00 UTC",
        "Algorithm: SHA-256 for every file; MD5 additionally given where requested.",
        "",
        f"{'Algorithm':<10}{'Hash':<66}{'Bytes':>8}  File",
    ]
    for f, n in zip(FILES, SIZES):
        lines.append(f"{'SHA256':<10}{h('sha256', f):<66}{n:>8}  {f}")
    lines.append(f"{'MD5':<10}{h('md5', FILES[0]):<66}{SIZES[0]:>8}  {FILES[0]}")
    return crlf(lines)


def coreutils() -> bytes:
    return (f"{h('sha256', 'records.html')}  records.html\n"
            f"{h('sha256', 'linked_media/photo 01.jpg')}  linked_media/photo 01.jpg\n"
            f"{h('sha256', 'preservation_1.html')} *preservation_1.html\n").encode("utf-8")


def bsd_tags() -> bytes:
    return (f"MD5 (records.html) = {h('md5', 'records.html')}\n"
            f"SHA1 (records.html) = {h('sha1', 'records.html')}\n"
            f"SHA256 (records.html) = {h('sha256', 'records.html')}\n").encode("utf-8")


def csv_list() -> bytes:
    rows = [["Filename", "Size", "MD5", "SHA256"]]
    for f, n in zip(FILES, SIZES):
        rows.append([f, str(n), h("md5", f).upper(), h("sha256", f)])
    return csv_bytes(rows)


def labelled_report() -> bytes:
    lines = ["HASH VERIFICATION REPORT", "Reference: EXT-2026-0002", ""]
    for f in FILES[:2]:
        lines += [f"File Name: {f}", f"MD5: {h('md5', f)}", f"SHA-256: {h('sha256', f)}", ""]
    return crlf(lines)


def attachments_csv() -> bytes:
    """Near miss: message ids that look like MD5 digests, next to file names, no hash column."""
    return csv_bytes([["message_id", "sender", "sent_at", "attachment"],
                      [h("md5", "m1"), "user_a", "2026-01-01 10:00:00 UTC", "IMG_0001.jpg"],
                      [h("md5", "m2"), "user_b", "2026-01-01 10:05:00 UTC", "IMG_0002.jpg"]])


def google_certificate() -> bytes:
    return build_pdf(
        "Google LLC - Certificate of Authenticity - GGL-2026-0733", "Google LLC (synthetic sample)",
        [
            "# CERTIFICATE OF AUTHENTICITY OF DOMESTIC BUSINESS RECORDS",
            "## Pursuant to Federal Rules of Evidence 902(11) and 902(13)",
            "",
            "I, Avery Sampledata, attest, under penalties of perjury by the laws of the United States of America "
            "pursuant to 28 U.S.C. Section 1746, that the information contained in this certification is true and "
            "correct. I am employed by Google LLC (\"Google\") as a Custodian of Records.",
            "",
            "Google reference number: GGL-2026-0733",
            "Account: riley.quinn.demo@example.com (Google Account ID 999000000733)",
            "",
            "The records provided are true duplicates of the original records, were made at or near the time of the "
            "occurrence of the matters set forth, and were kept in the course of Google's regularly conducted "
            "business activity.",
            "",
            "Date: March 2, 2026",
            "",
            "Signed: /s/ Avery Sampledata",
            "Custodian of Records, Google LLC",
        ])


def text_declaration() -> bytes:
    """An older text declaration (assumed): 'I, ..., declare', 'Executed on', signature block."""
    return crlf([
        "DECLARATION OF CUSTODIAN OF RECORDS",
        "",
        "I, Morgan Testcase, hereby declare as follows:",
        "",
        "1. I am employed by Example Mail Co. as a Records Custodian and I am authorized to make this declaration.",
        "2. The attached records are true and correct copies of records made at or near the time of the acts",
        "   recorded, by a person with knowledge, and kept in the course of regularly conducted business activity.",
        "3. SHA-256 of export_0001.zip: " + h("sha256", "export_0001.zip"),
        "",
        "I declare under penalty of perjury under the laws of the United States that the foregoing is true and correct.",
        "",
        "Executed on March 3, 2019, at Springfield, Example State.",
        "",
        "/s/ Morgan Testcase",
        "Records Custodian, Example Mail Co.",
    ])


def wrapped_hash_certificate() -> bytes:
    return build_pdf(
        "Example Chat Inc. - Certificate of Authenticity - ECI-2026-0009", "Example Chat Inc. (synthetic sample)",
        [
            "# CERTIFICATE OF AUTHENTICITY",
            "",
            "Example Chat Inc. reference: ECI-2026-0009",
            "",
            "The enclosed archive example_chat_export_account_0009_full_production_package.zip contains records kept "
            "in the course of the regularly conducted business activity of Example Chat Inc.",
            "",
            "SHA-256 of example_chat_export_account_0009_full_production_package.zip:",
            h("sha256", "example_chat_export_account_0009_full_production_package.zip"),
            "",
            "/s/ Jordan Fixture, Custodian of Records, Example Chat Inc.",
        ])


def letter_mentioning_certificate() -> bytes:
    return crlf([
        "EXAMPLE TELECOM",
        "Law Enforcement Relations",
        "",
        "Reference: EXT-2026-0003",
        "Re: Production order for +1 202-555-0102",
        "",
        "Dear Officer,",
        "Enclosed are the records requested. A certificate of authenticity will follow under separate cover.",
        "Sincerely,",
        "Example Telecom",
    ])


def main() -> None:
    write("hash_list/positive/GGL-2026-0733_Hash_Values.txt", google_aligned())
    write("hash_list/positive/META-8800000001.sha256", coreutils())
    write("hash_list/positive/checksums_bsd.txt", bsd_tags())
    write("hash_list/positive/EXT-2026-0001_hashes.csv", csv_list())
    write("hash_list/positive/EXT-2026-0002_Hash_Report.txt", labelled_report())
    write("hash_list/negative/message_attachments.csv", attachments_csv())
    write("hash_list/negative/EXT-2026-0003_Cover_Letter.txt", letter_mentioning_certificate())

    write("certificate/positive/GGL-2026-0733_Certificate_of_Authenticity.pdf", google_certificate())
    write("certificate/positive/Declaration_of_Custodian_2019.txt", text_declaration())
    write("certificate/positive/ECI-2026-0009_Certificate.pdf", wrapped_hash_certificate())
    write("certificate/negative/EXT-2026-0003_Cover_Letter.txt", letter_mentioning_certificate())
    write("certificate/negative/GGL-2026-0733_Hash_Values.txt", google_aligned())


if __name__ == "__main__":
    main()
