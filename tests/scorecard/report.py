"""Run the scorecard and write scorecard.json and scorecard.md (default: into ./scorecard/).

    python -m tests.scorecard.report [OUT_DIR]
"""

from __future__ import annotations

import subprocess
import sys

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "scorecard"
    code = subprocess.call([sys.executable, "-m", "pytest", "-m", "scorecard", "-q", "-p", "no:cacheprovider",
                            "--scorecard-out", out, "tests"])
    print(f"wrote {out}/scorecard.json and {out}/scorecard.md")
    sys.exit(code)
