"""Regenerate the generic_table samples (synthetic data only), byte for byte.

    python samples/extractors/generic_table/make.py

Then check the output by eye and regenerate the golden files:

    python -m tests.golden --update generic_table
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
POS = HERE / "positive"
NEG = HERE / "negative"
ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def csv_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\r\n") -> str:
    import csv

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def build_xlsx(sheets: list[tuple[str, list[list[object]], dict[int, str]]], creator: str) -> bytes:
    """A workbook with fixed properties and zip entry times (the same bytes on every run).

    sheets: (title, rows, {1-based column: number format for date cells})."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, formats in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        for col, fmt in formats.items():
            for row in ws.iter_rows(min_col=col, max_col=col):
                for cell in row:
                    if isinstance(cell.value, (dt.datetime, dt.date)):
                        cell.number_format = fmt
    stamp = dt.datetime(2026, 1, 1)
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = stamp
    wb.properties.modified = stamp
    raw = io.BytesIO()
    wb.save(raw)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in src.namelist():
            data = src.read(name)
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                for tag in ("modified", "created"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", r"\g<1>2026-01-01T00:00:00Z\g<2>", text)
                data = text.encode("utf-8")
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = (0o100644 & 0xFFFF) << 16
            zf.writestr(zi, data, compresslevel=6)
    return out.getvalue()


def samples() -> dict[Path, bytes]:
    out: dict[Path, bytes] = {}

    # 1. notes above the header, a zone in the time header, a footer
    notes = [
        "Example Hosting LLC - Law Enforcement Response",
        "Request reference: EH-2026-0117",
        "Target account: jordan.vale@example.com",
        "",
    ]
    rows = [
        ["Account", "IP Address", "NAT Port", "Login Time (GMT-05:00)", "Activity"],
        ["jordan.vale@example.com", "203.0.113.24", "51234", "2026-03-01 08:15:02", "login"],
        ["jordan.vale@example.com", "203.0.113.24", "51240", "2026-03-01 21:47:55", "logout"],
        ["jordan.vale@example.com", "198.51.100.7", "", "2026-03-02 07:03:10", "login"],
        ["jordan.vale@example.com", "2001:db8:4a::17", "", "2026-03-03 12:00:00", "password_change"],
    ]
    text = "\r\n".join(notes) + "\r\n" + csv_text(rows) + "\r\nTotal records: 4\r\n"
    out[POS / "login_history_notes.csv"] = text.encode("utf-8")

    # 2. semicolon, Windows-1252, day-first dates, accented values
    rows = [
        ["Username", "IP address", "Date/Time (UTC)", "City", "Event"],
        ["zoe.muller", "192.0.2.61", "14/03/2026 21:05:09", "Zürich", "Anmeldung"],
        ["zoe.muller", "192.0.2.61", "03/04/2026 06:30:00", "Zürich", "Anmeldung"],
        ["zoe.muller", "198.51.100.203", "05/04/2026 18:12:44", "Montréal", "Déconnexion"],
    ]
    out[POS / "semicolon_cp1252_dayfirst.csv"] = csv_text(rows, ";").encode("cp1252")

    # 3. UTF-16 LE with BOM, tab-separated
    rows = [
        ["Screen Name", "Source IP", "Source Port", "Timestamp (UTC)", "Event Type"],
        ["river_otter_77", "203.0.113.88", "40112", "2026-02-11T04:22:17Z", "session_start"],
        ["river_otter_77", "2001:db8:10::5", "443", "2026-02-11T05:01:00Z", "session_start"],
        ["river_otter_77", "203.0.113.88", "40988", "2026-02-12T23:59:59Z", "message_sent"],
    ]
    out[POS / "activity_utf16.tsv"] = b"\xff\xfe" + csv_text(rows, "\t").encode("utf-16-le")

    # 4. no header: ip, epoch milliseconds
    rows = [
        ["192.0.2.44", "1772366400123"],
        ["192.0.2.44", "1772370000456"],
        ["198.51.100.19", "1772452800789"],
    ]
    out[POS / "headerless_ip_epoch_ms.csv"] = csv_text(rows, newline="\n").encode("utf-8")

    # 5. workbook: a notes row, Excel date cells
    sheet = [
        ["Sessions for account 40017 - all times are Eastern Time"],
        [],
        ["User ID", "Client Address", "Session Start", "Bytes"],
        ["40017", "198.51.100.54", dt.datetime(2026, 3, 7, 23, 30, 0), 10240],
        ["40017", "198.51.100.54", dt.datetime(2026, 3, 8, 1, 59, 59), 2048],
        ["40017", "203.0.113.9", dt.datetime(2026, 3, 8, 3, 0, 0), 512],
    ]
    out[POS / "sessions.xlsx"] = build_xlsx([("Sessions", sheet, {3: "yyyy-mm-dd hh:mm:ss"})],
                                            "Example Hosting (synthetic sample)")

    # 6. IPv6 in several textual forms, ip:port and [v6]:port cells
    rows = [
        ["IP", "Time (UTC)", "Account"],
        ["2001:db8::1", "2026-01-05 10:00:00", "acct-5501"],
        ["2001:DB8:0:0:0:0:0:1", "2026-01-05 10:05:00", "acct-5501"],
        ["2001:0db8:0000:0000:0000:0000:0000:0001", "2026-01-05 10:10:00", "acct-5501"],
        ["[2001:db8::1]:443", "2026-01-05 10:15:00", "acct-5501"],
        ["[2001:db8::2]", "2026-01-05 10:20:00", "acct-5501"],
        ["::ffff:192.0.2.7", "2026-01-05 10:25:00", "acct-5501"],
        ["192.0.2.10:5060", "2026-01-05 10:30:00", "acct-5501"],
        ["fe80::1%eth0", "2026-01-05 10:35:00", "acct-5501"],
    ]
    out[POS / "ipv6_forms.csv"] = csv_text(rows).encode("utf-8")

    # 7. carrier-grade NAT with and without a port
    rows = [
        ["Customer ID", "Private IP", "Public IP", "Public Port", "Start Time (UTC)"],
        ["C-77310", "10.20.30.40", "100.64.12.34", "40001", "2026-03-09 14:00:00"],
        ["C-77310", "10.20.30.40", "100.64.12.34", "", "2026-03-09 14:05:00"],
        ["C-77310", "10.20.30.40", "100.64.12.34:40777", "", "2026-03-09 14:10:00"],
    ]
    out[POS / "cgnat_ports.csv"] = csv_text(rows).encode("utf-8")

    # 8. subscribers (names, e-mails, phones, creation time with a registration IP)
    rows = [
        ["Account ID", "Username", "First Name", "Last Name", "Email", "Recovery Email", "Phone",
         "Created (UTC)", "Registration IP", "Status"],
        ["990017", "jvale", "Jordan", "Vale", "jordan.vale@example.com", "jv.backup@example.net",
         "+1 202 555 0143", "2024-06-02 15:21:09", "203.0.113.24", "active"],
        ["990018", "amoss", "Alex", "Moss", "alex.moss@example.org", "", "(202) 555-0178", "2025-01-17 09:00:00",
         "", "suspended"],
    ]
    out[POS / "subscribers.csv"] = csv_text(rows).encode("utf-8")

    # 9. ragged rows, the header repeated, an IP that is not one, a footer
    lines = [
        "Username,IP Address,Timestamp (UTC),User Agent",
        "jvale,192.0.2.15,2026-03-10 10:00:00,Mozilla/5.0",
        "jvale,192.0.2.16,2026-03-10 10:05:00,Mozilla/5.0 (X11, Linux x86_64)",  # unquoted comma: 5 cells
        "jvale,192.0.2.17,2026-03-10 10:10:00",  # 3 cells
        "Username,IP Address,Timestamp (UTC),User Agent",  # header repeated (page break)
        "jvale,not-an-ip,2026-03-10 10:15:00,curl/8.0",
        "jvale,,2026-03-10 10:20:00,curl/8.0",  # no IP
        "192.0.2.18,2026-03-10 10:25:00",  # 2 cells: which are missing is not certain
        "",
        "End of report",
    ]
    out[POS / "ragged_footer.csv"] = ("\n".join(lines) + "\n").encode("utf-8")

    # 10. a 'label, value' subscriber sheet (no column header), an Excel date, a second sheet of logins
    form = [
        ["Example Mail Co. - subscriber record"],
        [],
        ["Username", "sky_lantern_04"],
        ["Full Name", "Robin Example"],
        ["Email Address", "robin.example@example.org"],
        ["Phone Number", "+1 202 555 0107"],
        ["Account Created (UTC)", dt.datetime(2023, 11, 5, 17, 45, 30)],
        ["Sign-up IP", "198.51.100.77"],
        ["Account Status", "Active"],
    ]
    logins = [
        ["Login IP", "Login Time (UTC)"],
        ["198.51.100.77", dt.datetime(2026, 2, 1, 9, 0, 0)],
        ["2001:db8:c0de::9", dt.datetime(2026, 2, 2, 21, 15, 0)],
    ]
    out[POS / "subscriber_form.xlsx"] = build_xlsx([("Subscriber", form, {2: "yyyy-mm-dd hh:mm:ss"}),
                                                    ("Logins", logins, {2: "yyyy-mm-dd hh:mm:ss"})],
                                                   "Example Mail Co. (synthetic sample)")

    # negatives
    rows = [
        ["Component", "Version", "Build Date", "Notes"],
        ["Reader", "13.20.0.43", "2025-11-02", "stable"],
        ["Reader", "13.20.0.44", "2025-12-14", "hotfix"],
        ["Updater", "4.1.0.7", "2026-01-09", "beta"],
    ]
    out[NEG / "software_versions.csv"] = csv_text(rows).encode("utf-8")
    rows = [
        ["Invoice", "Date", "Customer", "Amount", "Currency"],
        ["INV-2026-0001", "2026-01-31", "Example Widgets Ltd", "1.250,00", "EUR"],
        ["INV-2026-0002", "2026-02-28", "Example Widgets Ltd", "980,50", "EUR"],
        ["INV-2026-0003", "2026-03-31", "Sample Traders", "12,99", "EUR"],
    ]
    out[NEG / "invoice_amounts.csv"] = csv_text(rows, ";").encode("utf-8")
    return out


def main() -> None:
    for path, data in samples().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(HERE)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
