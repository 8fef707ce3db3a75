"""The columns of each delivered file explained in a line, for the upload page (a volunteer
fills in a template; docs/woonruimte.md and docs/verduurzaming.md have the long version).

Per kind: (column, required, what goes in it). The columns are those of
``uitwisseling.KOLOMMEN`` (woonruimte) and ``verduurzaming.uitwisseling.KOLOMMEN``; a test
checks they stay the same.
"""

from __future__ import annotations

from .constants import Soort

UITLEG: dict[str, tuple[tuple[str, bool, str], ...]] = {
    Soort.TOEWIJZINGEN: (
        ("Corporatie", True, "korte naam van uw corporatie, bv. WSN"),
        ("Datum", True, "datum van de toewijzing, JJJJ-MM-DD (2025-03-14)"),
        ("Kern", True, "dorp of kern, bv. Hoevelaken"),
        ("Buurt", False, "buurt (mag leeg)"),
        ("Segment", True, "sociale huur, middenhuur of vrije sector huur"),
        ("Huurprijs", True, "kale huur in euro per maand, bv. 712,50"),
        (
            "Route",
            True,
            "regulier, loting, urgentie, statushouder, directe bemiddeling, maatwerk of woonwagen",
        ),
        ("Aandachtsgroep", True, "ja of nee; bij urgentie en statushouder altijd ja"),
        ("Doelgroep", True, "jongere, gezin, senior of overig"),
        ("Personen", True, "grootte van het huishouden, bv. 3"),
        ("Inkomen boven grens", True, "ja of nee: inkomen boven de DAEB-grens van dat jaar"),
        ("Passend", True, "ja, nee of nvt (passend toewijzen)"),
    ),
    Soort.WONINGZOEKENDEN: (
        ("Jaar", True, "bv. 2025"),
        ("Doelgroep", True, "jongere, gezin, senior, urgent of overig"),
        ("Actief", True, "actief woningzoekenden die in het jaar reageerden"),
        ("Gehuisvest", True, "van hen gehuisvest, ook directe bemiddeling"),
        ("Inschrijfduur", False, "mediaan in jaren, bv. 6,5"),
        ("Zoekduur", False, "mediaan in jaren"),
        ("Reacties per woning", False, "gemiddeld aantal reacties"),
        ("Definitie", False, "leeg: Monitor WNR"),
    ),
    Soort.TAAKSTELLING: (
        ("Jaar", True, "bv. 2025"),
        ("Halfjaar", True, "1 (januari–juni) of 2 (juli–december)"),
        ("Personen", True, "aantal te huisvesten personen volgens het Rijk"),
    ),
    Soort.VOORRAAD: (
        ("Jaar", False, "leeg: dit jaar"),
        ("Corporatie", True, "korte naam, bv. WSN"),
        ("Kern", True, "dorp of kern"),
        ("Buurt", False, "buurt (mag leeg)"),
        ("Aantal", True, "aantal sociale huurwoningen"),
    ),
}

WONINGVOORRAAD: tuple[tuple[str, bool, str], ...] = (
    ("Corporatie", True, "korte naam van uw corporatie, bv. WSN"),
    ("Peildatum", False, "JJJJ-MM-DD; leeg of weggelaten: de peildatum van het formulier"),
    ("VBO-id", True, "BAG-verblijfsobject-id, 16 cijfers (zet de kolom in Excel op Tekst)"),
    ("Kern", True, "dorp of kern"),
    ("Energielabel", False, "A+++++ … G, of leeg als de woning geen label heeft"),
    ("Registratiedatum", False, "datum van het label, JJJJ-MM-DD; verplicht bij een label"),
    ("Huurprijs", False, "kale huur in euro per maand, bv. 712,50"),
)
