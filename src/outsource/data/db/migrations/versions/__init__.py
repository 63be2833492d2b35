"""One revision per area; each names its parent in ``down_revision``."""
