"""Re-ingesting is incremental and a killed run loses nothing already extracted."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import reportmine.pipeline as pipeline
from conftest import CORPUS, ROOT, read_rows, run_cli
from pdf_fixtures import render_pages_pdf
from reportmine.pipeline import ingest


@pytest.fixture()
def corpus_copy(tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(CORPUS, folder)
    return folder


def test_unchanged_files_are_skipped_and_changed_ones_replaced(corpus_copy, tmp_path):
    out = tmp_path / "out"
    assert run_cli("ingest", str(corpus_copy), "--out", str(out)).returncode == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    again = run_cli("ingest", str(corpus_copy), "--out", str(out))
    assert "5 unchanged, skipped" in again.stdout
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before

    changed = corpus_copy / "2019-nps-north-east.txt"
    changed.write_text(
        changed.read_text("utf-8").replace(
            "Overall, NPS North East division is rated as: Good.",
            "Overall, NPS North East division is rated as: Inadequate.",
        ),
        "utf-8",
    )
    third = run_cli("ingest", str(corpus_copy), "--out", str(out))
    assert "4 unchanged, skipped" in third.stdout
    reports = {r["file"].split("/")[-1]: r for r in read_rows(out / "reports.csv")}
    assert reports["2019-nps-north-east.txt"]["overall_rating"] == "Inadequate"
    assert reports["2019-nps-london.txt"]["overall_rating"] == "Requires improvement"
    old_ids = {r["report_id"] for r in csv.DictReader(before["reports.csv"].decode().splitlines())}
    assert (
        len({r["report_id"] for r in reports.values()} - old_ids) == 1
    )  # only the changed one is new
    assert (
        len(list((out / "texts").glob("*.txt"))) == 5
    )  # the old text of the changed report is gone

    forced = run_cli("ingest", str(corpus_copy), "--out", str(out), "--force")
    assert "skipped" not in forced.stdout


def _running(argument: str) -> list[int]:
    """Process ids whose command line holds ``argument`` (Linux /proc; [] elsewhere)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if argument in cmdline.read_bytes().decode(errors="replace").split("\0"):
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def test_killed_run_leaves_previous_tables_complete_and_next_run_finishes(corpus_copy, tmp_path):
    out = tmp_path / "out"
    assert run_cli("ingest", str(corpus_copy), "--out", str(out)).returncode == 0
    previous = read_rows(out / "reports.csv")
    bigger = tmp_path / "bigger"
    for copy in range(6):
        for path in CORPUS.glob("*.txt"):
            target = bigger / f"copy{copy}"
            target.mkdir(parents=True, exist_ok=True)
            # a different line per copy, so every file is new content
            (target / path.name).write_text(path.read_text("utf-8") + f"\nCopy {copy}.\n", "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "reportmine", "ingest", str(bigger), "--out", str(out)], cwd=ROOT
    )
    # killed once a couple of the new files are done, long before all 30 are
    cache = out / ".cache"
    deadline = time.monotonic() + 120
    while len(list(cache.glob("*.shard"))) < 5 + 2 and time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before it could be killed mid-way"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    # no worker of the killed run lives on (each dies with its parent)
    deadline = time.monotonic() + 5
    while _running(str(bigger)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(str(bigger))
    # the previous tables are still there, complete and readable
    assert read_rows(out / "reports.csv") == previous
    for row in previous:
        assert (out / "texts" / f"{row['report_id']}.txt").is_file()
    for name in ("sections.csv", "ratings.csv", "key_questions.csv", "recommendations.csv"):
        assert read_rows(out / name)
    finished_before_kill = len(list((out / ".cache").glob("*.shard"))) - 5
    result = run_cli("ingest", str(bigger), "--out", str(out))
    assert result.returncode == 0
    assert len(read_rows(out / "reports.csv")) == 30
    if finished_before_kill > 0:
        assert f"{finished_before_kill} unchanged, skipped" in result.stdout


def test_per_file_time_limit_stops_a_slow_file(tmp_path):
    render_pages_pdf(tmp_path / "long.pdf", pages=500, lines_per_page=40)
    # a small report, so that only the long PDF can run into the limit on a busy machine
    (tmp_path / "london.txt").write_text(
        "Foreword\n\nThis is a short report about probation services in London.\n\n"
        "Overall findings\n\nOverall, the division is rated as: Good.\n",
        "utf-8",
    )
    result = ingest([tmp_path / "long.pdf", tmp_path / "london.txt"], tmp_path / "out", timeout=0.5)
    assert [f.error for f in result.failures] == ["timeout"]
    assert "per-file time limit" in result.failures[0].message
    assert [r.file.split("/")[-1] for r in result.reports] == ["london.txt"]


def test_500_page_pdf_ingests(tmp_path):
    long_pdf = render_pages_pdf(tmp_path / "long.pdf", pages=500, lines_per_page=10)
    result = ingest([long_pdf], tmp_path / "out")
    assert not result.failures
    assert result.reports[0].tables["reports"][0]["pages"] == 500


def test_duplicate_report_under_two_names(tmp_path):
    shutil.copy(CORPUS / "2019-london-crc.txt", tmp_path / "a.txt")
    shutil.copy(CORPUS / "2019-london-crc.txt", tmp_path / "b.txt")
    result = ingest([tmp_path], tmp_path / "out")
    rows = read_rows(tmp_path / "out" / "reports.csv")
    assert len(rows) == 2 and not result.failures
    assert rows[0]["duplicate_of"] == "" and rows[1]["duplicate_of"] == rows[0]["report_id"]


def test_a_worker_that_dies_is_replaced_and_the_batch_goes_on(tmp_path, monkeypatch):
    """A worker killed mid-file (a crash in a native library, say) costs that file only."""
    files = []
    for name in ("first", "crash", "second", "third"):
        path = tmp_path / f"{name}.txt"
        path.write_text(
            f"Foreword\n\nThe {name} short report about probation services.\n\n"
            "Overall findings\n\nOverall, the division is rated as: Good.\n",
            "utf-8",
        )
        files.append(path)
    original = pipeline.process_file

    def crash_on_one_file(path, *args):
        if path.endswith("crash.txt"):
            os._exit(3)  # as a segfault would: no exception, no result
        return original(path, *args)

    monkeypatch.setattr(pipeline, "process_file", crash_on_one_file)
    jobs = [(str(f), {}, None, False) for f in files]
    outcomes = {Path(o.file).name: o for o in pipeline.iter_ingest(jobs, workers=2)}
    assert sorted(outcomes) == ["crash.txt", "first.txt", "second.txt", "third.txt"]
    assert outcomes["crash.txt"].error == "internal_error"
    assert "worker process died" in outcomes["crash.txt"].message
    for name in ("first.txt", "second.txt", "third.txt"):
        assert isinstance(outcomes[name], pipeline.Ingested), name


def test_changed_code_or_model_redoes_cached_files(tmp_path, monkeypatch):
    """A cached result is only as good as the code that made it: a different reportmine
    (code, configuration, version or theme model) must not reuse it."""
    source = tmp_path / "in"
    source.mkdir()
    (source / "one.txt").write_text("Foreword\n\nIn 62% of cases the plan was good.\n", "utf-8")
    assert not ingest([source], tmp_path / "out").skipped
    assert ingest([source], tmp_path / "out").skipped == 1
    monkeypatch.setattr(pipeline, "_code_and_model_stamp", lambda: "another reportmine")
    assert not ingest([source], tmp_path / "out").skipped


def test_retrained_weights_alone_change_the_cache_stamp(tmp_path, monkeypatch):
    """A retrained model can keep its vocabularies and thresholds (model.json) and change
    only its weights: cached tags must not outlive it."""
    models = tmp_path / "models"
    shutil.copytree(ROOT / "models" / "themes-model", models / "themes-model")
    shutil.copy(ROOT / "models" / "themes.yaml", models / "themes.yaml")
    monkeypatch.setenv("REPORTMINE_THEME_MODEL", str(models / "themes-model"))
    before = pipeline._code_and_model_stamp()
    weights = models / "themes-model" / "weights.npz"
    weights.write_bytes(weights.read_bytes() + b"retrained")
    assert pipeline._code_and_model_stamp() != before


def test_cached_reports_are_published_from_their_cache_entry(tmp_path, monkeypatch):
    """A cache entry is the report's shard: an unchanged file's rows are not formatted
    again, and a damaged entry is recomputed, not trusted."""
    source = tmp_path / "in"
    source.mkdir()
    (source / "one.txt").write_text("Foreword\n\nIn 62% of cases the plan was good.\n", "utf-8")
    (source / "two.txt").write_text("Foreword\n\nOne in five reports was late.\n", "utf-8")
    out = tmp_path / "out"
    ingest([source], out)
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert b"62%" in before["proportions.csv"] and b"One in five" in before["proportions.csv"]

    def no_formatting(self, rows):
        raise AssertionError("a cached report's rows were formatted again")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline.TableSpec, "format", no_formatting)
        assert ingest([source], out).skipped == 2
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before

    entries = sorted((out / ".cache").glob("*.shard"))
    assert len(entries) == 2
    entries[0].write_text('{"file": "cut short', "utf-8")
    entries[1].write_bytes(entries[1].read_bytes()[:-5])  # its first line intact
    result = ingest([source], out)
    assert result.skipped == 0 and not result.failures
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before
