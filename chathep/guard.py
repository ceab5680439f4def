"""The first stage of a request: what is not an analysis is answered, refused or asked about.

Plain functions over the request text (no model, no files): :func:`screen` answers an empty,
overlong, non-English or dangerous request; :func:`is_question` tells a knowledge question
from a request for a plot; :func:`asks_advice` a question asking what to use.
"""

from __future__ import annotations

import re

from chathep.answer import Answer

MAX_REQUEST_CHARS = 4000
_DANGEROUS = re.compile(
    r"\b(rm\s+-rf|delete(?!\s+(?:all\s+)?(?:the\s+)?(?:events?|entries|candidates|objects|jets|"
    r"muons|electrons|photons|leptons)|\s+(?:that|this|the\s+last)\s+(?:change|step|edit|follow-?up)\b)"
    r"|erase|wipe|format\s+(the\s+)?disk|shutdown|reboot|ssh\s+key|"
    r"password|credential|exfiltrat|upload\s+(my|the)\s+files|kill\s+-9|sudo)\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^\s*(which|what|how|why|when|where|who|should|can|could|does|do|is|are|explain|tell me)\b",
    re.IGNORECASE,
)
_ANALYSIS_WORDS = re.compile(
    r"\b(plot|histogram|histo|distribution|draw|show|compare|comparison|spectrum|make|produce|"
    r"data/mc|data vs|yields?|cutflow|bins?)\b",
    re.IGNORECASE,
)


#: A question asking what to use ("which MET filters should I apply?") is about the knowledge
#: base even when it names a quantity the parser could plot.
_ASKS_ADVICE = re.compile(
    r"\b(should\s+(?:i|we|one)|recommend\w*|which\b.*\b(?:use|apply)|what\b.*\bcuts?\b(?!\s+on))",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A knowledge question ("which muon ID ...?") rather than a request for a plot."""
    asks = bool(_QUESTION_START.match(text)) or text.rstrip().endswith("?")
    return asks and not _ANALYSIS_WORDS.search(text)


def asks_advice(text: str) -> bool:
    """A question asking what to use ("which MET filters should I apply?"): about the
    knowledge base even when it names a quantity the parser could plot."""
    return bool(_ASKS_ADVICE.search(text))


def screen(request: str) -> Answer | None:
    """None when ``request`` goes on to be planned; else the answer it gets here: a
    clarification (empty, not English) or a refusal (too long, not an analysis)."""
    text = request.strip()
    if not text:
        return Answer(
            request=request,
            kind="clarification",
            message="What would you like to see? For example: 'the dimuon mass in data and "
            "Drell-Yan MC, opposite-sign muons above 25 GeV'.",
        )
    if len(text) > MAX_REQUEST_CHARS:
        return Answer(
            request=request,
            kind="refusal",
            message=f"The request is {len(text):,} characters long; ChatHEP reads at most "
            f"{MAX_REQUEST_CHARS:,}.",
            hint="Describe the analysis in a few sentences; put long notes into the knowledge "
            "base with `chathep index PATH`.",
        )
    if not looks_english(text):
        return Answer(
            request=request,
            kind="clarification",
            message="ChatHEP understands English requests. For example: 'the dimuon mass, "
            "opposite-sign muons above 25 GeV, data vs Drell-Yan'.",
        )
    if _DANGEROUS.search(text):
        return Answer(
            request=request,
            kind="refusal",
            message="ChatHEP writes and runs physics analyses in a sandbox that cannot touch your "
            "files, credentials or the network; it does not do this.",
            hint="Ask for a plot, a selection or a yield, or a question about the experiment "
            "docs and calibrations.",
        )
    return None


_ENGLISH = re.compile(
    r"\b(the|of|and|with|in|for|plot|show|mass|events?|data|what|which|how|is|are|to|vs|"
    r"muons?|jets?|electrons?|pt|eta|met|histogram|draw|make|compare)\b",
    re.IGNORECASE,
)
_FOREIGN = re.compile(
    r"\b(le|la|les|des|du|est|une|quel|quelle|fait|demain|avec|pour|dans|der|die|das|und|ist|"
    r"mit|nicht|ein|eine|wie|el|los|las|una|con|por|para|que|qué|cómo|il|della|sono|"
    r"questo|come|perché)\b",
    re.IGNORECASE,
)


def looks_english(text: str) -> bool:
    """False only when the words are clearly of another language (French, German, ...)."""
    foreign = len(_FOREIGN.findall(text))
    return foreign < 2 or len(_ENGLISH.findall(text)) > foreign
