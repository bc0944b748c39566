"""Quotes, accepted quotes as requests, and invoices for clients outside social security."""
