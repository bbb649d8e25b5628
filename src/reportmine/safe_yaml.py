"""YAML configuration read with PyYAML's safe loader: in C (libyaml) when PyYAML has it.

The taxonomy and the lexicons are read at every `reportmine ingest`; the pure-Python loader
takes about a tenth of a second for them, the C one a few milliseconds. Both build plain
Python objects only (no tags that run code).
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)
