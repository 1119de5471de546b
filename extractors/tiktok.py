"""tiktok extractors (being built)."""

EXTRACTORS: tuple = ()
