"""The sample packages in samples/ must be reproducible byte for byte.

samples/generate.py is run (as a subprocess, so the TZ variable really applies) into
temporary directories under two different host time zones; both runs must produce the
same bytes, and those bytes must equal the files committed under samples/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GENERATOR = SAMPLES / "generate.py"
# What the generator owns inside samples/ (README.md, LAYOUTS.md and generate.py are
# written by hand).
GENERATED_DIRS = ("packages", "passwords", "truth")
GENERATED_FILES = ("requests.csv",)


def _tree(base: Path) -> dict[str, bytes]:
    out = {}
    for d in GENERATED_DIRS:
        root = base / d
        if root.is_dir():
            for p in sorted(root.rglob("*")):
                if p.is_file():
                    out[p.relative_to(base).as_posix()] = p.read_bytes()
    for f in GENERATED_FILES:
        p = base / f
        if p.is_file():
            out[f] = p.read_bytes()
    return out


def _run(out: Path, tz: str) -> dict[str, bytes]:
    env = dict(os.environ)
    env["TZ"] = tz
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(out)],
        cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return _tree(out)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    a = _run(tmp_path_factory.mktemp("gen_utc"), "UTC")
    b = _run(tmp_path_factory.mktemp("gen_la"), "America/Los_Angeles")
    return a, b


def test_generator_produces_packages(runs):
    a, _ = runs
    assert "requests.csv" in a
    assert any(k.startswith("packages/") and k.endswith(".zip") for k in a)
    assert any(k.startswith("truth/") for k in a)
    assert any(k.startswith("passwords/") for k in a)


def test_same_bytes_in_different_time_zones(runs):
    a, b = runs
    assert sorted(a) == sorted(b)
    differing = [k for k in a if a[k] != b[k]]
    assert differing == [], f"differ between TZ=UTC and TZ=America/Los_Angeles: {differing}"


def test_committed_samples_match_generator(runs):
    a, _ = runs
    committed = _tree(SAMPLES)
    missing = sorted(set(a) - set(committed))
    extra = sorted(set(committed) - set(a))
    assert not missing, f"generated but not committed (run samples/generate.py): {missing}"
    assert not extra, f"committed but no longer generated: {extra}"
    differing = sorted(k for k in a if a[k] != committed[k])
    assert differing == [], f"committed samples differ from generator output: {differing}"


def test_samples_are_small(runs):
    a, _ = runs
    packages = {k: v for k, v in a.items() if k.startswith("packages/")}
    for name, data in packages.items():
        assert len(data) < 200_000, name
    assert sum(len(v) for v in a.values()) < 2_000_000
