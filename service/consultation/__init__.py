"""Consultations: a partner asks the body's experts about a foreign document, without asking a translation."""
