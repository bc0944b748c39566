"""The knowledge base: answers to consultations, published without personal data, searched full-text."""
