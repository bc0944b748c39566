"""Celery wiring: the app, enqueue-after-commit, and the task wrapper. Knows no domain."""
