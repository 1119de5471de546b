#!/usr/bin/env python3
"""Deterministic generator of the Kik extractor samples (kik_logs, kik_subscriber_pdf).

    python samples/extractors/kik_make.py

Layouts follow RLEAPP kik.py / kikReturns.py (see extractors/kik.py). Synthetic data only.
Regenerate the golden files afterwards (python -m tests.golden --update <name>) and check
them by eye.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import build_pdf, csv_bytes  # noqa: E402

JID = "demo_kik0502_3fa@talk.kik.example.com"
FRIEND = "demo_friend_kik_7pm@talk.kik.example.com"


def write(rel: str, data: bytes) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main() -> None:
    # 2026 layout: human-readable UTC with milliseconds (as in the KIK-2026-00912 package)
    write("kik_logs/positive/binds.csv", csv_bytes([
        ["user_jid", "ip", "port", "ts", "device"],
        [JID, "198.51.100.61", "51022", "2026-02-02 08:15:42.031", "ios"],
        [JID, "203.0.113.77", "40877", "2026-02-03 19:03:11.500", "ios"],
        [JID, "2001:db8:4f::a1", "60001", "2026-02-04 23:59:59.999", "ios"],
    ], newline="\n"))
    # epoch-millisecond variant of the same log (RLEAPP: Kik times may be epoch ms)
    write("kik_logs/positive/binds-epoch-ms.csv", csv_bytes([
        ["user_jid", "ip", "port", "ts", "device"],
        [JID, "198.51.100.61", "51022", "1770020142031", "ios"],   # 2026-02-02T08:15:42.031Z
        [JID, "192.0.2.200", "33333", "1770159599999", "ios"],     # 2026-02-03T22:59:59.999Z
    ], newline="\n"))
    # group log: two IPs per row, each with its own party
    write("kik_logs/positive/group_receive.csv", csv_bytes([
        ["sender", "receiver", "ts", "group_jid", "sender_ip", "sender_device_type", "cid", "app_name", "app",
         "receive_ip", "dt", "epoch"],
        [FRIEND, JID, "2026-02-05 12:00:01.250", "1100000000000502_g@groups.kik.example.com", "192.0.2.10", "android",
         "c0ffee01", "", "", "198.51.100.61", "2026-02-05", "1770292801250"],
        [FRIEND, JID, "2026-02-05 12:05:00.000", "1100000000000502_g@groups.kik.example.com", "192.0.2.10", "android",
         "c0ffee02", "", "", "", "2026-02-05", "1770293100000"],
    ], newline="\n"))
    # older returns: headerless, tab-delimited bind.txt (RLEAPP kikReturns.py column positions)
    write("kik_logs/positive/bind.txt", (
        "1\tdemo_kik0502_3fa\t198.51.100.61\t51022\t2019-06-01 10:00:00\tandroid\n"
        "2\tdemo_kik0502_3fa\t203.0.113.9\t443\t2019-06-02 11:30:15\tandroid\n"
    ).encode("utf-8"))
    # near misses: another app's connection log (no JIDs, no Kik names), prose named bind*.txt
    write("kik_logs/negative/connections.csv", csv_bytes([
        ["user", "ip", "port", "ts", "device"],
        ["demo.user@example.com", "198.51.100.61", "51022", "2026-02-02 08:15:42.031", "ios"],
    ], newline="\n"))
    write("kik_logs/negative/bind-instructions.txt", (
        "How to bind a device to your account\n"
        "Open the app settings and choose Devices. Then follow the prompts.\n"
    ).encode("utf-8"))

    # subscriber PDFs: the 2026 layout with a User JID line, and the RLEAPP fields only
    write("kik_subscriber_pdf/positive/subscriber-data-demo_kik0502_3fa.pdf", build_pdf(
        "Kik - Subscriber Data - demo_kik0502", "Kik Interactive (synthetic sample)", [
            "# Subscriber Data",
            "",
            "First Name: Avery",
            "Last Name: Quill",
            "Email: avery.quill.demo@example.com (confirmed)",
            "Username: demo_kik0502",
            f"User JID: {JID}",
            "",
            "## Event Log (all times UTC)",
            "`2025/11/03 06:40:00 UTC  REGISTRATION_TIMESTAMP  2025/11/03 06:40:00",
            "`2025/11/03 06:40:00 UTC  REGISTRATION_IP  198.51.100.61",
            "`2025/11/03 06:40:00 UTC  USER_LOCALE  en_GB",
            "`2026/01/20 18:22:09 UTC  CLIENT_VERSION  17.4.0.1",
        ]))
    write("kik_subscriber_pdf/positive/subscriber-data-demo_kik0611_9zz.pdf", build_pdf(
        "Kik - Subscriber Data - demo_kik0611", "Kik Interactive (synthetic sample)", [
            "# Subscriber Data",
            "",
            "First Name: Rowan",
            "Last Name:",
            "Email: rowan.demo@example.org",
            "Username: demo_kik0611",
            "",
            "## Event Log (all times UTC)",
            "`2024/02/29 23:59:59 UTC  REGISTRATION_TIMESTAMP  2024/02/29 23:59:59",
            "`2024/02/29 23:59:59 UTC  REGISTRATION_IP  2001:db8:11::5",
            "`2024/03/01 00:10:00 UTC  USER_LOCATION  Springfield, US",
        ]))
    write("kik_subscriber_pdf/negative/subscriber-data-acmechat_77.pdf", build_pdf(
        "AcmeChat - Subscriber Data - acme77", "AcmeChat (synthetic sample)", [
            "# Subscriber Data",
            "",
            "First Name: Casey",
            "Email: casey.demo@example.net",
            "Username: acme77",
            "",
            "## Event Log (all times UTC)",
            "`2025/01/01 00:00:00 UTC  REGISTRATION_IP  192.0.2.33",
        ]))

    # cover letters (package/README.txt; assumed layout, as in the KIK-2026-00912 package)
    write("kik_cover_letter/positive/README.txt", "\r\n".join([
        "Kik Interactive - Law Enforcement Response",
        "Reference: KIK-2026-01077",
        "Your case number: CASE-2026-0502",
        "Target: demo_kik0502",
        "",
        "The enclosed package contains subscriber data and log files for the account above.",
        "All timestamps are in UTC. The archive password is sent separately.",
        "",
    ]).encode("utf-8"))
    write("kik_cover_letter/positive/README-2025.txt", "\n".join([
        "MediaLab / Kik - Response to Legal Process",
        "",
        "Ref: KIK-2025-00031",
        "Target: demo_kik0611",
        "Times in the logs are UTC.",
        "",
    ]).encode("utf-8"))
    write("kik_cover_letter/negative/README.txt", "\n".join([
        "AcmeChat - Law Enforcement Response",
        "Reference: AC-2026-0001",
        "Target: acme77",
        "All timestamps are in UTC.",
        "",
    ]).encode("utf-8"))


if __name__ == "__main__":
    main()
