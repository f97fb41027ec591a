-- Story signatures are MinHash over XXH3-64 shingle hashes since this version (blake2b
-- before, four times the cost): a signature or band key of one hash never matches the other's.
-- The old ones go; story clusters stay. Each load re-signs up to 5,000 clustered articles
-- without a signature from their stored text (warehouse.stories.resign_unsigned), so stored
-- articles become candidates again for the copies that come after them.
DELETE FROM story_bands;
DELETE FROM story_signatures;
