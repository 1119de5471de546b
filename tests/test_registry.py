"""The registry: every extractor module registered, names unique, each with samples."""

from __future__ import annotations

import pkgutil

import pytest

import extractors
from extractors.base import Extractor
from extractors.registry import FRAMEWORK_MODULES, MODULES, DuplicateExtractor, _load, all_extractors

from .golden import negatives, positives


def test_every_module_is_registered() -> None:
    found = {f"extractors.{m.name}" for m in pkgutil.iter_modules(extractors.__path__)}
    missing = sorted(found - set(MODULES) - set(FRAMEWORK_MODULES))
    assert not missing, f"extractor modules not listed in extractors/registry.py MODULES: {missing}"


def test_names_are_unique_and_declared() -> None:
    names = [e.name for e in all_extractors()]
    assert len(names) == len(set(names))
    for e in all_extractors():
        assert e.layout and e.version and e.provider and e.media_types
        assert "\n" not in e.layout, "the layout description is one line"


@pytest.mark.parametrize("extractor", all_extractors(), ids=lambda e: e.name)
def test_each_extractor_has_a_sample_golden_file_and_a_near_miss(extractor: Extractor) -> None:
    assert positives(extractor.name), f"no sample in samples/extractors/{extractor.name}/positive/"
    assert negatives(extractor.name), f"no near-miss sample in samples/extractors/{extractor.name}/negative/"


def test_duplicate_names_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    import extractors.registry as reg

    class Dup(Extractor):
        name = "dup"
        provider = "x"
        layout = "y"
        version = "1"
        media_types = ("text/",)

    for mod in ("fake_a", "fake_b"):
        m = types.ModuleType(mod)
        m.EXTRACTORS = (Dup(),)  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, mod, m)
    monkeypatch.setattr(reg, "MODULES", ("fake_a", "fake_b"))
    with pytest.raises(DuplicateExtractor, match="'dup' is declared by fake_a and fake_b"):
        _load()


def test_the_layout_catalogue_is_current() -> None:
    from extractors.catalogue import LAYOUTS, render

    text = LAYOUTS.read_text(encoding="utf-8")
    assert render(text) == text, "run: python -m extractors.catalogue"
