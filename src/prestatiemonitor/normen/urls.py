"""Routes of the norm overview, mounted under /afspraken/<kader>/normen/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from .views import overzicht

app_name = "normen"

urlpatterns = [
    path("", overzicht.overzicht, name="overzicht"),
    path(
        "afwijking/<int:pk>/intrekken/", overzicht.afwijking_intrekken, name="afwijking-intrekken"
    ),
]
