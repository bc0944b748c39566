"""Personal data: the access log of every read of a document's content, and data-subject rights (GDPR)."""
