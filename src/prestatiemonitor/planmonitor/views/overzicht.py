"""Being written (lead): the planmonitor pages."""

from django.http import Http404


def overzicht(request, kader):
    raise Http404


cel = projecten = overzicht


def project(request, kader, code):
    raise Http404
