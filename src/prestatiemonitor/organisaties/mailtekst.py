"""Free text (names typed by a beheerder or an administrator) made safe for a mail.

A name ends up in the subject and body of an invitation. It must not add header lines or
paragraphs (line breaks, control and direction characters), and it must not become a link a
mail program shows as clickable ("Klik op www.phishing.example"). ``mailveilig`` removes web
and e-mail addresses, turns every run of white space and control characters into one space and
cuts the result to a length that fits a name. ``naam_fout`` is the form's refusal of such a
name in the first place.
"""

import re
import unicodedata

# Web addresses (with a scheme, or starting with www.), e-mail addresses, and bare domain names
# such as "phishing.example/login" (two letters or more after the last dot; "J.P." is a name).
_URL = re.compile(
    r"""(
        [a-z][a-z0-9+.-]*://\S*          # scheme://…
      | www\.\S*                         # www.…
      | \S+@\S+                          # e-mail address
      | (?<![\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/:?#]\S*)?(?![\w.])  # domain.tld/…
    )""",
    re.IGNORECASE | re.VERBOSE,
)

MAX_NAAM = 100


def _zonder_stuurtekens(tekst: str) -> str:
    """Control (Cc), format (Cf: direction overrides, zero-width) and separator characters other
    than a plain space become a space."""
    return "".join(
        " " if unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} or c.isspace() else c
        for c in tekst
    )


def bevat_adres(tekst: str) -> bool:
    return bool(_URL.search(tekst))


def mailveilig(tekst: object, max_lengte: int = MAX_NAAM) -> str:
    """``tekst`` on one line, without addresses, at most ``max_lengte`` characters."""
    tekst = _zonder_stuurtekens(str(tekst or ""))
    tekst = _URL.sub(" ", tekst)
    tekst = " ".join(tekst.split())
    if len(tekst) > max_lengte:
        tekst = tekst[: max_lengte - 1].rstrip() + "…"
    return tekst


def naam_fout(tekst: str) -> str | None:
    """Why ``tekst`` cannot be a person's name, or None."""
    if any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} for c in tekst):
        return "Een naam mag geen regelovergangen of stuurtekens bevatten."
    if bevat_adres(tekst):
        return "Een naam mag geen webadres of e-mailadres bevatten."
    return None
