"""Segments of a request: machine-translation drafts (memory, MT, glossary) before revision."""
