"""Extractor tests."""
