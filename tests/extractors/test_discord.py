"""Discord extractors (assumed layouts): strict identification, and layouts that move."""

from __future__ import annotations

import json
from pathlib import Path

from .kdtc_helpers import SAMPLES, codes, ip_key, read_csv, reorder, run, write_csv

EX = SAMPLES / "extractors"
UID = "900000000000000417"


def test_account_json_reads_subscriber_and_ip_history() -> None:
    ex, tables = run(EX / "discord_account_json" / "positive" / "DISC-2026-004417_account.json")
    assert ex == "discord_account_json"
    s = tables["subscribers"][0]
    assert (s["account"], s["account_ids"], s["emails"], s["phones"]) == (
        UID, ["vale.discord"], ["jordan.vale.demo@example.com"], ["+12025550143"])
    assert s["created_utc"] == "2024-08-01T10:20:30.123000Z"
    got = sorted((r["ip"], r["ts_utc"], r["activity"], r["locator"]) for r in tables["ip_events"])
    assert ("198.51.100.23", "2024-08-01T10:20:30.123000Z", "registration", "line 15; path /user/registration_ip") in got
    assert ("203.0.113.77", "2026-01-07T21:55:00.000000Z", "login", "line 17; path /user/ip_history/0") in got
    assert len(got) == 4
    # raw is the exact JSON text of the record
    rec = next(r for r in tables["ip_events"] if r["ip"] == "203.0.113.77")
    assert json.loads(rec["raw_text"]) == {"ip": "203.0.113.77", "timestamp": "2026-01-07T21:55:00.000000+00:00", "event": "login"}


def test_account_json_keys_in_another_order_read_the_same(tmp_path: Path) -> None:
    src = EX / "discord_account_json" / "positive" / "DISC-2026-004417_account.json"
    obj = json.loads(src.read_text(encoding="utf-8"))
    obj["user"] = dict(reversed(list(obj["user"].items())))
    obj["user"]["ip_history"] = obj["user"]["ip_history"][::-1]
    p = tmp_path / src.name
    p.write_text(json.dumps(obj, indent=1), encoding="utf-8")
    _, base = run(src)
    ex, tables = run(p)
    assert ex == "discord_account_json"
    assert sorted(map(ip_key, tables["ip_events"])) == sorted(map(ip_key, base["ip_events"]))


def test_old_username_with_discriminator() -> None:
    ex, tables = run(EX / "discord_account_json" / "positive" / "discord-user.json")
    assert ex == "discord_account_json"
    assert tables["subscribers"][0]["account_ids"] == ["AveryQ#4821", "AveryQ"]
    # the data-package 'ip' has no time: kept as an IP with no time, never given one
    assert [(r["ip"], r["ts_raw"], r["ts_utc"]) for r in tables["ip_events"]] == [("192.0.2.150", None, None)]


def test_json_without_a_discord_marker_is_not_claimed(tmp_path: Path) -> None:
    src = EX / "discord_account_json" / "positive" / "discord-user.json"
    p = tmp_path / "user.json"
    p.write_bytes(src.read_bytes())
    ex, _ = run(p)
    assert ex != "discord_account_json"


def test_discord_json_without_a_user_id_is_loud(tmp_path: Path) -> None:
    p = tmp_path / "discord-user.json"
    p.write_text(json.dumps({"id": "abc", "username": "x", "discriminator": "0", "email": "x@example.com"}), encoding="utf-8")
    ex, tables = run(p)
    assert ex != "discord_account_json"
    assert "LAYOUT_CHANGED" in codes(tables)


def test_subscriber_text() -> None:
    ex, tables = run(EX / "discord_subscriber_text" / "positive" / "DISC-2026-004417_subscriber.txt")
    assert ex == "discord_subscriber_text"
    s = tables["subscribers"][0]
    assert s["account"] == UID and s["emails"] == ["jordan.vale.demo@example.com"]
    assert json.loads(s["extra"])["Email status"] == "verified"
    hist = sorted((r["ip"], r["ts_utc"], r["tz_source"]) for r in tables["ip_events"] if r["activity"] != "registration")
    assert hist == [("2001:db8:85a3::8a2e:370:7334", "2026-01-28T16:40:00.000000Z", "document"),
                    ("203.0.113.77", "2026-01-07T21:55:00.000000Z", "document")]


def test_subscriber_text_ip_shaped_lines_outside_an_ip_section_are_not_ips(tmp_path: Path) -> None:
    src = EX / "discord_subscriber_text" / "positive" / "Discord_Subscriber_Info.txt"
    p = tmp_path / src.name
    p.write_text(src.read_text(encoding="utf-8") + "\nCLIENT VERSIONS\n2026-01-01 00:00:00  17.4.0.1  desktop\n", encoding="utf-8")
    ex, tables = run(p)
    assert ex == "discord_subscriber_text"
    assert not tables.get("ip_events")


def test_ip_log_reordered_reversed_added_renamed(tmp_path: Path) -> None:
    src = EX / "discord_ip_log" / "positive" / "DISC-2026-004417_ip_log.csv"
    rows = read_csv(src)
    _, base = run(src)
    want = sorted(map(ip_key, base["ip_events"]))
    ex, t = run(write_csv(tmp_path / src.name, reorder(rows, [2, 4, 0, 3, 1])))
    assert ex == "discord_ip_log" and sorted(map(ip_key, t["ip_events"])) == want and not codes(t)
    ex, t = run(write_csv(tmp_path / src.name, [rows[0]] + rows[1:][::-1]))
    assert ex == "discord_ip_log" and sorted(map(ip_key, t["ip_events"])) == want
    ex, t = run(write_csv(tmp_path / src.name, [r + (["session_token_hash"] if i == 0 else ["ab12"]) for i, r in enumerate(rows)]))
    assert ex == "discord_ip_log" and sorted(map(ip_key, t["ip_events"])) == want
    assert "LAYOUT_CHANGED" in codes(t)
    renamed = [["user_id", "ip_addr", "timestamp", "activity", "country_code"]] + rows[1:]
    ex, t = run(write_csv(tmp_path / src.name, renamed))
    assert ex != "discord_ip_log" and "LAYOUT_CHANGED" in codes(t)


def test_ip_log_without_a_marker_is_not_claimed(tmp_path: Path) -> None:
    src = EX / "discord_ip_log" / "positive" / "DISC-2026-004417_ip_log.csv"
    ex, _ = run(write_csv(tmp_path / "ip_log.csv", read_csv(src)))
    assert ex != "discord_ip_log"
