"""Reads for the register pages and exports.

Every selector takes the acting user and starts from ``Model.objects.visible_to(user)``:
visibility is decided in ``permissions.py`` only. A record the user may not see raises the
model's ``DoesNotExist`` exactly as a record that does not exist (the views turn both into 404).

Each selector fetches what its page shows in a fixed number of queries (select_related /
prefetch_related), independent of the number of themes, afspraken or begrippen. Selectors
return data; putting it into words (diffs, numbers, labels) is ``afspraken.weergave``.

Modules: ``kader`` (kaders, overview, theme page), ``afspraak`` (lists, filters, one afspraak
with history), ``overzichten`` (begrippen, convenanten, partijen), ``tabel`` (tables with the
importer's checks), ``bijstelling`` (bijstellingen, import reports), ``zoeken`` (search).
"""

from ..weergave import woorddiff  # noqa: F401 — kept for callers of selectors.woorddiff
from .afspraak import (
    AfspraakDetail,
    FilterKeuzes,
    HistorieRegel,
    HuidigeAfspraak,
    Wijziging,
    afspraak_count,
    afspraak_detail,
    afspraak_filter_keuzes,
    afspraak_huidig,
    afspraak_list,
)
from .bijstelling import (
    BijstellingRegel,
    bijstelling_list,
    bijstellingen_van_afspraak,
    importverslag_list,
)
from .kader import KaderOverzicht, ThemaDetail, kader_get, kader_list, kader_overzicht, thema_detail
from .overzichten import (
    ConvenantRegel,
    PartijenOverzicht,
    PartijRegel,
    begrip_detail,
    begrip_list,
    convenant_list,
    partij_list,
)
from .tabel import Cel, RijWeergave, TabelWeergave, tabel_detail, tabel_prefetch, tabel_weergave
from .zoeken import ZOEK_MAX_PER_GROEP, Zoekresultaten, zoek, zoekwoorden

__all__ = [
    "ZOEK_MAX_PER_GROEP",
    "AfspraakDetail",
    "BijstellingRegel",
    "Cel",
    "ConvenantRegel",
    "FilterKeuzes",
    "HistorieRegel",
    "HuidigeAfspraak",
    "KaderOverzicht",
    "PartijRegel",
    "PartijenOverzicht",
    "RijWeergave",
    "TabelWeergave",
    "ThemaDetail",
    "Wijziging",
    "Zoekresultaten",
    "afspraak_count",
    "afspraak_detail",
    "afspraak_filter_keuzes",
    "afspraak_huidig",
    "afspraak_list",
    "begrip_detail",
    "begrip_list",
    "bijstelling_list",
    "bijstellingen_van_afspraak",
    "convenant_list",
    "importverslag_list",
    "kader_get",
    "kader_list",
    "kader_overzicht",
    "partij_list",
    "tabel_detail",
    "tabel_prefetch",
    "tabel_weergave",
    "thema_detail",
    "woorddiff",
    "zoek",
    "zoekwoorden",
]
