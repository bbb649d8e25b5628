"""The `reportmine` command: a thin shell over the library."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.tree import Tree

from reportmine import __version__
from reportmine.errors import IngestError
from reportmine.pipeline import Failure, default_workers, discover
from reportmine.pipeline import ingest as run_ingest

if TYPE_CHECKING:
    from reportmine.classify.evaluation import Calibration

app = typer.Typer(
    help="Turn published inspection reports (PDF, HTML, text) into research-grade data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Markdown: a docstring's wrapped lines form one paragraph that fits the terminal; a blank
    # line starts a new one.
    rich_markup_mode="markdown",
)
out_console = Console()
ExtractedFolder = Annotated[Path, typer.Option(help="Folder written by `reportmine ingest`.")]
err_console = Console(stderr=True)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Report files and/or folders of reports.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the output tables.")] = Path(
        "extracted"
    ),
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Files processed in parallel (default: one per CPU core, at most 4).",
        ),
    ] = None,
    max_pages: Annotated[
        int | None,
        typer.Option("--max-pages", min=1, help="Refuse PDFs with more pages than this."),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", min=1, help="Stop any one file after this many seconds."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Redo every file, even unchanged ones.")
    ] = False,
    ocr: Annotated[
        bool, typer.Option("--ocr", help="OCR scanned PDFs (needs ocrmypdf and tesseract).")
    ] = False,
    engine: Annotated[
        str, typer.Option(help="'local' (processes on this machine) or 'dask' (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://host:8786); default: a local cluster."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
) -> None:
    """Ingest reports into tidy tables in OUT: reports, sections, every extractor's table,
    paragraph themes, errors (CSV) and the normalised texts.

    Re-running skips files whose content (and manifest row) did not change; --force redoes
    them. A killed run leaves the previous tables complete, and the next run finishes the
    work. Bad files are reported on one line each and recorded in errors.csv; the rest of the
    batch still runs. Exit code: 0 when at least one report was ingested and no file failed,
    1 when any file failed (or nothing was found).

    Example: reportmine ingest corpus/ --out extracted/
    """
    files = discover(paths)
    show_bar = len(files) > 1 and not quiet and sys.stderr.isatty()

    def report_failure(outcome: object) -> None:
        if isinstance(outcome, Failure):
            err_console.print(
                f"[red]error[/red] {outcome.file}: {outcome.message}",
                highlight=False,
                soft_wrap=True,
            )

    options: dict[str, Any] = {
        "workers": workers or default_workers(),
        "max_pages": max_pages,
        "timeout": timeout,
        "force": force,
        "ocr": ocr,
        "engine": engine,
        "scheduler": scheduler,
    }
    if show_bar:
        with Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
        ) as progress:
            task = progress.add_task("ingest", total=len(files))

            def tick(outcome: object) -> None:
                report_failure(outcome)
                progress.advance(task)

            result = run_ingest(files or paths, out, on_progress=tick, **options)
    else:
        result = run_ingest(files or paths, out, on_progress=report_failure, **options)
    if not files:
        err_console.print(
            f"[red]error[/red] no report files found in: {', '.join(map(str, paths))}"
        )
    if not quiet:
        skipped = f" ({result.skipped} unchanged, skipped)" if result.skipped else ""
        out_console.print(
            f"ingested {len(result.reports)} report(s){skipped}, "
            f"{len(result.failures)} failed -> {out}/",
            highlight=False,
        )
    raise typer.Exit(result.exit_code)


@app.command()
def sections(path: Annotated[Path, typer.Argument(help="One report file.")]) -> None:
    """Print the section tree of one report (number, title, kind, pages).

    Example: reportmine sections corpus/2019-nps-london.txt
    """
    from reportmine import read_report

    try:
        report = read_report(path)
    except IngestError as exc:
        err_console.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None
    tree = Tree(f"[bold]{report.title or report.slug}[/bold] ({report.id})")
    nodes: dict[str | None, Tree] = {None: tree}
    for s in report.sections:
        label = " ".join(p for p in (s.number or "", s.title) if p)
        pages = f" p{s.page_start}" if s.page_start else ""
        rating = f" [{s.rating}]" if s.rating else ""
        nodes[s.id] = nodes.get(s.parent_id, tree).add(
            f"{label} [dim]({s.kind}{pages}){rating}[/dim]"
        )
    out_console.print(tree)


@app.command()
def extract(
    kind: Annotated[
        str, typer.Argument(help="Extractor: ratings, key_questions, recommendations, ...")
    ],
    paths: Annotated[list[Path], typer.Argument(help="Report files and/or folders.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write CSV here instead of standard output.")
    ] = None,
) -> None:
    """Run one extractor and print its table as CSV (or write it with --out).

    Example: reportmine extract ratings corpus/2019-nps-london.txt
    """
    import csv
    import io

    from reportmine import read_report
    from reportmine.extract import REGISTRY
    from reportmine.store.atomic import _cell, atomic_write_text

    if kind not in REGISTRY:
        err_console.print(
            f"[red]error[/red] unknown extractor '{kind}'; one of: {', '.join(REGISTRY)}"
        )
        raise typer.Exit(2)
    extractor = REGISTRY[kind]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(extractor.all_columns), lineterminator="\n")
    writer.writeheader()
    failed = False
    for path in discover(paths):
        try:
            report = read_report(path)
        except IngestError as exc:
            err_console.print(f"[red]error[/red] {exc}", highlight=False, soft_wrap=True)
            failed = True
            continue
        for row in extractor.run(report):
            writer.writerow({k: _cell(row.get(k)) for k in extractor.all_columns})
    if out is None:
        sys.stdout.write(buffer.getvalue())
    else:
        atomic_write_text(out, buffer.getvalue())
    raise typer.Exit(1 if failed else 0)


@app.command()
def evaluate(
    what: Annotated[
        str,
        typer.Argument(
            help="'extractors' (against tests/gold) or 'themes' (leave-one-report-out)."
        ),
    ] = "extractors",
    gold: Annotated[Path, typer.Option(help="Folder of gold JSON files.")] = Path("tests/gold"),
    root: Annotated[
        Path, typer.Option(help="Folder the gold files' paths are relative to.")
    ] = Path("."),
    data: Annotated[
        Path | None, typer.Option(help="Labelled theme data (models/training).")
    ] = None,
    details: Annotated[bool, typer.Option("--details", help="List every miss and extra.")] = False,
    embeddings: Annotated[
        bool,
        typer.Option(
            "--embeddings", help="Themes: also measure MiniLM embeddings (optional extra)."
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", min=1, help="Themes: processes fitting the model (default: one per core)."
        ),
    ] = None,
) -> None:
    """Score the extractors against the gold files, or the theme classifier by
    leave-one-report-out cross-validation against a keyword baseline.

    Examples: reportmine evaluate --details ; reportmine evaluate themes
    """
    if what == "themes":
        _evaluate_themes(data, embeddings, jobs)
        return
    if what != "extractors":
        err_console.print(f"[red]error[/red] evaluate what? 'extractors' or 'themes', not '{what}'")
        raise typer.Exit(2)
    from rich.table import Table

    from reportmine.evaluate import evaluate as run_evaluation
    from reportmine.evaluate import totals

    scores = run_evaluation(gold, root)
    table = Table(title="extraction against gold")
    for column in ("extractor", "report", "gold", "found", "precision", "recall", "F1", "fields"):
        table.add_column(column)
    summary = totals(scores)
    for s in [*scores, *summary.values()]:
        if s.tp + s.fn + s.fp == 0:
            continue
        fields = ", ".join(f"{n} {s.field_accuracy(n):.2f}" for n in s.fields)
        table.add_row(
            s.extractor,
            s.report,
            str(s.tp + s.fn),
            str(s.tp + s.fp),
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            fields,
        )
    out_console.print(table)
    if details:
        for s in scores:
            for miss in s.misses:
                out_console.print(f"miss  {s.extractor} {s.report}: {miss}", highlight=False)
            for extra in s.extras:
                out_console.print(f"extra {s.extractor} {s.report}: {extra}", highlight=False)


def _evaluate_themes(data: Path | None, embeddings: bool, jobs: int | None) -> None:
    from rich.table import Table

    from reportmine.classify.data import DEFAULT_AGREEMENT, load_labelled
    from reportmine.classify.evaluation import evaluate_themes, labeller_agreement
    from reportmine.classify.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    labelled = load_labelled(taxonomy, data)
    model, baseline, *others = evaluate_themes(labelled, taxonomy, embeddings, jobs)
    agreement = labeller_agreement(labelled, taxonomy, DEFAULT_AGREEMENT)
    extra = int(labelled.train_only.sum())
    title = f"themes, leave-one-report-out ({int(labelled.evaluated.sum())} labelled report texts"
    table = Table(title=title + (f"; {extra} written training-only texts)" if extra else ")"))
    for column in ("theme", "gold", "P", "R", "F1", "baseline P", "baseline R", "baseline F1"):
        table.add_column(column, justify="right" if column != "theme" else "left")
    for m, b in zip(model.per_theme, baseline.per_theme, strict=True):
        table.add_row(
            m.theme,
            str(m.support),
            f"{m.precision:.2f}",
            f"{m.recall:.2f}",
            f"{m.f1:.2f}",
            f"{b.precision:.2f}",
            f"{b.recall:.2f}",
            f"{b.f1:.2f}",
        )
    out_console.print(table)
    for label, support in (("all themes with examples", 1), ("themes with >=15 examples", 15)):
        compared = ", ".join(
            f"{e.name} {e.macro_f1(support):.3f}" for e in (model, baseline, *others)
        )
        out_console.print(f"macro-F1 over {label}: {compared}", highlight=False)
    by_report = Table(title="macro-F1 per held-out report (themes with examples in it)")
    for column in ("report", "texts", "model", "baseline"):
        by_report.add_column(column, justify="left" if column == "report" else "right")
    sizes = {r: labelled.groups.count(r) for r in model.by_report}
    for report, f1 in model.by_report.items():
        by_report.add_row(
            report, str(sizes[report]), f"{f1:.3f}", f"{baseline.by_report[report]:.3f}"
        )
    out_console.print(by_report)
    if model.calibration is not None:
        _print_calibration(model.calibration)
    if agreement is not None:
        out_console.print(
            f"labeller agreement (blind second labelling of {agreement.texts} texts,"
            f" {DEFAULT_AGREEMENT.name}/):"
            f" macro-F1 {agreement.macro_f1():.3f}",
            highlight=False,
        )


def _print_calibration(calibration: Calibration) -> None:
    from rich.table import Table

    table = Table(title="score calibration, held out (every text x theme pair)")
    for column in ("score", "pairs", "mean score", "labelled share"):
        table.add_column(column, justify="right")
    for b in calibration.bins:
        table.add_row(
            f"{b.low:.2f}-{b.high:.2f}", str(b.pairs), f"{b.mean_score:.3f}", f"{b.observed:.3f}"
        )
    out_console.print(table)
    out_console.print(
        f"Brier score {calibration.brier:.4f}, expected calibration error {calibration.ece:.4f};"
        f" mean score {calibration.mean_score:.3f} against a labelled share of"
        f" {calibration.prevalence:.3f}",
        highlight=False,
    )


@app.command()
def train(
    data: Annotated[
        Path | None, typer.Option(help="Labelled data (default models/training).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Model folder (default models/themes-model).")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", min=1, help="Processes fitting the model (default: one per core)."),
    ] = None,
) -> None:
    """Rebuild the theme model from the labelled data (deterministic: same data, same model,
    whatever the number of jobs).

    Example: reportmine train
    """
    from reportmine.classify.data import load_labelled
    from reportmine.classify.model import ThemeClassifier
    from reportmine.classify.tagger import model_folder
    from reportmine.classify.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    labelled = load_labelled(taxonomy, data)
    model = ThemeClassifier(taxonomy, n_jobs=jobs).fit(
        labelled.texts, labelled.labels, labelled.groups, labelled.train_only
    )
    folder = out or model_folder()
    model.save(folder)
    extra = int(labelled.train_only.sum())
    out_console.print(
        f"trained on {int(labelled.evaluated.sum())} texts from {len(labelled.reports)} reports"
        + (f" and {extra} written training-only texts" if extra else "")
        + f" -> {folder}/",
        highlight=False,
    )


themes_app = typer.Typer(
    help="Inspect the theme classifier.", no_args_is_help=True, rich_markup_mode="markdown"
)
app.add_typer(themes_app, name="themes")


@themes_app.command("explain")
def themes_explain(
    text: Annotated[str | None, typer.Argument(help="Text to tag and explain.")] = None,
    paragraph: Annotated[
        str | None, typer.Option("--paragraph", help="A paragraph_id from paragraph_themes.csv.")
    ] = None,
    extracted: ExtractedFolder = Path("extracted"),
    top: Annotated[int, typer.Option(help="Terms shown per theme.")] = 8,
) -> None:
    """Show the themes predicted for a text and the terms that contributed most to each.

    Example: reportmine themes explain "Offices were closed because the boilers broke."
    """
    from reportmine.classify.tagger import shipped_model

    model = shipped_model()
    if model is None:
        err_console.print("[red]error[/red] no theme model: run `reportmine train` first")
        raise typer.Exit(1)
    if paragraph:
        text = _paragraph_text(extracted, paragraph)
    if not text:
        err_console.print("[red]error[/red] give TEXT or --paragraph ID")
        raise typer.Exit(2)
    probabilities = model.predict_proba([text])[0]
    explanation = model.explain(text, top=top)
    if not explanation:
        out_console.print("no theme predicted")
    for theme, terms in explanation.items():
        k = model.themes.index(theme)
        out_console.print(
            f"[bold]{theme}[/bold] score {probabilities[k]:.2f}"
            f" (threshold {model.thresholds[k]:.2f})"
        )
        for term, weight in terms:
            out_console.print(f"    {weight:+.3f}  {term}", highlight=False)


def _paragraph_text(extracted: Path, paragraph_id: str) -> str | None:
    import csv

    with (extracted / "paragraph_themes.csv").open(encoding="utf-8") as handle:
        row = next((r for r in csv.DictReader(handle) if r["paragraph_id"] == paragraph_id), None)
    if row is None:
        err_console.print(
            f"[red]error[/red] paragraph {paragraph_id} not in {extracted}/paragraph_themes.csv"
        )
        raise typer.Exit(1)
    text = (extracted / "texts" / f"{row['report_id']}.txt").read_text("utf-8")
    return text[int(row["char_start"]) : int(row["char_end"])]


@app.command()
def compare(
    by: Annotated[
        str,
        typer.Option(
            help="Group by: report, provider_type, year, report_type or a reports.csv column."
        ),
    ] = "report",
    themes: Annotated[
        list[str] | None, typer.Option("--themes", help="Only these themes (repeat the option).")
    ] = None,
    extracted: ExtractedFolder = Path("extracted"),
    chart: Annotated[
        Path | None, typer.Option(help="Also draw a group x theme heatmap (PNG).")
    ] = None,
) -> None:
    """Compare theme frequencies across inspections; writes EXTRACTED/theme_frequencies.csv.

    Shares of paragraphs carry 95% Wilson intervals; with two groups each theme gets a
    two-proportion z test and Holm-adjusted p-values across themes.

    Example: reportmine compare --by year --themes victim_work --themes facilities
    """
    from rich.table import Table

    from reportmine.research import load
    from reportmine.research.compare import theme_frequencies
    from reportmine.store.atomic import atomic_write_text

    table = theme_frequencies(load(extracted), by=by, themes=themes)
    atomic_write_text(extracted / "theme_frequencies.csv", table.to_csv(index=False))
    view = Table(title=f"theme frequencies by {by} (share of paragraphs, 95% CI)")
    columns = ["group", "theme", "tagged", "share", "95% CI", "per 1,000 sentences"]
    tests = "p_holm" in table.columns
    columns += ["p (Holm)"] if tests else []
    for column in columns:
        view.add_column(column)
    for _, row in table.iterrows():
        cells = [
            str(row["group"]),
            row["theme"],
            f"{row['paragraphs_tagged']}/{row['paragraphs_total']}",
            f"{row['share']:.1%}",
            f"{row['share_ci_low']:.1%}–{row['share_ci_high']:.1%}",
            f"{row['per_1000_sentences']:.1f}",
        ]
        cells += [f"{row['p_holm']:.3g}"] if tests else []
        view.add_row(*cells)
    out_console.print(view)
    if chart:
        from reportmine.research.charts import theme_heatmap

        theme_heatmap(table, chart)
        out_console.print(f"chart -> {chart}", highlight=False)


@app.command()
def query(
    sql: Annotated[
        str, typer.Argument(help="SQL over the views reports, ratings, key_questions, ...")
    ],
    extracted: ExtractedFolder = Path("extracted"),
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write the result as CSV.")] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the result as JSON records.")
    ] = None,
) -> None:
    """Run SQL (DuckDB, embedded) over the extracted tables, each a view named after its CSV.

    Example: reportmine query "SELECT code, percent_yes FROM key_questions WHERE percent_yes < 65"
    """
    from rich.table import Table

    from reportmine.research.sql import query as run_query
    from reportmine.store.atomic import atomic_write_text

    try:
        frame = run_query(sql, extracted)
    except Exception as exc:  # DuckDB parser/binder errors: one line, no traceback
        err_console.print(
            f"[red]error[/red] {exc.__class__.__name__}: {str(exc).splitlines()[0]}",
            highlight=False,
        )
        raise typer.Exit(1) from None
    if csv_out:
        atomic_write_text(csv_out, frame.to_csv(index=False))
    if json_out:
        atomic_write_text(json_out, frame.to_json(orient="records", force_ascii=False, indent=1))
    if csv_out or json_out:
        out_console.print(f"{len(frame)} row(s)", highlight=False)
        return
    view = Table()
    for column in frame.columns:
        view.add_column(str(column))
    for row in frame.itertuples(index=False):
        view.add_row(*["" if v is None or v != v else str(v) for v in row])
    out_console.print(view)


@app.command()
def show(
    report_id: Annotated[
        str, typer.Argument(help="A report_id (or a unique prefix, e.g. 2019-nps-london).")
    ],
    extracted: ExtractedFolder = Path("extracted"),
) -> None:
    """One-screen summary of a report: ratings, lowest key questions, recommendations by
    addressee, top themes.

    Example: reportmine show 2019-london-crc
    """
    from reportmine.research import load
    from reportmine.research.summary import summary_lines

    corpus = load(extracted)
    matches = [r for r in corpus.reports["report_id"] if r.startswith(report_id)]
    if len(matches) != 1:
        err_console.print(f"[red]error[/red] '{report_id}' matches {len(matches)} reports")
        raise typer.Exit(1)
    for line in summary_lines(corpus, matches[0]):
        out_console.print(line, highlight=False, soft_wrap=True)


@app.command()
def report(
    html: Annotated[Path, typer.Option("--html", help="Where to write the page.")] = Path(
        "extracted/report.html"
    ),
    extracted: ExtractedFolder = Path("extracted"),
) -> None:
    """Write one self-contained HTML page (no CDN, works offline): ratings grid, key questions
    against the 65%/80% bands, recommendations by addressee and theme, theme heatmap; every
    figure links to its source text spans.

    Example: reportmine report --html extracted/report.html
    """
    from reportmine.research import load
    from reportmine.research.report_page import build_report_page

    path = build_report_page(load(extracted), html)
    out_console.print(f"report -> {path}", highlight=False)


@app.command()
def version() -> None:
    """Print the reportmine version."""
    out_console.print(__version__)


def main() -> None:  # pragma: no cover
    app()
