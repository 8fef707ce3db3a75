"""Prestatiemonitor: prestatieafspraken van gemeente, corporaties en huurdersorganisaties."""

__version__ = "0.1.0"
