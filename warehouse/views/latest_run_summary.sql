-- The most recent run of each flow: status, timing, counts and how many errors it recorded.
CREATE OR REPLACE VIEW latest_run_summary AS
SELECT
    r.flow,
    r.run_id,
    r.flow_run_id,
    r.status,
    r.started_at,
    r.finished_at,
    date_diff('millisecond', r.started_at, r.finished_at) / 1000.0 AS seconds,
    r.documents_seen,
    r.inserted,
    r.updated,
    r.unchanged,
    r.failed,
    (SELECT count(*) FROM ingest_errors e WHERE e.run_id = r.run_id) AS errors,
    r.message
FROM runs AS r
QUALIFY row_number() OVER (PARTITION BY r.flow ORDER BY r.started_at DESC) = 1;
