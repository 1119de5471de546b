"""Kik extractors: the real package, and layouts that move (columns reordered, renamed,
added, removed; rows reversed; epoch milliseconds; the older headerless bind.txt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .kdtc_helpers import SAMPLES, codes, extract_zip, ip_key, read_csv, reorder, run, when, write_csv

POS = SAMPLES / "extractors" / "kik_logs" / "positive"
JID = "demo_kik0502_3fa@talk.kik.example.com"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pw = (SAMPLES / "passwords" / "KIK-2026-00912.txt").read_text(encoding="utf-8").split()[0].encode()
    return extract_zip(SAMPLES / "packages" / "KIK-2026-00912.zip", tmp_path_factory.mktemp("kik"), pw)


def test_package_members_are_claimed_and_give_the_truth(package: dict[str, Path]) -> None:
    truth = json.loads((SAMPLES / "truth" / "KIK-2026-00912.zip.json").read_text(encoding="utf-8"))
    got_ips = []
    subs = []
    for name, path in package.items():
        extractor, tables = run(path)
        assert extractor in ("kik_logs", "kik_subscriber_pdf", "kik_cover_letter"), name
        assert not codes(tables), (name, codes(tables))
        got_ips += tables.get("ip_events", [])
        subs += tables.get("subscribers", [])
    want = sorted(((e["account"], e["ip"], e["port"], when(e["utc"]), e["event"]) for e in truth["ip_events"]), key=repr)
    logs = sorted(((r["account"], r["ip"], r["port"], when(r["ts_utc"]), r["activity"])
                   for r in got_ips if r["activity"] in ("bind", "chat_sent")), key=repr)
    assert logs == want
    assert len(subs) == 1
    s, t = subs[0], truth["subscribers"][0]
    assert s["account"] == t["account_id"]
    assert t["username"] in s["account_ids"]
    assert s["name"] == t["name"]
    assert s["emails"] == t["emails"]
    assert when(s["created_utc"]) == when(t["created_utc"])
    assert s["registration_ip"] == t["registration_ip"]
    reg = [r for r in got_ips if r["activity"] == "registration"]
    assert [(r["ip"], when(r["ts_utc"])) for r in reg] == [(t["registration_ip"], when(t["created_utc"]))]


def _binds(tmp_path: Path, rows: list[list[str]], name: str = "binds.csv") -> tuple[str | None, dict]:
    return run(write_csv(tmp_path / name, rows))


def test_reordered_columns_read_the_same(tmp_path: Path) -> None:
    rows = read_csv(POS / "binds.csv")
    _, base = run(POS / "binds.csv")
    ex, tables = _binds(tmp_path, reorder(rows, [3, 4, 0, 2, 1]))
    assert ex == "kik_logs"
    assert sorted(map(ip_key, tables["ip_events"])) == sorted(map(ip_key, base["ip_events"]))
    assert not codes(tables)


def test_reversed_rows_read_the_same(tmp_path: Path) -> None:
    rows = read_csv(POS / "binds.csv")
    _, base = run(POS / "binds.csv")
    ex, tables = _binds(tmp_path, [rows[0]] + rows[1:][::-1])
    assert ex == "kik_logs"
    assert sorted(map(ip_key, tables["ip_events"])) == sorted(map(ip_key, base["ip_events"]))


def test_added_column_is_read_but_reported(tmp_path: Path) -> None:
    rows = read_csv(POS / "binds.csv")
    rows = [r + (["country"] if i == 0 else ["US"]) for i, r in enumerate(rows)]
    _, base = run(POS / "binds.csv")
    ex, tables = _binds(tmp_path, rows)
    assert ex == "kik_logs"
    assert "LAYOUT_CHANGED" in codes(tables)
    assert "country" in tables["run_files"][0]["layout_change"]
    assert sorted(map(ip_key, tables["ip_events"])) == sorted(map(ip_key, base["ip_events"]))
    assert all("layout_changed" in r["flags"] for r in tables["ip_events"])


def test_renamed_column_is_loud_and_not_read_by_kik(tmp_path: Path) -> None:
    rows = read_csv(POS / "binds.csv")
    rows[0] = ["user_jid", "ip_addr", "port", "ts", "device"]
    ex, tables = _binds(tmp_path, rows)
    assert ex != "kik_logs"
    assert "LAYOUT_CHANGED" in codes(tables)
    assert "'ip' -> 'ip_addr'" in tables["run_files"][0]["layout_change"]


def test_missing_time_column_is_loud(tmp_path: Path) -> None:
    rows = reorder(read_csv(POS / "binds.csv"), [0, 1, 2, 4])
    ex, tables = _binds(tmp_path, rows)
    assert ex != "kik_logs"
    assert "LAYOUT_CHANGED" in codes(tables)
    assert "missing 'ts'" in tables["run_files"][0]["layout_change"]


def test_missing_optional_device_column_is_read_with_a_warning(tmp_path: Path) -> None:
    rows = reorder(read_csv(POS / "binds.csv"), [0, 1, 2, 3])
    ex, tables = _binds(tmp_path, rows)
    assert ex == "kik_logs"
    assert "LAYOUT_COLUMN_ABSENT" in codes(tables)
    assert len(tables["ip_events"]) == 3


def test_epoch_milliseconds_are_read_as_utc(tmp_path: Path) -> None:
    ex, tables = run(POS / "binds-epoch-ms.csv")
    assert ex == "kik_logs"
    got = {r["ip"]: r["ts_utc"] for r in tables["ip_events"]}
    assert got == {"198.51.100.61": "2026-02-02T08:15:42.031000Z", "192.0.2.200": "2026-02-03T22:59:59.999000Z"}
    assert all(r["tz_source"] == "value" for r in tables["ip_events"])


def test_group_log_gives_each_ip_to_its_own_party() -> None:
    ex, tables = run(POS / "group_receive.csv")
    assert ex == "kik_logs"
    got = sorted((r["account"], r["ip"], r["activity"]) for r in tables["ip_events"])
    friend = "demo_friend_kik_7pm@talk.kik.example.com"
    assert got == sorted([(JID, "198.51.100.61", "group_receive (receiver)"),
                          (friend, "192.0.2.10", "group_receive (sender)"),
                          (friend, "192.0.2.10", "group_receive (sender)")])


def test_chat_log_is_named_by_its_file(tmp_path: Path) -> None:
    rows = [["user_jid", "friend_user_jid", "ip", "ts", "words"],
            [JID, "x_1@talk.kik.example.com", "192.0.2.1", "2026-01-01 00:00:00.000", "3"]]
    ex, tables = run(write_csv(tmp_path / "chat_sent_received.csv", rows))
    assert ex == "kik_logs"
    assert tables["ip_events"][0]["activity"] == "chat_sent_received"
    assert tables["ip_events"][0]["account"] == JID


def test_logs_without_ips_are_claimed_and_hold_no_records(tmp_path: Path) -> None:
    rows = [["user_jid", "block_user_jid", "ts"], [JID, "x_1@talk.kik.example.com", "2026-01-01 00:00:00"]]
    ex, tables = run(write_csv(tmp_path / "block_user.csv", rows))
    assert ex == "kik_logs"
    assert tables["run_files"][0]["status"] == "no_records"


def test_old_headerless_bind_txt_with_a_bad_line(tmp_path: Path) -> None:
    text = (POS / "bind.txt").read_text(encoding="utf-8") + "3\tdemo_kik0502_3fa\tnot-an-ip\t1\t2019-06-03 00:00:00\tandroid\n"
    p = tmp_path / "bind.txt"
    p.write_text(text, encoding="utf-8")
    ex, tables = run(p)
    assert ex == "kik_logs"
    assert len(tables["ip_events"]) == 2
    assert "ROW_NOT_READ" in codes(tables)


def test_a_log_whose_rows_are_not_bind_txt_is_loud(tmp_path: Path) -> None:
    p = tmp_path / "bind.txt"
    p.write_text("a\tb\tc\nd\te\tf\n", encoding="utf-8")
    ex, tables = run(p)
    assert ex != "kik_logs"
    assert "LAYOUT_CHANGED" in codes(tables)


def test_version_numbers_in_the_event_log_are_not_ips() -> None:
    pdf = SAMPLES / "extractors" / "kik_subscriber_pdf" / "positive" / "subscriber-data-demo_kik0502_3fa.pdf"
    ex, tables = run(pdf)
    assert ex == "kik_subscriber_pdf"
    assert [r["ip"] for r in tables["ip_events"]] == ["198.51.100.61"]
    assert "17.4.0.1" in json.loads(tables["subscribers"][0]["extra"])["CLIENT_VERSION"]


def test_subscriber_pdf_without_jid_uses_the_username() -> None:
    pdf = SAMPLES / "extractors" / "kik_subscriber_pdf" / "positive" / "subscriber-data-demo_kik0611_9zz.pdf"
    _, tables = run(pdf)
    s = tables["subscribers"][0]
    assert s["account"] == "demo_kik0611"
    assert s["name"] == "Rowan"
    assert s["created_utc"] == "2024-02-29T23:59:59.000000Z"
    assert s["locator_json"] and json.loads(s["locator_json"])["page"] == 1


def test_known_synonym_header_reads_without_a_change(tmp_path: Path) -> None:
    rows = read_csv(POS / "binds.csv")
    rows[0] = ["user_jid", "ip_address", "port", "timestamp", "device"]
    _, base = run(POS / "binds.csv")
    ex, tables = _binds(tmp_path, rows)
    assert ex == "kik_logs"
    assert sorted(map(ip_key, tables["ip_events"])) == sorted(map(ip_key, base["ip_events"]))
    assert not codes(tables)


def test_older_txt_logs_without_established_columns_are_claimed_and_left_unread(tmp_path: Path) -> None:
    p = tmp_path / "chat_sent.txt"
    p.write_text("1\tdemo_kik0502_3fa\tfriend_x\t198.51.100.61\tREDACTED\t2019-06-01 10:00:00\n", encoding="utf-8")
    ex, tables = run(p)
    assert ex == "kik_logs"
    assert "LAYOUT_NOT_READ" in codes(tables)
    assert not tables.get("ip_events")


def test_package_readme_is_read_as_a_cover_letter(package: dict[str, Path]) -> None:
    ex, tables = run(package["package/README.txt"])
    assert ex == "kik_cover_letter"
    facts = {f["kind"]: f["value"] for f in tables["document_facts"]}
    assert facts["request_reference"] == "KIK-2026-00912"
    assert facts["target"] == "vale_kik0417"
    assert "UTC" in facts["note"]
