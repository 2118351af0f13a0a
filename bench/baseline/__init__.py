"""A template-only Django site with no database: the benchmark's baseline."""
