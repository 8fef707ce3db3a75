"""Writes for the register. The document import lives in importer/services.py."""

from .importer.services import (
    ImportPlan,
    import_apply,
    import_document,
    import_plan,
)
from .publicatie import kader_publish

__all__ = ["ImportPlan", "import_apply", "import_document", "import_plan", "kader_publish"]
