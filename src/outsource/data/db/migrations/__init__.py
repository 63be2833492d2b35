"""Alembic migration environment of the application database (see docs/database.md)."""
