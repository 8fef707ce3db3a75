"""Routes of the planmonitor, mounted under /afspraken/<kader>/planmonitor/.

Every route has a line in the permission matrix (afspraken/tests/test_permission_matrix.py).
"""

from django.urls import path

from .views import invoer, overzicht, uitwisseling, whatif

app_name = "planmonitor"

urlpatterns = [
    path("", overzicht.overzicht, name="overzicht"),
    path("cel/", overzicht.cel, name="cel"),
    path("projecten/", overzicht.projecten, name="projecten"),
    path("projecten/nieuw/", invoer.project_nieuw, name="project-nieuw"),
    path("project/<str:code>/", overzicht.project, name="project"),
    path("project/<str:code>/bewerken/", invoer.project_bewerken, name="project-bewerken"),
    path("project/<str:code>/planning/", invoer.project_planning, name="project-planning"),
    path("project/<str:code>/verwijderen/", invoer.project_verwijderen, name="project-verwijderen"),
    path("project/<str:code>/voorstel/", invoer.voorstel, name="voorstel"),
    path("project/<str:code>/reageren/", invoer.reageren, name="reageren"),
    path("voorstel/<int:pk>/besluiten/", invoer.voorstel_besluiten, name="voorstel-besluiten"),
    path("mutaties/", invoer.mutaties, name="mutaties"),
    path("mutatie/<int:pk>/verwijderen/", invoer.mutatie_verwijderen, name="mutatie-verwijderen"),
    path("peilingen/", invoer.peilingen, name="peilingen"),
    path("peiling/<int:pk>/publiceren/", invoer.peiling_publiceren, name="peiling-publiceren"),
    path("wat-als/", whatif.whatif, name="whatif"),
    path("importeren/", uitwisseling.importeren, name="importeren"),
    path("export/planmonitor.xlsx", uitwisseling.export, name="export"),
    path("export/prognose.xlsx", uitwisseling.export_prognose, name="export-prognose"),
    path("export/prognose.json", uitwisseling.export_prognose_json, name="export-prognose-json"),
]
