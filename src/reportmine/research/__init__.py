"""Research interfaces: load the extracted tables, compare themes, query with SQL."""

from reportmine.research.corpus import RATING_ORDER, Corpus, load

__all__ = ["RATING_ORDER", "Corpus", "load"]
