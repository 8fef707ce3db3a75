"""A post-processing hook for drf-spectacular: the committed schema must not depend on the
database the code runs against. Django gives integer fields the range of the connection's
backend (SQLite: 64 bits for every integer field; PostgreSQL: 16 bits for a small, 32 for a
normal integer field); those storage limits are left out of the schema (the API answers 400
for a value the database cannot hold). Ranges the code sets itself (jaar 1900–2200, 0 and up)
stay."""

OPSLAGGRENZEN = {
    -9223372036854775808,
    9223372036854775807,
    -2147483648,
    2147483647,
    -32768,
    32767,
}


def _gelijk(node):
    if isinstance(node, dict):
        if node.get("type") == "integer":
            for sleutel in ("minimum", "maximum"):
                if node.get(sleutel) in OPSLAGGRENZEN:
                    node.pop(sleutel)
            if node.get("format") == "int64":
                node.pop("format")
        for waarde in node.values():
            _gelijk(waarde)
    elif isinstance(node, list):
        for waarde in node:
            _gelijk(waarde)


def zelfde_op_elke_database(result, generator, request, public):
    _gelijk(result)
    return result
