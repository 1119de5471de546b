"""discord extractors (being built)."""

EXTRACTORS: tuple = ()
