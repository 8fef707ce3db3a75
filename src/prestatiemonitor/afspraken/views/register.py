"""To be implemented."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("Nog niet gebouwd", status=501)


home = kader = thema = afspraken = afspraak = systematiek = zoeken = _todo
begrippen = begrip = convenanten = partijen = tabel = bijstellingen = _todo
