"""Telling a knowledge question ("which muon ID should I use?") from a request for a plot.

Its own light module (only ``re``): :func:`chathep.api.prestart` decides with it whether to
start the warm sandbox before the agent (and langchain) is imported.
"""

from __future__ import annotations

import re

QUESTION_START = re.compile(
    r"^\s*(which|what|how|why|when|where|who|should|can|could|does|do|is|are|explain|tell me)\b",
    re.IGNORECASE,
)
ANALYSIS_WORDS = re.compile(
    r"\b(plot|histogram|histo|distribution|draw|show|compare|comparison|spectrum|make|produce|"
    r"data/mc|data vs|yields?|cutflow|bins?)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A knowledge question ("which muon ID ...?") rather than a request for a plot."""
    asks = bool(QUESTION_START.match(text)) or text.rstrip().endswith("?")
    return asks and not ANALYSIS_WORDS.search(text)
