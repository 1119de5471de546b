"""Collects every scorecard case's outcome; writes scorecard.json and scorecard.md when asked.

``pytest -m scorecard --scorecard-out DIR`` (or ``python -m tests.scorecard.report``) writes the
files; a plain test run only checks the cases.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import Any

import pytest

from .checks import CASES, NETNS

SEED = 20261123
_results: dict[str, dict[str, Any]] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    case_id = getattr(getattr(item, "function", None), "scorecard_id", None)
    if case_id is None:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        xfail = getattr(report, "wasxfail", None)
        if xfail is not None:
            status, anomaly = "open anomaly", str(xfail)
        elif report.passed:
            status, anomaly = "pass", None
        elif report.skipped:
            status, anomaly = "skipped", str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else "skipped"
        else:
            status, anomaly = "FAIL", report.longreprtext.strip().splitlines()[-1][:300] if report.longreprtext else "failed"
        entry = _results.setdefault(case_id, {"id": case_id, **CASES.get(case_id, {}), "outcome": status,
                                              "anomaly": anomaly, "tests": 0, "seconds": 0.0})
        entry["tests"] += 1
        entry["seconds"] = round(entry["seconds"] + report.duration, 2)
        if status != "pass" and entry["outcome"] == "pass":
            entry["outcome"], entry["anomaly"] = status, anomaly


def _versions() -> dict[str, str]:
    from importlib import metadata

    import duckdb

    from pipeline import __version__
    from pipeline.version import tool_info

    info = tool_info()
    return {"python": platform.python_version(), "duckdb": duckdb.__version__, "returns": __version__,
            "commit": str(info.get("commit", "")) + (" (dirty)" if info.get("dirty") else ""),
            "pyzipper": metadata.version("pyzipper"), "py7zr": metadata.version("py7zr"),
            "network_namespace": "yes" if NETNS else "no (socket guard only)"}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    out = session.config.getoption("--scorecard-out")
    if not out or not _results:
        return
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    cases = [_results[k] for k in sorted(_results)]
    passed = sum(1 for c in cases if c["outcome"] == "pass")
    doc = {"versions": _versions(), "seed": SEED, "cases": cases,
           "summary": {"cases": len(cases), "passed": passed, "open_anomalies": sum(c["outcome"] == "open anomaly" for c in cases),
                       "failed": sum(c["outcome"] == "FAIL" for c in cases)}}
    (folder / "scorecard.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    v = doc["versions"]
    lines = [
        "# Reliability scorecard",
        "",
        f"returns {v['returns']} ({v['commit']}), Python {v['python']}, DuckDB {v['duckdb']}; seed {SEED}; "
        f"network namespace: {v['network_namespace']}.",
        "",
        f"**{passed} of {len(cases)} cases passed**; {doc['summary']['open_anomalies']} open anomalies; "
        f"{doc['summary']['failed']} failed.",
        "",
        "| id | what was tried | expected safe behaviour | outcome | anomaly |",
        "|---|---|---|---|---|",
    ]
    for c in cases:
        cells = [c["id"], c.get("tried", ""), c.get("expected", ""), c["outcome"], c.get("anomaly") or ""]
        lines.append("| " + " | ".join(str(x).replace("|", "/").replace("\n", " ") for x in cells) + " |")
    (folder / "scorecard.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
