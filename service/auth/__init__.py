"""Authentication: passwords, bearer tokens, API keys, sign-in rate limiting."""
