from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"
OFSTED = ROOT.parent / "shared" / "pdfs" / "ofsted-send"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def corpus_reports():
    """Every shipped corpus report, read once per test session."""
    from reportmine import read_report

    return {path.stem: read_report(path) for path in CORPUS_FILES}


def load_gold(name: str) -> dict:
    return json.loads((GOLD / name).read_text("utf-8"))
