"""The report as a workbook: the same ``Rapportinhoud`` as the PDF, one sheet per part.

Numbers stay numbers (shares as fractions with a percentage format, so a reader can compute
with them), dates stay dates; headers are Dutch and the first row is frozen.
"""

from __future__ import annotations

from io import BytesIO

from .inhoud import STAND_VOLGORDE, STATUS_VOLGORDE, Rapportinhoud

PROCENT = "0.00%"
GETAL = "#,##0"
DECIMAAL = "#,##0.0"
DATUM = "dd-mm-yyyy"


def _blad(wb, titel: str, koppen: list[str], rijen: list[list], formaten: dict[int, str] = {}):  # noqa: B006
    from openpyxl.styles import Font

    ws = wb.create_sheet(titel)
    ws.append(koppen)
    for cel in ws[1]:
        cel.font = Font(bold=True)
    for rij in rijen:
        ws.append(rij)
    for kolom, formaat in formaten.items():
        for (cel,) in ws.iter_rows(min_row=2, min_col=kolom, max_col=kolom):
            if isinstance(cel.value, int | float) or cel.is_date or cel.value is not None:
                cel.number_format = formaat
    for i, kop in enumerate(koppen, start=1):
        breedte = max(
            [len(str(kop))] + [len(str(r[i - 1] or "")) for r in rijen[:200] if len(r) >= i]
        )
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(
            max(10, breedte + 2), 80
        )
    ws.freeze_panes = "A2"
    return ws


def werkboek(inhoud: Rapportinhoud):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    r = inhoud

    # Samenvatting: per theme the afspraken per stand and the activities per status.
    standen = [str(s.label) for s in STAND_VOLGORDE]
    statussen = [str(s.label) for s in STATUS_VOLGORDE]
    rijen: list[list] = []
    for t in r.themastanden:
        rijen.append(
            [t.kop, t.stand, *t.afspraken_per_stand.values(), t.afspraken]
            + [*t.activiteiten_per_status.values(), t.activiteiten]
        )
    rijen.append(
        ["Alle thema's", "", *r.afspraken_per_stand.values(), r.afspraken_totaal]
        + [*r.activiteiten_per_status.values(), ""]
    )
    ws = _blad(
        wb,
        "Samenvatting",
        ["Thema", "Stand thema"]
        + [f"Afspraken {s}" for s in standen]
        + ["Afspraken totaal"]
        + [f"Activiteiten {s}" for s in statussen]
        + ["Activiteiten totaal"],
        rijen,
    )
    ws.append([])
    ws.append(["Rapportage", r.titel])
    ws.append(["Peilmoment", r.peilmoment_code])
    ws.append(["Variant", r.variant])
    ws.append(["Vergeleken met", r.vorig_peilmoment or "geen eerder peilmoment"])
    ws.append(["Gemaakt op", r.gemaakt_op.replace(tzinfo=None)])
    ws.cell(row=ws.max_row, column=2).number_format = "dd-mm-yyyy hh:mm"
    ws.append([])
    ws.append(["Activiteit", "Titel", "Status vorig peilmoment", "Status nu"])
    for w in [*r.wijzigingen, *r.nieuw]:
        ws.append([w.code, w.titel, w.was or "nieuw", w.nu])

    # Afspraken: one row per activity under its afspraak, and the afspraken without one.
    rijen = []
    for blok in r.themas:
        for a in blok.afspraken:
            if not a.activiteiten:
                rijen.append([blok.kop, a.nummer, a.stand, a.tekst, "", "", "", "", "", "", ""])
            for act in a.activiteiten:
                rijen.append(
                    [
                        blok.kop,
                        a.nummer,
                        a.stand,
                        a.tekst,
                        act.code,
                        act.titel,
                        act.trekker,
                        act.status,
                        act.toelichting,
                        float(act.doel) if act.doel is not None else None,
                        float(act.gerealiseerd) if act.gerealiseerd is not None else None,
                    ]
                )
    for achter in r.achterstallig:
        rijen.append(
            ["Over de termijn", achter.nummer, f"termijn {achter.deadline:%d-%m-%Y}", achter.tekst]
        )
    for gat in r.ongedekt:
        rijen.append(
            [
                "Zonder activiteit",
                gat.nummer,
                "geaccepteerd" if gat.geaccepteerd else "niet geaccepteerd",
                gat.tekst,
                "",
                gat.reden,
            ]
        )
    for advies in r.adviezen:
        rijen.append(["Advies", "", advies.organisatie, advies.tekst])
    _blad(
        wb,
        "Afspraken",
        [
            "Thema",
            "Afspraak",
            "Stand",
            "Tekst",
            "Activiteit",
            "Titel",
            "Trekker",
            "Status",
            "Toelichting",
            "Doel",
            "Gerealiseerd",
        ],
        rijen,
        {10: DECIMAAL, 11: DECIMAAL},
    )

    _blad(
        wb,
        "Normen",
        ["Norm", "Bron", "Onderwerp", "Waarde", "Norm (grens)", "Eenheid", "Uitkomst", "Uitleg"],
        [
            [
                n.naam + (" (informatief)" if n.informatief else ""),
                n.bron,
                n.onderwerp,
                float(n.waarde) if n.waarde is not None else None,
                float(n.grens) if n.grens is not None else None,
                n.eenheid,
                n.uitkomst,
                n.uitleg,
            ]
            for n in r.normen
        ],
    )

    for nummer in (1, 2):
        tabel = (
            next((t for t in r.planmonitor.tabellen if t.nummer == nummer), None)
            if r.planmonitor
            else None
        )
        if tabel is None:
            _blad(wb, f"Tabel {nummer}", ["Partij"], [["Geen peiling van de planmonitor."]])
            continue
        ws = _blad(
            wb,
            f"Tabel {nummer}",
            ["Partij", *(kop for _, kop in tabel.koppen)],
            [[partij, *waarden] for partij, waarden, _ in tabel.rijen],
            dict.fromkeys(range(2, len(tabel.koppen) + 2), GETAL),
        )
        ws.append([])
        ws.append([f"Tabel {nummer}: {tabel.titel}"])
        ws.append([f"Peiling {r.planmonitor.peiling}", r.planmonitor.peildatum])  # type: ignore[union-attr]
        ws.cell(row=ws.max_row, column=2).number_format = DATUM

    rijen = []
    for i in r.indicatoren:
        rijen.append(
            [
                i.naam,
                i.onderwerp,
                i.periode,
                None if i.onderdrukt or i.waarde is None else float(i.waarde),
                float(i.grens) if i.grens is not None else None,
                "aandeel" if i.is_aandeel else "personen",
                i.teller,
                i.noemer,
                i.uitkomst,
                (i.onderdrukt_als or "×") if i.onderdrukt else "",
            ]
        )
    ws = _blad(
        wb,
        "Indicatoren",
        [
            "Indicator",
            "Onderwerp",
            "Periode",
            "Waarde",
            "Norm",
            "Soort",
            "Teller",
            "Noemer",
            "Uitkomst",
            "Onderdrukt",
        ],
        rijen,
    )
    for rij in ws.iter_rows(min_row=2):
        formaat = PROCENT if rij[5].value == "aandeel" else DECIMAAL
        rij[3].number_format = formaat
        rij[4].number_format = formaat

    _blad(
        wb,
        "Besluiten",
        ["Datum", "Overleg", "Nummer", "Besluit", "Openbaar"],
        [
            [b.datum, b.overleg, b.nummer, b.tekst, "ja" if b.openbaar else "nee"]
            for b in r.besluiten
        ],
        {1: DATUM},
    )
    return wb


def xlsx_bytes(inhoud: Rapportinhoud) -> bytes:
    buffer = BytesIO()
    werkboek(inhoud).save(buffer)
    return buffer.getvalue()
