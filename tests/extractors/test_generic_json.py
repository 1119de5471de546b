"""The generic JSON extractor: mutations (keys renamed, reordered, added; arrays reversed),
JSON lines, duplicate keys, NaN, deep nesting, huge files, hostile strings, and pointers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import extractors.generic_json as gj
from extractors.generic_json import GenericJson, JsonError, parse_json, pointer
from tests.golden import document, golden_rows

LOGINS = [
    {"ip": "203.0.113.24", "timestamp": "2026-03-01T08:15:02Z", "event": "login"},
    {"ip": "198.51.100.7", "timestamp": "2026-03-02T07:03:10Z", "event": "logout"},
    {"ip": "2001:db8:4a::17", "timestamp": "2026-03-03T12:00:00Z", "event": "login"},
]
WANT = {
    ("acct-9", "203.0.113.24", "2026-03-01T08:15:02.000000Z"),
    ("acct-9", "198.51.100.7", "2026-03-02T07:03:10.000000Z"),
    ("acct-9", "2001:db8:4a::17", "2026-03-03T12:00:00.000000Z"),
}


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


def rename(objs: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    return [{names.get(k, k): v for k, v in o.items()} for o in objs]


def doc(logins: list[dict[str, Any]]) -> bytes:
    return json.dumps({"account": {"user_id": "acct-9", "logins": logins}}, indent=2).encode()


def test_nested_export(tmp_path: Path) -> None:
    ex, rows = run(tmp_path, "e.json", doc(LOGINS))
    assert ex == "generic_json"
    assert events(rows) == WANT
    assert sorted(json.loads(r["locator_json"])["path"] for r in rows["ip_events"]) == \
        ["/account/logins/0", "/account/logins/1", "/account/logins/2"]
    assert all("account_from_parent" in r["flags"] for r in rows["ip_events"])


@pytest.mark.parametrize("names", [
    {"ip": "ipAddress", "timestamp": "loginTime"},
    {"ip": "client_ip", "timestamp": "created_time"},
    {"ip": "remote_addr", "timestamp": "@timestamp", "event": "action"},
    {"ip": "IPv4/IPv6", "timestamp": "Time (UTC)"},
    {"ip": "source_ip", "timestamp": "event_time", "event": "activity_type"},
])
def test_renamed_keys(tmp_path: Path, names: dict[str, str]) -> None:
    ex, rows = run(tmp_path, "e.json", doc(rename(LOGINS, names)))
    assert ex == "generic_json", names
    assert {(a, i) for a, i, _ in events(rows)} == {(a, i) for a, i, _ in WANT}
    assert events(rows) == WANT


def test_reordered_added_keys_and_reversed_array(tmp_path: Path) -> None:
    objs = [dict(reversed(list({**o, "user_agent": "Mozilla/5.0", "geo": {"country": "ZZ"}}.items()))) for o in reversed(LOGINS)]
    ex, rows = run(tmp_path, "e.json", doc(objs))
    assert ex == "generic_json"
    assert events(rows) == WANT
    for r in rows["ip_events"]:
        extra = json.loads(r["extra"])
        assert extra["user_agent"] == "Mozilla/5.0" and json.loads(extra["geo"]) == {"country": "ZZ"}


def test_json_lines(tmp_path: Path) -> None:
    text = "".join(json.dumps({**o, "user": "acct-9"}) + "\n" for o in LOGINS)
    text = text.replace("\n", "\n\n", 1) + "{not json}\n"
    ex, rows = run(tmp_path, "e.jsonl", text.encode())
    assert ex == "generic_json"
    assert events(rows) == WANT
    assert sorted(r["locator"].split(";")[0] for r in rows["ip_events"]) == ["line 1", "line 3", "line 4"]
    bad = [w for w in rows["warnings"] if w["code"] == "BAD_JSON_LINE"]
    assert len(bad) == 1 and bad[0]["locator"].startswith("line 5;")


def test_json_lines_without_the_suffix(tmp_path: Path) -> None:
    text = "".join(json.dumps({**o, "user": "acct-9"}) + "\r\n" for o in LOGINS)
    ex, rows = run(tmp_path, "export.txt", text.encode())
    assert ex == "generic_json"
    assert events(rows) == WANT


def test_epoch_numbers_are_passed_as_printed(tmp_path: Path) -> None:
    objs = [{"ip": "192.0.2.1", "ts": 1772366400123, "uid": "acct-9"}, {"ip": "192.0.2.2", "ts": 1772370000000, "uid": "acct-9"}]
    ex, rows = run(tmp_path, "e.json", json.dumps(objs).encode())
    assert ex == "generic_json"
    assert {(r["ts_raw"], r["ts_utc"]) for r in rows["ip_events"]} == {
        ("1772366400123", "2026-03-01T12:00:00.123000Z"), ("1772370000000", "2026-03-01T13:00:00.000000Z")}


def test_duplicate_keys_keep_the_first(tmp_path: Path) -> None:
    text = '[{"ip": "192.0.2.1", "ip": "192.0.2.2", "time": "2026-01-01T00:00:00Z", "user": "a"}]'
    ex, rows = run(tmp_path, "e.json", text.encode())
    assert ex == "generic_json"
    assert [r["ip"] for r in rows["ip_events"]] == ["192.0.2.1"]
    dup = [w for w in rows["warnings"] if w["code"] == "DUPLICATE_KEY"]
    assert len(dup) == 1 and "/0/ip" in dup[0]["locator"]


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity"])
def test_nan_is_not_a_value(tmp_path: Path, bad: str) -> None:
    text = '[{"ip": "192.0.2.1", "time": ' + bad + ', "user": "a"}, {"ip": "192.0.2.2", "time": "2026-01-01T00:00:00Z", "user": "a"}]'
    ex, rows = run(tmp_path, "e.json", text.encode())
    assert ex == "generic_json"
    got = {r["ip"]: r["ts_raw"] for r in rows["ip_events"]}
    assert got == {"192.0.2.1": None, "192.0.2.2": "2026-01-01T00:00:00Z"}
    assert "NOT_A_NUMBER" in codes(rows)


def test_deep_nesting_is_skipped_and_reported(tmp_path: Path) -> None:
    deep: Any = {"ip": "192.0.2.9", "time": "2026-01-01T00:00:00Z", "user": "deep"}
    for _ in range(200):
        deep = {"x": deep}
    objs = {"deep": deep, "logins": [{**o, "user": "acct-9"} for o in LOGINS]}
    ex, rows = run(tmp_path, "e.json", json.dumps(objs).encode())
    assert ex == "generic_json"
    assert events(rows) == WANT
    assert "DEEP_NESTING" in codes(rows)


def test_very_deep_nesting_does_not_crash_the_parser() -> None:
    text = "[" * 100000 + "]" * 100000
    value, *_ = parse_json(text)
    assert value is not None


def test_huge_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gj, "MAX_JSON_BYTES", 1000)
    monkeypatch.setattr(gj, "IDENTIFY_FULL_BYTES", 1000)
    objs = [{**o, "user": "acct-9", "pad": "x" * 500} for o in LOGINS]
    ex, rows = run(tmp_path, "e.json", json.dumps(objs).encode())
    assert ex == "generic_json"
    assert rows.get("ip_events", []) == []
    assert "FILE_TOO_LARGE" in codes(rows)


def test_multi_megabyte_string(tmp_path: Path) -> None:
    objs = [{**o, "user": "acct-9"} for o in LOGINS]
    objs[1]["blob"] = "A" * (3 * 2**20)
    ex, rows = run(tmp_path, "e.json", json.dumps(objs).encode())
    assert ex == "generic_json"
    assert events(rows) == WANT


@pytest.mark.parametrize("nasty", ["a\x00b", "\x1b[31mred\x1b[0m", "\u202eevil\u202c"])
def test_control_characters_are_kept_and_reported(tmp_path: Path, nasty: str) -> None:
    objs = [{**o, "user": "acct-9"} for o in LOGINS]
    objs[0]["note"] = nasty
    ex, rows = run(tmp_path, "e.json", json.dumps(objs, ensure_ascii=False).encode())
    assert ex == "generic_json"
    assert events(rows) == WANT
    hit = [r for r in rows["ip_events"] if "control_characters" in r["flags"]]
    assert len(hit) == 1 and json.loads(hit[0]["extra"])["note"] == nasty


def test_utf16_json(tmp_path: Path) -> None:
    data = b"\xff\xfe" + doc(LOGINS).decode().encode("utf-16-le")
    ex, rows = run(tmp_path, "e.json", data)
    assert ex == "generic_json"
    assert events(rows) == WANT
    for r in rows["ip_events"]:
        off = json.loads(r["locator_json"])["byte_offset"]
        assert data[off:off + 2] == "{".encode("utf-16-le")


def test_subscriber_object(tmp_path: Path) -> None:
    sub = {"username": "jvale", "full_name": "Jordan Vale", "email": "jordan.vale@example.com",
           "phone": "+1 202 555 0143", "created": "2024-06-02T15:21:09Z", "registration_ip": "203.0.113.24"}
    ex, rows = run(tmp_path, "s.json", json.dumps(sub).encode())
    assert ex == "generic_json"
    s = rows["subscribers"][0]
    assert (s["account"], s["name"], s["emails"], s["phones"]) == ("jvale", "Jordan Vale", ["jordan.vale@example.com"], ["+12025550143"])
    reg = rows["ip_events"][0]
    assert (reg["activity"], reg["ip"], reg["ts_utc"]) == ("registration", "203.0.113.24", "2024-06-02T15:21:09.000000Z")


@pytest.mark.parametrize("data", [
    {"service": "x", "upstreams": [{"name": "auth", "ip": "10.0.0.5", "port": 9000}]},
    {"admin": {"name": "Ops", "email": "ops@example.com"}},
    {"versions": [{"component": "reader", "version": "13.20.0.43", "released": "2025-11-02"}]},
    [1, 2, 3],
])
def test_not_claimed(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(json.dumps(data).encode())
    assert GenericJson().identify(document(path)) is None


def test_broken_json_fails_with_a_place(tmp_path: Path) -> None:
    from extractors.base import ExtractionFailed

    path = tmp_path / "b.json"
    path.write_bytes(b'[{"ip": "192.0.2.1", "time": "2026-01-01T00:00:00Z", "user": "a"},\n {"ip": ]')
    with pytest.raises(ExtractionFailed, match="line 2"):
        list(GenericJson().extract(document(path), gj.Claim("json")))


def test_pointer_escapes() -> None:
    assert pointer(["a/b", "m~n", 3]) == "/a~1b/m~0n/3"


def test_parser_errors() -> None:
    for bad in ('{"a" 1}', "[1,]", '{"a": tru}', '"open'):
        with pytest.raises(JsonError):
            parse_json(bad)
