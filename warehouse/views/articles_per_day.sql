-- Articles per publication day (first-seen day when undated) and source.
CREATE OR REPLACE VIEW articles_per_day AS
SELECT
    CAST(coalesce(published_at, first_seen_at) AS DATE) AS day,
    source,
    count(*) AS articles,
    sum(word_count) AS words
FROM articles
GROUP BY ALL
ORDER BY day DESC, source;
