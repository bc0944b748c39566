"""Wrappers around external tools: one module per tool, the only place that knows its command line."""
