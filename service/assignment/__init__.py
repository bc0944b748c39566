"""Routing drafted requests: job class from draft quality, in-house capacity, outsourcing, overrides."""
