"""Google extractors: the real sample package, and layouts that move under them.

Mutations (columns reordered / renamed / added, rows reversed, labels renamed or shuffled)
must either read the same records, or be reported as a changed layout (``LAYOUT_CHANGED``)
and handed to the generic readers - never read wrong.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import zipfile
from pathlib import Path
from typing import Any

import magic
import pytest

from extractors.base import Document
from extractors.google import (
    GoogleChangeHistory,
    GoogleIpActivity,
    GoogleNotice,
    GoogleSubscriberHtml,
    GoogleSubscriberText,
    _row_cells,
    lers_name,
)
from extractors.registry import all_extractors
from pipeline.extraction import Extraction

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "samples" / "packages" / "GGL-2026-0141.zip"
TRUTH = json.loads((REPO / "samples" / "truth" / "GGL-2026-0141.zip.json").read_text(encoding="utf-8"))
SAMPLES = REPO / "samples" / "extractors"
PREFIX = "jordan.vale.demo@example.com.999000000417"


def _doc(path: Path, name: str | None = None, media_type: str | None = None) -> Document:
    data = path.read_bytes()
    return Document(hashlib.sha256(data).hexdigest(), path, name or path.name,
                    media_type or magic.from_file(str(path), mime=True), len(data))


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name.replace("/", "_")
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def run(path: Path, name: str | None = None, media_type: str | None = None) -> tuple[Any, dict[str, list[dict]]]:
    ex = Extraction("t", all_extractors())
    result = ex.process(_doc(path, name, media_type), "m", "P")
    return result, ex.out.rows


def ip_view(rows: dict[str, list[dict]]) -> list[tuple]:
    """What an IP row says, without where it was printed."""
    return sorted((r["account"], r["ip"], r["ts_utc"], r["activity"], r["port"],
                   json.dumps({k: v for k, v in json.loads(r["extra"]).items()}, sort_keys=True))
                  for r in rows["ip_events"])


def codes(rows: dict[str, list[dict]]) -> list[str]:
    return [w["code"] for w in rows["warnings"]]


# -- the real sample package ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, dict[str, list[dict]]]]:
    """Every file of GGL-2026-0141.zip (inner zips opened) run through the registry, by display path."""
    root = tmp_path_factory.mktemp("ggl")
    out: dict[str, tuple[Any, dict[str, list[dict]]]] = {}

    def visit(zf: zipfile.ZipFile, prefix: str) -> None:
        for info in zf.infolist():
            if info.is_dir():
                continue
            data = zf.read(info)
            display = f"{prefix}/{info.filename}"
            if info.filename.endswith(".zip"):
                visit(zipfile.ZipFile(io.BytesIO(data)), display)
                continue
            p = root / hashlib.sha256(display.encode()).hexdigest()[:16]
            p.mkdir()
            f = p / info.filename.rsplit("/", 1)[-1]
            f.write_bytes(data)
            out[display] = run(f, display)

    visit(zipfile.ZipFile(PACKAGE), PACKAGE.name)
    return out


def _one(package: dict, suffix: str) -> tuple[Any, dict[str, list[dict]]]:
    hits = [v for k, v in package.items() if k.endswith(suffix)]
    assert len(hits) == 1, f"{suffix}: {sorted(package)}"
    return hits[0]


EXPECTED_EXTRACTOR = {
    f"Google Account/{PREFIX}.SubscriberInfo.html": "google_subscriber_html",
    f"Google Account/{PREFIX}.SubscriberInfo.txt": "google_subscriber_text",
    f"Google Account/{PREFIX}.IPActivity.csv": "google_ip_activity",
    f"Google Account/{PREFIX}.ChangeHistory.html": "google_change_history",
    f"{PREFIX}.GoogleAccount.SubscriberInfo.ExportSummary.txt": "google_notice",
    f"{PREFIX}.GoogleAccount.ChangeHistory.ExportSummary.txt": "google_notice",
    f"{PREFIX}.GooglePlayStore.Devices.ExportSummary.txt": "google_notice",
    "GooglePlayStore.Devices_001.zip/NoRecords.txt": "google_notice",
    "GGL-2026-0141_Hash_Values.txt": "hash_list",
    "GGL-2026-0141_Certificate_of_Authenticity.pdf": "certificate",
}


def test_every_member_is_claimed_by_the_right_extractor(package: dict) -> None:
    assert len(package) == len(EXPECTED_EXTRACTOR)
    for suffix, name in EXPECTED_EXTRACTOR.items():
        result, rows = _one(package, suffix)
        assert result.extractor == name, (suffix, result)
        assert result.status in ("extracted", "no_records", "facts_only"), (suffix, result)
        assert result.layout_change is None, (suffix, result.layout_change)
        assert not codes(rows), (suffix, rows["warnings"])


def _truth_ips() -> list[tuple]:
    return sorted((e["account"], e["ip"], e["utc"].replace("Z", ".000000Z"), e["event"]) for e in TRUTH["ip_events"])


@pytest.mark.parametrize("suffix", ["SubscriberInfo.html", "SubscriberInfo.txt", "IPActivity.csv"])
def test_ip_activity_matches_the_truth_in_every_form(package: dict, suffix: str) -> None:
    _result, rows = _one(package, f"{PREFIX}.{suffix}")
    activity = [r for r in rows["ip_events"] if r["activity"] != "registration"]
    got = sorted((r["account"], r["ip"], r["ts_utc"], r["activity"]) for r in activity)
    assert got == _truth_ips()
    for r in activity:
        truth = next(e for e in TRUTH["ip_events"] if e["ip"] == r["ip"] and e["utc"].replace("Z", ".000000Z") == r["ts_utc"])
        extra = json.loads(r["extra"])
        assert extra.get("Android ID") == truth["android_id"]
        if suffix != "SubscriberInfo.txt":  # the text twin prints no IDFV column
            assert extra.get("Apple IDFV") == truth["apple_idfv"]
        assert r["tz_source"] == "value" or (suffix == "IPActivity.csv" and r["tz_source"] in ("value", "document"))
    # the same events read from every form share their event keys
    keys = {r["event_key"] for r in activity}
    assert len(keys) == len(TRUTH["ip_events"])


def test_event_keys_agree_across_forms(package: dict) -> None:
    keysets = []
    for suffix in ("SubscriberInfo.html", "SubscriberInfo.txt", "IPActivity.csv"):
        _r, rows = _one(package, f"{PREFIX}.{suffix}")
        keysets.append({r["event_key"] for r in rows["ip_events"] if r["activity"] != "registration"})
    assert keysets[0] == keysets[1] == keysets[2]


@pytest.mark.parametrize("suffix", ["SubscriberInfo.html", "SubscriberInfo.txt"])
def test_subscriber_matches_the_truth(package: dict, suffix: str) -> None:
    _result, rows = _one(package, f"{PREFIX}.{suffix}")
    (sub,) = rows["subscribers"]
    truth = TRUTH["subscribers"][0]
    assert sub["account"] == truth["account_id"]
    assert sub["account_ids"] == truth["emails"]
    assert sub["name"] == truth["name"]
    assert set(truth["emails"]) | set(truth["recovery_emails"]) == set(sub["emails"])
    assert sub["phones"] == truth["phones"]
    assert sub["created_utc"] == truth["created_utc"].replace("Z", ".000000Z")
    assert sub["registration_ip"] == truth["registration_ip"]
    assert json.loads(sub["extra"])["Status"] == truth["status"]
    (reg,) = [r for r in rows["ip_events"] if r["activity"] == "registration"]
    assert (reg["ip"], reg["ts_utc"], reg["account"]) == (truth["registration_ip"], sub["created_utc"], truth["account_id"])


def test_change_history_matches_the_truth(package: dict) -> None:
    _result, rows = _one(package, f"{PREFIX}.ChangeHistory.html")
    got = sorted((r["ts_utc"], r["ip"], r["activity"], json.loads(r["extra"]).get("Old Value"),
                  json.loads(r["extra"]).get("New Value"), r["account"]) for r in rows["ip_events"])
    want = sorted((c["utc"].replace("Z", ".000000Z"), c["ip"], c["change"], c["old"], c["new"], "999000000417")
                  for c in TRUTH["account_changes"])
    assert got == want
    # every change is also an account_change fact, with its time
    facts = sorted((f["time_utc"], json.loads(f["extra"]).get("IP Address"), f["value"], json.loads(f["extra"]).get("Old Value"),
                    json.loads(f["extra"]).get("New Value"), json.loads(f["extra"])["account"])
                   for f in rows["document_facts"] if f["kind"] == "account_change")
    assert facts == want


def test_no_records_and_references(package: dict) -> None:
    facts = [f for _r, rows in package.values() for f in rows["document_facts"]]
    no_records = {f["value"] for f in facts if f["kind"] == "no_records"}
    assert no_records == set(TRUTH["no_records"])
    refs = {f["value"] for f in facts if f["kind"] == "request_reference"}
    assert refs == {TRUTH["provider_reference"]}
    for suffix in ("NoRecords.txt", "Devices.ExportSummary.txt"):
        result, rows = _one(package, suffix)
        assert result.records == 0 and not rows["ip_events"] and not rows["subscribers"]


def test_hash_list_and_certificate(package: dict) -> None:
    _r, rows = _one(package, "GGL-2026-0141_Hash_Values.txt")
    listed = {(f["value"].split(":")[0], json.loads(f["extra"])["file"], f["value"].split(":")[1])
              for f in rows["document_facts"]}
    want = {(algo, name, hexv) for algo, files in TRUTH["hashes"].items() for name, hexv in files.items()}
    assert listed == want
    _r, rows = _one(package, "Certificate_of_Authenticity.pdf")
    (cert,) = [f for f in rows["document_facts"] if f["kind"] == "certificate"]
    assert cert["value"] == "Casey Placeholder"
    extra = json.loads(cert["extra"])
    assert extra["date"] == "February 17, 2026"
    assert extra["custodian"] == "Google LLC"
    assert extra["title"] == "Custodian of Records"
    assert cert["locator"].startswith("page 1; bbox ")


# -- the IP activity CSV moved about --------------------------------------------------------------

HEADER = ["Timestamp (UTC)", "IP Address", "Activity Type", "Android ID", "Apple IDFV", "User Agent String"]
ROWS = [
    ["2025-12-03 14:05:12 UTC", "198.51.100.23", "Login", "", "", "Mozilla/5.0 (X11; Linux x86_64)"],
    ["2025-12-19 02:11:30 UTC", "2001:db8:4a1f:12::7", "Login", "", "0A1B2C3D-0000-4000-8000-000000000417", "GoogleApp/350.0"],
    ["2026-01-07 21:33:04 UTC", "203.0.113.77", "Logout", "3f0000000000a417", "", "com.google.android.gms/250000000"],
]
CSV_NAME = f"{PREFIX}.IPActivity.csv"


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, *rows])
    return buf.getvalue()


def _permute(header: list[str], rows: list[list[str]], order: list[int]) -> tuple[list[str], list[list[str]]]:
    return [header[i] for i in order], [[r[i] for i in order] for r in rows]


@pytest.fixture
def baseline(tmp_path: Path) -> list[tuple]:
    result, rows = run(_write(tmp_path, CSV_NAME, _csv(HEADER, ROWS)))
    assert result.extractor == "google_ip_activity" and not codes(rows)
    assert len(rows["ip_events"]) == 3
    return ip_view(rows)


def test_csv_columns_reordered(tmp_path: Path, baseline: list[tuple]) -> None:
    h, r = _permute(HEADER, ROWS, [5, 2, 0, 4, 1, 3])
    result, rows = run(_write(tmp_path, CSV_NAME, _csv(h, r)))
    assert result.extractor == "google_ip_activity" and not codes(rows)
    assert ip_view(rows) == baseline


def test_csv_rows_reversed(tmp_path: Path, baseline: list[tuple]) -> None:
    result, rows = run(_write(tmp_path, CSV_NAME, _csv(HEADER, ROWS[::-1])))
    assert result.extractor == "google_ip_activity"
    assert ip_view(rows) == baseline


def test_csv_columns_renamed_to_known_spellings(tmp_path: Path, baseline: list[tuple]) -> None:
    h = ["Time (UTC)", "IP", "Activity", "Android ID", "IDFV", "User Agent String"]
    result, rows = run(_write(tmp_path, CSV_NAME, _csv(h, ROWS)))
    assert result.extractor == "google_ip_activity" and not codes(rows)
    # the values are the same; the extra keys carry the headers as printed
    assert [(a, ip, t, act) for a, ip, t, act, *_ in ip_view(rows)] == [(a, ip, t, act) for a, ip, t, act, *_ in baseline]
    assert any("IDFV" in json.loads(r["extra"]) for r in rows["ip_events"])


def test_csv_column_added_is_read_and_reported(tmp_path: Path, baseline: list[tuple]) -> None:
    h = HEADER + ["Country"]
    r = [row + ["US"] for row in ROWS]
    result, rows = run(_write(tmp_path, CSV_NAME, _csv(h, r)))
    assert result.extractor == "google_ip_activity"
    assert "LAYOUT_CHANGED" in codes(rows) and "Country" in (result.layout_change or "")
    assert all("layout_changed" in r["flags"] for r in rows["ip_events"])
    assert all(json.loads(r["extra"])["Country"] == "US" for r in rows["ip_events"])
    assert [v[:4] for v in ip_view(rows)] == [v[:4] for v in baseline]


def test_csv_essential_column_renamed_goes_to_generic(tmp_path: Path) -> None:
    h = ["Timestamp (UTC)", "Client Address", "Activity Type", "Android ID", "Apple IDFV", "User Agent String"]
    result, rows = run(_write(tmp_path, CSV_NAME, _csv(h, ROWS)))
    assert "LAYOUT_CHANGED" in codes(rows)
    assert "google_ip_activity" in next(w["message"] for w in rows["warnings"] if w["code"] == "LAYOUT_CHANGED")
    assert result.extractor == "generic_table"
    assert sorted(r["ip"] for r in rows["ip_events"]) == sorted(["198.51.100.23", "2001:db8:4a1f:12::7", "203.0.113.77"])
    assert all("layout_changed" in r["flags"] for r in rows["ip_events"])


def test_csv_essential_column_missing_goes_to_generic(tmp_path: Path) -> None:
    h, r = _permute(HEADER, ROWS, [1, 2, 3, 4, 5])  # no timestamp
    result, rows = run(_write(tmp_path, CSV_NAME, _csv(h, r)))
    assert "LAYOUT_CHANGED" in codes(rows)
    assert result.extractor != "google_ip_activity"
    assert "Timestamp" in (result.layout_change or "")


def test_plain_login_csv_is_not_google(tmp_path: Path) -> None:
    h = ["Timestamp", "IP Address", "Activity Type", "User Agent"]
    r = [[x[0], x[1], x[2], x[5]] for x in ROWS]
    p = _write(tmp_path, "logins.csv", _csv(h, r))
    assert GoogleIpActivity().identify(_doc(p)) is None
    result, _rows = run(p)
    assert result.extractor == "generic_table"


def test_csv_android_columns_mark_google_without_the_file_name(tmp_path: Path, baseline: list[tuple]) -> None:
    result, rows = run(_write(tmp_path, "export.csv", _csv(HEADER, ROWS)))
    assert result.extractor == "google_ip_activity"
    assert all(r["account"] is None for r in rows["ip_events"])  # no account printed anywhere: none invented


def test_lers_names() -> None:
    doc = Document("0", Path("/dev/null"), f"GGL.zip/{PREFIX}.GooglePlayStore.Devices_001.zip/NoRecords.txt", "text/plain", 0)
    ln = lers_name(doc)
    assert ln is not None and (ln.email, ln.account_id, ln.category) == (
        "jordan.vale.demo@example.com", "999000000417", "GooglePlayStore.Devices")


# -- the subscriber sheet (text) moved about ----------------------------------------------------------

TEXT = [
    "GOOGLE SUBSCRIBER INFORMATION",
    "",
    "Google Account ID: 999000000417",
    "Name: Jordan Vale",
    "e-Mail: jordan.vale.demo@example.com",
    "Created on: 2024-06-02 15:21:09 Z",
    "Terms of Service IP: 198.51.100.23",
    "Status: Enabled",
    "Recovery e-Mail: jv.recovery@example.net",
    "Recovery SMS: +1 202-555-0143 [US]",
    "",
    "IP ACTIVITY",
    f"{'Timestamp':<24}{'IP Address':<40}{'Activity Type':<15}Android ID",
    f"{'2025-12-03 14:05:12 Z':<24}{'198.51.100.23':<40}Login",
    f"{'2026-01-07 21:33:04 Z':<24}{'203.0.113.77':<40}{'Login':<15}3f0000000000a417",
    f"{'2026-01-28 16:17:09 Z':<24}{'2001:db8:85a3::8a2e:370:7334':<40}{'Logout':<15}3f0000000000a417",
]
TXT_NAME = f"{PREFIX}.SubscriberInfo.txt"


def _sub_view(rows: dict[str, list[dict]]) -> tuple:
    (s,) = rows["subscribers"]
    return (s["account"], tuple(s["account_ids"]), s["name"], tuple(sorted(s["emails"])), tuple(s["phones"]),
            s["created_utc"], s["registration_ip"])


@pytest.fixture
def text_baseline(tmp_path: Path) -> tuple[tuple, list[tuple]]:
    result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(TEXT) + "\r\n"))
    assert result.extractor == "google_subscriber_text" and not codes(rows)
    assert len(rows["ip_events"]) == 4
    return _sub_view(rows), ip_view(rows)


def test_text_labels_shuffled(tmp_path: Path, text_baseline: tuple) -> None:
    labels = TEXT[2:10]
    random.Random(7).shuffle(labels)
    result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(TEXT[:2] + labels + TEXT[10:])))
    assert result.extractor == "google_subscriber_text" and not codes(rows)
    assert (_sub_view(rows), ip_view(rows)) == text_baseline


def test_text_table_rows_reversed(tmp_path: Path, text_baseline: tuple) -> None:
    result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(TEXT[:13] + TEXT[13:][::-1])))
    assert (_sub_view(rows), ip_view(rows)) == text_baseline


def test_text_labels_of_other_years(tmp_path: Path, text_baseline: tuple) -> None:
    older = [ln.replace("e-Mail:", "Email:").replace("Status:", "Account Status:").replace("IP ACTIVITY", "Account Activity")
             for ln in TEXT]
    result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(older)))
    assert result.extractor == "google_subscriber_text" and not codes(rows)
    assert _sub_view(rows) == text_baseline[0]
    assert [v[:5] for v in ip_view(rows)] == [v[:5] for v in text_baseline[1]]


def test_text_tab_separated_table(tmp_path: Path, text_baseline: tuple) -> None:
    table = ["Timestamp\tIP Address\tActivity Type\tAndroid ID",
             "2025-12-03 14:05:12 Z\t198.51.100.23\tLogin\t",
             "2026-01-07 21:33:04 Z\t203.0.113.77\tLogin\t3f0000000000a417",
             "2026-01-28 16:17:09 Z\t2001:db8:85a3::8a2e:370:7334\tLogout\t3f0000000000a417"]
    result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(TEXT[:12] + table)))
    assert result.extractor == "google_subscriber_text" and not codes(rows)
    assert ip_view(rows) == text_baseline[1]


def test_text_unknown_label_is_read_and_reported(tmp_path: Path, text_baseline: tuple) -> None:
    result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(TEXT[:8] + ["Passkey Enrolled: Yes"] + TEXT[8:])))
    assert result.extractor == "google_subscriber_text"
    assert "LAYOUT_CHANGED" in codes(rows) and "Passkey Enrolled" in result.layout_change
    assert _sub_view(rows) == text_baseline[0]
    assert json.loads(rows["subscribers"][0]["extra"])["Passkey Enrolled"] == "Yes"


def test_text_label_renamed_is_a_changed_layout(tmp_path: Path) -> None:
    renamed = [ln.replace("Terms of Service IP:", "Terms of Service IP Addr:") for ln in TEXT]
    result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(renamed)))
    assert "LAYOUT_CHANGED" in codes(rows)
    assert result.extractor != "google_subscriber_text"
    assert "renamed" in result.layout_change and "Terms of Service IP Addr" in result.layout_change


def test_text_table_column_renamed_is_a_changed_layout(tmp_path: Path) -> None:
    renamed = [ln.replace("IP Address  ", "Client Addr ") if ln.startswith("Timestamp") else ln for ln in TEXT]
    result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(renamed)))
    assert "LAYOUT_CHANGED" in codes(rows)
    assert result.extractor != "google_subscriber_text"


def test_fixed_width_values_as_wide_as_their_column() -> None:
    starts = [0, 24, 64, 80]
    line = f"{'2026-02-01 12:00:01 Z':<24}{'192.0.2.201':<40}{'Password Change':<16}3f0000000000b733"
    assert _row_cells(line, starts, False) == ["2026-02-01 12:00:01 Z", "192.0.2.201", "Password Change", "3f0000000000b733"]
    # one space only between two columns
    line = f"{'2026-02-01 12:00:01 Z':<24}{'192.0.2.201':<40}{'Password Changes':<16} 3f0000000000b733"
    assert _row_cells(line, [0, 24, 64, 81], False)[2:] == ["Password Changes", "3f0000000000b733"]


def test_tos_ip_printed_with_its_own_time(tmp_path: Path) -> None:
    lines = [ln.replace("Terms of Service IP: 198.51.100.23", "Terms of Service IP: 198.51.100.23, on 2014/05/09-11:42:48-UTC")
             for ln in TEXT]
    _result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(lines)))
    (reg,) = [r for r in rows["ip_events"] if r["activity"] == "registration"]
    assert reg["ip"] == "198.51.100.23"
    assert reg["ts_raw"] == "2014/05/09-11:42:48-UTC"  # as printed, never the Created on time
    assert "time_from" not in json.loads(reg["extra"])


# -- the subscriber sheet (HTML) moved about ------------------------------------------------------------


def _page(items: list[str], header: list[str], rows: list[list[str]]) -> str:
    li = "\n".join(f"<li>{x}</li>" for x in items)
    th = "".join(f"<th>{h}</th>" for h in header)
    trs = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (f"<html><head><title>{PREFIX}.SubscriberInfo</title></head><body><h1>GOOGLE SUBSCRIBER INFORMATION</h1>"
            f"<ul>{li}</ul><h2>IP ACTIVITY</h2><table><tr>{th}</tr>{trs}</table></body></html>")


HTML_ITEMS = TEXT[2:10]
HTML_HEADER = ["Timestamp", "IP Address", "Activity Type", "Android ID", "Apple IDFV", "User Agent(s)"]
HTML_ROWS = [[r[0].replace(" UTC", " Z"), *r[1:]] for r in ROWS]
HTML_NAME = f"{PREFIX}.SubscriberInfo.html"


@pytest.fixture
def html_baseline(tmp_path: Path) -> tuple[tuple, list[tuple]]:
    result, rows = run(_write(tmp_path, HTML_NAME, _page(HTML_ITEMS, HTML_HEADER, HTML_ROWS)))
    assert result.extractor == "google_subscriber_html" and not codes(rows)
    return _sub_view(rows), ip_view(rows)


def test_html_columns_reordered_and_items_shuffled(tmp_path: Path, html_baseline: tuple) -> None:
    h, r = _permute(HTML_HEADER, HTML_ROWS, [2, 5, 1, 0, 4, 3])
    items = list(HTML_ITEMS)
    random.Random(3).shuffle(items)
    result, rows = run(_write(tmp_path, HTML_NAME, _page(items, h, r[::-1])))
    assert result.extractor == "google_subscriber_html" and not codes(rows)
    assert (_sub_view(rows), ip_view(rows)) == html_baseline


def test_html_column_missing_is_a_changed_layout(tmp_path: Path) -> None:
    h, r = _permute(HTML_HEADER, HTML_ROWS, [0, 2, 3, 4, 5])  # no IP column
    result, rows = run(_write(tmp_path, HTML_NAME, _page(HTML_ITEMS, h, r)))
    assert "LAYOUT_CHANGED" in codes(rows)
    assert result.extractor != "google_subscriber_html"
    assert "IP Address" in result.layout_change


def test_html_without_google_markers_is_not_claimed(tmp_path: Path) -> None:
    page = "<html><body><ul><li>Name: A Person</li><li>Email: a@example.net</li></ul></body></html>"
    p = _write(tmp_path, "profile.html", page)
    assert GoogleSubscriberHtml().identify(_doc(p)) is None


def test_html_deeply_nested_page_is_read(tmp_path: Path) -> None:
    """Same-tag siblings at depth (the path index) must not recurse without end."""
    inner = _page(HTML_ITEMS, HTML_HEADER, HTML_ROWS)
    body = inner.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    nested = "<div><div>x</div><div>" * 30 + body + "</div></div>" * 30
    p = _write(tmp_path, HTML_NAME, f"<html><head><title>{PREFIX}.SubscriberInfo</title></head><body>{nested}</body></html>")
    result, rows = run(p)
    assert result.extractor == "google_subscriber_html"
    assert len(rows["ip_events"]) == 4


# -- change history moved about ----------------------------------------------------------------------------

CH_HEADER = ["Timestamp", "IP Address", "Change Type", "Old Value", "New Value"]
CH_ROWS = [
    ["2025-12-19 02:14:02 Z", "2001:db8:4a1f:12::7", "Recovery Phone Changed", "+1 202-555-0178", "+1 202-555-0143"],
    ["2026-01-15 09:05:10 Z", "192.0.2.44", "Password Changed", "", ""],
]
CH_NAME = f"{PREFIX}.ChangeHistory.csv"


def test_a_change_without_an_ip_is_kept_as_a_fact(tmp_path: Path) -> None:
    rows_ = CH_ROWS + [["2026-01-20 10:00:00 Z", "", "Recovery Email Verified", "", "jv.recovery@example.net"]]
    _r, rows = run(_write(tmp_path, CH_NAME, _csv(CH_HEADER, rows_)))
    assert len(rows["ip_events"]) == 2
    changes = {f["value"]: f for f in rows["document_facts"] if f["kind"] == "account_change"}
    assert set(changes) == {"Recovery Phone Changed", "Password Changed", "Recovery Email Verified"}
    assert changes["Recovery Email Verified"]["time_utc"] == "2026-01-20T10:00:00.000000Z"


def test_change_history_csv_variants(tmp_path: Path) -> None:
    r1, rows1 = run(_write(tmp_path, CH_NAME, _csv(CH_HEADER, CH_ROWS)))
    assert r1.extractor == "google_change_history" and not codes(rows1)
    h, r = _permute(["Timestamp (UTC)", "IP", "Change Type", "Old Value", "New Value"], CH_ROWS, [4, 3, 2, 1, 0])
    r2, rows2 = run(_write(tmp_path, "b_" + CH_NAME, _csv(h, r[::-1])))
    assert r2.extractor == "google_change_history" and not codes(rows2)
    assert ip_view(rows1) == ip_view(rows2)
    assert {r["account"] for r in rows1["ip_events"]} == {"999000000417"}


def test_change_history_without_old_value_is_a_changed_layout(tmp_path: Path) -> None:
    h, r = _permute(CH_HEADER, CH_ROWS, [0, 1, 2, 4])
    result, rows = run(_write(tmp_path, CH_NAME, _csv(h, r)))
    assert "LAYOUT_CHANGED" in codes(rows)
    assert result.extractor == "generic_table"


def test_change_history_is_not_ip_activity(tmp_path: Path) -> None:
    p = _write(tmp_path, CH_NAME, _csv(CH_HEADER, CH_ROWS))
    assert GoogleIpActivity().identify(_doc(p)) is None
    assert GoogleChangeHistory().identify(_doc(p)) is not None


# -- notices ------------------------------------------------------------------------------------------------


def test_notices_yield_no_records_only(tmp_path: Path) -> None:
    p = _write(tmp_path, "NoRecords.txt", "No records were found for this service and resource within the scope of the legal process.\r\n")
    result, rows = run(p, f"GGL.zip/{PREFIX}.Mail.MessageContent_001.zip/NoRecords.txt")
    assert result.extractor == "google_notice" and result.records == 0
    (fact,) = rows["document_facts"]
    assert (fact["kind"], fact["value"]) == ("no_records", "Mail.MessageContent")


def test_a_google_letter_is_not_a_subscriber_sheet(tmp_path: Path) -> None:
    letter = SAMPLES / "google_subscriber_text" / "negative" / "GGL-2026-0733_Cover_Letter.txt"
    assert GoogleSubscriberText().identify(_doc(letter)) is None
    result, rows = run(letter)
    assert result.extractor == "google_notice"
    assert not rows["subscribers"] and not rows["ip_events"]


def test_other_providers_letters_are_not_google(tmp_path: Path) -> None:
    letter = SAMPLES / "google_notice" / "negative" / "EXT-2026-0001_Cover_Letter.txt"
    assert GoogleNotice().identify(_doc(letter)) is None


def test_text_wrapped_values_and_labels_without_a_space(tmp_path: Path) -> None:
    lines = list(TEXT)
    lines[lines.index("Status: Enabled")] = "Status:Enabled"
    lines.insert(8, "Services: Gmail, Google Drive,")
    lines.insert(9, "    YouTube, Android")
    result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(lines)))
    assert result.extractor == "google_subscriber_text" and not codes(rows)
    extra = json.loads(rows["subscribers"][0]["extra"])
    assert extra["Services"] == "Gmail, Google Drive, YouTube, Android"
    assert extra["Status"] == "Enabled"


def test_two_accounts_in_one_sheet(tmp_path: Path) -> None:
    second = ["", "Google Account ID: 999000000418", "Name: Second Person", "e-Mail: second.person.demo@example.com",
              "Created on: 2025-01-01 00:00:00 Z", "Terms of Service IP: 192.0.2.10", "",
              "IP ACTIVITY", f"{'Timestamp':<24}{'IP Address':<40}{'Activity Type':<15}Android ID",
              f"{'2026-01-02 03:04:05 Z':<24}{'192.0.2.11':<40}Login"]
    _result, rows = run(_write(tmp_path, TXT_NAME, "\r\n".join(TEXT + second)))
    assert sorted(s["account"] for s in rows["subscribers"]) == ["999000000417", "999000000418"]
    by_ip = {r["ip"]: r["account"] for r in rows["ip_events"]}
    assert by_ip["192.0.2.11"] == by_ip["192.0.2.10"] == "999000000418"
    assert by_ip["203.0.113.77"] == "999000000417"


def test_html_label_rows_in_a_table(tmp_path: Path, html_baseline: tuple) -> None:
    """Labels printed as <th>Label</th><td>value</td> rows, the IP table header in bold cells."""
    labels = "".join(f"<tr><th>{x.split(':', 1)[0]}</th><td>{x.split(':', 1)[1].strip()}</td></tr>" for x in HTML_ITEMS)
    head = "".join(f"<td><b>{h}</b></td>" for h in HTML_HEADER)
    trs = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in HTML_ROWS)
    page = (f"<html><head><title>{PREFIX}.SubscriberInfo</title></head><body><h1>GOOGLE SUBSCRIBER INFORMATION</h1>"
            f"<table>{labels}</table><h2>IP ACTIVITY</h2><table><tr>{head}</tr>{trs}</table></body></html>")
    result, rows = run(_write(tmp_path, HTML_NAME, page))
    assert result.extractor == "google_subscriber_html" and not codes(rows)
    assert (_sub_view(rows), ip_view(rows)) == html_baseline


@pytest.mark.parametrize("form", ["text", "html"])
def test_an_empty_ip_section_says_no_records(tmp_path: Path, form: str) -> None:
    if form == "text":
        p = _write(tmp_path, TXT_NAME, "\r\n".join(TEXT[:12] + ["No records found."]))
    else:
        page = _page(HTML_ITEMS, HTML_HEADER, []).replace("<table>", "<p>No records found.</p><table>")
        p = _write(tmp_path, HTML_NAME, page)
    result, rows = run(p)
    assert result.extractor == f"google_subscriber_{form}" and not codes(rows)
    assert [r["activity"] for r in rows["ip_events"]] == ["registration"]
    (fact,) = [f for f in rows["document_facts"] if f["kind"] == "no_records"]
    assert fact["value"] == "IP ACTIVITY" and json.loads(fact["extra"])["statement"] == "No records found."


@pytest.mark.parametrize(("value", "want"), [
    ("198.51.100.23", ("198.51.100.23", None, None)),
    ("198.51.100.23, on 2014/05/09-11:42:48-UTC", ("198.51.100.23", "2014/05/09-11:42:48-UTC", None)),
    ("2001:db8::7 at 2020-01-01 10:00:00 UTC", ("2001:db8::7", "2020-01-01 10:00:00 UTC", None)),
    ("198.51.100.23 [US]", ("198.51.100.23", None, "[US]")),
    ("unknown", (None, None, None)),
])
def test_labelled_ip_values(value: str, want: tuple) -> None:
    from extractors.google import _ip_and_time

    assert _ip_and_time(value) == want


def test_html_value_printed_as_a_nested_list(tmp_path: Path) -> None:
    items = HTML_ITEMS + ["Services:<ul><li>Gmail</li><li>YouTube</li></ul>"]
    result, rows = run(_write(tmp_path, HTML_NAME, _page(items, HTML_HEADER, HTML_ROWS)))
    assert result.extractor == "google_subscriber_html" and not codes(rows)
    assert json.loads(rows["subscribers"][0]["extra"])["Services"] == "Gmail, YouTube"


def test_html_other_table_is_reported_not_fatal(tmp_path: Path, html_baseline: tuple) -> None:
    devices = ("<h2>DEVICES</h2><table><tr><th>Device</th><th>Model</th><th>Last Seen</th></tr>"
               "<tr><td>Phone</td><td>Pixel 9 (sample)</td><td>2026-01-28 16:17:09 Z</td></tr></table>")
    page = _page(HTML_ITEMS, HTML_HEADER, HTML_ROWS).replace("<h2>IP ACTIVITY</h2>", devices + "<h2>IP ACTIVITY</h2>")
    result, rows = run(_write(tmp_path, HTML_NAME, page))
    assert result.extractor == "google_subscriber_html"
    assert "LAYOUT_CHANGED" in codes(rows) and "TABLE_NOT_READ" in codes(rows)
    assert "Device, Model, Last Seen" in result.layout_change
    assert (_sub_view(rows), [v[:5] for v in ip_view(rows)]) == (html_baseline[0], [v[:5] for v in html_baseline[1]])
