"""Tests for pipeline.names: decoding, one-line display, flags and listing paths."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.names import NAME_FLAGS, NameInfo, describe_name, escape_text, safe_relative


def test_plain_utf8_name() -> None:
    info = describe_name("reports/übersicht.csv".encode(), None)
    assert info == NameInfo("reports/übersicht.csv", "reports/übersicht.csv".encode(), "utf-8", ())


def test_nameinfo_is_frozen() -> None:
    info = describe_name(b"a.txt", None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.display = "b.txt"  # type: ignore[misc]


def test_cp437_hint_used_when_not_utf8() -> None:
    info = describe_name(b"caf\x82 \x94.txt", "cp437")
    assert info.display == "café ö.txt"
    assert info.encoding == "cp437"
    assert info.flags == ()


def test_valid_utf8_wins_over_hint() -> None:
    info = describe_name("naïve.txt".encode(), "cp437")
    assert info.display == "naïve.txt"
    assert info.encoding == "utf-8"


@pytest.mark.parametrize("hint", [None, "utf-8", "UTF8"])
def test_undecodable_falls_back_to_latin1(hint: str | None) -> None:
    info = describe_name(b"bad\xff\xfe.txt", hint)
    assert info.encoding == "latin-1"
    assert info.display == "bad\xff\xfe.txt".replace("\xff", "ÿ").replace("\xfe", "þ")
    assert info.flags == ("undecodable_bytes",)


def test_unknown_hint_does_not_crash() -> None:
    info = describe_name(b"x\xff", "no-such-codec")
    assert info.encoding == "latin-1"
    assert "undecodable_bytes" in info.flags


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a\nb", "a\\nb"),
        (b"a\tb", "a\\tb"),
        (b"a\rb", "a\\rb"),
        (b"a\x00b", "a\\0b"),
        (b"\x1b[31mred", "\\x1b[31mred"),
        (b"del\x7f", "del\\x7f"),
        ("invoice\u202egpj.exe".encode(), "invoice\\u202egpj.exe"),
        ("x\u2066y\u2069".encode(), "x\\u2066y\\u2069"),
        ("lrm\u200e\u200f\u061c".encode(), "lrm\\u200e\\u200f\\u061c"),
        ("line\u2028sep".encode(), "line\\u2028sep"),
        (b"back\\slash", "back\\\\slash"),
    ],
)
def test_display_escapes(raw: bytes, expected: str) -> None:
    info = describe_name(raw, None)
    assert info.display == expected
    assert info.display.isprintable()


@pytest.mark.parametrize(
    ("raw", "flags"),
    [
        (b"/etc/passwd", ("absolute_path",)),
        (b"\\\\server\\share\\x", ("absolute_path", "backslash_separator")),
        (b"C:\\Windows\\evil.dll", ("absolute_path", "backslash_separator")),
        (b"c:relative.txt", ("absolute_path",)),
        (b"../../etc/passwd", ("parent_reference",)),
        (b"a/b/../../..", ("parent_reference",)),
        (b"..\\..\\x.txt", ("backslash_separator", "parent_reference")),
        (b"..foo/bar..", ()),
        (b"a\nb", ("control_chars", "newline_in_name")),
        (b"a\x1bb", ("control_chars",)),
        ("a\u202eb".encode(), ("bidi_control",)),
        ("a\u2029b".encode(), ("newline_in_name",)),
        (b"", ("empty_name",)),
        (b"/x/../\n\xff", ("absolute_path", "control_chars", "newline_in_name", "parent_reference", "undecodable_bytes")),
    ],
)
def test_flags(raw: bytes, flags: tuple[str, ...]) -> None:
    info = describe_name(raw, None)
    assert info.flags == flags
    assert list(info.flags) == sorted(info.flags)
    assert set(info.flags) <= set(NAME_FLAGS)


def test_display_is_unambiguous() -> None:
    """A literal backslash-n and a real newline must not display the same."""
    literal = describe_name(b"a\\nb", None)
    newline = describe_name(b"a\nb", None)
    assert literal.display != newline.display


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"../../etc/passwd", "etc/passwd"),
        (b"/abs/path.txt", "abs/path.txt"),
        (b"C:\\Windows\\evil.dll", "Windows/evil.dll"),
        (b"dir\\sub\\file.txt", "dir/sub/file.txt"),
        (b"./a//b/./c", "a/b/c"),
        (b"a\nb/c", "a\\nb/c"),
        ("x\u202e/y".encode(), "x\\u202e/y"),
        (b"..", "_"),
        (b"", "_"),
    ],
)
def test_safe_relative(raw: bytes, expected: str) -> None:
    rel = safe_relative(describe_name(raw, None).display)
    assert rel == expected
    assert not rel.startswith("/")
    assert ".." not in rel.split("/")


def test_escape_text_astral_and_format_chars() -> None:
    assert escape_text("\ufeffbom") == "\\ufeffbom"
    assert escape_text("ok \U0001f600") == "ok \U0001f600"
    assert escape_text("\U000e0001tag") == "\\U000e0001tag"
