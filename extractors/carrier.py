"""carrier extractors (being built)."""

EXTRACTORS: tuple = ()
