"""Vendors, contract rates, and the outsourced-job lifecycle (package, return, service done, invoice)."""
