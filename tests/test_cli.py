"""The CLI, run for real in a subprocess, on the shipped corpus."""

from __future__ import annotations

import json

from conftest import CORPUS, read_rows, run_cli


def test_ingest_corpus_writes_all_tables_and_is_deterministic(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        proc = run_cli("ingest", str(CORPUS), "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        assert "ingested 5 report(s), 0 failed" in proc.stdout
    for name in ("reports.csv", "sections.csv", "sections.jsonl", "errors.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name

    reports = {r["file"].split("/")[-1]: r for r in read_rows(first / "reports.csv")}
    assert set(reports) == {p.name for p in CORPUS.glob("*.txt")}
    london = reports["2019-nps-london.txt"]
    assert london["overall_rating"] == "Requires improvement"
    assert london["provider_type"] == "NPS division" and london["publication_date"] == "2019-05"
    assert (
        london["title"] == "An inspection of the London division of the National Probation Service"
    )
    assert reports["2019-nps-north-east.txt"]["overall_rating"] == "Good"
    assert (
        reports["2014-transforming-rehabilitation-early-implementation.txt"]["overall_rating"] == ""
    )
    assert reports["2019-london-crc.txt"]["pages"] == "43"
    assert read_rows(first / "errors.csv") == []

    sections = read_rows(first / "sections.csv")
    assert sum(int(r["sections"]) for r in reports.values()) == len(sections)
    staff = next(
        r for r in sections if r["report_id"] == london["report_id"] and r["number"] == "1.2"
    )
    assert (staff["title"], staff["kind"], staff["rating"]) == (
        "Staff",
        "standard",
        "Requires improvement",
    )
    text = (first / "texts" / f"{london['report_id']}.txt").read_text("utf-8")
    assert text[int(staff["char_start"]) : int(staff["heading_end"])].startswith("1.2 Staff")

    rows = [json.loads(line) for line in (first / "sections.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == len(sections)
    victim = next(r for r in rows if r["report_id"] == london["report_id"] and r["number"] == "3.2")
    assert victim["text"].startswith("3.2 Statutory victim work")
    assert victim["text"] == text[victim["char_start"] : victim["char_end"]]


def test_sections_command_prints_tree():
    proc = run_cli("sections", str(CORPUS / "2019-nps-north-east.txt"))
    assert proc.returncode == 0
    assert (
        "1.2 Staff" in proc.stdout
        and "standard" in proc.stdout
        and "Requires improvement" in proc.stdout
    )


def test_help_documents_exit_codes():
    proc = run_cli("ingest", "--help")
    assert proc.returncode == 0
    assert "Exit code" in proc.stdout and "1 when any file failed" in proc.stdout
    # help text is not taken for markup: "[default: ...]" once vanished as a style tag
    words = " ".join(proc.stdout.replace("│", " ").split())
    assert "(default: one per CPU core, at most 4)" in words


def test_missing_path_is_an_error(tmp_path):
    proc = run_cli("ingest", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert "nope.txt" in proc.stderr and "cannot read file" in proc.stderr


def test_parallel_workers_give_identical_output(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_cli("ingest", str(CORPUS), "--out", str(one)).returncode == 0
    assert run_cli("ingest", str(CORPUS), "--out", str(two), "--workers", "2").returncode == 0
    for name in ("reports.csv", "sections.csv", "sections.jsonl"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
