"""The command line around a case: init, finding the case, --help/--version, limits, usage errors.

Everything runs the real CLI in-process (CliRunner) against real case folders under tmp_path.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from pipeline import __version__
from pipeline.case import DEFAULT_LIMITS
from pipeline.cli import cli

from .conftest import db_rows

NO_CASE_HINT = (
    "Next: create one with 'returns init DIR --case-number NUMBER', then pass --case DIR or set RETURNS_CASE=DIR"
)


def invoke(*args: Any, input: str | None = None, env: dict[str, str] | None = None) -> Any:
    """The real CLI without the --case the `run` fixture adds."""
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False)


def custody(case_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (case_dir / "custody.log").read_text(encoding="utf-8").splitlines()]


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path below root with its bytes (None for folders)."""
    return {
        str(p.relative_to(root)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(root.rglob("*"))
    }


# -- init ------------------------------------------------------------------------------


def test_init_creates_the_case(tmp_path: Path) -> None:
    target = tmp_path / "cases" / "op-lantern"
    res = invoke("init", target, "--case-number", "CASE-2026-0417", "--title", "Op Lantern", "--examiner", "A. Analyst")
    assert res.exit_code == 0, res.output
    root = target.resolve()
    assert res.stdout.splitlines() == [
        f"Created case CASE-2026-0417 in {root}",
        "Examiner: A. Analyst",
        f"Next: export RETURNS_CASE={root}  (or pass --case {root} to every command)",
    ]
    assert res.stderr == ""

    assert (root / "case.json").is_file()
    assert (root / "case.duckdb").is_file()
    assert (root / "evidence").is_dir() and not any((root / "evidence").iterdir())
    assert (root / "custody.log").is_file()

    settings = json.loads((root / "case.json").read_text(encoding="utf-8"))
    assert settings == {
        "format": "returns-case/1",
        "case_number": "CASE-2026-0417",
        "title": "Op Lantern",
        "examiner": "A. Analyst",
        "limits": DEFAULT_LIMITS,
    }

    info = dict(db_rows(root, "SELECT key, value FROM case_info"))
    assert set(info) == {"case_number", "title", "examiner", "created_at", "created_by_os_user"}
    assert info["case_number"] == "CASE-2026-0417"
    assert info["title"] == "Op Lantern"
    assert info["examiner"] == "A. Analyst"

    log = custody(root)
    assert len(log) == 1
    first = log[0]
    assert first["seq"] == 1
    assert first["prev"] == "0" * 64
    assert first["action"] == "case_created"
    assert first["object"] == "CASE-2026-0417"
    assert first["outcome"] == "ok"
    assert first["actor"]["examiner"] == "A. Analyst"
    assert first["details"] == {
        "case_number": "CASE-2026-0417",
        "title": "Op Lantern",
        "examiner": "A. Analyst",
        "limits": DEFAULT_LIMITS,
    }
    assert info["created_at"].startswith(first["time"][:10])
    assert info["created_by_os_user"] == first["actor"]["os_user"]


def test_init_without_examiner_takes_returns_examiner(tmp_path: Path) -> None:
    res = invoke("init", tmp_path / "c", "--case-number", "CASE-1")
    assert res.exit_code == 0, res.output
    assert "Examiner: Test Examiner" in res.stdout.splitlines()
    assert custody(tmp_path / "c")[0]["details"]["examiner"] == "Test Examiner"


def test_init_into_an_empty_existing_folder_works(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    res = invoke("init", tmp_path / "empty", "--case-number", "CASE-1")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "empty" / "case.json").is_file()


def test_init_without_directory_uses_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    res = invoke("init", "--case-number", "CASE-9")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == f"Created case CASE-9 in {here.resolve()}"
    assert (here / "case.json").is_file()
    # and the current folder is then found as the case
    assert invoke("limits").exit_code == 0


def test_unreadable_case_file(tmp_path: Path) -> None:
    assert invoke("init", tmp_path / "c", "--case-number", "CASE-1").exit_code == 0
    (tmp_path / "c" / "case.json").write_text("{not json")
    res = invoke("--case", tmp_path / "c", "packages")
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error CASE_FILE_UNREADABLE: {(tmp_path / 'c').resolve() / 'case.json'} cannot be read")


def test_init_into_an_existing_case_is_refused(tmp_path: Path) -> None:
    assert invoke("init", tmp_path / "c", "--case-number", "CASE-1").exit_code == 0
    before = tree(tmp_path / "c")
    res = invoke("init", tmp_path / "c", "--case-number", "CASE-2")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == f"Error CASE_EXISTS: {tmp_path / 'c'} already holds a case"
    assert "Kept: the existing case was not touched" in res.stderr
    assert res.stdout == ""
    assert tree(tmp_path / "c") == before


def test_init_into_a_non_empty_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me\n")
    res = invoke("init", folder, "--case-number", "CASE-1")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == f"Error CASE_DIR_NOT_EMPTY: {folder} exists and is not an empty folder"
    assert "Kept: nothing in it was changed" in res.stderr
    assert tree(folder) == {"notes.txt": b"keep me\n"}


def test_init_needs_a_case_number(tmp_path: Path) -> None:
    res = invoke("init", tmp_path / "c")
    assert res.exit_code == 2
    assert "--case-number" in res.stderr
    assert not (tmp_path / "c").exists()


# -- finding the case ------------------------------------------------------------------

COMMANDS_NEEDING_A_CASE = [
    ["packages"],
    ["files"],
    ["warnings"],
    ["request", "list"],
    ["request", "add", "R-1", "--kind", "warrant", "--provider", "Google"],
    ["request", "import", "requests.csv"],
    ["ingest", "package.zip"],
    ["limits"],
    ["limits", "max_depth", "3"],
    ["verify"],
    ["rebuild"],
    ["coverage"],
    ["reextract"],
]


@pytest.mark.parametrize("args", COMMANDS_NEEDING_A_CASE, ids=lambda a: " ".join(a[:2]))
def test_commands_without_a_case_say_no_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    empty = tmp_path / "nowhere"
    empty.mkdir()
    monkeypatch.chdir(empty)
    (empty / "requests.csv").write_text("request_id,kind,provider,case_number,sent_on,targets,date_from,date_to\n")
    (empty / "package.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    before = tree(empty)
    res = invoke(*args)
    assert res.exit_code == 1, res.output
    lines = res.stderr.splitlines()
    assert lines[0] == f"Error NO_CASE: no case found at {empty} (taken from the current folder)"
    assert NO_CASE_HINT in lines
    assert tree(empty) == before, "nothing may be written when there is no case"


def test_no_case_names_where_it_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "missing"
    res = invoke("--case", missing, "packages")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == f"Error NO_CASE: no case found at {missing} (taken from --case)"
    monkeypatch.setenv("RETURNS_CASE", str(missing))
    res = invoke("packages")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == f"Error NO_CASE: no case found at {missing} (taken from RETURNS_CASE)"
    assert NO_CASE_HINT in res.stderr.splitlines()


@pytest.fixture
def two_cases(tmp_path: Path) -> tuple[Path, Path]:
    """Two cases told apart by their max_depth limit (4 and 6)."""
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, depth in ((a, 4), (b, 6)):
        assert invoke("init", folder, "--case-number", f"CASE-{depth}").exit_code == 0
        assert invoke("--case", folder, "limits", "max_depth", depth).exit_code == 0
    return a.resolve(), b.resolve()


def test_case_found_with_the_case_option(two_cases: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = two_cases
    monkeypatch.chdir(tmp_path)
    res = invoke("--case", a, "limits")
    assert res.exit_code == 0, res.output
    assert "max_depth = 4" in res.stdout.splitlines()
    # --case wins over RETURNS_CASE and the current folder
    monkeypatch.setenv("RETURNS_CASE", str(b))
    monkeypatch.chdir(b)
    res = invoke("--case", a, "limits")
    assert "max_depth = 4" in res.stdout.splitlines()


def test_case_found_with_returns_case(two_cases: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = two_cases
    monkeypatch.setenv("RETURNS_CASE", str(b))
    monkeypatch.chdir(a)  # RETURNS_CASE wins over the current folder
    res = invoke("limits")
    assert res.exit_code == 0, res.output
    assert "max_depth = 6" in res.stdout.splitlines()
    # a writing command goes to that case too
    res = invoke("request", "add", "ENV-REQ-1", "--kind", "warrant", "--provider", "Google")
    assert res.exit_code == 0, res.output
    assert db_rows(b, "SELECT request_id FROM requests") == [("ENV-REQ-1",)]
    assert db_rows(a, "SELECT request_id FROM requests") == []


def test_case_found_in_the_current_folder(two_cases: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    a, _b = two_cases
    monkeypatch.chdir(a)
    res = invoke("limits")
    assert res.exit_code == 0, res.output
    assert "max_depth = 4" in res.stdout.splitlines()
    res = invoke("request", "add", "CWD-REQ-1", "--kind", "subpoena", "--provider", "Meta")
    assert res.exit_code == 0, res.output
    assert db_rows(a, "SELECT request_id, kind FROM requests") == [("CWD-REQ-1", "subpoena")]


# -- help and version ------------------------------------------------------------------


def _all_commands() -> list[tuple[str, ...]]:
    """Every command path under the root group (groups included), found by walking it."""
    found: list[tuple[str, ...]] = [()]

    def walk(group: click.Group, prefix: tuple[str, ...]) -> None:
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            cmd = group.get_command(ctx, name)
            assert cmd is not None
            found.append((*prefix, name))
            if isinstance(cmd, click.Group):
                walk(cmd, (*prefix, name))

    walk(cli, ())
    return found


ALL_COMMANDS = _all_commands()

#: command paths whose --help has no example today (see the report; these are bugs)


def test_the_walk_finds_every_command() -> None:
    assert {" ".join(p) for p in ALL_COMMANDS} >= {
        "", "init", "request", "request add", "request import", "request list", "ingest", "packages",
        "files", "warnings", "verify", "rebuild", "limits",
    }


@pytest.mark.parametrize(
    "path",
    ALL_COMMANDS,
    ids=lambda p: "returns " + " ".join(p) if p else "returns",
)
def test_every_command_has_help_with_an_example(path: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no case needed for --help
    for flag in ("--help", "-h"):
        res = invoke(*path, flag)
        assert res.exit_code == 0, res.output
        assert "Usage: " in res.stdout
        assert "Example:" in res.stdout, f"'returns {' '.join(path)} {flag}' shows no example"
        # the example really uses this command
        example = res.stdout.split("Example:", 1)[1]
        assert "returns " + " ".join(path) in example


def test_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = invoke("--version")
    assert res.exit_code == 0
    assert res.stdout == f"returns, version {__version__}\n"
    assert __version__ and __version__[0].isdigit()


# -- limits ----------------------------------------------------------------------------


def test_limits_shows_the_defaults(run) -> None:  # noqa: ANN001
    res = run("limits")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [f"{k} = {v}" for k, v in sorted(DEFAULT_LIMITS.items())]
    assert res.stdout.splitlines() == [
        "max_depth = 8",
        "max_entries = 100000",
        "max_member_bytes = 34359738368",
        "max_ocr_pages = 200",
        "max_pdf_pages = 2000",
        "max_total_bytes = 68719476736",
        "min_free_bytes = 268435456",
    ]


def test_limits_sets_a_limit(run) -> None:  # noqa: ANN001
    root = run.case_dir
    res = run("limits", "max_depth", "3")
    assert res.exit_code == 0, res.output
    assert res.stdout == "Set max_depth = 3 for this case (recorded in custody).\n"

    settings = json.loads((root / "case.json").read_text(encoding="utf-8"))
    assert settings["limits"] == {**DEFAULT_LIMITS, "max_depth": 3}
    assert settings["case_number"] == "CASE-2026-0417"

    last = custody(root)[-1]
    assert last["action"] == "settings_changed"
    assert last["object"] == "max_depth"
    assert last["outcome"] == "ok"
    assert last["details"] == {"key": "limits.max_depth", "value": 3, "previous": 8}
    assert db_rows(root, "SELECT key, value, custody_seq FROM settings") == [("limits.max_depth", "3", last["seq"])]

    assert "max_depth = 3" in run("limits").stdout.splitlines()

    # a second change replaces the row and records the previous value
    assert run("limits", "max_depth", "5").exit_code == 0
    last = custody(root)[-1]
    assert last["details"] == {"key": "limits.max_depth", "value": 5, "previous": 3}
    assert db_rows(root, "SELECT key, value, custody_seq FROM settings") == [("limits.max_depth", "5", last["seq"])]


def test_unknown_limit_is_refused(run) -> None:  # noqa: ANN001
    root = run.case_dir
    before = tree(root)
    res = run("limits", "max_bananas", "3")
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        "Error SETTING_UNKNOWN: there is no limit called 'max_bananas'",
        "Next: one of: max_depth, max_entries, max_member_bytes, max_ocr_pages, max_pdf_pages, max_total_bytes, min_free_bytes",
    ]
    assert tree(root)["case.json"] == before["case.json"]
    assert tree(root)["custody.log"] == before["custody.log"]
    assert db_rows(root, "SELECT count(*) FROM settings") == [(0,)]


def test_invalid_limit_value_is_refused(run) -> None:  # noqa: ANN001
    root = run.case_dir
    log_before = (root / "custody.log").read_bytes()
    res = run("limits", "max_depth", "0")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == "Error SETTING_INVALID: max_depth cannot be 0"
    assert (root / "custody.log").read_bytes() == log_before


# -- usage errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--no-such-option"],
        ["packages", "--no-such-option"],
        ["request", "list", "--xml"],
        ["ingest"],  # missing PATH
        ["no-such-command"],
        ["limits", "max_depth"],  # a value is needed
        ["limits", "max_depth", "three"],  # not a whole number
        ["request", "add", "R-1", "--provider", "Google"],  # --kind is required
        ["ingest", "x.zip", "--wait", "-1"],
    ],
    ids=lambda a: " ".join(a),
)
def test_command_line_errors_exit_2(run, args: list[str]) -> None:  # noqa: ANN001
    log_before = (run.case_dir / "custody.log").read_bytes()
    res = run(*args)
    assert res.exit_code == 2, res.output
    assert "Usage:" in res.stderr or "Error:" in res.stderr
    assert (run.case_dir / "custody.log").read_bytes() == log_before
