"""Scorecard cases: hostile tables — huge cells, encodings, ragged rows, control characters,
hostile JSON, hostile XLSX (formulas, external links, macros, entity bombs) and HTML.

Every case builds its input in the test, ingests it with the real CLI (subprocess, memory and
CPU limits, network namespace where available) and checks the standard safety properties plus
what was read and what was warned about.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ..conftest import FIXED_TIME
from .checks import Workspace, assert_safe, case, workspace

HEADER = "Account,IP Address,Port,Timestamp\r\n"
ROWS = ["user1,192.0.2.1,443,2026-05-01 10:00:00 UTC", "user2,192.0.2.2,8080,2026-05-01 11:00:00 UTC",
        "José,192.0.2.3,53,2026-05-01 12:00:00 UTC"]
EXPECTED = [("José", "192.0.2.3", 53), ("user1", "192.0.2.1", 443), ("user2", "192.0.2.2", 8080)]


def ingest(ws: Workspace, path: Path, *extra: str) -> object:
    before = ws.outside()
    res = ws.returns("ingest", path, *extra)
    assert_safe(ws, res, exit_code=0, stored=[path], outside_before=before)
    return res


def warnings(ws: Workspace) -> list[tuple[str, str | None]]:
    return ws.rows("SELECT code, locator FROM warnings ORDER BY code, locator")


def codes(ws: Workspace) -> set[str]:
    return {c for c, _ in warnings(ws)}


def ip_rows(ws: Workspace) -> list[tuple]:
    return ws.rows("SELECT account, ip, port FROM latest_ip_events ORDER BY account, ip")


def status(ws: Workspace, name: str) -> str:
    (s,), = ws.rows("SELECT status FROM package_files WHERE name = ?", [name])
    return s


@case("SC-TAB-001", "CSV with a 5 MB single cell (an 'Account' value) between normal IP-event rows",
      "no crash; LONG_CELL warning naming the row; the other rows read as IP events")
def test_huge_cell(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    p = ws.inbox / "huge.csv"
    big = "A" * (5 * 2**20)
    p.write_text(HEADER + ROWS[0] + "\r\n" + f"{big},192.0.2.9,1,2026-05-01 10:30:00 UTC\r\n" + ROWS[1] + "\r\n",
                 encoding="utf-8")
    ingest(ws, p)
    assert "LONG_CELL" in codes(ws), warnings(ws)
    got = {(a, ip, port) for a, ip, port in ip_rows(ws) if len(a or "") < 100}
    assert {("user1", "192.0.2.1", 443), ("user2", "192.0.2.2", 8080)} <= got


def _same_records(tmp_path: Path, data: bytes, name: str) -> Workspace:
    ws = workspace(tmp_path)
    p = ws.inbox / name
    p.write_bytes(data)
    ingest(ws, p)
    assert ip_rows(ws) == EXPECTED, ip_rows(ws)
    return ws


TEXT = HEADER + "".join(r + "\r\n" for r in ROWS)


@case("SC-TAB-002", "the same IP-event CSV in UTF-16 LE with a BOM",
      "read like the UTF-8 file: the same three records (José intact), no ENCODING_GUESSED")
def test_utf16le_bom(tmp_path: Path) -> None:
    ws = _same_records(tmp_path, b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf16.csv")
    assert "ENCODING_GUESSED" not in codes(ws)


@case("SC-TAB-003", "the same IP-event CSV in UTF-8 with a BOM",
      "the BOM is not part of the first header ('Account' still found): the same three records")
def test_utf8_bom(tmp_path: Path) -> None:
    ws = _same_records(tmp_path, b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf8bom.csv")
    assert "ENCODING_GUESSED" not in codes(ws)


@case("SC-TAB-004", "the same IP-event CSV in Windows-1252 (é in 'José' is the single byte 0xE9)",
      "read with the é decoded; ENCODING_GUESSED warning says it was a guess")
def test_cp1252(tmp_path: Path) -> None:
    ws = _same_records(tmp_path, TEXT.encode("cp1252"), "cp1252.csv")
    assert "ENCODING_GUESSED" in codes(ws)


@case("SC-TAB-005", "CSV with ragged rows: line 3 has one cell too many, line 4 one cell too few",
      "no crash; each ragged row reported (RAGGED_ROW, and ROW_NOT_READ when its IP cannot be placed) with its line "
      "number in warnings.locator; a kept ragged record flagged ragged_row; the good rows read")
def test_ragged_rows(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    p = ws.inbox / "ragged.csv"
    lines = [HEADER.strip(), ROWS[0],
             "user3,192.0.2.4,443,2026-05-01 12:30:00 UTC,EXTRA",   # line 3: one cell too many
             "user4,192.0.2.5,2026-05-01 13:00:00 UTC",              # line 4: one cell missing
             ROWS[1]]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest(ws, p)
    w = warnings(ws)
    ragged = {loc.split(";")[0] for c, loc in w if c == "RAGGED_ROW"}
    assert ragged == {"line 3", "line 4"}, w
    got = ip_rows(ws)
    assert ("user1", "192.0.2.1", 443) in got and ("user2", "192.0.2.2", 8080) in got
    kept = ws.rows("SELECT flags FROM latest_ip_events WHERE account = 'user4'")
    assert all("ragged_row" in f for f, in kept), kept
    # the row whose cells cannot be placed is not read, and that is said
    assert not ws.rows("SELECT 1 FROM latest_ip_events WHERE account = 'user3' AND ip IS NOT NULL AND port = 443") \
        or ("ROW_NOT_READ", "line 3; byte 78") in w


@case("SC-TAB-015", "a comma CSV with one data line written with ';' as the delimiter "
      "(user5;192.0.2.6;443;2026-05-01 13:30:00 UTC) between good rows",
      "the line is not silently dropped: it is either read or reported as a warning (RAGGED_ROW / ROW_NOT_READ / "
      "ROW_REJECTED) with its line number")
@case("SC-TAB-006", "CSV values holding a NUL byte, an ANSI escape (ESC[31m) and a right-to-left override (U+202E)",
      "values kept raw in raw_text; CONTROL_CHARACTERS warning / control_characters flag; `returns warnings` and "
      "`returns files` print no raw ESC, NUL or U+202E to the terminal")
def test_control_characters(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    p = ws.inbox / "controls.csv"
    rows = ["ev\x00il,192.0.2.1,443,2026-05-01 10:00:00 UTC",
            "\x1b[31mred\x1b[0m,192.0.2.2,443,2026-05-01 10:00:01 UTC",
            "abc\u202etxt.exe,192.0.2.3,443,2026-05-01 10:00:02 UTC"]
    p.write_text(HEADER + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    ingest(ws, p)
    raws = {ip: (raw, flags) for ip, raw, flags in ws.rows("SELECT ip, raw_text, flags FROM latest_ip_events")}
    assert "\x00" in raws["192.0.2.1"][0] and "\x1b[31m" in raws["192.0.2.2"][0] and "\u202e" in raws["192.0.2.3"][0], raws
    assert all("control_characters" in f for _, f in raws.values()), raws
    assert "CONTROL_CHARACTERS" in codes(ws)
    for cmd in (("warnings",), ("files",)):
        out = ws.returns(*cmd)
        assert out.returncode == 0, out.output
        out.assert_clean()
        for ch in ("\x1b", "\x00", "\u202e"):
            assert ch not in out.stdout, (cmd, ch, out.stdout[:2000])


def _json_case(tmp_path: Path, name: str, text: str) -> Workspace:
    ws = workspace(tmp_path)
    p = ws.inbox / name
    p.write_text(text, encoding="utf-8")
    ingest(ws, p)
    return ws


@case("SC-TAB-007", "JSON object with the key 'ip' repeated (first 192.0.2.1, then 198.51.100.1)",
      "DUPLICATE_KEY warning; the first value is used, never silently the last")
def test_json_duplicate_key(tmp_path: Path) -> None:
    ws = _json_case(tmp_path, "dup.json", '{"logins": [{"user_id": "u1", "ip": "192.0.2.1", "ip": "198.51.100.1", '
                                           '"timestamp": "2026-05-01T10:00:00Z"}]}')
    assert "DUPLICATE_KEY" in codes(ws), warnings(ws)
    assert [r[1] for r in ip_rows(ws)] == ["192.0.2.1"]


@case("SC-TAB-008", "JSON with NaN and Infinity as values (port NaN, a time Infinity)",
      "NOT_A_NUMBER warning; no NaN stored as a port or time; no crash")
def test_json_nan(tmp_path: Path) -> None:
    ws = _json_case(tmp_path, "nan.json", '[{"user_id": "u1", "ip": "192.0.2.1", "port": NaN, '
                                          '"timestamp": "2026-05-01T10:00:00Z"}, {"user_id": "u2", "ip": "192.0.2.2", '
                                          '"port": 443, "timestamp": Infinity}]')
    assert "NOT_A_NUMBER" in codes(ws), warnings(ws)
    got = ws.rows("SELECT ip, port, ts_utc FROM latest_ip_events ORDER BY ip")
    assert got and got[0][0] == "192.0.2.1" and got[0][1] is None, got


@case("SC-TAB-009", "JSON nested 200 levels deep ({\"a\": {\"a\": ... }}) around an IP event, and a sibling event at depth 2",
      "DEEP_NESTING warning; no RecursionError or traceback; the shallow event read")
def test_json_deep_nesting(tmp_path: Path) -> None:
    deep = '{"a": ' * 200 + '{"user_id": "deep", "ip": "192.0.2.9", "timestamp": "2026-05-01T10:00:00Z"}' + "}" * 200
    ws = _json_case(tmp_path, "deep.json", '{"logins": [{"user_id": "u1", "ip": "192.0.2.1", '
                                           '"timestamp": "2026-05-01T10:00:00Z"}], "x": ' + deep + "}")
    assert "DEEP_NESTING" in codes(ws), warnings(ws)
    assert ("u1", "192.0.2.1", None) in ip_rows(ws)


def _workbook(extra: dict[str, bytes] | None = None, *, formula: bool = False) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    sh = wb.active
    sh.append(["Account", "IP Address", "Port", "Timestamp (UTC)"])
    sh.append(["user1", "192.0.2.1", 443, "2026-05-01 10:00:00"])
    sh.append(["user2", "192.0.2.2", 8080, "2026-05-01 11:00:00"])
    if formula:
        sh["C3"] = "=1+1"  # no cached value: openpyxl writes none
    buf = io.BytesIO()
    wb.save(buf)
    if not extra:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in extra:
                data = extra.pop(info.filename)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_TIME), data)
        for name, data in extra.items():
            dst.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), data)
    return out.getvalue()


SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _sheet(cells_row3_port: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}<worksheet {SHEET_NS}><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Account</t></is></c><c r="B1" t="inlineStr"><is><t>IP Address</t></is></c>'
            '<c r="C1" t="inlineStr"><is><t>Port</t></is></c><c r="D1" t="inlineStr"><is><t>Timestamp (UTC)</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>user1</t></is></c><c r="B2" t="inlineStr"><is><t>192.0.2.1</t></is></c>'
            '<c r="C2"><v>443</v></c><c r="D2" t="inlineStr"><is><t>2026-05-01 10:00:00</t></is></c></row>'
            f'<row r="3"><c r="A3" t="inlineStr"><is><t>user2</t></is></c><c r="B3" t="inlineStr"><is><t>192.0.2.2</t></is></c>'
            f'{cells_row3_port}<c r="D3" t="inlineStr"><is><t>2026-05-01 11:00:00</t></is></c></row>'
            '</sheetData></worksheet>').encode()


@case("SC-TAB-010", "XLSX whose port cell is a formula =WEBSERVICE(\"http://203.0.113.9/\")+1 with cached value 8080",
      "the cached value (8080) is used; the formula is never evaluated (no network, no crash)")
def test_xlsx_formula(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    p = ws.inbox / "formula.xlsx"
    sheet = _sheet('<c r="C3"><f>WEBSERVICE("http://203.0.113.9/")+1</f><v>8080</v></c>')
    p.write_bytes(_workbook({"xl/worksheets/sheet1.xml": sheet}))
    ingest(ws, p)
    assert ip_rows(ws) == [("user1", "192.0.2.1", 443), ("user2", "192.0.2.2", 8080)], ip_rows(ws)


EXT_LINK = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><externalLink '
            b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></externalLink>')
EXT_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
            b'Target="http://203.0.113.9/book.xlsx" TargetMode="External"/></Relationships>')


@case("SC-TAB-011", "XLSX with an external-link part pointing at http://203.0.113.9/book.xlsx and a cell formula "
      "referring to it ([1]Sheet1!A1, cached 8080)",
      "the link is never followed; cached values read; stored, no traceback")
def test_xlsx_external_link(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    p = ws.inbox / "extlink.xlsx"
    sheet = _sheet('<c r="C3"><f>[1]Sheet1!A1</f><v>8080</v></c>')
    p.write_bytes(_workbook({"xl/worksheets/sheet1.xml": sheet, "xl/externalLinks/externalLink1.xml": EXT_LINK,
                             "xl/externalLinks/_rels/externalLink1.xml.rels": EXT_RELS}))
    ingest(ws, p)
    assert ip_rows(ws) == [("user1", "192.0.2.1", 443), ("user2", "192.0.2.2", 8080)], ip_rows(ws)


@case("SC-TAB-012", "an .xlsm workbook with an xl/vbaProject.bin part (a macro project)",
      "stored by hash (macros never executed); the sheet's rows read or the file listed; no traceback")
def test_xlsm_macros(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    p = ws.inbox / "macros.xlsm"
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Attribute VB_Name = \"Module1\"\nSub Auto_Open()\nShell \"calc\"\nEnd Sub\n"
    p.write_bytes(_workbook({"xl/vbaProject.bin": vba}))
    ingest(ws, p)
    assert status(ws, "macros.xlsm") in ("extracted", "unidentified"), ws.rows("SELECT name, status, reason FROM package_files")


BOMB = ('<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
        + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">' for i in range(1, 10))
        + "]>")


@case("SC-TAB-013", "XLSX whose sheet1.xml starts with a billion-laughs DOCTYPE (9 levels of 10x entity expansion) "
      "and uses &lol9; in a cell",
      "stays within the 3 GiB memory limit and finishes; the file stored; either unread with a warning or read "
      "without expanding the entity; no traceback")
def test_xlsx_entity_bomb(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    p = ws.inbox / "bomb.xlsx"
    sheet = _sheet('<c r="C3" t="inlineStr"><is><t>&lol9;</t></is></c>', doctype=BOMB)
    p.write_bytes(_workbook({"xl/worksheets/sheet1.xml": sheet}))
    ingest(ws, p)
    st = status(ws, "bomb.xlsx")
    if st == "extracted":
        longest = ws.rows("SELECT max(length(raw_text)) FROM latest_ip_events")[0][0] or 0
        assert longest < 10_000, "the entity was expanded"
    else:
        assert st in ("extraction_failed", "unidentified"), (st, warnings(ws))


@case("SC-TAB-016", "the billion-laughs XLSX of SC-TAB-013 (a real workbook with an IP-event sheet whose XML declares "
      "entities)", "the file is not read, and a warning says why (the workbook's XML declares entities / could not "
      "be parsed), not just 'no extractor recognises this layout'")
@case("SC-TAB-014", "HTML return with a <script> that would fetch a URL and a remote <img src=\"http://203.0.113.9/x.png\">, "
      "around an IP-event table",
      "stored; nothing fetched or executed (the run has no network); no traceback; the script text is not a record")
def test_html_script_and_remote_image(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    p = ws.inbox / "return.html"
    p.write_text('<!DOCTYPE html><html><head><script>fetch("http://203.0.113.9/beacon");document.write("x")</script>'
                 '</head><body><img src="http://203.0.113.9/x.png"><table><tr><th>Account</th><th>IP Address</th>'
                 '<th>Port</th><th>Timestamp</th></tr><tr><td>user1</td><td>192.0.2.1</td><td>443</td>'
                 '<td>2026-05-01 10:00:00 UTC</td></tr></table></body></html>', encoding="utf-8")
    ingest(ws, p)
    assert status(ws, "return.html") in ("extracted", "unidentified")  # the generic path does not read HTML tables
    assert not ws.rows("SELECT 1 FROM latest_ip_events WHERE raw_text ILIKE '%beacon%'")
