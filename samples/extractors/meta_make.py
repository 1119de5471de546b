"""Write the Meta records.html samples (synthetic, deterministic).

    python samples/extractors/meta_make.py

Layouts follow extractors/LAYOUTS.md#meta (RLEAPP meta_records.py, fbigAccount.py and the
older fbigAccountInfo.py / fbigIpaddresses.py): property-<name> sections of field blocks in
the current t.o/t.i/m spelling and in the older div_table outer/inner/most_inner spelling,
"... Definition" fields, "No responsive records", IP records of IP Address / Time / Action
with ports and bracketed IPv6, and page breaks followed by unlabelled continuation blocks.
Facebook-specific section names (registered_email_addresses, vanity_name) are assumed.
"""

from __future__ import annotations

import html
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "meta_records_html"
e = html.escape


class Blocks:
    """Field blocks in one spelling: ('t o', 't i', 'm', wrap) or ('div_table outer', ...)."""

    def __init__(self, outer: str, inner: str, value: str, wrap: bool) -> None:
        self.outer, self.inner, self.value, self.wrap = outer, inner, value, wrap

    def _hold(self, body: str) -> str:
        return f'<div class="{self.value}">' + (f"<div>{body}</div>" if self.wrap else body) + "</div>"

    def leaf(self, label: str, value_html: str) -> str:
        return f'<div class="{self.outer}"><div class="{self.inner}">{e(label)}{self._hold(value_html)}</div></div>'

    def nested(self, label: str, records: list[list[tuple[str, str]]], close_last: bool = True) -> str:
        inner = []
        for n, rec in enumerate(records):
            inner.extend(self.leaf(lbl, e(val)) for lbl, val in rec)
            if close_last or n < len(records) - 1:
                inner.append('<div class="p"></div>')
        return f'<div class="{self.outer}"><div class="{self.inner}">{e(label)}{self._hold("".join(inner))}</div></div>'

    def pane(self, name: str, body: str) -> str:
        return f'<div id="property-{name}" class="content-pane">\n{body}\n</div>'


T_O = Blocks("t o", "t i", "m", True)
LEGACY = Blocks("div_table outer", "div_table inner", "most_inner", False)

PAGE_BREAK = '<div class="pageBreak"></div>'


def page(title: str, head_extra: str, banner: str, sections: list[str]) -> str:
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{e(title)}</title>
{head_extra}
</head>
<body>
{banner}
{chr(10).join(sections)}
</body>
</html>
"""


def instagram_2026() -> str:
    """Instagram, current spelling; sections in an unusual order, a page break inside a record,
    a remote script, stylesheet and image (never fetched) and an inline script (never run)."""
    b = T_O
    params = [("Service", "Instagram"), ("Internal Ticket Number", "8800520044"), ("Target", "17800000000000520"),
              ("Account Identifier", "avery_sample_520"), ("Account Type", "User"),
              ("Generated", "2026-03-20 10:00:00 UTC"),
              ("Date Range", "2026-03-01 00:00:00 UTC to 2026-03-15 23:59:59 UTC")]
    ips = [
        [("IP Address", "203.0.113.10:51000"), ("Time", "2026-03-01 08:00:01 UTC"), ("Action", "login")],
        [("IP Address", "[2001:db8:77::2]:60111"), ("Time", "2026-03-02 14:30:00 UTC"), ("Action", "v1_profile_changed")],
        [("IP Address", "198.51.100.7"), ("Time", "2026-03-02 23:59:59 UTC"), ("Action", "media_upload")],
    ]
    # record 4 is split by the page break: its IP Address before, its Time and Action after
    split_first = [("IP Address", "192.0.2.201:40000")]
    split_rest = [("Time", "2026-03-03 00:00:00 UTC"), ("Action", "v1_logout")]
    after = [
        [("IP Address", "2001:db8:77::2"), ("Time", "2026-03-10 06:05:04 UTC"), ("Action", "login")],
        [("IP Address", "203.0.113.10:51002"), ("Time", "2026-03-15 23:59:58 UTC"), ("Action", "v1_user_block")],
    ]
    ip_body = "\n".join([
        b.leaf("Ip Addresses Definition", e("IP addresses used to access the account, with the date and time (UTC) "
                                             "and the action taken. Where available, the source port follows the "
                                             "address after a colon; IPv6 addresses are printed in brackets.")),
        b.nested("Ip Addresses", ips + [split_first], close_last=False),
        PAGE_BREAK,
        b.nested("", [split_rest] + after),
    ])
    sections = [
        b.pane("request_parameters", "\n".join(b.leaf(k, e(v)) for k, v in params)),
        b.pane("ip_addresses", ip_body),
        b.pane("phone_numbers", b.leaf("Phone Numbers Definition", "Phone numbers registered to the account.") + "\n"
               + b.leaf("Phone Numbers", "+1 202 555 0117 Verified<br>+1 202 555 0190 Unverified")),
        b.pane("name", b.leaf("Name Definition", "Name provided by the account holder.") + "\n"
               + b.nested("Name", [[("First", "Avery"), ("Middle", "Q."), ("Last", "Sample")]])),
        b.pane("emails", b.leaf("Emails", "avery.sample@example.com<br>a.sample.alt@example.net")),
        b.pane("vanity", b.leaf("Vanity", "avery_sample_520")),
        b.pane("registration_ip", b.leaf("Registration Ip", "2001:db8:20::15")),
        b.pane("registration_date", b.leaf("Registration Date", "2025-05-06 07:08:09 UTC")),
        b.pane("account_end_date", b.leaf("Account End Date", "No responsive records")),
        b.pane("devices", b.leaf("Devices", "No responsive records")),
    ]
    head = ('<link rel="stylesheet" href="https://cdn.example.com/meta-records.css">\n'
            '<script src="https://static.example.com/tracker.js"></script>\n'
            "<script>document.write('<div id=\"property-ip_addresses\"><div class=\"t o\">"
            "<div class=\"t i\">IP Address<div class=\"m\"><div>192.0.2.99</div></div></div></div></div>');</script>\n"
            "<style>.t.o{margin:2px 0} .pageBreak{page-break-after:always}</style>")
    banner = ('<div id="header"><h1>Meta Platforms Business Record</h1>'
              '<img src="https://example.com/pixel.gif" alt=""></div>')
    return page("Meta Platforms Business Record", head, banner, sections)


def facebook_2019() -> str:
    """Facebook, older div_table spelling; Facebook section names assumed."""
    b = LEGACY
    params = [("Service", "Facebook"), ("Target", "100000000000731"), ("Account Identifier", "morgan.example.731"),
              ("Account Type", "User"), ("Generated", "2019-11-04 18:22:10 UTC"),
              ("Date Range", "2019-10-01 00:00:00 UTC to 2019-10-31 23:59:59 UTC")]
    ips = [
        [("IP Address", "198.51.100.200"), ("Time", "2019-10-02 11:00:00 UTC"), ("Action", "login")],
        [("IP Address", "2001:db8:abcd:12::1"), ("Time", "2019-10-19 23:45:10 UTC"), ("Action", "login")],
        [("IP Address", "192.0.2.33"), ("Time", "2019-10-31 23:59:59 UTC"), ("Action", "logout")],
    ]
    sections = [
        b.pane("request_parameters", "\n".join(b.leaf(k, e(v)) for k, v in params)),
        b.pane("name", b.leaf("Name Definition", "Name provided by the account holder.") + "\n"
               + b.nested("Name", [[("First", "Morgan"), ("Last", "Example")]])),
        b.pane("registered_email_addresses", b.leaf("Registered Email Addresses Definition",
                                                     "Email addresses registered to the account.") + "\n"
               + b.leaf("Registered Email Addresses", "morgan.example@example.org")),
        b.pane("vanity_name", b.leaf("Vanity Name", "morgan.example.731")),
        b.pane("registration_date", b.leaf("Registration Date", "2012-02-29 12:00:00 UTC")),
        b.pane("registration_ip", b.leaf("Registration Ip", "203.0.113.5")),
        b.pane("phone_numbers", b.leaf("Phone Numbers", "No responsive records")),
        b.pane("ip_addresses", b.leaf("Ip Addresses Definition", "IP addresses used to log in, with the time (UTC).")
               + "\n" + b.nested("Ip Addresses", ips)),
    ]
    return page("Facebook Business Record", "", "<h1>Facebook Business Record</h1>", sections)


def preservation() -> str:
    """A preservation snapshot: request parameters, a change section that is not read, and
    IP records whose Time value continues after a page break."""
    b = T_O
    params = [("Service", "Instagram"), ("Internal Ticket Number", "8800520044"), ("Target", "17800000000000520"),
              ("Account Identifier", "avery_sample_520"), ("Generated", "2026-03-05 12:00:00 UTC")]
    sections = [
        b.pane("request_parameters", "\n".join(b.leaf(k, e(v)) for k, v in params)),
        b.pane("vanity_changes", b.nested("Vanity Changes", [[("Time", "2026-03-04 10:00:00 UTC"),
                                                              ("Old Vanity", "avery_s"), ("New Vanity", "avery_sample_520")]])),
        # the page broke inside the second record's Time value: the rest of the value and the
        # Action field continue in unlabelled blocks on the next page
        b.pane("ip_addresses", b.nested("Ip Addresses", [
            [("IP Address", "198.51.100.7:1025"), ("Time", "2026-03-04 09:59:00 UTC"), ("Action", "login")],
            [("IP Address", "[2001:db8:77::2]:60111"), ("Time", "2026-03-04 10:00:00")],
        ], close_last=False) + "\n" + PAGE_BREAK + "\n" + b.nested("", [[("", "UTC"), ("Action", "v1_profile_changed")]])),
        b.pane("devices", b.leaf("Devices", "No responsive records located")),
    ]
    return page("Meta Platforms Business Record", "", "<h1>Meta Platforms Business Record - Preservation</h1>", sections)


def facebook_login_page() -> str:
    """Near miss: a page that mentions Facebook and Instagram, with IPs, but is no business record."""
    return """<!DOCTYPE html>
<html><head><title>Log in to Facebook</title>
<script src="https://static.example.com/login.js"></script></head>
<body><div class="login"><h1>Facebook</h1>
<div class="t o"><div class="t i">Email or phone<div class="m"><div><input name="email"></div></div></div></div>
<p>Connect with Instagram. Your last login was from 198.51.100.23 at 2026-01-02 03:04:05 UTC.</p>
<p>Records of your activity: see Account Center.</p>
</div></body></html>
"""


def property_listing() -> str:
    """Near miss: 'property-' ids and content-pane classes on a real-estate page."""
    return """<!DOCTYPE html>
<html><head><title>Listings</title></head><body>
<div id="property-1021" class="content-pane"><div class="card"><h2>2 bed flat</h2>
<div class="price">1200</div><div class="agent">Registration Date: 2026-01-02</div></div></div>
<div id="property-ip_addresses" class="content-pane"><div class="card">IP Address 192.0.2.1</div></div>
</body></html>
"""


def main() -> None:
    (OUT / "positive").mkdir(parents=True, exist_ok=True)
    (OUT / "negative").mkdir(parents=True, exist_ok=True)
    files = {
        "positive/records.html": instagram_2026(),
        "positive/records_facebook_2019.html": facebook_2019(),
        "positive/preservation_1.html": preservation(),
        "negative/facebook_login.html": facebook_login_page(),
        "negative/property_listing.html": property_listing(),
    }
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8", newline="\n")
        print("wrote", OUT / name)


if __name__ == "__main__":
    main()
