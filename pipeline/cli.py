"""The ``returns`` command line: each command turns its arguments into one library call.

Errors are printed as one message with a stable code, what was kept and what to do next;
exit codes are documented in :mod:`pipeline.errors` and README.md.
"""

from __future__ import annotations

import functools
import json
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__, events, output, queries
from .case import Case, init_case, open_case
from .errors import EXIT_INTERNAL, EXIT_VERIFY_FAILED, ReturnsError

# -- shared plumbing -------------------------------------------------------------------


class ReturnsGroup(click.Group):
    """A group that turns ReturnsError into a clean message and exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReturnsError as exc:
            click.echo("\n".join(output.display(line) for line in exc.render().split("\n")), err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug: keep the traceback, show a clean message
            where = _save_traceback(ctx)
            click.echo(
                f"Error INTERNAL_ERROR: an unexpected problem stopped the command ({type(exc).__name__}: {exc}).\n"
                f"Kept: everything stored and logged before this point; the custody log and evidence store are consistent.\n"
                f"Next: run 'returns verify'; the details for a bug report are in {where}",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def _save_traceback(ctx: click.Context) -> str:
    text = traceback.format_exc()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    try:
        case_dir = (ctx.find_root().obj or {}).get("case_dir")
        from .case import find_case_dir

        logs = find_case_dir(case_dir) / "logs"
    except Exception:  # noqa: BLE001
        import tempfile

        logs = Path(tempfile.gettempdir())
    try:
        logs.mkdir(parents=True, exist_ok=True)
        path = logs / f"error-{stamp}.txt"
        path.write_text(text, encoding="utf-8")
        return str(path)
    except OSError:
        return "(could not be written)"


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--json / --csv, else a readable table."""

    @click.option("--json", "fmt", flag_value="json", help="Print JSON.")
    @click.option("--csv", "fmt", flag_value="csv", help="Print CSV.")
    @functools.wraps(fn)
    def wrapper(*args: Any, fmt: str | None = None, **kwargs: Any) -> Any:
        return fn(*args, fmt=fmt or "table", **kwargs)

    return wrapper


wait_option = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="If another command is writing to the case, wait up to this long instead of stopping.",
)


def get_case(ctx: click.Context) -> Case:
    obj = ctx.find_root().obj
    return open_case(obj.get("case_dir"), obj.get("examiner"))


def show(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> None:
    click.echo(output.render(columns, rows, fmt))


# -- commands --------------------------------------------------------------------------


@click.group(cls=ReturnsGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--case", "case_dir", metavar="DIR", help="The case folder (else $RETURNS_CASE, else the current folder).")
@click.option("--examiner", metavar="NAME", help="Who is acting (else $RETURNS_EXAMINER, else the case's examiner).")
@click.version_option(__version__, prog_name="returns")
@click.pass_context
def cli(ctx: click.Context, case_dir: str | None, examiner: str | None) -> None:
    """Ingest, preserve and account for what service providers return.

    \b
    Example:
      returns init cases/op-lantern --case-number CASE-2026-0417 --examiner "A. Analyst"
      export RETURNS_CASE=cases/op-lantern
      returns request import samples/requests.csv
      returns ingest samples/packages/GGL-2026-0141.zip --request GGL-REQ-0141
      returns verify
    """
    ctx.obj = {"case_dir": case_dir, "examiner": examiner}


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--case-number", required=True, help="The case or investigation number.")
@click.option("--title", help="A short title for the case.")
@click.option("--examiner", "init_examiner", metavar="NAME", help="The examiner responsible (default for every command).")
@click.pass_context
def init(ctx: click.Context, directory: Path, case_number: str, title: str | None, init_examiner: str | None) -> None:
    """Create a case folder: database, evidence store and custody log.

    \b
    Example:
      returns init cases/op-lantern --case-number CASE-2026-0417 --title "Op Lantern" --examiner "A. Analyst"
    """
    examiner = init_examiner or ctx.find_root().obj.get("examiner")
    case = init_case(directory, case_number, title, examiner)
    click.echo(f"Created case {case_number} in {case.root}")
    click.echo(f"Examiner: {case.examiner}")
    click.echo(f"Next: export RETURNS_CASE={case.root}  (or pass --case {case.root} to every command)")


@cli.group()
def request() -> None:
    """Register and list the legal requests that returns answer.

    \b
    Example:
      returns request add GGL-REQ-0141 --kind warrant --provider Google --target email:lantern.user@example.com
      returns request import samples/requests.csv
      returns request list
    """


@request.command("add")
@click.argument("request_id")
@click.option("--kind", required=True, help="preservation, voluntary_disclosure, emergency_disclosure, production_order, subpoena, warrant, mla or other.")
@click.option("--provider", required=True, help="Who the request went to, e.g. Google.")
@click.option("--target", "targets", multiple=True, metavar="TYPE:VALUE", help="An identifier named in the request (repeatable).")
@click.option("--from", "date_from", metavar="DATE", help="Start of the period asked for (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="End of the period asked for (YYYY-MM-DD).")
@click.option("--sent", "sent_on", metavar="DATE", help="When the request was sent (YYYY-MM-DD).")
@click.option("--case-number", help="The case number written on the request.")
@click.option("--provider-reference", help="The provider's own reference for the request.")
@click.option("--nondisclosure-until", metavar="DATE", help="Non-disclosure order end date (YYYY-MM-DD).")
@click.option("--use-limits", help="Limits on the use of the returned data.")
@click.option("--region", metavar="CC", help="Country for phone numbers written without +prefix, e.g. US.")
@wait_option
@click.pass_context
def request_add(ctx: click.Context, request_id: str, kind: str, provider: str, targets: tuple[str, ...], wait: float, region: str | None, **fields: Any) -> None:
    """Register one request.

    \b
    Example:
      returns request add GGL-REQ-0141 --kind warrant --provider Google \\
        --target email:lantern.user@example.com --target phone:+12025550143 \\
        --from 2026-01-01 --to 2026-03-31 --sent 2026-04-02
    """
    from .registry import register
    from .requests import build_request

    case = get_case(ctx)
    spec = build_request(request_id, kind, provider, targets, default_region=region, **fields)
    register(case, [spec], wait)
    click.echo(f"Registered request {spec.request_id} ({spec.kind}, {spec.provider}) with {len(spec.targets)} target(s).")
    for warning in spec.warnings:
        click.echo(f"Warning: {warning}")


@request.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--region", metavar="CC", help="Country for phone numbers written without +prefix, e.g. US.")
@wait_option
@click.pass_context
def request_import(ctx: click.Context, file: Path, region: str | None, wait: float) -> None:
    """Register requests from a CSV file (all or nothing).

    Columns: request_id,kind,provider,case_number,sent_on,targets,date_from,date_to
    (optional: provider_reference, nondisclosure_until, use_limits); targets as
    TYPE:VALUE joined by ';'.

    \b
    Example:
      returns request import samples/requests.csv
    """
    from .registry import import_csv

    specs = import_csv(get_case(ctx), file, wait, default_region=region)
    click.echo(f"Registered {len(specs)} request(s) from {file}.")
    for spec in specs:
        for warning in spec.warnings:
            click.echo(f"Warning: {spec.request_id}: {warning}")


@request.command("list")
@output_options
@click.pass_context
def request_list(ctx: click.Context, fmt: str) -> None:
    """List registered requests, with how many packages answer each.

    \b
    Example:
      returns request list --csv > requests.csv
    """
    show(*queries.requests(get_case(ctx)), fmt)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--request", "request_id", metavar="REQUEST_ID", help="The registered request this package answers.")
@click.option("--received-from", metavar="TEXT", help="Who delivered it and how, e.g. 'Google LERS download'.")
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=Path), help="File of passwords for encrypted archives, one per line.")
@click.option("--ask-password", is_flag=True, help="Prompt for an archive password (not echoed).")
@click.option("--assume-tz", "assume_tz", metavar="ZONE",
              help="Zone for times printed with none (when the document declares none), e.g. America/New_York. Flagged as assumed.")
@click.option("--ocr-lang", "ocr_lang", metavar="LANGS",
              help="Tesseract language(s) for scanned pages, joined by '+', e.g. eng+fra (default eng).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@wait_option
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], request_id: str | None, received_from: str | None,
           password_file: Path | None, ask_password: bool, assume_tz: str | None, ocr_lang: str | None, as_json: bool,
           wait: float) -> None:
    """Receive packages: store and hash every file and archive member, and log it.

    Each PATH is one package: a file (zip, 7z, tar, PDF, CSV ...) or a folder.

    \b
    Example:
      returns ingest GGL-2026-0141.zip --request GGL-REQ-0141 --received-from "Google LERS"
      returns ingest discord_return.zip --password-file discord.pw
      returns ingest reply_from_france.pdf --request REQ-2026-0107 --ocr-lang fra+eng
    """
    from .ingest import ingest as run_ingest
    from .ingest import load_passwords
    from .summary import describe_results

    case = get_case(ctx)
    prompted = click.prompt("Archive password", hide_input=True, err=True) if ask_password else None
    passwords = load_passwords(password_file, prompted)
    unsubscribe = _progress() if sys.stderr.isatty() and not as_json else (lambda: None)
    try:
        results = run_ingest(case, list(paths), request_id=request_id, received_from=received_from,
                             passwords=passwords, wait=wait, command="returns ingest", analyst_zone=assume_tz,
                             ocr_lang=ocr_lang)
    finally:
        unsubscribe()
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        click.echo(describe_results(results))
    failed = [r for r in results if r.error]
    if failed:
        ctx.exit(max(r.error.exit_code for r in failed if r.error))


def _progress() -> Callable[[], None]:
    count = {"files": 0}

    def listener(stage: str, info: dict[str, Any]) -> None:
        if stage == "evidence.stored":
            count["files"] += 1
            if count["files"] % 25 == 0:
                click.echo(f"\r  stored {count['files']} files…", err=True, nl=False)
        elif stage == "package.done" and count["files"] >= 25:
            click.echo("", err=True)

    return events.subscribe(listener)


@cli.command()
@output_options
@click.pass_context
def packages(ctx: click.Context, fmt: str) -> None:
    """List received packages.

    \b
    Example:
      returns packages --json
    """
    show(*queries.packages(get_case(ctx)), fmt)


@cli.command()
@click.argument("package_id", required=False)
@output_options
@click.pass_context
def files(ctx: click.Context, package_id: str | None, fmt: str) -> None:
    """List every file and archive member of a package (or of all packages), with its status.

    \b
    Example:
      returns files P-3f9a1c0b2d4e
    """
    show(*queries.package_files(get_case(ctx), package_id), fmt)


@cli.command("warnings")
@click.argument("package_id", required=False)
@output_options
@click.pass_context
def warnings_cmd(ctx: click.Context, package_id: str | None, fmt: str) -> None:
    """List warnings: locked or corrupt archives, unsafe names, files not opened.

    \b
    Example:
      returns warnings P-3f9a1c0b2d4e --csv
    """
    show(*queries.warnings(get_case(ctx), package_id), fmt)


@cli.command("extractors")
@output_options
def extractors_cmd(fmt: str) -> None:
    """List every extractor: its provider, kind (provider layout or generic) and the layout it reads.

    \b
    Example:
      returns extractors --csv
    """
    show(*queries.extractors_list(), fmt)


@cli.command()
@click.argument("package_id", required=False)
@output_options
@click.pass_context
def coverage(ctx: click.Context, package_id: str | None, fmt: str) -> None:
    """Account for every file of a package: parsed (with record counts), ignored, not opened or unparsed.

    \b
    Example:
      returns coverage P-3f9a1c0b2d4e
    """
    show(*queries.coverage(get_case(ctx), package_id), fmt)


@cli.command()
@click.option("--extractor", metavar="NAME", help="Only files last read by this extractor (and files nothing read).")
@click.option("--package", "package_id", metavar="PACKAGE_ID", help="Only this package.")
@click.option("--assume-tz", "assume_tz", metavar="ZONE", help="Zone for times printed with none (flagged as assumed).")
@click.option("--ocr-lang", "ocr_lang", metavar="LANGS", help="Tesseract language(s) for scanned pages, e.g. deu+eng.")
@wait_option
@click.pass_context
def reextract(ctx: click.Context, extractor: str | None, package_id: str | None, assume_tz: str | None, ocr_lang: str | None,
              wait: float) -> None:
    """Read stored files again into a new extraction run (earlier runs are kept).

    \b
    Example:
      returns reextract --extractor google_ip_activity
      returns reextract --package P-3f9a1c0b2d4e --assume-tz America/Chicago
    """
    from .reextract import reextract as run_reextract

    result = run_reextract(get_case(ctx), extractor=extractor, package_id=package_id, analyst_zone=assume_tz, wait=wait,
                          ocr_lang=ocr_lang)
    parsed = sum(1 for f in result.files if f.status in ("extracted", "no_records", "facts_only"))
    click.echo(f"Run {result.run_id}: read {len(result.files)} files ({parsed} parsed); "
               f"{result.counts.get('subscribers', 0)} subscriber, {result.counts.get('ip_events', 0)} IP event and "
               f"{result.counts.get('calls', 0)} call records; {result.counts.get('warnings', 0)} warnings.")
    click.echo("Earlier runs are kept; queries use each file's latest run.")


@cli.command()
@click.option("--anchor", metavar="SEQ:HASH", help="A log head printed by an earlier verify (or carried by an export).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def verify(ctx: click.Context, anchor: str | None, as_json: bool) -> None:
    """Re-hash every stored file and check the custody log's chain.

    Exits 3 if anything changed, went missing, appeared, or if the log was altered.

    \b
    Example:
      returns verify
      returns verify --anchor 57:4be1c0…
    """
    from .verify import verify as run_verify

    report = run_verify(get_case(ctx), anchor)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        click.echo(f"Checked {report.files_checked} stored files and {report.entries_checked} custody entries.")
        if report.anchor:
            click.echo(f"Checked against anchor {report.anchor}.")
        for name in report.in_progress:
            click.echo(f"Note: an ingest of {output.display(name)} is still running; its files were not counted as unexpected.")
        if report.ok:
            click.echo("No problems found: every stored file matches its hash and the custody chain is intact.")
        else:
            click.echo(f"PROBLEMS FOUND ({len(report.problems)}):")
            for p in report.problems:
                click.echo(f"  [{p.where}] {p.kind}: {output.display(p.subject)}: {p.detail}")
            click.echo("Next: preserve the case folder as it is and report these problems; do not ingest more into it.")
        click.echo(f"Log head (anchor): {report.head_seq}:{report.head_hash}")
    if not report.ok:
        ctx.exit(EXIT_VERIFY_FAILED)


@cli.command()
@wait_option
@click.pass_context
def rebuild(ctx: click.Context, wait: float) -> None:
    """Recreate case.duckdb from the custody log and the evidence store.

    \b
    Example:
      returns rebuild
    """
    from .rebuild import rebuild as run_rebuild

    report = run_rebuild(get_case(ctx), wait)
    click.echo(f"Rebuilt the database from {report.entries} custody entries ({report.units_applied} changes applied).")
    if report.previous_kept_as:
        click.echo(f"The previous database was kept as {report.previous_kept_as}.")


@cli.command()
@click.argument("name", required=False)
@click.argument("value", required=False, type=int)
@wait_option
@click.pass_context
def limits(ctx: click.Context, name: str | None, value: int | None, wait: float) -> None:
    """Show or set this case's unpacking limits (bytes, counts, depth).

    \b
    Example:
      returns limits
      returns limits max_member_bytes 107374182400
    """
    from .settings import set_limit

    case = get_case(ctx)
    if name is None:
        for key, val in sorted(case.limits.items()):
            click.echo(f"{key} = {val}")
        return
    if value is None:
        raise click.UsageError("give a value: returns limits NAME VALUE")
    set_limit(case, name, value, wait)
    click.echo(f"Set {name} = {value} for this case (recorded in custody).")


@cli.group(invoke_without_command=True)
@click.option("--package", "package_id", metavar="PACKAGE_ID", help="Only this package.")
@click.option("--all", "show_all", is_flag=True, help="Also list items already decided.")
@output_options
@click.pass_context
def review(ctx: click.Context, package_id: str | None, show_all: bool, fmt: str) -> None:
    """List values a human must check before they are used: OCR readings, free-text finds,
    ambiguous times, assumed zones, changed layouts.

    \b
    Example:
      returns review
      returns review --all --csv > review.csv
      returns review confirm R3f9a1c0b2d4 --value 203.0.113.77
    """
    if ctx.invoked_subcommand is not None:
        return
    from .review import listing

    cols, rows = listing(get_case(ctx), package_id, show_all)
    show(cols, rows, fmt)
    if fmt == "table":
        open_items = sum(1 for r in rows if r[1] == "unconfirmed")
        click.echo(f"{open_items} item(s) need a decision. Confirm with 'returns review confirm ITEM' "
                   "(add --value CORRECTED if the machine misread it).", err=True)


def _decided(item: Any) -> str:
    what = {"confirmed": "confirmed", "corrected": "corrected", "rejected": "rejected"}[item.status]
    value = f" as {item.decided_value!r}" if item.decided_value is not None and item.status != "rejected" else ""
    machine = f"machine read {item.machine_value!r}" if item.machine_value is not None else "the machine read nothing"
    return (f"Item {item.item_id} {what}{value} ({machine}); recorded in the custody log "
            f"by {item.decided_by}. The machine's reading is kept beside it.")


@review.command("confirm")
@click.argument("item_id")
@click.option("--value", metavar="CORRECTED", help="The correct value, when the machine misread it (kept beside the machine's).")
@click.option("--reason", metavar="TEXT", help="Why (e.g. 'checked against page image').")
@wait_option
@click.pass_context
def review_confirm(ctx: click.Context, item_id: str, value: str | None, reason: str | None, wait: float) -> None:
    """Record that a value was checked by a person (optionally with the corrected value).

    \b
    Example:
      returns review confirm R3f9a1c0b2d4 --reason "matches the scanned page"
      returns review confirm R3f9a1c0b2d4 --value 203.0.113.77
    """
    from .review import decide

    item = decide(get_case(ctx), item_id, "corrected" if value is not None else "confirmed", value, reason, wait)
    click.echo(_decided(item))


@review.command("reject")
@click.argument("item_id")
@click.option("--reason", metavar="TEXT", required=True, help="Why the value must not be used.")
@wait_option
@click.pass_context
def review_reject(ctx: click.Context, item_id: str, reason: str, wait: float) -> None:
    """Record that a value is wrong and cannot be corrected (it stays stored, marked rejected).

    \b
    Example:
      returns review reject R3f9a1c0b2d4 --reason "illegible on the scan"
    """
    from .review import decide

    click.echo(_decided(decide(get_case(ctx), item_id, "rejected", None, reason, wait)))


@cli.command("records")
@click.argument("kind", type=click.Choice(["ip", "subscribers", "calls", "facts"]))
@click.option("--package", "package_id", metavar="PACKAGE_ID", help="Only this package.")
@output_options
@click.pass_context
def records_cmd(ctx: click.Context, kind: str, package_id: str | None, fmt: str) -> None:
    """List extracted records (each file's latest run) with their review state.

    A record marked 'unconfirmed' holds a value a person has not yet checked (see 'returns review').

    \b
    Example:
      returns records ip --package P-3f9a1c0b2d4e --csv > ip_events.csv
    """
    from .review import records

    show(*records(get_case(ctx), kind, package_id), fmt)


@cli.command()
@click.argument("file_id")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page number (1-based).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Where to write the PNG (default: ./<sha>-page<N>.png).")
@click.pass_context
def page(ctx: click.Context, file_id: str, page: int, out: Path | None) -> None:
    """Render a page of a stored PDF or image to a PNG, to check what the machine read.

    \b
    Example:
      returns page 3f9a1c0b2d4e5f60 --page 2 --out page2.png
    """
    from .pages import render_page

    path = render_page(get_case(ctx), file_id, page, out)
    click.echo(f"Wrote {path} (page {page}; the stored original is unchanged).")


@cli.command("ocr-text")
@click.argument("file_id")
@click.option("--page", type=click.IntRange(min=1), help="Only this page.")
@output_options
@click.pass_context
def ocr_text_cmd(ctx: click.Context, file_id: str, page: int | None, fmt: str) -> None:
    """Show the text OCR read from a stored file's scanned pages, with engine, language and confidence.

    \b
    Example:
      returns ocr-text 3f9a1c0b2d4e5f60 --page 1
    """
    from .pages import ocr_text

    show(*ocr_text(get_case(ctx), file_id, page), fmt)


def main() -> None:
    cli(prog_name="returns")


if __name__ == "__main__":  # pragma: no cover
    main()
