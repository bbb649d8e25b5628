"""Extractors: structured records with provenance, from a sectioned Report.

Importing this package registers every extractor in :data:`REGISTRY`, in the order
`reportmine ingest` runs them. Each writes one tidy table named after it.
"""

from reportmine.extract import (  # noqa: F401 - imported to register
    consistency,
    facts,
    key_questions,
    outcome_scores,
    proportions,
    ratings,
    recommendations,
)
from reportmine.extract.base import PROVENANCE_COLUMNS, REGISTRY, Extractor, Row

__all__ = ["PROVENANCE_COLUMNS", "REGISTRY", "Extractor", "Row", "extractors", "run_all"]

# The order tables are produced and documented in.
ORDER = (
    "ratings",
    "key_questions",
    "rating_consistency",
    "outcome_scores",
    "recommendations",
    "facts",
    "proportions",
)


def extractors() -> list[Extractor]:
    known = [REGISTRY[name] for name in ORDER if name in REGISTRY]
    return known + [e for name, e in REGISTRY.items() if name not in ORDER]


def run_all(report, names=None) -> dict[str, list[Row]]:
    """Run the named extractors (default: all) on one report: table name -> rows."""
    chosen = names or [e.name for e in extractors()]
    return {name: REGISTRY[name].run(report) for name in chosen}
