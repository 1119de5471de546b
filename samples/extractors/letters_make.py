#!/usr/bin/env python3
"""Deterministic generator of the letter extractor samples (isp_letter, mla_reply).

    python samples/extractors/letters_make.py

Layouts are assumed (see extractors/letters.py and LAYOUTS.md): ISP answer letters in three
layouts (query blocks, a results table, one question) and replies of central authorities to
mutual legal assistance requests (English scanned, French, German), plus near misses. The
FJL letter and the scanned central-authority reply are the sample packages' own bytes
(samples/generate.py). Synthetic data only. Regenerate the golden files afterwards
(python -m tests.golden --update isp_letter / mla_reply) and check them by eye.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import build_pdf, isp_package, mla_reply_package  # noqa: E402


def write(rel: str, data: bytes) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# -- ISP answer letters -----------------------------------------------------------------------

def kestrel_table() -> bytes:
    """A results table (IP | Port | Date/Time (UTC) | Customer ID | Subscriber | Service address); times UTC."""
    return build_pdf("Kestrel Fibre Ltd - KF-LEL-26-0107", "Kestrel Fibre Ltd (synthetic sample)", [
        "# Kestrel Fibre Ltd",
        "## Law Enforcement Liaison Team",
        "",
        "Our ref: KF-LEL-26-0107",
        "Your ref: CASE-2026-0417/IP-3",
        "Date: 18.02.2026",
        "",
        "Re: Request for subscriber details of IP addresses",
        "",
        "We have completed the searches requested in your notice of 11.02.2026. All times below are UTC. "
        "Where no customer could be identified the reason is given in the table.",
        "",
        "| IP address | Port | Date/Time (UTC) | Customer ID | Subscriber | Service address",
        "| 192.0.2.44 | 51514 | 15.01.2026 09:02:44 | KF-558120 | Alex Rivera | 14 Example Road, Harrowgate HG1 2AB, United Kingdom",
        "| 198.51.100.23 | - | 03.12.2025 14:05:12 | No match | Address not assigned to a Kestrel Fibre customer at that time |",
        "| 2001:db8:4a1f:12::7 | - | 19.12.2025 02:11:30 | KF-771904 | Sam Okafor | 3 Sample Lane, Harrowgate HG2 7XY",
        "",
        "Please quote our reference in any further correspondence.",
        "",
        "Kind regards,",
        "Law Enforcement Liaison Team, Kestrel Fibre Ltd",
    ])


def larkspur_single() -> bytes:
    """A one-question letter: the IP and time in the subject line, the customer in labelled lines."""
    return build_pdf("Larkspur Networks Inc. - LN-SC-2026-0311", "Larkspur Networks Inc. (synthetic sample)", [
        "# Larkspur Networks Inc. - Subpoena Compliance",
        "",
        "Our reference: LN-SC-2026-0311",
        "Your reference: CASE-2026-0422",
        "Date: 2026-03-18",
        "",
        "Re: Subscriber information for IP address 198.51.100.77 on 2026-03-05 at 17:22:09 UTC",
        "",
        "In response to your subpoena, our records show that at the date and time stated above the IP "
        "address 198.51.100.77 (source port 60544) was assigned to the following customer:",
        "",
        "Account number: LN-00417-2291",
        "Subscriber name: Dana Whitfield",
        "Service address: 200 Example Avenue, Apt 4",
        "Riverton, OR 97000",
        "E-mail: dana.w@example.com",
        "Telephone: +1 503-555-0127",
        "",
        "All times in this letter are Coordinated Universal Time (UTC).",
        "",
        "Sincerely,",
        "Subpoena Compliance Team",
    ])


def kestrel_cover_letter() -> bytes:
    """Near miss: a provider's cover letter that answers nothing itself (the results are elsewhere)."""
    return build_pdf("Kestrel Fibre Ltd - KF-LEL-26-0120", "Kestrel Fibre Ltd (synthetic sample)", [
        "# Kestrel Fibre Ltd",
        "## Law Enforcement Liaison Team",
        "",
        "Our ref: KF-LEL-26-0120",
        "Your ref: CASE-2026-0417/IP-4",
        "Date: 25.02.2026",
        "",
        "Re: Your request concerning IP address 203.0.113.77 on 07.01.2026 at 21:41:19 UTC",
        "",
        "Please find enclosed the results of our searches in the spreadsheet KF-LEL-26-0120.xlsx. "
        "The subscriber details are given there; the password follows under separate cover.",
        "",
        "Kind regards,",
        "Law Enforcement Liaison Team, Kestrel Fibre Ltd",
    ])


def fjordlink_dns_notice() -> bytes:
    """Near miss: an ISP's customer mailing with the IP addresses of its DNS servers."""
    return build_pdf("Fjordlink Broadband AS - customer information", "Fjordlink Broadband AS (synthetic sample)", [
        "# Fjordlink Broadband AS - Important information for our customers",
        "",
        "Date: 01.02.2026",
        "",
        "Dear customer,",
        "",
        "From 01.03.2026 at 02:00 CET our name servers change. If you have set your DNS servers by hand, please "
        "use the new addresses below. Customers using automatic settings need to do nothing.",
        "",
        "Primary DNS server: 192.0.2.53",
        "Secondary DNS server: 2001:db8:53::1",
        "",
        "Customer service: +1 202-555-0100, support@example.net",
        "",
        "Kind regards,",
        "Fjordlink Broadband AS",
    ])


def court_order() -> bytes:
    """Near miss: the production order itself (the request, not its answer)."""
    return build_pdf("District Court - Production Order PO-2026-0193", "District Court (synthetic sample)", [
        "# DISTRICT COURT OF EXAMPLE COUNTY",
        "## PRODUCTION ORDER",
        "",
        "Case: CASE-2026-0417",
        "Order number: PO-2026-0193",
        "Date: 09.02.2026",
        "",
        "To: Fjordlink Broadband AS, Law Enforcement Liaison",
        "",
        "Upon the application of the investigating authority, IT IS HEREBY ORDERED that Fjordlink Broadband AS "
        "disclose the name, address, customer number and e-mail address of the subscriber to whom the IP address "
        "203.0.113.77, source port 40112, was assigned on 07.01.2026 at 22:41:19 CET.",
        "",
        "Subscriber: to be identified by the provider",
        "Customer number: to be provided",
        "",
        "The provider shall produce the information within 14 days of service of this order.",
        "",
        "Judge of the District Court",
    ])


# -- MLA replies --------------------------------------------------------------------------------

def french_reply() -> bytes:
    """French central authority; the annex reproduces the operator's answer as query blocks."""
    return build_pdf("Ministère de la Justice - BEPI 2026-00417", "Ministère de la Justice (synthetic sample)", [
        "# MINISTÈRE DE LA JUSTICE",
        "## Direction des affaires criminelles et des grâces",
        "## Bureau de l'entraide pénale internationale (autorité centrale)",
        "",
        "Notre référence : BEPI 2026/00417",
        "Votre référence : MLA-2026-0044",
        "Paris, le 7 février 2026",
        "",
        "Objet : Exécution de votre demande d'entraide pénale internationale",
        "",
        "Madame, Monsieur,",
        "",
        "En réponse à votre demande d'entraide pénale internationale, j'ai l'honneur de vous transmettre les "
        "informations communiquées par l'opérateur Lumière Fibre SA. Toutes les heures sont exprimées en heure "
        "d'Europe centrale (CET, UTC+01:00).",
        "",
        "Abonné : Camille Roussel",
        "Numéro client : LF-88120456",
        "Adresse : 12 rue de l'Exemple",
        "75011 Paris, France",
        "Courriel : camille.roussel@example.org",
        "",
        "Pièce jointe : Annexe 1 - Réponse de l'opérateur Lumière Fibre SA (1 page)",
        "",
        "Je vous prie d'agréer, Madame, Monsieur, l'expression de ma considération distinguée.",
        "Le chef du bureau",
        "\f",
        "# Annexe 1 - Réponse de l'opérateur Lumière Fibre SA",
        "",
        "Demande 1 : IP 198.51.100.140, port source 50211, horodatage 14/01/2026 18:05:33",
        "Résultat : identifié. Numéro client LF-88120456",
        "Abonné : Camille Roussel",
        "Adresse d'installation : 12 rue de l'Exemple, 75011 Paris, France",
        "---",
        "Demande 2 : IP 198.51.100.140, port source non communiqué, horodatage 09/01/2026 07:12:02",
        "Résultat : non identifié.",
        "Adresse partagée (CGNAT) : sans le port source, l'abonné ne peut pas être identifié.",
    ])


def german_reply() -> bytes:
    """German central authority; the annex is the provider's table (Anlage 1); times MEZ (UTC+01:00)."""
    return build_pdf("Bundesamt für Justiz - III 2 - 9310/26-R", "Bundesamt für Justiz (synthetic sample)", [
        "# Bundesamt für Justiz",
        "## Referat III 2 - Internationale Rechtshilfe in Strafsachen (Zentrale Behörde)",
        "",
        "Ihr Zeichen / Aktenzeichen: MLA-2026-0052",
        "Unser Aktenzeichen: III 2 - 9310/26-R",
        "Datum: 12.02.2026",
        "",
        "Betreff: Ihr Rechtshilfeersuchen - Bestandsdatenauskunft zu IP-Adressen",
        "",
        "Sehr geehrte Damen und Herren,",
        "",
        "Ihr Ersuchen wurde erledigt. Der Anbieter Rheinnetz Kommunikation GmbH hat die folgende Auskunft "
        "erteilt. Alle Zeitangaben sind in MEZ (UTC+01:00).",
        "",
        "Anschlussinhaber: Jonas Becker",
        "Kundennummer: RN-4471902",
        "Anschrift: Musterstraße 5",
        "50667 Köln",
        "E-Mail: j.becker@example.net",
        "Telefon: +1 202-555-0188",
        "",
        "Anlage 1: Auskunft des Anbieters (1 Seite)",
        "",
        "Mit freundlichen Grüßen",
        "Im Auftrag",
        "\f",
        "# Anlage 1 - Auskunft des Anbieters Rheinnetz Kommunikation GmbH",
        "",
        "| IP-Adresse | Port | Zeitpunkt (MEZ) | Kundennummer | Anschlussinhaber",
        "| 192.0.2.181 | 3321 | 20.01.2026 19:44:10 | RN-4471902 | Jonas Becker",
        "| 2001:db8:c0de:12::5 | - | 21.01.2026 08:02:55 | RN-4471902 | Jonas Becker",
        "| 192.0.2.181 | - | 18.01.2026 23:10:00 | nicht ermittelt | kein Quellport angegeben",
    ])


def letter_of_request() -> bytes:
    """Near miss: our own outgoing MLA request (targets, no answers)."""
    return build_pdf("Letter of request MLA-2026-0031", "Office of the District Attorney (synthetic sample)", [
        "# Office of the District Attorney - Cybercrime Unit",
        "",
        "Our reference: MLA-2026-0031",
        "Date: 09.02.2026",
        "",
        "To: Ministry of Justice, Central Authority for Mutual Legal Assistance in Criminal Matters",
        "",
        "Re: Request for mutual legal assistance in criminal matters - case CASE-2026-0417",
        "",
        "We respectfully request that the competent authorities obtain from Fjordlink Broadband AS the "
        "subscriber details (name, address, customer number, e-mail) of the users of the following IP addresses "
        "at the times given (UTC):",
        "",
        "| IP address | Port | Date/Time (UTC)",
        "| 203.0.113.77 | 40112 | 07.01.2026 21:41:19",
        "| 203.0.113.77 | - | 07.01.2026 21:33:04",
        "| 2001:db8:77:4100::1b | - | 20.01.2026 10:00:00",
        "",
        "Yours faithfully,",
        "Assistant District Attorney",
    ])


def acknowledgement() -> bytes:
    """Near miss: the central authority acknowledges receipt (no answer yet)."""
    return build_pdf("Ministry of Justice - CA-2026-0188", "Ministry of Justice, Central Authority (synthetic sample)", [
        "# MINISTRY OF JUSTICE",
        "## Central Authority for Mutual Legal Assistance in Criminal Matters",
        "",
        "Our reference: CA-2026-0188",
        "Your reference: MLA-2026-0031",
        "Date: 13.02.2026",
        "",
        "Re: Your request for mutual legal assistance concerning subscriber information",
        "",
        "We acknowledge receipt of your request for mutual legal assistance of 09.02.2026 concerning the IP "
        "address 203.0.113.77. The request has been forwarded to the competent prosecution office for execution. "
        "We will inform you as soon as the subscriber information is available.",
        "",
        "Yours faithfully,",
        "Central Authority",
    ])


def main() -> None:
    fjl, _ = isp_package()
    write("isp_letter/positive/FJL-LE-2026-0593_Response.pdf", fjl["packages/FJL-LE-2026-0593_Response.pdf"])
    write("isp_letter/positive/KF-LEL-26-0107_results.pdf", kestrel_table())
    write("isp_letter/positive/LN-SC-2026-0311_response.pdf", larkspur_single())
    write("isp_letter/negative/KF-LEL-26-0120_cover_letter.pdf", kestrel_cover_letter())
    write("isp_letter/negative/Fjordlink_DNS_change_notice.pdf", fjordlink_dns_notice())
    write("isp_letter/negative/PO-2026-0193_production_order.pdf", court_order())

    ca, _ = mla_reply_package()
    write("mla_reply/positive/CA-2026-0188_MLA_Reply.pdf", ca["packages/CA-2026-0188_MLA_Reply.pdf"])
    write("mla_reply/positive/BEPI-2026-00417_reponse.pdf", french_reply())
    write("mla_reply/positive/BfJ-III2-9310-26_Antwort.pdf", german_reply())
    write("mla_reply/negative/MLA-2026-0031_letter_of_request.pdf", letter_of_request())
    write("mla_reply/negative/CA-2026-0188_acknowledgement.pdf", acknowledgement())


if __name__ == "__main__":
    main()
