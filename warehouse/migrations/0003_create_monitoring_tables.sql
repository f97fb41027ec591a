-- Monitoring (issue 9): topic watchlists, entities and their mentions, story clusters, and the
-- BM25 search index. Rows of the per-article tables are rewritten whenever the article is, so
-- they carry no primary keys (DuckDB checks those eagerly on delete-then-insert in one
-- transaction); warehouse/monitoring.py keeps them unique per article.

-- Configured topics as last matched: a changed query (by hash) triggers a rematch.
CREATE TABLE topics (
    name          VARCHAR PRIMARY KEY,
    query         VARCHAR NOT NULL,
    query_sha256  VARCHAR NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE topic_matches (
    topic          VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    matched_terms  VARCHAR[] NOT NULL,     -- the query's words and phrases found
    matched_at     TIMESTAMPTZ NOT NULL    -- first time this article matched this topic
);

CREATE TABLE entities (
    entity_id      VARCHAR PRIMARY KEY,    -- sha256 of kind and name
    name           VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,       -- person, organisation, place, other
    role           VARCHAR,                -- latest title seen in front of a person's name
    first_seen_at  TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE mentions (
    article_id      VARCHAR NOT NULL,
    entity_id       VARCHAR NOT NULL,
    count           INTEGER NOT NULL,
    first_position  INTEGER NOT NULL,      -- character offset in title + blank line + body
    role            VARCHAR,               -- the title this article gives the person
    aliases         VARCHAR[] NOT NULL     -- other spellings this article used
);

-- Copies of one story: cluster_id is the article_id of the cluster's first article.
CREATE TABLE story_clusters (
    article_id     VARCHAR NOT NULL,
    cluster_id     VARCHAR NOT NULL,
    similarity     DOUBLE NOT NULL,        -- estimated Jaccard with the closest member; 1 alone
    clustered_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE story_signatures (
    article_id  VARCHAR NOT NULL,
    minhash     BLOB NOT NULL              -- transform.shingles.SLOTS uint64s, native order
);

CREATE TABLE story_bands (
    band_key    BIGINT NOT NULL,           -- transform.shingles.band_keys: LSH buckets
    article_id  VARCHAR NOT NULL
);

CREATE TABLE search_documents (
    article_id  VARCHAR NOT NULL,
    length      INTEGER NOT NULL           -- weighted term count: BM25's document length
);

CREATE TABLE search_postings (
    term        VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    tf          INTEGER NOT NULL
);
