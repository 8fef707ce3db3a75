from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def get_item(mapping, sleutel):
    """mapping[sleutel] in a template (None when absent)."""
    try:
        return mapping.get(sleutel)
    except AttributeError:
        return None


@register.filter
def urlencode_dict(query) -> str:
    return urlencode(query or {})


@register.filter
def segmentlabel(waarde: str) -> str:
    return str(waarde).replace("_", " ")


@register.filter
def segmenten_tekst(segmenten) -> str:
    """{"sociale_huur": 80, "middenhuur": 6} → "80 sociale huur, 6 middenhuur" (zeros left out)."""
    from prestatiemonitor.afspraken import weergave

    delen = [f"{weergave.getal(a)} {s.replace('_', ' ')}" for s, a in segmenten.items() if a]
    return ", ".join(delen) or "geen woningen"
