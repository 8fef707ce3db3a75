"""Template filters of the peilmoment pages."""

from django import template

from ..constants import AfspraakStand, VoortgangStatus

register = template.Library()


@register.filter
def status_label(status) -> str:
    """'aandacht_nodig' → 'aandacht nodig' (a voortgang status or a rolled-up stand)."""
    for keuzes in (VoortgangStatus, AfspraakStand):
        if status in keuzes.values:
            return str(keuzes(status).label)
    return str(status)


@register.inclusion_tag("jaarschijven/_reactie_formulier.html", takes_context=True)
def reactie_formulier(context, activiteit, peilmoment=None, suffix=""):
    """The form to react on ``activiteit`` (optionally at ``peilmoment``), only for whoever may
    place a reactie (``reactie.plaatsen``) on this kader; works on any page that has ``kader``
    and ``request`` in its context. A bound form in the context for this same activity (the
    reactie page after a refusal) is shown with its errors and input."""
    from ..peilmoment_forms import ReactieForm
    from ..views.peilmoment import reactie_organisaties

    request, kader = context.get("request"), context.get("kader")
    form = context.get("reactie_form")
    eigen = (
        isinstance(form, ReactieForm) and form.is_bound and context.get("activiteit") == activiteit
    )
    if not eigen:
        organisaties = reactie_organisaties(request, kader) if request and kader else []
        form = ReactieForm(organisaties=organisaties) if organisaties else None
    jaarschijf = context.get("jaarschijf")
    jaar = jaarschijf.jaar if jaarschijf is not None else activiteit.jaarschijf.jaar
    return {
        "reactie_form": form,
        "kader": kader,
        "request": request,
        "jaar": jaar,
        "activiteit": activiteit,
        "peilmoment": peilmoment or None,
        "suffix": suffix,
    }
