#!/usr/bin/env bash
# Install everything returns needs on a fresh Debian machine, then run the demo on samples/.
# Usage: bash scripts/setup.sh            (installs, then runs the demo into ./demo-case)
#        RETURNS_SKIP_DEMO=1 bash scripts/setup.sh   (install only; used by the test command)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
APT_PACKAGES="libmagic1 tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-deu tesseract-ocr-spa tesseract-ocr-por tesseract-ocr-ita tesseract-ocr-nld poppler-utils"
missing=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "Installing system packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

PY="${PYTHON:-python3}"
echo "Installing the returns package and its pinned dependencies"
"$PY" -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[test]"

if [ "${RETURNS_SKIP_DEMO:-0}" != "1" ]; then
  bash scripts/demo.sh "${1:-demo-case}"
fi
