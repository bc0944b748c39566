"""The document domain: text extraction of a request's original into pages and segments."""
