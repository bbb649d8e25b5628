"""Store: tidy tables written atomically."""

from reportmine.store.atomic import atomic_write_text, write_csv, write_jsonl

__all__ = ["atomic_write_text", "write_csv", "write_jsonl"]
