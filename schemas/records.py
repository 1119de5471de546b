"""Record types that extractors produce, and where each came from.

Extractors build these with the values *as printed* (raw text); the framework
(:mod:`pipeline.extraction`) normalises them (UTC times, canonical IPs, E.164 phones),
decides per-file time parameters, and stamps provenance (source SHA-256, package,
extractor name and version, run id). Every record must be given a :class:`Locator`: there
is no default, so a record cannot be built without saying where it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Locator:
    """Where in its source file a record was read. Fill what applies.

    * text: ``line`` (1-based physical line) and ``byte_offset`` (of the line start);
    * large tables read in bulk: ``row`` (1-based data row after the header);
    * spreadsheets: ``sheet`` and ``cell`` (``B7``) or ``row``;
    * HTML / JSON: ``path`` (element path such as ``div#ip_addresses>table>tr[3]`` or JSON
      pointer ``/logins/3/ip``);
    * PDF: ``page`` (1-based) and ``bbox`` (x0, top, x1, bottom in PDF points).
    """

    line: int | None = None
    byte_offset: int | None = None
    row: int | None = None
    sheet: str | None = None
    cell: str | None = None
    path: str | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    section: str | None = None  #: the section heading the record sits under, when the layout has sections

    def __post_init__(self) -> None:
        if all(v is None for v in (self.line, self.row, self.cell, self.path, self.page)):
            raise ValueError("a Locator needs at least one of line, row, cell, path or page")

    def as_text(self) -> str:
        """A compact, stable, human-readable form (stored in the ``locator`` column)."""
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.byte_offset is not None:
            parts.append(f"byte {self.byte_offset}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.path is not None:
            parts.append(f"path {self.path}")
        if self.bbox is not None:
            parts.append("bbox " + ",".join(f"{v:.1f}" for v in self.bbox))
        if self.section is not None:
            parts.append(f"section {self.section!r}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class TimeHint:
    """What an extractor knows about one printed time beyond its text."""

    zone: str | None = None  #: a zone stated for this column/field (e.g. header "Login Time (GMT-05:00)")
    excel_serial: float | None = None  #: the cell held an Excel date serial
    date1904: bool = False
    epoch_unit: str | None = None  #: 's', 'ms', 'us' or 'ns' when the extractor knows it


@dataclass(frozen=True)
class Subscriber:
    """An account holder as the provider describes them."""

    at: Locator
    raw: str  #: the exact text the record was read from (a line, a block, a row)
    account: str | None = None  #: the provider's primary identifier of the account
    account_ids: tuple[str, ...] = ()  #: other identifiers printed (numeric ids, usernames, aliases)
    name: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    address: str | None = None
    created: str | None = None  #: account creation time as printed
    created_hint: TimeHint | None = None
    registration_ip: str | None = None
    extra: dict[str, str] = field(default_factory=dict)  #: other labelled fields, label -> value as printed
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class IpEvent:
    """One printed occurrence of an IP address used at a time (login, session, registration ...)."""

    at: Locator
    raw: str
    ip: str  #: as printed (may include :port or brackets)
    time: str | None  #: as printed
    account: str | None = None
    port: str | None = None  #: as printed, when in its own column
    activity: str | None = None  #: as the document labels it
    hint: TimeHint | None = None
    extra: dict[str, str] = field(default_factory=dict)
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallEvent:
    """A call or message record from a carrier (call-detail record)."""

    at: Locator
    raw: str
    start: str | None  #: as printed
    caller: str | None = None
    callee: str | None = None
    duration: str | None = None  #: as printed (seconds or h:mm:ss)
    direction: str | None = None
    kind: str | None = None  #: voice, sms, mms, data ... as printed
    cell: str | None = None  #: cell site / tower / sector as printed
    account: str | None = None
    hint: TimeHint | None = None
    extra: dict[str, str] = field(default_factory=dict)
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentFact:
    """Something a document says about the package: a certificate, a declared zone, a hash list entry."""

    at: Locator
    raw: str
    kind: str  #: 'note', 'declared_zone', 'certificate', 'hash_listed', 'request_reference', 'no_records', 'account_change' ...
    value: str
    extra: dict[str, str] = field(default_factory=dict)
    time: str | None = None  #: a time the fact carries, as printed (normalised to UTC by the framework)
    hint: TimeHint | None = None
    flags: tuple[str, ...] = ()  #: e.g. ``ocr_repaired``, ``from_free_text``


@dataclass(frozen=True)
class Problem:
    """A recoverable problem found while reading (stored as a warning with its place)."""

    at: Locator | None
    code: str
    message: str


Record = Subscriber | IpEvent | CallEvent | DocumentFact | Problem
