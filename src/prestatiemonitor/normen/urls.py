"""Routes of the norm overview, mounted under /afspraken/<kader>/normen/."""

from django.urls import path

from .views import overzicht

app_name = "normen"

urlpatterns = [
    path("", overzicht.overzicht, name="overzicht"),
]
