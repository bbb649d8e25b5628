"""Theme frequencies across inspections: shares with Wilson intervals, rates per 1,000
sentences, and two-group tests with a Holm correction across themes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.stats import norm

from reportmine.research.corpus import Corpus

GROUPINGS = ("report", "provider_type", "year", "report_type", "provider")


def wilson(successes: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval for a proportion."""
    if total == 0:
        return (math.nan, math.nan)
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (max(0.0, centre - half), min(1.0, centre + half))


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """z statistic and two-sided p-value for p1 == p2 (pooled variance)."""
    if n1 == 0 or n2 == 0:
        return (math.nan, math.nan)
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return (0.0, 1.0)
    z = (x1 / n1 - x2 / n2) / se
    return (z, float(2 * norm.sf(abs(z))))


def holm(p_values: list[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values (NaNs stay NaN)."""
    indexed = [(p, i) for i, p in enumerate(p_values) if not math.isnan(p)]
    indexed.sort()
    adjusted = [math.nan] * len(p_values)
    running = 0.0
    m = len(indexed)
    for rank, (p, i) in enumerate(indexed):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = running
    return adjusted


def _group_column(corpus: Corpus, by: str) -> pd.Series:
    reports = corpus.reports.set_index("report_id")
    if by == "report":
        return reports.index.to_series()
    if by == "year":
        return reports["publication_date"].dt.year.astype("Int64").astype("string")
    if by in reports.columns:
        return reports[by].astype("string")
    raise ValueError(f"cannot group by '{by}': use report, year or a column of reports.csv")


def theme_frequencies(
    corpus: Corpus, by: str = "report", themes: list[str] | None = None
) -> pd.DataFrame:
    """One row per group and theme: paragraphs tagged, share (95% Wilson interval), mentions
    per 1,000 sentences; with exactly two groups, a two-proportion z test per theme and
    Holm-adjusted p-values across themes."""
    tagged = corpus.paragraph_themes
    groups = _group_column(corpus, by)
    counts = corpus.reports.set_index("report_id")[["paragraphs", "sentences"]].copy()
    counts["group"] = groups.reindex(counts.index)
    totals = counts.groupby("group")[["paragraphs", "sentences"]].sum()
    tagged = tagged.assign(group=tagged["report_id"].map(groups))
    all_themes = themes or sorted(tagged["theme"].unique())
    rows = []
    for group, total in totals.iterrows():
        in_group = tagged[tagged["group"] == group]
        for theme in all_themes:
            paragraphs = int(in_group.loc[in_group["theme"] == theme, "paragraph_id"].nunique())
            low, high = wilson(paragraphs, int(total["paragraphs"]))
            rows.append(
                {
                    "group_by": by,
                    "group": group,
                    "theme": theme,
                    "paragraphs_tagged": paragraphs,
                    "paragraphs_total": int(total["paragraphs"]),
                    "share": paragraphs / total["paragraphs"] if total["paragraphs"] else np.nan,
                    "share_ci_low": low,
                    "share_ci_high": high,
                    "per_1000_sentences": 1000 * paragraphs / total["sentences"]
                    if total["sentences"]
                    else np.nan,
                }
            )
    table = pd.DataFrame(rows)
    if len(totals) == 2:
        table = _two_group_tests(table, list(totals.index))
    return table


def _two_group_tests(table: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    first, second = groups
    tests = []
    for theme, rows in table.groupby("theme", sort=False):
        a = rows[rows["group"] == first].iloc[0]
        b = rows[rows["group"] == second].iloc[0]
        z, p = two_proportion_z(
            a["paragraphs_tagged"],
            a["paragraphs_total"],
            b["paragraphs_tagged"],
            b["paragraphs_total"],
        )
        tests.append({"theme": theme, "z": z, "p_value": p})
    tests_frame = pd.DataFrame(tests)
    tests_frame["p_holm"] = holm(tests_frame["p_value"].tolist())
    tests_frame["comparison"] = f"{first} vs {second}"
    return table.merge(tests_frame, on="theme", how="left")
