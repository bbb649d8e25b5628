from __future__ import annotations

import csv
import json
import subprocess
import sys
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


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the real `reportmine` command (as `python -m reportmine`)."""
    return subprocess.run(
        [sys.executable, "-m", "reportmine", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
