"""Writing to a busy database.

On SQLite one writer at a time holds the lock; the others wait (``timeout`` in settings.py,
SQLITE_BUSY_TIMEOUT) and, when it does not come free in time, get
``OperationalError: database is locked``. Such a write must not become an HTTP 500 that loses
what the user typed: wrap the call to the service in ``bij_bezette_database`` and the form
comes back with a Dutch message and everything typed (the form is bound to request.POST).

    form = MijnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with bij_bezette_database(form) as poging:
            resultaat = services.iets_schrijven(...)
        if poging.gelukt:
            return redirect(...)
    return render(request, "...", {"form": form})

Without a form (a confirmation page), pass nothing and show ``poging.fout`` on the page.
The service's own transaction has been rolled back when the error arrives here; nothing was
written. PostgreSQL waits for row locks instead and never raises this error.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import OperationalError

logger = logging.getLogger(__name__)

DATABASE_BEZET = "De database is even bezet; probeer het opnieuw. Uw invoer is bewaard."


def is_database_bezet(exc: BaseException) -> bool:
    """SQLite's lock errors ("database is locked", "database table is locked")."""
    return isinstance(exc, OperationalError) and "is locked" in str(exc)


@dataclass
class Poging:
    gelukt: bool = False
    fout: str = ""


@contextmanager
def bij_bezette_database(form=None) -> Iterator[Poging]:
    """Turn a busy database into ``DATABASE_BEZET`` on top of ``form`` (if given) and in
    ``poging.fout``; ``poging.gelukt`` tells whether the block ran to the end. Every other
    error passes through unchanged."""
    poging = Poging()
    try:
        yield poging
    except OperationalError as exc:
        if not is_database_bezet(exc):
            raise
        logger.warning("Schrijven mislukt, database bezet: %s", exc)
        poging.fout = DATABASE_BEZET
        if form is not None:
            form.add_error(None, DATABASE_BEZET)
    else:
        poging.gelukt = True
