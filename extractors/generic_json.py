"""Any JSON or JSON-lines export nobody else claims: objects whose keys name IP events or subscribers.

The document is walked in order; every object is judged by its keys, with the same
vocabulary as the generic table extractor (:func:`extractors.generic_table.header_role`:
``ip``, ``ipAddress``, ``client_ip``, ``timestamp``, ``login_time``, ``user_id``, ``email``
...). An object with an IP key and a time or account key is an IP event; an object with at
least three subscriber keys (an e-mail, phone or account, a name, and one more: a second
identifier, creation time, registration IP, address) is a subscriber. Each record's locator
is the object's JSON pointer (``/logins/3``) with its line and byte offset; ``raw`` is the
object's exact text.

The reader is a small JSON parser that keeps where every value was printed. It is strict
about structure and lenient where a return may be sloppy, and says so:

* a key repeated in one object: the first value is used, the repeat is a ``DUPLICATE_KEY``
  problem;
* ``NaN``, ``Infinity``, ``-Infinity`` (accepted by Python's json, not by the standard): not a
  value, ``NOT_A_NUMBER`` problem;
* nesting deeper than :data:`MAX_DEPTH`: the subtree is skipped, ``DEEP_NESTING`` problem;
* a file larger than :data:`MAX_JSON_BYTES` (JSON lines: a line larger than
  :data:`MAX_LINE_BYTES`): not read, ``FILE_TOO_LARGE`` / ``LINE_TOO_LARGE`` problem;
* an unparseable JSON-lines line: ``BAD_JSON_LINE`` problem, the other lines are read.

Numbers are passed as printed (an epoch time stays ``1772366400123``; the framework decides
the unit for the whole file). ``{"$date": ...}`` wrappers (MongoDB exports) are unwrapped.
Objects nested in an object that names an account (``{"user_id": 7, "logins": [...]}``)
take that account, flagged ``account_from_parent``.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from json.decoder import scanstring
from typing import Any, Iterator

from schemas.records import IpEvent, Locator, Problem, Record, Subscriber

from .base import Claim, DecodedText, Document, ExtractionFailed, Extractor, decode_text
from .generic_table import _bad_chars, header_role, is_ip, is_time

#: deepest nesting read (deeper subtrees are skipped with a problem)
MAX_DEPTH = 64
#: largest JSON document read whole
MAX_JSON_BYTES = 64 * 2**20
#: largest JSON-lines line
MAX_LINE_BYTES = 4 * 2**20
#: identify parses files up to this size whole; larger ones are judged from their first bytes
IDENTIFY_FULL_BYTES = 4 * 2**20
#: a record's raw text is the object's exact text up to this many characters; a larger
#: object gives the exact text of the members the record was read from, one per line
RAW_LIMIT = 64 * 1024

JSON_TYPES = ("application/json", "application/x-ndjson", "application/ndjson", "application/jsonl",
              "application/x-jsonlines", "text/", "application/octet-stream")


# -- a JSON parser that keeps places ------------------------------------------------------------


class JsonError(ValueError):
    def __init__(self, pos: int, msg: str) -> None:
        super().__init__(msg)
        self.pos = pos
        self.msg = msg


class JNum(str):
    """A number as printed."""


@dataclass
class JBad:
    """NaN / Infinity: printed, but not a value."""

    text: str
    pos: int


@dataclass
class JSkipped:
    """A subtree deeper than MAX_DEPTH, not read."""

    pos: int
    end: int


@dataclass
class JObj:
    pairs: list[tuple[str, Any, int, int]]  #: (key, value, key position, value position)
    start: int
    end: int = 0
    duplicates: list[tuple[str, int]] = field(default_factory=list)  #: (key, position of the repeat)
    member_spans: dict[str, tuple[int, int]] = field(default_factory=dict)  #: key -> (start, end) of '"key": value'

    def get(self, key: str) -> Any:
        for k, v, _, _ in self.pairs:
            if k == key:
                return v
        return None

    def first(self) -> list[tuple[str, Any, int]]:
        """(key, value, value position), first occurrence of each key."""
        seen: set[str] = set()
        out = []
        for k, v, _, vp in self.pairs:
            if k not in seen:
                seen.add(k)
                out.append((k, v, vp))
        return out


@dataclass
class JArr:
    items: list[tuple[Any, int]]  #: (value, position)
    start: int
    end: int = 0


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_BAD_NUMBERS = ("NaN", "Infinity", "-Infinity")


class _Parser:
    def __init__(self, text: str, max_depth: int = MAX_DEPTH) -> None:
        self.s = text
        self.max_depth = max_depth
        self.deep: list[int] = []  #: positions of skipped subtrees

    def ws(self, i: int) -> int:
        return _WS.match(self.s, i).end()  # type: ignore[union-attr]

    def parse(self, i: int = 0) -> tuple[Any, int, int]:
        """(value, start, end) of the value at i (after whitespace)."""
        i = self.ws(i)
        v, end = self.value(i, 0)
        return v, i, end

    def value(self, i: int, depth: int) -> tuple[Any, int]:
        s = self.s
        if i >= len(s):
            raise JsonError(i, "a value was expected but the text ended")
        c = s[i]
        if c in "{[" and depth >= self.max_depth:
            end = self.skip(i)
            self.deep.append(i)
            return JSkipped(i, end), end
        if c == "{":
            return self.obj(i, depth + 1)
        if c == "[":
            return self.arr(i, depth + 1)
        if c == '"':
            try:
                text, end = scanstring(s, i + 1, False)
            except ValueError as exc:
                raise JsonError(i, f"a string is not closed or has a bad escape ({exc})") from None
            return text, end
        m = _NUMBER.match(s, i)
        if m and m.end() > i:
            return JNum(m.group(0)), m.end()
        for word, val in (("true", True), ("false", False), ("null", None)):
            if s.startswith(word, i):
                return val, i + len(word)
        for word in _BAD_NUMBERS:
            if s.startswith(word, i):
                return JBad(word, i), i + len(word)
        raise JsonError(i, f"unexpected {s[i:i + 20]!r}")

    def obj(self, i: int, depth: int) -> tuple[JObj, int]:
        s = self.s
        o = JObj([], i)
        seen: set[str] = set()
        i = self.ws(i + 1)
        if i < len(s) and s[i] == "}":
            o.end = i + 1
            return o, i + 1
        while True:
            if i >= len(s) or s[i] != '"':
                raise JsonError(i, "an object key (a quoted string) was expected")
            kpos = i
            try:
                key, i = scanstring(s, i + 1, False)
            except ValueError as exc:
                raise JsonError(kpos, f"a key is not closed or has a bad escape ({exc})") from None
            i = self.ws(i)
            if i >= len(s) or s[i] != ":":
                raise JsonError(i, "':' was expected after an object key")
            i = self.ws(i + 1)
            vpos = i
            v, i = self.value(i, depth)
            if key in seen:
                o.duplicates.append((key, kpos))
            else:
                seen.add(key)
                o.member_spans[key] = (kpos, i)
            o.pairs.append((key, v, kpos, vpos))
            i = self.ws(i)
            if i < len(s) and s[i] == ",":
                i = self.ws(i + 1)
                continue
            if i < len(s) and s[i] == "}":
                o.end = i + 1
                return o, i + 1
            raise JsonError(i, "',' or '}' was expected in an object")

    def arr(self, i: int, depth: int) -> tuple[JArr, int]:
        s = self.s
        a = JArr([], i)
        i = self.ws(i + 1)
        if i < len(s) and s[i] == "]":
            a.end = i + 1
            return a, i + 1
        while True:
            vpos = i
            v, i = self.value(i, depth)
            a.items.append((v, vpos))
            i = self.ws(i)
            if i < len(s) and s[i] == ",":
                i = self.ws(i + 1)
                continue
            if i < len(s) and s[i] == "]":
                a.end = i + 1
                return a, i + 1
            raise JsonError(i, "',' or ']' was expected in an array")

    def skip(self, i: int) -> int:
        """The end of the container at i, without building it."""
        s = self.s
        depth = 0
        n = len(s)
        while i < n:
            c = s[i]
            if c == '"':
                j = i + 1
                while True:
                    j = s.find('"', j)
                    if j < 0:
                        raise JsonError(i, "a string is not closed")
                    k = j - 1
                    bs = 0
                    while s[k] == "\\":
                        bs += 1
                        k -= 1
                    if bs % 2 == 0:
                        break
                    j += 1
                i = j + 1
                continue
            if c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise JsonError(n, "the text ended inside a nested value")


def parse_json(text: str, start: int = 0) -> tuple[Any, int, int, _Parser]:
    """(value, start, end, parser) of one JSON document; trailing text other than whitespace is an error."""
    p = _Parser(text)
    v, s, e = p.parse(start)
    rest = p.ws(e)
    if rest < len(text):
        raise JsonError(rest, "text after the end of the JSON document")
    return v, s, e, p


# -- places -------------------------------------------------------------------------------------


class _Places:
    """Character position -> (line, byte offset), for one decoded text."""

    def __init__(self, decoded: DecodedText | None, text: str, base_line: int = 1, base_byte: int = 0,
                 encoding: str = "utf-8") -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        self.base_line = base_line
        enc = decoded.encoding if decoded else encoding
        self.unit2 = enc.startswith("utf-16")
        self.single = enc not in ("utf-8", "utf-8-sig") and not self.unit2
        offset = base_byte
        if decoded is not None and decoded.had_bom:
            offset += 3 if enc == "utf-8-sig" else 2
        self.byte_starts = []
        prev = 0
        for st in self.starts:
            offset += self._width(text[prev:st])
            self.byte_starts.append(offset)
            prev = st

    def _width(self, chunk: str) -> int:
        if self.single:
            return len(chunk)
        if self.unit2:
            return len(chunk.encode("utf-16-le", errors="surrogatepass"))
        return len(chunk.encode("utf-8", errors="surrogatepass"))

    def at(self, pos: int, path: str | None) -> Locator:
        k = bisect.bisect_right(self.starts, pos) - 1
        byte = self.byte_starts[k] + self._width(self.text[self.starts[k]:pos])
        return Locator(line=self.base_line + k, byte_offset=byte, path=path or None)


def pointer(parts: list[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


# -- judging objects --------------------------------------------------------------------------

_IP_FIELDS = ("ip",)


def _scalar(v: Any) -> str | None:
    """The printed text of a scalar (None: not a value)."""
    if isinstance(v, JObj):
        inner = v.get("$date")
        if inner is None:
            inner = v.get("$numberLong")
        if inner is not None and len(v.pairs) == 1:
            return _scalar(inner)
        return None
    if isinstance(v, (JArr, JBad, JSkipped)) or v is None:
        return None
    if v is True:
        return "true"
    if v is False:
        return "false"
    return str(v)


@dataclass
class _Judged:
    cols: dict[str, tuple[str, str, int]]  #: field -> (key, value text, value position)
    emails: list[str]
    phones: list[str]
    ids: list[str]
    used: set[str]


def _judge(o: JObj) -> _Judged:
    cands: dict[str, list[tuple[int, int, str, str, int]]] = {}
    order = 0
    for key, v, vpos in o.first():
        text = _scalar(v)
        if text is None or not text.strip():
            continue
        role = header_role(key)
        if role is None:
            continue
        f = role.field
        if f in ("weak_ip", "placeholder", "address") and is_ip(text):
            f = "ip"
        elif f in ("weak_time", "placeholder", "date") and is_time(text):
            f = "time"
        elif f == "weak_time" and "login" in role.words:
            f = "account"
        if f in ("weak_ip", "weak_time", "placeholder", "other_ip", "other_port", "end_time"):
            continue
        order += 1
        cands.setdefault(f, []).append((role.rank, order, key, text, vpos))
    cols: dict[str, tuple[str, str, int]] = {}
    for f, cs in cands.items():
        cs.sort()
        cols[f] = (cs[0][2], cs[0][3], cs[0][4])
    emails = [c[3] for c in sorted(cands.get("email", []))]
    phones = [c[3] for c in sorted(cands.get("phone", []))]
    ids = [c[3] for c in sorted(cands.get("account", []))[1:]]
    used = {c[2] for cs in cands.values() for c in cs if c[0] < 9}
    return _Judged(cols, emails, phones, ids, used)


def _is_ip_event(j: _Judged) -> bool:
    """An IP with a time (or a creation time), or with the account it belongs to."""
    return "ip" in j.cols and ("time" in j.cols or "created" in j.cols or "account" in j.cols or "email" in j.cols)


def _is_subscriber(j: _Judged) -> bool:
    ident = "account" in j.cols or j.emails or j.phones
    name = "name" in j.cols or ("first_name" in j.cols and "last_name" in j.cols)
    more = sum(1 for f in ("account", "created", "registration_ip", "address", "first_name") if f in j.cols) \
        + len(j.emails) + len(j.phones) + len(j.ids)
    return bool(ident and name and more >= 2)


def _account_of(o: JObj) -> str | None:
    j = _judge(o)
    if "account" in j.cols:
        return j.cols["account"][1]
    if j.emails and _is_subscriber(j):
        return j.emails[0]
    return None


# -- the extractor -----------------------------------------------------------------------------


class GenericJson(Extractor):
    name = "generic_json"
    provider = "unknown"
    layout = "Any JSON or JSON-lines export whose objects carry IP-event or subscriber keys (JSON pointer locators)"
    version = "1"
    generic = True
    media_types = JSON_TYPES
    sources = ("extractors/README.md", "https://www.rfc-editor.org/rfc/rfc8259", "https://www.rfc-editor.org/rfc/rfc6901")

    # -- identify --

    def identify(self, doc: Document) -> Claim | None:
        try:
            return self._identify(doc)
        except Exception:  # noqa: BLE001 - never raise on someone else's file
            return None

    def _identify(self, doc: Document) -> Claim | None:
        if doc.media_type == "application/octet-stream" and doc.suffix not in (".json", ".jsonl", ".ndjson", ".txt", ".log"):
            return None
        head = doc.head_text(4096).lstrip()
        if head[:1] not in ("{", "["):
            return None
        lines = self._is_lines(doc)
        variant = "json_lines" if lines else "json"
        if doc.size <= IDENTIFY_FULL_BYTES:
            try:
                for rec in self._records(doc, lines, limit_objects=2000):
                    if isinstance(rec, (IpEvent, Subscriber)):
                        return Claim(variant)
                return None
            except ExtractionFailed:
                pass  # broken JSON: claimed when it looks like ours, so that the failure is reported with its place
        return Claim(variant) if self._head_looks_right(doc) else None

    def _head_looks_right(self, doc: Document) -> bool:
        """A large file: its first bytes hold an object with an IP key (an IP value) and a time or account key."""
        head = doc.head_text()
        for m in re.finditer(r"\{[^{}]{0,4000}\}", head):
            fields: dict[str, str] = {}
            for km in re.finditer(r'"([^"\\]{1,64})"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d[\d.eE+-]{0,30})', m.group(0)):
                role = header_role(km.group(1))
                if role is None:
                    continue
                val = km.group(2).strip('"')
                if role.field in ("ip", "weak_ip") and is_ip(val):
                    fields["ip"] = val
                elif role.field in ("time", "weak_time", "date") and is_time(val):
                    fields["time"] = val
                elif role.field in ("account", "email"):
                    fields["account"] = val
            if "ip" in fields and ("time" in fields or "account" in fields):
                return True
        return False

    def _is_lines(self, doc: Document) -> bool:
        if doc.suffix in (".jsonl", ".ndjson"):
            return True
        head = doc.head_text()
        first = head.lstrip()
        if not first.startswith("{"):
            return False
        # JSON lines: the first line is a whole object and another object starts on a later line
        line = first.split("\n", 1)[0].rstrip("\r")
        try:
            json.loads(line)
        except ValueError:
            return False
        rest = first[len(line):].lstrip()
        return rest.startswith("{")

    # -- extract --

    def extract(self, doc: Document, claim: Claim) -> Iterator[Record]:
        yield from self._records(doc, claim.variant == "json_lines")

    def _records(self, doc: Document, lines: bool, limit_objects: int | None = None) -> Iterator[Record]:
        if lines:
            yield from self._lines(doc, limit_objects)
            return
        if doc.size > MAX_JSON_BYTES:
            yield Problem(Locator(line=1, byte_offset=0), "FILE_TOO_LARGE",
                          f"{doc.size:,} bytes: larger than the {MAX_JSON_BYTES:,} bytes a JSON document is read whole; "
                          "not read (split it, or export it as JSON lines)")
            return
        decoded = decode_text(doc.read_bytes())
        if decoded.guessed:
            yield Problem(Locator(line=1, byte_offset=0), "ENCODING_GUESSED",
                          f"the file is not valid UTF-8 or UTF-16; it was read as {decoded.encoding}, a guess")
        text = decoded.text
        places = _Places(decoded, text)
        try:
            value, start, _end, parser = parse_json(text)
        except JsonError as exc:
            at = places.at(min(exc.pos, len(text)), None)
            raise ExtractionFailed(at.as_text(), "valid JSON", exc.msg) from None
        yield from self._walk(value, [], places, text, None, parser, limit_objects)

    def _lines(self, doc: Document, limit_objects: int | None) -> Iterator[Record]:
        """JSON lines, streamed: each line its own document."""
        with open(doc.path, "rb") as fh:
            data_head = fh.read(4)
        if data_head.startswith((b"\xff\xfe", b"\xfe\xff")):
            yield from self._lines_decoded(doc, limit_objects)
            return
        seen = 0
        byte = 0
        with open(doc.path, "rb") as fh:
            for no, line in enumerate(_raw_lines(fh), start=1):
                start_byte = byte
                byte += len(line)
                body = line.rstrip(b"\r\n")
                if no == 1 and body.startswith(b"\xef\xbb\xbf"):
                    body = body[3:]
                    start_byte += 3
                if not body.strip():
                    continue
                if len(body) > MAX_LINE_BYTES:
                    yield Problem(Locator(line=no, byte_offset=start_byte), "LINE_TOO_LARGE",
                                  f"line {no} is {len(body):,} bytes, more than the {MAX_LINE_BYTES:,} read per line: not read")
                    continue
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError:
                    text = body.decode("utf-8", errors="replace")
                    yield Problem(Locator(line=no, byte_offset=start_byte), "BAD_ENCODING",
                                  f"line {no} is not valid UTF-8; undecodable bytes were replaced by U+FFFD for reading")
                places = _Places(None, text, base_line=no, base_byte=start_byte)
                try:
                    value, _s, _e, parser = parse_json(text)
                except JsonError as exc:
                    yield Problem(Locator(line=no, byte_offset=start_byte), "BAD_JSON_LINE",
                                  f"line {no} is not one JSON value ({exc.msg} at character {exc.pos + 1}): {text[:200]!r}")
                    continue
                for rec in self._walk(value, [], places, text, None, parser, None):
                    yield rec
                seen += 1
                if limit_objects is not None and seen >= limit_objects:
                    return

    def _lines_decoded(self, doc: Document, limit_objects: int | None) -> Iterator[Record]:
        decoded = decode_text(doc.read_bytes())
        places_all = _Places(decoded, decoded.text)
        text = decoded.text
        seen = 0
        for m in re.finditer(r"[^\r\n]+", text):
            chunk = m.group(0)
            if not chunk.strip():
                continue
            loc = places_all.at(m.start(), None)
            try:
                value, _s, _e, parser = parse_json(chunk)
            except JsonError as exc:
                yield Problem(loc, "BAD_JSON_LINE", f"line {loc.line} is not one JSON value ({exc.msg}): {chunk[:200]!r}")
                continue
            places = _Places(None, chunk, base_line=loc.line or 1, base_byte=loc.byte_offset or 0, encoding=decoded.encoding)
            yield from self._walk(value, [], places, chunk, None, parser, None)
            seen += 1
            if limit_objects is not None and seen >= limit_objects:
                return

    def _walk(self, root: Any, path: list[str | int], places: _Places, text: str, parent_account: str | None,
              parser: _Parser, limit_objects: int | None) -> Iterator[Record]:
        """Depth-first, in document order, without recursion limits of its own (depth is bounded by the parser)."""
        for pos in parser.deep:
            yield Problem(places.at(pos, None), "DEEP_NESTING",
                          f"nesting deeper than {MAX_DEPTH} levels at {places.at(pos, None).as_text()}: that part was not read")
        count = 0
        stack: list[tuple[Any, list[str | int], str | None]] = [(root, path, parent_account)]
        while stack:
            node, p, acct = stack.pop()
            if isinstance(node, JBad):
                yield Problem(places.at(node.pos, pointer(p)), "NOT_A_NUMBER",
                              f"{node.text} at {pointer(p) or 'the top'} is not a JSON value: read as no value")
                continue
            if isinstance(node, JArr):
                for k in range(len(node.items) - 1, -1, -1):
                    stack.append((node.items[k][0], [*p, k], acct))
                continue
            if not isinstance(node, JObj):
                continue
            count += 1
            if limit_objects is not None and count > limit_objects * 20:
                return
            for key, kpos in node.duplicates:
                at = places.at(kpos, pointer([*p, key]))
                yield Problem(at, "DUPLICATE_KEY", f"the key {key!r} is repeated in the object at {pointer(p) or 'the top'} "
                              f"({at.as_text()}): the first value was used, this one ignored")
            j = _judge(node)
            own = j.cols["account"][1] if "account" in j.cols else None
            yield from self._object_records(node, j, p, places, text, acct if own is None else None)
            child_acct = _account_of(node) or acct
            for key, v, _ in reversed(node.first()):  # a repeated key's later values are ignored (reported above)
                if isinstance(v, (JObj, JArr, JBad)):
                    stack.append((v, [*p, key], child_acct))

    def _object_records(self, o: JObj, j: _Judged, p: list[str | int], places: _Places, text: str,
                        parent_account: str | None) -> Iterator[Record]:
        ip_event = _is_ip_event(j)
        subscriber = _is_subscriber(j)
        if not (ip_event or subscriber):
            return
        at = places.at(o.start, pointer(p))
        raw = text[o.start:o.end]
        if len(raw) > RAW_LIMIT:
            raw = "\n".join(text[s:e] for k, (s, e) in o.member_spans.items() if k in j.used)
        flags: list[str] = []
        bad = sorted(set(_bad_chars(raw)) | {b for _, v, _ in o.first() if isinstance(v, str) for b in _bad_chars(v)})
        if bad:
            flags.append("control_characters")
            yield Problem(at, "CONTROL_CHARACTERS", f"{at.as_text()}: the object holds control or text-direction "
                          f"characters ({', '.join(bad)}); they are kept as printed")
        extra = self._extra(o, j, text)
        get = lambda f: j.cols[f][1] if f in j.cols else None  # noqa: E731
        if subscriber:
            name = get("name")
            if name is None and (get("first_name") or get("last_name")):
                name = " ".join(x for x in (get("first_name"), get("last_name")) if x)
            account = get("account") or (j.emails[0] if j.emails else None) or (j.phones[0] if j.phones else None)
            created = get("created")
            reg_ip = get("registration_ip")
            yield Subscriber(at=at, raw=raw, account=account, account_ids=tuple(j.ids), name=name,
                             emails=tuple(dict.fromkeys(j.emails)), phones=tuple(dict.fromkeys(j.phones)),
                             address=get("address"), created=created, registration_ip=reg_ip, extra=extra,
                             flags=tuple(flags))
            if reg_ip and created:
                yield IpEvent(at=at, raw=raw, ip=reg_ip, time=created, account=account, activity="registration",
                              flags=tuple(flags))
        if ip_event:
            account = get("account") or (j.emails[0] if j.emails else None)
            ev_flags = list(flags)
            if account is None and parent_account is not None:
                account = parent_account
                ev_flags.append("account_from_parent")
            time = get("time") or (None if subscriber else get("created"))
            yield IpEvent(at=at, raw=raw, ip=get("ip") or "", time=time, account=account, port=get("port"),
                          activity=get("activity"), extra={} if subscriber else extra, flags=tuple(ev_flags))

    def _extra(self, o: JObj, j: _Judged, text: str) -> dict[str, str]:
        """The object's other members: scalars as printed, nested values as their exact text
        (nested values that hold records of their own are left out: they are records)."""
        bound = {v[0] for f, v in j.cols.items()}
        bound |= {k for k in j.used}
        out: dict[str, str] = {}
        for key, v, _ in o.first():
            if key in bound:
                continue
            if isinstance(v, (JObj, JArr)):
                if _holds_records(v):
                    continue
                out[key] = text[v.start:v.end]
                continue
            text = _scalar(v)
            if text is not None and text != "":
                out[key] = text
        return out


def _holds_records(v: Any, depth: int = 0) -> bool:
    if depth > MAX_DEPTH:
        return False
    if isinstance(v, JObj):
        j = _judge(v)
        if _is_ip_event(j) or _is_subscriber(j):
            return True
        return any(_holds_records(x, depth + 1) for _, x, _, _ in v.pairs)
    if isinstance(v, JArr):
        return any(_holds_records(x, depth + 1) for x, _ in v.items)
    return False


def _raw_lines(fh: Any) -> Iterator[bytes]:
    """Lines with their endings, split on LF (a CR before it stays with the line)."""
    buf = b""
    while True:
        chunk = fh.read(1 << 20)
        if not chunk:
            break
        buf += chunk
        while True:
            k = buf.find(b"\n")
            if k < 0:
                break
            yield buf[:k + 1]
            buf = buf[k + 1:]
        if len(buf) > MAX_LINE_BYTES * 2:
            # a huge line: hand it over as it is so far (it is reported, not read)
            rest = fh.readline()
            while rest and not rest.endswith(b"\n"):
                buf += rest
                rest = fh.readline()
            yield buf + rest
            buf = b""
    if buf:
        yield buf


EXTRACTORS = (GenericJson(),)
