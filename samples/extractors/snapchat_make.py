"""Write the Snapchat CSV samples (synthetic, deterministic).

    python samples/extractors/snapchat_make.py

Layouts follow extractors/LAYOUTS.md#snapchat (RLEAPP snapSubinfo.py, snapIPd.py and the
older snapChatsubsinfo.py; koebbe14/Snapchat-Parser snapchat_additional_records.py for the
"master production" spelling with a banner, dashed section delimiters and NO RESPONSIVE DATA
FOUND): quoted multi-line legend, a row of '=', a snake_case header, data rows. Assumed: the
column names of the older subscriber_information.csv account section (RLEAPP reads it by
position), the ip_data section titles, the production banner wording beyond the
"Target username ... is associated with User ID ..." line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "snapchat_csv"
EQ = "=" * 60
DASH = "-" * 40


def rows_text(rows: list[list[str]], newline: str = "\r\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def legend(text: str, newline: str = "\r\n") -> str:
    """A quoted multi-line legend cell (line feeds inside the quotes, as Snap writes them)."""
    return '"' + text.replace('"', '""') + '"' + newline


def section(title_and_lines: str, header: list[str], rows: list[list[str]], eq: str = EQ) -> str:
    return legend(title_and_lines) + eq + "\r\n" + rows_text([header] + rows)


def subscriber_info_2026() -> str:
    account = section(
        "Subscriber Information\nusername: the account username\nuser_id: internal user identifier\n"
        "created: account creation time (UTC)\ncreation_ip: IP address used at account creation",
        ["username", "user_id", "created", "email_address", "email_status", "pending_email_address", "creation_ip",
         "phone_number", "phone_status", "pending_phone_number", "former_phone_number", "display_name", "status"],
        [["avery.snaps", "0f0e0d0c-0000-4000-8000-000000000520", "2025-05-06 07:10:11 UTC", "avery.sample@example.com",
          "verified", "a.sample.new@example.net", "2001:db8:5::9", "+12025550117", "verified", "", "12025550133",
          "Avery S", "active"]])
    privacy = section("Privacy Settings", ["snap_privacy", "story_privacy"], [["FRIENDS", "CUSTOM"]])
    details = section(
        "Account Details\nlast_active: time of last activity, in Pacific Time (PST/PDT)\n"
        "email_verified_timestamp and phone_verified_timestamp are in UTC",
        ["email_verified_timestamp", "phone_verified_timestamp", "birthdate", "last_active", "follower_count",
         "app_version", "2fa_status"],
        [["2025-05-06 07:15:00 UTC", "2025-05-06 07:12:30 UTC", "1990-01-01", "2025-07-04 09:30:00 PDT", "3",
          "13.40.0 (build 7)", "enabled"]])
    changes = section(
        "Account Change History\ndate: time of the change (UTC)\naction: the change made",
        ["date", "action", "old_value", "new_value", "reason"],
        [["2026-01-02 03:04:05 UTC", "CHANGE_PHONE", "12025550133", "+12025550117", "user_initiated"],
         ["2025-12-24 23:59:59 UTC", "CHANGE_USERNAME", "avery.s", "avery.snaps", "user_initiated"]])
    # sections in another order than the package sample: account, privacy, details, changes
    return account + "\r\n" + privacy + "\r\n" + details + "\r\n" + changes


def ip_data_2026() -> str:
    events = section(
        "IP Data\ntimestamp: time of the event (UTC)\nip: IP address observed\ntype: login or logout",
        ["timestamp", "ip", "type", "country", "asn"],
        # newest first, IPv6 and IPv4
        [["2026-03-15 23:59:58 UTC", "203.0.113.10", "logout", "US", "AS64500"],
         ["2026-03-10 06:05:04 UTC", "2001:db8:77::2", "login", "US", "AS64500"],
         ["2026-03-01 00:00:00 UTC", "198.51.100.7", "login", "CA", "AS64510"]])
    retention = section(
        "IP Retention\nip: IP address\nfirst_seen_time and last_seen_time: first and last use of the address (UTC)",
        ["ip", "first_seen_time", "last_seen_time", "asn", "url"],
        [["192.0.2.201", "2026-02-27 12:00:00 UTC", "2026-03-03 00:00:00 UTC", "AS64502", ""]])
    return events + "\r\n" + retention


def subscriber_information_2021() -> str:
    """The older file name and '==' rows; times 'Www Mmm dd HH:MM:SS UTC YYYY'."""
    account = section(
        "Subscriber Information\ncreated: account creation time",
        ["username", "email", "created", "creation_ip", "phone_number", "display_name", "status"],
        [["morgan.snaps", "morgan.example@example.org", "Wed Aug 19 12:00:00 UTC 2020", "198.51.100.200",
          "12025550150", "Morgan", "active"]], eq="==")
    changes = section(
        "Account Change History",
        ["date", "action", "old_value", "new_value", "reason"],
        [["Mon Feb 01 08:09:10 UTC 2021", "CHANGE_EMAIL", "m.old@example.net", "morgan.example@example.org",
          "user_initiated"]], eq="==")
    return account + "\r\n" + changes


def ip_data_2021() -> str:
    """Older ip_data: 'first seen time' / 'last seen time' headers with spaces, old time format."""
    return section(
        "IP Addresses\nfirst seen time / last seen time: UTC",
        ["ip", "first seen time", "last seen time", "asn"],
        [["203.0.113.5", "Thu Aug 20 01:02:03 UTC 2020", "Sat Aug 29 22:00:00 UTC 2020", "AS64501"],
         ["2001:db8:abcd:12::1", "Tue Sep 01 00:00:01 UTC 2020", "", "AS64501"]])


def production_ip_data() -> str:
    """'Master production' spelling: banner, dashed delimiters, legend lines, '=' row, header;
    times without a zone (the legend says UTC), a source port column, an empty section."""
    banner = rows_text([
        ["Snap Inc. - Law Enforcement Records Production"],
        ['Target username "avery.snaps" is associated with User ID "0f0e0d0c-0000-4000-8000-000000000520"'],
        ["Date range searched: 2026-03-01 to 2026-03-15"],
    ])
    s1 = (DASH + "\r\nNetwork activity\r\ntimestamp: time of the request (UTC)\r\n" + EQ + "\r\n"
          + rows_text([["timestamp", "ip", "user_agent"],
                       ["2026-03-02 14:30:00", "2001:db8:77::2", "Snapchat/13.40.0 (iPhone)"],
                       ["2026-03-02 14:31:10", "198.51.100.7", "Snapchat/13.40.0 (iPhone)"]]))
    s2 = (DASH + "\r\nLogin History\r\ntimestamp: time of the login attempt (UTC)\r\n" + EQ + "\r\n"
          + rows_text([["timestamp", "ip", "client_source_port", "login_status"],
                       ["2026-03-01 08:00:01", "203.0.113.10", "51000", "SUCCESS"]]))
    s3 = (DASH + "\r\nVerification & security events\r\n" + EQ + "\r\n"
          + rows_text([["timestamp", "ip", "verification_method"], ["NO RESPONSIVE DATA FOUND"]]))
    return banner + s1 + s2 + s3


def friends_list() -> str:
    return section(
        "Friends List\nfriend_username: username of the friend\nadded_timestamp: time the friendship was created (UTC)",
        ["friend_username", "friend_display_name", "added_timestamp", "friend_type"],
        [["demo.friend.three", "Riley Example", "2025-06-01 10:00:00 UTC", "MUTUAL"]])


def negatives() -> dict[str, str]:
    return {
        # similar headers, but a plain CSV with no Snap legend and no Snap file name
        "device_logins_export.csv": rows_text([["timestamp", "ip", "type", "country"],
                                              ["2026-03-01 00:00:00 UTC", "198.51.100.7", "login", "CA"]]),
        # the legend / '=' / header shape, but nothing Snapchat in it
        "orders_report.csv": section("Orders\norder_id: order number", ["order_id", "amount", "currency", "created"],
                                     [["A-1", "12.50", "USD", "2026-03-01 00:00:00 UTC"]]),
        # a Google-style IP activity CSV
        "IPActivity.csv": rows_text([["Timestamp (UTC)", "IP Address", "Activity Type", "Android ID", "Apple IDFV",
                                      "User Agent String"],
                                     ["2026-03-01 08:00:01 UTC", "203.0.113.10", "Login", "", "", "Mozilla/5.0"]]),
    }


def main() -> None:
    (OUT / "positive").mkdir(parents=True, exist_ok=True)
    (OUT / "negative").mkdir(parents=True, exist_ok=True)
    files = {
        "positive/subscriber_info.csv": subscriber_info_2026(),
        "positive/ip_data.csv": ip_data_2026(),
        "positive/subscriber_information.csv": subscriber_information_2021(),
        "positive/ip_data_2021.csv": ip_data_2021(),
        "positive/production_ip_data.csv": production_ip_data(),
        "positive/friends_list.csv": friends_list(),
    }
    files.update({f"negative/{k}": v for k, v in negatives().items()})
    for name, text in files.items():
        (OUT / name).write_bytes(text.encode("utf-8"))
        print("wrote", OUT / name)


if __name__ == "__main__":
    main()
