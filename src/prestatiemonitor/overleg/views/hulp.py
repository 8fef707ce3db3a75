"""Shared by the overleg views: run a service call for a form."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

from prestatiemonitor.config.db import bij_bezette_database


def fouten_op_form(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: at its field when the form has it."""
    if hasattr(exc, "error_dict"):
        for veld, fouten in exc.message_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, exc.messages)


def schrijven(form, actie: Callable[[], object]) -> object | None:
    """Call ``actie`` (a service call); its ValidationError or a busy database lands on the
    form (everything typed stays). Returns the service's result, or None when nothing was
    written."""
    resultaat = None
    with bij_bezette_database(form):
        try:
            resultaat = actie()
        except ValidationError as exc:
            fouten_op_form(form, exc)
            return None
    return resultaat
