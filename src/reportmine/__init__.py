"""reportmine: turn published inspection reports into research-grade data."""

from reportmine.errors import IngestError
from reportmine.ingest import read_report
from reportmine.model import FootnoteRef, Line, Paragraph, Report, Section, Table

__version__ = "0.1.0"


def __getattr__(name: str):
    # `rm.load` pulls in pandas; only pay for it when a researcher asks.
    if name == "load":
        from reportmine.research import load

        return load
    raise AttributeError(name)


__all__ = [
    "FootnoteRef",
    "IngestError",
    "Line",
    "Paragraph",
    "Report",
    "Section",
    "Table",
    "__version__",
    "load",
    "read_report",
]
