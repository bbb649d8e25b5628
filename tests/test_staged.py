"""Storing: tables streamed report by report to a staging folder, then published in
report order; per-section word counts."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportmine.pipeline import Failure, Ingested, Job, ingest, iter_ingest
from reportmine.store.staged import (
    StagedTables,
    TableSpec,
    read_shard,
    read_shard_fields,
    write_shard,
)
from reportmine.store.tables import _WORDS, _word_counts

SPECS = [
    TableSpec("items", "items.csv", ("report_id", "value", "tags")),
    TableSpec("raw", "raw.jsonl"),
]


def test_tables_are_assembled_in_report_order_whatever_order_reports_finish(tmp_path):
    out = tmp_path / "out"
    staged = StagedTables(out, out / ".staging", SPECS)
    for file, report_id, values in [
        ("b.txt", "b-1", [3]),
        ("a.txt", "a-1", [1, 2]),
        ("c.txt", "c-1", []),
    ]:
        rows = [{"report_id": report_id, "value": v, "tags": ["x", v]} for v in values]
        staged.add(file, report_id, f"text of {report_id}", {"items": rows, "raw": rows})
    assert not (out / "items.csv").exists()  # nothing is published before the batch ends
    staged.publish([("reports.csv", ("report_id",), [{"report_id": "a-1"}])])

    with (out / "items.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["report_id"], r["value"], r["tags"]) for r in rows] == [
        ("a-1", "1", '["x", 1]'),
        ("a-1", "2", '["x", 2]'),
        ("b-1", "3", '["x", 3]'),
    ]
    raw = [json.loads(line) for line in (out / "raw.jsonl").read_text("utf-8").splitlines()]
    assert [r["value"] for r in raw] == [1, 2, 3]
    assert (out / "texts" / "c-1.txt").read_text("utf-8") == "text of c-1"
    assert (out / "reports.csv").read_text("utf-8") == "report_id\na-1\n"
    assert not (out / ".staging").exists()


def test_an_empty_batch_still_writes_headers(tmp_path):
    out = tmp_path / "out"
    StagedTables(out, out / ".staging", SPECS).publish([])
    assert (out / "items.csv").read_text("utf-8") == "report_id,value,tags\n"
    assert (out / "raw.jsonl").read_text("utf-8") == ""


def test_a_batch_keeps_only_each_reports_summary_in_memory(tmp_path):
    """The rows of a finished report live on disk until the tables are published, so memory
    does not grow with the number of reports."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text("Foreword\n\nIn 62% of cases the plan was good.\n", "utf-8")
    (src / "two.txt").write_text("Foreword\n\nIn 71% of cases the plan was good.\n", "utf-8")
    result = ingest([src], tmp_path / "out")
    assert [r.text for r in result.reports] == ["", ""]
    assert [set(r.tables) for r in result.reports] == [{"reports"}, {"reports"}]
    with (tmp_path / "out" / "proportions.csv").open(encoding="utf-8") as handle:
        assert [r["expression"] for r in csv.DictReader(handle)] == ["62%", "71%"]


def _small_reports(folder: Path) -> list[Job]:
    folder.mkdir()
    for name, share in (("one", 62), ("two", 71)):
        (folder / f"{name}.txt").write_text(f"Foreword\n\nIn {share}% of cases.\n", "utf-8")
    return [(str(p), {}, None, False) for p in sorted(folder.iterdir())]


def test_workers_stage_the_reports_they_make(tmp_path):
    """With worker processes, the rows are formatted and staged by the worker, in parallel;
    only the small result of ``finish`` travels back."""
    jobs = _small_reports(tmp_path / "in")
    pids = list(iter_ingest(jobs, workers=2, finish=lambda item: os.getpid()))
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_failure_to_stage_fails_that_file_only(tmp_path):
    jobs = _small_reports(tmp_path / "in")

    def finish(item: Ingested) -> str:
        if item.file.endswith("one.txt"):
            raise OSError("No space left on device")
        return item.report_id

    outcomes = list(iter_ingest(jobs, workers=1, finish=finish))
    assert isinstance(outcomes[0], Failure) and outcomes[0].file.endswith("one.txt")
    assert outcomes[0].message == "OSError: No space left on device"
    assert outcomes[1].startswith("two-")


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab c\n.é_1²ß𝔘-", max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=6),
)
def test_section_word_counts_equal_counting_each_slice(text, spans):
    """One pass over the text counts what findall on every (nested) slice would."""
    spans = [(min(a, len(text)), min(b, len(text))) for a, b in spans]
    expected = [len(_WORDS.findall(text[a:b])) for a, b in spans]
    assert _word_counts(text, spans) == expected


def test_shard_parts_come_back_exactly_and_a_cut_is_noticed(tmp_path):
    parts = [("text", "Café\r\nline two 🙂\n"), ("a.csv", 'x,"y\r\nz"\n'), ("b.jsonl", "")]
    path = tmp_path / "one.shard"
    write_shard(path, {"report_id": "r-1"}, parts, atomic=True)
    fields, read = read_shard(path)
    assert fields["report_id"] == "r-1" and list(read.items()) == parts
    assert read_shard_fields(path)["parts"] == [["text", 17], ["a.csv", 9], ["b.jsonl", 0]]
    path.write_bytes(path.read_bytes()[:-1])
    with pytest.raises(ValueError, match="cut short"):
        read_shard_fields(path)
