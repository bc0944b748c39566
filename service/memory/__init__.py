"""Translation memory: every final segment by language pair, exact then fuzzy lookup, TMX in and out."""
