"""Check or rewrite ``tests/data/known_vocabulary.txt``: how the coverage check treats each word.

The coverage check (``chathep/planner/coverage.py``) takes every regular expression of the rule
modules as words it knows, so a word list added to any regex makes its words known in every
request ("trailing", "decaying" became known that way, and "the trailing muon" was planned as
every muon). The snapshot records, for every English word and every selection word, whether it
is asked about or passes silently by a rule or the catalog
(:mod:`chathep.planner.vocabulary`); ``tests/test_known_vocabulary.py`` fails when it changes.

Run: ``python tools/known_vocabulary.py`` prints what changed (exit 1 when something did);
``python tools/known_vocabulary.py --update`` rewrites the snapshot;
``python tools/known_vocabulary.py --why WORD ...`` prints the patterns that know each word and
where they are written (file:line, or the lexicon attribute). Review every word newly
known by a rule: it now passes silently in *every* request, so the planner must read it
correctly wherever it stands (else move the word list out of the recognised modules, or make
the regex spell a phrase rather than a bare word).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "data" / "known_vocabulary.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the snapshot")
    parser.add_argument("--why", nargs="+", metavar="WORD", help="which patterns know WORD")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    from chathep.catalog import default_catalog
    from chathep.planner import vocabulary

    if args.why:
        for word in args.why:
            found = vocabulary.why_known(word, default_catalog())
            print(f"{word}: {'known by' if found else 'no pattern knows it alone'}")
            for where, pattern in found:
                print(f"  {where}: {pattern[:160]}")
        return 0

    start = time.perf_counter()
    now = vocabulary.standing(default_catalog())
    seconds = time.perf_counter() - start
    old = (
        vocabulary.parse_snapshot(SNAPSHOT.read_text(encoding="utf-8"), now)
        if SNAPSHOT.exists()
        else {}
    )
    change = vocabulary.describe_change(old, now) if old else "no snapshot yet"
    known = sum(how != vocabulary.ASKED for how in now.values())
    print(f"{len(now)} words, {known} known, {len(now) - known} asked ({seconds:.1f} s)")
    print(change or "unchanged")
    if args.update:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(vocabulary.format_snapshot(now), encoding="utf-8")
        print(f"wrote {SNAPSHOT.relative_to(ROOT)}")
        return 0
    return 1 if change else 0


if __name__ == "__main__":
    sys.exit(main())
