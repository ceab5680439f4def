"""Write ``chathep/planner/prose_words.txt``: common English words that carry no analysis content.

The coverage check (``chathep/planner/coverage.py``) asks about every word of a request that no
rule of the planner knows. Physicists write prose around their request ("Repeat these plots
with ...", "we expect to see ...", "apply some criteria"), and most of its words are ordinary
English. This tool lists the ordinary words once, so the check can let them pass while it keeps
asking about every word that may carry a cut, an object, a quantity or a sample:

    prose = the 10,000 most frequent English words (wordfreq, ``top_n_list("en", 10000)``)
            - words of the NanoAOD branch documentation of the demo files (physics vocabulary:
              "prompt", "isolated", "matched", "secondary", "track", ...)
            - ``coverage.MEANINGFUL`` (negations, quantifiers, comparisons, ordinals, states,
              quantities, sample words: a closed list written from the grammar, not from requests)
            - superlatives ("softest", "largest": any word ending in -est except a few nouns)
            - plurals of the words taken out ("electrons", "matches")

wordfreq is needed only to run this tool (``pip install wordfreq``; it is not a dependency of
ChatHEP). Its word lists are CC-BY-SA 4.0 (https://github.com/rspeer/wordfreq, data from
Wikipedia, subtitles, news, books, web text, Twitter and Reddit); the generated list carries
that attribution and licence in its header.

Run: ``python tools/make_prose_words.py [--data-dir DIR]`` (DIR holds the demo ROOT files;
default: the configured data dir).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "chathep" / "planner" / "prose_words.txt"
N_WORDS = 10_000
#: every word of English that is spelled right, for the spelling reader (chathep/planner/
#: spelling.py): a real word is never read as another ("after" is not a typo of "alter")
ENGLISH_OUT = ROOT / "chathep" / "planner" / "english_words.txt"
N_ENGLISH = 50_000


def branch_title_words(data_dir: Path) -> set[str]:
    import uproot

    words: set[str] = set()
    for path in sorted(data_dir.glob("*.root")):
        with uproot.open(path) as f:
            for branch in f["Events"].branches:
                words |= set(re.findall(r"[a-z]+", (branch.title or "").lower()))
    if not words:
        sys.exit(f"no NanoAOD files with branch titles in {data_dir}; run `chathep setup` first")
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--english-only", action="store_true", help=f"write only {ENGLISH_OUT.name}")
    args = ap.parse_args()
    try:
        from wordfreq import top_n_list
    except ImportError:
        sys.exit("this tool needs wordfreq: pip install wordfreq")
    english = sorted({w for w in top_n_list("en", N_ENGLISH) if re.fullmatch(r"[a-z]{2,}", w)})
    ENGLISH_OUT.write_text(
        "\n".join(
            [
                "# English words spelled right (see tools/make_prose_words.py): wordfreq top",
                f"# {N_ENGLISH} English words, {len(english)} of two or more letters a-z.",
                "# Word frequencies: wordfreq by Robyn Speer et al.,",
                "# https://github.com/rspeer/wordfreq, CC-BY-SA 4.0; this derived list is",
                "# distributed under the same licence.",
                *english,
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {ENGLISH_OUT} ({len(english)} words)")
    if args.english_only:
        return
    sys.path.insert(0, str(ROOT))
    from chathep.config import get_settings
    from chathep.planner.coverage import MEANINGFUL, is_superlative

    data_dir = args.data_dir or get_settings().data_dir
    domain = branch_title_words(data_dir)
    common = [w for w in top_n_list("en", N_WORDS) if re.fullmatch(r"[a-z]{2,}", w)]
    carrying = domain | MEANINGFUL

    def carries(word: str) -> bool:  # the word or its singular ("electrons", "matches")
        forms = {word, word[:-1], word[:-2]} if word.endswith("s") else {word}
        return bool(forms & carrying) or is_superlative(word)

    prose = sorted(w for w in common if not carries(w))
    header = [
        "# Common English words that carry no analysis content (see tools/make_prose_words.py).",
        f"# {len(prose)} words = wordfreq top {N_WORDS} English words minus NanoAOD branch-title",
        "# words minus chathep.planner.coverage.MEANINGFUL minus superlatives, and their plurals.",
        "# Word frequencies: wordfreq by Robyn Speer et al., https://github.com/rspeer/wordfreq,",
        "# CC-BY-SA 4.0; this derived list is distributed under the same licence.",
    ]
    OUT.write_text("\n".join(header + prose) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(prose)} words; {len(common)} common, {len(domain)} domain)")


if __name__ == "__main__":
    main()
