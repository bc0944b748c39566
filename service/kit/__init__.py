"""Infrastructure helpers that know no domain."""
