#!/usr/bin/env python3
"""Deterministic generator of the Discord extractor samples
(discord_account_json, discord_subscriber_text, discord_ip_log).

    python samples/extractors/discord_make.py

ASSUMED layouts: no public description of a Discord law-enforcement return was found (see
extractors/discord.py). Key names follow Discord's public user object / data package
(id, username, discriminator, global_name, email, phone, verified, ip). Synthetic data only.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import build_xlsx, csv_bytes  # noqa: E402

UID = "900000000000000417"
UID2 = "900000000000000502"


def write(rel: str, data: bytes) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def jbytes(obj: object) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def main() -> None:
    # -- account JSON: an LE-style record with an IP history (new-style username, discriminator "0")
    write("discord_account_json/positive/DISC-2026-004417_account.json", jbytes({
        "request": {"discord_reference": "DISC-2026-004417", "produced_at": "2026-02-12T16:00:00+00:00"},
        "user": {
            "id": UID,
            "username": "vale.discord",
            "discriminator": "0",
            "global_name": "Jordan",
            "email": "jordan.vale.demo@example.com",
            "verified": True,
            "phone": "+12025550143",
            "created_at": "2024-08-01T10:20:30.123000+00:00",
            "registration_ip": "198.51.100.23",
            "ip_history": [
                {"ip": "203.0.113.77", "timestamp": "2026-01-07T21:55:00.000000+00:00", "event": "login"},
                {"ip": "2001:db8:85a3::8a2e:370:7334", "timestamp": "2026-01-28T16:40:00+00:00", "event": "session"},
                {"ip": "192.0.2.44", "timestamp": "2026-01-15T09:40:00Z"},
            ],
        },
    }))
    # -- data-package style user.json (old username#discriminator, last IP without time)
    write("discord_account_json/positive/discord-user.json", jbytes({
        "id": UID2,
        "username": "AveryQ",
        "discriminator": "4821",
        "email": "avery.quill.demo@example.com",
        "verified": True,
        "phone": None,
        "ip": "192.0.2.150",
        "avatar_hash": "0123456789abcdef0123456789abcdef",
    }))
    # near miss: a Discord-shaped OAuth profile kept by another app (no Discord marker anywhere)
    write("discord_account_json/negative/oauth_profile.json", jbytes({
        "id": "900000000000000999",
        "username": "casey",
        "discriminator": "0",
        "email": "casey.demo@example.net",
        "locale": "en-US",
    }))

    # -- subscriber text sheets
    write("discord_subscriber_text/positive/DISC-2026-004417_subscriber.txt", "\r\n".join([
        "Discord Inc. - Response to Legal Process",
        "Discord reference: DISC-2026-004417",
        "",
        "SUBSCRIBER INFORMATION",
        f"User ID: {UID}",
        "Username: vale.discord",
        "Display Name: Jordan",
        "Email: jordan.vale.demo@example.com (verified)",
        "Phone: +1 202-555-0143",
        "Account Created: 2024-08-01 10:20:30 UTC",
        "Registration IP: 198.51.100.23",
        "",
        "IP HISTORY (all times UTC)",
        "2026-01-07 21:55:00  203.0.113.77  login",
        "2026-01-28 16:40:00  2001:db8:85a3::8a2e:370:7334  session",
        "",
    ]).encode("utf-8"))
    write("discord_subscriber_text/positive/Discord_Subscriber_Info.txt", "\n".join([
        "Discord Subscriber Information",
        f"User ID: {UID2}",
        "Username: AveryQ",
        "Discriminator: 4821",
        "Email: avery.quill.demo@example.com",
        "Account Created: 2021-03-14 15:09:26 UTC",
        "",
    ]).encode("utf-8"))
    write("discord_subscriber_text/negative/subscriber.txt", "\n".join([
        "AcmeChat subscriber information",
        "User ID: 900000000000000999",
        "Username: casey",
        "Email: casey.demo@example.net",
        "",
    ]).encode("utf-8"))

    # -- IP log tables
    write("discord_ip_log/positive/DISC-2026-004417_ip_log.csv", csv_bytes([
        ["user_id", "ip", "timestamp", "activity", "country_code"],
        [UID, "203.0.113.77", "2026-01-07T21:55:00Z", "login", "US"],
        [UID, "2001:db8:85a3::8a2e:370:7334", "2026-01-28T16:40:00Z", "session", "US"],
        [UID, "192.0.2.44", "2026-01-15T09:40:00Z", "login", "US"],
    ]))
    write("discord_ip_log/positive/Discord IP Log DISC-2026-004502.xlsx", build_xlsx(
        [("IP Log", [["Discord Inc. - IP log for user " + UID2],
                     ["All times are UTC."],
                     [],
                     ["Timestamp (UTC)", "IP Address", "Activity Type", "User ID"],
                     [dt.datetime(2025, 12, 31, 23, 59, 59), "192.0.2.150", "login", UID2],
                     [dt.datetime(2026, 1, 1, 0, 0, 30), "2001:db8:a::20", "login", UID2]],
          {"A": 22, "B": 30}, {1: "yyyy-mm-dd hh:mm:ss"}, [4])],
        created=dt.datetime(2026, 2, 12, 16, 0, tzinfo=dt.timezone.utc), creator="Discord (synthetic sample)",
        when=(2026, 2, 12, 16, 0, 0)))
    write("discord_ip_log/negative/ip_log.csv", csv_bytes([
        ["user_id", "ip", "timestamp", "activity"],
        ["900000000000000999", "198.51.100.9", "2026-01-07T21:55:00Z", "login"],
    ]))


if __name__ == "__main__":
    main()
