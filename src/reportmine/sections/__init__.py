"""Sections: split a normalised report into a tree of canonically-kinded sections."""

from reportmine.sections.kinds import ALL_KINDS, lexicon
from reportmine.sections.splitter import split_sections

__all__ = ["ALL_KINDS", "lexicon", "split_sections"]
