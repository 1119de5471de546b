"""The e-mail reader (pipeline/mail.py) and the email_message extractor: sniffing, MIME structure,
decoding, mbox splitting, locators, references, and mutations of the samples."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from extractors.base import Document
from extractors.email import EXTRACTORS, EmailMessage, references
from pipeline import mail
from pipeline.extraction import Extraction
from schemas.records import DocumentFact, IpEvent, Record, Subscriber

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "extractors" / "email_message"
COVER = SAMPLES / "positive" / "portal-cover.eml"
MLA = SAMPLES / "positive" / "mla-reply.eml"
HTML = SAMPLES / "positive" / "html-only.eml"
MBOX = SAMPLES / "negative" / "two-messages.mbox"
EX: EmailMessage = EXTRACTORS[0]


def doc_for(tmp_path: Path, data: bytes, name: str = "m.eml", media_type: str = "message/rfc822") -> Document:
    path = tmp_path / name
    path.write_bytes(data)
    return Document(hashlib.sha256(data).hexdigest(), path, name, media_type, len(data))


def records(tmp_path: Path, data: bytes, **kw: str) -> list[Record]:
    doc = doc_for(tmp_path, data, **kw)
    claim = EX.identify(doc)
    assert claim is not None
    return list(EX.extract(doc, claim))


def facts(tmp_path: Path, data: bytes, **kw: str) -> list[DocumentFact]:
    return [r for r in records(tmp_path, data, **kw) if isinstance(r, DocumentFact)]


def by_kind(records: list[DocumentFact], kind: str) -> list[DocumentFact]:
    return [r for r in records if r.kind == kind]


def header_values(records: list[DocumentFact]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in by_kind(records, "email_header"):
        out.setdefault(r.extra["field"].lower(), []).append(r.value)
    return out


# -- sniffing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sample", [COVER, MLA, HTML])
def test_messages_are_sniffed_by_content(sample: Path) -> None:
    assert mail.sniff_mail(sample.read_bytes()) == "eml"


def test_mbox_is_sniffed_by_its_separator_line() -> None:
    assert mail.sniff_mail(MBOX.read_bytes()) == "mbox"


@pytest.mark.parametrize("text", [
    # prose that starts like a message
    b"From: the desk of Det. Jane Roe (jane.roe@example.org)\nI checked the production.\n",
    # a labelled provider export (no From:, no message-only field)
    b"Name: Sam Sample\nEmail: sam@example.com\nCreated: 2025-11-03 14:22:09 UTC\n\n",
    # a memo with From: but no address, and a date without a time
    b"From: Det. Roe\nTo: Sgt. Doe\nDate: March 2, 2026\nSubject: production\n\nText\n",
    # From: with an address but nothing only a message carries
    b"From: jane.roe@example.org\nSubject: notes\n\nText\n",
    # CSV with mail-like column names
    b"From,To,Date,Message-ID\nlers-noreply@example.com,jane.roe@example.org,x,<a@example.com>\n",
    # 'From ' line followed by prose is not an mbox
    b"From here on, the times are UTC Mon Mar  2 10:00 2026\nnot a header line\n",
    b"",
    b"\x00\xff\x00binary",
])
def test_near_misses_are_not_mail(text: bytes) -> None:
    assert mail.sniff_mail(text) is None


def test_one_message_only_field_is_enough_with_a_from_address() -> None:
    assert mail.sniff_mail(b"Received: from a by b; Mon, 2 Mar 2026 10:00:00 +0000\nFrom: a@example.com\n\nhi\n") == "eml"
    assert mail.sniff_mail(b"From: a@example.com\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n\nhi\n") == "eml"
    # folded header lines are part of a well-formed block
    assert mail.sniff_mail(b"From: A\n <a@example.com>\nMessage-ID:\n <x@example.com>\n\nhi\n") == "eml"


# -- structure and decoding ---------------------------------------------------------------------


def test_cover_message_structure() -> None:
    data = COVER.read_bytes()
    parsed = mail.parse_message(data)
    assert parsed.problems == []
    labels = [p.label() for p in parsed.leaves()]
    assert labels == ["part 1.1 (text/plain, quoted-printable)", "part 1.2 (text/html, quoted-printable)",
                      "part 2 (application/pdf, base64)", "part 3 (text/csv)", "part 4 (message/rfc822)"]
    assert [p.member_name() for p in parsed.attachments()] == ["REQ-2026-0107 Subscriber.pdf", "logins.csv",
                                                                "Original request.eml"]
    assert [p.number for p in parsed.body_parts()] == ["1.1"]  # plain preferred over its HTML alternative
    pdf = mail.decode_part(data, parsed.attachments()[0])
    assert pdf.problem is None and pdf.data.startswith(b"%PDF-")
    inner = mail.decode_part(data, parsed.attachments()[2]).data
    assert inner.startswith(b"From: Det. Jane Roe") and inner.endswith(b"Case CASE-2026-0417\n")
    assert mail.sniff_mail(inner) == "eml"


def test_part_body_excludes_the_line_break_before_the_delimiter() -> None:
    data = (b"From: a@example.com\nMessage-ID: <x@example.com>\nContent-Type: multipart/mixed; boundary=b\n\n"
            b"--b\r\nContent-Type: application/octet-stream\r\n\r\nABC\r\n--b\nContent-Type: text/csv\n\nx,y\n\n--b--\n")
    parsed = mail.parse_message(data)
    parts = parsed.attachments()
    assert [mail.decode_part(data, p).data for p in parts] == [b"ABC", b"x,y\n"]
    assert [p.member_name() for p in parts] == ["part-1.bin", "part-2.csv"]


def test_unnamed_non_multipart_message_body_is_part_1() -> None:
    data = b"From: a@example.com\nMessage-ID: <x@example.com>\nContent-Type: application/pdf\n\n%PDF-1.4\n"
    parsed = mail.parse_message(data)
    assert [p.member_name() for p in parsed.attachments()] == ["part-1.pdf"]
    assert parsed.body_parts() == []


@pytest.mark.parametrize(("encoded", "want", "flag"), [
    (b"QUJDREVG\nR0g=\n", b"ABCDEFGH", None),
    (b"QUJDREVGR0", b"ABCDEFG", "truncated"),  # 2 characters left over: one more byte
    (b"QUJDREVGR", b"ABCDEF", "truncated"),  # 1 character left over: no whole byte
    (b"QUJD*REVG", b"ABC", "corrupt_data"),
    (b"QUI=QUJD", b"AB", "corrupt_data"),  # data after the end padding
    (b"", b"", None),
])
def test_base64_decodes_as_far_as_it_goes(encoded: bytes, want: bytes, flag: str | None) -> None:
    got = mail.decode_base64(encoded)
    assert got.data == want
    assert got.flag == flag
    assert (got.problem is None) == (flag is None)


def test_a_message_cut_inside_an_attachment_is_flagged_truncated() -> None:
    data = COVER.read_bytes()
    cut = data[: data.index(b"JVBERi0x") + 301]
    parsed = mail.parse_message(cut)
    assert any("no closing boundary" in p.sentence and p.incomplete for p in parsed.problems)
    pdf = parsed.attachments()[0]
    decoded = mail.decode_part(cut, pdf)
    assert decoded.flag == "truncated" and "closing boundary" in (decoded.problem or "")
    full = mail.decode_part(data, mail.parse_message(data).attachments()[0]).data
    assert decoded.data and full.startswith(decoded.data)


def test_deep_nesting_and_part_counts_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    depth = 200
    head = b"From: a@example.com\nMessage-ID: <x@example.com>\n"
    body = b""
    for i in range(depth):
        body += f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n".encode()
    data = head + body + b"Content-Type: text/plain\n\nhi\n"
    parsed = mail.parse_message(data)
    assert any("nested deeper" in p.sentence for p in parsed.problems)
    monkeypatch.setattr(mail, "MAX_PARTS", 5)
    many = head + b"Content-Type: multipart/mixed; boundary=z\n\n" + b"".join(
        b"--z\nContent-Type: image/png\n\nx\n" for _ in range(50)) + b"--z--\n"
    parsed = mail.parse_message(many)
    assert len(parsed.attachments()) == 4 and any("more than 5 MIME parts" in p.sentence for p in parsed.problems)


def test_hostile_headers_never_raise() -> None:
    data = (b"From: a@example.com\nMessage-ID: <x@example.com>\n"
            b"Content-Type: multipart/mixed; boundary=\"\"; boundary*0*=%ff%fe\n"
            b"Content-Disposition: attachment; filename*=bogus''%E2%80\n\n--\n\nbody\n")
    parsed = mail.parse_message(data)
    for p in parsed.leaves():
        mail.decode_part(data, p)
        p.member_name()


# -- mbox -----------------------------------------------------------------------------------------


def test_mbox_regions_are_the_messages_without_envelope_or_separator() -> None:
    data = MBOX.read_bytes()
    regions, stopped, preamble = mail.mbox_regions(io.BytesIO(data), cap=100)
    assert (stopped, preamble) == (False, 0)
    msgs = [data[a:b] for a, b in regions]
    assert len(msgs) == 2
    assert msgs[0].startswith(b"From: Example Mail LE Portal") and msgs[0].endswith(b"no reply is needed.\n")
    assert b">From the portal" in msgs[0]  # quoting kept as stored
    assert msgs[1].endswith(b"--b2--\n")
    assert all(mail.sniff_mail(m) == "eml" for m in msgs)


def test_mbox_listing_cap_and_long_separator_lines() -> None:
    sep = b"From " + b"x" * 5000 + b" Mon Mar  2 10:00:00 2026\n"
    data = b"".join(sep + f"Subject: {i}\n\nbody {i}\n\n".encode() for i in range(5))
    regions, stopped, _ = mail.mbox_regions(io.BytesIO(data), cap=3, chunk=64)
    assert stopped and len(regions) == 3
    assert [data[a:b] for a, b in regions] == [f"Subject: {i}\n\nbody {i}\n".encode() for i in range(3)]


# -- the extractor ----------------------------------------------------------------------------------


def test_cover_facts(tmp_path: Path) -> None:
    records = facts(tmp_path, COVER.read_bytes())
    headers = header_values(records)
    assert headers["subject"] == ["Production prête — LE request REQ-2026-0107"]
    assert headers["to"] == ["Det. Jane Roe <jane.roe@example.org>"]  # as printed, not re-quoted
    date = next(r for r in by_kind(records, "email_header") if r.extra["field"] == "Date")
    assert date.time == "Mon, 02 Mar 2026 15:00:05 +0000"
    refs = sorted((r.value, r.extra["where"]) for r in by_kind(records, "request_reference"))
    assert refs == [("CASE-2026-0417", "body"), ("MLA-2026-0031", "body"), ("REQ-2026-0107", "Subject"),
                    ("REQ-2026-0107", "body")]
    atts = {r.value: r.extra for r in by_kind(records, "attachment")}
    assert set(atts) == {"REQ-2026-0107 Subscriber.pdf", "logins.csv", "Original request.eml"}
    assert atts["logins.csv"]["content_type"] == "text/csv" and atts["logins.csv"]["part"] == "3"


def test_header_locators_point_at_the_header_line(tmp_path: Path) -> None:
    for sample in (COVER, MLA):
        data = sample.read_bytes()
        lines = data.splitlines(keepends=True)
        for r in by_kind(facts(tmp_path, data), "email_header"):
            assert r.at.path is None
            assert data[r.at.byte_offset:].startswith(r.raw.split("\n")[0].encode())
            assert lines[r.at.line - 1].startswith(r.raw.split("\n")[0].encode())


def test_body_locators_plain_and_decoded(tmp_path: Path) -> None:
    data = MLA.read_bytes()  # 7bit, CRLF: line and byte are in the file
    for r in [r for r in by_kind(facts(tmp_path, data), "request_reference") if r.extra["where"] == "body"]:
        assert r.at.path == "part 1 (text/plain)"
        assert data[r.at.byte_offset:].startswith(r.raw.encode())
        assert data.split(b"\r\n")[r.at.line - 1] == r.raw.encode()
    data = COVER.read_bytes()  # quoted-printable: line and byte within the decoded part
    parsed = mail.parse_message(data)
    plain = mail.decode_part(data, parsed.body_parts()[0]).data
    body_refs = [r for r in by_kind(facts(tmp_path, data), "request_reference") if r.extra["where"] == "body"]
    assert body_refs
    for r in body_refs:
        assert r.at.path == "part 1.1 (text/plain, quoted-printable)"
        assert plain.split(b"\n")[r.at.line - 1].decode("utf-8") == r.raw
        assert plain[r.at.byte_offset:].startswith(r.raw.encode("utf-8"))


def test_html_body_is_read_without_tags(tmp_path: Path) -> None:
    refs = by_kind(facts(tmp_path, HTML.read_bytes()), "request_reference")
    assert [(r.value, r.at.line) for r in refs] == [("LE-88213", 6), ("20260302118", 7)]
    assert refs[0].raw.startswith("<p>")  # the line as printed keeps its tags


def test_attachment_sha256_matches_the_decoded_bytes(tmp_path: Path) -> None:
    data = COVER.read_bytes()
    parsed = mail.parse_message(data)
    want = {p.member_name(): hashlib.sha256(mail.decode_part(data, p).data).hexdigest() for p in parsed.attachments()}
    got = {r.value: r.extra["sha256"] for r in by_kind(facts(tmp_path, data), "attachment")}
    assert got == want


def test_mbox_and_negatives_are_not_claimed(tmp_path: Path) -> None:
    for sample in sorted((SAMPLES / "negative").iterdir()):
        assert EX.identify(doc_for(tmp_path, sample.read_bytes(), sample.name, "text/plain")) is None


def test_text_plain_media_type_is_accepted_when_the_content_is_a_message(tmp_path: Path) -> None:
    doc = doc_for(tmp_path, MLA.read_bytes(), "reply.txt", "text/plain")
    assert EX.accepts(doc) and EX.identify(doc) is not None
    doc = doc_for(tmp_path, MLA.read_bytes(), "reply.pdf", "application/pdf")
    assert not EX.accepts(doc)


# -- mutations --------------------------------------------------------------------------------------


def _summary(records: list[DocumentFact]) -> list[tuple[str, str]]:
    return sorted((r.kind, r.value) for r in records)


def test_reordered_headers_give_the_same_facts(tmp_path: Path) -> None:
    data = MLA.read_bytes()
    head, body = data.split(b"\r\n\r\n", 1)
    fields = head.split(b"\r\n")
    mutated = b"\r\n".join(reversed(fields)) + b"\r\n\r\n" + body
    assert _summary(facts(tmp_path, mutated, name="r.eml")) == _summary(facts(tmp_path, data))


def test_line_endings_do_not_change_values(tmp_path: Path) -> None:
    data = COVER.read_bytes()
    crlf = data.replace(b"\n", b"\r\n")
    a, b = facts(tmp_path, data), facts(tmp_path, crlf, name="crlf.eml")
    assert _summary(a) == _summary(b)
    assert {r.extra.get("sha256") for r in by_kind(a, "attachment")} >= {
        r.extra.get("sha256") for r in by_kind(b, "attachment") if r.extra["transfer_encoding"] == "base64"}


def test_added_and_renamed_fields(tmp_path: Path) -> None:
    data = MLA.read_bytes()
    added = data.replace(b"Subject:", b"X-Priority: 3\r\nCc: evidence@example.org\r\nSubject:", 1)
    got = header_values(facts(tmp_path, added, name="a.eml"))
    assert got["cc"] == ["evidence@example.org"] and "x-priority" not in got
    # without From: nothing says it is a message
    renamed = data.replace(b"From:", b"X-Sender-Was:", 1)
    assert EX.identify(doc_for(tmp_path, renamed, "n.eml")) is None


def test_references() -> None:
    assert references("Re: LE request REQ-2026-0107") == [("LE request", "REQ-2026-0107")]
    assert references("Your ref: MLA-2026-0031; our reference CA/2026/118") == [
        ("Your ref", "MLA-2026-0031"), ("our reference", "CA/2026/118")]
    assert references("Case CASE-2026-0417") == [("Case", "CASE-2026-0417")]
    assert references("Reference number: 20260302118") == [("Reference number", "20260302118")]
    for text in ("Refer to the request 2 times", "request 2026", "our case number is CASE-2026-0417",
                 "the case was closed", "Reference: see below"):
        assert references(text) == [], text


def test_body_is_scanned_for_ip_pairs_and_subscribers(tmp_path: Path) -> None:
    data = COVER.read_bytes()
    got = records(tmp_path, data)
    ips = [r for r in got if isinstance(r, IpEvent)]
    # the quoted line of the request (198.51.100.9) gives no record
    assert [(r.ip, r.time, r.activity) for r in ips] == [("203.0.113.45", "2026-02-14 09:31:07 UTC", "login")]
    plain = mail.decode_part(data, mail.parse_message(data).body_parts()[0]).data
    assert ips[0].at.path == "part 1.1 (text/plain, quoted-printable)"
    assert plain.split(b"\n")[ips[0].at.line - 1].decode() == ips[0].raw  # one decoded line (a soft break in the file)
    (sub,) = [r for r in got if isinstance(r, Subscriber)]
    assert (sub.name, sub.emails, sub.phones) == ("Sam Q. Sample", ("demo.user.4471@example.com",), ("+1 202-555-0143",))


def test_mla_reply_has_no_records(tmp_path: Path) -> None:
    assert not [r for r in records(tmp_path, MLA.read_bytes()) if not isinstance(r, DocumentFact)]


def test_golden_run(tmp_path: Path) -> None:
    run = Extraction("t", EXTRACTORS)
    data = COVER.read_bytes()
    result = run.process(doc_for(tmp_path, data), "m", "P-x")
    assert (result.extractor, result.status, result.records) == ("email_message", "extracted", 2)
    kinds = {row["kind"] for row in run.out.rows["document_facts"]}
    assert kinds == {"email_header", "request_reference", "attachment"}
    date = [row for row in run.out.rows["document_facts"] if json.loads(row["extra"]).get("field") == "Date"]
    assert date[0]["time_utc"] == "2026-03-02T15:00:05.000000Z"


def test_garbage_never_raises(tmp_path: Path) -> None:
    data = COVER.read_bytes()
    for cut in range(0, len(data), 97):
        chunk = data[:cut]
        doc = doc_for(tmp_path, chunk, f"c{cut}.eml")
        claim = EX.identify(doc)
        if claim is not None:
            list(EX.extract(doc, claim))


# -- Outlook .msg -----------------------------------------------------------------------------------

MSG = SAMPLES / "positive" / "portal-cover.msg"
SENT = SAMPLES / "positive" / "sent-item.msg"


def test_msg_is_identified_from_its_ole_streams(tmp_path: Path) -> None:
    for sample in (MSG, SENT):
        doc = doc_for(tmp_path, sample.read_bytes(), sample.name, "application/vnd.ms-outlook")
        assert EX.identify(doc) is not None and EX.identify(doc).variant == "outlook-msg"  # type: ignore[union-attr]
    # an OLE file that is not a message, and OLE magic followed by noise
    ole = doc_for(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8, "x.doc", "application/x-ole-storage")
    assert EX.identify(ole) is None


def test_msg_with_transport_headers_reads_them_as_printed(tmp_path: Path) -> None:
    got = records(tmp_path, MSG.read_bytes(), name="m.msg", media_type="application/vnd.ms-outlook")
    headers = {r.extra["field"]: r for r in got if isinstance(r, DocumentFact) and r.kind == "email_header"}
    assert headers["Date"].time == "Mon, 02 Mar 2026 15:00:05 +0000"
    assert headers["From"].at.path == "stream __substg1.0_007D001F (transport headers, utf-16-le)"
    import olefile

    stream = olefile.OleFileIO(str(MSG)).openstream("__substg1.0_007D001F").read()
    for r in headers.values():  # byte offsets are in the stream's own (UTF-16LE) bytes
        assert stream[r.at.byte_offset:].decode("utf-16-le").startswith(r.raw.split("\n")[0])
    ips = [r for r in got if isinstance(r, IpEvent)]
    assert [(r.ip, r.time) for r in ips] == [("198.51.100.23", "2026-02-20 07:45:10 UTC")]


def test_msg_without_transport_headers_reads_mapi_properties(tmp_path: Path) -> None:
    got = facts(tmp_path, SENT.read_bytes(), name="s.msg", media_type="application/vnd.ms-outlook")
    headers = {r.extra["field"]: r for r in by_kind(got, "email_header")}
    assert headers["From"].value == "Example Mail LE Portal" and headers["From"].extra["addresses"] == "lers-noreply@example.com"
    assert headers["To"].extra["addresses"] == "jane.roe@example.org"
    assert headers["Date"].time == "2026-03-02 15:00:05 UTC"  # PR_CLIENT_SUBMIT_TIME, a FILETIME in UTC
    assert [(r.value, r.extra["where"]) for r in by_kind(got, "request_reference")][0] == ("REQ-2026-0107", "Subject")


def test_msg_attachments(tmp_path: Path) -> None:
    atts = {r.value: r.extra for r in by_kind(facts(tmp_path, MSG.read_bytes(), name="m.msg",
                                                      media_type="application/vnd.ms-outlook"), "attachment")}
    assert atts["logins.csv"]["attach_method"] == "by value"
    data = COVER.read_bytes()  # the same CSV attached to the .eml cover message
    (csv_part,) = [p for p in mail.parse_message(data).attachments() if p.member_name() == "logins.csv"]
    assert atts["logins.csv"]["sha256"] == hashlib.sha256(mail.decode_part(data, csv_part).data).hexdigest()
    assert atts["attachment-2.msg"]["attach_method"] == "embedded message" and "sha256" not in atts["attachment-2.msg"]


def test_damaged_msg_never_raises(tmp_path: Path) -> None:
    data = MSG.read_bytes()
    for cut in (512, 1024, 2048, 4096, len(data) - 512):
        doc = doc_for(tmp_path, data[:cut], f"c{cut}.msg", "application/vnd.ms-outlook")
        claim = EX.identify(doc)
        if claim is not None:
            try:
                list(EX.extract(doc, claim))
            except Exception as exc:  # noqa: BLE001 - only a structural failure may stop it
                from extractors.base import ExtractionFailed

                assert isinstance(exc, ExtractionFailed), exc
    assert mail.filetime_text(0) is None and mail.filetime_text(2**64 - 1) is None
