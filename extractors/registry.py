"""The one place where extractors are registered.

Every extractor module is imported explicitly here (no discovery by file listing, so what
runs is what this list says). Each module exposes ``EXTRACTORS``: a tuple of extractor
instances. Duplicate names are refused at import time; ``tests/test_registry.py`` fails if a
module under ``extractors/`` is missing from this list or an extractor has no sample.
"""

from __future__ import annotations

import importlib

from .base import Extractor

#: every extractor module, provider layouts first, generic ones last (tried in this order)
MODULES: tuple[str, ...] = (
    "extractors.google",
    "extractors.meta",
    "extractors.snapchat",
    "extractors.discord",
    "extractors.kik",
    "extractors.tiktok",
    "extractors.carrier",
    "extractors.email",
    "extractors.microsoft",
    "extractors.apple",
    "extractors.meta_pdf",
    "extractors.google_letters",
    "extractors.letters",
    "extractors.manifests",
    "extractors.generic_table",
    "extractors.generic_json",
    "extractors.generic_text",
)

#: modules under extractors/ that hold no extractors (framework code)
FRAMEWORK_MODULES = ("extractors.base", "extractors.tables", "extractors.registry", "extractors.html", "extractors.textutil",
                     "extractors.catalogue", "extractors.pdftext", "extractors.ocr", "extractors.ocrfix",
                     "extractors.textscan")


class DuplicateExtractor(Exception):
    pass


def _load() -> tuple[Extractor, ...]:
    seen: dict[str, str] = {}
    out: list[Extractor] = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for extractor in getattr(module, "EXTRACTORS"):
            if not isinstance(extractor, Extractor):
                raise TypeError(f"{module_name}: {extractor!r} is not an Extractor")
            for attr in ("name", "provider", "layout", "version", "media_types"):
                if not getattr(extractor, attr, None):
                    raise TypeError(f"{module_name}: {type(extractor).__name__} has no {attr}")
            if extractor.name in seen:
                raise DuplicateExtractor(f"extractor name {extractor.name!r} is declared by {seen[extractor.name]} and {module_name}")
            seen[extractor.name] = module_name
            out.append(extractor)
    return tuple(out)


_REGISTRY: tuple[Extractor, ...] | None = None


def all_extractors() -> tuple[Extractor, ...]:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _load()
    return _REGISTRY


def get(name: str) -> Extractor:
    for e in all_extractors():
        if e.name == name:
            return e
    raise KeyError(name)
