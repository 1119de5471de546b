"""Speed and memory benchmarks, as ratios against baselines measured in the same run.

The machine is small (2 cores) and shared, so absolute times mean little: each figure is
compared with a baseline doing the unavoidable part of the same work on the same data, in
the same run. Usage::

    python bench/bench.py [--rows 200000] [--mb 256] [--json out.json]

Measures
  ingest_store   ingest of one large file vs. hashlib SHA-256 + a plain copy of it
  ingest_zip     ingest of a zip of many small CSV files vs. zipfile read + hash of each member
  extract_iplog  ingest + extraction of an IP log CSV vs. DuckDB read_csv of the same file
  peak_rss       peak resident memory of the ingest processes (MiB), vs. the file size
  ocr_pages      OCR of a scanned PDF through pdftext (parallel, OMP_THREAD_LIMIT=1, psm chosen per page)
                 vs. rendering each page and one plain `tesseract` call per page in sequence
  pdf_text       the text layer of a long text PDF through pdftext (lines with boxes) vs.
                 pypdfium2's bare get_text_range on every page
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cli(*args: str, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run returns in a subprocess; (seconds, peak RSS in KiB of that child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline.cli", *args], check=True, cwd=REPO, capture_output=True,
                   env={**os.environ, "RETURNS_EXAMINER": "bench", **(env or {})})
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before)


def make_iplog(path: Path, rows: int) -> None:
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("Account,IP Address,Port,Timestamp (UTC),Activity\n")
        for i in range(rows):
            ip = f"203.0.113.{rng.randrange(256)}" if i % 3 else f"2001:db8::{rng.randrange(65536):x}"
            fh.write(f"lantern.user,{ip},{rng.randrange(1024, 65535)},2026-03-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d},login\n")


def new_case(root: Path, name: str) -> Path:
    case = root / name
    subprocess.run([sys.executable, "-m", "pipeline.cli", "init", str(case), "--case-number", "BENCH"],
                   check=True, cwd=REPO, capture_output=True, env={**os.environ, "RETURNS_EXAMINER": "bench"})
    return case


def _pdf_doc(path: Path):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from extractors.base import Document

    data = path.read_bytes()
    return Document(hashlib.sha256(data).hexdigest(), path, path.name, "application/pdf", len(data))


def bench_ocr(work: Path, pages: int) -> dict[str, float]:
    """pdftext's OCR path vs. render + one sequential `tesseract` run per page (tesseract's own threads)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))
    from generate import build_pdf, scan_pdf

    lines: list[str] = []
    for n in range(pages):
        lines += [f"Login from 192.0.2.{n + 1} at 2026-01-05 10:{n:02d}:00 UTC, port {40000 + n}"] * 25 + ["\f"]
    pdf = work / "scan.pdf"
    pdf.write_bytes(scan_pdf(build_pdf("bench", "bench", lines[:-1]), "bench"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from extractors import pdftext
    from extractors.ocr import render_pdf_page

    def baseline() -> None:
        env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
        for p in range(1, pages + 1):
            image, _ = render_pdf_page(pdf, p)
            png = work / f"page{p}.png"
            image.save(png)
            subprocess.run(["tesseract", str(png), "-", "--psm", "3"], env=env, check=True, capture_output=True)
    base = timed(baseline)
    t = timed(lambda: pdftext.lines(_pdf_doc(pdf)))
    return {"seconds": t, "baseline_seconds": base, "ratio": t / base, "pages": pages, "pages_per_second": pages / t}


def bench_pdf_text(work: Path, pages: int) -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))
    from generate import build_pdf

    lines: list[str] = []
    for n in range(pages):
        lines += [f"2026-01-05 10:00:{n % 60:02d} UTC   192.0.2.{n % 250 + 1}   port {40000 + n}"] * 40 + ["\f"]
    pdf = work / "text.pdf"
    pdf.write_bytes(build_pdf("bench", "bench", lines[:-1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import pypdfium2 as pdfium

    from extractors import pdftext

    def baseline() -> None:
        doc = pdfium.PdfDocument(str(pdf))
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        doc.close()
    base = timed(baseline)
    t = timed(lambda: pdftext.lines(_pdf_doc(pdf)))
    return {"seconds": t, "baseline_seconds": base, "ratio": t / base, "pages": pages, "pages_per_second": pages / t}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--mb", type=int, default=256)
    ap.add_argument("--members", type=int, default=2000)
    ap.add_argument("--ocr-pages", type=int, default=6)
    ap.add_argument("--pdf-pages", type=int, default=500)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="returns-bench-"))
    results: dict[str, dict[str, float]] = {}
    try:
        # 1. one large opaque file
        big = work / "big.bin"
        with open(big, "wb") as fh:
            block = os.urandom(1024 * 1024)
            for _ in range(args.mb):
                fh.write(block)
        def baseline_store() -> None:
            h = hashlib.sha256()
            with open(big, "rb") as src, open(work / "copy.bin", "wb") as dst:
                while chunk := src.read(1024 * 1024):
                    h.update(chunk)
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
        base = timed(baseline_store)
        case = new_case(work, "c1")
        t, rss = cli("--case", str(case), "ingest", str(big))
        results["ingest_store"] = {"seconds": t, "baseline_seconds": base, "ratio": t / base,
                                   "peak_rss_mib": rss / 1024, "file_mib": args.mb}

        # 2. a zip of many small members
        z = work / "many.zip"
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
            for i in range(args.members):
                zf.writestr(f"part/{i:05d}.txt", f"note {i}\n" * 20)
        def baseline_zip() -> None:
            with zipfile.ZipFile(z) as zf:
                for info in zf.infolist():
                    hashlib.sha256(zf.read(info)).hexdigest()
        base = timed(baseline_zip)
        case = new_case(work, "c2")
        t, _ = cli("--case", str(case), "ingest", str(z))
        results["ingest_zip"] = {"seconds": t, "baseline_seconds": base, "ratio": t / base, "members": args.members}

        # 3. an IP log extracted into records
        log = work / "ip_log.csv"
        make_iplog(log, args.rows)
        import duckdb

        def baseline_duckdb() -> None:
            con = duckdb.connect(str(work / "base.duckdb"))
            con.execute("CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv(?, all_varchar=true)", [str(log)])
            con.close()
        base = timed(baseline_duckdb)
        case = new_case(work, "c3")
        t, rss = cli("--case", str(case), "ingest", str(log))
        con = duckdb.connect(str(case / "case.duckdb"), read_only=True)
        n = con.execute("SELECT count(*) FROM ip_events").fetchone()[0]
        con.close()
        results["extract_iplog"] = {"seconds": t, "baseline_seconds": base, "ratio": t / base, "rows": args.rows,
                                    "records": n, "rows_per_second": args.rows / t, "peak_rss_mib": rss / 1024}

        # 4. OCR of scanned pages, and 5. the text layer of a long PDF
        results["ocr_pages"] = bench_ocr(work, args.ocr_pages)
        results["pdf_text"] = bench_pdf_text(work, args.pdf_pages)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, r in results.items():
        extras = ", ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()
                           if k not in ("seconds", "baseline_seconds", "ratio"))
        print(f"{name:15s} {r['seconds']:8.2f}s  baseline {r['baseline_seconds']:7.2f}s  ratio {r['ratio']:6.1f}x  {extras}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
