"""Bad input: one clear line naming file and cause, a row in errors.csv, the batch goes on."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, run_cli
from pdf_fixtures import render_encrypted_pdf, render_pages_pdf, render_scanned_pdf
from reportmine import IngestError, read_report


def _cases(folder: Path) -> dict[str, tuple[Path, str]]:
    """file -> (path, expected message fragment)."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, tuple[Path, str]] = {}

    def add(name: str, data: bytes, expected: str) -> None:
        path = folder / name
        path.write_bytes(data)
        cases[name] = (path, expected)

    add("empty.txt", b"", "empty file")
    add("blank.md", b"  \n\n ", "empty file")
    add("garbage.pdf", os.urandom(2048).replace(b"%PDF", b"xxxx"), "not a PDF")
    add("binary.txt", b"\x00\x01\x02\x03" * 200, "binary data")
    add("undecodable.txt", b"Report text \x81\x8d\x8f\x90\x9d " * 40, "undecodable text")
    add("notes.docx", b"PK\x03\x04 this is a word file", "unsupported file type '.docx'")
    good_pdf = render_pages_pdf(folder / "tmp-whole.pdf", pages=3)
    data = good_pdf.read_bytes()
    good_pdf.unlink()
    add("truncated.pdf", data[: len(data) // 3], "damaged or truncated PDF")
    encrypted = render_encrypted_pdf(folder / "encrypted.pdf")
    cases["encrypted.pdf"] = (encrypted, "encrypted PDF")
    scanned = render_scanned_pdf(folder / "scanned.pdf")
    cases["scanned.pdf"] = (scanned, "no text layer: run OCR first (e.g. ocrmypdf)")
    return cases


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    return _cases(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize(
    "name",
    [
        "empty.txt",
        "blank.md",
        "garbage.pdf",
        "binary.txt",
        "undecodable.txt",
        "notes.docx",
        "truncated.pdf",
        "encrypted.pdf",
        "scanned.pdf",
    ],
)
def test_each_bad_file_raises_one_line_error_naming_file_and_cause(bad_files, name):
    path, expected = bad_files[name]
    with pytest.raises(IngestError) as info:
        read_report(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path)) and expected in message


def test_directory_and_symlink_loop(tmp_path):
    with pytest.raises(IngestError, match="is a directory"):
        read_report(tmp_path)
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(IngestError, match="symlink loop"):
        read_report(loop)


def test_cp1252_and_bom_text_decode(tmp_path):
    cp = tmp_path / "cp1252.txt"
    cp.write_bytes(
        "Foreword\n\nThe division’s staff – and its premises – were inspected.\n".encode("cp1252")
    )
    assert "division’s staff – and" in read_report(cp).text
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffForeword\n\nText with a byte order mark.\n".encode())
    assert read_report(bom).text.startswith("Foreword")


def test_batch_with_bad_files_records_errors_and_keeps_good_output(bad_files, tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    for path, _ in bad_files.values():
        if path.suffix != ".docx":  # folders are searched for report types only
            shutil.copy(path, batch / path.name)
    shutil.copy(CORPUS / "2019-nps-north-east.txt", batch / "north-east.txt")
    out = tmp_path / "out"
    proc = run_cli("ingest", str(batch), str(bad_files["notes.docx"][0]), "--out", str(out))
    assert proc.returncode == 1
    error_lines = [line for line in proc.stderr.splitlines() if line.startswith("error")]
    assert len(error_lines) == len(bad_files)
    for name, (_, expected) in bad_files.items():
        assert any(name in line and expected in line for line in error_lines), name
    with (out / "errors.csv").open(encoding="utf-8") as handle:
        errors = list(csv.DictReader(handle))
    assert sorted(Path(row["file"]).name for row in errors) == sorted(bad_files)
    assert {row["error"] for row in errors} >= {
        "empty",
        "not_pdf",
        "binary",
        "undecodable",
        "unsupported",
        "damaged",
        "encrypted",
        "no_text_layer",
    }
    with (out / "reports.csv").open(encoding="utf-8") as handle:
        reports = list(csv.DictReader(handle))
    assert [Path(r["file"]).name for r in reports] == ["north-east.txt"]
    assert reports[0]["overall_rating"] == "Good"
    with (out / "sections.csv").open(encoding="utf-8") as handle:
        sections = list(csv.DictReader(handle))
    assert len(sections) == int(reports[0]["sections"]) > 20
    assert (
        (out / "texts" / f"{reports[0]['report_id']}.txt").read_text("utf-8").startswith("Foreword")
    )


def test_page_limit_refuses_long_pdf(tmp_path):
    long_pdf = render_pages_pdf(tmp_path / "long.pdf", pages=30, lines_per_page=5)
    with pytest.raises(IngestError, match="over the limit of 20"):
        read_report(long_pdf, max_pages=20)
