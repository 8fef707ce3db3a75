"""The document import's services, the entry point for callers (HackSoft style: keyword-only,
atomic, audited).

``import_plan`` reads, parses, matches the organisations and computes the differences with the
kader already in the database; it writes nothing. ``import_apply`` writes the plan in one
transaction: a new kader is created; an existing one is updated *in place* (so the history of
an Afspraak shows its old text), with a Bijstelling recording the differences. Every apply
writes an ImportVerslag, a Brondocument (the imported bytes) and an audit record.

A re-import is a three-way comparison. The *base* is the document imported last (its
Brondocument, parsed again); only what changed between the base and the new document is
applied, so a bijstelling made by hand since (a party added to an afspraak) survives an import
of the unchanged document. Where the new document and a manual bijstelling changed the same
field differently, the plan holds a ``Conflict`` and the beheerder chooses per conflict: keep
the register or take the document. Kaders imported before the Brondocument existed have no
base: then the register is compared with the document directly (two-way) and the preview says
so.

The web flow parses once: the upload stores the parsed document (and the parsed base) with the
``ImportConcept``; the preview and the confirmation rebuild the plan from that, without reading
the bytes again, and the confirmation still refuses a plan the register has moved away from.

The work is split along its seams; each module depends only on the ones before it:

- ``matching.py``: the document's parties → organisations (``Koppeling``);
- ``vergelijking.py``: the desired and current state, the three-way merge, the differences;
- ``plan.py``: ``import_plan`` and ``ImportPlan`` (read-only);
- ``toepassen.py``: ``import_apply`` and ``import_document`` (the only writes);
- ``concepten.py``: the ImportConcept services of the web flow.

This module re-exports their public names, so callers import from here.
"""

from prestatiemonitor.organisaties.models import Gebied

from .concepten import (
    CONCEPT_BEWAARTERMIJN,
    VEROUDERD_VOORBEELD,
    import_concept_confirm,
    import_concept_create,
    import_concept_delete,
    import_concept_plan,
)
from .errors import Fout, ImportFout
from .matching import Koppeling, match_organisaties
from .plan import ImportPlan, document_als_json, document_uit_json, import_plan
from .toepassen import import_apply, import_document
from .vergelijking import (
    DOCUMENT,
    GEWIJZIGD,
    KEUZES,
    NIEUW,
    ONTBREEKT,
    REGISTER,
    VERWIJDERD,
    Conflict,
    Wijziging,
    build_gewenst,
    build_huidig,
    compute_wijzigingen,
    samenvoegen,
)

__all__ = [
    "CONCEPT_BEWAARTERMIJN",
    "DOCUMENT",
    "GEWIJZIGD",
    "KEUZES",
    "NIEUW",
    "ONTBREEKT",
    "REGISTER",
    "VEROUDERD_VOORBEELD",
    "VERWIJDERD",
    "Conflict",
    "ImportPlan",
    "Koppeling",
    "Wijziging",
    "build_gewenst",
    "build_huidig",
    "compute_wijzigingen",
    "document_als_json",
    "document_uit_json",
    "gemeente_by_code",
    "import_apply",
    "import_concept_confirm",
    "import_concept_create",
    "import_concept_delete",
    "import_concept_plan",
    "import_document",
    "import_plan",
    "match_organisaties",
    "samenvoegen",
]


def gemeente_by_code(code: str) -> Gebied:
    from prestatiemonitor.organisaties.constants import GebiedSoort

    gemeente = Gebied.objects.filter(
        cbs_code__iexact=code.strip(), soort=GebiedSoort.GEMEENTE
    ).first()
    if gemeente is None:
        raise ImportFout(Fout(code, f"geen gemeente met CBS-code '{code}' gevonden."))
    return gemeente
