"""The planmonitor's forms: projects, their planning, proposals and reacties, mutations, rounds.

Access: login first (anonymous → login page), then the kader (404), then the record (404 when
the user may not see it), then the capability (403). Every refusal of a service comes back on
the form, with everything the user typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from prestatiemonitor.afspraken.permissions import visible_kader_or_404
from prestatiemonitor.config.db import bij_bezette_database
from prestatiemonitor.jaarschijven.permissions import ziet_lopend
from prestatiemonitor.organisaties.constants import OrganisatieSoort
from prestatiemonitor.organisaties.models import Organisatie
from prestatiemonitor.organisaties.permissions import (
    PLAN_BEHEREN,
    PLAN_BEWERKEN,
    has_capability,
)

from .. import selectors, services
from ..constants import SEGMENTEN
from ..forms import (
    MutatieForm,
    PeilingForm,
    PlanningFormSet,
    ProjectForm,
    VergelijkForm,
    VoorstelForm,
    fouten_op_formulier,
)
from ..models import Bouwproject, Hardheid, Peiling, Voorraadmutatie, Wijzigingsvoorstel
from ..permissions import (
    mag_mutatie_bewerken,
    mag_plan_invoeren,
    mag_project_bewerken,
    mag_voorstellen,
)
from ..services import GelijktijdigGewijzigd, PlanningRij, ProjectGegevens

NAV = "planmonitor"


def _project_or_404(user, kader, code: str) -> Bouwproject:
    project = (
        Bouwproject.objects.visible_to(user)
        .select_related("kader", "hardheid", "eigenaar")
        .filter(kader=kader, projectcode=code)
        .first()
    )
    if project is None:
        raise Http404("Dit project bestaat niet.")
    return project


def _eigenaren(user, kader) -> list[Organisatie]:
    """The parties the user may register as a project's owner."""
    partijen = [
        p.organisatie
        for p in kader.partij_set.select_related("organisatie").order_by("volgorde")
        if p.organisatie.soort in (OrganisatieSoort.WONINGCORPORATIE, OrganisatieSoort.GEMEENTE)
    ]
    if has_capability(user, PLAN_BEHEREN, kader=kader):
        return partijen
    return [o for o in partijen if has_capability(user, PLAN_BEWERKEN, kader=kader, organisatie=o)]


def _gegevens(form: ProjectForm, kader) -> ProjectGegevens:
    d = form.cleaned_data
    eigenaar = Organisatie.objects.filter(pk=d["eigenaar"]).first() if d.get("eigenaar") else None
    return ProjectGegevens(
        projectcode=d["projectcode"],
        naam=d["naam"],
        kern=d["kern"],
        eigenaar_soort=d["eigenaar_soort"],
        eigenaar=eigenaar,
        eigenaar_naam=d.get("eigenaar_naam") or "",
        hardheid=Hardheid.objects.get(code=d["hardheid"]),
        fase=d["fase"],
        oplevering_jaar=d["oplevering_jaar"],
        oplevering_kwartaal=d.get("oplevering_kwartaal"),
        totaal=d["totaal"],
        **{s: d.get(s) or 0 for s in SEGMENTEN},
        instandhoudingstermijn=d.get("instandhoudingstermijn"),
        prijspeil=d.get("prijspeil"),
        eengezins=d.get("eengezins"),
        meergezins=d.get("meergezins"),
        nultreden=d.get("nultreden"),
        geclusterd=d.get("geclusterd"),
        flex=d.get("flex"),
        adres=d.get("adres") or "",
        breedtegraad=d.get("breedtegraad"),
        lengtegraad=d.get("lengtegraad"),
        vertrouwelijk=d.get("vertrouwelijk") or False,
        toelichting=d.get("toelichting") or "",
        knelpunten=list(d.get("knelpunten") or []),
    )


def _initial(project: Bouwproject) -> dict:
    g = ProjectGegevens.van_project(project)
    initial = {f: getattr(g, f) for f in ProjectForm.base_fields if hasattr(g, f)}
    initial.update(
        {
            "eigenaar": project.eigenaar_id,
            "hardheid": project.hardheid.code,
            "knelpunten": g.knelpunten,
            "versie": project.versie,
        }
    )
    return initial


@login_required
def project_nieuw(request: HttpRequest, kader: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    if not mag_plan_invoeren(request.user, kader_obj):
        raise PermissionDenied("U legt geen projecten vast in deze planmonitor.")
    eigenaren = _eigenaren(request.user, kader_obj)
    form = ProjectForm(
        request.POST or None,
        hardheden=selectors.hardheden(kader_obj),
        eigenaren=eigenaren,
        initial={"prijspeil": kader_obj.periode_van},
    )
    if request.method == "POST" and form.is_valid():
        project = None
        with bij_bezette_database(form) as poging:
            try:
                project = services.project_aanmaken(
                    kader=kader_obj, gegevens=_gegevens(form, kader_obj), acting_user=request.user
                )
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
        if poging.gelukt and project is not None:
            messages.success(request, f"Project {project.projectcode} is vastgelegd.")
            return redirect("planmonitor:project", kader_obj.slug, project.projectcode)
    return render(
        request,
        "planmonitor/project_form.html",
        {"kader": kader_obj, "nav_actief": NAV, "form": form, "project": None},
    )


@login_required
def project_bewerken(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    project = _project_or_404(request.user, kader_obj, code)
    if not mag_project_bewerken(request.user, project):
        raise PermissionDenied(
            "U mag dit project niet bewerken; u kunt wel een wijziging voorstellen."
        )
    form = ProjectForm(
        request.POST or None,
        hardheden=selectors.hardheden(kader_obj),
        eigenaren=_eigenaren(request.user, kader_obj),
        huidig_jaar=project.oplevering_jaar,
        initial=_initial(project),
    )
    huidige = None
    if request.method == "POST" and form.is_valid():
        opgeslagen = None
        with bij_bezette_database(form) as poging:
            try:
                opgeslagen = services.project_wijzigen(
                    project=project,
                    gegevens=_gegevens(form, kader_obj),
                    versie=form.cleaned_data.get("versie"),
                    vertraging_oorzaak=form.cleaned_data.get("vertraging_oorzaak") or "",
                    vertraging_remedie=form.cleaned_data.get("vertraging_remedie") or "",
                    acting_user=request.user,
                )
            except GelijktijdigGewijzigd as exc:
                form.add_error(None, exc.melding)
                huidige = exc.huidige
                # Saving again keeps the user's input: the form now carries the stored versie.
                form.data = form.data.copy()
                form.data["versie"] = str(huidige.versie)
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
        if poging.gelukt and opgeslagen is not None:
            messages.success(request, f"Project {opgeslagen.projectcode} is opgeslagen.")
            return redirect("planmonitor:project", kader_obj.slug, opgeslagen.projectcode)
    return render(
        request,
        "planmonitor/project_form.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "form": form,
            "project": project,
            "huidige": huidige,
        },
    )


@login_required
def project_verwijderen(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    project = _project_or_404(request.user, kader_obj, code)
    if not mag_project_bewerken(request.user, project):
        raise PermissionDenied("U mag dit project niet verwijderen.")
    if request.method == "POST" and request.POST.get("bevestigen") == "ja":
        services.project_verwijderen(project=project, acting_user=request.user)
        messages.success(request, f"Project {code} is verwijderd.")
        return redirect("planmonitor:projecten", kader_obj.slug)
    return render(
        request,
        "planmonitor/project_verwijderen.html",
        {"kader": kader_obj, "nav_actief": NAV, "project": project},
    )


@login_required
def project_planning(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    project = _project_or_404(request.user, kader_obj, code)
    if not mag_project_bewerken(request.user, project):
        raise PermissionDenied("U mag de planning van dit project niet wijzigen.")
    initial = [
        {"jaar": o.jaar, "status": o.status, **o.segmenten} for o in project.opleveringen.all()
    ]
    formset = PlanningFormSet(request.POST or None, initial=initial, prefix="rij")
    fout = ""
    opgeslagen = None
    if request.method == "POST" and formset.is_valid():
        rijen = [
            PlanningRij(
                f.cleaned_data["jaar"],
                f.cleaned_data["status"],
                {s: f.cleaned_data.get(s) or 0 for s in SEGMENTEN},
            )
            for f in formset
            if f.cleaned_data.get("jaar")
        ]
        try:
            services.planning_vastleggen(
                project=project,
                rijen=rijen,
                acting_user=request.user,
                versie=int(request.POST.get("versie") or project.versie),
            )
        except GelijktijdigGewijzigd as exc:
            fout = exc.melding
            # The stored planning beside the user's rows (which stay in the form); saving again
            # is based on the stored versie the page now carries.
            project = exc.huidige
            opgeslagen = list(project.opleveringen.all())
        except ValidationError as exc:
            fout = " ".join(exc.messages)
        else:
            messages.success(request, f"De planning per jaar van {code} is opgeslagen.")
            return redirect("planmonitor:project", kader_obj.slug, code)
    return render(
        request,
        "planmonitor/planning.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "project": project,
            "formset": formset,
            "fout": fout,
            "opgeslagen": opgeslagen,
            "segmenten": [(s, s.replace("_", " ")) for s in SEGMENTEN],
        },
    )


@login_required
def voorstel(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    project = _project_or_404(request.user, kader_obj, code)
    if not mag_voorstellen(request.user, project):
        raise PermissionDenied("U kunt bij dit project geen wijziging voorstellen.")
    initial = {
        **project.segmenten,
        "hardheid": project.hardheid.code,
        "fase": project.fase,
        "oplevering_jaar": project.oplevering_jaar,
        "totaal": project.totaal,
    }
    form = VoorstelForm(
        request.POST or None, hardheden=selectors.hardheden(kader_obj), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        wijzigingen = {k: d[k] for k in initial if d.get(k) is not None and d[k] != initial[k]}
        try:
            services.voorstel_indienen(
                project=project,
                wijzigingen=wijzigingen,
                toelichting=d["toelichting"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            fouten_op_formulier(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Uw voorstel is ingediend; de gemeente besluit erover.")
            return redirect("planmonitor:project", kader_obj.slug, code)
    return render(
        request,
        "planmonitor/voorstel.html",
        {"kader": kader_obj, "nav_actief": NAV, "project": project, "form": form},
    )


@login_required
@require_POST
def voorstel_besluiten(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    gevonden = (
        Wijzigingsvoorstel.objects.visible_to(request.user)
        .select_related("project", "project__kader")
        .filter(pk=pk, project__kader=kader_obj)
        .first()
    )
    if gevonden is None:
        raise Http404("Dit voorstel bestaat niet.")
    if not has_capability(request.user, PLAN_BEHEREN, kader=kader_obj):
        raise PermissionDenied("Alleen de gemeente besluit over een voorstel.")
    aanvaarden = request.POST.get("besluit") == "aanvaarden"
    try:
        services.voorstel_besluiten(
            voorstel=gevonden,
            aanvaarden=aanvaarden,
            toelichting=request.POST.get("toelichting", ""),
            acting_user=request.user,
        )
    except (ValidationError, GelijktijdigGewijzigd) as exc:
        tekst = exc.melding if isinstance(exc, GelijktijdigGewijzigd) else " ".join(exc.messages)
        messages.error(request, f"Het besluit is niet vastgelegd: {tekst}")
    else:
        messages.success(
            request,
            "Het voorstel is aanvaard en doorgevoerd."
            if aanvaarden
            else "Het voorstel is afgewezen.",
        )
    return redirect("planmonitor:project", kader_obj.slug, gevonden.project.projectcode)


@login_required
@require_POST
def reageren(request: HttpRequest, kader: str, code: str) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    project = _project_or_404(request.user, kader_obj, code)
    if not mag_voorstellen(request.user, project):
        raise PermissionDenied("U kunt bij dit project geen reactie plaatsen.")
    try:
        services.project_reactie_plaatsen(
            project=project, tekst=request.POST.get("tekst", ""), acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Uw reactie is geplaatst.")
    return redirect(reverse("planmonitor:project", args=[kader_obj.slug, code]) + "#reacties-kop")


# ---------------------------------------------------------------------------------------------
# Mutations


def _corporaties_voor(user, kader) -> list[Organisatie]:
    return [
        o
        for o in Organisatie.objects.filter(
            partij_set__kader=kader, soort=OrganisatieSoort.WONINGCORPORATIE
        ).order_by("partij_set__volgorde")
        if mag_mutatie_bewerken(user, kader, o)
    ]


def mutaties(request: HttpRequest, kader: str) -> HttpResponse:
    """The stock changes (parties only) and, for who may, the form to record one."""
    if request.method == "POST" and not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    kader_obj = visible_kader_or_404(request.user, kader)
    if not ziet_lopend(request.user, kader_obj):
        raise Http404("De mutaties zijn alleen voor de partijen zichtbaar.")
    corporaties = _corporaties_voor(request.user, kader_obj)
    if request.method == "POST" and not corporaties:
        raise PermissionDenied("U legt geen mutaties vast.")
    form = MutatieForm(request.POST or None, corporaties=corporaties) if corporaties else None
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.mutatie_opslaan(
                kader=kader_obj,
                corporatie=Organisatie.objects.get(pk=d["corporatie"]),
                jaar=d["jaar"],
                soort=d["soort"],
                segment=d["segment"],
                aantal=d["aantal"],
                status=d["status"],
                toelichting=d.get("toelichting") or "",
                acting_user=request.user,
            )
        except ValidationError as exc:
            fouten_op_formulier(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "De mutatie is vastgelegd.")
            return redirect("planmonitor:mutaties", kader_obj.slug)
    lijst = list(
        Voorraadmutatie.objects.visible_to(request.user)
        .filter(kader=kader_obj)
        .select_related("corporatie")
        .order_by("corporatie__korte_naam", "jaar", "soort", "status")
    )
    for m in lijst:
        m.kan_bewerken = mag_mutatie_bewerken(request.user, kader_obj, m.corporatie)  # type: ignore[attr-defined]
    return render(
        request,
        "planmonitor/mutaties.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "form": form,
            "mutaties": lijst,
            "lopend": True,
            "kan_invoeren": mag_plan_invoeren(request.user, kader_obj),
        },
    )


@login_required
@require_POST
def mutatie_verwijderen(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    mutatie = (
        Voorraadmutatie.objects.visible_to(request.user)
        .filter(kader=kader_obj, pk=pk)
        .select_related("corporatie", "kader")
        .first()
    )
    if mutatie is None:
        raise Http404("Deze mutatie bestaat niet.")
    if not mag_mutatie_bewerken(request.user, kader_obj, mutatie.corporatie):
        raise PermissionDenied("U mag deze mutatie niet verwijderen.")
    if request.POST.get("bevestigen") != "ja":
        messages.error(request, "De mutatie is niet verwijderd: bevestig het verwijderen.")
        return redirect("planmonitor:mutaties", kader_obj.slug)
    services.mutatie_verwijderen(mutatie=mutatie, acting_user=request.user)
    messages.success(request, "De mutatie is verwijderd.")
    return redirect("planmonitor:mutaties", kader_obj.slug)


# ---------------------------------------------------------------------------------------------
# Review rounds


def peilingen(request: HttpRequest, kader: str) -> HttpResponse:
    if request.method == "POST" and not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    kader_obj = visible_kader_or_404(request.user, kader)
    kan_beheren = has_capability(request.user, PLAN_BEHEREN, kader=kader_obj)
    if request.method == "POST" and not kan_beheren:
        raise PermissionDenied("Alleen de gemeente legt een peiling vast.")
    form = PeilingForm(request.POST or None) if kan_beheren else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            peiling = services.peiling_vastleggen(
                kader=kader_obj,
                naam=form.cleaned_data["naam"],
                peildatum=form.cleaned_data["peildatum"],
                toelichting=form.cleaned_data.get("toelichting") or "",
                acting_user=request.user,
            )
        except ValidationError as exc:
            fouten_op_formulier(form, exc)
        else:
            messages.success(
                request,
                f"Peiling {peiling.naam} is vastgelegd: de stand van elk project ligt nu vast.",
            )
            return redirect("planmonitor:peilingen", kader_obj.slug)
    lijst = list(selectors.peilingen(user=request.user, kader=kader_obj))
    vergelijk = VergelijkForm(request.GET or None, peilingen=lijst) if len(lijst) >= 2 else None
    verschillen = None
    oud = nieuw = None
    if vergelijk is not None and vergelijk.is_bound and vergelijk.is_valid():
        per_pk = {p.pk: p for p in lijst}
        oud, nieuw = per_pk[vergelijk.cleaned_data["oud"]], per_pk[vergelijk.cleaned_data["nieuw"]]
        if oud.peildatum > nieuw.peildatum:
            oud, nieuw = nieuw, oud
        verschillen = selectors.vergelijk_peilingen(
            oud, nieuw, openbaar=not ziet_lopend(request.user, kader_obj)
        )
    elif vergelijk is not None and not vergelijk.is_bound:
        vergelijk = VergelijkForm(
            peilingen=lijst, initial={"oud": lijst[1].pk, "nieuw": lijst[0].pk}
        )
    return render(
        request,
        "planmonitor/peilingen.html",
        {
            "kader": kader_obj,
            "nav_actief": NAV,
            "form": form,
            "peilingen": lijst,
            "kan_beheren": kan_beheren,
            "vergelijk": vergelijk,
            "verschillen": verschillen,
            "oud": oud,
            "nieuw": nieuw,
            "lopend": ziet_lopend(request.user, kader_obj),
            "kan_invoeren": mag_plan_invoeren(request.user, kader_obj),
        },
    )


@login_required
@require_POST
def peiling_publiceren(request: HttpRequest, kader: str, pk: int) -> HttpResponse:
    kader_obj = visible_kader_or_404(request.user, kader)
    peiling = Peiling.objects.visible_to(request.user).filter(kader=kader_obj, pk=pk).first()
    if peiling is None:
        raise Http404("Deze peiling bestaat niet.")
    if not has_capability(request.user, PLAN_BEHEREN, kader=kader_obj):
        raise PermissionDenied("Alleen de gemeente publiceert een peiling.")
    publiceren = request.POST.get("publiceren", "1") == "1"
    services.peiling_publiceren(peiling=peiling, publiceren=publiceren, acting_user=request.user)
    messages.success(
        request,
        f"Peiling {peiling.naam} is {'gepubliceerd: iedereen kan haar lezen' if publiceren else 'niet meer openbaar'}.",
    )
    return redirect("planmonitor:peilingen", kader_obj.slug)
