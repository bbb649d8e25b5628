"""Benchmark reportmine against its floor (pypdfium2) and a naive tool (pdfplumber).

Usage (from the repository root)::

    .venv/bin/python bench/run.py [--quick] [--json OUT] [--repeat N]

Every measurement runs in a fresh child process (``bench/run.py --one NAME --spec JSON``), so
peak memory (``ru_maxrss``) of one measurement never mixes with another's. The child prints
one JSON line; this script collects them, prints a table, the ratios and the project's
targets with an honest PASS/MISS. See bench/README.md for what each row measures.

Speed targets live here, never in the unit tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REAL_PDFS = ROOT.parent / "shared" / "pdfs" / "ofsted-send"
FIXTURE_REPORT = "2019-nps-north-east.txt"  # rendered to PDF with its ratings table
FIXTURE_LONG_PAGES = 100  # pages of the plain long fixture PDF
QUICK_STRIDE = 8  # on --quick, pdfplumber reads every 8th page only

# Targets from the project's benchmark issue.
TARGET_PDF_PAGES_PER_S = 150.0  # PDF ingest, one core
TARGET_FLOOR_RATIO = 3.5  # ingest time / pypdfium2 text-extraction time, at most
# The issue measured the floor at ~330 pages/s on the real PDFs and ~500 on generated ones.
# This VM's speed drifts by a third over a day, and pages/s drifts with it; the distance
# from the floor does not, so the ratio is also read at those floors (150 pages/s at 330
# means within 2.2x of the floor).
ISSUE_FLOOR_PAGES_PER_S = {"real": 330.0, "fixtures": 500.0}
TARGET_PLUMBER_RATIO = 20.0  # pdfplumber-only time / ingest time, at least
TARGET_TEXT_CLI_S = 3.0  # `reportmine ingest corpus/` end to end, process start included
LINEAR_SLACK = 1.2  # "linear": an Nx input may cost at most 1.2 * N times the 1x cost
MEMORY_NOISE_MB = 1.0  # per extra 1x of corpus: RSS jitter when memory is flat
TARGET_WORKER_SPEEDUP = 1.8  # "close to 2x" on 2 workers, read as >= 90% efficiency

Spec = dict[str, Any]
Result = dict[str, Any]


# --------------------------------------------------------------------------- child side


def _rss_kb(who: int) -> int:
    """Peak resident set size in KiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def _cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _measure(work: Callable[[], dict[str, Any]]) -> Result:
    base_kb = _rss_kb(resource.RUSAGE_SELF)
    cpu0 = _cpu_s()
    t0 = time.perf_counter()
    extra = work()
    wall = time.perf_counter() - t0
    return {
        "wall_s": wall,
        "cpu_s": _cpu_s() - cpu0,
        "base_rss_kb": base_kb,
        "self_peak_kb": _rss_kb(resource.RUSAGE_SELF),
        "children_peak_kb": _rss_kb(resource.RUSAGE_CHILDREN),
        **extra,
    }


def _one_pdfium(spec: Spec) -> Result:
    import pypdfium2 as pdfium

    def work() -> dict[str, Any]:
        pages = chars = 0
        for path in spec["paths"]:
            document = pdfium.PdfDocument(path)
            try:
                for index in range(len(document)):
                    page = document[index]
                    textpage = page.get_textpage()
                    chars += len(textpage.get_text_range())
                    textpage.close()
                    page.close()
                    pages += 1
            finally:
                document.close()
        return {"pages": pages, "chars": chars}

    return _measure(work)


def _one_pdfplumber(spec: Spec) -> Result:
    import pdfplumber

    stride: int = spec["stride"]

    def work() -> dict[str, Any]:
        pages = chars = 0
        for path in spec["paths"]:
            with pdfplumber.open(path) as pdf:
                for index, page in enumerate(pdf.pages):
                    if index % stride:
                        continue
                    chars += len(page.extract_text() or "")
                    pages += 1
                    page.close()
        return {"pages": pages, "chars": chars}

    return _measure(work)


def _one_ingest(spec: Spec) -> Result:
    """`reportmine.pipeline.ingest` into a temp folder.

    ``warm``: import everything and ingest one small corpus file first, so one-off costs
    (lazy imports of spaCy and pdfplumber, first model load) are not charged to the
    throughput figure. Cold: the timed part starts before ``import reportmine.pipeline``.
    """
    with tempfile.TemporaryDirectory(prefix="reportmine-bench-out-") as tmp:
        if spec["warm"]:
            import pdfplumber  # noqa: F401  (lazy in reportmine; part of the warm-up)

            from reportmine.pipeline import discover, ingest

            smallest = min(discover([CORPUS]), key=lambda p: p.stat().st_size)
            ingest([smallest], Path(tmp) / "warm-up")

        def work() -> dict[str, Any]:
            from reportmine.pipeline import ingest

            result = ingest(spec["paths"], Path(tmp) / "out", workers=spec["workers"])
            return {
                "reports": len(result.reports),
                "failures": [f"{Path(f.file).name}: {f.error}" for f in result.failures],
            }

        return _measure(work)


def _one_cli(spec: Spec) -> Result:
    with tempfile.TemporaryDirectory(prefix="reportmine-bench-out-") as tmp:
        command = [*spec["command"], "--out", str(Path(tmp) / "out")]

        def work() -> dict[str, Any]:
            proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
            reports = 0
            reports_csv = Path(tmp) / "out" / "reports.csv"
            if reports_csv.is_file():
                with reports_csv.open(encoding="utf-8") as handle:
                    reports = max(0, sum(1 for _ in handle) - 1)
            failures = [] if proc.returncode == 0 else [f"exit code {proc.returncode}"]
            return {"reports": reports, "failures": failures, "command": " ".join(command)}

        return _measure(work)


CHILD_KINDS: dict[str, Callable[[Spec], Result]] = {
    "pdfium": _one_pdfium,
    "pdfplumber": _one_pdfplumber,
    "ingest": _one_ingest,
    "cli": _one_cli,
}


def run_one(spec: Spec) -> None:
    result = _setup(spec) if spec["kind"] == "setup" else CHILD_KINDS[spec["kind"]](spec)
    print(json.dumps(result))


# -------------------------------------------------------------------------- parent side


def _in_child(name: str, spec: Spec) -> Result:
    """Run ``bench/run.py --one NAME`` and return the JSON it prints.

    Linux keeps a process's RSS high-water mark across fork and exec, so a child's ru_maxrss
    starts at this process's peak: this process therefore imports nothing heavy.
    """
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--one", name, "--spec", json.dumps(spec)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"measurement {name} failed:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(lines[-1])


def measure(name: str, spec: Spec, repeat: int) -> Result:
    """Median wall time of ``repeat`` fresh-process runs; the largest peak memory seen."""
    return _summarise([_in_child(name, spec) for _ in range(repeat)])


def measure_interleaved(named: list[tuple[str, Spec]], repeat: int) -> list[Result]:
    """measure() for several rows whose runs alternate (a, b, c, a, b, c, ...): a slow spell
    of a shared machine then falls on all of them, and the ratios between them stay fair."""
    runs: dict[str, list[Result]] = {name: [] for name, _ in named}
    for _ in range(repeat):
        for name, spec in named:
            runs[name].append(_in_child(name, spec))
    return [_summarise(runs[name]) for name, _ in named]


def _summarise(runs: list[Result]) -> Result:
    runs.sort(key=lambda r: r["wall_s"])
    result = dict(runs[len(runs) // 2])
    result["walls_s"] = [r["wall_s"] for r in runs]
    for key in ("self_peak_kb", "children_peak_kb"):
        result[key] = max(r[key] for r in runs)
    return result


def _load() -> float | None:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def _size(paths: list[str]) -> int:
    return sum(Path(p).stat().st_size for p in paths)


def _setup(spec: Spec) -> dict[str, Any]:
    """Inputs for every row, made in a child so this process stays small (see _in_child)."""
    import pypdfium2 as pdfium

    sys.path.insert(0, str(ROOT / "tests"))
    from pdf_fixtures import render_pages_pdf, render_report_pdf
    from reportmine import read_report
    from reportmine.pipeline import discover

    tmp = Path(spec["tmp"])
    pdf_sets: dict[str, list[str]] = {}
    if REAL_PDFS.is_dir():
        pdf_sets["real"] = sorted(str(p) for p in REAL_PDFS.glob("*.pdf"))

    fixtures = tmp / "fixtures"
    fixtures.mkdir()
    report = read_report(CORPUS / FIXTURE_REPORT)
    ratings = [(s.number, s.title, s.rating) for s in report.sections if s.kind == "standard"]
    pdf_sets["fixtures"] = [
        str(render_report_pdf(report, fixtures / "north-east-rendered.pdf", ratings)),
        str(render_pages_pdf(fixtures / "long-plain.pdf", FIXTURE_LONG_PAGES)),
    ]
    pages: dict[str, int] = {}
    for name, paths in pdf_sets.items():
        pages[name] = 0
        for path in paths:
            document = pdfium.PdfDocument(path)
            pages[name] += len(document)
            document.close()

    corpus_files = [str(p) for p in discover([CORPUS])]
    copies: dict[str, list[str]] = {}
    for scale in spec["scales"]:
        folder = tmp / f"text-{scale}x"
        folder.mkdir()
        copies[str(scale)] = []
        for k in range(scale):  # copies under new names; the manifest stays out
            for source in map(Path, corpus_files):
                target = folder / f"{source.stem}--copy{k:02d}{source.suffix}"
                shutil.copyfile(source, target)
                copies[str(scale)].append(str(target))
    return {"pdf_sets": pdf_sets, "pages": pages, "corpus": corpus_files, "copies": copies}


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def run_all(quick: bool, repeat: int) -> dict[str, Any]:
    machine = _machine()
    scales = (1, 2, 4) if quick else (1, 4, 16)
    stride = QUICK_STRIDE if quick else 1
    rows: list[Result] = []

    def add(
        row_id: str,
        label: str,
        spec: Spec,
        *,
        pages: int | None,
        nbytes: int,
        measured: tuple[Result, float | None] | None = None,
    ) -> Result:
        if measured is None:
            measured = _measured(row_id, label, spec)
        result, load = measured
        result["load_1min_before"] = load
        result.update({"id": row_id, "label": label, "kind": spec["kind"], "bytes": nbytes})
        if pages is not None:
            result["pages"] = pages
        if "files" in spec:
            result["files"] = spec["files"]
        rows.append(result)
        return result

    def _measured(row_id: str, label: str, spec: Spec) -> tuple[Result, float | None]:
        print(f"  measuring {row_id}: {label} ...", file=sys.stderr, flush=True)
        return measure(row_id, spec, repeat), _load()

    with tempfile.TemporaryDirectory(prefix="reportmine-bench-") as tmp:
        print("  generating fixture PDFs and corpus copies ...", file=sys.stderr, flush=True)
        inputs = _in_child("setup", {"kind": "setup", "tmp": tmp, "scales": list(scales)})
        if "real" not in inputs["pdf_sets"]:
            print(
                f"NOTE: {REAL_PDFS} is absent: the real-PDF rows are skipped "
                "(the fixture PDFs are still measured).",
                file=sys.stderr,
            )

        for set_name, paths in inputs["pdf_sets"].items():
            n_pages = inputs["pages"][set_name]
            nbytes = _size(paths)
            what = f"{set_name} PDFs, {len(paths)} files, {n_pages} pp"
            floor_label = f"pypdfium2 get_text_range, {what}"
            floor_spec = {"kind": "pdfium", "paths": paths}
            ingest_label = f"ingest, warm, 1 worker, {what}"
            ingest_spec = {
                "kind": "ingest", "paths": paths, "workers": 1, "warm": True, "files": len(paths)
            }  # fmt: skip
            plumber_spec = {"kind": "pdfplumber", "paths": paths, "stride": stride}
            # (a), (b) and (c) alternate, so their ratios do not depend on when each one ran
            print(
                f"  measuring a-, b- and c-{set_name}, interleaved: {what} ...",
                file=sys.stderr,
                flush=True,
            )
            load = _load()
            floor, plumbed, ingested = measure_interleaved(
                [
                    (f"a-{set_name}", floor_spec),
                    (f"b-{set_name}", plumber_spec),
                    (f"c-{set_name}", ingest_spec),
                ],
                repeat,
            )
            add(f"a-{set_name}", floor_label, floor_spec, pages=None, nbytes=nbytes,
                measured=(floor, load))  # fmt: skip
            subset = f" [every {stride}th page]" if stride > 1 else ""
            plumber = add(
                f"b-{set_name}",
                f"pdfplumber extract_text, {what}{subset}",
                plumber_spec,
                pages=None,
                nbytes=nbytes,
                measured=(plumbed, load),
            )
            if stride > 1:
                plumber["subset"] = True
            add(f"c-{set_name}", ingest_label, ingest_spec, pages=n_pages, nbytes=nbytes,
                measured=(ingested, load))  # fmt: skip

        corpus = inputs["corpus"]
        nbytes, n = _size(corpus), len(corpus)
        corpus_spec = {"kind": "ingest", "paths": [str(CORPUS)], "workers": 1, "files": n}
        add(
            "d-cold",
            "text corpus/, in-process, 1st call (import incl.)",
            {**corpus_spec, "warm": False},
            pages=None,
            nbytes=nbytes,
        )
        add(
            "d-warm",
            "text corpus/, in-process, warm",
            {**corpus_spec, "warm": True},
            pages=None,
            nbytes=nbytes,
        )
        cli = str(Path(sys.executable).parent / "reportmine")
        add(
            "d-cli",
            "text corpus/, fresh process: reportmine ingest corpus/",
            {"kind": "cli", "command": [cli, "ingest", "corpus/"], "files": n},
            pages=None,
            nbytes=nbytes,
        )

        for scale in scales:
            files = inputs["copies"][str(scale)]
            add(
                f"e-{scale}x",
                f"text {scale}x ({len(files)} files), warm, 1 worker",
                {
                    "kind": "ingest",
                    "paths": [str(Path(files[0]).parent)],
                    "workers": 1,
                    "warm": True,
                    "files": len(files),
                },
                pages=None,
                nbytes=_size(files),
            )

        top = inputs["copies"][str(scales[-1])]
        for workers in (1, 2):
            add(
                f"f-w{workers}",
                f"text {scales[-1]}x, warm, --workers {workers}",
                {
                    "kind": "ingest",
                    "paths": [str(Path(top[0]).parent)],
                    "workers": workers,
                    "warm": True,
                    "files": len(top),
                },
                pages=None,
                nbytes=_size(top),
            )

    machine["load_avg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    machine["bench_parent_peak_mb"] = _rss_kb(resource.RUSAGE_SELF) / 1024
    by_id = {row["id"]: row for row in rows}
    return {
        "machine": machine,
        "quick": quick,
        "repeat": repeat,
        "scales": list(scales),
        "rows": rows,
        "checks": evaluate(by_id, list(inputs["pdf_sets"]), scales),
    }


# ------------------------------------------------------------------------------ verdicts


def _per_page(row: Result) -> float:
    return row["wall_s"] / row["pages"]


def _delta_mb(row: Result) -> float:
    return (_peak_kb(row) - row["base_rss_kb"]) / 1024


def _peak_kb(row: Result) -> int:
    return max(row["self_peak_kb"], row["children_peak_kb"])


def evaluate(rows: dict[str, Result], pdf_sets: list[str], scales: tuple[int, ...]) -> list[Result]:
    checks: list[Result] = []

    def check(
        name: str, measured: float, unit: str, target: str, ok: bool | None, note: str = ""
    ) -> None:
        checks.append(
            {
                "check": name,
                "measured": measured,
                "unit": unit,
                "target": target,
                "pass": ok,
                "note": note,
            }
        )

    for set_name in pdf_sets:
        floor, plumber, ingest = (rows[f"{x}-{set_name}"] for x in "abc")
        pps = ingest["pages"] / ingest["wall_s"]
        check(
            f"PDF ingest speed ({set_name})",
            pps,
            "pages/s",
            f">= {TARGET_PDF_PAGES_PER_S:g} pages/s, 1 core",
            pps >= TARGET_PDF_PAGES_PER_S,
        )
        far = _per_page(ingest) / _per_page(floor)
        check(
            f"(c)/(a) distance from pypdfium2 floor ({set_name})",
            far,
            "x",
            f"<= {TARGET_FLOOR_RATIO:g}x",
            far <= TARGET_FLOOR_RATIO,
        )
        issue_floor = ISSUE_FLOOR_PAGES_PER_S[set_name]
        check(
            f"PDF ingest speed at the issue's floor ({set_name})",
            issue_floor / far,
            "pages/s",
            f"info: {issue_floor:g} pages/s / (c)/(a)",
            None,
            f"{TARGET_PDF_PAGES_PER_S:g} pages/s there needs (c)/(a) <= "
            f"{issue_floor / TARGET_PDF_PAGES_PER_S:.1f}x",
        )
        faster = _per_page(plumber) / _per_page(ingest)
        note = "per page; pdfplumber on a page subset" if plumber.get("subset") else "per page"
        check(
            f"(b)/(c) faster than pdfplumber-only ({set_name})",
            faster,
            "x",
            f">= {TARGET_PLUMBER_RATIO:g}x",
            faster >= TARGET_PLUMBER_RATIO,
            note,
        )

    cli = rows["d-cli"]
    check(
        "text corpus end to end (fresh process)",
        cli["wall_s"],
        "s",
        f"< {TARGET_TEXT_CLI_S:g} s",
        cli["wall_s"] < TARGET_TEXT_CLI_S,
    )

    small, big = rows[f"e-{scales[0]}x"], rows[f"e-{scales[-1]}x"]
    size = scales[-1] / scales[0]
    limit = LINEAR_SLACK * size
    t_ratio = big["wall_s"] / small["wall_s"]
    check(
        f"time {scales[-1]}x/{scales[0]}x",
        t_ratio,
        "x",
        f"<= {limit:g}x (linear, {LINEAR_SLACK:g} slack)",
        t_ratio <= limit,
    )
    peak_ratio = _peak_kb(big) / _peak_kb(small)
    check(
        f"peak RSS {scales[-1]}x/{scales[0]}x",
        peak_ratio,
        "x",
        "info: includes ~constant imports",
        None,
        f"{_peak_kb(small) / 1024:.0f} MB -> {_peak_kb(big) / 1024:.0f} MB",
    )
    delta_ratio = _delta_mb(big) / max(_delta_mb(small), 1e-9)
    check(
        f"peak RSS above warm baseline {scales[-1]}x/{scales[0]}x",
        delta_ratio,
        "x",
        "info: see the slope check below",
        None,
        " -> ".join(f"{_delta_mb(rows[f'e-{k}x']):.0f}" for k in scales) + " MB",
    )
    # Linear = a constant cost per extra copy of the corpus. The warm-up leaves a
    # high-water mark that offsets the small runs, so compare slopes, not raw ratios.
    low, mid, high = (rows[f"e-{k}x"] for k in scales)
    slope_low = (_delta_mb(mid) - _delta_mb(low)) / (scales[1] - scales[0])
    slope_high = (_delta_mb(high) - _delta_mb(mid)) / (scales[2] - scales[1])
    # Streaming writes keep memory nearly flat, so both slopes can be ~0: allow a noise floor.
    allowed = LINEAR_SLACK * max(slope_low, 0.0) + MEMORY_NOISE_MB
    check(
        f"memory per extra 1x, {scales[1]}x->{scales[2]}x",
        slope_high,
        "MB",
        f"<= {LINEAR_SLACK:g} x {slope_low:.1f} + {MEMORY_NOISE_MB:g} MB (linear)",
        slope_high <= allowed,
        f"{slope_low:.1f} MB per 1x from {scales[0]}x to {scales[1]}x",
    )

    speedup = rows["f-w1"]["wall_s"] / rows["f-w2"]["wall_s"]
    check(
        f"--workers 2 speed-up on {scales[-1]}x",
        speedup,
        "x",
        f">= {TARGET_WORKER_SPEEDUP:g}x (close to 2x)",
        speedup >= TARGET_WORKER_SPEEDUP,
    )
    return checks


# ------------------------------------------------------------------------------- printing


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def render(report: dict[str, Any]) -> str:
    machine = report["machine"]
    out = [
        f"reportmine benchmark  {machine['date']}  {machine['cpu']}, {machine['cores']} cores, "
        f"Python {machine['python']}",
        f"mode: {'quick' if report['quick'] else 'full'}, median of {report['repeat']} run(s) "
        f"per row, each row in a fresh process; load avg at start "
        f"{_fmt_load(machine['load_avg_start'])}, at end {_fmt_load(machine['load_avg_end'])}",
        "",
    ]
    w = max(len(row["label"]) for row in report["rows"])
    header = (
        f"{'row':<10} {'what':<{w}} {'wall s':>7} {'cpu s':>7} {'pages/s':>8} {'MB/s':>6} "
        f"{'peak MB':>8} {'+MB':>6} {'load':>5}  ok"
    )
    out += [header, "-" * len(header)]
    for row in report["rows"]:
        pps = row["pages"] / row["wall_s"] if row.get("pages") else None
        mbps = None if row.get("subset") else row["bytes"] / 1e6 / row["wall_s"]
        status = ""
        if "reports" in row:
            status = f"{row['reports']}/{row['files']}"
            if row["failures"]:
                status += f" FAILED: {'; '.join(row['failures'][:3])}"
        peak = _peak_kb(row) / 1024
        worker = ""
        if row["children_peak_kb"] and row["kind"] == "ingest":
            worker = f" (largest worker {row['children_peak_kb'] / 1024:.0f} MB)"
        out.append(
            f"{row['id']:<10} {row['label']:<{w}} {row['wall_s']:>7.2f} {row['cpu_s']:>7.2f} "
            f"{_fmt(pps, '.0f'):>8} {_fmt(mbps, '.2f'):>6} {peak:>8.0f} {_delta_mb(row):>6.0f} "
            f"{_fmt(row.get('load_1min_before'), '.1f'):>5}"
            f"  {status}{worker}"
        )
    out += [
        "",
        "pages/s for (a)/(b) = pages read / wall; for (c) = PDF pages ingested / wall.",
        "peak MB = ru_maxrss of the measuring process (or its child, if larger); "
        "+MB = peak minus the RSS before the timed part.",
        f"load = 1-minute load average when the row started ({machine['cores']} cores): "
        "other work on the machine slows rows down, the workers row most.",
        "",
        "Ratios, with the targets from the project's benchmark issue",
    ]
    width = max(len(c["check"]) for c in report["checks"])
    for c in report["checks"]:
        verdict = {True: "PASS", False: "MISS", None: ""}[c["pass"]]
        measured = f"{c['measured']:.2f} {c['unit']}"
        note = f"  ({c['note']})" if c["note"] else ""
        out.append(f"  {c['check']:<{width}}  {measured:>13}  {c['target']:<36} {verdict:4}{note}")
    return "\n".join(out)


def _fmt_load(load: Any) -> str:
    return "n/a" if not load else "/".join(f"{x:.2f}" for x in load)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="pdfplumber on a page subset; text scaling at 1x/2x/4x instead of 1x/4x/16x",
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write results as JSON")
    parser.add_argument("--repeat", type=int, default=1, help="fresh-process runs per row")
    parser.add_argument("--one", metavar="NAME", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        run_one(json.loads(args.spec))
        return 0
    report = run_all(args.quick, max(1, args.repeat))
    print(render(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
