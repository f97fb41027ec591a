"""Golden-file comparison for our own tests: the same helper plugin authors get."""

from newsmon.testing import assert_matches_golden

__all__ = ["assert_matches_golden"]
