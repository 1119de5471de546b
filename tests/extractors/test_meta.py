"""Meta records.html: the real sample package, and the layout mutated (sections reordered,
labels renamed, records reversed, older spelling, page breaks moved, scripts and remote
resources added): still read the same, or reported loudly as a changed layout."""

from __future__ import annotations

import json
import random
import re
import socket
import zipfile
from pathlib import Path
from typing import Any

import pytest

from extractors.meta import EXTRACTORS, MetaRecordsHtml
from extractors.registry import all_extractors
from pipeline.extraction import Extraction, choose
from tests.golden import document

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "samples" / "packages" / "META-8800417001.zip"
TRUTH = json.loads((ROOT / "samples" / "truth" / "META-8800417001.zip.json").read_text(encoding="utf-8"))
META = EXTRACTORS[0]


@pytest.fixture(scope="module")
def records_html() -> str:
    with zipfile.ZipFile(PACKAGE) as z:
        return z.read("records.html").decode("utf-8")


def run(tmp_path: Path, text: str, name: str = "records.html", extractors: Any = None) -> tuple[Any, dict[str, list[dict]]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = document(path, f"META-8800417001.zip/{name}")
    ex = Extraction("t", extractors if extractors is not None else [META])
    result = ex.process(doc, "m", "P")
    return result, ex.out.rows


def ip_set(rows: dict[str, list[dict]]) -> set[tuple]:
    return {(r["ip"], r["port"], r["ts_utc"], r["activity"], r["account"]) for r in rows["ip_events"]}


def truth_ip_set() -> set[tuple]:
    return {(e["ip"], e["port"], e["utc"].replace("Z", ".000000Z"), e["event"], e["account"]) for e in TRUTH["ip_events"]}


def _zero_sub(rows: dict[str, list[dict]]) -> dict[str, Any]:
    (sub,) = rows["subscribers"]
    return sub


# -- the real package ------------------------------------------------------------------------


def test_package_member_is_claimed_by_meta_only(tmp_path: Path, records_html: str) -> None:
    path = tmp_path / "records.html"
    path.write_text(records_html, encoding="utf-8")
    choice = choose(document(path, "META-8800417001.zip/records.html"), all_extractors())
    assert choice.extractor is not None and choice.extractor.name == "meta_records_html"
    assert choice.claim is not None and choice.claim.changed is None and choice.status == "extracted"


def test_package_gives_the_truth(tmp_path: Path, records_html: str) -> None:
    result, rows = run(tmp_path, records_html)
    assert result.status == "extracted" and not rows["warnings"]
    # every printed IP/time occurrence, plus the registration IP with the registration date
    reg = (TRUTH["subscribers"][0]["registration_ip"], None, TRUTH["subscribers"][0]["created_utc"].replace("Z", ".000000Z"),
           "registration", TRUTH["subscribers"][0]["account_id"])
    assert ip_set(rows) == truth_ip_set() | {reg}
    assert len(rows["ip_events"]) == len(TRUTH["ip_events"]) + 1
    sub = _zero_sub(rows)
    want = TRUTH["subscribers"][0]
    assert sub["account"] == want["account_id"]
    assert want["username"] in sub["account_ids"]
    assert sub["name"] == want["name"]
    assert sub["emails"] == want["emails"]
    assert sub["phones"] == want["phones"]
    assert sub["created_utc"] == want["created_utc"].replace("Z", ".000000Z")
    assert sub["registration_ip"] == want["registration_ip"]
    facts = rows["document_facts"]
    assert sorted(f["value"] for f in facts if f["kind"] == "no_records") == sorted(TRUTH["no_records"])
    refs = {json.loads(f["extra"])["label"]: f["value"] for f in facts if f["kind"] == "request_reference"}
    assert refs["Service"] == want["service"]
    assert refs["Target"] == want["account_id"]
    assert refs["Account Identifier"] == want["username"]
    assert refs["Internal Ticket Number"] == TRUTH["provider_reference"]
    assert refs["Date Range"].startswith("2025-12-01")
    # locators are element paths into the ip_addresses section, one per printed address
    locs = [r["locator"] for r in rows["ip_events"] if r["activity"] != "registration"]
    assert len(set(locs)) == len(locs)
    assert all("div#property-ip_addresses" in loc and "section 'ip_addresses'" in loc for loc in locs)


# -- mutations -------------------------------------------------------------------------------------


def panes(text: str) -> tuple[str, list[str], str]:
    starts = [m.start() for m in re.finditer(r'<div id="property-', text)]
    end = text.index("</body>")
    blocks = [text[a:b] for a, b in zip(starts, starts[1:] + [end])]
    return text[: starts[0]], blocks, text[end:]


def test_sections_reordered(tmp_path: Path, records_html: str) -> None:
    head, blocks, tail = panes(records_html)
    random.Random(7).shuffle(blocks)
    result, rows = run(tmp_path, head + "".join(blocks) + tail)
    assert result.status == "extracted"
    assert ip_set(rows) >= truth_ip_set()
    assert _zero_sub(rows)["name"] == "Jordan Vale"


def test_records_reversed_and_fields_reordered(tmp_path: Path, records_html: str) -> None:
    leaf = r'<div class="t o"><div class="t i">{}<div class="m"><div>[^<]*</div></div></div></div>'
    rec = re.compile("(" + leaf.format("IP Address") + ")(" + leaf.format("Time") + ")(" + leaf.format("Action")
                     + ')(<div class="p"></div>)')
    matches = list(rec.finditer(records_html))
    assert len(matches) == 5
    groups: list[list[re.Match[str]]] = []
    for m in matches:
        if groups and groups[-1][-1].end() == m.start():
            groups[-1].append(m)
        else:
            groups.append([m])
    text = records_html
    for group in reversed(groups):  # replace from the end so earlier offsets stay valid
        # fields in the order Action, Time, IP Address; records in reverse order
        body = "".join(m.group(3) + m.group(2) + m.group(1) + m.group(4) for m in reversed(group))
        text = text[: group[0].start()] + body + text[group[-1].end():]
    assert text != records_html
    result, rows = run(tmp_path, text)
    assert result.status == "extracted"
    assert ip_set(rows) >= truth_ip_set()
    assert len(rows["ip_events"]) == 6


@pytest.mark.parametrize(("old", "new"), [("IP Address", "Ip Address"), ("IP Address", "IP"), ("Time", "Timestamp"),
                                          ("Time", "Time (UTC)"), ("Action", "Event")])
def test_labels_renamed_to_known_spellings(tmp_path: Path, records_html: str, old: str, new: str) -> None:
    text = records_html.replace(f'<div class="t i">{old}<', f'<div class="t i">{new}<')
    assert text != records_html
    claim = META.identify(_doc(tmp_path, text))
    assert claim is not None and claim.changed is None
    result, rows = run(tmp_path, text)
    assert ip_set(rows) >= truth_ip_set()


def test_label_renamed_to_something_unknown_is_loud(tmp_path: Path, records_html: str) -> None:
    text = records_html.replace('<div class="t i">Time<', '<div class="t i">Moment<')
    claim = META.identify(_doc(tmp_path, text))
    assert claim is not None and claim.changed is not None
    assert claim.changed.missing or claim.changed.renamed
    result, rows = run(tmp_path, text, extractors=all_extractors())
    assert result.extractor != "meta_records_html"
    assert any(w["code"] == "LAYOUT_CHANGED" for w in rows["warnings"])


def test_added_label_is_read_and_loud(tmp_path: Path, records_html: str) -> None:
    add = '<div class="t o"><div class="t i">Location<div class="m"><div>Oslo, NO</div></div></div></div>'
    text = records_html.replace('<div class="t o"><div class="t i">Action<', add + '<div class="t o"><div class="t i">Action<', 1)
    claim = META.identify(_doc(tmp_path, text))
    assert claim is not None and claim.changed is not None and claim.changed.added == ("Location",)
    result, rows = run(tmp_path, text, extractors=all_extractors())
    assert result.extractor == "meta_records_html"
    assert any(w["code"] == "LAYOUT_CHANGED" for w in rows["warnings"])
    assert ip_set(rows) >= truth_ip_set()
    assert all("layout_changed" in r["flags"] for r in rows["ip_events"])
    located = [r for r in rows["ip_events"] if json.loads(r["extra"]).get("Location")]
    assert len(located) == 1 and located[0]["ip"] == "198.51.100.23"


def test_older_div_table_spelling(tmp_path: Path, records_html: str) -> None:
    text = (records_html.replace('class="t o"', 'class="div_table outer"').replace('class="t i"', 'class="div_table inner"')
            .replace('<div class="m"><div>', '<div class="most_inner">').replace("</div></div></div></div>", "</div></div></div>"))
    claim = META.identify(_doc(tmp_path, text))
    assert claim is not None and claim.variant == "div_table" and claim.changed is None
    result, rows = run(tmp_path, text)
    assert ip_set(rows) >= truth_ip_set()
    assert _zero_sub(rows)["emails"] == TRUTH["emails"]


def test_page_break_inside_a_record(tmp_path: Path, records_html: str) -> None:
    # close the list after the 2nd record's IP Address and continue its Time/Action on the next page
    marker = '<div class="t o"><div class="t i">Time<div class="m"><div>2025-12-19 02:20:11 UTC</div></div></div></div>'
    assert marker in records_html
    cont = ('</div></div></div></div>\n<div class="pageBreak"></div>\n'
            '<div class="t o"><div class="t i"><div class="m"><div>' + marker)
    text = records_html.replace(marker, cont, 1)
    result, rows = run(tmp_path, text)
    assert result.status == "extracted"
    assert ip_set(rows) >= truth_ip_set()
    assert len(rows["ip_events"]) == 6


def test_scripts_and_remote_resources_are_never_run_or_fetched(tmp_path: Path, records_html: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    evil = ('<script src="https://static.example.com/x.js"></script>'
            '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
            '<iframe src="https://example.com/frame"></iframe><img src="http://example.com/p.gif">'
            "<script>document.write('<div id=\"property-ip_addresses\" class=\"content-pane\"><div class=\"t o\">"
            "<div class=\"t i\">IP Address<div class=\"m\"><div>192.0.2.99</div></div></div></div></div>')</script>"
            '<noscript><div id="property-registration_ip"><div class="t o"><div class="t i">Registration Ip'
            '<div class="m"><div>192.0.2.98</div></div></div></div></div></noscript>')
    text = records_html.replace("<body>", "<body>" + evil, 1).replace("</head>", evil + "</head>", 1)
    result, rows = run(tmp_path, text)
    assert result.status == "extracted"
    assert ip_set(rows) == truth_ip_set() | {("198.51.100.23", None, "2024-07-11T12:01:33.000000Z", "registration",
                                              "17800000000000417")}
    assert not any(r["ip"] in ("192.0.2.99", "192.0.2.98") for r in rows["ip_events"])


def test_unknown_structure_of_a_meta_record_is_loud(tmp_path: Path) -> None:
    text = ("<html><head><title>Meta Platforms Business Record</title></head><body>"
            "<table><tr><td>Service</td><td>Instagram</td></tr><tr><td>Target</td><td>1780</td></tr>"
            "<tr><td>Account Identifier</td><td>x</td></tr><tr><td>IP Address</td><td>192.0.2.1</td></tr></table>"
            "</body></html>")
    claim = META.identify(_doc(tmp_path, text))
    assert claim is not None and claim.changed is not None and claim.changed.missing


def test_value_that_is_not_an_ip_is_a_warning_not_an_event(tmp_path: Path, records_html: str) -> None:
    text = records_html.replace("203.0.113.77:40112", "see attachment 3", 1)
    result, rows = run(tmp_path, text)
    assert not any("attachment" in (r["ip_raw"] or "") for r in rows["ip_events"])
    assert any(w["code"] == "VALUE_NOT_IP" for w in rows["warnings"])
    assert len(rows["ip_events"]) == 5


def test_no_responsive_records_file(tmp_path: Path) -> None:
    text = ('<html><body><h1>Meta Platforms Business Record</h1><div id="property-request_parameters" class="content-pane">'
            '<div class="t o"><div class="t i">Service<div class="m"><div>Facebook</div></div></div></div>'
            '<div class="t o"><div class="t i">Target<div class="m"><div>100000000000731</div></div></div></div></div>'
            '<div id="property-ip_addresses" class="content-pane"><div class="t o"><div class="t i">Ip Addresses'
            '<div class="m"><div>No responsive records located</div></div></div></div></div></body></html>')
    result, rows = run(tmp_path, text)
    assert result.status == "no_records"
    assert [f["value"] for f in rows["document_facts"] if f["kind"] == "no_records"] == ["ip_addresses"]
    assert not rows["subscribers"] and not rows["ip_events"]


def test_near_misses_are_not_claimed(tmp_path: Path) -> None:
    neg = ROOT / "samples" / "extractors" / "meta_records_html" / "negative"
    for p in neg.iterdir():
        assert META.identify(document(p)) is None, p.name


def _doc(tmp_path: Path, text: str, name: str = "records.html") -> Any:
    path = tmp_path / ("id_" + name)
    path.write_text(text, encoding="utf-8")
    return document(path, name)


def test_extractor_declares_itself() -> None:
    assert isinstance(META, MetaRecordsHtml)
    assert META.provider == "Meta" and META.sources
