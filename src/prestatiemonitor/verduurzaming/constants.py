"""Energy label classes (NTA 8800, since 2021) as codes with an ordering: 1 = A+++++ … 12 = G.

A dwelling without a label stores NULL. The order makes "E, F or G" one range
(``energielabel__gte=Energielabel.E``) and lets an index on the label serve every count.
"""

from django.db import models


class Energielabel(models.IntegerChoices):
    A5 = 1, "A+++++"
    A4 = 2, "A++++"
    A3 = 3, "A+++"
    A2 = 4, "A++"
    A1 = 5, "A+"
    A = 6, "A"
    B = 7, "B"
    C = 8, "C"
    D = 9, "D"
    E = 10, "E"
    F = 11, "F"
    G = 12, "G"


# "A++++" -> 2, by the label as written (upper case, no spaces).
LABEL_CODE = {str(label): int(code) for code, label in Energielabel.choices}
LABEL_TEKST = {int(code): str(label) for code, label in Energielabel.choices}
EFG = (Energielabel.E, Energielabel.F, Energielabel.G)

# A label is valid 10 years (DOMAIN.md, "Energy labels").
LABEL_GELDIG_JAREN = 10
