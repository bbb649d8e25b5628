"""The committed extracted/ tables are exactly what `reportmine ingest corpus/` writes now."""

from __future__ import annotations

from conftest import ROOT, run_cli

PUBLISHED = ROOT / "extracted"


def test_committed_tables_match_a_fresh_ingest(tmp_path):
    out = tmp_path / "fresh"
    proc = run_cli("ingest", "corpus/", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    fresh = sorted(
        p.relative_to(out)
        for p in out.rglob("*")
        if p.is_file() and not p.relative_to(out).parts[0].startswith(".")
    )
    assert fresh, "ingest wrote nothing"
    stale = [
        str(name)
        for name in fresh
        if not (PUBLISHED / name).is_file()
        or (PUBLISHED / name).read_bytes() != (out / name).read_bytes()
    ]
    assert stale == [], (
        f"extracted/ is out of date; run `reportmine ingest corpus/` and commit: {stale}"
    )
    documented = (PUBLISHED / "README.md").read_text("utf-8")
    for name in fresh:
        if name.suffix == ".csv":
            assert f"{name.stem}.csv" in documented, f"{name} is missing from extracted/README.md"
