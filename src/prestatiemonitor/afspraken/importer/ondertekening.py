"""The Ondertekening (parties, signatories, date and place) and the appendix of convenanten."""

import re
from datetime import date

from .blocks import (
    ListBlock,
    Para,
)
from .document import (
    DocConvenant,
    DocOndertekenaar,
    DocPartij,
)
from .koppen import (
    _CONVENANT,
    _PARTIJ,
    _SIGNED,
    _SIGNED_PLACE_FIRST,
    _short,
)
from .staat import ParserStaat
from .text import (
    MAANDEN,
    clean,
    normalise,
)

_GROUP_PREFIX = re.compile(
    r"^(?:en\s+)?(?:de\s+)?(?:corporaties|woningcorporaties|gemeenten|huurdersorganisaties)\s+",
    re.IGNORECASE,
)


class OndertekeningSectie(ParserStaat):
    """Methods of the parser (see parser._Parser) for this part of the document."""

    def para_ondertekening(self, p: Para) -> None:
        signed = _SIGNED.search(p.text)
        signed_place_first = _SIGNED_PLACE_FIRST.search(p.text)
        if signed_place_first and not signed:
            place, day, month, year = signed_place_first.groups()
            signed = signed_place_first
        elif signed:
            day, month, year, place = signed.groups()
        if signed and month.lower() in MAANDEN:
            try:
                self.doc.ondertekend_op = date(int(year), MAANDEN[month.lower()], int(day))
            except ValueError:
                self.warn(p.line, f"ongeldige datum van ondertekening: '{signed.group(0)}'")
            self.doc.ondertekend_te = (place or "").strip()
        lines = p.inline.line_texts()
        lead = p.inline.leading_strong()
        if lead and len(lines) >= 2:
            self.add_signatory(p)
            return
        if self.doc.periode_van is None:
            self.find_period(p.text)
        self.add_text(p.text, p.line, "Ondertekening")

    def add_signatory(self, p: Para) -> None:
        lines = [x for x in p.inline.line_texts() if x]
        org = lines[0]
        last_spans = [s for s in p.inline.lines[-1] if s.text.strip()]
        functie = ""
        body = lines[1:]
        if last_spans and all(s.em for s in last_spans) and len(body) >= 2 or len(body) >= 2:
            functie = body.pop()
        namens = ""
        if len(body) >= 2:
            namens = " ".join(body[:-1])
            namens = re.sub(r"^namens\s+", "", namens, flags=re.IGNORECASE).strip(" ,")
        naam = body[-1] if body else ""
        if not naam:
            self.warn(p.line, f"ondertekening van '{org}' zonder naam van de ondertekenaar.")
        self.doc.ondertekenaars.append(
            DocOndertekenaar(
                organisatie_naam=org, naam=naam, functie=functie, namens=namens, regel=p.line
            )
        )

    def list_ondertekening(self, block: ListBlock) -> None:
        for item in block.items:
            lead = item.inline.leading_strong()
            match = _PARTIJ.match(item.text)
            if match:
                naam = lead or clean(match.group("naam"))
                aanduiding = clean(match.group("aanduiding")).strip(" '\"‘’“”")
                self.doc.partijen.append(
                    DocPartij(naam=naam, aanduiding=aanduiding, regel=item.line)
                )
            elif lead:
                self.doc.partijen.append(DocPartij(naam=lead, aanduiding=lead, regel=item.line))
            else:
                self.warn(item.line, f"partij niet herkend in de ondertekening: '{item.text}'")
        # the list stays in the text as well: "De ondergetekenden:" introduces it
        self.add_text(self.list_as_text(block), block.line, "Ondertekening")

    def list_convenanten(self, block: ListBlock) -> None:
        for item in block.items:
            text = item.text
            match = _CONVENANT.match(text)
            if not match:
                self.warn(item.line, f"convenant zonder herkenbaar jaartal: '{_short(text)}'")
                self.doc.convenanten.append(
                    DocConvenant(text.rstrip("."), None, None, [], item.line)
                )
                continue
            self.doc.convenanten.append(
                DocConvenant(
                    naam=clean(match.group("naam")),
                    jaar=int(match.group("jaar")),
                    jaar_tot=int(match.group("tot")) if match.group("tot") else None,
                    partijnamen=split_party_names(match.group("partijen")),
                    regel=item.line,
                )
            )


def split_party_names(text: str) -> list[str]:
    """'Gemeente Nijkerk, Vitens, CZ en WSN.' → ['Gemeente Nijkerk', 'Vitens', 'CZ', 'WSN']."""
    text = text.strip()
    if not text:
        return []
    if text.endswith(".") and not re.search(r"\b[A-Z]\.[A-Z]\.$", text):
        text = text[:-1]
    segments = [seg.strip() for seg in text.split(",")]
    parts: list[str] = []
    for index, segment in enumerate(segments):
        # ' en ' separates names at the end of an enumeration or where a new group starts
        # ('Soest en Woudenberg en de corporaties …'); elsewhere it is part of a name
        # ('Het Gooi en Omstreken', 'Stichting Jeugd- en Jongerenwerk').
        if index == len(segments) - 1 or re.search(r"\sen\s+de\s", segment):
            parts.extend(re.split(r"(?<!-)\s+en\s+(?=[A-Za-zÀ-ÿ])", segment))
        else:
            parts.append(segment)
    names = []
    for part in parts:
        part = _GROUP_PREFIX.sub("", part.strip()).strip(" ;:")
        if part.endswith(".") and not re.search(r"\b[A-Z]\.[A-Z]\.$", part):
            part = part[:-1].strip()
        if part and part.lower() not in ("en", "de"):
            names.append(part)
    return names


def infer_soort(naam: str) -> str:
    norm = normalise(naam)
    if norm.startswith("gemeente") or norm.startswith("college van"):
        return "gemeente"
    if "huurder" in norm or "bewonersraad" in norm or "bewonersorganisatie" in norm:
        return "huurdersorganisatie"
    if any(
        word in norm
        for word in (
            "woningstichting",
            "woningcorporatie",
            "woningbouw",
            "wonen",
            "woon",
            "alliantie",
            "portaal",
            "woningbeheer",
        )
    ):
        return "woningcorporatie"
    return ""
