"""Tests of the document domain: text extraction of originals."""
