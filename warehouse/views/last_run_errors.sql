-- What failed in the most recent run, with the fix each message names.
CREATE OR REPLACE VIEW last_run_errors AS
SELECT e.*
FROM ingest_errors AS e
WHERE e.run_id = (SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1)
ORDER BY e.occurred_at;
