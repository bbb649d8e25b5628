"""Tables streamed report by report to a staging folder, then published in report order."""

from __future__ import annotations

import csv
import json

from reportmine.pipeline import ingest
from reportmine.store.staged import StagedTables, TableSpec

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
