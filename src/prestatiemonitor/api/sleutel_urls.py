"""The API keys page of an organisation, mounted under /account/ beside its members pages."""

from django.urls import path

from . import sleutelviews

urlpatterns = [
    path("organisaties/<slug:slug>/api-sleutels/", sleutelviews.sleutels, name="api-sleutels"),
    path(
        "organisaties/<slug:slug>/api-sleutels/<int:pk>/intrekken/",
        sleutelviews.intrekken,
        name="api-sleutel-intrekken",
    ),
]
