"""generic_json extractors (being built)."""

EXTRACTORS: tuple = ()
