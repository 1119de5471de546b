"""snapchat extractors (being built)."""

EXTRACTORS: tuple = ()
