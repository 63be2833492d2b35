"""Reports: documents rendered from the typed results of ``outsource.schemas``."""
