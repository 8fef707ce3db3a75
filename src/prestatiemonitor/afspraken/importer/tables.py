"""Recompute the sums of a printed table and list where they differ from what is printed."""

import re
from typing import Any

from .text import normalise

_SUM_COLUMN = re.compile(r"^(netto|totaal|som)\b")
_SUBTOTAAL = re.compile(r"^sub ?totaal\b")


def is_subtotaal(label: str) -> bool:
    """'Subtotaal' / 'Sub-totaal kern Noord': the sum of the rows above it since the previous
    subtotal; not a row of its own in the column totals."""
    return bool(_SUBTOTAAL.match(normalise(label or "")))


def _num(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fmt(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return round(value, 6) if isinstance(value, float) else value


def getal_nl(value) -> str:
    """A checked number in Dutch notation for messages: 1234 → '1.234', -6 → '-6', 12.5 → '12,5'
    (Django's ``nl`` localisation, through the one display module)."""
    from ..weergave import getal

    return getal(value) if _num(value) else str(value)


def check_table(tabel) -> list[dict]:
    """Column totals (rows vs the Totaal row) and row sums (a 'Netto …'/'Totaal …' column is the
    sum of the columns before it). The total row's row sum is checked on the *recomputed*
    column totals, so one wrong printed cell is reported once, and also on its own printed
    figures ('totaalrij'): a printed total row that does not add up across is reported too."""
    controles: list[dict] = []
    body = [r for r in tabel.rijen if not r.is_totaal and not is_subtotaal(r.label)]
    totals = [r for r in tabel.rijen if r.is_totaal]
    computed_totals: list = []
    for index, kolom in enumerate(tabel.kolommen):
        values = [r.waarden[index] for r in body if index < len(r.waarden)]
        numbers = [v for v in values if _num(v)]
        computed = sum(numbers) if numbers else None
        computed_totals.append(computed)
        for total in totals:
            printed: Any = total.waarden[index] if index < len(total.waarden) else None
            if _num(printed) and abs(printed - (computed or 0)) > 1e-9:
                controles.append(
                    {
                        "tabel": tabel.nummer,
                        "rij": total.label,
                        "kolom": kolom,
                        "soort": "kolomtotaal",
                        "gedrukt": _fmt(printed),
                        "berekend": _fmt(computed or 0),
                    }
                )
    segment: list = []
    for row in tabel.rijen:
        if row.is_totaal:
            segment = []
        elif not is_subtotaal(row.label):
            segment.append(row)
        else:
            for index, kolom in enumerate(tabel.kolommen):
                printed = row.waarden[index] if index < len(row.waarden) else None
                numbers = [
                    r.waarden[index]
                    for r in segment
                    if index < len(r.waarden) and _num(r.waarden[index])
                ]
                if _num(printed) and numbers and abs(printed - sum(numbers)) > 1e-9:
                    controles.append(
                        {
                            "tabel": tabel.nummer,
                            "rij": row.label,
                            "kolom": kolom,
                            "soort": "subtotaal",
                            "gedrukt": _fmt(printed),
                            "berekend": _fmt(sum(numbers)),
                        }
                    )
            segment = []
    sum_columns = [i for i, k in enumerate(tabel.kolommen) if _SUM_COLUMN.match(normalise(k))]
    for sum_index in sum_columns:
        previous_sums = [i for i in sum_columns if i < sum_index]
        start = (previous_sums[-1] + 1) if previous_sums else 0
        parts = range(start, sum_index)
        if not parts:
            continue
        for row in tabel.rijen:
            values = computed_totals if row.is_totaal else row.waarden
            printed = row.waarden[sum_index] if sum_index < len(row.waarden) else None
            operands = [values[i] for i in parts if i < len(values)]
            if not _num(printed) or not any(_num(v) for v in operands):
                continue
            computed = sum(v for v in operands if _num(v))
            already = any(
                c["rij"] == row.label and c["kolom"] == tabel.kolommen[sum_index] for c in controles
            )
            if abs(printed - computed) > 1e-9 and not already:
                controles.append(
                    {
                        "tabel": tabel.nummer,
                        "rij": row.label,
                        "kolom": tabel.kolommen[sum_index],
                        "soort": "rijsom",
                        "gedrukt": _fmt(printed),
                        "berekend": _fmt(computed),
                    }
                )
            if row.is_totaal:
                # the total row's own sum, on the figures it prints (Nijkerk Tabel 1: 556 + 0
                # - 135 = 421, printed 415), besides the check on the recomputed column totals
                printed_operands = [row.waarden[i] for i in parts if i < len(row.waarden)]
                if not any(_num(v) for v in printed_operands):
                    continue
                own = sum(v for v in printed_operands if _num(v))
                same = any(
                    c["rij"] == row.label
                    and c["kolom"] == tabel.kolommen[sum_index]
                    and c["berekend"] == _fmt(own)
                    for c in controles
                )
                if abs(printed - own) > 1e-9 and not same:
                    controles.append(
                        {
                            "tabel": tabel.nummer,
                            "rij": row.label,
                            "kolom": tabel.kolommen[sum_index],
                            "soort": "totaalrij",
                            "gedrukt": _fmt(printed),
                            "berekend": _fmt(own),
                        }
                    )
    return controles
