"""What produced a result: the tool's version, its git commit, and library versions."""

from __future__ import annotations

import functools
import subprocess
from importlib import metadata
from pathlib import Path

from . import __version__

#: libraries whose version changes what is extracted; recorded with every run
TRACKED_LIBRARIES = (
    "duckdb",
    "python-magic",
    "pdfplumber",
    "pdfminer.six",
    "pypdfium2",
    "pytesseract",
    "spacy",
    "pyzipper",
    "py7zr",
    "openpyxl",
    "phonenumbers",
    "click",
)


@functools.lru_cache(maxsize=1)
def tool_info() -> dict[str, object]:
    """Package version, and the git commit with a dirty flag when run from a source tree."""
    info: dict[str, object] = {"name": "csp-returns", "version": __version__}
    src = Path(__file__).resolve().parent.parent
    if (src / ".git").exists():
        try:
            commit = subprocess.run(
                ["git", "-C", str(src), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5
            ).stdout.strip()
            dirty = subprocess.run(
                ["git", "-C", str(src), "status", "--porcelain", "--untracked-files=no"],
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout.strip()
            if commit:
                info["commit"] = commit
                info["dirty"] = bool(dirty)
        except (OSError, subprocess.SubprocessError):
            pass
    return info


@functools.lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """Installed versions of the libraries that shape extraction, plus tesseract's."""
    out: dict[str, str] = {}
    for name in TRACKED_LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    try:
        first = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=10)
        line = (first.stdout or first.stderr).splitlines()
        out["tesseract"] = line[0].split()[-1] if line else "unknown"
    except (OSError, subprocess.SubprocessError):
        out["tesseract"] = "not installed"
    try:
        import magic

        out["libmagic"] = str(magic.version()) if hasattr(magic, "version") else "unknown"
    except Exception:  # noqa: BLE001 - libmagic missing is reported, not fatal here
        out["libmagic"] = "not available"
    return out
