-- One row per story: its copies across sources, first and last seen, the first headline.
CREATE OR REPLACE VIEW stories AS
SELECT
    c.cluster_id,
    count(*) AS articles,
    count(DISTINCT a.source) AS sources,
    list(DISTINCT a.source ORDER BY a.source) AS source_names,
    min(coalesce(a.published_at, a.first_seen_at)) AS first_seen_at,
    max(coalesce(a.published_at, a.first_seen_at)) AS last_seen_at,
    arg_min(a.title, coalesce(a.published_at, a.first_seen_at)) AS title
FROM story_clusters AS c
JOIN articles AS a USING (article_id)
GROUP BY c.cluster_id
ORDER BY articles DESC, last_seen_at DESC;
