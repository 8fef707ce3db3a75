"""Matching the parties of a document to organisations in the register.

``match_organisaties`` finds, for every party the document names, the Organisatie it is (by
name, short name and aliases, normalised), or decides that it is new and must be created (and
for a new huurdersorganisatie, which corporatie it belongs to); ambiguous or unknown parties are
refused with the line they stand on. ``Koppeling`` is the result per party. The name keys are
also used by the comparison (``vergelijking.py``) to resolve names in lists, tables and
convenanten.

Separate because it only reads organisations and knows nothing of kaders, plans or writes:
the comparison and the apply build on it, never the other way round.
"""

import re
from dataclasses import dataclass

from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Gebied, Organisatie

from .document import DocPartij, Melding, ParsedDocument
from .errors import Fout, ImportFout
from .text import normalise


@dataclass
class Koppeling:
    """A party of the document matched to an organisation (or one to be created)."""

    partij: DocPartij
    organisatie: Organisatie | None
    soort: str
    corporatie_key: object = None

    @property
    def key(self) -> object:
        return self.organisatie.pk if self.organisatie else f"nieuw:{self.partij.aanduiding}"

    @property
    def nieuw(self) -> bool:
        return self.organisatie is None

    @property
    def naam(self) -> str:
        return self.organisatie.naam if self.organisatie else self.partij.naam


def _org_names(org: Organisatie) -> list[str]:
    names = [org.naam, *[a for a in (org.aliassen or []) if isinstance(a, str)]]
    if org.soort != OrganisatieSoort.GEMEENTE:
        names.append(org.korte_naam)
    return [n for n in names if n]


def _name_keys(name: str) -> set[str]:
    """Normalised forms of a name: as is, without '(HBVA)', the part in brackets, without 'de'."""
    keys = {normalise(name)}
    bare = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()
    keys.add(normalise(bare))
    inner = re.search(r"\(([^)]+)\)", name)
    if inner:
        keys.add(normalise(inner.group(1)))
    keys |= {re.sub(r"^(de|het|stichting)\s+", "", k) for k in list(keys)}
    return {k for k in keys if k}


def _index_organisaties(orgs: list[Organisatie]) -> dict[str, list[Organisatie]]:
    index: dict[str, list[Organisatie]] = {}
    for org in orgs:
        for name in _org_names(org):
            for key in _name_keys(name):
                bucket = index.setdefault(key, [])
                if org not in bucket:
                    bucket.append(org)
    return index


_STOP = {"de", "het", "regio", "stichting", "vereniging", "huurdersorganisatie", "huurders"}


def _tokens(name: str) -> set[str]:
    return {
        t
        for t in re.split(
            r"[^a-z0-9]+", normalise(name).replace("huurdersbelangenvereniging", "huurders")
        )
        if t and t not in _STOP
    }


def match_organisaties(
    *, document: ParsedDocument, gemeente: Gebied
) -> tuple[list[Koppeling], list[Melding]]:
    bestand = document.bestandsnaam
    orgs = list(Organisatie.objects.all())
    index = _index_organisaties([o for o in orgs if o.soort != OrganisatieSoort.GEMEENTE])
    gemeente_org = next(
        (o for o in orgs if o.soort == OrganisatieSoort.GEMEENTE and o.gemeente_id == gemeente.pk),
        None,
    )
    koppelingen: list[Koppeling] = []
    meldingen: list[Melding] = []
    fouten: list[Fout] = []
    for partij in document.partijen:
        if partij.soort == OrganisatieSoort.GEMEENTE:
            if normalise(gemeente.naam) not in normalise(partij.naam):
                fouten.append(
                    Fout(
                        bestand,
                        f"het document is van '{partij.naam}', maar u importeert voor gemeente "
                        f"{gemeente.naam} ({gemeente.cbs_code}).",
                        partij.regel,
                    )
                )
            koppelingen.append(Koppeling(partij, gemeente_org, OrganisatieSoort.GEMEENTE))
            continue
        candidates: list[Organisatie] = []
        for name in (partij.naam, partij.aanduiding):
            for key in _name_keys(name):
                for org in index.get(key, []):
                    if org not in candidates:
                        candidates.append(org)
            if candidates:
                break
        if len(candidates) > 1:
            exact = [o for o in candidates if normalise(o.naam) == normalise(partij.naam)]
            candidates = exact or candidates
        if len(candidates) > 1:
            fouten.append(
                Fout(
                    bestand,
                    f"partij '{partij.naam}' past bij meer dan één organisatie ("
                    + ", ".join(o.naam for o in candidates)
                    + "); maak de namen of andere namen in het beheer eenduidig.",
                    partij.regel,
                )
            )
            continue
        if candidates:
            koppelingen.append(Koppeling(partij, candidates[0], candidates[0].soort))
            continue
        if not partij.soort:
            fouten.append(
                Fout(
                    bestand,
                    f"partij '{partij.naam}' is onbekend en uit de naam valt niet af te leiden of "
                    "het een gemeente, woningcorporatie of huurdersorganisatie is. Voeg de "
                    "organisatie eerst toe in het beheer (of geef haar een andere naam of alias "
                    "die het document gebruikt).",
                    partij.regel,
                )
            )
            continue
        koppelingen.append(Koppeling(partij, None, partij.soort))
    seen: dict[object, Koppeling] = {}
    for k in koppelingen:
        if k.key in seen:
            fouten.append(
                Fout(
                    bestand,
                    f"partijen '{seen[k.key].partij.naam}' en '{k.partij.naam}' verwijzen naar "
                    f"dezelfde organisatie ({k.naam}).",
                    k.partij.regel,
                )
            )
        seen.setdefault(k.key, k)
    corporaties = [k for k in koppelingen if k.soort == OrganisatieSoort.WONINGCORPORATIE]
    for k in koppelingen:
        if not (k.nieuw and k.soort == OrganisatieSoort.HUURDERSORGANISATIE):
            continue
        scored = sorted(
            (
                (len(_tokens(k.partij.naam) & _tokens(c.partij.naam + " " + c.naam)), c)
                for c in corporaties
            ),
            key=lambda pair: -pair[0],
        )
        if scored and (scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0])):
            k.corporatie_key = scored[0][1].key
        elif len(corporaties) == 1:
            k.corporatie_key = corporaties[0].key
        else:
            fouten.append(
                Fout(
                    bestand,
                    f"bij welke corporatie huurdersorganisatie '{k.partij.naam}' hoort, is niet uit "
                    "het document af te leiden; voeg haar eerst toe in het beheer.",
                    k.partij.regel,
                )
            )
    if fouten:
        raise ImportFout(fouten)
    for k in koppelingen:
        if k.nieuw:
            meldingen.append(
                Melding(
                    k.partij.regel,
                    f"organisatie '{k.partij.naam}' ({k.soort}) is nog onbekend en wordt "
                    "aangemaakt.",
                    "info",
                )
            )
    return koppelingen, meldingen


def _koppeling_for_name(name: str, koppelingen: list[Koppeling]) -> Koppeling | None:
    keys = _name_keys(name)
    for k in koppelingen:
        names = [k.partij.naam, k.partij.aanduiding]
        if k.organisatie:
            names += _org_names(k.organisatie)
        if k.soort == OrganisatieSoort.GEMEENTE:
            # Lists of gemeenten name them bare: "gemeente Amersfoort, Bunschoten, Nijkerk".
            names += [re.sub(r"^gemeente\s+", "", n, flags=re.IGNORECASE) for n in names]
        if any(keys & _name_keys(n) for n in names):
            return k
    return None
