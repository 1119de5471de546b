"""The generic table extractor: mutations (columns reordered, renamed, added; rows reversed),
encodings and delimiters, hostile cells, ragged rows, and the table reader underneath."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from extractors.base import decode_text
from extractors.generic_table import GenericTable, header_role
from extractors.tables import physical_lines, read_tables, split_record
from tests.golden import document, golden_rows

EVENTS = [
    ("jvale", "203.0.113.24", "2026-03-01 08:15:02", "login"),
    ("jvale", "198.51.100.7", "2026-03-02 07:03:10", "logout"),
    ("jvale", "2001:db8:4a::17", "2026-03-03 12:00:00", "login"),
    ("amoss", "192.0.2.61", "2026-03-04 23:59:59", "password_change"),
]
WANT = {
    ("jvale", "203.0.113.24", "2026-03-01T08:15:02.000000Z"),
    ("jvale", "198.51.100.7", "2026-03-02T07:03:10.000000Z"),
    ("jvale", "2001:db8:4a::17", "2026-03-03T12:00:00.000000Z"),
    ("amoss", "192.0.2.61", "2026-03-04T23:59:59.000000Z"),
}
HEADER = ["Username", "IP Address", "Timestamp (UTC)", "Activity"]


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def run(tmp_path: Path, name: str, data: bytes) -> tuple[str | None, dict[str, list[dict[str, Any]]]]:
    path = tmp_path / name
    path.write_bytes(data)
    extractor, rows = golden_rows(path)
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["table"], []).append(r)
    return extractor, out


def events(rows: dict[str, list[dict[str, Any]]]) -> set[tuple[str, str, str]]:
    return {(r["account"], r["ip"], r["ts_utc"]) for r in rows.get("ip_events", [])}


def codes(rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [w["code"] for w in rows.get("warnings", [])]


def table(header: list[str], order: list[int] | None = None, extra_cols: dict[str, str] | None = None,
          reverse: bool = False) -> list[list[str]]:
    order = order or list(range(len(header)))
    body = [list(e) for e in (reversed(EVENTS) if reverse else EVENTS)]
    rows = [[header[i] for i in order] + list(extra_cols or {})]
    for e in body:
        rows.append([e[i] for i in order] + list((extra_cols or {}).values()))
    return rows


# -- mutations ---------------------------------------------------------------------------------


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]])
def test_reordered_columns_read_the_same(tmp_path: Path, order: list[int]) -> None:
    ex, rows = run(tmp_path, "log.csv", csv_text(table(HEADER, order)).encode())
    assert ex == "generic_table"
    assert events(rows) == WANT
    assert {r["activity"] for r in rows["ip_events"]} == {"login", "logout", "password_change"}


@pytest.mark.parametrize("header", [
    ["User ID", "Client IP", "Date/Time (UTC)", "Event"],
    ["Account", "IPv4/IPv6", "Time (UTC)", "Action"],
    ["Target", "Source IP", "Timestamp UTC", "Activity Type"],
    ["username", "ip_address", "timestamp (UTC)", "event_type"],
    ["userName", "ipAddress", "eventTime (UTC)", "action"],
    ["Screen Name", "Remote Address", "Login Time (UTC)", "Event Type"],
])
def test_renamed_columns_read_the_same(tmp_path: Path, header: list[str]) -> None:
    ex, rows = run(tmp_path, "log.csv", csv_text(table(header)).encode())
    assert ex == "generic_table", header
    assert events(rows) == WANT, header


def test_added_columns_go_to_extra(tmp_path: Path) -> None:
    ex, rows = run(tmp_path, "log.csv", csv_text(table(HEADER, extra_cols={"User Agent": "Mozilla/5.0", "Country": "ZZ"})).encode())
    assert ex == "generic_table"
    assert events(rows) == WANT
    assert all(json.loads(r["extra"]) == {"User Agent": "Mozilla/5.0", "Country": "ZZ"} for r in rows["ip_events"])


def test_reversed_rows_read_the_same(tmp_path: Path) -> None:
    ex, rows = run(tmp_path, "log.csv", csv_text(table(HEADER, reverse=True)).encode())
    assert ex == "generic_table"
    assert events(rows) == WANT
    assert [r["locator"].split(";")[0] for r in sorted(rows["ip_events"], key=lambda r: int(r["locator"].split()[1].rstrip(";")))] == \
        ["line 2", "line 3", "line 4", "line 5"]


def test_zone_in_the_header_is_applied(tmp_path: Path) -> None:
    header = ["Username", "IP Address", "Login Time (GMT-05:00)", "Activity"]
    ex, rows = run(tmp_path, "log.csv", csv_text(table(header)).encode())
    assert ex == "generic_table"
    got = {r["ip"]: r["ts_utc"] for r in rows["ip_events"]}
    assert got["203.0.113.24"] == "2026-03-01T13:15:02.000000Z"
    assert got["192.0.2.61"] == "2026-03-05T04:59:59.000000Z"


def test_notes_above_the_header_become_facts_and_declare_the_zone(tmp_path: Path) -> None:
    header = ["Username", "IP Address", "Timestamp", "Activity"]
    text = "Example Hosting LLC\r\nAll times are Pacific Time (PT)\r\n\r\n" + csv_text(table(header))
    ex, rows = run(tmp_path, "log.csv", text.encode())
    assert ex == "generic_table"
    assert [f["value"] for f in rows["document_facts"]] == ["Example Hosting LLC", "All times are Pacific Time (PT)"]
    got = {r["ip"]: (r["ts_utc"], r["tz_source"]) for r in rows["ip_events"]}
    assert got["203.0.113.24"] == ("2026-03-01T16:15:02.000000Z", "document")


@pytest.mark.parametrize("time_header", ["Time (UTC+05:30)", "Time UTC+05:30", "Date/Time [GMT+5:30]"])
def test_two_column_table_with_a_zone_in_the_header(tmp_path: Path, time_header: str) -> None:
    text = csv_text([["IP", time_header], ["192.0.2.1", "2026-01-01 05:30:00"], ["192.0.2.2", "2026-01-02 05:30:00"]])
    ex, rows = run(tmp_path, "log.csv", text.encode())
    assert ex == "generic_table"
    assert {(r["ip"], r["ts_utc"]) for r in rows["ip_events"]} == {("192.0.2.1", "2026-01-01T00:00:00.000000Z"),
                                                                  ("192.0.2.2", "2026-01-02T00:00:00.000000Z")}


def test_date_and_time_in_two_columns(tmp_path: Path) -> None:
    rows_ = [["Date", "Time", "IP Address", "Account"],
             ["2026-03-01", "08:15:02", "203.0.113.24", "jvale"],
             ["2026-03-02", "07:03:10", "198.51.100.7", "jvale"]]
    ex, rows = run(tmp_path, "log.csv", (csv_text(rows_)).encode())
    assert ex == "generic_table"
    assert {(r["ts_raw"], r["ip"]) for r in rows["ip_events"]} == {("2026-03-01 08:15:02", "203.0.113.24"),
                                                                  ("2026-03-02 07:03:10", "198.51.100.7")}


# -- encodings and delimiters --------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                                ("utf-16-be", b"\xfe\xff"), ("cp1252", b"")])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_encodings_and_delimiters(tmp_path: Path, encoding: str, bom: bytes, delimiter: str) -> None:
    rows_ = table(HEADER)
    rows_[1][3] = "connexion réussie"  # an accented letter (the cp1252 case needs one to be cp1252)
    data = bom + csv_text(rows_, delimiter).encode(encoding)
    ex, rows = run(tmp_path, "log.txt", data)
    assert ex == "generic_table", (encoding, delimiter)
    assert events(rows) == WANT
    assert "connexion réussie" in {r["activity"] for r in rows["ip_events"]}
    if encoding == "cp1252":
        assert "ENCODING_GUESSED" in codes(rows)
    else:
        assert "ENCODING_GUESSED" not in codes(rows)
    # byte offsets point at the row in the file as stored
    for r in rows["ip_events"]:
        off = json.loads(r["locator_json"])["byte_offset"]
        enc = {"utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be"}.get(encoding, encoding)
        assert data[off:].decode(enc, errors="ignore").startswith(r["raw_text"][:10])


def test_xlsx_with_notes_and_excel_dates(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Logins"
    ws.append(["Report for jvale. Times are UTC."])
    ws.append(["Client IP", "Login Time", "User"])
    ws.append(["203.0.113.24", dt.datetime(2026, 3, 1, 8, 15, 2), "jvale"])
    ws.append(["198.51.100.7", dt.datetime(2026, 3, 2, 7, 3, 10), "jvale"])
    path = tmp_path / "logins.xlsx"
    wb.save(path)
    ex, rows = golden_rows(path)
    assert ex == "generic_table"
    got = {(r["ip"], r["ts_utc"], r["locator"]) for r in rows if r["table"] == "ip_events"}
    assert got == {("203.0.113.24", "2026-03-01T08:15:02.000000Z", "sheet 'Logins'; cell A3; row 3"),
                   ("198.51.100.7", "2026-03-02T07:03:10.000000Z", "sheet 'Logins'; cell A4; row 4")}


# -- hostile content ---------------------------------------------------------------------------


def test_multi_megabyte_field_is_reported_not_fatal(tmp_path: Path) -> None:
    big = "A" * (3 * 2**20)
    rows_ = table(HEADER, extra_cols={"Payload": "x"})
    rows_[2][4] = big
    ex, rows = run(tmp_path, "log.csv", csv_text(rows_).encode())
    assert ex == "generic_table"
    assert events(rows) == WANT
    long = [w for w in rows["warnings"] if w["code"] == "LONG_CELL"]
    assert len(long) == 1 and long[0]["locator"].startswith("line 3;")


def test_unclosed_quote_does_not_swallow_the_rest(tmp_path: Path) -> None:
    text = csv_text(table(HEADER)).splitlines()
    text.insert(2, 'jvale,192.0.2.99,2026-03-01 09:00:00,"login')  # never closed
    data = ("\r\n".join(text) + "\r\n").encode()
    ex, rows = run(tmp_path, "log.csv", data)
    assert ex == "generic_table"
    assert WANT <= events(rows)
    assert "UNCLOSED_QUOTE" in codes(rows)


def test_quoted_field_over_several_lines(tmp_path: Path) -> None:
    rows_ = table(HEADER, extra_cols={"Comment": "first line\nsecond line"})
    ex, rows = run(tmp_path, "log.csv", csv_text(rows_).encode())
    assert ex == "generic_table"
    assert events(rows) == WANT
    assert [r["locator"].split(";")[0] for r in rows["ip_events"]] == ["line 2", "line 4", "line 6", "line 8"] or \
        sorted(int(r["locator"].split()[1].rstrip(";")) for r in rows["ip_events"]) == [2, 4, 6, 8]


@pytest.mark.parametrize("nasty", ["a\x00b", "\x1b[31mred\x1b[0m", "\u202eevil\u202c", "x\u2028y", "\x0cform", "\x85nel"])
def test_control_and_bidi_characters_are_kept_raw_and_reported(tmp_path: Path, nasty: str) -> None:
    rows_ = table(HEADER, extra_cols={"Note": "ok"})
    rows_[3][4] = nasty
    data = csv_text(rows_).encode("utf-8")
    ex, rows = run(tmp_path, "log.csv", data)
    assert ex == "generic_table"
    assert events(rows) == WANT
    hit = [r for r in rows["ip_events"] if nasty in r["raw_text"]]
    assert len(hit) == 1
    assert json.loads(hit[0]["extra"])["Note"] == nasty.strip()
    assert hit[0]["locator"].startswith("line 4;")  # no extra line breaks invented inside the cell
    if nasty not in ("x\u2028y", "\x85nel"):
        assert "control_characters" in hit[0]["flags"]
        assert "CONTROL_CHARACTERS" in codes(rows)


def test_nul_bytes_early_in_the_file(tmp_path: Path) -> None:
    rows_ = table(HEADER)
    rows_[1][3] = "lo\x00gin"
    ex, rows = run(tmp_path, "log.csv", csv_text(rows_).encode())
    assert ex == "generic_table"
    assert events(rows) == WANT
    assert any("\x00" in r["raw_text"] for r in rows["ip_events"])


def test_ragged_rows_are_listed_with_their_lines(tmp_path: Path) -> None:
    lines = [
        "Username,IP Address,Timestamp (UTC),User Agent",
        "jvale,192.0.2.15,2026-03-10 10:00:00,Mozilla/5.0",
        "jvale,192.0.2.16,2026-03-10 10:05:00,Mozilla/5.0 (X11, Linux x86_64)",
        "jvale,192.0.2.17,2026-03-10 10:10:00",
        "192.0.2.18,2026-03-10 10:25:00",
    ]
    ex, rows = run(tmp_path, "log.csv", ("\n".join(lines) + "\n").encode())
    assert ex == "generic_table"
    ragged = {w["locator"].split(";")[0]: w["message"] for w in rows["warnings"] if w["code"] == "RAGGED_ROW"}
    assert set(ragged) == {"line 3", "line 4", "line 5"}
    assert "'192.0.2.18'" in ragged["line 5"]  # the values are listed
    got = {r["ip"]: r for r in rows["ip_events"]}
    # five cells: the only reading that keeps IP and time in shape puts the comma in the user agent
    assert got["192.0.2.16"]["ts_utc"] == "2026-03-10T10:05:00.000000Z"
    assert json.loads(got["192.0.2.16"]["extra"]) == {"User Agent": "Mozilla/5.0 (X11, Linux x86_64)"}
    # three cells: the time might be in the time or the user-agent column: not read
    assert got["192.0.2.17"]["ts_raw"] is None and "ragged_row" in got["192.0.2.17"]["flags"]
    # two cells: the IP cannot be placed with certainty: no record
    assert "192.0.2.18" not in got
    assert any(w["code"] == "ROW_NOT_READ" and w["locator"].startswith("line 5;") for w in rows["warnings"])


def test_footers_totals_and_repeated_headers_are_not_records(tmp_path: Path) -> None:
    body = csv_text(table(HEADER)).splitlines()
    text = "\r\n".join([body[0], body[1], body[2], body[0], body[3], body[4], "Total,4,,", "", "End of report"]) + "\r\n"
    ex, rows = run(tmp_path, "log.csv", text.encode())
    assert ex == "generic_table"
    assert events(rows) == WANT
    assert len(rows["ip_events"]) == 4
    assert {f["value"] for f in rows["document_facts"]} == {"Total 4", "End of report"}


def test_unparsed_ip_is_still_a_record(tmp_path: Path) -> None:
    rows_ = table(HEADER)
    rows_[2][1] = "198.51.100.300"
    ex, rows = run(tmp_path, "log.csv", csv_text(rows_).encode())
    bad = [r for r in rows["ip_events"] if r["ip_raw"] == "198.51.100.300"]
    assert len(bad) == 1 and bad[0]["ip"] is None and "unparsed" in bad[0]["flags"]


# -- no header -----------------------------------------------------------------------------------


def test_headerless_ip_and_epoch(tmp_path: Path) -> None:
    data = b"192.0.2.44,1772366400123\n198.51.100.19,1772452800789\n"
    ex, rows = run(tmp_path, "x.csv", data)
    assert ex == "generic_table"
    assert {(r["ip"], r["ts_utc"]) for r in rows["ip_events"]} == {
        ("192.0.2.44", "2026-03-01T12:00:00.123000Z"), ("198.51.100.19", "2026-03-02T12:00:00.789000Z")}
    assert all("columns_inferred" in r["flags"] for r in rows["ip_events"])
    assert "COLUMNS_INFERRED" in codes(rows)


def test_headerless_columns_in_any_order(tmp_path: Path) -> None:
    data = b"jvale@example.com;2026-03-01T08:15:02Z;203.0.113.24\njvale@example.com;2026-03-02T07:03:10Z;198.51.100.7\n"
    ex, rows = run(tmp_path, "x.txt", data)
    assert ex == "generic_table"
    assert {(r["account"], r["ip"], r["ts_utc"]) for r in rows["ip_events"]} == {
        ("jvale@example.com", "203.0.113.24", "2026-03-01T08:15:02.000000Z"),
        ("jvale@example.com", "198.51.100.7", "2026-03-02T07:03:10.000000Z")}


# -- near misses ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows_", [
    [["Component", "Version", "Build Date"], ["Reader", "13.20.0.43", "2025-11-02"], ["Reader", "13.20.0.44", "2025-12-14"]],
    [["Name", "Address", "City"], ["Jordan Vale", "100 Example Street", "Springfield"], ["Alex Moss", "7 Sample Road", "Shelbyville"]],
    [["Invoice", "Date", "Amount"], ["INV-1", "2026-01-31", "1,250.00"], ["INV-2", "2026-02-28", "980.50"]],
    [["Server", "Destination IP", "Time"], ["web1", "192.0.2.1", "2026-01-01 00:00:00"]],
])
def test_not_claimed(tmp_path: Path, rows_: list[list[str]]) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(csv_text(rows_).encode())
    assert GenericTable().identify(document(path)) is None


def test_json_and_html_are_not_tables(tmp_path: Path) -> None:
    for name, data in (("a.json", b'[{"ip": "192.0.2.1", "time": "2026-01-01T00:00:00Z"}]'),
                       ("a.html", b"<html><table><tr><th>IP</th><th>Time</th></tr></table></html>")):
        path = tmp_path / name
        path.write_bytes(data)
        assert GenericTable().identify(document(path)) is None


def test_header_roles() -> None:
    def field(h: str) -> str | None:
        r = header_role(h)
        return r.field if r else None

    assert field("IP Address") == "ip"
    assert field("IPv4/IPv6") == "ip"
    assert field("Client Address") == "ip"
    assert field("NAT port") == "port"
    assert field("Port Range Start") is None
    assert field("IP Country") is None
    assert field("Destination IP") == "other_ip"
    assert field("Registration IP") == "registration_ip"
    assert field("Login Time (GMT-05:00)") == "time"
    assert field("Logout Time") == "end_time"
    assert field("MSISDN") == "phone"
    assert field("Cell ID") is None
    assert field("User Agent") is None
    assert field("E-mail") == "email"
    assert field("Email Verified") is None


# -- the table reader -----------------------------------------------------------------------------


def test_physical_lines_split_only_on_line_breaks() -> None:
    dec = decode_text("a,b\r\nc\u2028d,e\x0cf\rg\nh".encode())
    assert [(n, t) for n, _, t in physical_lines(dec)] == [(1, "a,b"), (2, "c\u2028d,e\x0cf"), (3, "g"), (4, "h")]
    assert [o for _, o, _ in physical_lines(dec)] == [0, 5, 15, 17]


def test_split_record() -> None:
    assert split_record('a,"b,c",d', ",") == (["a", "b,c", "d"], False)
    assert split_record('a,"b ""q"" c",d', ",") == (["a", 'b "q" c', "d"], False)
    assert split_record('a,5" screen,d', ",") == (["a", '5" screen', "d"], False)
    assert split_record('a,"open', ",") == (["a", "open"], True)


def test_sections_and_section_titles(tmp_path: Path) -> None:
    text = ("IP Logins\n"
            "IP Address,Time (UTC)\n"
            "192.0.2.1,2026-01-01 00:00:00\n"
            "\n"
            "Subscriber\n"
            "Name,Email\n"
            "Jordan Vale,jordan.vale@example.com\n")
    path = tmp_path / "s.csv"
    path.write_bytes(text.encode())
    tables = read_tables(document(path))
    assert [t.header for t in tables] == [["IP Address", "Time (UTC)"], ["Name", "Email"]]
    assert tables[1].section == "Subscriber"
    assert tables[1].rows[0].at.section == "Subscriber"


def test_label_like_data_rows_do_not_start_a_new_table(tmp_path: Path) -> None:
    text = "Name,City,Status\nJordan Vale,Springfield,Active\nAlex Moss,Shelbyville,Inactive\n"
    path = tmp_path / "s.csv"
    path.write_bytes(text.encode())
    tables = read_tables(document(path))
    assert len(tables) == 1 and len(tables[0].rows) == 2


def test_a_note_with_commas_above_the_header(tmp_path: Path) -> None:
    text = "All times are Eastern Time, unless stated\nIP Address,Time,Account\n192.0.2.1,2026-01-01 00:00:00,jv\n192.0.2.2,2026-01-02 00:00:00,jv\n"
    path = tmp_path / "s.csv"
    path.write_bytes(text.encode())
    tables = read_tables(document(path))
    assert tables[0].header == ["IP Address", "Time", "Account"]
    assert [n for _, n in tables[0].notes] == ["All times are Eastern Time unless stated"]


# -- 'label, value' subscriber tables -----------------------------------------------------------


def test_label_value_subscriber_table(tmp_path: Path) -> None:
    text = ("Subscriber Information\n"
            "Field,Value\n"
            "Subscriber Name,Jordan Vale\n"
            "Mobile Number,+1 202 555 0143\n"
            "Account Number,ACCT-000417\n"
            "Email,jordan.vale@example.com\n"
            'Billing Address,"100 Example Street, Springfield, VA 22150"\n'
            "Service Start (UTC),2023-05-01 10:00:00\n"
            "Plan,Unlimited\n")
    ex, rows = run(tmp_path, "sub.csv", text.encode())
    assert ex == "generic_table"
    (s,) = rows["subscribers"]
    assert (s["account"], s["name"], s["emails"], s["phones"], s["address"], s["created_utc"]) == (
        "ACCT-000417", "Jordan Vale", ["jordan.vale@example.com"], ["+12025550143"],
        "100 Example Street, Springfield, VA 22150", "2023-05-01T10:00:00.000000Z")
    assert json.loads(s["extra"]) == {"Plan": "Unlimited"}
    assert s["locator"] == "line 3; byte 35"


def test_label_value_table_needs_a_name_and_an_identifier(tmp_path: Path) -> None:
    path = tmp_path / "settings.csv"
    path.write_bytes(b"Setting,Value\nTheme,dark\nEmail,ops@example.com\nLanguage,en\n")
    assert GenericTable().identify(document(path)) is None


# -- bulk reading -------------------------------------------------------------------------------


def test_bulk_plan_gives_the_same_events(tmp_path: Path) -> None:
    import duckdb

    from pipeline.extraction import Extraction

    text = "All times are Pacific Time\r\n" + csv_text(table(["Username", "IP Address", "Login Time", "Activity"]))
    path = tmp_path / "log.csv"
    path.write_bytes(text.encode())
    doc = document(path)
    per_row = Extraction("r", [GenericTable()])
    per_row.process(doc, "m", "P")
    bulk = Extraction("r", [GenericTable()], work_dir=tmp_path / "work", bulk_min_bytes=0)
    result = bulk.process(doc, "m", "P")
    assert result.variant == "ip_events (read in bulk)"
    rel = duckdb.sql(f"SELECT account, ip, strftime(ts_utc AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') FROM read_parquet('{bulk.out.parts[0]['path']}')")
    assert set(rel.fetchall()) == {(r["account"], r["ip"], r["ts_utc"]) for r in per_row.out.rows["ip_events"]}


def test_no_bulk_plan_for_tables_the_bulk_reader_cannot_describe(tmp_path: Path) -> None:
    for name, text in (("two.csv", "Date,Time,IP Address\n2026-01-01,10:00:00,192.0.2.1\n"),
                       ("zone.csv", "IP,Time,Time Zone\n192.0.2.1,2026-01-01 10:00:00,EST\n"),
                       ("nohead.csv", "192.0.2.1,1772366400123\n192.0.2.2,1772366400999\n"),
                       # mixed line endings: DuckDB would silently read no rows
                       ("mixed.csv", "Note\nIP,Time\r\n192.0.2.1,2026-01-01 10:00:00\r\n")):
        path = tmp_path / name
        path.write_bytes(text.encode())
        doc = document(path)
        claim = GenericTable().identify(doc)
        assert claim is not None, name
        assert GenericTable().bulk_plan(doc, claim) is None, name
