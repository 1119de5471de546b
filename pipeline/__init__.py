"""returns: ingest, preserve and analyse what service providers send back to investigators."""

__version__ = "0.1.0"
