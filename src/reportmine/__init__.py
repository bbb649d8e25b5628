"""reportmine: turn published inspection reports into research-grade data."""

from reportmine.errors import IngestError
from reportmine.ingest import read_report
from reportmine.model import FootnoteRef, Line, Paragraph, Report, Section, Table

__version__ = "0.1.0"

__all__ = [
    "FootnoteRef",
    "IngestError",
    "Line",
    "Paragraph",
    "Report",
    "Section",
    "Table",
    "__version__",
    "read_report",
]
