"""After the last block: title and period, checks that refuse the document, footnote anchors."""

import re

from .document import (
    DocAfspraak,
    DocPartij,
    DocVoetnoot,
)
from .errors import Fout, ImportFout
from .koppen import (
    _PERIOD,
    _SINGLE_YEAR,
)
from .ondertekening import infer_soort
from .staat import ParserStaat
from .text import (
    VOETNOOT_MARKER,
    clean,
    normalise,
)


class Afronding(ParserStaat):
    """Methods of the parser (see parser._Parser) for this part of the document."""

    def find_period(self, text: str) -> None:
        match = _PERIOD.search(text)
        if match:
            self.doc.periode_van, self.doc.periode_tot = int(match.group(1)), int(match.group(2))

    def finish(self) -> None:
        doc = self.doc
        bestand = doc.bestandsnaam
        title = " ".join(self.title_parts)
        self.find_period(title)
        if doc.periode_van is None:
            self.find_period(self.text[:3000])
        if doc.periode_van is None:
            single = _SINGLE_YEAR.search(title)
            if single:
                doc.periode_van = doc.periode_tot = int(single.group(1))
        head = self.title_parts[0] if self.title_parts else ""
        if head.isupper():
            small = {"in", "de", "het", "en", "van", "gemeente", "voor", "tot", "met"}
            words = head.lower().split()
            head = " ".join(
                w.capitalize() if i == 0 or w not in small else w for i, w in enumerate(words)
            )
        rest = " ".join(self.title_parts[1:])
        rest = _PERIOD.sub(lambda m: f"{m.group(1)}–{m.group(2)}", rest).replace("|", " ")
        title = _PERIOD.sub(lambda m: f"{m.group(1)}–{m.group(2)}", f"{head} {rest}")
        doc.titel = clean(title)[:300]
        inleiding = next(
            (t for t in doc.tekstblokken if normalise(t.titel) in ("inleiding", "voorwoord")), None
        )
        doc.inleiding = inleiding.tekst if inleiding else ""
        doc.tekstblokken = [t for t in doc.tekstblokken if t.tekst.strip()]
        for partij in doc.partijen:
            partij.soort = infer_soort(partij.naam)
        self.strip_footnote_refs()
        fouten: list[Fout] = []
        if not doc.themas or not doc.strategische_afspraken:
            fouten.append(
                Fout(
                    bestand,
                    "dit lijkt geen document met prestatieafspraken: er zijn "
                    + ("geen thema's" if not doc.themas else "geen genummerde afspraken")
                    + " gevonden (verwacht: koppen als '1. Thema' en een lijst onder "
                    "'Strategische afspraken' of 'Afspraken').",
                )
            )
            raise ImportFout(fouten)
        self.renumber_per_chapter()
        for thema in doc.themas:
            if not thema.titel:
                fouten.append(Fout(bestand, f"thema {thema.nummer} heeft geen titel.", thema.regel))
        seen_themas: dict[int, int | None] = {}
        for thema in doc.themas:
            if thema.nummer in seen_themas:
                fouten.append(
                    Fout(
                        bestand,
                        f"Thema {thema.nummer} komt twee keer voor: regel "
                        f"{seen_themas[thema.nummer]} en regel {thema.regel}.",
                        thema.regel,
                    )
                )
            seen_themas.setdefault(thema.nummer, thema.regel)
        seen: dict[tuple[str, str], int | None] = {}
        for afspraak in doc.afspraken:
            key = (afspraak.soort, afspraak.nummer)
            if key in seen:
                label = "Afspraak" if afspraak.soort == "strategisch" else "Systematiek-afspraak"
                fouten.append(
                    Fout(
                        bestand,
                        f"{label} {afspraak.nummer} komt twee keer voor: regel {seen[key]} en "
                        f"regel {afspraak.regel}.",
                        afspraak.regel,
                    )
                )
            else:
                seen[key] = afspraak.regel
        seen_tabellen: dict[str, int | None] = {}
        for tabel in doc.tabellen:
            if tabel.nummer in seen_tabellen:
                fouten.append(
                    Fout(
                        bestand,
                        f"Tabel {tabel.nummer} komt twee keer voor: regel "
                        f"{seen_tabellen[tabel.nummer]} en regel {tabel.regel}.",
                        tabel.regel,
                    )
                )
            seen_tabellen.setdefault(tabel.nummer, tabel.regel)
        if doc.periode_van is None:
            fouten.append(
                Fout(
                    bestand,
                    "geen looptijd gevonden (verwacht in de titel, bijvoorbeeld "
                    "'Prestatieafspraken 2025 - 2027').",
                    1,
                )
            )
        elif doc.periode_tot is not None and doc.periode_tot < doc.periode_van:
            fouten.append(
                Fout(
                    bestand,
                    f"de looptijd {doc.periode_van}-{doc.periode_tot} eindigt voor hij begint.",
                    1,
                )
            )
        if fouten:
            raise ImportFout(fouten)
        if not doc.partijen and doc.ondertekenaars:
            for o in doc.ondertekenaars:
                naam = re.sub(r"\s*\([^)]*\)\s*$", "", o.organisatie_naam)
                short = re.search(r"\(([^)]+)\)\s*$", o.organisatie_naam)
                doc.partijen.append(
                    DocPartij(naam, short.group(1) if short else naam, o.regel, infer_soort(naam))
                )
            self.warn(
                None, "geen lijst van partijen gevonden; partijen afgeleid van de ondertekenaars."
            )
        if not doc.partijen:
            self.warn(None, "geen partijen gevonden (ondertekening ontbreekt).")
        if doc.ondertekend_op is None:
            self.warn(None, "geen datum van ondertekening gevonden.", "info")
        for thema in doc.themas:
            if not thema.doel:
                self.warn(thema.regel, f"thema {thema.nummer} heeft geen doel.", "info")
        self.anchor_footnotes()

    def anchor_footnotes(self) -> None:
        """Each footnote annotates the records whose text holds its marker ('[^2]')."""
        doc = self.doc
        by_nummer: dict[str, DocVoetnoot] = {}
        for voetnoot in doc.voetnoten:
            by_nummer.setdefault(voetnoot.nummer, voetnoot)

        def markers(text: str) -> list[DocVoetnoot]:
            found = []
            for nummer in VOETNOOT_MARKER.findall(text or ""):
                voetnoot = by_nummer.get(nummer)
                if voetnoot is not None and voetnoot not in found:
                    found.append(voetnoot)
            return found

        for afspraak in doc.afspraken:
            for voetnoot in markers(afspraak.tekst):
                voetnoot.afspraken.append((afspraak.soort, afspraak.nummer))
        for thema in doc.themas:
            for volgorde, ambitie in enumerate(thema.ambities, start=1):
                for voetnoot in markers(ambitie.tekst):
                    voetnoot.ambities.append((thema.nummer, volgorde))
        for index, blok in enumerate(doc.tekstblokken, start=1):
            for voetnoot in markers(blok.tekst):
                voetnoot.tekstblokken.append(index)
        for voetnoot in doc.voetnoten:
            if not (
                voetnoot.afspraken
                or voetnoot.ambities
                or voetnoot.tekstblokken
                or voetnoot.tabellen
            ):
                self.warn(
                    voetnoot.regel,
                    f"voetnoot {voetnoot.nummer} hoort bij geen afspraak, ambitie, tabel of "
                    "tekstblok (de verwijzing staat in een tekst die niet apart wordt bewaard).",
                    "info",
                )

    def strip_footnote_refs(self) -> None:
        known = {v.nummer for v in self.doc.voetnoten}
        for ref in sorted(self.footnote_refs - known):
            self.warn(None, f"voetnootverwijzing {ref} zonder voetnoottekst.", "info")

    def renumber_per_chapter(self) -> None:
        """Numbering that restarts at 1 in every chapter becomes '<thema>.<n>'."""
        doc = self.doc
        strategisch = doc.strategische_afspraken
        numbers = [a.nummer for a in strategisch]
        if len(numbers) == len(set(numbers)):
            return
        per_thema: dict[int | None, list[DocAfspraak]] = {}
        for a in strategisch:
            if a.nummer.isdigit():
                per_thema.setdefault(a.thema_nummer, []).append(a)
        restarts = [
            [a.nummer for a in afspraken] == [str(i) for i in range(1, len(afspraken) + 1)]
            for afspraken in per_thema.values()
        ]
        if len(per_thema) > 1 and all(restarts) and None not in per_thema:
            for thema_nummer, afspraken in per_thema.items():
                for a in afspraken:
                    a.nummer = f"{thema_nummer}.{a.nummer}"
            self.warn(
                None,
                "de nummering van de afspraken begint in elk thema opnieuw bij 1; "
                "genummerd als <thema>.<nummer> (bijvoorbeeld 2.1).",
                "info",
            )
