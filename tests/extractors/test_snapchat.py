"""Snapchat CSVs: the real sample package (a zip nested in a zip), and the layout mutated
(sections reordered, columns reordered / added / renamed, rows reversed, encodings, no
legend): still read the same, or reported loudly as a changed layout."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

from extractors.registry import all_extractors
from extractors.snapchat import EXTRACTORS, read_sections
from extractors.base import decode_text
from pipeline.extraction import Extraction, choose
from pipeline.normalize import TimeContext, parse_timestamp, zone_from_text
from tests.golden import document

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "samples" / "packages" / "SNAP-2026-77104.zip"
TRUTH = json.loads((ROOT / "samples" / "truth" / "SNAP-2026-77104.zip.json").read_text(encoding="utf-8"))
SNAP = EXTRACTORS[0]
INNER = "vale_snaps0417-SNAP-2026-77104.zip"
FOLDER = "vale_snaps0417-SNAP-2026-77104"


@pytest.fixture(scope="module")
def members() -> dict[str, bytes]:
    """The CSVs of the inner zip, by their display path (outer zip / inner zip / member)."""
    out = {}
    with zipfile.ZipFile(PACKAGE) as outer:
        inner_bytes = outer.read(INNER)
    with zipfile.ZipFile(io.BytesIO(inner_bytes)) as inner:
        for name in inner.namelist():
            if not name.endswith("/"):
                out[f"SNAP-2026-77104.zip/{INNER}/{name}"] = inner.read(name)
    assert len(out) == 3
    return out


def run(tmp_path: Path, data: bytes, name: str, extractors: Any = None) -> tuple[Any, dict[str, list[dict]]]:
    path = tmp_path / name.rsplit("/", 1)[-1]
    path.write_bytes(data)
    ex = Extraction("t", extractors if extractors is not None else [SNAP])
    result = ex.process(document(path, name), "m", "P")
    return result, ex.out.rows


def ip_set(rows: dict[str, list[dict]]) -> set[tuple]:
    return {(r["ip"], r["port"], r["ts_utc"], r["activity"], r["account"]) for r in rows["ip_events"]}


def z(t: str) -> str:
    return t.replace("Z", ".000000Z")


def member(members: dict[str, bytes], base: str) -> tuple[str, bytes]:
    return next((k, v) for k, v in members.items() if k.endswith("/" + base))


# -- the real package ------------------------------------------------------------------------------


def test_every_member_is_claimed_by_snapchat(tmp_path: Path, members: dict[str, bytes]) -> None:
    assert sorted(k.split("/", 2)[2] for k in members) == TRUTH["files"]["inner"]
    for name, data in members.items():
        path = tmp_path / name.rsplit("/", 1)[-1]
        path.write_bytes(data)
        choice = choose(document(path, name), all_extractors())
        assert choice.extractor is not None and choice.extractor.name == "snapchat_csv", name
        assert choice.claim is not None and choice.claim.changed is None, (name, choice.claim)


def test_ip_data_gives_the_truth(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "ip_data.csv")
    result, rows = run(tmp_path, data, name)
    assert result.status == "extracted" and not rows["warnings"]
    want = {(e["ip"], e["port"], z(e["utc"]), e["event"], e["account"]) for e in TRUTH["ip_events"]}
    assert ip_set(rows) == want
    assert len(rows["ip_events"]) == len(TRUTH["ip_events"])
    # the account comes from the return folder's name (<username>-...), and says so
    assert all("account_from_folder_name" in r["flags"] for r in rows["ip_events"])
    assert sorted(json.loads(r["locator_json"])["line"] for r in rows["ip_events"]) == list(range(7, 12))


def test_subscriber_info_gives_the_truth(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "subscriber_info.csv")
    result, rows = run(tmp_path, data, name)
    assert result.status == "extracted" and not rows["warnings"]
    want = TRUTH["subscribers"][0]
    (sub,) = rows["subscribers"]
    assert sub["account"] == want["username"]
    assert sub["account_ids"] == [want["account_id"]]
    assert sub["name"] == want["display_name"]
    assert sub["emails"] == want["emails"]
    assert sub["created_utc"] == z(want["created_utc"])
    assert sub["registration_ip"] == want["registration_ip"]
    # printed without '+': kept as printed, never given a country the file does not state
    assert [p.lstrip("+") for p in want["phones"]] == sub["phones_raw"]
    assert json.loads(sub["extra"])["former_phone_number"] == want["former_phones"][0].lstrip("+")
    (reg,) = rows["ip_events"]
    assert (reg["ip"], reg["ts_utc"], reg["activity"], reg["account"]) == (
        want["registration_ip"], z(want["created_utc"]), "registration", want["username"])
    facts = rows["document_facts"]
    changes = [json.loads(f["extra"]) for f in facts if f["kind"] == "account_change"]
    got = {(c["action"], c["old_value"], c["new_value"], _utc(c["date"])) for c in changes}
    assert got == {(c["change"], c["old"], c["new"], z(c["utc"])) for c in TRUTH["account_changes"]}
    (details,) = [json.loads(f["extra"]) for f in facts if f["kind"] == "account_details"]
    # last_active is printed in Pacific time, as its legend line says
    zone = zone_from_text(details["last_active zone stated"])
    assert zone == "America/Los_Angeles"
    assert _utc(details["last_active"], zone) == z(want["last_active_utc"])


def _utc(raw: str, zone: str | None = None) -> str:
    t = parse_timestamp(raw, TimeContext(document_zone=zone))
    assert t.utc is not None, raw
    return t.utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_friends_list_is_read_without_records(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "friends_list.csv")
    result, rows = run(tmp_path, data, name)
    assert result.status == "facts_only" and not rows["warnings"]


# -- mutations ---------------------------------------------------------------------------------------


def sections_of(data: bytes) -> list[bytes]:
    """Split a sectioned file into its sections (legend + '=' + header + rows), on blank lines."""
    parts = [p for p in data.split(b"\r\n\r\n") if p.strip()]
    return [p if p.endswith(b"\r\n") else p + b"\r\n" for p in parts]


def test_sections_reordered(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "subscriber_info.csv")
    _, base = run(tmp_path, data, name)
    parts = sections_of(data)
    assert len(parts) == 3
    for order in ([2, 0, 1], [1, 2, 0]):
        result, rows = run(tmp_path, b"\r\n".join(parts[i] for i in order), name)
        assert result.status == "extracted" and not rows["warnings"]
        assert ip_set(rows) == ip_set(base)
        assert [s["emails"] for s in rows["subscribers"]] == [s["emails"] for s in base["subscribers"]]
        assert sorted(f["value"] for f in rows["document_facts"]) == sorted(f["value"] for f in base["document_facts"])


def _table(data: bytes) -> tuple[bytes, list[list[str]]]:
    text = data.decode("utf-8")
    legend_end = text.index("=\r\n") + 3
    import csv

    rows = list(csv.reader(io.StringIO(text[legend_end:])))
    return text[:legend_end].encode("utf-8"), [r for r in rows if r]


def _csv(prefix: bytes, rows: list[list[str]]) -> bytes:
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return prefix + buf.getvalue().encode("utf-8")


def test_columns_reordered_and_rows_reversed(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "ip_data.csv")
    _, base = run(tmp_path, data, name)
    prefix, rows = _table(data)
    order = list(range(len(rows[0])))
    random.Random(3).shuffle(order)
    shuffled = [[r[i] for i in order] for r in rows]
    mutated = _csv(prefix, [shuffled[0]] + list(reversed(shuffled[1:])))
    claim = SNAP.identify(_doc(tmp_path, mutated, name))
    assert claim is not None and claim.changed is None
    result, got = run(tmp_path, mutated, name)
    assert result.status == "extracted"
    assert ip_set(got) == ip_set(base)


def test_column_added_is_read_and_loud(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "ip_data.csv")
    _, base = run(tmp_path, data, name)
    prefix, rows = _table(data)
    mutated = _csv(prefix, [rows[0][:2] + ["browser_language"] + rows[0][2:]] + [r[:2] + ["nb-NO"] + r[2:] for r in rows[1:]])
    claim = SNAP.identify(_doc(tmp_path, mutated, name))
    assert claim is not None and claim.changed is not None
    assert claim.changed.added == ("browser_language",) and not claim.changed.missing and not claim.changed.renamed
    result, got = run(tmp_path, mutated, name, extractors=all_extractors())
    assert result.extractor == "snapchat_csv"
    assert any(w["code"] == "LAYOUT_CHANGED" for w in got["warnings"])
    assert ip_set(got) == ip_set(base)
    assert all("layout_changed" in r["flags"] and json.loads(r["extra"])["browser_language"] == "nb-NO" for r in got["ip_events"])


def test_ip_column_renamed_is_loud_and_not_read_by_snapchat(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "ip_data.csv")
    prefix, rows = _table(data)
    mutated = _csv(prefix, [[("ip_adress" if h == "ip" else h) for h in rows[0]]] + rows[1:])
    claim = SNAP.identify(_doc(tmp_path, mutated, name))
    assert claim is not None and claim.changed is not None
    assert ("ip", "ip_adress") in claim.changed.renamed
    result, got = run(tmp_path, mutated, name, extractors=all_extractors())
    assert result.extractor != "snapchat_csv"
    assert any(w["code"] == "LAYOUT_CHANGED" for w in got["warnings"])


def test_account_column_renamed_is_loud(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "subscriber_info.csv")
    mutated = data.replace(b"username,user_id,created", b"user_handle,user_id,created", 1)
    claim = SNAP.identify(_doc(tmp_path, mutated, name))
    assert claim is not None and claim.changed is not None
    assert claim.changed.missing or claim.changed.renamed


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "lf"])
def test_encodings_and_line_endings(tmp_path: Path, members: dict[str, bytes], encoding: str) -> None:
    name, data = member(members, "ip_data.csv")
    _, base = run(tmp_path, data, name)
    text = data.decode("utf-8")
    mutated = text.replace("\r\n", "\n").encode("utf-8") if encoding == "lf" else text.encode(encoding)
    result, got = run(tmp_path, mutated, name)
    assert result.status == "extracted"
    assert ip_set(got) == ip_set(base)


def test_plain_csv_without_legend_is_read_when_named_like_snap(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "ip_data.csv")
    _, base = run(tmp_path, data, name)
    _, rows = _table(data)
    plain = _csv(b"", rows)
    result, got = run(tmp_path, plain, name)
    assert result.status == "extracted"
    assert ip_set(got) == ip_set(base)
    # the same table under another name is not Snapchat's
    assert SNAP.identify(_doc(tmp_path, plain, "export/logins.csv")) is None


def test_a_row_with_a_stray_delimiter_is_a_warning_not_wrong_data(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "ip_data.csv")
    mutated = data.replace(b"203.0.113.77,login,NO", b"203.0.113.77,login,NO,extra", 1)
    result, got = run(tmp_path, mutated, name)
    assert any(w["code"] == "ROW_SHAPE" for w in got["warnings"])
    assert "203.0.113.77" not in {r["ip"] for r in got["ip_events"]}
    assert len(got["ip_events"]) == 4


def test_legend_zone_reaches_times_without_a_zone(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "ip_data.csv")
    mutated = data.replace(b" UTC,", b",")
    _, base = run(tmp_path, data, name)
    result, got = run(tmp_path, mutated, name)
    assert ip_set(got) == ip_set(base)
    assert {r["tz_source"] for r in got["ip_events"]} == {"document"}


def test_reader_sections(members: dict[str, bytes]) -> None:
    _, data = member(members, "subscriber_info.csv")
    snap = read_sections(decode_text(data))
    assert [s.title for s in snap.sections] == ["Subscriber Information", "Account Details", "Account Change History"]
    assert [len(s.rows) for s in snap.sections] == [1, 1, 2]
    assert snap.separators == 3


def test_near_misses_are_not_claimed(tmp_path: Path) -> None:
    neg = ROOT / "samples" / "extractors" / "snapchat_csv" / "negative"
    for p in neg.iterdir():
        assert SNAP.identify(document(p)) is None, p.name


def _doc(tmp_path: Path, data: bytes, name: str) -> Any:
    path = tmp_path / ("id_" + name.rsplit("/", 1)[-1])
    path.write_bytes(data)
    return document(path, name)


def test_whole_file_without_responsive_data(tmp_path: Path) -> None:
    data = b'"Snap Inc. - Law Enforcement Records Production"\r\nNO RESPONSIVE DATA FOUND\r\n'
    name = f"SNAP-2026-77104.zip/{INNER}/{FOLDER}/ip_data.csv"
    claim = SNAP.identify(_doc(tmp_path, data, name))
    assert claim is not None and claim.variant == "ip_data/no-data"
    result, rows = run(tmp_path, data, name)
    assert result.status == "no_records"
    assert [f["kind"] for f in rows["document_facts"]].count("no_records") == 1


def test_section_without_rows_says_so(tmp_path: Path, members: dict[str, bytes]) -> None:
    name, data = member(members, "ip_data.csv")
    prefix, rows = _table(data)
    mutated = prefix + b"timestamp,ip,type,country,asn\r\nNO RESPONSIVE DATA FOUND\r\n"
    result, got = run(tmp_path, mutated, name)
    assert result.status == "no_records" and not got["ip_events"]
    assert [f["value"] for f in got["document_facts"] if f["kind"] == "no_records"] == ["IP Data"]
