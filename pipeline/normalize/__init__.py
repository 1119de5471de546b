"""Normalisation of printed values: times to UTC, IP addresses, phone numbers and e-mails.

Every function keeps the printed text, never invents a value (when unsure the normalised
value is ``None`` and a flag with a note says why) and gives the same output whatever the
host's time zone. See :mod:`.timestamps`, :mod:`.ips` and :mod:`.phones`.
"""

from __future__ import annotations

from .ips import IP_CLASSES, IP_FLAGS, IpResult, ip_class, ip_key, parse_ip
from .phones import PHONE_FLAGS, PhoneResult, RegionError, normalize_email, parse_phone
from .timestamps import (
    AMBIGUOUS_ABBREVIATIONS,
    EPOCH_UNITS,
    TIME_FLAGS,
    TZ_SOURCES,
    ZONE_ABBREVIATIONS,
    TimeContext,
    TimeResult,
    ZoneError,
    canonical_zone,
    check_zone,
    decide_day_first,
    decide_epoch_unit,
    excel_serial_to_wall,
    parse_excel_serial,
    parse_timestamp,
    tzdata_version,
    zone_from_text,
)

__all__ = [
    "AMBIGUOUS_ABBREVIATIONS",
    "EPOCH_UNITS",
    "IP_CLASSES",
    "IP_FLAGS",
    "PHONE_FLAGS",
    "TIME_FLAGS",
    "TZ_SOURCES",
    "ZONE_ABBREVIATIONS",
    "IpResult",
    "PhoneResult",
    "RegionError",
    "TimeContext",
    "TimeResult",
    "ZoneError",
    "canonical_zone",
    "check_zone",
    "decide_day_first",
    "decide_epoch_unit",
    "excel_serial_to_wall",
    "ip_class",
    "ip_key",
    "normalize_email",
    "parse_excel_serial",
    "parse_ip",
    "parse_phone",
    "parse_timestamp",
    "tzdata_version",
    "zone_from_text",
]
