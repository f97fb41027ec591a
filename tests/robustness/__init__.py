"""Bad input: a corpus of crafted files and responses, each run through the real pipeline."""
