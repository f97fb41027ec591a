-- Per configured source: when it last loaded cleanly, its volume and errors over 7 days.
CREATE OR REPLACE VIEW source_health AS
WITH clean_runs AS (
    -- a source succeeded in a completed run unless that run recorded a source-level error for it
    SELECT s.name AS source, max(r.finished_at) AS last_success_at
    FROM sources AS s
    JOIN runs AS r ON r.status = 'completed' AND r.flow = 'ingest'
    WHERE NOT EXISTS (
        SELECT 1 FROM ingest_errors e
        WHERE e.run_id = r.run_id AND e.source = s.name AND e.stage = 'source'
    )
    GROUP BY s.name
),
docs AS (
    SELECT source, count(*) AS documents_7d
    FROM documents WHERE fetched_at >= now() - INTERVAL 7 DAY GROUP BY source
),
errs AS (
    SELECT source, count(*) AS errors_7d, max(occurred_at) AS last_error_at
    FROM ingest_errors WHERE occurred_at >= now() - INTERVAL 7 DAY GROUP BY source
),
arts AS (
    SELECT source, count(*) AS articles, round(avg(length(body)), 1) AS mean_body_length
    FROM articles GROUP BY source
)
SELECT
    s.name AS source,
    s.kind,
    c.last_success_at,
    coalesce(d.documents_7d, 0) AS documents_7d,
    coalesce(e.errors_7d, 0) AS errors_7d,
    e.last_error_at,
    coalesce(a.articles, 0) AS articles,
    a.mean_body_length
FROM sources AS s
LEFT JOIN clean_runs AS c ON c.source = s.name
LEFT JOIN docs AS d ON d.source = s.name
LEFT JOIN errs AS e ON e.source = s.name
LEFT JOIN arts AS a ON a.source = s.name
ORDER BY s.name;
