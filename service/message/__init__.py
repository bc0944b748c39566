"""Threads of messages: between a caisse and the staff on a request, between a partner and an expert."""
