"""meta extractors (being built)."""

EXTRACTORS: tuple = ()
