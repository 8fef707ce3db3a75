"""The planmonitor's read pages: Tabel 1 and 2, a cell's drill-down, the projects, one project.

Access (the permission matrix in afspraken/tests/test_permission_matrix.py asks every route):
- a kader the user may not read → 404;
- parties of the kader (``monitor.lezen``) see the live planmonitor and every round;
- everyone else sees the latest published round (or one they choose), never a vertrouwelijk
  project (404 on its page), and a friendly page when nothing is published yet.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from prestatiemonitor.afspraken.models import Tabel
from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.jaarschijven.permissions import ziet_lopend
from prestatiemonitor.normen.constants import NormScope
from prestatiemonitor.normen.models import Normdefinitie
from prestatiemonitor.normen.selectors import normuitkomsten

from .. import grafiek, selectors
from ..constants import SEGMENTEN, Realisatie, Segment
from ..models import Bouwproject, Peiling
from ..normen import CONTEXT, bouw_context
from ..permissions import mag_plan_invoeren, mag_project_bewerken, mag_voorstellen
from ..prognose import KOLOMMEN, Prognose, netto_per_jaar
from ..prognose import Tabel as PrognoseTabel

NAV = "planmonitor"

KOLOMKOPPEN = {
    "nieuwbouw": "Nieuwbouw (harde plannen)",
    "sloop_overheveling": "Onttrekking door sloop of overheveling middenhuur",
    "verkoop": "Onttrekking door verkoop",
    "aankoop": "Aankoop",
    "overig": "Overige onttrekking",
    "netto": "Netto toename",
    "doorkijk": "Prognose nieuwbouw doorkijk (harde plannen)",
}


class PeriodeForm(forms.Form):
    van = forms.IntegerField(label="Van", min_value=2000, max_value=2100, required=False)
    tot = forms.IntegerField(label="Tot en met", min_value=2000, max_value=2100, required=False)
    doorkijk_tot = forms.IntegerField(
        label="Doorkijk tot en met", min_value=2000, max_value=2100, required=False
    )
    peiling = forms.TypedChoiceField(label="Stand", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, peilingen, lopend: bool, **kwargs):
        super().__init__(*args, **kwargs)
        keuzes = [(p.pk, f"Peiling {p.naam} ({p.peildatum:%d-%m-%Y})") for p in peilingen]
        if lopend:
            keuzes.insert(0, ("", "Actuele stand"))
        self.fields["peiling"].choices = keuzes

    def clean(self):
        data = super().clean()
        van, tot, doorkijk = data.get("van"), data.get("tot"), data.get("doorkijk_tot")
        if van and tot and tot < van:
            self.add_error("tot", f"Het eindjaar ({tot}) ligt vóór het beginjaar ({van}).")
        if tot and doorkijk and doorkijk < tot:
            self.add_error("doorkijk_tot", f"De doorkijk eindigt vóór het eindjaar ({tot}).")
        return data


def _bron_en_periode(request: HttpRequest, kader):
    """(form, bron, periode) from the query string; bron None when a non-party has no
    published round to see yet."""
    lopend = ziet_lopend(request.user, kader)
    lijst = list(selectors.peilingen(user=request.user, kader=kader))
    form = PeriodeForm(
        request.GET or None,
        peilingen=lijst,
        lopend=lopend,
        initial={
            "van": kader.periode_van,
            "tot": kader.periode_tot,
            "doorkijk_tot": kader.periode_tot + selectors.DOORKIJK_JAREN,
        },
    )
    gegevens = form.cleaned_data if form.is_bound and form.is_valid() else {}
    # The round asked for, even when the form refuses it: a round the user may not see is a
    # 404, never silently another one.
    peiling_id = request.GET.get("peiling") or None
    try:
        bron = selectors.bron_voor(user=request.user, kader=kader, peiling_id=peiling_id)
    except Http404:
        if peiling_id:
            raise
        bron = None
    try:
        periode = selectors.periode(
            kader, gegevens.get("van"), gegevens.get("tot"), gegevens.get("doorkijk_tot")
        )
    except ValueError:
        # One end given, the other the kader's default, and they cross (``?van=2028``): the
        # form says why and the page shows the kader's period.
        van = gegevens.get("van") or kader.periode_van
        tot = gegevens.get("tot") or kader.periode_tot
        if tot < van:
            form.add_error("tot", f"Het eindjaar ({tot}) ligt vóór het beginjaar ({van}).")
        else:
            form.add_error("doorkijk_tot", f"De doorkijk eindigt vóór het eindjaar ({tot}).")
        periode = selectors.periode(kader)
    return form, bron, periode


def _query(bron, periode) -> dict:
    query = {"van": periode.van, "tot": periode.tot, "doorkijk_tot": periode.doorkijk_tot}
    if bron is not None and bron.peiling is not None:
        query["peiling"] = bron.peiling.pk
    return query


def _cel_url(kader, query: dict, tabel: int, partij: str, kolom: str) -> str:
    from urllib.parse import urlencode

    return (
        reverse("planmonitor:cel", args=[kader.slug])
        + "?"
        + urlencode({**query, "tabel": tabel, "partij": partij, "kolom": kolom})
    )


def _gedrukt(kader, nummer: str) -> dict[str, dict[str, int | None]]:
    """The document's printed table (imported as data), per row label: {kolom: value}."""
    tabel = Tabel.objects.filter(kader=kader, nummer=nummer).prefetch_related("rijen").first()
    if tabel is None or len(tabel.kolommen) != 5:
        return {}
    kolommen = ["nieuwbouw", "sloop_overheveling", "verkoop", "netto", "doorkijk"]
    return {
        ("Totaal" if r.is_totaal else r.label).casefold(): dict(
            zip(kolommen, r.waarden, strict=False)
        )
        for r in tabel.rijen.all()
    }


def _tabel_weergave(kader, tabel: PrognoseTabel, prognose: Prognose, query: dict, gedrukt: dict):
    kolommen = tabel.kolommen
    koppen = []
    for k in kolommen:
        kop = KOLOMKOPPEN[k]
        if k == "netto":
            kop = f"Netto toename {prognose.van} t/m {prognose.tot}"
        elif k == "doorkijk":
            kop = (
                f"Prognose nieuwbouw {prognose.tot + 1} t/m {prognose.doorkijk_tot} (harde plannen)"
            )
        koppen.append((k, kop))
    rijen = []
    for rij in [*tabel.rijen, tabel.totaal]:
        cellen = []
        for k in kolommen:
            waarde = rij.waarde(k)
            gedrukte_rij = gedrukt.get(rij.partij.casefold(), {})
            print_waarde = gedrukte_rij.get(k) if gedrukte_rij else None
            afwijkend = (
                bool(gedrukte_rij) and k in gedrukte_rij and (print_waarde or 0) != (waarde or 0)
            )
            cellen.append(
                {
                    "kolom": k,
                    "kop": dict(koppen)[k],
                    "waarde": waarde,
                    "url": _cel_url(kader, query, tabel.nummer, rij.partij, k),
                    "gedrukt": print_waarde,
                    "afwijkend": afwijkend,
                }
            )
        rijen.append({"partij": rij.partij, "totaal": rij is tabel.totaal, "cellen": cellen})
    return {"nummer": tabel.nummer, "titel": tabel.titel, "koppen": koppen, "rijen": rijen}


def _per_jaar_weergave(kader, prognose: Prognose, query: dict):
    """Tabel 1's totals per year: planned and delivered side by side."""
    rijen = []
    per_jaar = prognose.tabel1.totaal.per_jaar
    for jaar in prognose.jaren:
        soorten = per_jaar.get(jaar, {})
        gepland = soorten.get(Realisatie.GEPLAND, {})
        gerealiseerd = soorten.get(Realisatie.GEREALISEERD, {})
        rijen.append(
            {
                "jaar": jaar,
                "gepland": sum(gepland.values()) if gepland else None,
                "gerealiseerd": sum(gerealiseerd.values()) if gerealiseerd else None,
                "nieuwbouw_gepland": gepland.get("nieuwbouw"),
                "nieuwbouw_gerealiseerd": gerealiseerd.get("nieuwbouw"),
                "url": _cel_url(kader, query, 1, "Totaal", f"netto:{jaar}"),
            }
        )
    return rijen


def _grafiek_netto(prognose: Prognose, norm: int | None):
    rijen = []
    for jaar in prognose.jaren:
        for status in (Realisatie.GEREALISEERD, Realisatie.GEPLAND):
            kolommen = prognose.tabel1.totaal.per_jaar.get(jaar, {}).get(status, {})
            rijen.append(
                {"jaar": str(jaar), "soort": str(status), "aantal": sum(kolommen.values())}
            )
    return grafiek.svg(
        grafiek.netto_per_jaar(rijen, norm),
        titel="Netto toename sociale huur per jaar",
        beschrijving="Gerealiseerd en gepland per jaar; de stippellijn is de ambitie. "
        "Dezelfde cijfers staan in de tabel 'Per jaar'.",
    )


def overzicht(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    form, bron, periode = _bron_en_periode(request, kader_obj)
    context = {
        "kader": kader_obj,
        "nav_actief": NAV,
        "form": form,
        "bron": bron,
        "periode": periode,
        "kan_invoeren": mag_plan_invoeren(request.user, kader_obj),
        "lopend": ziet_lopend(request.user, kader_obj),
    }
    if bron is None:
        return render(request, "planmonitor/overzicht.html", context)
    projecten_feiten, mutatie_feiten = selectors.feiten(bron)
    prognose = selectors.prognose_uit(kader_obj, projecten_feiten, mutatie_feiten, periode)
    query = _query(bron, periode)
    standaard = (
        bron.peiling is None
        and (periode.van, periode.tot)
        == (
            kader_obj.periode_van,
            kader_obj.periode_tot,
        )
        and periode.doorkijk_tot == kader_obj.periode_tot + selectors.DOORKIJK_JAREN
    )
    tabellen = [
        _tabel_weergave(
            kader_obj, t, prognose, query, _gedrukt(kader_obj, str(t.nummer)) if standaard else {}
        )
        for t in prognose.tabellen
    ]
    # The norms read the same facts (no second read of the projects).
    plan_context = bouw_context(
        kader_obj,
        bron=bron,
        periode=periode,
        projecten=projecten_feiten,
        mutaties=mutatie_feiten,
    )
    uitkomsten = normuitkomsten(
        user=request.user, kader=kader_obj, contexten={CONTEXT: plan_context}, alleen=(CONTEXT,)
    )
    netto_norm = next(
        (
            u.grens
            for u in uitkomsten
            if u.norm_code.startswith("ambitie-1") and u.onderwerp.isdigit()
        ),
        None,
    )
    per_jaar = _per_jaar_weergave(kader_obj, prognose, query)
    netto = netto_per_jaar(prognose.tabel1.totaal, prognose.jaren)
    context.update(
        {
            "prognose": prognose,
            "tabellen": tabellen,
            "gedrukt_getoond": standaard
            and any(
                c["gedrukt"] is not None for t in tabellen for r in t["rijen"] for c in r["cellen"]
            ),
            "per_jaar": per_jaar,
            "netto": netto,
            "grafiek_netto": _grafiek_netto(prognose, netto_norm),
            "netto_norm": netto_norm,
            "query": query,
            "uitkomsten_telling": _telling(uitkomsten),
        }
    )
    if bron.peiling is not None:
        from prestatiemonitor.overleg import selectors as overleg_selectors

        context["overleg_besluiten"] = overleg_selectors.besluiten_bij(
            user=request.user, peiling=bron.peiling
        )
    return render(request, "planmonitor/overzicht.html", context)


def _telling(uitkomsten) -> dict[str, int]:
    from prestatiemonitor.normen.evaluatie import samenvatting

    return samenvatting(u for u in uitkomsten if not u.informatief)


def cel(request: HttpRequest, kader: str) -> HttpResponse:
    """The records behind one figure of Tabel 1 or 2."""
    kader_obj = visible_kader_or_404(request.user, kader)
    form, bron, periode = _bron_en_periode(request, kader_obj)
    if bron is None:
        raise Http404("Er is nog geen peiling van de planmonitor gepubliceerd.")
    try:
        nummer = int(request.GET.get("tabel", "1"))
    except ValueError:
        raise Http404("Onbekende tabel.") from None
    if nummer not in (1, 2):
        raise Http404("Onbekende tabel.")
    partij = request.GET.get("partij", "Totaal")
    kolom = request.GET.get("kolom", "netto")
    jaar = None
    if ":" in kolom:
        kolom, _, jaartekst = kolom.partition(":")
        if not jaartekst.isdigit():
            raise Http404("Onbekend jaar.")
        jaar = int(jaartekst)
    if kolom not in KOLOMMEN:
        raise Http404("Onbekende kolom.")
    prognose = selectors.prognose(bron, periode)
    tabel = prognose.tabel1 if nummer == 1 else prognose.tabel2
    rij = next((r for r in [*tabel.rijen, tabel.totaal] if r.partij == partij), None)
    if rij is None:
        raise Http404("Onbekende partij in deze tabel.")
    bijdragen = rij.cellen[kolom].bijdragen
    if kolom == "netto" and jaar is not None:
        bijdragen = [b for b in bijdragen if b.jaar == jaar]
    projecten = {}
    if bron.peiling is None:
        projecten = {
            p.projectcode: p
            for p in Bouwproject.objects.filter(
                kader=kader_obj, projectcode__in={b.projectcode for b in bijdragen if b.projectcode}
            )
        }
    corporaties = dict(selectors.corporaties(kader_obj))
    regels = []
    for b in sorted(
        bijdragen, key=lambda b: (b.jaar, b.projectcode, b.mutatie.soort if b.mutatie else "")
    ):
        if b.projectcode:
            project = projecten.get(b.projectcode)
            regels.append(
                {
                    "soort": "Oplevering",
                    "label": f"{b.projectcode} {project.naam if project else ''}".strip(),
                    "url": reverse("planmonitor:project", args=[kader_obj.slug, b.projectcode])
                    if project
                    else "",
                    "jaar": b.jaar,
                    "status": b.status,
                    "aantal": b.aantal,
                }
            )
        else:
            m = b.mutatie
            assert m is not None
            regels.append(
                {
                    "soort": f"Mutatie: {m.soort}",
                    "label": f"{corporaties.get(m.corporatie_id, '')} – {m.soort} {m.segment.replace('_', ' ')}",
                    "url": reverse("planmonitor:mutaties", args=[kader_obj.slug])
                    + f"#mutatie-{m.id}"
                    if bron.peiling is None and m.id
                    else "",
                    "jaar": m.jaar,
                    "status": m.status,
                    "aantal": b.aantal,
                }
            )
    kop = KOLOMKOPPEN[kolom] + (f" {jaar}" if jaar else "")
    return render(
        request,
        "planmonitor/cel.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "bron": bron,
            "prognose": prognose,
            "tabel": tabel,
            "partij": partij,
            "kolom_label": kop,
            "waarde": sum(r["aantal"] for r in regels) if regels else None,
            "regels": regels,
            "terug": reverse("planmonitor:overzicht", args=[kader_obj.slug])
            + "?"
            + _urlencode(_query(bron, periode)),
        },
    )


def _urlencode(query: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(query)


SEGMENT_LABELS = {s.value: str(s.label) for s in Segment}


def projecten(request: HttpRequest, kader: str) -> HttpResponse:
    """Every project (of the live data, or of the round a non-party may see), with a map."""
    kader_obj = visible_kader_or_404(request.user, kader)
    form, bron, periode = _bron_en_periode(request, kader_obj)
    lijst = []
    feiten = []
    if bron is not None:
        feiten, _ = selectors.feiten(bron)
        hardheid_filter = request.GET.get("hardheid", "")
        kern_filter = request.GET.get("kern", "")
        for f in feiten:
            if hardheid_filter == "hard" and not f.hard:
                continue
            if hardheid_filter == "zacht" and f.hard:
                continue
            if kern_filter and f.kern != kern_filter:
                continue
            lijst.append(f)
    kernen = sorted({f.kern for f in feiten})
    pipeline = _pipeline(lijst)
    per_kern = _per_kern(lijst)
    kaart = [
        {
            "code": f.projectcode,
            "naam": f.naam,
            "lat": f.breedtegraad,
            "lon": f.lengtegraad,
            "totaal": f.totaal,
            "url": reverse("planmonitor:project", args=[kader_obj.slug, f.projectcode])
            if bron and bron.peiling is None
            else "",
        }
        for f in lijst
        if f.breedtegraad is not None and f.lengtegraad is not None
    ]
    from django.conf import settings

    return render(
        request,
        "planmonitor/projecten.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "form": form,
            "bron": bron,
            "projecten": lijst,
            "kernen": kernen,
            "hardheid_filter": request.GET.get("hardheid", ""),
            "kern_filter": request.GET.get("kern", ""),
            "kan_invoeren": mag_plan_invoeren(request.user, kader_obj),
            "lopend": ziet_lopend(request.user, kader_obj),
            "pipeline": pipeline,
            "per_kern": per_kern,
            "kaart": kaart,
            "tegel_url": getattr(settings, "KAART_TEGELS_URL", ""),
            "tegel_bron": getattr(settings, "KAART_TEGELS_BRON", ""),
        },
    )


def _pipeline(lijst) -> dict:
    """Units per hardness code and segment (the pipeline), as table and chart."""
    codes = []
    tabel: dict[str, dict[str, int]] = {}
    for f in lijst:
        if f.hardheid not in tabel:
            codes.append(f.hardheid)
            tabel[f.hardheid] = dict.fromkeys(SEGMENTEN, 0)
        for s in SEGMENTEN:
            tabel[f.hardheid][s] += f.segmenten.get(s, 0)
    volgorde = ["1A", "1B", "1C", "2A", "2B", "2C", "3", "4A", "4B", "5A", "5B"]
    codes.sort(key=lambda c: volgorde.index(c) if c in volgorde else 99)
    rijen = [
        {"code": c, "segmenten": [tabel[c][s] for s in SEGMENTEN], "totaal": sum(tabel[c].values())}
        for c in codes
    ]
    domein = [SEGMENT_LABELS[s] for s in SEGMENTEN]
    spec_rijen = [
        {"hardheid": c, "segment": SEGMENT_LABELS[s], "aantal": tabel[c][s], "orde": i}
        for c in codes
        for i, s in enumerate(SEGMENTEN)
    ]
    svg = (
        grafiek.svg(
            grafiek.gestapeld(
                spec_rijen, categorie="hardheid", reeks="segment", domein=domein, x_titel="Woningen"
            ),
            titel="Woningen per planhardheid en segment",
            beschrijving="Dezelfde cijfers staan in de tabel eronder.",
        )
        if rijen
        else ""
    )
    return {"rijen": rijen, "segmenten": domein, "grafiek": svg}


def _per_kern(lijst) -> dict:
    tabel: dict[str, dict[str, int]] = {}
    for f in lijst:
        per = tabel.setdefault(f.kern, {"hard": 0, "zacht": 0})
        per["hard" if f.hard else "zacht"] += f.totaal
    rijen = [{"kern": k, **v, "totaal": v["hard"] + v["zacht"]} for k, v in sorted(tabel.items())]
    spec_rijen = [
        {"kern": r["kern"], "soort": soort, "aantal": r[sleutel], "orde": i}
        for r in rijen
        for i, (sleutel, soort) in enumerate(
            (("hard", "harde plannen"), ("zacht", "zachte plannen"))
        )
    ]
    svg = (
        grafiek.svg(
            grafiek.gestapeld(
                spec_rijen,
                categorie="kern",
                reeks="soort",
                domein=["harde plannen", "zachte plannen"],
                x_titel="Woningen",
            ),
            titel="Woningen per kern, hard en zacht",
            beschrijving="Dezelfde cijfers staan in de tabel eronder.",
        )
        if rijen
        else ""
    )
    return {"rijen": rijen, "grafiek": svg}


def project(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    """One project: its figures, planning, norms, delays, proposals and reacties."""
    kader_obj = visible_kader_or_404(request.user, kader)
    lopend = ziet_lopend(request.user, kader_obj)
    if lopend:
        project_obj = (
            Bouwproject.objects.visible_to(request.user)
            .select_related("hardheid", "eigenaar")
            .filter(kader=kader_obj, projectcode=code)
            .first()
        )
        if project_obj is None:
            raise Http404("Dit project bestaat niet.")
        feit = selectors.project_feit(project_obj)
        stand = None
    else:
        # The public: the project as it stood in the latest published round, never vertrouwelijk.
        bron = selectors.bron_voor(user=request.user, kader=kader_obj)
        stand = bron.peiling.standen.filter(projectcode=code, vertrouwelijk=False).first()  # type: ignore[union-attr]
        if stand is None:
            raise Http404("Dit project bestaat niet of is niet openbaar.")
        feit = selectors.feit_uit_json(stand.gegevens)
        project_obj = None
    projectnormen = set(
        Normdefinitie.objects.filter(kader=kader_obj, scope=NormScope.PROJECT).values_list(
            "code", flat=True
        )
    )
    uitkomsten = [
        u
        for u in normuitkomsten(
            user=request.user,
            kader=kader_obj,
            alleen=(CONTEXT,),
            bron=selectors.Bron(kader_obj, stand.peiling if stand else None, not lopend),
        )
        if u.onderwerp == code and u.norm_code in projectnormen
    ]
    context = {
        "kader": kader_obj,
        "nav_actief": NAV,
        "feit": feit,
        "project": project_obj,
        "stand": stand,
        "segmenten": [(SEGMENT_LABELS[s], feit.segmenten.get(s, 0)) for s in SEGMENTEN],
        "leveringen": feit.leveringen(),
        "uitkomsten": uitkomsten,
        "hardheden": {h.code: h for h in selectors.hardheden(kader_obj)},
        "lopend": lopend,
    }
    if project_obj is not None:
        context.update(
            {
                "kan_bewerken": mag_project_bewerken(request.user, project_obj),
                "kan_voorstellen": mag_voorstellen(request.user, project_obj),
                "vertragingen": project_obj.vertragingen.all(),
                "voorstellen": project_obj.voorstellen.select_related(
                    "organisatie", "ingediend_door", "besloten_door"
                ),
                "reacties": project_obj.reacties.select_related("organisatie", "geplaatst_door"),
                "knelpunten": project_obj.knelpunten.all(),
                "historie": project_obj.history.select_related("history_user")[:20],
                "kan_besluiten": _kan_besluiten(request.user, kader_obj),
            }
        )
    return render(request, "planmonitor/project.html", context)


def _kan_besluiten(user, kader) -> bool:
    from prestatiemonitor.organisaties.permissions import PLAN_BEHEREN, has_capability

    return has_capability(user, PLAN_BEHEREN, kader=kader)


__all__ = ["Peiling", "cel", "overzicht", "project", "projecten"]
