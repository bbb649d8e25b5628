"""`rm.load("extracted/")`: every extracted table as a pandas DataFrame with proper dtypes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reportmine.extract import ORDER

# Worst to best, so that `ratings.rating < "Good"` reads as a researcher expects.
RATING_ORDER = ["Inadequate", "Requires improvement", "Good", "Outstanding"]
TABLES = ("reports", "sections", *ORDER, "paragraph_themes", "errors")
_LIST_COLUMNS = {"footnote_refs", "para_refs", "themes", "excluded_suspect"}
_BOOL_COLUMNS = {
    "conflict",
    "inferred",
    "sub_sample",
    "suspect",
    "consistent",
    "discretion",
    "number_printed",
}
_RATING_COLUMNS = {"rating", "overall_rating", "published_rating", "rule_rating", "standard_rating"}


@dataclass
class Corpus:
    """The tables of one `reportmine ingest` output folder."""

    path: Path
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(f"no table '{name}' in {self.__dict__.get('path')}")

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self.frames]

    @property
    def tables(self) -> list[str]:
        return list(self.frames)

    def text(self, report_id: str) -> str:
        """The normalised text every char_start/char_end points into."""
        return (self.path / "texts" / f"{report_id}.txt").read_text("utf-8")

    def source(self, row: pd.Series) -> str:
        """The exact text span a row was extracted from."""
        return self.text(row["report_id"])[int(row["char_start"]) : int(row["char_end"])]


def load(path: str | Path = "extracted") -> Corpus:
    path = Path(path)
    if not (path / "reports.csv").is_file():
        raise FileNotFoundError(f"{path}: no reports.csv; run `reportmine ingest` first")
    corpus = Corpus(path)
    for name in TABLES:
        csv_path = path / f"{name}.csv"
        if csv_path.is_file():
            corpus.frames[name] = _typed(
                pd.read_csv(csv_path, keep_default_na=False, na_values=[""])
            )
    return corpus


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if column in _RATING_COLUMNS:
            frame[column] = pd.Categorical(frame[column], categories=RATING_ORDER, ordered=True)
        elif column in _BOOL_COLUMNS:
            frame[column] = (
                frame[column]
                .map({"true": True, "false": False, True: True, False: False})
                .astype("boolean")
            )
        elif column in _LIST_COLUMNS:
            frame[column] = frame[column].map(lambda v: json.loads(v) if isinstance(v, str) else [])
        elif column == "publication_date":
            frame[column] = pd.to_datetime(
                frame[column].astype("string"), format="mixed", errors="coerce"
            )
        elif column in {
            "page",
            "page_start",
            "page_end",
            "pages",
            "number",
            "percent_yes",
            "level",
        }:
            try:  # "number" is 7 for a recommendation but "2.3" for a section
                frame[column] = pd.to_numeric(frame[column]).astype("Int64")
            except (ValueError, TypeError):
                frame[column] = frame[column].astype("string")
    return frame
