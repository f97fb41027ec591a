-- Per entity: mentions, articles and distinct stories naming it (copies of a story count once).
CREATE OR REPLACE VIEW entity_counts AS
SELECT
    e.entity_id,
    e.name,
    e.kind,
    e.role,
    sum(m.count) AS mentions,
    count(DISTINCT m.article_id) AS articles,
    count(DISTINCT coalesce(c.cluster_id, m.article_id)) AS stories
FROM entities AS e
JOIN mentions AS m USING (entity_id)
LEFT JOIN story_clusters AS c USING (article_id)
GROUP BY ALL
ORDER BY stories DESC, mentions DESC, e.name;
