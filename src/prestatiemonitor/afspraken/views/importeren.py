"""To be implemented."""

from .register import _todo

upload = preview = verslag = _todo
