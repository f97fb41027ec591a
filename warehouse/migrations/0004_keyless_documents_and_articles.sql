-- Rebuild `documents` and `articles` without their PRIMARY KEY indexes (same columns, same
-- rows). Measured with DuckDB 1.5.5: on a table with an index, every checkpoint rewrites the
-- table's open row group (up to 122,880 rows), so with raw pages of ~65 KB a checkpoint after
-- 500 new documents took 2.3 s at 20,000 rows and 21 s at 100,000, and needed memory for the
-- whole group (6 GB at 100,000); without the index it stays under 1 s. The loader already keeps
-- both unique inside its write transaction: documents by an anti-join on document_id, articles
-- by deleting the changed ids before inserting (warehouse/load.py); one writer holds the file.
CREATE TABLE documents_keyless (
    document_id     VARCHAR NOT NULL,      -- sha256 of source, uri and content; unique
    source          VARCHAR NOT NULL,
    uri             VARCHAR NOT NULL,
    fetched_at      TIMESTAMPTZ NOT NULL,
    media_type      VARCHAR NOT NULL,
    content         BLOB NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    hints           JSON,
    run_id          VARCHAR
);
INSERT INTO documents_keyless SELECT * FROM documents;
DROP TABLE documents;
ALTER TABLE documents_keyless RENAME TO documents;

CREATE TABLE articles_keyless (
    article_id       VARCHAR NOT NULL,     -- sha256 of source and canonical uri; unique
    source           VARCHAR NOT NULL,
    url              VARCHAR,
    canonical_url    VARCHAR,
    title            VARCHAR,
    byline           VARCHAR,
    published_at     TIMESTAMPTZ,
    language         VARCHAR,
    body             VARCHAR NOT NULL,
    word_count       INTEGER NOT NULL,
    content_sha256   VARCHAR NOT NULL,     -- sha256 of the cleaned article: change detection
    cleaner_version  VARCHAR NOT NULL,
    extractor        VARCHAR NOT NULL,
    top_image        VARCHAR,
    provenance       JSON,
    document_id      VARCHAR NOT NULL,
    first_seen_at    TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
INSERT INTO articles_keyless SELECT * FROM articles;
DROP TABLE articles;
ALTER TABLE articles_keyless RENAME TO articles;
