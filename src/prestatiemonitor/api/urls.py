"""Routes of the REST API, mounted under /api/ (version 1 under /api/v1/) (docs/api.md). Every route has lines in the
permission matrix (afspraken/tests/test_permission_matrix.py)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views
from .problemen import niet_gevonden

app_name = "api"

router = SimpleRouter()
router.register("kaders", views.KaderViewSet, basename="kader")
router.register("afspraken", views.AfspraakViewSet, basename="afspraak")
router.register("activiteiten", views.ActiviteitViewSet, basename="activiteit")
router.register("peilmomenten", views.PeilmomentViewSet, basename="peilmoment")
router.register("voortgang", views.VoortgangViewSet, basename="voortgang")
router.register("projecten", views.ProjectViewSet, basename="project")
router.register("besluiten", views.BesluitViewSet, basename="besluit")

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/", include(router.urls)),
    re_path(r"^.*$", niet_gevonden, name="niet-gevonden"),
]
