"""Database infrastructure: declarative base, engines and sessions. Knows no domain."""
