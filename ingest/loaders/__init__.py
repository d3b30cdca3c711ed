"""Format loaders: each turns one file into plain text; ``LoaderFactory`` picks by suffix."""

from ingest.loaders.loader_factory import LoaderFactory, SUPPORTED_SUFFIXES

__all__ = ["LoaderFactory", "SUPPORTED_SUFFIXES"]
