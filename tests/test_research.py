"""Researcher interfaces on the shipped corpus: load, compare, query, show."""

from __future__ import annotations

import json
import subprocess

import pandas as pd
import pytest

from conftest import CORPUS, run_cli
from reportmine.research import RATING_ORDER, load
from reportmine.research.compare import holm, theme_frequencies, two_proportion_z, wilson
from reportmine.research.sql import query


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("extracted")
    proc = run_cli("ingest", str(CORPUS), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_load_gives_typed_frames(extracted):
    corpus = load(extracted)
    assert {
        "reports",
        "ratings",
        "key_questions",
        "recommendations",
        "proportions",
        "paragraph_themes",
    } <= set(corpus.tables)
    assert isinstance(corpus.ratings["rating"].dtype, pd.CategoricalDtype)
    assert list(corpus.ratings["rating"].cat.categories) == RATING_ORDER
    below_good = corpus.ratings[
        (corpus.ratings.level == "standard") & (corpus.ratings.rating < "Good")
    ]
    assert set(below_good["rating"]) == {"Requires improvement"}
    assert pd.api.types.is_datetime64_any_dtype(corpus.reports["publication_date"])
    london = corpus.reports[corpus.reports.report_id.str.startswith("2019-nps-london")].iloc[0]
    assert (london.publication_date.year, london.publication_date.month) == (2019, 5)
    recs = corpus.recommendations
    assert recs["number"].dtype == "Int64" and isinstance(recs["para_refs"].iloc[0], list)
    row = corpus.key_questions.iloc[0]
    assert corpus.source(row) == row["source_text"]


def test_statistics_helpers():
    low, high = wilson(10, 100)
    assert round(low, 4) == 0.0552 and round(high, 4) == 0.1744
    z, p = two_proportion_z(30, 100, 10, 100)
    assert round(z, 2) == 3.54 and p < 0.001
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


def test_compare_2019_against_2014_on_victim_work_and_facilities(extracted):
    corpus = load(extracted)
    table = theme_frequencies(corpus, by="year", themes=["victim_work", "facilities"])
    assert set(table["group"]) == {"2014", "2019"}
    assert {"share_ci_low", "share_ci_high", "per_1000_sentences", "p_value", "p_holm"} <= set(
        table.columns
    )
    facilities = table[table.theme == "facilities"].set_index("group")
    assert facilities.loc["2019", "share"] > facilities.loc["2014", "share"]
    assert facilities.loc["2019", "p_holm"] < 0.05
    for _, row in table.iterrows():
        assert row["share_ci_low"] <= row["share"] <= row["share_ci_high"]


def test_compare_cli_writes_table_and_chart(extracted, tmp_path):
    chart = tmp_path / "heatmap.png"
    proc = run_cli(
        "compare", "--by", "report", "--extracted", str(extracted), "--chart", str(chart)
    )
    assert proc.returncode == 0, proc.stderr
    frame = pd.read_csv(extracted / "theme_frequencies.csv")
    assert frame["group"].nunique() == 5 and frame["theme"].nunique() >= 15
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_query_key_questions_below_50_percent_are_the_crc_rows(extracted):
    frame = query(
        "SELECT r.title, k.code, k.percent_yes FROM key_questions k JOIN reports r USING (report_id) "
        "WHERE k.percent_yes < 50 ORDER BY k.code",
        extracted,
    )
    assert set(frame["title"]) == {"An inspection of London Community Rehabilitation Company"}
    assert list(frame["code"]) == ["2.2.3", "2.3.3", "2.4.3", "4.1.3", "4.2.2", "4.2.3"]


def test_query_cli_json_and_errors(extracted, tmp_path):
    out = tmp_path / "recs.json"
    proc = run_cli(
        "query",
        "SELECT number, text FROM recommendations WHERE organisation = 'Ministry of Justice' ORDER BY report_id, number",
        "--extracted",
        str(extracted),
        "--json",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(out.read_text("utf-8"))
    assert len(rows) >= 3 and all("text" in r for r in rows)
    bad = run_cli("query", "SELECT nope FROM ratings", "--extracted", str(extracted))
    assert bad.returncode == 1 and "error" in bad.stderr and "Traceback" not in bad.stderr


def test_show_prints_one_screen_summary(extracted):
    proc = run_cli("show", "2019-london-crc", "--extracted", str(extracted))
    assert proc.returncode == 0, proc.stderr
    assert "Overall rating: Requires improvement" in proc.stdout
    assert "4.2.2 1%" in proc.stdout and "(suspect)" in proc.stdout
    assert "Ministry of Justice" in proc.stdout
    assert len(proc.stdout.splitlines()) <= 45


def test_report_page_is_self_contained_html(extracted, tmp_path):
    from html.parser import HTMLParser

    page = tmp_path / "report.html"
    proc = run_cli("report", "--html", str(page), "--extracted", str(extracted))
    assert proc.returncode == 0, proc.stderr
    html = page.read_text("utf-8")

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.images, self.links, self.ids, self.external = [], [], set(), []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if "id" in attrs:
                self.ids.add(attrs["id"])
            if tag == "img":
                self.images.append(attrs.get("src", ""))
            if tag == "a" and attrs.get("href", "").startswith("#"):
                self.links.append(attrs["href"][1:])
            for key in ("src", "href"):
                if attrs.get(key, "").startswith(("http:", "https:", "//")):
                    self.external.append(attrs[key])
            if tag in {"script", "link"}:
                self.external.append(tag)

    parser = Collect()
    parser.feed(html)
    assert len(parser.images) == 2 and all(
        src.startswith("data:image/png;base64,") for src in parser.images
    )
    assert parser.external == []
    assert parser.links and set(parser.links) <= parser.ids
    assert (
        "Ratings grid" in html
        and "65%" in html
        and "Recommendations by addressee and theme" in html
    )
    assert "An inspection of London Community Rehabilitation Company" in html


def test_report_page_renders_in_headless_chromium(extracted, tmp_path):
    import shutil

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Debian's chromium is not installed")
    page = tmp_path / "report.html"
    assert run_cli("report", "--html", str(page), "--extracted", str(extracted)).returncode == 0
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1200,2000",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.is_file() and shot.stat().st_size > 10_000


@pytest.mark.parametrize(
    "report",
    ["2019-nps-london", "2019-nps-north-east", "2014-transforming", "2014-adult-offending"],
)
def test_show_works_for_every_kind_of_report(extracted, report):
    proc = run_cli("show", report, "--extracted", str(extracted))
    assert proc.returncode == 0, proc.stderr
    assert "Overall rating:" in proc.stdout and "Recommendations:" in proc.stdout
