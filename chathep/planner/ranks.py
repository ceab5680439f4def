"""The rank word "trailing", read only where it cannot mean anything but the second object.

"The trailing muon" of a dimuon event is the subleading muon; "the trailing jet" of an event
with four jets may be the fourth (the last) or the second: asked. The rule lives here, not in
:mod:`chathep.planner.lexicon`, because every string of that module is a recogniser for the
coverage check (:mod:`chathep.planner.coverage`): a pattern spelling "trailing" there would make
the word known in every request, also where this rule leaves it (and the trailing jet would be
planned as every jet, silently). The compiled pattern here is no recogniser; where it rewrites,
the coverage check sees "subleading", and elsewhere "trailing" stays unplaced and is asked.
"""

from __future__ import annotations

import chathep.regex as re

#: "trailing muon", "trailing lepton": the rank word before an object (the rewrite decides)
TRAILING_OF_A_PAIR: re.Pattern[str] = re.compile(
    r"\btrailing\s+(muon|electron|lepton|jet|photon|tau)(?=s?\b)"
)


def trailing_of_a_pair(m: re.Match[str]) -> str:
    """ "subleading <object>" where the request has a pair of those objects and no more of them
    ("dimuon", "muon pair", "two muons", "exactly 2 muons", "both muons"); else unchanged."""
    kind = m.group(1)
    text = m.string
    pair = re.search(
        rf"\bdi-?{kind}s?\b|\b{kind}s?[- ]?pairs?\b"
        rf"|\b(?:exactly\s+)?(?:two|2|both)\s+(?:[a-z-]+\s+){{0,2}}?{kind}s\b",
        text,
    )
    more = re.search(
        rf"\b(?:[3-9]|three|four|five|six)\s+(?:[a-z-]+\s+){{0,2}}?{kind}s\b"
        rf"|\b(?:third|fourth|3rd|4th)\b|\b(?:at\s+least|>=?|or\s+more)\s*(?:two|2)\s+{kind}s\b"
        rf"|\b(?:two|2)\s+or\s+more\s+{kind}s\b",
        text,
    )
    return f"subleading {kind}" if pair and not more else m.group(0)
