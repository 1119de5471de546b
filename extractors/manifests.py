"""manifests extractors (being built)."""

EXTRACTORS: tuple = ()
