"""newsmon's public surface for plugin authors: the connector contract and the test kit."""

from connectors.base import (
    ConfigError,
    Connector,
    ContentError,
    DocumentError,
    FetchError,
    FetchFailure,
    NewsmonError,
    RawDocument,
    SourceError,
    SourceState,
)

__all__ = [
    "ConfigError",
    "Connector",
    "ContentError",
    "DocumentError",
    "FetchError",
    "FetchFailure",
    "NewsmonError",
    "RawDocument",
    "SourceError",
    "SourceState",
]
