"""The free-text scanner: values kept whole, look-alikes refused, values joined across lines and
pages, pairing of IPs with their times, labelled blocks, references, zone statements, determinism."""

from __future__ import annotations

import pytest

from extractors import textscan as ts
from schemas.records import Locator


def text_lines(*texts: str) -> list[ts.TextLine]:
    return [ts.TextLine(t, Locator(line=i, byte_offset=i * 100)) for i, t in enumerate(texts, start=1)]


def pdf_line(page: int, top: float, text: str, source: str = "text", x1: float = 500.0) -> ts.TextLine:
    return ts.TextLine(text, Locator(page=page, bbox=(54.0, top, x1, top + 9.5)), source, 70.0 if source == "ocr" else None)


def pairs(f: ts.Findings) -> list[tuple[str, str | None, str | None]]:
    return [(m.ip, m.port, m.time) for m in f.ips if m.time is not None]


# -- the tokenizer keeps each value whole -------------------------------------------------------

WHOLE = [
    ("203.0.113.77", "ip"), ("203.0.113.77:40112", "ip"), ("2001:db8::1", "ip"), ("2001:db8:77:4100::1b", "ip"),
    ("fe80::1%eth0", "ip"), ("[2001:db8::1]:443", "ip"), ("::ffff:203.0.113.5", "ip"), ("::1", "ip"),
    ("2026-01-07T22:41:19Z", "datetime"), ("2026-01-07T22:41:19+01:00", "datetime"),
    ("07.01.2026 22:41:19 CET", "datetime"), ("01/07/2026 10:41 PM PST", "datetime"), ("2026-01-07 22:41:19 UTC", "datetime"),
    ("7 January 2026 at 22:41:19 UTC", "datetime"), ("January 7, 2026 10:41:19 PM EST", "datetime"),
    ("2026-01-07 22:41:19 +01:00", "datetime"), ("07.01.2026 22:41:19 (UTC+01:00)", "datetime"),
    ("07.01.2026", "date"), ("01/07/2026", "date"), ("2026-01-07", "date"), ("22:41:19", "clock"), ("22:41 UTC", "clock"),
    ("jane.doe@example.com", "email"), ("+1 202-555-0143", "phone"), ("(202) 555-0143", "phone"), ("555-0143", "phone"),
    ("MLA-2026-0031", "ref"), ("LE-2026-55120", "ref"), ("REQ-2026-0107", "ref"), ("CASE-2026-0417", "ref"),
]


@pytest.mark.parametrize(("value", "kind"), WHOLE, ids=[v for v, _ in WHOLE])
def test_tokenizer_keeps_the_value_whole(value: str, kind: str) -> None:
    for text in (f"See {value} here.", f"See ({value}), then", f"Value: {value}."):
        toks = ts.tokens(text)
        assert (value, kind) in toks, (text, toks)


def test_words_around_values_are_separate_tokens() -> None:
    toks = [t for t, _ in ts.tokens("IP 203.0.113.77:40112, mail jane@example.com; ref MLA-2026-0031.")]
    assert toks == ["IP", "203.0.113.77:40112", ",", "mail", "jane@example.com", ";", "ref", "MLA-2026-0031", "."]


def test_split_ip() -> None:
    assert ts.split_ip("203.0.113.77:40112") == ("203.0.113.77", "40112")
    assert ts.split_ip("[2001:db8::1]:443") == ("2001:db8::1", "443")
    assert ts.split_ip("fe80::1%eth0") == ("fe80::1%eth0", None)
    assert ts.split_ip("256.1.1.1") is None
    assert ts.split_ip("22:41:19") is None
    assert ts.split_ip("203.0.113.77:70000") is None


# -- values that only look like IP addresses ----------------------------------------------------

LOOKALIKES = [
    ("The firmware version 10.2.3.4 was installed on 2026-01-07 10:00:00 UTC.", "10.2.3.4", "version_context"),
    ("Build 4.0.1.2 of the app went live on 2026-01-07 10:00:00 UTC.", "4.0.1.2", "version_context"),
    ("The portal release 3.1.4.1 shipped on 2026-01-07 10:00:00 UTC.", "3.1.4.1", "version_context"),
    ("Certificates use the OID 2.5.4.3 since 2026-01-07 10:00:00 UTC.", "2.5.4.3", "oid_context"),
    ("See section 1.2.3.4 of the policy (updated 2026-01-07 10:00:00 UTC).", "1.2.3.4", "section_number"),
]


@pytest.mark.parametrize(("text", "value", "reason"), LOOKALIKES, ids=[r for *_, r in LOOKALIKES])
def test_version_like_values_are_not_ips(text: str, value: str, reason: str) -> None:
    f = ts.scan(text_lines("Our letter about the IP address of the customer.", text))
    assert not f.ips
    assert [(r.text, r.reason) for r in f.rejected] == [(value, reason)]


@pytest.mark.parametrize("text", [
    "The browser was Chrome/120.0.6099.71 on 2026-01-07 10:00:00 UTC (IP unknown).",
    "The app v1.2.3.4 logged in on 2026-01-07 10:00:00 UTC (IP unknown).",
    "The OID 1.3.6.1.4.1.311 was read on 2026-01-07 10:00:00 UTC (IP unknown).",
    "The dates 01.02.2026 and 12.11.2025 are not IP addresses.",
])
def test_product_strings_oids_and_dates_are_not_even_candidates(text: str) -> None:
    f = ts.scan(text_lines(text))
    assert not f.ips and not f.rejected


def test_numbered_sections_at_line_start_are_not_ips() -> None:
    f = ts.scan(text_lines("1.2.3.4. Scope", "The IP address 203.0.113.9 was used on 2026-01-07 10:00:00 UTC.",
                           "1.2.3.5 Findings of the review", "No other address was seen."))
    assert pairs(f) == [("203.0.113.9", None, "2026-01-07 10:00:00 UTC")]
    assert sorted(r.text for r in f.rejected) == ["1.2.3.4", "1.2.3.5"]


def test_an_ip_word_nearer_than_a_version_word_wins() -> None:
    f = ts.scan(text_lines("Version 2 of the log shows the IP address 10.2.3.4 on 2026-01-07 10:00:00 UTC."))
    assert pairs(f) == [("10.2.3.4", None, "2026-01-07 10:00:00 UTC")]


def test_a_version_series_refuses_its_siblings() -> None:
    f = ts.scan(text_lines("Firmware version 10.2.3.4 (2026-01-07 10:00 UTC)", "",
                           "10.2.3.3 (2025-12-01 09:30 UTC)", "- fixes for the IP stack"))
    assert not f.ips
    assert {r.reason for r in f.rejected} == {"version_context", "version_series"}


def test_zero_padded_quads_need_an_ip_word() -> None:
    assert not ts.scan(text_lines("Invoice 010.020.030.040 paid on 2026-01-07 10:00 UTC.")).ips
    f = ts.scan(text_lines("The IP address 203.000.113.077 logged in on 2026-01-07 10:00 UTC."))
    assert [(m.ip, "zero_padded" in m.flags) for m in f.ips] == [("203.000.113.077", True)]


# -- joins across lines and pages ------------------------------------------------------------


@pytest.mark.parametrize(("first", "second", "ip", "extra_flag"), [
    ("from the IPv6 address 2001:db8:77:4100:", ":1b on 2026-01-07 10:00:00 UTC.", "2001:db8:77:4100::1b", None),
    ("from the IPv6 address 2001:db8:77:4100", "::1b on 2026-01-07 10:00:00 UTC.", "2001:db8:77:4100::1b", None),
    ("from the IPv6 address 2001:db8:77:4100:", "::1b on 2026-01-07 10:00:00 UTC.", "2001:db8:77:4100::1b",
     "separator_repeated_at_break"),
    ("from the IP address 203.0.113.", "77 on 2026-01-07 10:00:00 UTC.", "203.0.113.77", None),
])
def test_an_ip_broken_at_a_line_end_is_joined(first: str, second: str, ip: str, extra_flag: str | None) -> None:
    f = ts.scan(text_lines("The account was used " + first, second))
    assert pairs(f) == [(ip, None, "2026-01-07 10:00:00 UTC")]
    assert "joined_across_lines" in f.ips[0].flags
    if extra_flag:
        assert extra_flag in f.ips[0].flags
    assert f.ips[0].at == Locator(line=1, byte_offset=100)
    assert f.ips[0].raw == "The account was used " + first + "\n" + second


def test_a_timestamp_broken_at_a_line_end_is_joined() -> None:
    f = ts.scan(text_lines("The IP address 198.51.100.7 was assigned from 07.01.2026", "22:41:19 CET to the customer."))
    assert pairs(f) == [("198.51.100.7", None, "07.01.2026 22:41:19 CET")]
    assert "joined_across_lines" in f.ips[0].flags


def test_a_value_across_a_page_break_ignores_header_and_footer() -> None:
    lines = [pdf_line(1, 40, "SMALLNET LTD - CONFIDENTIAL"), pdf_line(1, 60, "We confirm that the IP address 198.51.100.9"),
             pdf_line(1, 73.5, "was assigned on 07.01.2026"), pdf_line(1, 750, "Page 1 of 2"),
             pdf_line(2, 40, "SMALLNET LTD - CONFIDENTIAL"), pdf_line(2, 60, "22:41:19 UTC to the subscriber."),
             pdf_line(2, 750, "Page 2 of 2")]
    f = ts.scan(lines)
    assert pairs(f) == [("198.51.100.9", None, "07.01.2026 22:41:19 UTC")]
    m = f.ips[0]
    assert {"joined_across_lines", "joined_across_pages"} <= set(m.flags)
    assert m.at.page == 1 and m.at.bbox == (54.0, 60, 500.0, 83.0)
    assert "Page 1 of 2" not in m.raw and "CONFIDENTIAL" not in m.raw


def test_an_address_continued_on_the_next_line_is_joined() -> None:
    f = ts.scan(text_lines("Subscriber details", "Name: Jane Example", "Installation address: 12 Example Road,",
                           "Springfield SP1 2AB", "E-mail: jane@example.com", "", "Kind regards"))
    (block,) = f.subscribers
    assert block.first("address") == "12 Example Road, Springfield SP1 2AB"
    assert block.first("name") == "Jane Example" and block.first("email") == "jane@example.com"
    assert block.at == Locator(line=2, byte_offset=200)
    assert block.raw.splitlines()[-1] == "E-mail: jane@example.com"
    addr = next(x for x in block.fields if x.kind == "address")
    assert "joined_across_lines" in addr.flags and addr.raw == "Installation address: 12 Example Road,\nSpringfield SP1 2AB"


def test_an_address_on_the_line_after_its_label() -> None:
    f = ts.scan(text_lines("Customer name: Jane Example", "Billing address:", "12 Example Road", "Springfield SP1 2AB",
                           "Customer number: 100234"))
    (block,) = f.subscribers
    assert block.first("address") == "12 Example Road, Springfield SP1 2AB"
    assert block.first("account") == "100234"


# -- pairing ---------------------------------------------------------------------------------


def test_prose_pairs_with_ports_and_activity() -> None:
    f = ts.scan(text_lines("On 7 January 2026 at 22:41:19 UTC the IP address 203.0.113.77 (source port 40112) was",
                           "assigned to the subscriber. The account logged in from 198.51.100.23:51022 on 2026-01-08 09:00:01 UTC."))
    assert pairs(f) == [("203.0.113.77", "40112", "7 January 2026 at 22:41:19 UTC"),
                        ("198.51.100.23", "51022", "2026-01-08 09:00:01 UTC")]
    assert [m.activity for m in f.ips] == ["assigned", "logged in"]


def test_one_ip_several_times_and_a_range() -> None:
    f = ts.scan(text_lines("The IP address 203.0.113.77 was used on 2026-01-07 10:00:00 UTC and on 2026-01-08 11:00:00 UTC.",
                           "Between 2026-01-09 08:00:00 UTC and 2026-01-09 09:30:00 UTC the address 203.0.113.78 was leased."))
    assert pairs(f) == [("203.0.113.77", None, "2026-01-07 10:00:00 UTC"), ("203.0.113.77", None, "2026-01-08 11:00:00 UTC"),
                        ("203.0.113.78", None, "2026-01-09 08:00:00 UTC")]
    assert f.ips[2].end == "2026-01-09 09:30:00 UTC"


def test_clock_without_a_date_takes_the_date_of_its_sentence() -> None:
    f = ts.scan(text_lines("On 15.01.2026 the address 198.51.100.77 was used at 09:30:12 CET and 2001:db8::42 at 09:31:40 CET."))
    assert pairs(f) == [("198.51.100.77", None, "15.01.2026 09:30:12 CET"), ("2001:db8::42", None, "15.01.2026 09:31:40 CET")]
    assert all("time_recomposed" in m.flags for m in f.ips)
    assert f.ips[0].time_raw == "09:30:12 CET"


def test_time_before_date_and_words_inside_are_recomposed() -> None:
    f = ts.scan(text_lines("The IP address 203.0.113.7 was used at 22:41:19 UTC on 7 January 2026.",
                           "Die IP-Adresse 203.0.113.8 wurde am 07.01.2026 um 22:41:19 Uhr genutzt."))
    assert pairs(f) == [("203.0.113.7", None, "7 January 2026 22:41:19 UTC"), ("203.0.113.8", None, "07.01.2026 22:41:19")]
    assert [m.time_raw for m in f.ips] == ["22:41:19 UTC on 7 January 2026", "07.01.2026 um 22:41:19 Uhr"]


def test_labelled_lines_are_one_record() -> None:
    f = ts.scan(text_lines("IP address: 198.51.100.23", "Date/Time (UTC): 08.01.2026 09:12:44", "Port: 51022", "Event: Login", "",
                           "IP address: 198.51.100.24", "Date: 09.01.2026", "Time: 10:00:00"))
    assert pairs(f) == [("198.51.100.23", "51022", "08.01.2026 09:12:44"), ("198.51.100.24", None, "09.01.2026 10:00:00")]
    assert f.ips[0].activity == "Login" and "paired_in_labelled_lines" in f.ips[0].flags
    assert "time_recomposed" in f.ips[1].flags


def test_registration_ip_pairs_with_the_creation_time_only() -> None:
    f = ts.scan(text_lines("Name: Jane Example", "Registration IP: 203.0.113.5", "Account created: 2026-01-02 10:00:00 UTC",
                           "Last login: 2026-02-01 09:00:00 UTC"))
    assert pairs(f) == [("203.0.113.5", None, "2026-01-02 10:00:00 UTC")]
    assert f.ips[0].activity == "Registration"
    assert f.subscribers[0].first("registration_ip") == "203.0.113.5"


def test_table_rows_under_a_header() -> None:
    f = ts.scan(text_lines("IP address        Date/time (UTC)        Port    Event",
                           "198.51.100.40     2026-01-10 14:22:05    40200   login",
                           "2001:db8:5::17    2026-01-10 15:01:44    -       login"))
    assert pairs(f) == [("198.51.100.40", "40200", "2026-01-10 14:22:05"), ("2001:db8:5::17", None, "2026-01-10 15:01:44")]
    assert "port_from_column" in f.ips[0].flags
    assert f.ips[0].raw == "198.51.100.40     2026-01-10 14:22:05    40200   login"


def test_ip_without_time_is_a_mention() -> None:
    f = ts.scan(text_lines("The address 192.0.2.1 is our DNS resolver."))
    assert [(m.ip, m.time) for m in f.ips] == [("192.0.2.1", None)]
    assert not f.worth_extracting()


def test_quoted_text_is_marked() -> None:
    f = ts.scan(text_lines("Thanks, see below.", "", "-----Original Message-----", "From: officer@example.org",
                           "> Please identify the user of 203.0.113.99 on 2026-01-05 10:00 UTC."))
    assert [(m.ip, m.quoted) for m in f.ips] == [("203.0.113.99", True)]
    assert not f.pairs


def test_a_request_or_order_asks_and_does_not_answer() -> None:
    f = ts.scan(text_lines("PRODUCTION ORDER", "Order number: PO-2026-0193", "",
                           "IT IS HEREBY ORDERED that the provider disclose the subscriber to whom the IP address",
                           "203.0.113.77, source port 40112, was assigned on 07.01.2026 at 22:41:19 CET.", "",
                           "Subscriber: to be identified by the provider", "Customer number: to be provided"))
    assert f.is_request and not f.pairs and not f.subscribers
    assert [(m.ip, m.port, m.in_request, "in_request" in m.flags) for m in f.ips] == [("203.0.113.77", "40112", True, True)]
    assert [r.value for r in f.references] == ["PO-2026-0193"]


def test_an_answer_quoting_the_request_still_answers() -> None:
    f = ts.scan(text_lines("In response to your request, which asked us to 'please provide the subscriber',",
                           "we confirm that the IP address 203.0.113.77 was assigned on 2026-01-07 22:41:19 UTC to:",
                           "Name: Jane Example", "Customer number: to be confirmed", "E-mail: jane@example.com"))
    assert not f.is_request and len(f.pairs) == 1
    (block,) = f.subscribers
    assert block.first("account") is None and block.first("email") == "jane@example.com"


def test_quoted_subscriber_lines_are_not_a_subscriber() -> None:
    f = ts.scan(text_lines("Thanks, we are looking into it.", "", "> Name: Suspect Person", "> Account ID: 123",
                           "> E-mail: suspect@example.com"))
    assert not f.subscribers and not f.worth_extracting()


def test_an_e_mail_broken_in_a_subscriber_block() -> None:
    f = ts.scan(text_lines("Name: Jane Example", "E-mail: jane.doe@", "example.com", "Phone: 555-0100"))
    assert f.subscribers[0].all("email") == ("jane.doe@example.com",)


def test_a_zone_named_in_words_after_the_time() -> None:
    f = ts.scan(text_lines("L'adresse IP 203.0.113.8 (port source 51000) était attribuée le 07/01/2026 à 22:41:19 "
                           "(heure de Paris) au titulaire suivant :"))
    (m,) = f.ips
    assert (m.ip, m.port, m.time, m.zone_hint, m.activity) == ("203.0.113.8", "51000", "07/01/2026 22:41:19",
                                                               "heure de Paris", "attribuée")


# -- references, accounts, zone statements -----------------------------------------------------


def test_references_and_whose() -> None:
    f = ts.scan(text_lines("Our reference: LE-2026-55120", "Your ref.: MLA-2026-0031", "Aktenzeichen: 123 Js 456/26",
                           "Référence : CASE-2026-0417", "In reply to your request REQ-2026-0107 (our ticket HLP-2026-3321).",
                           "Ref: see enclosed"))
    got = [(r.value, r.label, r.whose) for r in f.references]
    assert got == [("LE-2026-55120", "Our reference", "ours"), ("MLA-2026-0031", "Your ref", "yours"),
                   ("123 Js 456/26", "Aktenzeichen", "unknown"), ("CASE-2026-0417", "Référence", "unknown"),
                   ("REQ-2026-0107", "your request", "yours"), ("HLP-2026-3321", "our ticket", "ours")]
    assert f.worth_extracting()


def test_account_ids_after_labels() -> None:
    f = ts.scan(text_lines("Account ID: 4471-22", "User ID: demo_user", "Customer number: 100234", "Username: jdoe"))
    assert [(a.label, a.value) for a in f.accounts] == [("Account ID", "4471-22"), ("User ID", "demo_user"),
                                                        ("Customer number", "100234"), ("Username", "jdoe")]


@pytest.mark.parametrize(("sentence", "zone"), [
    ("All times are in UTC.", "UTC"), ("All times in this letter are Central European Time (CET).", "CET"),
    ("Les heures sont indiquées en heure de Paris.", "Europe/Paris"), ("Alle Zeitangaben in MEZ.", "CET"),
])
def test_zone_statements(sentence: str, zone: str) -> None:
    from pipeline.normalize import zone_from_text

    f = ts.scan(text_lines("Dear Sir,", "", sentence))
    assert [z.text for z in f.zone_notes] == [sentence]
    # the framework reads the note; where it cannot, the scanner names the zone itself
    z = f.zone_notes[0]
    assert (z.zone or zone_from_text(z.text)) == zone
    assert z.zone is None or zone_from_text(z.text) is None


def test_a_sentence_with_a_zoned_time_is_not_a_zone_statement() -> None:
    assert not ts.scan(text_lines("The time was 22:41 UTC when the IP address 192.0.2.9 was used.")).zone_notes


# -- OCR and HTML -------------------------------------------------------------------------------


def test_ocr_damage_is_repaired_and_flagged() -> None:
    f = ts.scan([pdf_line(1, 50, "The IP address 2O3.0.113.77 was used on 07.01 .2026 22:41:19 CET by", "ocr"),
                 pdf_line(1, 63.5, "the customer jane @ example.com.", "ocr")])
    assert pairs(f) == [("203.0.113.77", None, "07.01.2026 22:41:19 CET")]
    assert "ocr_repaired" in f.ips[0].flags
    assert f.ips[0].raw.startswith("The IP address 2O3.0.113.77")
    assert [(e.value, e.flags) for e in f.emails] == [("jane@example.com", ("ocr_repaired",))]


def test_html_lines_have_paths() -> None:
    from extractors.html import parse_html

    root = parse_html("<html><body><p id='a'>On 2026-01-07 10:00:00 UTC the IP address 192.0.2.44 logged in.</p>"
                      "<table><tr><th>IP</th><th>Time</th><th>Port</th></tr>"
                      "<tr><td>192.0.2.45</td><td>2026-01-08 11:00:00 UTC</td><td>50011</td></tr></table></body></html>")
    f = ts.scan(ts.lines_from_html(root))
    assert pairs(f) == [("192.0.2.44", None, "2026-01-07 10:00:00 UTC"), ("192.0.2.45", "50011", "2026-01-08 11:00:00 UTC")]
    assert [m.at.path for m in f.ips] == ["html>body>p#a", "html>body>table>tr[2]"]


# -- determinism and memory -----------------------------------------------------------------------

LETTER = text_lines(
    "Our reference: LE-2026-55120", "", "On 7 January 2026 at 22:41:19 UTC the IP address 203.0.113.77 (source port",
    "40112) was assigned to the subscriber below; 2001:db8:77:4100:", ":1b was used on 07.01.2026", "23:05:00 CET.", "",
    "Name: Jane Example", "Address: 12 Example Road,", "Springfield SP1 2AB", "E-mail: jane@example.com", "Phone: +1 202-555-0143")


def test_same_input_same_output() -> None:
    first = ts.scan(LETTER)
    ts.scan(text_lines(*[f"Unrelated text {i} with token{i}x and 198.51.100.{i % 250} on 2026-01-0{i % 9 + 1}" for i in range(200)]))
    second = ts.scan(LETTER)
    assert first == second
    assert pairs(first) == [("203.0.113.77", "40112", "7 January 2026 at 22:41:19 UTC"),
                            ("2001:db8:77:4100::1b", None, "07.01.2026 23:05:00 CET")]


def test_rebuilt_pipeline_gives_the_same_output(monkeypatch: pytest.MonkeyPatch) -> None:
    first = ts.scan(LETTER)
    monkeypatch.setattr(ts, "MAX_STRINGS", 0)  # rebuild on every use
    assert ts.scan(LETTER) == first


def test_long_text_is_read_in_pieces_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = text_lines(*[f"On 2026-01-{i % 28 + 1:02d} 10:{i % 60:02d}:00 UTC the IP address 203.0.113.{i % 250} logged in."
                         for i in range(300)])
    whole = ts.scan(lines)
    monkeypatch.setattr(ts, "CHUNK_CHARS", 2000)
    pieces = ts.scan(lines)
    assert pieces == whole and len(whole.pairs) == 300
