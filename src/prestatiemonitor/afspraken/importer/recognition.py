"""Recognising parties, the trekker, a year or deadline and begrippen in an afspraak text."""

import re
from dataclasses import dataclass, field

from .text import dehyphenate_term


@dataclass(frozen=True)
class PartyRef:
    """A party as the recogniser sees it: a key (e.g. organisation id or aanduiding), its kind
    and the names by which a text may mention it."""

    key: object
    soort: str
    names: tuple[str, ...]


UITVOEREND = "uitvoerend"
BETROKKEN = "betrokken"


@dataclass
class Herkenning:
    key: object
    herkenning: str  # genoemd | groep
    woord: str
    # uitvoerend: named (by name or as 'de woningcorporaties') as one who acts;
    # betrokken: included only through 'we', 'partijen', or named as 'worden betrokken'
    rol: str = UITVOEREND


_ALLE = ("gemeente", "woningcorporatie", "huurdersorganisatie")
# (pattern, kinds of party it names, whether it names them as acting)
_GROUP_WORDS = [
    (r"woningcorporaties|corporaties", ("woningcorporatie",), True),
    (r"huurdersorganisaties", ("huurdersorganisatie",), True),
    (r"partijen|betrokken partijen", _ALLE, False),
    (r"we|wij", _ALLE, False),
]

# "Woningcorporaties en huurdersorganisaties worden betrokken": named, but not acting
_PASSIVE_BETROKKEN = re.compile(
    r"^(?:\s*(?:,|en|of)\s+(?:de\s+)?[\w-]+)*\s+(?:worden|wordt)\s+"
    r"(?:hierbij\s+|daarbij\s+|ook\s+)?betrokken\b",
    re.IGNORECASE,
)


# a quoted title ("de 'Woonvisie gemeente Nijkerk 2024+'") names a document, not an actor
_QUOTED = re.compile(r"(?<!\w)['‘\"“][^'’\"”\n]{1,200}['’\"”](?!\w)")


def _acting(text: str, match: re.Match) -> bool:
    if any(q.start() < match.start() and match.end() < q.end() for q in _QUOTED.finditer(text)):
        return False
    return not _PASSIVE_BETROKKEN.match(text[match.end() :])


# "the gemeente" in "in de gemeente Nijkerk" is the place, not the party
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|van|binnen|uit|door)\s+de\s+)$", re.IGNORECASE)


def _name_pattern(name: str) -> re.Pattern:
    name = re.sub(r"^de\s+", "", name.strip(), flags=re.IGNORECASE)
    escaped = r"\s+".join(re.escape(part) for part in name.split())
    # short uppercase names (WSN, HON) are case-sensitive; others are not
    flags = 0 if name.isupper() and len(name) <= 6 else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:de\s+)?{escaped}(?![\w-])", flags)


def recognise_parties(text: str, parties: list[PartyRef]) -> list[Herkenning]:
    """The parties a text names, each with how (by name or through a group word) and its role:
    uitvoerend when it is named as one who acts (by its name or as 'de woningcorporaties'),
    betrokken when it is included only through 'we', 'wij', '(betrokken) partijen', or named
    as 'worden betrokken'."""
    found: dict[object, Herkenning] = {}
    for party in parties:
        for name in sorted(party.names, key=len, reverse=True):
            if not name:
                continue
            for match in _name_pattern(name).finditer(text):
                before = text[: match.start()]
                if re.match(r"de\s", match.group(0), re.IGNORECASE):
                    before += "de "
                if party.soort == "gemeente" and _PLACE_BEFORE.search(before):
                    continue
                rol = UITVOEREND if _acting(text, match) else BETROKKEN
                current = found.get(party.key)
                if current is None:
                    found[party.key] = Herkenning(party.key, "genoemd", match.group(0), rol)
                elif rol == UITVOEREND:
                    current.rol = UITVOEREND
                if rol == UITVOEREND:
                    break
            if party.key in found and found[party.key].rol == UITVOEREND:
                break  # otherwise the other names are tried ('WSN wordt betrokken. WSN bouwt')
    for pattern, soorten, names_actor in _GROUP_WORDS:
        matches = list(re.finditer(rf"(?<![\w-])({pattern})(?![\w-])", text, re.IGNORECASE))
        if not matches:
            continue
        acting = names_actor and any(_acting(text, m) for m in matches)
        rol = UITVOEREND if acting else BETROKKEN
        for party in parties:
            if party.soort not in soorten:
                continue
            current = found.get(party.key)
            if current is None:
                found[party.key] = Herkenning(party.key, "groep", matches[0].group(1), rol)
            elif rol == UITVOEREND and current.herkenning == "groep":
                current.rol = UITVOEREND
    order = {p.key: i for i, p in enumerate(parties)}
    return sorted(found.values(), key=lambda h: order[h.key])


_TREKKER_AFTER = (
    r"(?:is|wordt)\s+(?:de\s+)?trekker"
    r"|vervult\s+de\s+rol\s+van\s+trekker"
    r"|neemt\s+(?:hiervoor\s+|hiertoe\s+|daarvoor\s+)?het\s+initiatief"
    r"|is\s+(?:eind)?verantwoordelijk"
    r"|is\s+(?:hierbij\s+)?regievoerder"
    r"|heeft\s+de\s+regie"
    r"|draagt\s+(?:er\s+)?zorg\s+voor"
)


def recognise_trekker(text: str, parties: list[PartyRef]) -> tuple[object, str] | None:
    """The party the text names as trekker, with the phrase that says so."""
    best: tuple[int, object, str] | None = None
    for party in parties:
        for name in party.names:
            if not name:
                continue
            base = _name_pattern(name).pattern
            pattern = re.compile(rf"{base}\s+(?:{_TREKKER_AFTER})", re.IGNORECASE)
            match = pattern.search(text)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), party.key, match.group(0))
            named_after = re.search(rf"trekker\s*(?:is|:)\s*{base}", text, re.IGNORECASE)
            if named_after and (best is None or named_after.start() < best[0]):
                best = (named_after.start(), party.key, named_after.group(0))
    return (best[1], best[2]) if best else None


_YEAR = r"(20\d\d)"
_TERMIJN = re.compile(
    rf"\b((?:uiterlijk\s+)?(?:vóór|voor)\s+(?:(?:het\s+)?(?:eind|einde|begin|medio)\s+)?{_YEAR}"
    rf"|(?:uiterlijk\s+)?(?:eind|einde|begin|medio)\s+{_YEAR}"
    rf"|uiterlijk\s+(?:in\s+)?{_YEAR}"
    rf"|(?:per\s+1\s+januari|vanaf|in)\s+{_YEAR})\b",
    re.IGNORECASE,
)


_TERMIJN_KOLOM = re.compile(
    r"^(?:wanneer|planning|termijn|gereed|deadline)\s*:\s*((?:[a-zà-ÿ]+\s+){0,3}(20\d\d))\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def recognise_termijn(text: str) -> tuple[int, str] | None:
    """The year or deadline a text names: 'in 2025', 'voor eind 2026', or a 'Wanneer: 2026'
    line (from an afspraken table)."""
    column = _TERMIJN_KOLOM.search(text)
    if column:
        return int(column.group(2)), column.group(1)
    for match in _TERMIJN.finditer(text):
        if _negated(text, match):
            continue
        year = next(int(g) for g in match.groups()[1:] if g)
        return year, match.group(1)
    return None


_NEGATION = re.compile(r"\b(?:geen|niet|nooit)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")


def _negated(text: str, match: re.Match) -> bool:
    """Whether the sentence of a year says that something does *not* happen then ('brengen in
    2025 en 2026 geen BOD uit'): that year is not the afspraak's year."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, match.start())]
    start = starts[-1] if starts else 0
    end_match = _SENTENCE_END.search(text, match.end())
    end = end_match.start() if end_match else len(text)
    return bool(_NEGATION.search(text[start:end]))


# -- begrippen ---------------------------------------------------------------------------------


def _singular(word: str) -> str | None:
    if word.endswith("en") and len(word) > 5:
        stem = word[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
            stem = stem[:-1]
        if stem.endswith("v"):
            stem = stem[:-1] + "f"
        return stem
    if word.endswith("s") and len(word) > 5 and not word.endswith("ss"):
        return word[:-1]
    return None


def _plural(word: str) -> list[str]:
    if word.endswith(("en", "s")):
        return []
    if word.endswith("f"):
        return [word[:-1] + "ven"]
    if word[-1] in "aeiou":
        return [word + "s"]
    return [word + "en", word + "e"]


def zoektermen_for(term: str) -> list[str]:
    """Lower-case words by which a begrip is recognised in texts.

    'Harde en zachte plannen' → harde plannen, zachte plannen (+ singulars);
    'Soorten- management- plannen' → soortenmanagementplannen; 'Zorg(vormen)' → zorgvormen;
    'Middenhuur woningen' → middenhuurwoningen, middenhuur woningen, middenhuur.
    """
    base = dehyphenate_term(term).lower().strip()
    variants: list[str] = []
    base = re.sub(r"(\w+)\((\w+)\)", r"\1\2", base)
    and_match = re.match(r"^(\w+)\s+en\s+(\w+)\s+(\w+)$", base)
    phrases = (
        [f"{and_match.group(1)} {and_match.group(3)}", f"{and_match.group(2)} {and_match.group(3)}"]
        if and_match
        else [base]
    )
    for phrase in phrases:
        variants.append(phrase)
        words = phrase.split()
        last = words[-1]
        singular = _singular(last)
        if singular:
            variants.append(" ".join([*words[:-1], singular]))
        for plural in _plural(last):
            variants.append(" ".join([*words[:-1], plural]))
        if len(words) == 2 and words[1] in ("woningen", "woning") and not words[0].endswith("e"):
            variants += [words[0] + "woningen", words[0] + "woning"]
            if len(words[0]) >= 6:
                variants.append(words[0])
    seen: list[str] = []
    for v in variants:
        if v and v not in seen:
            seen.append(v)
    return seen


@dataclass
class BegripMatcher:
    terms: dict[object, list[str]] = field(default_factory=dict)

    def add(self, key: object, zoektermen: list[str]) -> None:
        self.terms[key] = zoektermen

    def find(self, text: str) -> list[object]:
        lowered = text.lower()
        keys = []
        for key, words in self.terms.items():
            for word in words:
                pattern = r"\s+".join(re.escape(w) for w in word.split())
                if re.search(rf"(?<![\w-]){pattern}(?![\w-])", lowered):
                    keys.append(key)
                    break
        return keys
