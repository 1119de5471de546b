"""generic_table extractors (being built)."""

EXTRACTORS: tuple = ()
