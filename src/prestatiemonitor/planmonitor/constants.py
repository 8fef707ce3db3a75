from django.db import models


class Segment(models.TextChoices):
    SOCIALE_HUUR = "sociale_huur", "sociale huur"
    MIDDENHUUR = "middenhuur", "middenhuur"
    VRIJE_SECTOR_HUUR = "vrije_sector_huur", "vrije sector huur"
    SOCIALE_KOOP = "sociale_koop", "sociale koop"
    BETAALBARE_KOOP = "betaalbare_koop", "betaalbare koop"
    VRIJE_SECTOR_KOOP = "vrije_sector_koop", "vrije sector koop"


SEGMENTEN: tuple[str, ...] = tuple(s.value for s in Segment)
HUURSEGMENTEN = (Segment.SOCIALE_HUUR, Segment.MIDDENHUUR, Segment.VRIJE_SECTOR_HUUR)
# "Betaalbaar" (national aim: two thirds of new homes).
BETAALBAAR = (Segment.SOCIALE_HUUR, Segment.MIDDENHUUR, Segment.BETAALBARE_KOOP)

# Market-built rental homes count for the social norms only with a long enough
# instandhoudingstermijn (years).
MIN_INSTANDHOUDING = {Segment.SOCIALE_HUUR: 25, Segment.MIDDENHUUR: 10}


class EigenaarSoort(models.TextChoices):
    CORPORATIE = "corporatie", "corporatie"
    MARKTPARTIJ = "marktpartij", "marktpartij"
    PARTICULIER = "particulier", "particulier"
    GEMEENTE = "gemeente", "gemeente"


class Fase(models.TextChoices):
    INITIATIEF = "initiatief", "initiatief"
    PLANVORMING = "planvorming", "planvorming"
    ONTWERP = "ontwerp", "ontwerp"
    VERGUNNING_AANGEVRAAGD = "vergunning_aangevraagd", "vergunning aangevraagd"
    VERGUNNING_VERLEEND = "vergunning_verleend", "vergunning verleend"
    IN_AANBOUW = "in_aanbouw", "in aanbouw"
    OPGELEVERD = "opgeleverd", "opgeleverd"


class Realisatie(models.TextChoices):
    GEPLAND = "gepland", "gepland"
    GEREALISEERD = "gerealiseerd", "gerealiseerd"


class MutatieSoort(models.TextChoices):
    SLOOP = "sloop", "sloop"
    VERKOOP = "verkoop", "verkoop"
    OVERHEVELING = "overheveling", "overheveling"
    AANKOOP = "aankoop", "aankoop"
    OVERIG = "overig", "overig"


class MutatieSegment(models.TextChoices):
    SOCIALE_HUUR = "sociale_huur", "sociale huur"
    MIDDENHUUR = "middenhuur", "middenhuur"


class VoorstelStatus(models.TextChoices):
    OPEN = "open", "open"
    AANVAARD = "aanvaard", "aanvaard"
    AFGEWEZEN = "afgewezen", "afgewezen"


# Fields a proposal may change (and the project form edits), in form order.
VOORSTELBARE_VELDEN = (
    "naam",
    "kern",
    "hardheid",
    "fase",
    "oplevering_jaar",
    "oplevering_kwartaal",
    *SEGMENTEN,
    "totaal",
    "toelichting",
)
