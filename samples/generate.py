#!/usr/bin/env python3
"""Deterministic generator for the synthetic provider return packages in samples/.

Usage:
    python samples/generate.py [--out DIR]

Without --out the files are (re)written into the directory holding this script
(samples/).  Every run, on every host and in every host time zone, produces the same
bytes:

* zip entries carry a fixed DOS time (the package's production time), fixed
  permissions (0644, Unix "made by"), and are written in sorted order;
* PDFs are built with reportlab ``invariant=1`` (fixed creation date and document id);
* XLSX workbooks get fixed core properties and are re-zipped with fixed entry times;
* AES zips (pyzipper) get their per-entry salt from a seeded hash stream instead of
  the system random source;
* local times shown in the packages are derived from UTC with explicit, hard-coded
  offsets (no dependency on the host tz database or TZ variable);
* nothing random is used.

All data is synthetic: IPs from 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and
2001:db8::/32, domains example.com/.net/.org, fictional names, 555-01xx phone numbers.

The ground truth each package was built from is written to truth/<package>.json with
every time in UTC.  See README.md and LAYOUTS.md next to this script.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import io
import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------
# Generic deterministic writers
# --------------------------------------------------------------------------------------

UTC = dt.timezone.utc


def utc(s: str) -> dt.datetime:
    """'2026-01-07 21:41:19' -> aware UTC datetime."""
    return dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def iso_z(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def zip_info(name: str, when: tuple, compress: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=when)
    zi.compress_type = compress
    zi.create_system = 3  # Unix, so external_attr is read as a mode everywhere
    zi.external_attr = (0o100644 & 0xFFFF) << 16
    return zi


def build_zip(entries: dict, when: tuple, keep_order: bool = False) -> bytes:
    buf = io.BytesIO()
    names = list(entries) if keep_order else sorted(entries)
    with zipfile.ZipFile(buf, "w") as zf:
        for name in names:
            zf.writestr(zip_info(name, when), entries[name], compresslevel=6)
    return buf.getvalue()


class _SeededRandom:
    """Stand-in for Cryptodome.Random in pyzipper: a SHA-256 counter stream, so the
    AES salts (and therefore the encrypted bytes) are the same on every run."""

    def __init__(self, seed: bytes):
        self._seed = seed
        self._counter = 0

    def new(self):
        return self

    def read(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            out += hashlib.sha256(self._seed + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1
        return out[:n]


def build_aes_zip(entries: dict, when: tuple, password: str, seed: str) -> bytes:
    import pyzipper
    import pyzipper.zipfile_aes as zaes

    saved = zaes.Random
    zaes.Random = _SeededRandom(seed.encode())
    try:
        buf = io.BytesIO()
        with pyzipper.AESZipFile(buf, "w", compression=pyzipper.ZIP_DEFLATED,
                                 encryption=pyzipper.WZ_AES) as zf:
            zf.setpassword(password.encode())
            # AE-2 (no CRC stored) forced explicitly: pyzipper versions differ in their
            # default (0.3.x writes AE-2, 0.4.x AE-1), and the bytes must not depend on it.
            zf.setencryption(pyzipper.WZ_AES, nbits=256, force_wz_aes_version=2)
            for name in sorted(entries):
                zi = zf.zipinfo_cls(name, date_time=when)
                zi.compress_type = pyzipper.ZIP_DEFLATED
                zi.create_system = 3
                zi.external_attr = (0o100644 & 0xFFFF) << 16
                zf.writestr(zi, entries[name])
        return buf.getvalue()
    finally:
        zaes.Random = saved


def build_pdf(title: str, author: str, lines: list, subject: str = "") -> bytes:
    """A plain text PDF (real text, extractable).  Line markup:
    '# text' heading, '## text' sub-heading, '`text' monospaced, '' blank,
    '---' horizontal rule, '\\f' page break; anything else is wrapped body text.
    Consecutive lines starting with '|' form a table ('| cell | cell'): the first is the
    bold header row, cells are drawn as separate text runs in columns sized to their
    content (the widest column wraps when the table is wider than the page), with a rule
    above and below the header and below the last row."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setSubject(subject or title)
    c.setCreator(author)
    width, height = letter
    left, right, top, bottom = 54, 54, 60, 60
    y = height - top
    page = 1

    def footer():
        c.setFont("Helvetica", 8)
        c.drawString(left, 30, title)
        c.drawRightString(width - right, 30, f"Page {page}")

    def newpage():
        nonlocal y, page
        footer()
        c.showPage()
        page += 1
        y = height - top

    def wrap(text, font, size, avail):
        chunks, cur = [], ""
        for word in text.split(" "):
            trial = word if not cur else cur + " " + word
            if stringWidth(trial, font, size) <= avail or not cur:
                cur = trial
            else:
                chunks.append(cur)
                cur = word
        chunks.append(cur)
        return chunks

    def table(rows):
        nonlocal y
        size, pad = 9, 8
        leading = size * 1.3
        cells = [[c.strip() for c in r.strip()[1:].split("|")] for r in rows]
        ncol = max(len(r) for r in cells)
        cells = [r + [""] * (ncol - len(r)) for r in cells]
        fonts = ["Helvetica-Bold"] + ["Helvetica"] * (len(cells) - 1)
        widths = [max(stringWidth(r[i], f, size) for r, f in zip(cells, fonts)) + pad for i in range(ncol)]
        avail = width - left - right
        if sum(widths) > avail:  # cap the widest columns at one width so that the table fits
            for cap in sorted(set(widths), reverse=True) + [0]:
                narrow = sum(w for w in widths if w <= cap)
                wide = sum(1 for w in widths if w > cap)
                if narrow + wide * cap <= avail:
                    cap = (avail - narrow) / wide
                    break
            widths = [min(w, cap) for w in widths]
        xs = [left + sum(widths[:i]) for i in range(ncol)]
        c.setLineWidth(0.5)
        for k, (r, f) in enumerate(zip(cells, fonts)):
            parts = [wrap(t, f, size, w - pad) for t, w in zip(r, widths)]
            height_needed = max(len(p) for p in parts) * leading
            if y - height_needed < bottom:
                newpage()
            if k == 0:
                c.line(left, y + size + 2, left + sum(widths), y + size + 2)
            for x, p in zip(xs, parts):
                c.setFont(f, size)
                for j, chunk in enumerate(p):
                    c.drawString(x, y - j * leading, chunk)
            y -= height_needed
            if k == 0 or k == len(cells) - 1:
                c.line(left, y + size - 1, left + sum(widths), y + size - 1)
                y -= 3
        y -= 4

    pending = []
    for raw in list(lines) + [None]:
        if raw is not None and raw.startswith("|"):
            pending.append(raw)
            continue
        if pending:
            table(pending)
            pending = []
        if raw is None:
            break
        if raw == "\f":
            newpage()
            continue
        if raw == "---":
            if y < bottom + 10:
                newpage()
            c.setLineWidth(0.5)
            c.line(left, y + 4, width - right, y + 4)
            y -= 8
            continue
        if raw.startswith("# "):
            font, size, text = "Helvetica-Bold", 13, raw[2:]
        elif raw.startswith("## "):
            font, size, text = "Helvetica-Bold", 10.5, raw[3:]
        elif raw.startswith("`"):
            font, size, text = "Courier", 8, raw[1:]
        else:
            font, size, text = "Helvetica", 10, raw
        leading = size * 1.35
        # wrap
        avail = width - left - right
        chunks = []
        if font == "Courier" or not text:
            chunks = [text]
        else:
            cur = ""
            for word in text.split(" "):
                trial = word if not cur else cur + " " + word
                if stringWidth(trial, font, size) <= avail:
                    cur = trial
                else:
                    chunks.append(cur)
                    cur = word
            chunks.append(cur)
        for chunk in chunks:
            if y < bottom:
                newpage()
            c.setFont(font, size)
            c.drawString(left, y, chunk)
            y -= leading
        if raw.startswith("#"):
            y -= 3
    footer()
    c.showPage()
    c.save()
    return buf.getvalue()


FIXED_XLSX_TIME = "2026-01-01T00:00:00Z"


def scan_pdf(pdf: bytes, seed: str, skew: float = 0.6, noise: float = 0.002, dpi: int = 200) -> bytes:
    """An image-only copy of ``pdf``, as if printed and scanned: each page rendered at ``dpi``,
    rotated by ``skew`` degrees (alternating sign per page), speckled with ``noise`` (fraction
    of pixels), slightly blurred, and wrapped page by page in a new PDF with no text layer.
    Deterministic: the noise is seeded by ``seed`` and reportlab runs with ``invariant=1``."""
    import random

    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    src = pdfium.PdfDocument(pdf)
    buf = io.BytesIO()
    out = None
    try:
        for i in range(len(src)):
            page = src[i]
            w_pt, h_pt = page.get_width(), page.get_height()
            img = page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
            page.close()
            angle = skew if i % 2 == 0 else -skew
            img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            px = img.load()
            w, h = img.size
            for _ in range(int(w * h * noise)):
                x, y = rng.randrange(w), rng.randrange(h)
                px[x, y] = rng.choice((0, 96, 160))
            img = img.filter(ImageFilter.GaussianBlur(0.5)).point(lambda v: 0 if v < 150 else 255).convert("1", dither=Image.NONE)
            if out is None:
                out = canvas.Canvas(buf, pagesize=(w_pt, h_pt), invariant=1, pageCompression=1)
                out.setCreator("scanner")
            out.setPageSize((w_pt, h_pt))
            png = io.BytesIO()
            img.save(png, "PNG", optimize=False)
            out.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, width=w_pt, height=h_pt)
            out.showPage()
    finally:
        src.close()
    assert out is not None, "a PDF with no pages cannot be scanned"
    out.save()
    return buf.getvalue()


def build_xlsx(sheets: list, created: dt.datetime, creator: str, when: tuple) -> bytes:
    """sheets: list of (title, rows, column_widths, number_formats) where rows is a list
    of lists and number_formats maps a 1-based column index to an Excel format applied
    to every non-header cell holding a date/time value in that column."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, widths, formats, bold_rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        for col, w in (widths or {}).items():
            ws.column_dimensions[col].width = w
        for r_idx in bold_rows or ():
            for cell in ws[r_idx]:
                cell.font = Font(bold=True)
        for col_idx, fmt in (formats or {}).items():
            for row in ws.iter_rows(min_col=col_idx, max_col=col_idx):
                for cell in row:
                    if isinstance(cell.value, (dt.datetime, dt.date, dt.time)):
                        cell.number_format = fmt
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = created.replace(tzinfo=None)
    wb.properties.modified = created.replace(tzinfo=None)
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps 'modified' with the wall clock and the zip entries with the local
    # time: rewrite both.
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    entries = {}
    for name in src.namelist():
        data = src.read(name)
        if name == "docProps/core.xml":
            text = data.decode("utf-8")
            text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                          r"\g<1>" + stamp + r"\g<2>", text)
            text = re.sub(r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)",
                          r"\g<1>" + stamp + r"\g<2>", text)
            data = text.encode("utf-8")
        entries[name] = data
    return build_zip(entries, when, keep_order=True)


def csv_bytes(rows: list, preamble: list | None = None, newline: str = "\r\n") -> bytes:
    out = io.StringIO()
    for line in preamble or ():
        out.write(line + newline)
    w = csv.writer(out, lineterminator=newline)
    for r in rows:
        w.writerow(r)
    return out.getvalue().encode("utf-8")


def sha256(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def md5(b: bytes) -> str:
    return hashlib.md5(b).hexdigest()


def jdump(obj) -> bytes:
    return (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


# Hard-coded zone rules (no tz database needed).
def eastern(t: dt.datetime) -> tuple:
    """UTC -> (local naive datetime, abbreviation) for US Eastern, 2025-2026 only."""
    t = t.astimezone(UTC)
    edt = [(utc("2025-03-09 07:00:00"), utc("2025-11-02 06:00:00")),
           (utc("2026-03-08 07:00:00"), utc("2026-11-01 06:00:00"))]
    for start, end in edt:
        if start <= t < end:
            return (t + dt.timedelta(hours=-4)).replace(tzinfo=None), "EDT"
    return (t + dt.timedelta(hours=-5)).replace(tzinfo=None), "EST"


def central_europe(t: dt.datetime) -> tuple:
    """UTC -> (local naive datetime, abbreviation) for Europe/Oslo, 2025-2026 only."""
    t = t.astimezone(UTC)
    cest = [(utc("2025-03-30 01:00:00"), utc("2025-10-26 01:00:00")),
            (utc("2026-03-29 01:00:00"), utc("2026-10-25 01:00:00"))]
    for start, end in cest:
        if start <= t < end:
            return (t + dt.timedelta(hours=2)).replace(tzinfo=None), "CEST"
    return (t + dt.timedelta(hours=1)).replace(tzinfo=None), "CET"


def pacific(t: dt.datetime) -> tuple:
    t = t.astimezone(UTC)
    pdt = [(utc("2025-03-09 10:00:00"), utc("2025-11-02 09:00:00")),
           (utc("2026-03-08 10:00:00"), utc("2026-11-01 09:00:00"))]
    for start, end in pdt:
        if start <= t < end:
            return (t + dt.timedelta(hours=-7)).replace(tzinfo=None), "PDT"
    return (t + dt.timedelta(hours=-8)).replace(tzinfo=None), "PST"


# --------------------------------------------------------------------------------------
# The fictional investigation
# --------------------------------------------------------------------------------------

CASE = "CASE-2026-0417"
CASE_B = "CASE-2026-0422"

PERSON = {
    "name": "Jordan Vale",
    "given": "Jordan",
    "family": "Vale",
    "email": "jordan.vale.demo@example.com",
    "email_alt": "jv.backup@example.org",
    "email_recovery": "jv.recovery@example.net",
    "phone": "+12025550143",
    "phone_old": "+12025550178",
}

# Public IPs used across packages (documentation ranges only).
IP_HOME = "198.51.100.23"
IP_HOME6 = "2001:db8:4a1f:12::7"
IP_CGNAT = "203.0.113.77"
IP_CAFE = "192.0.2.44"
IP_MOBILE6 = "2001:db8:85a3::8a2e:370:7334"
IP_ABROAD6 = "2001:db8:77:4100::1b"

REQUESTS = [
    # request_id, kind, provider, case, sent_on, targets, from, to, provider_reference
    ("REQ-2026-0101", "preservation", "Google", CASE, "2026-01-12",
     "email:jordan.vale.demo@example.com", "2025-12-01", "2026-01-31", "GGL-2026-0098"),
    ("REQ-2026-0102", "warrant", "Google", CASE, "2026-02-03",
     "email:jordan.vale.demo@example.com;account:999000000417", "2025-12-01", "2026-01-31",
     "GGL-2026-0141"),
    ("REQ-2026-0103", "warrant", "Meta", CASE, "2026-02-04",
     "instagram:jv_demo_0417;email:jordan.vale.demo@example.com", "2025-12-01", "2026-01-31",
     "8800417001"),
    ("REQ-2026-0104", "subpoena", "Snapchat", CASE, "2026-02-05",
     "snapchat:vale_snaps0417", "2025-12-01", "2026-01-31", "SNAP-2026-77104"),
    ("REQ-2026-0105", "warrant", "Kik", CASE, "2026-02-05",
     "username:vale_kik0417;email:jordan.vale.demo@example.com", "2025-12-01", "2026-01-31",
     "KIK-2026-00912"),
    ("REQ-2026-0106", "emergency_disclosure", "TikTok", CASE, "2026-02-06",
     "tiktok:vale.tok;phone:+12025550143", "2025-12-01", "2026-01-31", "TT-LE-2026-55120"),
    ("REQ-2026-0107", "mla", "Fjordlink Broadband AS", CASE, "2026-02-09",
     "ip:203.0.113.77;ip:2001:db8:77:4100::1b", "2026-01-07", "2026-01-20", "MLA-2026-0031"),
    ("REQ-2026-0108", "warrant", "Discord", CASE, "2026-02-10",
     "discord:vale.disc0417;email:jordan.vale.demo@example.com", "2025-12-01", "2026-01-31", ""),
    ("REQ-2026-0109", "production_order", "Lakeshore Wireless", CASE_B, "2026-03-16",
     "phone:+12025550143", "2026-03-01", "2026-03-15", "LSW-2026-03381"),
]


def requests_csv() -> bytes:
    header = ["request_id", "kind", "provider", "case_number", "sent_on", "targets",
              "date_from", "date_to", "provider_reference"]
    return csv_bytes([header] + [list(r) for r in REQUESTS], newline="\n")


def req(req_id: str) -> dict:
    for r in REQUESTS:
        if r[0] == req_id:
            return dict(zip(["request_id", "kind", "provider", "case_number", "sent_on",
                             "targets", "date_from", "date_to", "provider_reference"], r))
    raise KeyError(req_id)


def truth_base(package: str, req_id: str, **extra) -> dict:
    r = req(req_id)
    d = {
        "package": package,
        "request_id": req_id,
        "provider": r["provider"],
        "provider_reference": r["provider_reference"],
        "case_number": r["case_number"],
        "request_targets": r["targets"].split(";"),
    }
    d.update(extra)
    return d


# --------------------------------------------------------------------------------------
# Google
# --------------------------------------------------------------------------------------

def google_package():
    ref = "GGL-2026-0141"
    acct = "999000000417"
    email = PERSON["email"]
    prefix = f"{email}.{acct}"
    produced = utc("2026-02-17 21:04:10")
    when = (2026, 2, 17, 21, 4, 10)

    def gz(t: dt.datetime) -> str:  # Google LERS style "YYYY-MM-DD HH:MM:SS Z"
        return t.strftime("%Y-%m-%d %H:%M:%S Z")

    created = utc("2024-06-02 15:21:09")
    ip_events = [
        (utc("2025-12-03 14:05:12"), IP_HOME, "Login", "", "",
         "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
        (utc("2025-12-03 18:40:57"), IP_HOME, "Logout", "", "",
         "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
        (utc("2025-12-19 02:11:30"), IP_HOME6, "Login", "", "0A1B2C3D-0000-4000-8000-000000000417",
         "GoogleApp/350.0 iOS/18.1"),
        (utc("2026-01-07 21:33:04"), IP_CGNAT, "Login", "3f0000000000a417", "",
         "com.google.android.gms/250000000 (Linux; U; Android 15)"),
        (utc("2026-01-15 09:02:44"), IP_CAFE, "Login", "3f0000000000a417", "",
         "com.google.android.gms/250000000 (Linux; U; Android 15)"),
        (utc("2026-01-28 16:17:09"), IP_MOBILE6, "Login", "3f0000000000a417", "",
         "com.google.android.gms/250000000 (Linux; U; Android 15)"),
    ]
    changes = [
        (utc("2025-12-19 02:14:02"), IP_HOME6, "Recovery Phone Changed",
         "+1 202-555-0178", "+1 202-555-0143"),
        (utc("2026-01-07 21:35:40"), IP_CGNAT, "Recovery Email Changed",
         "jv.oldmail@example.net", PERSON["email_recovery"]),
        (utc("2026-01-15 09:05:10"), IP_CAFE, "Password Changed", "", ""),
    ]
    last_logins = [t for t, _, kind, *_ in ip_events if kind == "Login"][::-1][:3]

    sub_fields = [
        ("Google Account ID", acct),
        ("Name", PERSON["name"]),
        ("Given Name", PERSON["given"]),
        ("Family Name", PERSON["family"]),
        ("e-Mail", email),
        ("Alternate e-Mails", ""),
        ("Created on", gz(created)),
        ("Terms of Service IP", IP_HOME),
        ("Terms of Service Language", "en"),
        ("Birthday (Month Day, Year)", "March 14, 1994"),
        ("Services", "Gmail, Google Calendar, Google Drive, Google Photos, YouTube, Android"),
        ("Deletion Date", ""),
        ("Status", "Enabled"),
        ("Last Updated Date", gz(utc("2026-01-15 09:05:10"))),
        ("Last Logins", ", ".join(gz(t) for t in last_logins)),
    ]
    recovery = [
        ("Contact e-Mail", email),
        ("Recovery e-Mail", PERSON["email_recovery"]),
        ("Recovery SMS", "+1 202-555-0143 [US]"),
    ]
    phones = [
        ("User Phone Numbers", "+12025550143 [US]"),
        ("2-Step Verification Phone Numbers", "+12025550143 [US]"),
    ]

    e = html.escape

    def li(items):
        return "\n".join(f"<li>{e(k)}: {e(v)}</li>" for k, v in items)

    ip_rows = "\n".join(
        "<tr>" + "".join(f"<td>{e(x)}</td>" for x in (gz(t), ip, kind, aid, idfv, ua)) + "</tr>"
        for t, ip, kind, aid, idfv, ua in ip_events)
    sub_html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{e(prefix)}.SubscriberInfo</title>
<style>body{{font-family:Arial,sans-serif;font-size:10pt}} table{{border-collapse:collapse}} td,th{{border:1px solid #999;padding:2px 6px;text-align:left}}</style>
</head>
<body>
<h1>GOOGLE SUBSCRIBER INFORMATION</h1>
<div class="section">
<ul>
{li(sub_fields)}
</ul>
</div>
<div class="section">
<h2>ACCOUNT RECOVERY</h2>
<ul>
{li(recovery)}
</ul>
</div>
<div class="section">
<h2>PHONE NUMBERS</h2>
<ul>
{li(phones)}
</ul>
</div>
<div class="section">
<h2>IP ACTIVITY</h2>
<table>
<tr><th>Timestamp</th><th>IP Address</th><th>Activity Type</th><th>Android ID</th><th>Apple IDFV</th><th>User Agent String</th></tr>
{ip_rows}
</table>
</div>
</body>
</html>
"""
    # Text form (older LERS subscriber sheets were plain text).
    t_lines = ["GOOGLE SUBSCRIBER INFORMATION", ""]
    t_lines += [f"{k}: {v}" for k, v in sub_fields]
    t_lines += ["", "ACCOUNT RECOVERY"] + [f"{k}: {v}" for k, v in recovery]
    t_lines += ["", "PHONE NUMBERS"] + [f"{k}: {v}" for k, v in phones]
    t_lines += ["", "IP ACTIVITY",
                f"{'Timestamp':<24}{'IP Address':<40}{'Activity Type':<15}Android ID"]
    for t, ip, kind, aid, _idfv, _ua in ip_events:
        t_lines.append(f"{gz(t):<24}{ip:<40}{kind:<15}{aid}".rstrip())
    t_lines.append("")
    sub_txt = "\r\n".join(t_lines).encode("utf-8")

    ip_csv = csv_bytes(
        [["Timestamp (UTC)", "IP Address", "Activity Type", "Android ID", "Apple IDFV",
          "User Agent String"]]
        + [[t.strftime("%Y-%m-%d %H:%M:%S UTC"), ip, kind, aid, idfv, ua]
           for t, ip, kind, aid, idfv, ua in ip_events])

    ch_rows = "\n".join(
        "<tr>" + "".join(f"<td>{e(x)}</td>" for x in (gz(t), ip, kind, old, new)) + "</tr>"
        for t, ip, kind, old, new in changes)
    change_html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{e(prefix)}.ChangeHistory</title>
</head>
<body>
<h1>GOOGLE ACCOUNT CHANGE HISTORY</h1>
<p>Account: {e(email)} ({acct})</p>
<table>
<tr><th>Timestamp</th><th>IP Address</th><th>Change Type</th><th>Old Value</th><th>New Value</th></tr>
{ch_rows}
</table>
</body>
</html>
"""

    def export_summary(service: str, resource: str, no_records: bool) -> bytes:
        lines = [
            "Export Summary",
            "",
            f"Production ID: {ref}",
            f"Originating Identifier: {email} [Email]",
            f"Resolved Identifier: {acct}",
            f"Service: {service}",
            f"Resource: {resource}",
            "Start of date range: 2025-12-01 00:00:00 UTC",
            "End of date range: 2026-01-31 23:59:59 UTC",
            f"Export generated: {produced.strftime('%Y-%m-%d %H:%M:%S UTC')}",
            f"Records exported: {'No' if no_records else 'Yes'}",
            "",
        ]
        return "\r\n".join(lines).encode("utf-8")

    inner = {}
    name = f"{prefix}.GoogleAccount.SubscriberInfo_001"
    inner[name + ".zip"] = build_zip({
        f"Google Account/{prefix}.SubscriberInfo.html": sub_html.encode("utf-8"),
        f"Google Account/{prefix}.SubscriberInfo.txt": sub_txt,
        f"Google Account/{prefix}.IPActivity.csv": ip_csv,
        f"{prefix}.GoogleAccount.SubscriberInfo.ExportSummary.txt":
            export_summary("Google Account", "Subscriber Info", False),
    }, when)
    name = f"{prefix}.GoogleAccount.ChangeHistory_001"
    inner[name + ".zip"] = build_zip({
        f"Google Account/{prefix}.ChangeHistory.html": change_html.encode("utf-8"),
        f"{prefix}.GoogleAccount.ChangeHistory.ExportSummary.txt":
            export_summary("Google Account", "Change History", False),
    }, when)
    name = f"{prefix}.GooglePlayStore.Devices_001"
    inner[name + ".zip"] = build_zip({
        "NoRecords.txt": b"No records were found for this service and resource within the "
                         b"scope of the legal process.\r\n",
        f"{prefix}.GooglePlayStore.Devices.ExportSummary.txt":
            export_summary("Google Play Store", "Devices", True),
    }, when)

    cert_name = f"{ref}_Certificate_of_Authenticity.pdf"
    cert = build_pdf(
        f"Google LLC - Certificate of Authenticity - {ref}", "Google LLC (synthetic sample)",
        [
            "# CERTIFICATE OF AUTHENTICITY OF DOMESTIC BUSINESS RECORDS",
            "## Pursuant to Federal Rules of Evidence 902(11) and 902(13)",
            "",
            "I, Casey Placeholder, attest, under penalties of perjury by the laws of the "
            "United States of America pursuant to 28 U.S.C. Section 1746, that the "
            "information contained in this certification is true and correct. I am employed "
            "by Google LLC (\"Google\") as a Custodian of Records, and I am qualified to "
            "authenticate the records attached hereto because I am familiar with how the "
            "records were created, managed, stored and retrieved.",
            "",
            f"Google reference number: {ref}",
            f"Requesting agency case number: {CASE}",
            f"Account: {email} (Google Account ID {acct})",
            "Date range: 2025-12-01 00:00:00 UTC to 2026-01-31 23:59:59 UTC",
            "",
            "The records provided are true duplicates of the original records, were made at "
            "or near the time of the occurrence of the matters set forth by, or from "
            "information transmitted by, a person with knowledge of those matters, were "
            "kept in the course of Google's regularly conducted business activity, and were "
            "made by the regularly conducted business activity as a regular practice.",
            "",
            "The records were generated by an electronic process or system that produces an "
            "accurate result, and were copied from the electronic device(s), storage medium, "
            "or file(s) in the custody of Google in a manner to ensure that they are true "
            "duplicates of the original records. The hash values of the produced files are "
            f"listed in the file {ref}_Hash_Values.txt that accompanies this certificate.",
            "",
            "All times in the produced records are in Coordinated Universal Time (UTC).",
            "",
            f"Date: {produced.strftime('%B %d, %Y').replace(' 0', ' ')}",
            "",
            "Signed: /s/ Casey Placeholder",
            "Custodian of Records, Google LLC",
        ])

    files = dict(inner)
    files[cert_name] = cert
    manifest = [
        "Google LLC - Production Hash Values",
        f"Production ID: {ref}",
        f"Account: {email} ({acct})",
        f"Generated: {produced.strftime('%Y-%m-%d %H:%M:%S UTC')}",
        "Algorithm: SHA-256 for every file; MD5 additionally given where requested.",
        "",
        f"{'Algorithm':<10}{'Hash':<66}{'Bytes':>8}  File",
    ]
    for fname in sorted(files):
        manifest.append(f"{'SHA256':<10}{sha256(files[fname]):<66}{len(files[fname]):>8}  {fname}")
    manifest.append(f"{'MD5':<10}{md5(files[cert_name]):<66}{len(files[cert_name]):>8}  {cert_name}")
    manifest.append("")
    files[f"{ref}_Hash_Values.txt"] = "\r\n".join(manifest).encode("utf-8")

    package = build_zip(files, when)

    truth = truth_base(
        f"{ref}.zip", "REQ-2026-0102",
        produced_utc=iso_z(produced),
        time_zone_in_package="UTC (\"YYYY-MM-DD HH:MM:SS Z\" in HTML/TXT, \"... UTC\" in CSV)",
        subscribers=[{
            "account_id": acct,
            "name": PERSON["name"],
            "emails": [email],
            "recovery_emails": [PERSON["email_recovery"]],
            "phones": [PERSON["phone"]],
            "created_utc": iso_z(created),
            "registration_ip": IP_HOME,
            "status": "Enabled",
        }],
        ip_events=[{"utc": iso_z(t), "ip": ip, "port": None, "event": kind, "account": acct,
                    "android_id": aid or None, "apple_idfv": idfv or None}
                   for t, ip, kind, aid, idfv, _ua in ip_events],
        account_changes=[{"utc": iso_z(t), "ip": ip, "change": kind, "old": old or None,
                          "new": new or None} for t, ip, kind, old, new in changes],
        emails=sorted({email, PERSON["email_recovery"], "jv.oldmail@example.net"}),
        phones=[PERSON["phone"], PERSON["phone_old"]],
        no_records=["GooglePlayStore.Devices"],
        files={
            "outer": sorted(files),
            "inner_zips": {k: sorted(zipfile.ZipFile(io.BytesIO(v)).namelist())
                           for k, v in sorted(inner.items())},
            "hash_manifest": f"{ref}_Hash_Values.txt",
            "certificate": cert_name,
        },
        hashes={"sha256": {k: sha256(v) for k, v in sorted(files.items())
                           if not k.endswith("_Hash_Values.txt")},
                "md5": {cert_name: md5(cert)}},
    )
    return {f"packages/{ref}.zip": package}, truth


# --------------------------------------------------------------------------------------
# Meta (Instagram) records.html
# --------------------------------------------------------------------------------------

def meta_package():
    ticket = "8800417001"
    target = "17800000000000417"
    vanity = "jv_demo_0417"
    generated = utc("2026-02-19 16:40:02")
    when = (2026, 2, 19, 16, 40, 2)
    reg_time = utc("2024-07-11 12:01:33")

    def mt(t):
        return t.strftime("%Y-%m-%d %H:%M:%S UTC")

    ip_records = [
        (f"{IP_HOME}:50432", utc("2025-12-04 13:12:40"), "login", IP_HOME, 50432),
        (f"[{IP_HOME6}]:52114", utc("2025-12-19 02:20:11"), "login", IP_HOME6, 52114),
        (f"{IP_CGNAT}:40112", utc("2026-01-07 21:41:19"), "v1_profile_changed", IP_CGNAT, 40112),
        (f"{IP_CAFE}:61022", utc("2026-01-15 09:10:56"), "media_upload", IP_CAFE, 61022),
        (f"[{IP_MOBILE6}]:49821", utc("2026-01-28 16:20:33"), "v1_logout", IP_MOBILE6, 49821),
    ]
    e = html.escape

    def leaf(label, value_html):
        return (f'<div class="t o"><div class="t i">{e(label)}'
                f'<div class="m"><div>{value_html}</div></div></div></div>')

    def lines(vals):
        return "<br>".join(e(v) for v in vals)

    def nested(label, records, loose=""):
        inner = []
        for rec in records:
            inner.extend(leaf(lbl, e(val)) for lbl, val in rec)
            inner.append('<div class="p"></div>')
        return (f'<div class="t o"><div class="t i">{e(label)}'
                f'<div class="m"><div>{e(loose)}' + "".join(inner) + '</div></div></div></div>')

    def pane(name, body):
        return f'<div id="property-{name}" class="content-pane">\n{body}\n</div>'

    def definition(name, text):
        return leaf(f"{name} Definition", e(text))

    params = [
        ("Service", "Instagram"),
        ("Internal Ticket Number", ticket),
        ("Target", target),
        ("Account Identifier", vanity),
        ("Account Type", "User"),
        ("Generated", mt(generated)),
        ("Date Range", "2025-12-01 00:00:00 UTC to 2026-01-31 23:59:59 UTC"),
    ]
    ip_recs = [[("IP Address", a), ("Time", mt(t)), ("Action", act)]
               for a, t, act, _ip, _p in ip_records]
    # The return is paginated: the IP list is split by a page break and continues in an
    # unlabelled block (as real Meta business-record exports do).
    ip_body = (
        definition("Ip Addresses", "IP addresses used to access the account, with the date "
                   "and time (UTC) and the action taken. Where available, the source port "
                   "follows the address after a colon; IPv6 addresses are printed in brackets.")
        + "\n" + nested("Ip Addresses", ip_recs[:3])
        + '\n<div class="pageBreak"></div>\n'
        + nested("", ip_recs[3:])
    )
    sections = [
        pane("request_parameters", "\n".join(leaf(k, e(v)) for k, v in params)),
        pane("name", definition("Name", "Name provided by the account holder.") + "\n"
             + nested("Name", [[("First", PERSON["given"]), ("Last", PERSON["family"])]])),
        pane("emails", definition("Emails", "Email addresses registered to the account.")
             + "\n" + leaf("Emails", lines([PERSON["email"], PERSON["email_alt"]]))),
        pane("vanity", leaf("Vanity", e(vanity))),
        pane("registration_date", leaf("Registration Date", e(mt(reg_time)))),
        pane("registration_ip", leaf("Registration Ip", e(IP_HOME))),
        pane("phone_numbers", definition("Phone Numbers", "Phone numbers registered to the "
                                         "account, with verification state.")
             + "\n" + leaf("Phone Numbers", lines(["+1 2025550143 Verified"]))),
        pane("account_end_date", leaf("Account End Date", "No responsive records")),
        pane("ip_addresses", ip_body),
        pane("devices", leaf("Devices", "No responsive records")),
    ]
    records_html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>Meta Platforms Business Record</title>
<style>
.content-pane{{margin:12px 0;border-top:1px solid #ccc}}
.t.o{{margin:2px 0}} .t.i{{font-weight:bold}} .m{{font-weight:normal;margin-left:18px}}
.p{{height:8px}} .pageBreak{{page-break-after:always}}
</style>
</head>
<body>
<div id="header"><h1>Meta Platforms Business Record</h1>
<p>Instagram account {e(vanity)} (Target {target}) &mdash; Ticket {ticket}</p></div>
{chr(10).join(sections)}
</body>
</html>
"""
    cert = build_pdf(
        f"Meta Platforms, Inc. - Business Record Declaration - {ticket}",
        "Meta Platforms, Inc. (synthetic sample)",
        [
            "# DECLARATION OF CUSTODIAN OF RECORDS",
            "## Certificate of Authenticity of Domestic Records of Regularly Conducted Activity",
            "",
            "I, Robin Sampleton, declare that I am employed by Meta Platforms, Inc. as a "
            "custodian of records and am authorized to submit this declaration.",
            "",
            f"Internal Ticket Number: {ticket}",
            f"Service: Instagram    Target: {target}    Account Identifier: {vanity}",
            f"Requesting agency case number: {CASE}",
            "",
            "The records produced (records.html) are true and correct copies of records "
            "made at or near the time of the events by, or from information transmitted "
            "by, a person with knowledge, kept in the course of regularly conducted "
            "activity, and made as a regular practice of that activity.",
            "",
            "Times in the records are stated in Coordinated Universal Time (UTC).",
            "",
            f"SHA-256 of records.html: {sha256(records_html.encode('utf-8'))}",
            "",
            "I declare under penalty of perjury that the foregoing is true and correct.",
            f"Executed on {generated.strftime('%Y-%m-%d')}.",
            "/s/ Robin Sampleton, Custodian of Records",
        ])
    files = {
        "records.html": records_html.encode("utf-8"),
        f"Meta_Business_Record_Declaration_{ticket}.pdf": cert,
    }
    pkg_name = f"META-{ticket}.zip"
    truth = truth_base(
        pkg_name, "REQ-2026-0103",
        produced_utc=iso_z(generated),
        time_zone_in_package="UTC (\"YYYY-MM-DD HH:MM:SS UTC\")",
        subscribers=[{
            "account_id": target,
            "username": vanity,
            "service": "Instagram",
            "name": PERSON["name"],
            "emails": [PERSON["email"], PERSON["email_alt"]],
            "phones": [PERSON["phone"]],
            "created_utc": iso_z(reg_time),
            "registration_ip": IP_HOME,
        }],
        ip_events=[{"utc": iso_z(t), "ip": ip, "port": port, "event": act, "account": target}
                   for _a, t, act, ip, port in ip_records],
        emails=[PERSON["email"], PERSON["email_alt"]],
        phones=[PERSON["phone"]],
        no_records=["account_end_date", "devices"],
        files={"outer": sorted(files), "page_break_in": "ip_addresses"},
    )
    return {f"packages/{pkg_name}": build_zip(files, when)}, truth


# --------------------------------------------------------------------------------------
# Snapchat (CSV set, inner zip nested in a delivery zip)
# --------------------------------------------------------------------------------------

def snapchat_package():
    ref = "SNAP-2026-77104"
    user = "vale_snaps0417"
    user_id = "a1b2c3d4-0000-4000-8000-000000000417"
    produced = utc("2026-02-24 18:30:00")
    when = (2026, 2, 24, 18, 30, 0)
    created = utc("2024-08-30 19:44:05")
    last_active = utc("2026-02-01 16:15:00")

    def st(t):  # newer Snap format
        return t.strftime("%Y-%m-%d %H:%M:%S UTC")

    def st_old(t):  # older Snap format, e.g. "Tue Dec 16 03:02:11 UTC 2025"
        return t.strftime("%a %b %d %H:%M:%S UTC %Y")

    la_local, la_abbr = pacific(last_active)
    sep = "=" * 60

    def section(legend: str, header: list, rows: list) -> list:
        return [[legend], [sep], header] + rows + [[]]

    changes = [
        (utc("2025-12-16 03:02:11"), "CHANGE_DISPLAY_NAME", "J V", "Jordan V", "user_initiated"),
        (utc("2026-01-15 09:22:45"), "CHANGE_EMAIL", "jv.oldmail@example.net",
         PERSON["email"], "user_initiated"),
    ]
    sub_rows = []
    sub_rows += section(
        "Subscriber Information\nusername: the account username\nuser_id: internal user "
        "identifier\ncreated: account creation time (UTC)\ncreation_ip: IP address used "
        "at account creation",
        ["username", "user_id", "created", "email_address", "email_status",
         "pending_email_address", "creation_ip", "phone_number", "phone_status",
         "pending_phone_number", "former_phone_number", "display_name", "status"],
        [[user, user_id, st(created), PERSON["email"], "verified", "", IP_HOME,
          "12025550143", "verified", "", "12025550178", "Jordan V", "active"]])
    sub_rows += section(
        "Account Details\nlast_active: time of last activity, in Pacific Time (PST/PDT)\n"
        "email_verified_timestamp and phone_verified_timestamp are in UTC",
        ["email_verified_timestamp", "phone_verified_timestamp", "birthdate", "last_active",
         "follower_count", "app_version", "2fa_status"],
        [[st(utc("2024-08-30 19:50:12")), st(utc("2024-08-30 19:47:31")), "1994-03-14",
          la_local.strftime("%Y-%m-%d %H:%M:%S ") + la_abbr, "12", "13.20.0 (build 43)", "disabled"]])
    sub_rows += section(
        "Account Change History\ndate: time of the change (UTC)\naction: the change made",
        ["date", "action", "old_value", "new_value", "reason"],
        [[st_old(t), a, o, n, r] for t, a, o, n, r in changes])
    # strip trailing empty row
    while sub_rows and sub_rows[-1] == []:
        sub_rows.pop()
    subscriber_csv = csv_bytes(sub_rows)

    logins = [
        (utc("2025-12-05 01:15:44"), IP_HOME, "login", "US", "AS64500"),
        (utc("2025-12-19 02:25:39"), IP_HOME6, "login", "US", "AS64500"),
        (utc("2026-01-07 21:48:10"), IP_CGNAT, "login", "NO", "AS64511"),
        (utc("2026-01-15 09:20:02"), IP_CAFE, "login", "US", "AS64502"),
        (utc("2026-01-15 11:02:57"), IP_CAFE, "logout", "US", "AS64502"),
    ]
    ip_rows = section(
        "IP Data\ntimestamp: time of the event (UTC)\nip: IP address observed\n"
        "type: login or logout",
        ["timestamp", "ip", "type", "country", "asn"],
        [[st(t), ip, kind, cc, asn] for t, ip, kind, cc, asn in logins])
    while ip_rows and ip_rows[-1] == []:
        ip_rows.pop()
    ip_csv = csv_bytes(ip_rows)

    friends_csv = csv_bytes(section(
        "Friends List\nfriend_username: username of the friend\nadded_timestamp: time the "
        "friendship was created (UTC)",
        ["friend_username", "friend_display_name", "added_timestamp", "friend_type"],
        [["demo.friend.one", "Alex Example", st(utc("2025-01-02 10:00:00")), "MUTUAL"],
         ["demo.friend.two", "Sam Sample", st(utc("2025-06-20 22:45:13")), "MUTUAL"]])[:-1])

    folder = f"{user}-{ref}"
    inner_name = f"{folder}.zip"
    inner = build_zip({
        f"{folder}/subscriber_info.csv": subscriber_csv,
        f"{folder}/ip_data.csv": ip_csv,
        f"{folder}/friends_list.csv": friends_csv,
    }, when)
    cert = build_pdf(
        f"Snap Inc. - Certificate of Authenticity - {ref}", "Snap Inc. (synthetic sample)",
        [
            "# CERTIFICATE OF AUTHENTICITY",
            "",
            f"Snap Inc. reference: {ref}",
            f"Username: {user}",
            f"Requesting agency case number: {CASE}",
            "",
            f"The enclosed archive {inner_name} contains records kept in the course of the "
            "regularly conducted business activity of Snap Inc. Unless a file legend states "
            "otherwise, times are in UTC.",
            "",
            f"SHA-256 of {inner_name}: {sha256(inner)}",
            "",
            "/s/ Taylor Fixture, Custodian of Records, Snap Inc.",
        ])
    outer_files = {inner_name: inner, f"{ref}_Certificate.pdf": cert}
    outer = build_zip(outer_files, when)
    truth = truth_base(
        f"{ref}.zip", "REQ-2026-0104",
        produced_utc=iso_z(produced),
        time_zone_in_package="UTC, except subscriber_info.csv last_active which is Pacific "
                             "(PST/PDT) per its legend; change history uses the older "
                             "'Www Mmm dd HH:MM:SS UTC YYYY' format",
        nesting=[f"{ref}.zip", inner_name],
        subscribers=[{
            "account_id": user_id,
            "username": user,
            "service": "Snapchat",
            "display_name": "Jordan V",
            "emails": [PERSON["email"]],
            "phones": [PERSON["phone"]],
            "former_phones": [PERSON["phone_old"]],
            "created_utc": iso_z(created),
            "registration_ip": IP_HOME,
            "last_active_utc": iso_z(last_active),
        }],
        ip_events=[{"utc": iso_z(t), "ip": ip, "port": None, "event": kind, "account": user}
                   for t, ip, kind, _cc, _asn in logins],
        account_changes=[{"utc": iso_z(t), "change": a, "old": o, "new": n}
                         for t, a, o, n, _r in changes],
        emails=[PERSON["email"], "jv.oldmail@example.net"],
        phones=[PERSON["phone"], PERSON["phone_old"]],
        files={"outer": sorted(outer_files),
               "inner": sorted(zipfile.ZipFile(io.BytesIO(inner)).namelist())},
    )
    return {f"packages/{ref}.zip": outer}, truth


# --------------------------------------------------------------------------------------
# Kik (AES-encrypted zip)
# --------------------------------------------------------------------------------------

KIK_PASSWORD = "Violet-Harbor-2026!"


def kik_package():
    ref = "KIK-2026-00912"
    user = "vale_kik0417"
    uid = f"{user}_6k2"
    jid = f"{uid}@talk.kik.example.com"
    produced = utc("2026-02-26 14:12:00")
    when = (2026, 2, 26, 14, 12, 0)
    reg = utc("2024-09-14 17:02:33")

    def kt(t):  # log timestamp, UTC, millisecond precision
        return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}"

    def ms(s, milli):
        return utc(s).replace(microsecond=milli * 1000)

    binds = [
        (ms("2025-12-06 22:10:03", 118), IP_HOME, 54001, "android"),
        (ms("2026-01-07 21:50:30", 442), IP_CGNAT, 40877, "android"),
        (ms("2026-01-15 09:25:11", 907), IP_CAFE, 38211, "android"),
        (ms("2026-01-28 16:25:59", 3), IP_MOBILE6, 50333, "android"),
    ]
    chats = [
        ("demo_friend_kik_9xq@talk.kik.example.com", ms("2025-12-06 22:14:40", 250), IP_HOME, 7),
        ("demo_friend_kik_9xq@talk.kik.example.com", ms("2026-01-15 09:31:02", 611), IP_CAFE, 12),
    ]
    binds_csv = csv_bytes([["user_jid", "ip", "port", "ts", "device"]]
                          + [[jid, ip, str(p), kt(t), d] for t, ip, p, d in binds], newline="\n")
    chat_csv = csv_bytes([["user_jid", "friend_user_jid", "ip", "ts", "words"]]
                         + [[jid, f, ip, kt(t), str(w)] for f, t, ip, w in chats], newline="\n")
    friends_csv = csv_bytes([["user_jid", "friend_user_jid", "ts"],
                             [jid, "demo_friend_kik_9xq@talk.kik.example.com",
                              kt(ms("2025-11-30 18:00:00", 0))]], newline="\n")
    legend_csv = csv_bytes([["gid", "name", "code", "public", "deleted", "last_join_ts",
                             "last_activity"],
                            ["1100000000000417_g@groups.kik.example.com", "Demo Group", "#demogroup",
                             "false", "false", "2025-12-20 12:00:00", "2026-01-10"]],
                           newline="\n")

    def kp(t):
        return t.strftime("%Y/%m/%d %H:%M:%S UTC")

    pdf = build_pdf(
        f"Kik - Subscriber Data - {user}", "Kik Interactive (synthetic sample)",
        [
            "# Subscriber Data",
            "",
            f"First Name: {PERSON['given']}",
            "Last Name: V",
            f"Email: {PERSON['email']} (confirmed)",
            f"Username: {user}",
            f"User JID: {jid}",
            "",
            "## Event Log (all times UTC)",
            f"`{kp(reg)}  REGISTRATION_TIMESTAMP  {reg.strftime('%Y/%m/%d %H:%M:%S')}",
            f"`{kp(reg)}  REGISTRATION_IP  {IP_HOME}",
            f"`{kp(reg)}  USER_LOCALE  en_US",
            f"`{kp(reg)}  CLIENT_VERSION  17.1.0.31234",
            f"`{kp(utc('2026-01-15 09:25:12'))}  EMAIL_CONFIRMED  {PERSON['email']}",
        ])
    letter = "\r\n".join([
        "Kik Interactive - Law Enforcement Response",
        f"Reference: {ref}",
        f"Your case number: {CASE}",
        f"Target: {user}",
        "",
        "The enclosed package contains subscriber data, group legend and log files for the",
        "account above. All timestamps are in UTC. The archive password is sent separately.",
        "",
    ]).encode("utf-8")
    files = {
        "package/README.txt": letter,
        f"package/subscriber-data-{uid}.pdf": pdf,
        f"package/group-legend-{uid}.csv": legend_csv,
        "package/logs/binds.csv": binds_csv,
        "package/logs/chat_sent.csv": chat_csv,
        "package/logs/friends_added.csv": friends_csv,
    }
    blob = build_aes_zip(files, when, KIK_PASSWORD, seed=f"{ref}-salt")
    truth = truth_base(
        f"{ref}.zip", "REQ-2026-0105",
        produced_utc=iso_z(produced),
        encryption={"method": "WinZip AES-256 (AE-2)", "password_file": f"passwords/{ref}.txt"},
        time_zone_in_package="UTC (logs 'YYYY-MM-DD HH:MM:SS.mmm', PDF 'YYYY/MM/DD HH:MM:SS UTC')",
        subscribers=[{
            "account_id": jid,
            "username": user,
            "service": "Kik",
            "name": "Jordan V",
            "emails": [PERSON["email"]],
            "phones": [],
            "created_utc": iso_z(reg),
            "registration_ip": IP_HOME,
        }],
        ip_events=[{"utc": t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.")
                    + f"{t.microsecond // 1000:03d}Z", "ip": ip, "port": p, "event": "bind",
                    "account": jid} for t, ip, p, _d in binds]
                  + [{"utc": t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.")
                      + f"{t.microsecond // 1000:03d}Z", "ip": ip, "port": None,
                      "event": "chat_sent", "account": jid} for _f, t, ip, _w in chats],
        emails=[PERSON["email"]],
        phones=[],
        files={"inner": sorted(files)},
    )
    return ({f"packages/{ref}.zip": blob,
             f"passwords/{ref}.txt": (KIK_PASSWORD + "\n").encode("utf-8")}, truth)


# --------------------------------------------------------------------------------------
# TikTok (XLSX + subscriber PDF)
# --------------------------------------------------------------------------------------

def tiktok_package():
    ref = "TT-LE-2026-55120"
    user = "vale.tok"
    uid = "7000000000000000417"
    produced = utc("2026-02-06 23:40:00")
    when = (2026, 2, 6, 23, 40, 0)
    reg = utc("2025-03-02 11:45:20")
    sessions = [
        (utc("2025-12-07 20:01:55"), utc("2025-12-07 19:58:02"), IP_HOME, "US"),
        (utc("2026-01-07 21:52:18"), utc("2026-01-07 21:49:40"), IP_CGNAT, "NO"),
        (utc("2026-01-20 10:00:00"), utc("2026-01-20 09:55:41"), IP_ABROAD6, "NO"),
        (utc("2026-01-28 16:30:12"), utc("2026-01-28 16:28:47"), IP_MOBILE6, "US"),
    ]
    rows = [["Timestamp (UTC)", "Active Start Time (UTC)", "IP", "IP Country"]]
    rows += [[a.replace(tzinfo=None), b.replace(tzinfo=None), ip, cc] for a, b, ip, cc in sessions]
    xlsx = build_xlsx(
        [("IP Data", rows, {"A": 22, "B": 24, "C": 34, "D": 11},
          {1: "yyyy-mm-dd hh:mm:ss", 2: "yyyy-mm-dd hh:mm:ss"}, [1])],
        created=produced, creator="TikTok LE Response (synthetic sample)", when=when)
    pdf = build_pdf(
        f"TikTok - Subscriber information - {user}", "TikTok Inc. (synthetic sample)",
        [
            "# Basic Subscriber Information",
            "",
            f"Request reference: {ref}",
            f"Username: {user}",
            f"User ID: {uid}",
            "Nickname: jordan v",
            f"Email: {PERSON['email']}",
            "Phone: +1 202-555-0143",
            f"Registration Time: {reg.strftime('%Y-%m-%d %H:%M:%S')} UTC",
            f"Registration IP: {IP_HOME}",
            "Device Model: Pixel 9 (sample)",
            "",
            "Login IP records are provided in the accompanying IP Data spreadsheet; times in "
            "the spreadsheet are UTC.",
        ])
    folder = f"{ref}/{user}"
    files = {
        f"{folder}/{user} - IP Data.xlsx": xlsx,
        f"{folder}/{user} (Subscriber information).pdf": pdf,
    }
    truth = truth_base(
        f"{ref}.zip", "REQ-2026-0106",
        produced_utc=iso_z(produced),
        time_zone_in_package="UTC (column titles say so; cells are naive Excel datetimes)",
        subscribers=[{
            "account_id": uid,
            "username": user,
            "service": "TikTok",
            "emails": [PERSON["email"]],
            "phones": [PERSON["phone"]],
            "created_utc": iso_z(reg),
            "registration_ip": IP_HOME,
        }],
        ip_events=[{"utc": iso_z(a), "session_start_utc": iso_z(b), "ip": ip, "port": None,
                    "event": "login", "country": cc, "account": uid}
                   for a, b, ip, cc in sessions],
        emails=[PERSON["email"]],
        phones=[PERSON["phone"]],
        files={"outer": sorted(files)},
    )
    return {f"packages/{ref}.zip": build_zip(files, when)}, truth


# --------------------------------------------------------------------------------------
# ISP answer letter (CGNAT), received through MLA, local times in CET
# --------------------------------------------------------------------------------------

ISP_SUBSCRIBERS = {
    "C-0417-7731": {"name": "Morgan Ashby", "address": "Eksempelveien 12, 5003 Bergen, Norway",
                    "email": "morgan.ashby@example.net"},
    "C-0417-9902": {"name": "Rene Castellanos", "address": "Prøvegata 3, 5006 Bergen, Norway",
                    "email": "rene.c@example.org"},
}
#: (public ip, port, utc time, customer or None, note) as the FJL letter answers them
ISP_QUERIES = [
    (IP_CGNAT, 40112, utc("2026-01-07 21:41:19"), "C-0417-7731", ""),
    (IP_CGNAT, 51877, utc("2026-01-07 21:41:19"), "C-0417-9902", ""),
    (IP_CGNAT, None, utc("2026-01-07 21:33:04"), None,
     "No source port given. At that time 37 subscribers shared this public address "
     "through carrier-grade NAT; the subscriber cannot be identified without the "
     "source port."),
    (IP_ABROAD6, None, utc("2026-01-20 10:00:00"), "C-0417-7731",
     "IPv6 address within prefix 2001:db8:77:4100::/56 delegated to the customer; "
     "no NAT applies."),
]


def fjl_local(t):
    """The letter's local time text: 'DD.MM.YYYY HH:MM:SS CET'."""
    lt, abbr = central_europe(t)
    return lt.strftime("%d.%m.%Y %H:%M:%S ") + abbr


def isp_letter_lines(ref: str = "FJL-LE-2026-0593", mla: str = "MLA-2026-0031") -> list:
    """The FJL answer letter (query blocks), as build_pdf lines."""
    subs, queries, loc = ISP_SUBSCRIBERS, ISP_QUERIES, fjl_local
    letter_date = utc("2026-03-02 09:00:00")
    lines = [
        "# Fjordlink Broadband AS - Law Enforcement Response",
        "",
        f"Our reference: {ref}",
        f"Your reference: {mla} (mutual legal assistance request), case {CASE}",
        f"Date: {letter_date.strftime('%d.%m.%Y')}",
        "",
        "To: Requesting authority, via the central authority",
        "",
        "We refer to the request for subscriber information for the Internet addresses "
        "listed below. IMPORTANT: all times in this letter are Norwegian local time, "
        "Central European Time (CET, UTC+01:00). The times given in your request (UTC) "
        "have been converted to local time before the search.",
        "",
        "The public IPv4 address 203.0.113.77 belongs to a carrier-grade NAT (CGNAT) pool. "
        "One public address is shared by many subscribers at the same time; an individual "
        "subscriber can only be identified from the combination of public address, source "
        "port and time.",
        "",
        "## Results",
    ]
    for n, (ip, port, t, cust, note) in enumerate(queries, 1):
        lines.append("---")
        lines.append(f"Query {n}: IP {ip}, source port {port if port else 'not given'}, "
                     f"time {loc(t)}")
        if cust:
            s = subs[cust]
            lines += [
                f"Result: identified. Customer number {cust}",
                f"Subscriber: {s['name']}",
                f"Installation address: {s['address']}",
                f"Contact e-mail: {s['email']}",
            ]
            if port:
                lines.append(f"CGNAT mapping: {ip} source ports {port - port % 512}-"
                             f"{port - port % 512 + 511} were allocated to this customer's "
                             "connection at that time")
            if note:
                lines.append(note)
        else:
            lines.append("Result: not identified.")
            lines.append(note)
    lines += [
        "---",
        "",
        "This information is provided in response to the mutual legal assistance request "
        "and may only be used for the purpose stated in that request.",
        "",
        "Kind regards,",
        "Law Enforcement Liaison, Fjordlink Broadband AS",
    ]
    return lines


def isp_package():
    ref = "FJL-LE-2026-0593"
    letter_date = utc("2026-03-02 09:00:00")
    subs, queries, loc = ISP_SUBSCRIBERS, ISP_QUERIES, fjl_local
    lines = isp_letter_lines(ref)
    pdf = build_pdf(f"Fjordlink Broadband AS - {ref}", "Fjordlink Broadband AS (synthetic sample)",
                    lines)
    truth = truth_base(
        f"{ref}_Response.pdf", "REQ-2026-0107",
        produced_utc=iso_z(letter_date),
        provider_own_reference=ref,
        time_zone_in_package="Central European Time (CET, UTC+01:00), 'DD.MM.YYYY HH:MM:SS CET'",
        cgnat_answers=[{
            "public_ip": ip, "port": port, "utc": iso_z(t), "local_time_shown": loc(t),
            "identified": cust is not None, "customer_id": cust,
            "subscriber": subs[cust]["name"] if cust else None,
            "port_block": ([port - port % 512, port - port % 512 + 511]
                           if cust and port else None),
        } for ip, port, t, cust, _note in queries],
        ip_events=[{"utc": iso_z(t), "ip": ip, "port": port, "event": "isp_attribution",
                    "account": cust, "local_time_shown": loc(t)}
                   for ip, port, t, cust, _note in queries if cust],
        subscribers=[{"customer_id": k, "name": v["name"], "emails": [v["email"]],
                      "phones": [], "address": v["address"]}
                     for k, v in sorted(subs.items())],
        emails=sorted(v["email"] for v in subs.values()),
        phones=[],
    )
    return {f"packages/{ref}_Response.pdf": pdf}, truth


# --------------------------------------------------------------------------------------
# The central authority's reply to the same MLA request: a scanned letter with an annex
# table (what the ISP answered), local times in CET
# --------------------------------------------------------------------------------------

MLA_SUBSCRIBERS = ISP_SUBSCRIBERS
#: (public ip, port, utc time, customer or None, remark) as the annex lists them
MLA_ANNEX_ROWS = [
    (IP_CGNAT, 40112, utc("2026-01-07 21:41:19"), "C-0417-7731", ""),
    (IP_CGNAT, 51877, utc("2026-01-07 21:41:19"), "C-0417-9902", ""),
    (IP_CGNAT, None, utc("2026-01-07 21:33:04"), None, "no source port given (CGNAT)"),
    (IP_ABROAD6, None, utc("2026-01-20 10:00:00"), "C-0417-7731", ""),
]


def mla_reply_lines(ours: str = "CA-2026-0188", yours: str = "MLA-2026-0031") -> list:
    """The central authority's reply letter (page 1) and its annex table (page 2)."""
    def loc(t):
        return central_europe(t)[0].strftime("%d.%m.%Y %H:%M:%S")

    lines = [
        "# MINISTRY OF JUSTICE",
        "## Central Authority for Mutual Legal Assistance in Criminal Matters",
        "",
        f"Our reference: {ours}",
        f"Your reference: {yours}",
        "Date: 05.03.2026",
        "",
        f"To: Requesting authority (case {CASE})",
        "",
        "Re: Your request for mutual legal assistance concerning subscriber information",
        "",
        "We refer to your request for mutual legal assistance. The request has been executed. "
        "The Internet service provider Fjordlink Broadband AS has identified the following "
        "subscribers:",
        "",
    ]
    for n, (cust, s) in enumerate(sorted(MLA_SUBSCRIBERS.items()), 1):
        lines += [f"## Subscriber {n}", f"Name: {s['name']}", f"Customer number: {cust}",
                  f"Address: {s['address']}", f"E-mail: {s['email']}", ""]
    lines += [
        "All times in Annex 1 are Central European Time (CET, UTC+01:00).",
        "",
        "Annex 1: IP address attribution records from Fjordlink Broadband AS (1 page)",
        "",
        "Yours faithfully,",
        "Central Authority",
        "\f",
        "# Annex 1 - IP address attribution records",
        "",
        "| IP address | Port | Date/Time (CET) | Customer no. | Subscriber",
    ]
    for ip, port, t, cust, remark in MLA_ANNEX_ROWS:
        who = MLA_SUBSCRIBERS[cust]["name"] if cust else remark
        lines.append(f"| {ip} | {port if port else '-'} | {loc(t)} | {cust or 'not identified'} | {who}")
    return lines


def mla_reply_package():
    ref = "CA-2026-0188"
    text_pdf = build_pdf(f"Ministry of Justice - {ref}", "Ministry of Justice, Central Authority (synthetic sample)",
                         mla_reply_lines(ref))
    pdf = scan_pdf(text_pdf, seed=ref)
    truth = truth_base(
        f"{ref}_MLA_Reply.pdf", "REQ-2026-0107",
        produced_utc=iso_z(utc("2026-03-05 08:00:00")),
        provider_own_reference=ref,
        package_kind="scanned letter (image-only PDF, 200 dpi bilevel, skewed, speckled)",
        sender="Ministry of Justice, Central Authority for Mutual Legal Assistance (fictional)",
        time_zone_in_package="Central European Time (CET, UTC+01:00): stated in the letter and in the annex "
                             "column title; 'DD.MM.YYYY HH:MM:SS'",
        ip_events=[{"utc": iso_z(t), "ip": ip, "port": port, "event": "isp_attribution", "account": cust,
                    "local_time_shown": central_europe(t)[0].strftime("%d.%m.%Y %H:%M:%S"), "page": 2}
                   for ip, port, t, cust, _r in MLA_ANNEX_ROWS if cust],
        not_identified=[{"utc": iso_z(t), "ip": ip, "port": port, "reason": r, "page": 2}
                        for ip, port, t, cust, r in MLA_ANNEX_ROWS if not cust],
        subscribers=[{"customer_id": k, "name": v["name"], "emails": [v["email"]], "phones": [],
                      "address": v["address"], "page": 1}
                     for k, v in sorted(MLA_SUBSCRIBERS.items())],
        emails=sorted(v["email"] for v in MLA_SUBSCRIBERS.values()),
        phones=[],
    )
    return {f"packages/{ref}_MLA_Reply.pdf": pdf}, truth


# --------------------------------------------------------------------------------------
# Telephone carrier CDR folder package (local Eastern time, DST change inside the range)
# --------------------------------------------------------------------------------------

def carrier_package():
    ref = "LSW-2026-03381"
    target = "12025550143"
    produced = utc("2026-03-20 15:00:00")
    when = (2026, 3, 20, 11, 0, 0)
    imei = "990000000004170"
    imsi = "001010000000417"
    calls = [
        # utc, duration, call type, direction, calling, called, first cell, last cell
        (utc("2026-03-01 14:12:00"), 95, "Voice", "Outgoing", target, "13125550102", "31021", "31021"),
        (utc("2026-03-08 00:45:10"), 182, "Voice", "Outgoing", target, "13125550102", "31021", "31044"),
        (utc("2026-03-08 04:59:50"), 0, "SMS", "Incoming", "13125550102", target, "31021", "31021"),
        (utc("2026-03-08 06:30:00"), 45, "Voice", "Outgoing", target, "12025550178", "31044", "31044"),
        (utc("2026-03-08 07:15:00"), 0, "SMS", "Outgoing", target, "12025550178", "31044", "31044"),
        (utc("2026-03-08 16:05:33"), 610, "Voice", "Incoming", "12025550178", target, "31021", "31021"),
        (utc("2026-03-15 02:40:18"), 33, "Voice", "Incoming", "13125550102", target, "31090", "31090"),
        (utc("2026-03-16 03:58:00"), 0, "SMS", "Outgoing", target, "13125550102", "31090", "31090"),
    ]
    note = ("NOTE: All times are Eastern Time (ET). Times before 03/08/2026 02:00 are Eastern "
            "Standard Time (UTC-5); times from 03/08/2026 03:00 are Eastern Daylight Time (UTC-4).")
    header = ["Date", "Time", "Duration (sec)", "Call Type", "Direction", "Calling Number",
              "Called Number", "IMEI", "IMSI", "1st Cell ID", "Last Cell ID"]
    rows = []
    xrows = []
    for t, dur, ctype, direction, a, b, c1, c2 in calls:
        lt, _abbr = eastern(t)
        rows.append([lt.strftime("%m/%d/%Y"), lt.strftime("%H:%M:%S"), str(dur), ctype, direction,
                     a, b, imei, imsi, c1, c2])
        xrows.append([lt.date(), lt.time(), dur, ctype, direction, a, b, imei, imsi, c1, c2])
    preamble = [
        "Lakeshore Wireless - Law Enforcement Relations",
        f"Call Detail Records for {target}",
        f"Reference: {ref}",
        "Date range: 03/01/2026 - 03/15/2026 (Eastern Time)",
        note,
        "",
    ]
    cdr_csv = csv_bytes([header] + rows, preamble=preamble)
    xlsx_rows = [[line] for line in preamble[:-1]] + [[]] + [header] + xrows
    sub_rows = [
        ["Field", "Value"],
        ["Mobile Number", target],
        ["Subscriber Name", PERSON["name"]],
        ["Account Number", "LSW-ACCT-000417"],
        ["Billing Address", "100 Example Street, Springfield, VA 22150"],
        ["Service Start", dt.date(2023, 5, 1)],
        ["IMEI", imei],
        ["IMSI", imsi],
    ]
    xlsx = build_xlsx(
        [("CDR", xlsx_rows, {"A": 12, "B": 10, "C": 14, "D": 10, "E": 10, "F": 15, "G": 15,
                              "H": 17, "I": 17, "J": 11, "K": 11},
          {1: "mm/dd/yyyy", 2: "hh:mm:ss"}, [7]),
         ("Subscriber", sub_rows, {"A": 18, "B": 44}, {2: "mm/dd/yyyy"}, [1])],
        created=produced, creator="Lakeshore Wireless LER (synthetic sample)", when=when)
    letter = "\r\n".join([
        "LAKESHORE WIRELESS",
        "Law Enforcement Relations",
        "",
        f"Reference: {ref}",
        f"Your case number: {CASE_B}",
        f"Date: 03/20/2026",
        "",
        f"Re: Production order for records of mobile number +1 202-555-0143",
        "",
        "Enclosed are the subscriber information and call detail records (CSV and XLSX",
        "versions of the same records) for the period 03/01/2026 to 03/15/2026.",
        "",
        "All times are Eastern Time. Note that Daylight Saving Time began on 03/08/2026",
        "at 02:00 local time; no local times between 02:00 and 03:00 exist on that date.",
        "Text message content is not retained.",
        "",
        "Subscriber: Jordan Vale, 100 Example Street, Springfield, VA 22150",
        "Account number: LSW-ACCT-000417",
        "",
    ]).encode("utf-8")
    base = f"packages/{ref}"
    out = {
        f"{base}/{ref}_Cover_Letter.txt": letter,
        f"{base}/CDR_{target}_20260301-20260315.csv": cdr_csv,
        f"{base}/CDR_{target}_20260301-20260315.xlsx": xlsx,
    }
    truth = truth_base(
        f"{ref}/", "REQ-2026-0109",
        produced_utc=iso_z(produced),
        package_kind="directory",
        time_zone_in_package="US Eastern local time (EST UTC-5 until 2026-03-08 02:00, "
                             "EDT UTC-4 after), stated in a header note",
        subscribers=[{"account_id": "LSW-ACCT-000417", "name": PERSON["name"],
                      "phones": [PERSON["phone"]], "imei": imei, "imsi": imsi,
                      "address": "100 Example Street, Springfield, VA 22150"}],
        calls=[{"utc": iso_z(t), "local_shown": eastern(t)[0].strftime("%m/%d/%Y %H:%M:%S"),
                "local_zone": eastern(t)[1], "duration_s": dur, "type": ctype,
                "direction": direction, "from": "+" + a, "to": "+" + b,
                "first_cell": c1, "last_cell": c2}
               for t, dur, ctype, direction, a, b, c1, c2 in calls],
        phones=sorted({"+" + x for c in calls for x in (c[4], c[5])}),
        emails=[],
        files={"directory": sorted(Path(k).name for k in out)},
    )
    return out, truth


# --------------------------------------------------------------------------------------

BUILDERS = [google_package, meta_package, snapchat_package, kik_package, tiktok_package,
            isp_package, mla_reply_package, carrier_package]


def generate() -> dict:
    """Return {relative path: bytes} for every generated file."""
    files = {"requests.csv": requests_csv()}
    for build in BUILDERS:
        out, truth = build()
        files.update(out)
        name = truth["package"].rstrip("/")
        files[f"truth/{name}.json"] = jdump(truth)
    return files


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(HERE), help="output directory (default: samples/)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    files = generate()
    for rel, data in sorted(files.items()):
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    print(f"wrote {len(files)} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
