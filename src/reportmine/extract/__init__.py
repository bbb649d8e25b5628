"""Extractors: structured records with provenance, from a sectioned Report."""
