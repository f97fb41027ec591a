-- The newest articles first, with their first lines, for a quick look.
CREATE OR REPLACE VIEW latest_articles AS
SELECT
    article_id,
    source,
    coalesce(published_at, first_seen_at) AS dated_at,
    title,
    url,
    word_count,
    left(body, 200) AS lead
FROM articles
ORDER BY dated_at DESC;
