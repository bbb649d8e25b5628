"""`--ocr`: scanned PDFs go through OCRmyPDF/Tesseract; without the tools, the error says how to get them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import read_rows, run_cli
from pdf_fixtures import render_image_only_pdf
from reportmine import IngestError, read_report
from reportmine.ingest import ocr as ocr_module

LINES = [
    "Overall findings",
    "Overall, the Midlands division of the NPS is rated as: Good.",
    "Inspectors found that offices were in poor repair and staff",
    "vacancies were high across the division.",
]


def test_scanned_pdf_without_ocr_says_run_ocr(tmp_path):
    scanned = render_image_only_pdf(tmp_path / "scan.pdf", LINES)
    with pytest.raises(IngestError, match="no text layer: run OCR first"):
        read_report(scanned)


def test_missing_ocr_tools_error_says_how_to_install(tmp_path, monkeypatch):
    scanned = render_image_only_pdf(tmp_path / "scan.pdf", LINES)
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    with pytest.raises(IngestError) as info:
        read_report(scanned, ocr=True)
    assert "apt-get install ocrmypdf tesseract-ocr" in str(info.value)


@pytest.mark.skipif(
    not ocr_module.ocr_available(), reason="ocrmypdf/tesseract not installed (make ocr-tools)"
)
def test_ocr_gives_a_text_layer_and_the_extractors_work(tmp_path):
    from reportmine.extract import REGISTRY

    scanned = render_image_only_pdf(tmp_path / "scan.pdf", LINES)
    report = read_report(scanned, ocr=True)
    assert "offices were in poor repair" in report.text
    overall = [r for r in REGISTRY["ratings"].run(report) if r["code"] == "overall"]
    assert overall and overall[0]["rating"] == "Good"


@pytest.mark.skipif(
    not ocr_module.ocr_available(), reason="ocrmypdf/tesseract not installed (make ocr-tools)"
)
def test_ingest_ocr_command_reads_a_scanned_pdf_in_a_batch(tmp_path):
    """`reportmine ingest --ocr` on a folder: the scanned PDF gets its text and rating, the
    text report beside it is read as usual; without --ocr the scan is an error row naming
    its cause, and the rest of the batch still lands."""
    folder = tmp_path / "in"
    folder.mkdir()
    render_image_only_pdf(folder / "scan.pdf", LINES)
    (folder / "plain.txt").write_text("\n".join(LINES).replace("Midlands", "Wessex"), "utf-8")

    plain_run = run_cli("ingest", str(folder), "--out", str(tmp_path / "plain"), "--quiet")
    errors = read_rows(tmp_path / "plain" / "errors.csv")
    assert [(Path(e["file"]).name, e["error"]) for e in errors] == [("scan.pdf", "no_text_layer")]
    assert plain_run.returncode != 0 and "scan.pdf" in plain_run.stderr + plain_run.stdout
    assert len(read_rows(tmp_path / "plain" / "reports.csv")) == 1

    proc = run_cli("ingest", str(folder), "--out", str(tmp_path / "ocr"), "--ocr", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert read_rows(tmp_path / "ocr" / "errors.csv") == []
    reports = {Path(r["file"]).name: r for r in read_rows(tmp_path / "ocr" / "reports.csv")}
    assert set(reports) == {"scan.pdf", "plain.txt"}
    assert reports["scan.pdf"]["format"] == "pdf"
    ratings = read_rows(tmp_path / "ocr" / "ratings.csv")
    overall = {r["report_id"]: r["rating"] for r in ratings if r["code"] == "overall"}
    assert overall[reports["scan.pdf"]["report_id"]] == "Good"
