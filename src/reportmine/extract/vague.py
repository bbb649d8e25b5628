"""THE table of vague quantifiers and hedges used for prose proportions.

Every number the proportions extractor gives a vague word or a hedge comes from here, so a
researcher can read (and change) the conventions in one place. Values are fractions 0-1.

Conventions (they follow the hand-made gold files, ``tests/gold/*.json``, where those say
something; where the gold is silent the choice is marked *chosen* with its reason):

Vague quantifiers (:data:`VAGUE`), ``phrase -> (low, high, hedge)``:

========================  ===========  ======================================================
phrase                    range        source
========================  ===========  ======================================================
most                      0.60-0.90    gold convention
the/a majority            0.50-1.00    gold convention
almost/nearly all         0.90-0.99    gold convention (hedge "almost"/"nearly")
virtually/practically all 0.90-0.99    chosen: same as "almost all"
a few                     0.01-0.15    gold convention
very few / few            0.01-0.10 /  chosen: "very few" narrower than "a few"; bare "few"
                          0.01-0.15    (only when quantifying: "Few reports ...") as "a few"
a minority                0.01-0.49    gold convention
a small minority          0.01-0.15    chosen: like "a few"
a significant/sizeable/   0.15-0.49    chosen: a minority worth flagging, below half
substantial/large
minority
a large majority          0.80-1.00    chosen: HMI Probation's own rating bands ("Large
                                       majority: 80%+", "Reasonable majority: 65-79%")
a reasonable majority     0.65-0.79    chosen: HMI Probation rating band
the vast/great/           0.85-0.99    chosen: stronger than "large majority", not "all"
overwhelming majority
a clear/significant/      0.60-1.00    chosen: clearly more than a bare majority
substantial majority
a small/slim/narrow       0.50-0.60    chosen: just above half
majority
========================  ===========  ======================================================

Not treated as proportions (too vague to bound, and the gold never counts them): "some",
"many", "several", "a number of", "a small number of", "all", "none", "no".

Hedges (:data:`HEDGES`) turn an exact value X into a range:

* ``BELOW`` (almost, nearly, just under, under, less than, fewer than, not quite, ...):
  X-0.05 to X (gold convention; "less than"/"under" have no gold rule and follow "just
  under", as the gold files' notes do).
* ``ABOVE`` (over, more than, just over, at least, greater than, above, in excess of, ...):
  X to X+0.05 (gold convention: "over 80 per cent" 0.80-0.85, "over a third"
  0.3333-0.3833). **Exception** from the gold convention: "over half"/"more than half"
  0.50-0.60 (:data:`WIDE_ABOVE`), while "just over half" stays 0.50-0.55.
* ``WELL_ABOVE`` / ``WELL_BELOW`` (well over, well above / well under, well below): X+0.05 to
  X+0.15 / X-0.15 to X-0.05 (chosen: further away than a plain "over").
* ``AROUND`` (around, about, approximately, roughly, some, circa, ~): X-0.03 to X+0.03 (gold
  convention: "around a quarter" 0.22-0.28).
* ``BETWEEN``: "between X and Y" is the range X to Y.
* Postfix ``TO_ONE`` ("or more", "and above", ...): X to 1.0; ``TO_ZERO`` ("or less", "or
  fewer", ...): 0 to X (gold: "80 per cent or more ... to score Outstanding" is 0.80-1.00).
* "only" and "just" (without "over"/"under") are emphasis, not hedges: "only half" is 0.5
  (gold convention).
* In a *threshold* (a cut-off, not a measurement) a comparison hedge does not widen the
  value: "RSR score greater than 6.89%" is 0.0689-0.0689 (gold convention); bands written as
  ranges or with a postfix ("or more", "between") keep their range, and in a rating-band
  sentence a comparison opens the band ("if less than 50 per cent are sufficient ... rated
  'Inadequate'" is 0-0.50; chosen, by analogy with "80 per cent or more" = 0.80-1.00).

All results are clamped to [0, 1] and rounded to 4 decimals.
"""

from __future__ import annotations

BELOW = "below"
ABOVE = "above"
WELL_BELOW = "well_below"
WELL_ABOVE = "well_above"
AROUND = "around"
BETWEEN = "between"
TO_ONE = "to_one"
TO_ZERO = "to_zero"

# How far each kind of hedge moves a value, as (delta_low, delta_high) added to X.
HEDGE_DELTAS: dict[str, tuple[float, float]] = {
    BELOW: (-0.05, 0.0),
    ABOVE: (0.0, 0.05),
    WELL_BELOW: (-0.15, -0.05),
    WELL_ABOVE: (0.05, 0.15),
    AROUND: (-0.03, 0.03),
}
# "over half" / "more than half": the gold convention is 0.50-0.60, wider than other "over"s.
WIDE_ABOVE: dict[tuple[str, float], tuple[float, float]] = {
    ("over", 0.5): (0.0, 0.10),
    ("more than", 0.5): (0.0, 0.10),
}

# Hedge words written before a value: phrase (lower case) -> kind.
HEDGES: dict[str, str] = {
    "almost": BELOW,
    "nearly": BELOW,
    "just under": BELOW,
    "just below": BELOW,
    "under": BELOW,
    "below": BELOW,
    "less than": BELOW,
    "fewer than": BELOW,
    "just less than": BELOW,
    "just fewer than": BELOW,
    "slightly under": BELOW,
    "slightly less than": BELOW,
    "slightly fewer than": BELOW,
    "a little under": BELOW,
    "a little less than": BELOW,
    "not quite": BELOW,
    "up to": BELOW,
    "at most": BELOW,
    "<": BELOW,
    "≤": BELOW,
    "over": ABOVE,
    "just over": ABOVE,
    "more than": ABOVE,
    "just more than": ABOVE,
    "slightly over": ABOVE,
    "slightly more than": ABOVE,
    "a little over": ABOVE,
    "a little more than": ABOVE,
    "at least": ABOVE,
    "greater than": ABOVE,
    "above": ABOVE,
    "just above": ABOVE,
    "in excess of": ABOVE,
    "upwards of": ABOVE,
    ">": ABOVE,
    "≥": ABOVE,
    "well over": WELL_ABOVE,
    "well above": WELL_ABOVE,
    "well in excess of": WELL_ABOVE,
    "well more than": WELL_ABOVE,
    "well under": WELL_BELOW,
    "well below": WELL_BELOW,
    "well short of": WELL_BELOW,
    "well less than": WELL_BELOW,
    "around": AROUND,
    "about": AROUND,
    "approximately": AROUND,
    "approx": AROUND,
    "approx.": AROUND,
    "roughly": AROUND,
    "circa": AROUND,
    "some": AROUND,  # only ever used before a number ("some 40 per cent")
    "~": AROUND,
    "between": BETWEEN,
}
# Hedges that may only stand before a number or percentage, never before a vague word or a
# word fraction ("some half" is not English; "about half" is, and is allowed).
NUMERIC_ONLY_HEDGES = frozenset({"some", "<", ">", "≤", "≥", "~"})

# Hedges written after a value.
POSTFIX_HEDGES: dict[str, str] = {
    "or more": TO_ONE,
    "or over": TO_ONE,
    "or above": TO_ONE,
    "or higher": TO_ONE,
    "or greater": TO_ONE,
    "and above": TO_ONE,
    "and over": TO_ONE,
    "or less": TO_ZERO,
    "or fewer": TO_ZERO,
    "or below": TO_ZERO,
    "or lower": TO_ZERO,
    "or under": TO_ZERO,
    "and below": TO_ZERO,
    "and under": TO_ZERO,
}

# Vague quantifiers: phrase (lower case) -> (low, high, hedge printed in the phrase).
VAGUE: dict[str, tuple[float, float, str | None]] = {
    "most": (0.60, 0.90, None),
    "the majority": (0.50, 1.00, None),
    "a majority": (0.50, 1.00, None),
    "the large majority": (0.80, 1.00, None),
    "a large majority": (0.80, 1.00, None),
    "a reasonable majority": (0.65, 0.79, None),
    "the vast majority": (0.85, 0.99, None),
    "a vast majority": (0.85, 0.99, None),
    "the great majority": (0.85, 0.99, None),
    "a great majority": (0.85, 0.99, None),
    "the overwhelming majority": (0.85, 0.99, None),
    "an overwhelming majority": (0.85, 0.99, None),
    "a clear majority": (0.60, 1.00, None),
    "the clear majority": (0.60, 1.00, None),
    "a significant majority": (0.60, 1.00, None),
    "a substantial majority": (0.60, 1.00, None),
    "a small majority": (0.50, 0.60, None),
    "a slim majority": (0.50, 0.60, None),
    "a narrow majority": (0.50, 0.60, None),
    "almost all": (0.90, 0.99, "almost"),
    "nearly all": (0.90, 0.99, "nearly"),
    "virtually all": (0.90, 0.99, "virtually"),
    "practically all": (0.90, 0.99, "practically"),
    "a few": (0.01, 0.15, None),
    "very few": (0.01, 0.10, None),
    "few": (0.01, 0.15, None),
    "a minority": (0.01, 0.49, None),
    "the minority": (0.01, 0.49, None),
    "a small minority": (0.01, 0.15, None),
    "a significant minority": (0.15, 0.49, None),
    "a sizeable minority": (0.15, 0.49, None),
    "a substantial minority": (0.15, 0.49, None),
    "a large minority": (0.15, 0.49, None),
}
