"""google extractors (being built)."""

EXTRACTORS: tuple = ()
