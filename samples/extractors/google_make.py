#!/usr/bin/env python3
"""Deterministic generator of the Google extractor samples
(google_subscriber_text, google_subscriber_html, google_ip_activity, google_change_history,
google_notice).

    python samples/extractors/google_make.py

Layouts (see extractors/LAYOUTS.md#google): the SubscriberInfo <li> labels, the IP ACTIVITY
columns and the ChangeHistory columns come from two public parsers of Google LERS returns
(the JavaScript "Google Warrant Parser" and its Rust port; the port adds "Deletion IP",
"End of Service Date" and "Unregistered Services"), RLEAPP googleSubinfo.py /
googleAccChangeHist.py (paths), and the GGL-2026-0141 sample package (text twin, CSV,
ExportSummary, NoRecords.txt: assumed there). Older-year variants here use the label and
column spellings the parsers accept besides the current ones ("IP" for "IP Address",
"User Agent(s)", "Account Status", "Email") and are marked assumed. Synthetic data only.
"""

from __future__ import annotations

import datetime as dt
import html
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import build_pdf, build_xlsx, csv_bytes  # noqa: E402

UTC = dt.timezone.utc
WHEN = (2026, 3, 2, 18, 0, 0)
CREATED = dt.datetime(2026, 3, 2, 18, 0, 0, tzinfo=UTC)

EMAIL = "riley.quinn.demo@example.com"
ACCT = "999000000733"
PREFIX = f"{EMAIL}.{ACCT}"
OLD_EMAIL = "casey.older.demo@example.org"
OLD_ACCT = "999000000519"
OLD_PREFIX = f"{OLD_EMAIL}.{OLD_ACCT}"


def write(rel: str, data: bytes | str) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def crlf(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def t(s: str) -> dt.datetime:
    return dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def gz(x: dt.datetime) -> str:
    return x.strftime("%Y-%m-%d %H:%M:%S Z")


def gutc(x: dt.datetime) -> str:
    return x.strftime("%Y-%m-%d %H:%M:%S UTC")


UA_FF = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
UA_GMS = "com.google.android.gms/250000000 (Linux; U; Android 15)"
UA_IOS = "GoogleApp/350.0 iOS/18.1"
EVENTS = [  # time, ip, activity, android id, apple idfv, user agent
    (t("2026-01-04 08:15:00"), "198.51.100.61", "Login", "", "", UA_FF),
    (t("2026-01-04 09:02:31"), "198.51.100.61", "Logout", "", "", UA_FF),
    (t("2026-01-11 22:47:05"), "2001:db8:ab:cd:1234:5678:9abc:def0", "Login", "", "0B2C3D4E-0000-4000-8000-000000000733", UA_IOS),
    (t("2026-01-19 06:30:59"), "203.0.113.140", "Login", "3f0000000000b733", "", UA_GMS),
    (t("2026-02-01 12:00:01"), "192.0.2.201", "Password Change", "3f0000000000b733", "", UA_GMS),
]
SUB = [
    ("Google Account ID", ACCT),
    ("Name", "Riley Quinn"),
    ("Given Name", "Riley"),
    ("Family Name", "Quinn"),
    ("e-Mail", EMAIL),
    ("Alternate e-Mails", "rq.alias@example.net"),
    ("Created on", gz(t("2023-09-14 17:03:44"))),
    ("Terms of Service IP", "198.51.100.61"),
    ("Terms of Service Language", "en"),
    ("Birthday (Month Day, Year)", "July 2, 1990"),
    ("Services", "Gmail, Google Drive, YouTube, Android"),
    ("Deletion Date", ""),
    ("Status", "Enabled"),
    ("Last Updated Date", gz(t("2026-02-01 12:00:01"))),
    ("Last Logins", ", ".join(gz(x[0]) for x in EVENTS if x[2] == "Login")),
]
RECOVERY = [
    ("Contact e-Mail", EMAIL),
    ("Recovery e-Mail", "rq.recovery@example.org"),
    ("Recovery SMS", "+1 202-555-0187 [US]"),
]
PHONES = [
    ("User Phone Numbers", "+12025550187 [US]"),
    ("2-Step Verification Phone Numbers", "+12025550187 [US], +1 202-555-0119 [US]"),
]


# -- subscriber, text ---------------------------------------------------------------------------


def subscriber_text_current() -> bytes:
    lines = ["GOOGLE SUBSCRIBER INFORMATION", ""]
    lines += [f"{k}: {v}" for k, v in SUB]
    lines += ["", "ACCOUNT RECOVERY"] + [f"{k}: {v}" for k, v in RECOVERY]
    lines += ["", "PHONE NUMBERS"] + [f"{k}: {v}" for k, v in PHONES]
    lines += ["", "IP ACTIVITY", f"{'Timestamp':<24}{'IP Address':<40}{'Activity Type':<16}Android ID"]
    for when, ip, kind, aid, _idfv, _ua in EVENTS:
        lines.append(f"{gz(when):<24}{ip:<40}{kind:<16}{aid}".rstrip())
    return crlf(lines)


def subscriber_text_older() -> bytes:
    """An older sheet (assumed): 'Email', 'Account Status', 'Birthday', the ToS IP printed with
    its own time, a deleted account (Deletion Date / Deletion IP / End of Service Date, from the
    Rust parser's labels), and an 'Account Activity' table separated by tabs with 'User Agent(s)'."""
    lines = [
        "GOOGLE SUBSCRIBER INFORMATION",
        "",
        f"Google Account ID: {OLD_ACCT}",
        "Name: Casey Older",
        f"Email: {OLD_EMAIL}",
        "Alternate e-Mails: co.backup@example.net, co.work@example.com",
        f"Created on: {gutc(t('2019-03-04 21:42:24'))}",
        f"Terms of Service IP: 203.0.113.9, on {gutc(t('2019-03-04 21:42:31'))}",
        "Services: Gmail, YouTube",
        "Unregistered Services: Google Photos",
        "Account Status: Deleted",
        f"Deletion Date: {gutc(t('2021-06-01 10:00:00'))}",
        "Deletion IP: 2001:db8:feed::1",
        f"End of Service Date: {gutc(t('2021-06-30 00:00:00'))}",
        "Recovery SMS: +1 202-555-0166 [US]",
        "Birthday: October 9, 1985",
        "",
        "Account Activity",
        "Time\tIP Address\tActivity\tUser Agent(s)",
        f"{gutc(t('2021-05-30 19:20:00'))}\t203.0.113.9\tLogin\tMozilla/5.0 (X11; Linux x86_64)",
        f"{gutc(t('2021-06-01 09:58:12'))}\t2001:db8:feed::1\tLogin\tMozilla/5.0 (X11; Linux x86_64)",
    ]
    return crlf(lines)


def subscriber_text_added_label() -> bytes:
    """The current sheet with a label this tool does not know: read, but reported as changed."""
    lines = ["GOOGLE SUBSCRIBER INFORMATION", ""]
    lines += [f"Google Account ID: 999000000802", "Name: Jamie Newlabel", "e-Mail: jamie.newlabel.demo@example.com",
              f"Created on: {gz(t('2025-05-05 05:05:05'))}", "Terms of Service IP: 192.0.2.77",
              "Passkey Enrolled: Yes", "Status: Enabled"]
    return crlf(lines)


# -- subscriber, HTML ------------------------------------------------------------------------------


def _li(items: list[tuple[str, str]]) -> str:
    return "\n".join(f"<li>{html.escape(k)}: {html.escape(v)}</li>" for k, v in items)


def subscriber_html_current() -> bytes:
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in (gz(w), ip, k, aid, idfv, ua)) + "</tr>"
        for w, ip, k, aid, idfv, ua in EVENTS)
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{PREFIX}.SubscriberInfo</title>
<style>td,th{{border:1px solid #999}}</style>
</head>
<body>
<h1>GOOGLE SUBSCRIBER INFORMATION</h1>
<div class="section">
<ul>
{_li(SUB)}
</ul>
</div>
<div class="section">
<h2>ACCOUNT RECOVERY</h2>
<ul>
{_li(RECOVERY)}
</ul>
</div>
<div class="section">
<h2>PHONE NUMBERS</h2>
<ul>
{_li(PHONES)}
</ul>
</div>
<div class="section">
<h2>IP ACTIVITY</h2>
<table>
<tr><th>Timestamp</th><th>IP Address</th><th>Activity Type</th><th>Android ID</th><th>Apple IDFV</th><th>User Agent String</th></tr>
{rows}
</table>
</div>
</body>
</html>
"""
    return page.encode("utf-8")


def subscriber_html_older() -> bytes:
    """An older page (assumed): one flat list, 'Email' and 'Account Status', the parser's
    'User Agent(s)' column holding two agents separated by <br>, and a note on times."""
    items = [("Google Account ID", OLD_ACCT), ("Name", "Casey Older"), ("Email", OLD_EMAIL),
             ("Created on", gutc(t("2019-03-04 21:42:24"))), ("Terms of Service IP", "203.0.113.9"),
             ("Terms of Service Language", "en-GB"), ("Services", "Gmail, YouTube"),
             ("Account Status", "Enabled"), ("Recovery e-Mail", "co.backup@example.net"),
             ("Recovery SMS", "+1 202-555-0166 [US]")]
    page = f"""<html><head><title>{OLD_PREFIX}.SubscriberInfo</title></head>
<body>
<p>All times are shown in UTC.</p>
<ul>
{_li(items)}
</ul>
<h3>IP Activity</h3>
<table>
<tr><th>Timestamp</th><th>IP Address</th><th>Activity Type</th><th>Android ID</th><th>Apple IDFV</th><th>User Agent(s)</th></tr>
<tr><td>{gutc(t('2019-11-23 07:07:07'))}</td><td>203.0.113.9</td><td>Login</td><td></td><td></td><td>Mozilla/5.0 (X11; Linux x86_64)<br>Mozilla/5.0 (Android 10)</td></tr>
<tr><td>{gutc(t('2019-12-24 23:59:59'))}</td><td>2001:db8:beef::42</td><td>Login</td><td>3f0000000000c519</td><td></td><td>com.google.android.gms/19000000</td></tr>
</table>
</body></html>
"""
    return page.encode("utf-8")


def html_not_google() -> bytes:
    return b"""<html><head><title>Account report</title></head><body>
<h1>Subscriber information</h1>
<ul><li>Name: Alex Example</li><li>Email: alex.example@example.net</li><li>Created: 2024-01-01 00:00:00 UTC</li>
<li>Registration IP: 198.51.100.200</li></ul>
</body></html>
"""


# -- IP activity on its own -------------------------------------------------------------------------


def ip_activity_csv() -> bytes:
    return csv_bytes([["Timestamp (UTC)", "IP Address", "Activity Type", "Android ID", "Apple IDFV", "User Agent String"]]
                     + [[gutc(w), ip, k, aid, idfv, ua] for w, ip, k, aid, idfv, ua in EVENTS])


def ip_activity_xlsx() -> bytes:
    """Assumed: the same log as a workbook with typed date cells, a title row, and the
    parser's shorter column titles ('Time (UTC)', 'IP', 'Activity', 'User Agent(s)')."""
    rows = [["Google LLC - IP activity - " + EMAIL], [],
            ["Time (UTC)", "IP", "Activity", "Android ID", "Apple IDFV", "User Agent(s)"]]
    rows += [[w.replace(tzinfo=None), ip, k, aid or None, idfv or None, ua] for w, ip, k, aid, idfv, ua in EVENTS[:3]]
    return build_xlsx([("IP Activity", rows, {"A": 20, "B": 36, "C": 16, "F": 60}, {1: "yyyy-mm-dd hh:mm:ss"}, [3])],
                      created=CREATED, creator="Google LLC (synthetic sample)", when=WHEN)


def generic_login_csv() -> bytes:
    return csv_bytes([["Timestamp", "IP Address", "Activity Type", "User Agent"],
                      ["2026-01-04 08:15:00 UTC", "198.51.100.61", "Login", UA_FF],
                      ["2026-01-04 09:02:31 UTC", "198.51.100.61", "Logout", UA_FF]])


# -- change history ---------------------------------------------------------------------------------

CHANGES = [
    (t("2026-01-11 22:50:40"), "2001:db8:ab:cd:1234:5678:9abc:def0", "Recovery Phone Changed", "+1 202-555-0119", "+1 202-555-0187"),
    (t("2026-01-19 06:33:12"), "203.0.113.140", "Alternate Email Added", "", "rq.alias@example.net"),
    (t("2026-02-01 12:00:01"), "192.0.2.201", "Password Changed", "", ""),
]


def change_history_html() -> bytes:
    rows = "\n".join("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in (gz(w), ip, k, o, n)) + "</tr>"
                     for w, ip, k, o, n in CHANGES)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{PREFIX}.ChangeHistory</title>
</head>
<body>
<h1>GOOGLE ACCOUNT CHANGE HISTORY</h1>
<p>Account: {EMAIL} ({ACCT})</p>
<table>
<tr><th>Timestamp</th><th>IP Address</th><th>Change Type</th><th>Old Value</th><th>New Value</th></tr>
{rows}
</table>
</body>
</html>
""".encode("utf-8")


def change_history_csv() -> bytes:
    """Assumed: the change history as CSV with the parser's column title 'IP'."""
    return csv_bytes([["Timestamp (UTC)", "IP", "Change Type", "Old Value", "New Value"]]
                     + [[gutc(w), ip, k, o, n] for w, ip, k, o, n in CHANGES]
                     + [[gutc(t("2026-02-02 08:00:00")), "", "Recovery Email Verified", "", "rq.recovery@example.org"]])


def snap_style_change_history() -> bytes:
    return csv_bytes([["date", "action", "old_value", "new_value", "reason"],
                      ["2026-01-05 10:00:00 UTC", "EMAIL_CHANGE", "a@example.net", "b@example.net", "user"]])


# -- notices -----------------------------------------------------------------------------------------


def no_records() -> bytes:
    return crlf(["No records were found for this service and resource within the scope of the legal process."])


def export_summary_no() -> bytes:
    return crlf([
        "Export Summary", "",
        "Production ID: GGL-2026-0733",
        f"Originating Identifier: {EMAIL} [Email]",
        f"Resolved Identifier: {ACCT}",
        "Service: Google Play Store",
        "Resource: Devices",
        "Start of date range: Not Specified.",
        "End of date range: 2026-02-28 23:59:59 UTC",
        "Export generated: 2026-03-02 18:00:00 UTC",
        "Records exported: No",
    ])


def cover_letter_text() -> bytes:
    return crlf([
        "Google LLC",
        "Legal Investigations Support",
        "1600 Amphitheatre Parkway, Mountain View, CA 94043 (synthetic sample)",
        "",
        "March 2, 2026",
        "",
        "Google reference number: GGL-2026-0733",
        "Re: Search warrant for Google Account riley.quinn.demo@example.com (Google Account ID 999000000733)",
        "",
        "Dear Officer Example,",
        "",
        "In response to the legal process referenced above, Google is producing the enclosed records.",
        "No records were found for the Google Play Store devices of this account.",
        "A certificate of authenticity and a list of hash values accompany this production.",
        "",
        "Sincerely,",
        "Legal Investigations Support, Google LLC",
    ])


def cover_letter_pdf() -> bytes:
    return build_pdf(
        "Google LLC - Cover Letter - GGL-2026-0734", "Google LLC (synthetic sample)",
        [
            "# Google LLC",
            "Legal Investigations Support",
            "",
            "Google reference number: GGL-2026-0734",
            "Re: Subpoena for Google Account ghost.account.demo@example.com",
            "",
            "Dear Detective Sample,",
            "",
            "In response to the subpoena referenced above, Google searched its records. Google could not locate any "
            "account associated with the identifier provided.",
            "",
            "Sincerely,",
            "Legal Investigations Support, Google LLC",
        ])


def other_provider_letter() -> bytes:
    return crlf([
        "EXAMPLE TELECOM",
        "Law Enforcement Relations",
        "",
        "Reference: EXT-2026-0001",
        "Re: Production order for +1 202-555-0101",
        "",
        "Dear Officer,",
        "Enclosed are the records requested. No records were found for text message content.",
        "Sincerely,",
        "Example Telecom",
    ])


def main() -> None:
    d = "google_subscriber_text"
    write(f"{d}/positive/{PREFIX}.SubscriberInfo.txt", subscriber_text_current())
    write(f"{d}/positive/{OLD_PREFIX}.SubscriberInfo.txt", subscriber_text_older())
    write(f"{d}/positive/jamie.newlabel.demo@example.com.999000000802.SubscriberInfo.txt", subscriber_text_added_label())
    write(f"{d}/negative/GGL-2026-0733_Cover_Letter.txt", cover_letter_text())
    write(f"{d}/negative/{PREFIX}.GooglePlayStore.Devices.ExportSummary.txt", export_summary_no())

    d = "google_subscriber_html"
    write(f"{d}/positive/{PREFIX}.SubscriberInfo.html", subscriber_html_current())
    write(f"{d}/positive/{OLD_PREFIX}.SubscriberInfo.html", subscriber_html_older())
    write(f"{d}/negative/account_report.html", html_not_google())
    write(f"{d}/negative/{PREFIX}.ChangeHistory.html", change_history_html())

    d = "google_ip_activity"
    write(f"{d}/positive/{PREFIX}.IPActivity.csv", ip_activity_csv())
    write(f"{d}/positive/{PREFIX}.IPActivity.xlsx", ip_activity_xlsx())
    write(f"{d}/negative/login_history.csv", generic_login_csv())
    write(f"{d}/negative/{PREFIX}.SubscriberInfo.html", subscriber_html_current())

    d = "google_change_history"
    write(f"{d}/positive/{PREFIX}.ChangeHistory.html", change_history_html())
    write(f"{d}/positive/{PREFIX}.ChangeHistory.csv", change_history_csv())
    write(f"{d}/negative/subscriber_account_change_history.csv", snap_style_change_history())

    d = "google_notice"
    write(f"{d}/positive/NoRecords.txt", no_records())
    write(f"{d}/positive/{PREFIX}.GooglePlayStore.Devices.ExportSummary.txt", export_summary_no())
    write(f"{d}/positive/GGL-2026-0733_Cover_Letter.txt", cover_letter_text())
    write(f"{d}/positive/GGL-2026-0734_Cover_Letter.pdf", cover_letter_pdf())
    write(f"{d}/negative/EXT-2026-0001_Cover_Letter.txt", other_provider_letter())
    write(f"{d}/negative/{PREFIX}.SubscriberInfo.txt", subscriber_text_current())


if __name__ == "__main__":
    main()
