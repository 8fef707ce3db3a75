"""Being written (lead): the norm overview."""

from django.http import Http404


def overzicht(request, kader):
    raise Http404
