"""The warehouse's exception tree; every message says what the user should do next.

WarehouseError
├── WarehouseLocked     another process holds the DuckDB file past the configured wait
├── WarehouseMissing    no database file yet (nothing has been loaded)
├── MigrationError      a numbered migration failed; the file is left at the last good one
└── QueryError          a user's SQL failed or tried to write
"""

from __future__ import annotations


class WarehouseError(Exception):
    """Root of the warehouse's errors."""


class WarehouseLocked(WarehouseError):
    """The DuckDB file stayed locked by another process for longer than we were allowed to wait."""


class WarehouseMissing(WarehouseError):
    """The warehouse file does not exist yet."""


class MigrationError(WarehouseError):
    """A schema migration could not be applied."""


class QueryError(WarehouseError):
    """A query was refused or failed."""
