-- The core tables of ARCHITECTURE.md; column names are the public contract for users' SQL.
CREATE TABLE sources (
    name        VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,
    config      JSON NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE documents (
    document_id     VARCHAR PRIMARY KEY,   -- sha256 of source, uri and content
    source          VARCHAR NOT NULL,
    uri             VARCHAR NOT NULL,
    fetched_at      TIMESTAMPTZ NOT NULL,
    media_type      VARCHAR NOT NULL,
    content         BLOB NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    hints           JSON,
    run_id          VARCHAR
);

CREATE TABLE articles (
    article_id       VARCHAR PRIMARY KEY,  -- sha256 of source and canonical uri
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

CREATE TABLE paragraphs (
    article_id  VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,
    text        VARCHAR NOT NULL,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE removed_blocks (
    article_id  VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    reason      VARCHAR NOT NULL,
    text        VARCHAR NOT NULL,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE runs (
    run_id          VARCHAR PRIMARY KEY,
    flow_run_id     VARCHAR,
    flow            VARCHAR NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    status          VARCHAR NOT NULL,      -- running, completed, failed
    documents_seen  INTEGER NOT NULL DEFAULT 0,
    inserted        INTEGER NOT NULL DEFAULT 0,
    updated         INTEGER NOT NULL DEFAULT 0,
    unchanged       INTEGER NOT NULL DEFAULT 0,
    failed          INTEGER NOT NULL DEFAULT 0,
    counts          JSON,
    message         VARCHAR
);

CREATE TABLE ingest_errors (
    run_id      VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    uri         VARCHAR,
    stage       VARCHAR NOT NULL,              -- config, fetch, parse, clean, load
    error       VARCHAR NOT NULL,              -- exception class
    detail      VARCHAR NOT NULL,              -- the message, naming the fix
    occurred_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE source_state (
    source      VARCHAR PRIMARY KEY,
    cursor      JSON NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

