"""The generic text extractor: what it claims (and leaves to generic_table / generic_json), what
it yields for letters in text, PDF and HTML, and that the same file gives the same records."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from extractors.base import Claim, Document
from extractors.generic_text import GenericText, delimited
from schemas.records import DocumentFact, IpEvent, Subscriber

from .kdtc_helpers import SAMPLES, codes, run

HERE = SAMPLES / "extractors" / "generic_text"
EX = GenericText()


def doc(path: Path, media_type: str = "text/plain") -> Document:
    data = path.read_bytes()
    return Document(hashlib.sha256(data).hexdigest(), path, path.name, media_type, len(data))


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


LETTER = """Our reference: SN-2026-0007
Your reference: LE-2026-55120

Dear Sir or Madam,

All times in this letter are given in UTC. On 7 January 2026 at 22:41:19 the IP address
203.0.113.77 (source port 40112) was assigned to the customer below.

Customer name: Jane Example
Installation address: 12 Example Road,
Springfield SP1 2AB
Customer number: 100234
E-mail: jane.example@example.com

The address 192.0.2.1 is our own resolver.
"""


def test_identify_claims_letters_and_refuses_tables_and_json(tmp_path: Path) -> None:
    assert EX.identify(doc(write(tmp_path, "letter.txt", LETTER))) == Claim("text")
    csv_text = "IP Address,Timestamp (UTC),Port\n203.0.113.77,2026-01-07 22:41:19,40112\n198.51.100.23,2026-01-09 08:02:11,51022\n"
    assert EX.identify(doc(write(tmp_path, "log.txt", csv_text))) is None
    tsv = csv_text.replace(",", "\t")
    assert EX.identify(doc(write(tmp_path, "log.tsv.txt", tsv))) is None
    js = json.dumps({"note": "The IP address 203.0.113.77 was used on 2026-01-07 22:41:19 UTC", "ref": "Your reference: X-1"})
    assert EX.identify(doc(write(tmp_path, "data.txt", js))) is None
    assert EX.identify(doc(write(tmp_path, "letter.csv", LETTER), "text/csv")) is None or not EX.accepts(
        doc(write(tmp_path, "letter.csv", LETTER), "text/csv"))


@pytest.mark.parametrize("text", [
    "Dear Officer,\n\nwe acknowledge receipt of your letter and are reviewing it.\n",
    "The address 192.0.2.1 is our DNS resolver; it is not assigned to customers.\n",  # an IP without a time
    "Release 10.2.3.4 shipped on 2026-01-07 10:00 UTC.\nVersion 10.2.3.5 followed on 2026-02-01 10:00 UTC.\n",
    "Meeting on 2026-01-07 at 10:00 UTC in room 4.\n",
])
def test_nothing_worth_extracting_is_not_claimed(tmp_path: Path, text: str) -> None:
    assert EX.identify(doc(write(tmp_path, "x.txt", text))) is None


def test_delimited_detection() -> None:
    assert delimited(["a,b,c", "1,2,3", "4,5,6"])
    assert delimited(["IP\tTime", "203.0.113.1\t2026-01-01 10:00", "203.0.113.2\t2026-01-01 11:00"])
    assert not delimited(["Dear Sir, we reply.", "On Monday, we looked.", "Regards, Team."])


def test_letter_records(tmp_path: Path) -> None:
    d = doc(write(tmp_path, "letter.txt", LETTER))
    recs = list(EX.extract(d, EX.identify(d)))  # type: ignore[arg-type]
    ev = [r for r in recs if isinstance(r, IpEvent)]
    assert [(e.ip, e.port, e.time, e.activity) for e in ev] == [("203.0.113.77", "40112", "7 January 2026 at 22:41:19", "assigned")]
    assert ev[0].flags == ("from_free_text",)  # the pair spans two lines; neither value crosses one
    assert ev[0].at.line == 6 and ev[0].at.byte_offset is not None
    assert ev[0].raw == ("All times in this letter are given in UTC. On 7 January 2026 at 22:41:19 the IP address\n"
                         "203.0.113.77 (source port 40112) was assigned to the customer below.")
    (sub,) = [r for r in recs if isinstance(r, Subscriber)]
    assert (sub.name, sub.account, sub.address, sub.emails) == (
        "Jane Example", "100234", "12 Example Road, Springfield SP1 2AB", ("jane.example@example.com",))
    assert "from_free_text" in sub.flags
    facts = [(f.kind, f.value, f.extra.get("whose")) for f in recs if isinstance(f, DocumentFact)]
    assert ("request_reference", "SN-2026-0007", "ours") in facts
    assert ("request_reference", "LE-2026-55120", "yours") in facts
    assert ("note", "All times in this letter are given in UTC.", None) in facts
    assert ("ip_mentioned", "192.0.2.1", None) in facts


def test_letter_through_the_framework(tmp_path: Path) -> None:
    extractor, tables = run(write(tmp_path, "letter.txt", LETTER))
    assert extractor == "generic_text"
    (ev,) = tables["ip_events"]
    assert ev["ts_utc"] == "2026-01-07T22:41:19.000000Z" and ev["tz_source"] == "document"
    assert ev["port"] == 40112 and ev["account"] == "100234"
    assert not codes(tables)


def test_labels_renamed_and_reordered_read_the_same(tmp_path: Path) -> None:
    moved = LETTER.replace("Customer name: Jane Example\n", "").replace(
        "E-mail: jane.example@example.com\n", "E-mail: jane.example@example.com\nSubscriber: Jane Example\n").replace(
        "Installation address:", "Billing address:").replace("Customer number:", "Account ID:")
    d = doc(write(tmp_path, "moved.txt", moved))
    (sub,) = [r for r in EX.extract(d, EX.identify(d)) if isinstance(r, Subscriber)]  # type: ignore[arg-type]
    assert (sub.name, sub.account, sub.address) == ("Jane Example", "100234", "12 Example Road, Springfield SP1 2AB")


def test_html_letter(tmp_path: Path) -> None:
    p = HERE / "positive" / "letter-riverbend.html"
    d = doc(p, "text/html")
    claim = EX.identify(d)
    assert claim == Claim("html")
    recs = list(EX.extract(d, claim))  # type: ignore[arg-type]
    ev = [r for r in recs if isinstance(r, IpEvent)]
    assert [(e.ip, e.port) for e in ev] == [("192.0.2.44", None), ("2001:db8:300::9", None), ("192.0.2.45", "50011")]
    assert all(e.at.path for e in ev)
    assert ev[2].at.path == "html>body>div#body[2]>table#sessions>tr[2]"


def test_pdf_across_a_page_break() -> None:
    extractor, tables = run(HERE / "positive" / "page-break.pdf")
    assert extractor == "generic_text"
    got = [(r["ip"], r["ts_raw"], r["ts_utc"]) for r in tables["ip_events"]]
    assert sorted(got) == [("198.51.100.77", "15.01.2026 09:30:12 CET", "2026-01-15T08:30:12.000000Z"),
                           ("2001:db8:a0:17::42", "15.01.2026 09:31:40 CET", "2026-01-15T08:31:40.000000Z")]
    assert all("joined_across_lines" in r["flags"] for r in tables["ip_events"])
    assert not any("Page 1" in r["raw_text"] for r in tables["ip_events"])


def test_versions_are_not_ips() -> None:
    _, tables = run(HERE / "positive" / "versions-and-ips.txt")
    assert {r["ip"] for r in tables["ip_events"]} == {"203.0.113.5"}
    assert not [r for r in tables.get("document_facts", []) if r["kind"] == "ip_mentioned"]


@pytest.mark.parametrize("sample", sorted(p for p in (HERE / "positive").iterdir() if not p.name.endswith(".jsonl")),
                         ids=lambda p: p.name)
def test_same_file_same_records(sample: Path) -> None:
    first = run(sample)
    second = run(sample)
    assert first == second


def test_quoted_request_gives_no_event() -> None:
    _, tables = run(HERE / "positive" / "reply-helpdesk.txt")
    assert "203.0.113.99" not in {r["ip"] for r in tables["ip_events"]}
    quoted = [r for r in tables["document_facts"] if r["kind"] == "ip_mentioned"]
    assert [r["value"] for r in quoted] == ["203.0.113.99"]


def test_a_zone_named_after_the_time_reaches_the_framework(tmp_path: Path) -> None:
    text = ("Votre référence : MLA-2026-0031\n\nL'adresse IP 203.0.113.8 (port source 51000) était attribuée le 13/01/2026 "
            "à 22:41:19 (heure de Paris) au titulaire suivant :\n\nNom : Jean Exemple\nAdresse : 5 rue de l'Exemple, 75000 Paris\n")
    extractor, tables = run(write(tmp_path, "reponse.txt", text))
    assert extractor == "generic_text"
    (ev,) = tables["ip_events"]
    assert ev["ts_utc"] == "2026-01-13T21:41:19.000000Z"
    assert json.loads(ev["extra"])["zone_named"] == "heure de Paris"
    (sub,) = tables["subscribers"]
    assert (sub["name"], sub["address"]) == ("Jean Exemple", "5 rue de l'Exemple, 75000 Paris")


def test_a_monospaced_table_spanning_the_page_is_read_row_by_row(tmp_path: Path) -> None:
    """Rows as wide as the page are not wrapped prose: each row keeps its own port and event."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "samples"))
    from generate import build_pdf

    lines = ["Orbit Messaging Inc. - Law Enforcement Response", "All times are in UTC.", "",
             "`Timestamp              IP Address        Port   Event",
             "`2026-01-03 08:15:42    198.51.100.61     51022  login",
             "`2026-01-04 19:03:11    203.0.113.77      40877  login",
             "`2026-01-05 23:59:59    2001:db8:4f::a1          logout"]
    p = tmp_path / "orbit.pdf"
    p.write_bytes(build_pdf("Orbit", "Orbit", lines))
    events = [r for r in GenericText().extract(doc(p, "application/pdf"), Claim("pdf")) if isinstance(r, IpEvent)]
    assert [(e.ip, e.port, e.activity) for e in events] == [
        ("198.51.100.61", "51022", "login"), ("203.0.113.77", "40877", "login"), ("2001:db8:4f::a1", None, "logout")]
