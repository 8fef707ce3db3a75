"""To be implemented."""

from .register import _todo

publicatie = _todo
