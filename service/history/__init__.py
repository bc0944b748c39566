"""Import of the previous platform's request history (CSV) so indicators span past years."""
