"""The cleaner's version: bump it whenever cleaning output can change, so `reprocess` knows."""

CLEANER_VERSION = "2026.11.8"
