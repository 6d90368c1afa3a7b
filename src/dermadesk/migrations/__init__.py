"""Alembic migrations, shipped in the package so every install can upgrade its database."""
