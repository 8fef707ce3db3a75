from django.contrib import admin
from django.urls import include, path

from prestatiemonitor.afspraken.views import register
from prestatiemonitor.config.views import InfoPagina
from prestatiemonitor.organisaties import views as account_views

admin.site.site_header = "Prestatiemonitor – beheer"
admin.site.site_title = "Prestatiemonitor"
admin.site.index_title = "Sitebeheer"

urlpatterns = [
    path("", register.home, name="home"),
    path("colofon/", InfoPagina.as_view(template_name="colofon.html"), name="colofon"),
    path(
        "toegankelijkheid/",
        InfoPagina.as_view(template_name="toegankelijkheid.html"),
        name="toegankelijkheid",
    ),
    path("account/", include("prestatiemonitor.organisaties.urls")),
    path("account/", include("prestatiemonitor.api.sleutel_urls")),
    path("account/", include("django.contrib.auth.urls")),
    path("account/profiel/", account_views.profiel, name="profiel"),
    path("beheer/", admin.site.urls),
    path("afspraken/", include("prestatiemonitor.afspraken.urls")),
    path("afspraken/<slug:kader>/", include("prestatiemonitor.jaarschijven.urls")),
    path("afspraken/<slug:kader>/planmonitor/", include("prestatiemonitor.planmonitor.urls")),
    path("afspraken/<slug:kader>/normen/", include("prestatiemonitor.normen.urls")),
    path("afspraken/<slug:kader>/beschikbaarheid/", include("prestatiemonitor.woonruimte.urls")),
    path("afspraken/<slug:kader>/verduurzaming/", include("prestatiemonitor.verduurzaming.urls")),
    path("afspraken/<slug:kader>/overleg/", include("prestatiemonitor.overleg.urls")),
    path("afspraken/<slug:kader>/rapportage/", include("prestatiemonitor.rapportage.urls")),
    path("afspraken/<slug:kader>/monitor/", include("prestatiemonitor.rapportage.monitor_urls")),
    path("agenda/", include("prestatiemonitor.overleg.agenda_urls")),
    path("api/", include("prestatiemonitor.api.urls")),
]
