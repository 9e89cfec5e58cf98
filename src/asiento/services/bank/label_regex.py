"""Rule label patterns, matched in linear time by RE2.

Why: a backtracking engine (Python's ``re``) takes time exponential in the
label's length for patterns such as ``^(a+)+$``; one such rule would stall
every statement import and auto-reconciliation. RE2 (google-re2) guarantees
time linear in the input for every pattern it accepts, and refuses the
constructs that need backtracking (backreferences, look-around) when the rule
is saved, with a 422 naming ``label_regex``. Matching is case-insensitive.

Invariants:
    - A stored ``label_regex`` compiles under RE2 and is at most
      ``MAX_PATTERN_LENGTH`` characters long.
    - Matching a label never backtracks.
"""

from __future__ import annotations

from functools import lru_cache

import re2

from asiento.domain.errors import InvalidInput
from asiento.domain.statement_lines import LabelPattern

MAX_PATTERN_LENGTH = 500
MAX_PROGRAM_MEMORY = 1 << 20  # bytes of compiled program: bounds pattern size as well


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = MAX_PROGRAM_MEMORY
    return options


@lru_cache(maxsize=512)
def compile_label_regex(pattern: str) -> LabelPattern:
    """The linear-time matcher of ``pattern``; ``InvalidInput`` when RE2 refuses it."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise InvalidInput(
            f"label_regex is longer than {MAX_PATTERN_LENGTH} characters", field="label_regex"
        )
    try:
        compiled: LabelPattern = re2.compile(pattern, _options())
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise InvalidInput(
            f"label_regex is not a valid regex (RE2 syntax, no backreferences): {reason}",
            field="label_regex",
        ) from None
    return compiled
