"""How often "wachtwoord vergeten" may send a mail: per e-mail address and per client address.

Counted in Django's cache (settings.CACHES; a file cache shared by the server's workers) over a
fixed window of WACHTWOORD_RESET_PERIODE seconds. The client address is the one django-axes
uses for the lock-out (django-ipware, behind DJANGO_PROXY_COUNT proxies), so the two agree.
"""

import hashlib
import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _sleutel(soort: str, waarde: str) -> str:
    digest = hashlib.sha256(waarde.strip().lower().encode()).hexdigest()
    return f"wachtwoord-reset:{soort}:{digest}"


def _tel(sleutel: str) -> int:
    """Add one to the counter and return it; the window starts with the first request."""
    periode = settings.WACHTWOORD_RESET_PERIODE
    if cache.add(sleutel, 1, timeout=periode):
        return 1
    try:
        return cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, timeout=periode)
        return 1


def toestaan(request, email: str) -> bool:
    """Count this request; False when the address or the client is over its limit."""
    ip = get_client_ip_address(request) or "onbekend"
    per_ip = _tel(_sleutel("ip", ip))
    per_adres = _tel(_sleutel("adres", email))
    if per_ip > settings.WACHTWOORD_RESET_PER_IP or per_adres > settings.WACHTWOORD_RESET_PER_ADRES:
        logger.warning("Wachtwoord vergeten: limiet bereikt (verzoek %d van dit IP-adres).", per_ip)
        return False
    return True
