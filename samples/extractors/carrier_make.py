#!/usr/bin/env python3
"""Deterministic generator of the carrier CDR samples (carrier_cdr).

    python samples/extractors/carrier_make.py

Columns follow the T-Mobile/MetroPCS "Interpreting Call Detail Records" dictionary
(v.170711) where it names them; the local-time preamble, the subscriber sheet and the data
session table are assumed (see extractors/carrier.py). Each sample crosses a US DST change,
with a wall time that happened twice (November) or never (March). Synthetic data only.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import build_xlsx, csv_bytes  # noqa: E402


def write(rel: str, data: bytes) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


HEADER = ["Date", "Time", "Duration (sec)", "Call Type", "Direction", "Calling Number", "Called Number", "IMEI", "IMSI",
          "1st Cell ID", "Last Cell ID"]
T, O = "12025550177", "13125550104"
IMEI, IMSI = "990000000005020", "001010000000502"


def main() -> None:
    # 1. CSV, Eastern time, crossing the end of DST on 11/01/2026 (01:00-01:59 happened twice)
    rows = [
        ["10/25/2026", "14:00:00", "60", "Voice", "Outgoing", T, O, IMEI, IMSI, "41001", "41001"],
        ["10/31/2026", "23:59:59", "0", "SMS", "Incoming", O, T, IMEI, IMSI, "41001", "41001"],
        ["11/01/2026", "00:45:00", "120", "Voice", "Outgoing", T, O, IMEI, IMSI, "41002", "41003"],   # EDT
        ["11/01/2026", "01:30:00", "30", "Voice", "Incoming", O, T, IMEI, IMSI, "41002", "41002"],    # twice
        ["11/01/2026", "02:10:00", "0", "SMS", "Outgoing", T, O, IMEI, IMSI, "41002", "41002"],       # EST
        ["11/05/2026", "08:00:00", "15", "Voice", "Outgoing", T, "12025550199", IMEI, IMSI, "41009", "41009"],
    ]
    write("carrier_cdr/positive/CDR_12025550177_20261025-20261105.csv", csv_bytes(
        [HEADER] + rows,
        preamble=["Lakeshore Wireless - Law Enforcement Relations",
                  "Call Detail Records for 12025550177",
                  "Reference: LSW-2026-04410",
                  "NOTE: All times are Eastern Time (ET).",
                  ""]))

    # 2. XLSX, Central time, typed date and time cells, crossing the start of DST on 03/08/2026
    #    (02:00-02:59 never happened), with a Field/Value subscriber sheet
    def d(m: int, day: int) -> dt.datetime:
        return dt.datetime(2026, m, day)

    x = "12025550188"
    xrows = [
        [d(3, 1), dt.time(9, 0, 0), 42, "Voice", "Outgoing", x, O, IMEI, IMSI, "52001", "52001"],
        [d(3, 7), dt.time(23, 59, 59), 0, "SMS", "Incoming", O, x, IMEI, IMSI, "52001", "52001"],
        [d(3, 8), dt.time(1, 59, 59), 5, "Voice", "Outgoing", x, O, IMEI, IMSI, "52001", "52002"],   # CST
        [d(3, 8), dt.time(2, 30, 0), 0, "SMS", "Outgoing", x, O, IMEI, IMSI, "52002", "52002"],      # never happened
        [d(3, 8), dt.time(3, 0, 0), 75, "Voice", "Incoming", O, x, IMEI, IMSI, "52002", "52002"],    # CDT
        [d(3, 10), dt.time(18, 30, 5), 3600, "Voice", "Outgoing", x, "12025550100", IMEI, IMSI, "52005", "52006"],
    ]
    pre = [["Lakeshore Wireless - Law Enforcement Relations"], ["Call Detail Records for " + x],
           ["Reference: LSW-2026-04488"], ["NOTE: All times are Central Time (CT)."], []]
    sub = [["Field", "Value"], ["Mobile Number", x], ["Subscriber Name", "Avery Quill"],
           ["Account Number", "LSW-ACCT-000502"], ["Billing Address", "200 Example Avenue, Springfield, IL 62701"],
           ["Service Start", d(1, 15)], ["IMEI", IMEI], ["IMSI", IMSI]]
    write("carrier_cdr/positive/CDR_12025550188_20260301-20260310.xlsx", build_xlsx(
        [("CDR", pre + [HEADER] + xrows, {"A": 12, "B": 10}, {1: "mm/dd/yyyy", 2: "hh:mm:ss"}, [6]),
         ("Subscriber", sub, {"A": 18, "B": 44}, {2: "mm/dd/yyyy"}, [1])],
        created=dt.datetime(2026, 3, 20, 15, 0, tzinfo=dt.timezone.utc), creator="Lakeshore Wireless (synthetic sample)",
        when=(2026, 3, 20, 15, 0, 0)))

    # 3. T-Mobile dictionary columns, times in UTC by the '(UTC) Time' header, no preamble
    tmo = ["Date", "(UTC) Time", "Duration", "Call Type", "Direction", "Calling Number", "Dialed Number", "Called Number",
           "IMSI", "IMEI", "Completion Code", "Service Code", "Switch Name", "1st LTE Site ID", "1st Cell ID",
           "1st Tower LAT", "1st Tower LONG", "Last Cell ID"]
    write("carrier_cdr/positive/tmo_cdr_12025550143.csv", csv_bytes([tmo,
        ["01/13/2026", "19:08:09", "65", "mSOriginating", "Outgoing", "12025550143", "3125550104", "13125550104",
         "001010000000417", "990000000004170", "0", "11", "SWITCH-DEMO-1", "310-260-0001", "0001-21", "38.8895", "-77.0353",
         "0001-22"],
        ["01/13/2026", "21:00:00", "0", "mSOriginatingSMSinMSC", "Outgoing", "12025550143", "13125550104", "13125550104",
         "001010000000417", "990000000004170", "0", "22", "SWITCH-DEMO-1", "310-260-0001", "0001-21", "38.8895", "-77.0353",
         "0001-21"],
        ["01/14/2026", "03:30:00", "12", "mSTerminating", "Incoming", "13125550104", "12025550143", "12025550143",
         "001010000000417", "990000000004170", "0", "11", "SWITCH-DEMO-2", "310-260-0002", "0002-01", "38.9000", "-77.0400",
         "0002-01"],
    ]))

    # 4. data sessions with IP addresses (assumed layout), Eastern time, a DST repeat
    write("carrier_cdr/positive/DataSessions_12025550143.csv", csv_bytes([
        ["Start Date/Time", "End Date/Time", "IP Address", "Port Range", "APN", "Bytes Up", "Bytes Down", "Cell ID"],
        ["10/31/2026 22:00:00", "10/31/2026 23:15:00", "203.0.113.77", "40000-40127", "internet.example.com", "10240",
         "524288", "41001"],
        ["11/01/2026 01:15:00", "11/01/2026 01:45:00", "2001:db8:85a3::8a2e:370:7334", "", "internet.example.com", "2048",
         "65536", "41002"],
    ], preamble=["Lakeshore Wireless - Law Enforcement Relations",
                 "IP data sessions for 12025550143",
                 "All times are Eastern Time.",
                 ""]))

    # cover letters (assumed layout, as in the LSW-2026-03381 package)
    write("carrier_cover_letter/positive/LSW-2026-04410_Cover_Letter.txt", "\r\n".join([
        "LAKESHORE WIRELESS",
        "Law Enforcement Relations",
        "",
        "Reference: LSW-2026-04410",
        "Your case number: CASE-2026-0502",
        "Date: 11/10/2026",
        "",
        "Re: Production order for records of mobile number +1 202-555-0177",
        "",
        "Enclosed are the call detail records for the period 10/25/2026 to 11/05/2026.",
        "All times are Eastern Time. Daylight Saving Time ended on 11/01/2026 at 02:00 local time.",
        "",
        "Subscriber: Avery Quill, 200 Example Avenue, Springfield, IL 62701",
        "Account number: LSW-ACCT-000502",
        "",
    ]).encode("utf-8"))
    write("carrier_cover_letter/positive/BBM-77120_letter.txt", "\n".join([
        "Bluebay Mobile - Subpoena Compliance",
        "Reference: BBM-77120",
        "Call detail records (CDRs) for 12025550166 are attached as CSV.",
        "Times are in UTC.",
        "Subscriber Name: Rowan Demo",
        "Billing Address: 9 Example Road, Springfield, OR 97477",
        "Account Number: BBM-000611",
        "",
    ]).encode("utf-8"))
    write("carrier_cover_letter/negative/FJL-2026-0601_letter.txt", "\n".join([
        "Fjordlink Broadband AS - Law Enforcement Response",
        "Reference: FJL-2026-0601",
        "IP assignment records for 203.0.113.77 are enclosed. All times are CET.",
        "Subscriber: Morgan Ashby, 1 Example Gate, Bergen",
        "",
    ]).encode("utf-8"))

    # near misses: an app's call log (user names, not numbers), a contact list
    write("carrier_cdr/negative/app_call_log.csv", csv_bytes([
        ["Date", "Time", "From", "To", "Duration"],
        ["01/13/2026", "19:08:09", "vale.demo", "casey.demo", "65"],
        ["01/14/2026", "03:30:00", "casey.demo", "vale.demo", "12"],
    ]))
    write("carrier_cdr/negative/contacts.csv", csv_bytes([
        ["Name", "Phone Number", "Date Added"],
        ["Casey Demo", "+1 202-555-0100", "01/13/2026"],
    ]))


if __name__ == "__main__":
    main()
