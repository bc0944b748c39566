"""Data retention (GDPR, COG action E.10.1): personal data leaves once its keeping period is over."""
