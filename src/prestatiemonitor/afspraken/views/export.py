"""To be implemented."""

from .register import _todo

register_export = _todo
