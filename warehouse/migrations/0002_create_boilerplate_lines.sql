-- Per-source boilerplate memory: short lines and in how many of a source's articles they
-- appeared. Lines seen in most of a source's articles are removed from its text dumps.
CREATE TABLE boilerplate_lines (
    source         VARCHAR NOT NULL,
    line_hash      VARCHAR NOT NULL,   -- transform.memory.line_hash: case, spacing, digits folded
    text           VARCHAR NOT NULL,   -- the line as first seen
    seen           INTEGER NOT NULL,   -- articles of the source it appeared in
    first_seen_at  TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, line_hash)
);
