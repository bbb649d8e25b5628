"""Where `reportmine ingest` spends its time: a pyinstrument profile of one warm ingest.

    .venv/bin/python bench/profile_ingest.py                      # the real PDFs (bench row c-real)
    .venv/bin/python bench/profile_ingest.py corpus/ --html out.html
    make profile

Imports, model loading and a warm-up ingest of the smallest corpus file happen first, as in
the benchmark's warm rows, so the profile shows per-page work, not one-off costs. Needs
pyinstrument (`pip install -e ".[bench]"`, which `make profile` does).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL_PDFS = ROOT.parent / "shared" / "pdfs" / "ofsted-send"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help=f"files or folders (default: {REAL_PDFS})")
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML report here")
    parser.add_argument("--interval", type=float, default=0.0005, help="sampling interval, s")
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print('pyinstrument is not installed: pip install -e ".[bench]"', file=sys.stderr)
        return 2
    paths = args.paths or [str(REAL_PDFS)]
    if not all(Path(p).exists() for p in paths):
        print(f"not found: {', '.join(p for p in paths if not Path(p).exists())}", file=sys.stderr)
        return 2

    from reportmine.pipeline import discover, ingest

    with tempfile.TemporaryDirectory(prefix="reportmine-profile-") as tmp:
        smallest = min(discover([ROOT / "corpus"]), key=lambda p: p.stat().st_size)
        ingest([smallest], Path(tmp) / "warm-up")
        profiler = Profiler(interval=args.interval)
        with profiler:
            result = ingest(paths, Path(tmp) / "out", workers=1)
    print(f"ingested {len(result.reports)} report(s), {len(result.failures)} failed")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        args.html.write_text(profiler.output_html(), "utf-8")
        print(f"HTML report: {args.html}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
