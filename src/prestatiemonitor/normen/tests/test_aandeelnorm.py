"""A gemeente records its own or a regional share norm (a woondeal) and it is judged."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prestatiemonitor.audit.models import AuditRecord
from prestatiemonitor.normen import services
from prestatiemonitor.normen.models import Normdefinitie
from prestatiemonitor.normen.selectors import normuitkomsten
from prestatiemonitor.organisaties.permissions import SYSTEEM

pytestmark = pytest.mark.django_db


def test_the_gemeente_beheerder_records_a_woondeal_norm_and_it_is_judged(demo, leden):
    norm = services.aandeelnorm_vastleggen(
        kader=demo,
        naam="56 % betaalbaar (woondeal)",
        bron="Woondeal regio Foodvalley, 8 maart 2023",
        minimum_pct=Decimal("56"),
        segmenten=["sociale_huur", "middenhuur", "betaalbare_koop"],
        acting_user=leden["gemeente_beheerder"],
    )
    assert norm.code == "eigen-56-betaalbaar-woondeal"
    assert (norm.soort, norm.informatief, norm.parameters["minimum_pct"]) == (
        "aandeel_nieuwbouw",
        True,
        56.0,
    )
    assert AuditRecord.objects.filter(actie="norm.vastgelegd").count() == 1
    uitkomst = next(u for u in normuitkomsten(user=SYSTEEM, kader=demo) if u.norm_code == norm.code)
    # The demo's plannen with plancapaciteit delivering 2025–2027: every corporation home is
    # social or middenhuur; MP-02's betaalbare koop counts, its other 20 do not.
    assert uitkomst.grens == Decimal("56")
    assert uitkomst.uitkomst == "voldoet"
    assert uitkomst.bron == "Woondeal regio Foodvalley, 8 maart 2023"


def test_a_share_norm_needs_a_name_source_share_and_segments_and_the_beheerder(demo, leden):
    with pytest.raises(ValidationError) as exc:
        services.aandeelnorm_vastleggen(
            kader=demo,
            naam="",
            bron="",
            minimum_pct=Decimal("0"),
            segmenten=[],
            acting_user=leden["gemeente_beheerder"],
        )
    assert set(exc.value.message_dict) == {"naam", "bron", "minimum_pct", "segmenten"}
    for lid in ("gemeente_redacteur", "wsn", "hon_redacteur"):
        with pytest.raises(PermissionDenied):
            services.aandeelnorm_vastleggen(
                kader=demo,
                naam="X",
                bron="Y",
                minimum_pct=Decimal("30"),
                segmenten=["sociale_huur"],
                acting_user=leden[lid],
            )
    assert not Normdefinitie.objects.filter(kader=demo, code__startswith="eigen").exists()
