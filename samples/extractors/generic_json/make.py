"""Regenerate the generic_json samples (synthetic data only), byte for byte.

    python samples/extractors/generic_json/make.py

Then check the output by eye and regenerate the golden files:

    python -m tests.golden --update generic_json
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
POS = HERE / "positive"
NEG = HERE / "negative"


def samples() -> dict[Path, bytes]:
    out: dict[Path, bytes] = {}

    # 1. a nested export: an account object holding a logins array (epoch seconds)
    export = {
        "export": {
            "generated": "2026-03-15T10:00:00Z",
            "request_reference": "EX-2026-0042",
            "account": {
                "user_id": "700123",
                "username": "jvale",
                "display_name": "Jordan Vale",
                "email": "jordan.vale@example.com",
                "phone_number": "+1 202 555 0143",
                "created_at": "2024-06-02T15:21:09Z",
                "signup_ip": "203.0.113.24",
                "logins": [
                    {"ip": "203.0.113.24", "timestamp": 1772352902, "event": "login",
                     "device": {"os": "Android 14", "app_version": "5.2.1"}},
                    {"ip": "[2001:db8:4a::17]:443", "timestamp": 1772453100, "event": "login"},
                    {"ip": "100.64.1.20", "timestamp": 1772539500, "event": "logout"},
                ],
                "devices": [{"model": "Pixel 8", "first_seen": "2025-01-02"}],
            },
        }
    }
    out[POS / "account_export.json"] = (json.dumps(export, indent=2) + "\n").encode("utf-8")

    # 2. JSON lines, ELK-like keys, one broken line
    lines = [
        {"@timestamp": "2026-02-20T11:00:00.250Z", "src_ip": "198.51.100.23", "src_port": 50123,
         "user": "river_otter_77", "action": "auth_success"},
        {"@timestamp": "2026-02-20T11:05:09Z", "src_ip": "2001:DB8::23", "src_port": 443,
         "user": "river_otter_77", "action": "auth_success"},
        None,  # broken line
        {"@timestamp": "2026-02-21T00:00:01Z", "src_ip": "198.51.100.24", "user": "river_otter_77",
         "action": "auth_failure", "reason": "bad password"},
    ]
    text = ""
    for obj in lines:
        text += ('{"@timestamp": "2026-02-20T12:00:00Z", "src_ip": "198.51.100.99", ' if obj is None
                 else json.dumps(obj)) + "\n"
    out[POS / "logins.jsonl"] = text.encode("utf-8")

    # 3. quirks: a repeated key, NaN, nesting deeper than 64 levels, Windows line endings
    deep: object = {"ip": "192.0.2.250", "timestamp": "2026-01-01T00:00:00Z", "user": "too-deep"}
    for _ in range(70):
        deep = [deep]
    quirks = (
        '{\r\n'
        '  "sessions": [\r\n'
        '    {"client_ip": "198.51.100.7", "login_time": "2026-02-01 10:00:00 UTC", "client_ip": "198.51.100.8", "user": "acct-1"},\r\n'
        '    {"client_ip": "198.51.100.9", "login_time": NaN, "user": "acct-1"},\r\n'
        '    {"client_ip": "192.0.2.33", "login_time": "2026-02-02 09:30:00 UTC", "user": "acct-1", "note": "caf\\u00e9 \u202eabc"}\r\n'
        '  ],\r\n'
        '  "debug": ' + json.dumps(deep, separators=(",", ":")) + '\r\n'
        '}\r\n'
    )
    out[POS / "quirks.json"] = quirks.encode("utf-8")

    # negative: an application configuration with addresses but no events or subscribers
    config = {
        "service": "example-api",
        "listen": {"bind_address": "0.0.0.0", "port": 8443},
        "upstreams": [
            {"name": "auth", "ip": "10.0.0.5", "port": 9000, "weight": 2},
            {"name": "media", "ip": "10.0.0.6", "port": 9001, "weight": 1},
        ],
        "admin": {"name": "Operations", "email": "ops@example.com"},
        "logging": {"timestamp_format": "%Y-%m-%dT%H:%M:%S%z", "timezone": "UTC", "level": "info"},
        "version": "13.20.0.43",
    }
    out[NEG / "app_config.json"] = (json.dumps(config, indent=2) + "\n").encode("utf-8")
    return out


def main() -> None:
    for path, data in samples().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(HERE)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
