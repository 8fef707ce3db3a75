"""Bytes → text, refusing what is not a readable UTF-8 text document."""

import codecs

from .errors import Fout, ImportFout

MAX_BYTES = 5 * 1024 * 1024

_CONTROL = {c for c in range(0x20) if c not in (0x09, 0x0A, 0x0C, 0x0D)}

_SIGNATURES = {
    b"%PDF": "een PDF-bestand",
    b"PK\x03\x04": "een ZIP-bestand (bijvoorbeeld Word .docx of Excel .xlsx)",
    b"\xd0\xcf\x11\xe0": "een oud Office-bestand (.doc/.xls)",
    b"\x89PNG": "een PNG-afbeelding",
    b"\xff\xd8\xff": "een JPEG-afbeelding",
    b"GIF8": "een GIF-afbeelding",
    b"{\\rtf": "een RTF-bestand",
}


def _mb(size: int) -> str:
    from ..weergave import getal

    return getal(size / 1024 / 1024, 1)


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    # Column in characters, counting the valid UTF-8 before the offending byte.
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def read_document(data: bytes, *, bestandsnaam: str, max_bytes: int = MAX_BYTES) -> str:
    """Decode an uploaded document. Accepts UTF-8 (with or without BOM) and UTF-16 with BOM."""
    if not data or not data.strip():
        raise ImportFout(Fout(bestandsnaam, "het bestand is leeg."))
    if len(data) > max_bytes:
        raise ImportFout(
            Fout(
                bestandsnaam,
                f"het bestand is te groot ({_mb(len(data))} MB); het maximum is "
                f"{_mb(max_bytes)} MB.",
            )
        )
    for signature, soort in _SIGNATURES.items():
        if data.startswith(signature):
            raise ImportFout(
                Fout(
                    bestandsnaam,
                    f"dit is {soort}, geen tekstbestand. Lever het document aan als "
                    "Markdown- of tekstbestand (UTF-8).",
                )
            )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFout(Fout(bestandsnaam, f"ongeldige UTF-16-tekst ({exc.reason}).")) from exc
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        nul = data.find(b"\x00")
        if nul >= 0:
            line, _ = _line_col(data, nul)
            raise ImportFout(
                Fout(
                    bestandsnaam,
                    "dit is geen tekstbestand: het bevat binaire gegevens (een NUL-teken).",
                    regel=line,
                )
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _line_col(data, exc.start)
            byte = data[exc.start]
            hint = (
                " Het bestand is waarschijnlijk opgeslagen als Windows-1252/Latin-1;"
                " sla het op als UTF-8 en probeer het opnieuw."
                if byte >= 0x80
                else ""
            )
            raise ImportFout(
                Fout(
                    bestandsnaam,
                    f"het bestand is geen geldige UTF-8-tekst (byte 0x{byte:02X} kan hier "
                    f"niet staan).{hint}",
                    regel=line,
                    kolom=column,
                )
            ) from exc
    controls = [i for i, ch in enumerate(text) if ord(ch) in _CONTROL]
    if controls and len(controls) > max(3, len(text) // 1000):
        line = text.count("\n", 0, controls[0]) + 1
        raise ImportFout(
            Fout(
                bestandsnaam,
                "dit is geen tekstbestand: het bevat stuurtekens die in tekst niet voorkomen.",
                regel=line,
            )
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if controls:
        text = "".join(" " if ord(ch) in _CONTROL else ch for ch in text)
    return text
