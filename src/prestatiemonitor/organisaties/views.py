from django.http import HttpResponse


def profiel(request):
    return HttpResponse("Nog niet gebouwd", status=501)
