"""Columns that look like personal data, for every delivered file of woonruimte and
verduurzaming (one detector, one message: docs/woonruimte.md "Persoonsgegevens").

A delivery never holds personal data. A header cell that looks like a name, a citizen service
number, an address (also Postcode and Huisnummer together; Postcode alone is an area code), a
birth date or age, an e-mail address, a phone or account number refuses the whole file before
any row is read, with a message that names the column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Parts of a header with everything but letters and digits removed ("E-mail adres" ->
# "emailadres"), with what they look like.
_DEEL = (
    ("naam", "een naam"),
    ("name", "een naam"),
    ("burgerservice", "een burgerservicenummer"),
    ("bsn", "een burgerservicenummer"),
    ("sofinummer", "een burgerservicenummer"),
    ("geboorte", "een geboortedatum"),
    ("birth", "een geboortedatum"),
    ("leeftijd", "een leeftijd"),
    ("email", "een e-mailadres"),
    ("telefoon", "een telefoonnummer"),
    ("telnr", "een telefoonnummer"),
    ("mobiel", "een telefoonnummer"),
    ("phone", "een telefoonnummer"),
    ("adres", "een adres"),
    ("address", "een adres"),
    ("straat", "een adres"),
    ("woonplaats", "een adres"),
    ("iban", "een rekeningnummer"),
    ("rekeningnummer", "een rekeningnummer"),
)
# Whole words only ("Tel", "Mail": not inside "Aantal" or "Mailing").
_WOORD = {"tel": "een telefoonnummer", "mail": "een e-mailadres"}
POSTCODE_MET_HUISNUMMER = "een adres (postcode met huisnummer)"


def _woorden(kop: str) -> tuple[str, set[str]]:
    platte = re.sub(r"[^0-9a-z]+", " ", kop.casefold()).strip()
    return platte.replace(" ", ""), set(platte.split())


def persoonsgegevens(koppen: Iterable[str]) -> list[tuple[str, str]]:
    """The header cells that look like personal data, in file order, with what they look
    like ("een naam", "een adres", ...)."""
    gevonden: list[tuple[str, str]] = []
    postcode: list[str] = []
    huisnummer: list[str] = []
    for kop in koppen:
        geheel, woorden = _woorden(kop or "")
        if not geheel:
            continue
        soort = next((s for deel, s in _DEEL if deel in geheel), None) or next(
            (s for w, s in _WOORD.items() if w in woorden), None
        )
        if soort:
            gevonden.append((kop, soort))
        elif "postcode" in geheel:
            postcode.append(kop)
        elif "huisnummer" in geheel or "huisnr" in geheel:
            huisnummer.append(kop)
    if postcode and huisnummer:
        gevonden += [(k, POSTCODE_MET_HUISNUMMER) for k in postcode + huisnummer]
    return gevonden


def melding(kop: str, wat: str) -> str:
    """The message for one such column (the file, sheet, row 1 and column letter come with
    the error it is put in)."""
    return (
        f"de kolom '{kop}' lijkt persoonsgegevens te bevatten ({wat}). Een aanlevering bevat "
        "geen persoonsgegevens: verwijder de kolom en lever het bestand opnieuw aan. Er is "
        "niets opgeslagen."
    )
