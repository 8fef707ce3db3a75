"""The one error an import raises: Dutch messages naming file, line and (where known) column."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Fout:
    bestand: str
    tekst: str
    regel: int | None = None
    kolom: int | None = None

    def __str__(self) -> str:
        plaats = self.bestand
        if self.regel is not None:
            plaats += f", regel {self.regel}"
            if self.kolom is not None:
                plaats += f", kolom {self.kolom}"
        return f"{plaats}: {self.tekst}"


class ImportFout(Exception):
    """Raised for input that cannot be imported. Nothing has been written when it is raised."""

    def __init__(self, fouten: list[Fout] | Fout):
        self.fouten = [fouten] if isinstance(fouten, Fout) else list(fouten)
        super().__init__("\n".join(str(f) for f in self.fouten))

    @property
    def meldingen(self) -> list[str]:
        return [str(f) for f in self.fouten]
