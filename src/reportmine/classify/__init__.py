"""Classifiers: recurring themes tagged on paragraphs and recommendations."""
