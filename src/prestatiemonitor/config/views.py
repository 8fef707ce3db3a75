"""Site-wide information pages (colofon, toegankelijkheidsverklaring)."""

from django.conf import settings
from django.views.generic import TemplateView


class InfoPagina(TemplateView):
    """A static page of the site; ``CONTACT_EMAIL`` (optional setting) is shown as the contact."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact_email"] = getattr(settings, "CONTACT_EMAIL", "")
        return context
