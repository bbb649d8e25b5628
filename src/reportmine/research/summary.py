"""A one-screen summary of one report, from the extracted tables."""

from __future__ import annotations

import pandas as pd

from reportmine.research.corpus import Corpus


def _value(value: object, default: str = "-") -> str:
    return default if value is None or pd.isna(value) else str(value)


def summary_lines(
    corpus: Corpus, report_id: str, lowest: int = 5, top_themes: int = 6
) -> list[str]:
    report = corpus.reports.set_index("report_id").loc[report_id]
    lines = [
        f"[bold]{report['title']}[/bold]",
        f"{report_id} · {report['file']} · {_value(report['pages'])} pages",
    ]
    overall = report["overall_rating"]
    lines.append(f"Overall rating: {overall if isinstance(overall, str) else 'not stated'}")
    ratings = corpus.ratings[
        (corpus.ratings.report_id == report_id) & (corpus.ratings.level == "standard")
    ]
    if len(ratings):
        first = ratings.drop_duplicates("code").sort_values("code")
        cells = [f"{r.code} {_value(r.standard_name, '')}: {r.rating}" for r in first.itertuples()]
        lines += ["Standards:", *[f"  {c}" for c in cells]]
    questions = corpus.key_questions[corpus.key_questions.report_id == report_id]
    if len(questions):
        lines.append(f"Lowest key questions (of {len(questions)}):")
        for q in questions.sort_values("percent_yes").head(lowest).itertuples():
            flag = "  (suspect)" if pd.notna(q.suspect) and bool(q.suspect) else ""
            lines.append(f"  {q.code} {q.percent_yes}%  {q.question[:80]}{flag}")
    recs = corpus.recommendations[corpus.recommendations.report_id == report_id]
    if len(recs):
        lines.append(f"Recommendations: {len(recs)}")
        for organisation, count in (
            recs["organisation"].fillna("(not stated)").value_counts().items()
        ):
            lines.append(f"  {count:3d}  {organisation}")
    themes = corpus.paragraph_themes[corpus.paragraph_themes.report_id == report_id]
    if len(themes):
        total = report["paragraphs"]
        counts = themes.groupby("theme")["paragraph_id"].nunique().sort_values(ascending=False)
        lines.append("Top themes (share of paragraphs):")
        for theme, count in counts.head(top_themes).items():
            lines.append(f"  {theme:28s} {count:4d}  {count / total:.0%}")
    return lines
