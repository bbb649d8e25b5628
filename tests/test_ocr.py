"""`--ocr`: scanned PDFs go through OCRmyPDF/Tesseract; without the tools, the error says how to get them."""

from __future__ import annotations

import pytest

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
