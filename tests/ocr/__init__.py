"""Tests of the text-extraction library (ocr/) and its command."""
