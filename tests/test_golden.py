"""Every extractor reads its samples exactly as its golden files say, and refuses its near-misses."""

from __future__ import annotations

import json

import pytest

from extractors.registry import all_extractors

from .golden import chosen, dump, expected_path, golden_rows, negatives, positives

CASES = [(e.name, s) for e in all_extractors() for s in positives(e.name)]
NEGATIVES = [(e.name, s) for e in all_extractors() for s in negatives(e.name)]


@pytest.mark.parametrize(("name", "sample"), CASES, ids=[f"{n}/{s.name}" for n, s in CASES])
def test_sample_matches_golden(name, sample) -> None:  # type: ignore[no-untyped-def]
    extractor, rows = golden_rows(sample)
    assert extractor == name, f"{sample.name} was read by {extractor}, not {name}"
    expected = expected_path(sample)
    assert expected.exists(), f"no golden file: run python -m tests.golden --update {name}"
    want = [json.loads(line) for line in expected.read_text(encoding="utf-8").splitlines() if line.strip()]
    got = json.loads("[" + ",".join(dump(rows).splitlines()) + "]")
    assert got == want


@pytest.mark.parametrize(("name", "sample"), NEGATIVES, ids=[f"{n}/{s.name}" for n, s in NEGATIVES])
def test_near_miss_is_not_claimed(name, sample) -> None:  # type: ignore[no-untyped-def]
    assert chosen(sample) != name
