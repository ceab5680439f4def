"""Which words of a request the planner knows: the checker of "every word placed or asked".

The parser's passes read the words they have rules for. A word that *no* rule of the planner
knows ("rapidity", "softest", "prompt", "displaced") may change the analysis completely, and a
plan that silently leaves it out is a confident wrong plot. So a request may hold only

- words some rule of the lexicon, the parser, the follow-up reader or the catalog recognises
  (their regular expressions are run over the request; a word inside a match is known), or
- words that never carry analysis content (:data:`FILLER`: "plot", "please", "histogram", ...).

Anything else is reported as unplaced, and the planner asks about it instead of guessing.
The recognisers are collected from the planner's own modules, so a new rule is automatically
a known word; :data:`FILLER` is the one list to extend when a harmless word is asked about.

The other side of that: *every* string of lexicon.py, parser.py and followup.py is taken as a
recogniser, so a bare word list in any regex ("(first|second|leading|trailing)"), a wildcard
("di[a-z]+") or a plain string ("stop" as a dict key) makes its words known in every request,
and a request using one of them in a context no rule reads is planned without it, silently
("the trailing muon" was planned as every muon). ``tests/data/known_vocabulary.txt`` records
how the check treats every English word and every :data:`MEANINGFUL` word standing alone
(asked, or passing silently by a rule or the catalog; :mod:`chathep.planner.vocabulary`), and
``tests/test_known_vocabulary.py`` fails, naming the words, when a change of these modules
changes it. Then run ``python tools/known_vocabulary.py`` to see the words, review each word
newly known by a rule (plan a request using it where the new rule does not read it: the
planner must read it or ask; if not, spell a phrase instead of a bare word, or move the list
out of these modules, e.g. to silent.py), and only then ``python tools/known_vocabulary.py
--update`` and commit the snapshot with the change.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import chathep.regex as re
from chathep.catalog import Catalog

#: Words that never change what is selected or plotted: verbs of asking and plotting, generic
#: nouns of analysis and programming, articles, pronouns, politeness. A word that can carry a
#: cut, an object, a quantity or a sample (a number word, "only", "central", "soft") is never
#: here; those are for the parser's rules (and are asked about when no rule places them).
FILLER: frozenset[str] = frozenset(
    """
    a about according across again aggregate ago algebra along already also although always am
    among an analyse analyses analysis analyze and another anything anyway applied are around
    array arrays as ask asked associated at available aware axes axis back based basic
    be because been begin being better boson bring build but by calculate calculated
    calculating calculation can candidate case cases certain change chart check choose chosen
    clear code collection collections columnar combination combinations come compare
    compared comparing comparison compute computed computing conditionals conditions consider
    considering contain contains contents could create created creating cuts dataset datasets
    define defined defining demo describe described detector determine dict dictionary did
    display displayed displaying distribution distributions do does doing done draw drawing
    drawn easy else end ensure entries entry etc even event events eventually ever example
    examples exercise extract extracted extracting file files fill filled filling filtered find
    finding follow following for form format formulation found from fully function functional
    generous get gets getting give given gives go goal going good got graph had happens has
    have having he hello help her here hey hi his histo histogram histogrammed
    histogramming histograms histos how however i idea if illustrate imperative implement in
    inefficient information input interested into is it its itself just key kind know language
    later less let level like list look looking looks loop looping lot made make makes making
    many masked may me meet might mine much must my myself need
    needed needs new next nice notebook now number object objects obtain of often ok okay
    on once ones only onto or order our out output own part particular pass passed
    passes passing pdf per perform performed physics picture please plot plots plotted plotting
    png possible possibly present print produce produced producing program properties property
    provide put quantity query quick quickly rather read reading really
    recreate region relevant reproduce request require required requires requiring respective
    respectively result results run running said sample samples satisfy satisfying save
    say script see seen select selected set setup shall she should show showing shown
    shows sic simple simply since so some something sort spectra spectrum stacked start step
    steps still study such suppose sure switching system take taken task tell thank thanks that
    the their them then there therefore these they thing things this those though through thus
    to together too tool translations tree triplet ttree tutorial type typical understand up
    upon us use used user uses using usual value values variable variables very view
    visualise visualize want wanted wants was way we well were what whatever when where whether
    which while who whole whose why will wish with would yes yet you your
    best
    background backgrounds candidates control cut deepjet hadronic normalised
    normalized peak reconstruct reconstructed reconstructing reconstruction
    smeared smearing uncertainties uncertainty versus vs
    aim alternatively cell cms correspond corresponds decay decays derive detected detector
    distributed expect expected finally investigate lets measure measured observe observed
    procedure products recall refer refers requirement requirements resonant suppose syntax
    words try trying tried near nearby stacked stack
    publication style styled legend yield yields overall figure figures label labels title
    colour color colours colors nicely pretty plain clean cms-style atlas-style table tables
    caption png pdf svg
    afterwards almost alone amongst anyhow anyone anywhere became become becomes becoming
    beforehand besides cannot cant co con couldnt de detail details eg elsewhere everyone
    everything everywhere former formerly hasnt hence hereafter hereby herein hereupon hers
    herself him himself ie inc indeed interest latter latterly ltd meanwhile moreover mostly
    name namely nevertheless nobody noone ours ourselves perhaps re seem seemed seeming seems
    serious sincere somehow someone sometime sometimes somewhere themselves thence thereafter
    thereby therein thereupon throughout thru toward towards un via whence whenever whereafter
    whereas whereby wherein whereupon wherever whither whoever whom yours yourself yourselves
    fetch fetches fetched fetching retrieve retrieves retrieved retrieving
    examine examining inspect explore exploring verify validate validation notice interesting
    important useful common basic previous corresponding relevant various behaviour behavior
    observable observables feature features visualisation visualization""".split()  # noqa: SIM905
)

#: Software, data formats and array operations: *how* an analysis is done, never *what* it
#: selects. The one list of them (name -> what it is, said in the plan's note);
#: :mod:`chathep.planner.commentary` takes them out of a request before it is read. A "module
#: alias" counts only as a call ("ak.unzip", "np.sqrt(x)"); a library or framework name counts
#: alone and as a call. Two different event generators in one request may name two samples to
#: compare ("Madgraph vs Powheg"): then they are not taken out, and are asked about.
_SOFTWARE_BY_KIND: dict[str, str] = {
    "module alias": "ak np plt pd hep nb rdf df hist vector sp",
    "library": """
        numpy awkward uproot coffea pandas matplotlib pyplot mplhep scipy numba dask servicex
        rdataframe roofit root pyroot cppyy correctionlib fastjet pyhf zfit xrootd jupyter cuda
        """,
    "programming language": "python c++ julia",
    "framework": """
        cmssw reana swan rootbook pocketcoffea nanoaodtools nanoaod-tools madanalysis
        madanalysis5 rivet
        delphes geant4 athena
        """,
    "event generator": """
        madgraph madgraph5 pythia pythia6 pythia8 powheg herwig herwig7 sherpa alpgen evtgen
        """,
    # not "csv" (also the CSV b-tagger) nor "json" (the golden JSON is a selection): their
    # files ("a.csv") are code of their own (chathep.planner.commentary)
    "data format": "nanoaod nano-aod hdf5 parquet pickle picodst ttree ttrees",
    "platform": "cern opendata github colab binder docker lxplus",
    "array operation": """
        flatten flattened flattening unzip unzipped zipped concatenate concatenated
        concatenating vectorise vectorize vectorised vectorized broadcast broadcasting
        jagged boolean compile compiles compiled compiling
        """,
}
SOFTWARE: dict[str, str] = {
    name: kind for kind, names in _SOFTWARE_BY_KIND.items() for name in names.split()
} | {"nano aod": "data format"}

#: Words a rule tolerates as a harmless adjective ("2 prompt muons" still counts muons) that
#: nevertheless ask for a selection the spec cannot make: always asked about.
ALWAYS_ASK: frozenset[str] = frozenset(
    {"prompt", "nonprompt", "displaced", "secondary", "fake", "fakes", "misidentified", "dark"}
)

#: Ordinary English words that can carry a cut, an object, a quantity, a sample or a choice
#: (a closed list written from the grammar of a selection, not from requests). They are never
#: taken as prose (:func:`prose_words`): when no rule places one, the planner asks about it.
#: (A word also in :data:`FILLER` was judged on its own there and stays filler.)
MEANINGFUL: frozenset[str] = (
    frozenset(
        """
    no not none nor neither never nothing non without except excluding exclude excluded
    excludes remove removed removing removes reject rejected rejecting rejects veto vetoed
    vetoing vetoes drops discards selects keeps retain retains retained drop dropped
    dropping discard discarded omit omitted ignore ignored ignoring skip skipped unless instead
    all every each any both either only alone exactly least most more less fewer than at
    maximum minimum max min average mean median sum total full half double single twice once
    first second third fourth fifth sixth seventh eighth ninth tenth last next final initial
    other another same opposite
    different another highest lowest largest smallest hardest softest
    high low large small big huge tiny hard soft heavy light fast slow wide narrow long short
    weaker weakest stronger strongest
    higher lower larger smaller bigger harder softer heavier lighter wider narrower longer
    shorter closer further farther greater tighter looser
    above below over under between within inside outside beyond among around near far close
    away apart forward backward backwards central centre center barrel endcap edge edges side
    sides transverse longitudinal parallel opposite perpendicular back front top bottom left
    right up down upper lower inner outer positive negative neutral charged signed sign
    loosely tightly
    prompt displaced secondary primary fake fakes real true truth false generated generator
    matched matching match unmatched mismatched identified isolated tagged untagged boosted
    resolved merged split combined selected rejected good bad quality clean dirty
    visible invisible missing hidden lost
    energy energies momentum momenta mass masses charge angle angles angular distance
    separation time timing rate ratio fraction difference width length radius area density
    multiplicity significance resolution efficiency acceptance probability score weight
    weights weighted unweighted scale scaled factor factors shift shifted variation varied
    sigma rapidity pseudorapidity azimuth azimuthal polar spin helicity direction position
    impact vertex vertices track tracks cluster clusters shower tower hits hit cone jet jets
    data simulation simulated monte carlo signal signals sample collision collisions pseudo
    toy
    year years period season era luminosity lumi integrated inverse
    log logarithmic linear bin bins binning range ranges window windows region regions
    trigger triggers triggered fire fired fires pass passes passed fail fails failed failing
    require requires required requiring requirement cut cuts cutting select selection
    selecting keep keeping kept include including included add added adding subtract
    normalise normalised normalize normalized normalisation normalization divide divided
    overlay overlaid stack stacked ratio compare comparison versus vs against
    per event events object objects particle particles candidate candidates pair pairs triplet
    triplets combination combinations system systems leading subleading trailing
    zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty
    fifty hundred hundreds thousand thousands million dozen couple few several numerous plenty
    absolute equal equals exceed exceeds exceeding exact threshold thresholds minus plus
    count counts counted counting number numbers sorted ordering ordered orders rank ranked
    mt rap alpha bar bias beam beams channel channels daughter daughters parent parents mother
    deposit deposits flavor flavour flavors flavours flight gap genuine identification
    inclusive exclusive initiated interaction interactions magnetic magnitude miss misses
    norm offset partial production profile projection random rare rochester round separate
    separated shape spread square squared statistical systematic systematics tail tails
    transform triple unit unity vector vectors product cross section sections barn beauty
    strange boost fit fits fitted
    """.split()  # noqa: SIM905
    )
    - FILLER
)  # a FILLER word was decided on its own ("events", "per", "vs")

#: Words of :data:`MEANINGFUL` or of the NanoAOD documentation that name *that* something is
#: selected, or qualify it, but carry no value, object, quantity, sample or negation of their own
#: ("the event selection", "the jet kinematics", "additional requirements", "to suppress this
#: background"). Principle 1 asks about every number, object, negation and sample word; a word of
#: this list that no rule reads does not stop the plan: it is reported back as not used, like
#: ordinary English (a closed list written from the grammar of a selection, not from requests).
SOFT: frozenset[str] = (
    frozenset(
        """
    selection selections selecting criteria criterion cutflow preselection preselected
    kinematics kinematic kinematical properties characteristics features
    additional extra further usual standard nominal recommended typical
    stored recorded collected saved written offline reconstructed reco
    analysis analyses dataset datasets sample samples distribution distributions
    particle particles object objects candidate candidates system systems
    """.split()  # noqa: SIM905
    )
    - FILLER
)

#: Size words with no value ("high", "low", "energetic"): commentary when the request states a
#: threshold with a unit or a comparison ("a relatively high momentum muon with pT > 55 GeV"),
#: asked about otherwise ("events with high MET": which threshold?).
SIZE_WORDS: frozenset[str] = (
    frozenset(
        """
    high low large small big huge tiny energetic hard soft higher lower larger smaller harder
    softer relatively fairly very quite fiducial
    """.split()  # noqa: SIM905
    )
    - FILLER
)

_THRESHOLD = re.compile(
    r"\d(?:\.\d+)?\s*(?:gev|tev|mev)\b|[<>]=?\s*-?\d|\b(?:above|below|over|under|between|"
    r"exceeding|least|most)\s+-?\d"
)

#: Superlatives that are not sizes or orders ("best", "latest", "interest" ends like one)
_NOT_SUPERLATIVE = frozenset(
    [
        "best",
        "latest",
        "interest",
        "request",
        "test",
        "suggest",
        "rest",
        "honest",
        "forest",
        "west",
        "guest",
        "harvest",
        "protest",
        "contest",
        "manifest",
        "modest",
        "digest",
        "invest",
        "arrest",
        "chest",
        "nest",
        "pest",
        "quest",
        "vest",
        "zest",
    ]
)


def is_superlative(word: str) -> bool:
    """ "softest", "largest", "highest": a size or order word, never prose."""
    return len(word) > 4 and word.endswith("est") and word not in _NOT_SUPERLATIVE


@cache
def prose_words() -> frozenset[str]:
    """Ordinary English words with no analysis content (``prose_words.txt``, made by
    ``tools/make_prose_words.py`` from word frequencies, minus the physics vocabulary of the
    NanoAOD branch documentation and :data:`MEANINGFUL`)."""
    path = Path(__file__).with_name("prose_words.txt")
    words = {
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return frozenset(words - MEANINGFUL)


@cache
def english_words() -> frozenset[str]:
    """English words spelled right (``english_words.txt``, from word frequencies, made by
    ``tools/make_prose_words.py``): never read as a misspelling of another word."""
    path = Path(__file__).with_name("english_words.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def is_filler(word: str) -> bool:
    """A hand-checked FILLER word or its plural ("bosons")."""
    return word in FILLER or word.endswith("s") and (word[:-1] in FILLER or word[:-2] in FILLER)


def _is_prose(word: str) -> bool:
    """Filler, or ordinary English that cannot carry a selection (:func:`prose_words`)."""
    if word in FILLER:
        return True
    if is_superlative(word) or word in MEANINGFUL:
        return False
    if word.endswith("s") and len(word) > 3 and word[:-1] in prose_words():
        return word[:-1] not in MEANINGFUL  # "todays", "exercises": a plural of prose
    return word in prose_words() or is_filler(word) or word in rare_prose() or word in DOC_PROSE


#: Ordinary English that the shipped documentation happens to use too (so it is not in
#: :func:`prose_words`) but that carries no value, object, negation, sample or choice: reported
#: as not used, like other commentary (a closed list checked by hand, word by word, from the
#: English words the knowledge base uses; "corrected", "tight", "nearest", "raw" and the like
#: stay out and are asked about when no rule reads them).
DOC_PROSE: frozenset[str] = frozenset(
    """
    activity adds analysed approximation artifact asks behaviours benchmarks broad caveat
    caveats centred comes compares compatibility compatible consecutively decreasing
    definition definitions derives deriving differences differs dominates element evaluates
    evaluating hides idioms indicative internally likely lists main means notes predicts
    prefers publishes readable recommends repeats replaces reproduces reproducible reused
    spans standalone supersede superseded suppresses symptom typed unchanged untouched
    updated validated variants weakly
    """.split()  # noqa: SIM905
)


#: Physics words among the rarer English ones that the shipped documentation does not use
#: (they are never commentary: asked about when no rule reads them).
RARE_PHYSICS: frozenset[str] = frozenset(
    """
    antimatter antiparticle antiparticles hemisphere hemispheres parity upward downward upwards
    downwards proton protons neutron neutrons positron positrons resonance resonances cosmic
    cosmics halo beamhalo noise noisy spike spikes hot dead masked overlap overlapping
    collinear soft hard fiducial exotic exotics
    """.split()  # noqa: SIM905
)


@cache
def documentation_words() -> frozenset[str]:
    """Every word of the shipped knowledge base (object definitions, recipes, NanoAOD pages,
    analyses): the physics vocabulary ChatHEP documents."""
    root = Path(__file__).resolve().parents[2] / "knowledge_base"
    words: set[str] = set()
    for page in root.rglob("*.md"):
        words |= set(
            re.findall(r"[a-z]+", page.read_text(encoding="utf-8", errors="ignore").lower())
        )
    return frozenset(words)


@cache
def rare_prose() -> frozenset[str]:
    """English words beyond the common ones (:func:`english_words`) that appear nowhere in the
    physics vocabulary (:func:`documentation_words`, :data:`MEANINGFUL`, :data:`RARE_PHYSICS`):
    ordinary English ("evaluate", "tantalizing") that is reported as not used, not asked about."""
    physics = documentation_words() | MEANINGFUL | RARE_PHYSICS | SOFT | SIZE_WORDS | ALWAYS_ASK
    return frozenset(w for w in english_words() if len(w) > 2 and w not in physics)


_SOURCES = ("lexicon.py", "parser.py", "followup.py")
_NONSENSE = "qqzx vvqz zzkq"


#: words that are filler or ordinary English elsewhere but choose objects when they qualify
#: one ("clean jets": cleaned against what? "the smeared jet pT": which smearing? "the other
#: muons": other than which?); asked about unless a rule read them
_OBJECT_MODIFIERS = frozenset(
    [
        "clean",
        "cleaned",
        "smeared",
        "unsmeared",
        "new",
        "other",
        "nearby",
        "certain",
        "particular",
        "interesting",
        "relevant",
        "back",
        "associated",
        "filtered",
        # "soft jets" (the soft-activity jets, or low-pT ones?), "soft muons" (the soft ID:
        # read by a rule), "hard photons": a kind, not a size beside a threshold
        "soft",
        "hard",
    ]
)
_OBJECT_AFTER = re.compile(
    r"[\s-]+(?:(?:b-?|light[- ]|forward[- ]|central[- ])?jets?|bjets?|muons?|electrons?|leptons?"
    r"|photons?|taus?|di[a-z]+|objects?|particles?|tracks?)\b"
    # "its associated Jet arrays", "the new muon collection": a data structure, not objects
    r"(?![\s-]+(?:arrays?|collections?|branch(?:es)?|columns?|lists?|records?|fields?)\b)"
)
_BACK_TO_BACK = re.compile(r"back[- ]to[- ]back\b")

_KINDS = r"(?:muons?|electrons?|leptons?|jets?|b-?jets?|photons?|taus?|objects?|particles?)"
#: FILLER words that choose a selection, a sample or what is drawn in these phrases (and are
#: prose elsewhere: "look at the peak", "as in the previous exercise", "the best binning"):
#: asked about there unless a rule read them ("in the peak region": which mass window? "with
#: the previous cuts": there is no previous request; "with uncertainties": only statistical
#: ones are drawn; "in hadronic events": no lepton veto is made)
_IN_CONTEXT: dict[str, re.Pattern[str]] = {
    "peak": re.compile(
        r"\b(?:in|within|under|around|inside|on|near)\s+(?:the\s+)?(?:mass\s+)?peak\b"
        r"|\b(?:in|within|under|around|inside|on|near|the|a)\s+peak\s+(?:regions?|windows?)\b"
    ),
    "region": re.compile(r"\b(?:in|within|under|around|inside|on|near|the|a)\s+peak\s+regions?\b"),
    "smearing": re.compile(
        # not "JER smearing": the JER correction is read (and is the smearing)
        r"\b(?:with|without|after|before|no|apply|applying|applied|jet|energy|resolution)"
        r"\s+smearing\b|\bsmearing\s+(?:applied|on|of|to|corrections?)\b"
    ),
    "previous": re.compile(
        r"\bprevious\s+(?:\w+\s+)?(?:cuts?|selections?|requirements?|requests?|plots?|analysis"
        r"|settings?|binning|definitions?|steps?|ones?|samples?|query|histograms?|thresholds?)\b"
    ),
    "uncertainties": re.compile(
        r"\b(?:with|including|include|includes|plus|and|showing|show|draw|drawing|add|adding)"
        r"\s+(?:the\s+|their\s+|its\s+)?uncertainties\b|\buncertainties\s+(?:bands?|bars?)\b"
    ),
    "uncertainty": re.compile(
        r"\b(?:with|including|include|includes|plus|and|showing|show|draw|drawing|add|adding)"
        r"\s+(?:the\s+|an\s+|its\s+)?uncertainty\b|\buncertainty\s+(?:bands?|bars?)\b"
    ),
    "hadronic": re.compile(
        # not "the hadronic top" (the three jets closest to the top mass) nor "hadronic
        # activity" (a description of HT): both are read
        r"\bhadronic\s+(?:(?:top|w|z|tau|higgs)\s+)?(?:events?|decays?|channels?|final\s+states?"
        r"|recoil)\b"
        r"|\b(?:all|fully|semi)[- ]?hadronic\b"
    ),
    "resonant": re.compile(
        r"\bresonant\s+(?:pairs?|backgrounds?|production|events?|contributions?|di[a-z]+|"
        + _KINDS
        + r")(?![a-z])"
    ),
    "best": re.compile(
        r"\bbest\s+(?:[a-z-]+\s+)?(?:candidates?|pairs?|match(?:ed)?|combinations?|triplets?"
        r"|quadruplets?|di[a-z]+|tri[a-z]+)\b"
    ),
    "alone": re.compile(r"\balone\s+in\s+the\s+events?\b|\b(?:is|are)\s+alone\b"),
    "only": re.compile(
        r"\b(?:with|containing|having|has|have)\s+only\s+(?:muons|electrons|leptons|jets"
        r"|b-?jets|photons|taus)\b"
    ),
    "whole": re.compile(r"\bwhole\s+(?:[a-z]+\s+)?(?:range|spectrum)\b"),
    "filtered": re.compile(r"\bfiltered\s+(?:events?|data)\b"),
    "generous": re.compile(
        r"\bgenerous\s+(?:cuts?|selections?|thresholds?|requirements?|isolation|id|windows?)\b"
    ),
}


#: context words that refer to an earlier request: read by the follow-up (the previous plan's
#: cuts are kept), asked about only in a first request
_EARLIER = frozenset(["previous"])


def _in_context(word: str, normalised: str, start: int) -> bool:
    """The FILLER word at ``start`` stands in a phrase of :data:`_IN_CONTEXT` that gives it a
    meaning (a selection, a sample or what is drawn)."""
    pattern = _IN_CONTEXT.get(word)
    if pattern is None:
        return False
    return any(m.start() <= start < m.end() for m in pattern.finditer(normalised))


#: determiners that make a selection word a placeholder ("some criteria", "suitable cuts")
_VAGUE = frozenset(
    """
    some certain appropriate suitable reasonable proper better additional extra further
    various several other
    """.split()  # noqa: SIM905
)


def _is_soft(word: str, threshold: bool) -> bool:
    """A value-less selection word (:data:`SOFT`), or a size word beside a stated threshold."""
    if word in ALWAYS_ASK:
        return False
    return word in SOFT or (threshold and word in SIZE_WORDS)


#: a bare identifier: a Draft field, dict key or group name of the rule code, not a pattern
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: bare words the rule code does compare with the request's words, known on purpose (each was
#: checked with requests when identifiers stopped counting as patterns: "with Rochester
#: corrections", "exactly one muon", "the decay channel", "run against a ROOT file")
_READ_BY_NAME = frozenset(
    [
        "corrections",
        "against",
        "exactly",
        "exact",
        "sum",
        "channel",
        "max",
        "min",
        "distance",
        "psi",
        "narrow",
        "fb",
        "close",
        "unit",
        "edges",
        "index",
        "era",
    ]  # fmt: skip
)


#: the group name of a placeholder of an f-string pattern: text standing where the code puts a
#: value (``{lx.NUM}``) is let through, but this pattern does not know its words (else every
#: word within 40 characters of the pattern's own words would pass silently)
_HOLE = "coverage_hole_"


def _regexes_in(source: str) -> list[str]:
    """String constants of a module that are regular expressions (docstrings left out)."""
    tree = ast.parse(source)
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                docstrings.add(id(value))
    # the f-strings a lambda returns are replacement texts of rewrites, no patterns: as patterns
    # their open parts matched any words before the ones they spell (session 32: "lambda m:
    # f'the maximum {...} |eta|'" made "maximum" known after any text)
    in_lambda = {
        id(part)
        for node in ast.walk(tree) if isinstance(node, ast.Lambda)
        for inner in ast.walk(node.body) if isinstance(inner, ast.JoinedStr)
        for part in ast.walk(inner)
    }  # fmt: skip
    found: list[str] = []
    for node in ast.walk(tree):
        if id(node) in in_lambda:  # the f-string and its literal parts
            continue
        if isinstance(node, ast.JoinedStr):  # rf"...{lx.NUM}...": any text where a part goes
            holes = iter(range(len(node.values)))
            found.append(
                "".join(
                    v.value
                    if isinstance(v, ast.Constant)
                    else rf"(?P<{_HOLE}{next(holes)}>[^.;]{{0,40}}?)"
                    for v in node.values
                )
            )
        is_str = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_str and id(node) not in docstrings and node.value.strip():
            if _IDENTIFIER.fullmatch(node.value) and node.value not in _READ_BY_NAME:
                continue  # a field, key or group name ("stop", "absolute", "size"), no rule
            found.append(node.value)
    return found


@cache
def _recognisers() -> tuple[re.Pattern[str], ...]:
    """Every regular expression of the planner's rule modules that matches real words."""
    from chathep.planner import lexicon as lx

    here = Path(__file__).parent
    texts: list[str] = []
    for name in _SOURCES:
        texts += _regexes_in((here / name).read_text(encoding="utf-8"))
    # patterns built at import time (f-strings, joined alternatives)
    for name, value in vars(lx).items():
        if name.startswith("__"):
            continue  # __builtins__ is a dict: Python's "sorted", "filter", "round" are no rules
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list | tuple):
            for item in value:
                parts = item if isinstance(item, tuple) else (item,)
                texts += [p for p in parts if isinstance(p, str)]
        elif isinstance(value, dict):
            texts += [rf"\b{re.escape(k)}\b" for k in value if isinstance(k, str)]
    compiled: list[re.Pattern[str]] = []
    seen: set[str] = set()
    for text in texts:
        if text in seen:
            continue
        seen.add(text)
        try:
            pattern = re.compile(text)
        except re.error:
            continue
        if any(m.end() > m.start() for m in pattern.finditer(_NONSENSE)):
            continue  # "[a-z]+", "\w+": recognises anything, so says nothing
        compiled.append(pattern)
    return tuple(compiled)


def _catalog_words(catalog: Catalog) -> set[str]:
    words: set[str] = set()
    for sample in catalog:
        for text in (sample.name, sample.label or "", sample.process or "", *sample.aliases):
            words |= set(re.findall(r"[a-z][a-z0-9]*", text.lower()))
    return words


def _spelled_in(word: str, source: str) -> bool:
    """The pattern spells the word (up to an ending): "mass(?:es)?" knows "masses", while
    "mass[^.;]*" matching "mass in the upsilon region" does not know "upsilon"."""
    k = max(min(3, len(word)), len(word) - 4)
    source = _unnamed(source)
    return word[:k] in source or word[:k] in _letters(source)


@cache
def _unnamed(source: str) -> str:
    """The pattern without its group names: "(?P<coverage_hole_0>...)" spells no "hole"."""
    return re.sub(r"\(\?P<\w+>", "(", source)


@cache
def _letters(source: str) -> str:
    """The pattern with optional separators and group syntax removed: "mu\\s?mu" -> "mumu"."""
    return re.sub(r"\\[sbdw][*+?]?|\[[^\]]*\][*+?]?|\(\?:|[()?*+]", "", source)


#: One-letter words that name physics ("the W pT", "|y|", "H to bb"): never skipped as too
#: short to mean anything, and placed only where a rule read them (other letters are read by
#: the object rules or are English).
_PHYSICS_LETTERS = frozenset(("w", "y", "h"))


#: an object word right before a code identifier: the identifier names its quantity
_QUANTITY_SLOT = re.compile(
    r"\b(?:di-?|tri-?)?(?:muon|electron|lepton|jet|photon|tau|pair|system|candidate)s?\s+$"
)


def unknown_words(
    normalised: str,
    catalog: Catalog,
    masked: str | None = None,
    commentary: list[str] | None = None,
    recognisers: Iterable[re.Pattern[str]] | None = None,
    followup: bool = False,
) -> list[str]:
    """Words of the (normalised) request that no rule knows and that are not filler, in order.

    A word is known when one match of one recogniser holds all of it ("s" matching inside
    "softest" does not make "softest" known) and the recogniser spells it. ``masked`` is the
    parser's copy of the text with the phrases it read (values, paths) masked by ``#``: a word
    masked there was read. ``commentary`` collects the ordinary English words that passed
    without being read (the planner reports them as not used). ``recognisers`` (default: all of
    them) lets a caller that knows which patterns can spell its words skip the others
    (:mod:`chathep.planner.vocabulary`; a pattern that spells none of the words knows none).
    ``followup``: the request changes a previous plan ("with the previous cuts" keeps them).
    """
    tokens = list(re.finditer(r"[a-z][a-z0-9]*", normalised))
    known = [False] * len(tokens)
    starts = [t.start() for t in tokens]
    for pattern in _recognisers() if recognisers is None else recognisers:
        for m in pattern.finditer(normalised):
            if m.end() <= m.start():
                continue
            holes = [m.span(g) for g in pattern.groupindex if g.startswith(_HOLE)]
            i = bisect.bisect_left(starts, m.start())
            while i < len(tokens) and tokens[i].end() <= m.end():
                if not any(a <= tokens[i].start() < b for a, b in holes):
                    known[i] = known[i] or _spelled_in(tokens[i].group(0), pattern.pattern)
                i += 1
    extra = _catalog_words(catalog)
    # a [bracketed aside] comments on the request ("[requires looping over combinations]")
    asides = [(m.start(), m.end()) for m in re.finditer(r"\[[^\]]*\]", normalised)]
    threshold = _THRESHOLD.search(normalised) is not None
    out: list[str] = []
    previous = ""
    for token, is_known in zip(tokens, known, strict=True):
        before, previous = previous, token.group(0)
        word = token.group(0)
        read = masked is not None and masked[token.start()] == "#"
        if word == "secondary" and read and re.match(r"[- ]vert", normalised[token.end() :]):
            continue  # "secondary vertices": read as the SV collection, not a displaced object
        if SOFTWARE.get(word) == "event generator" and word not in out:
            out.append(word)  # left in by the commentary reader: two generators, two samples?
            continue
        if word in ALWAYS_ASK and word not in out:
            out.append(word)
            continue
        if (
            word in _OBJECT_MODIFIERS
            and not read
            and (
                _OBJECT_AFTER.match(normalised, token.end())
                or _BACK_TO_BACK.match(normalised, token.start())
            )
            and word not in out
        ):
            out.append(word)  # "clean jets", "the smeared jet pT", "back-to-back": not filler here
            continue
        if (
            not read
            and word not in out
            and not (followup and word in _EARLIER)
            and _in_context(word, normalised, token.start())
        ):
            out.append(word)  # "in the peak region", "with the previous cuts": not filler here
            continue
        if word in _PHYSICS_LETTERS and masked is not None:
            is_known = False  # a rule must have read it (masked below), not merely know it
        if is_known or (len(word) < 2 and word not in _PHYSICS_LETTERS) or word in extra:
            continue
        if word in out:
            continue
        if masked is not None and "#" in masked[token.start() : token.end()]:
            continue
        if any(a <= token.start() < b for a, b in asides):
            continue
        identifier = re.match(r"[a-z0-9_]*", normalised[token.start() :]).group(0)  # type: ignore[union-attr]
        left = normalised[: token.start()]
        whole = re.search(r"[a-z0-9_]*$", left).group(0) + identifier  # type: ignore[union-attr]
        if "_" in whole and not whole.startswith("hlt_"):
            # part of a code identifier (dimuon_p4, Muon_pt): read by the branch rules; an HLT
            # path no rule read (a trigger) is never skipped. One standing where an object's
            # quantity goes ("the dimuon L_xy", "the jet frac_em") that no rule read is asked
            # about (was: dropped, and the pair's mass plotted)
            at = token.start() - (len(whole) - len(identifier))
            unread = masked is None or "#" not in masked[at : at + len(whole)]
            if unread and whole not in out and _QUANTITY_SLOT.search(normalised[:at]):
                out.append(whole)
            continue
        if word in SOFT and before in _VAGUE:
            out.append(word)  # "apply some criteria", "additional requirements": which?
            continue
        if _is_prose(word) or _is_soft(word, threshold):
            # ordinary English (or a value-less selection word) the rules do not read: passes,
            # but is reported back to the user as not used (unless it is a hand-checked FILLER)
            if commentary is not None and not is_filler(word) and word not in commentary:
                commentary.append(word)
            continue
        out.append(word)
    # "the "data_A" sample": a name with underscores before a sample word names a sample (the
    # underscore rule above passes code identifiers): one no rule read and the catalog does not
    # hold is asked about, never dropped
    names = {s.name.lower() for s in catalog} | {a.lower() for s in catalog for a in s.aliases}
    for m in re.finditer(
        r"\b([a-z0-9]+(?:_[a-z0-9]+)+)['\"\u201d]?\s+(?:(?:mc|data|simulated|simulation)\s+)?"
        r"(?:samples?|datasets?|data\s+sets?|files?)\b",
        normalised,
    ):
        read = masked is not None and "#" in masked[m.start(1) : m.end(1)]
        if not read and m.group(1) not in names and m.group(1) not in out:
            out.append(m.group(1))
    return out


@cache
def _respelling_prose() -> frozenset[str]:
    """The ordinary English a misspelling may be read as (then it is commentary)."""
    return frozenset((prose_words() | FILLER) - MEANINGFUL)


@cache
def _never_respelled() -> frozenset[str]:
    """Words never read as a misspelling: those the checker judges itself, NanoAOD field names
    ("sieie"), and every real English word ("after" is not a typo of "alter")."""
    from chathep.registry.fields import COLLECTIONS
    from chathep.registry.fields import fields as nanoaod_fields

    fields = {f.lower() for c in COLLECTIONS for f in nanoaod_fields(c)}
    return frozenset(
        MEANINGFUL | ALWAYS_ASK | SOFT | SIZE_WORDS | fields | english_words()
        | documentation_words() | PARTICLE_WORDS
    )  # fmt: skip


#: Names of particles and their families: real words that no English list has ("the J/psi
#: meson" is not a misspelling of "mason").
PARTICLE_WORDS: frozenset[str] = frozenset(
    """
    meson mesons baryon baryons hadron hadrons hadronic boson bosons fermion fermions quark
    quarks antiquark antiquarks gluon gluons lepton leptons leptonic neutrino neutrinos
    antineutrino photon photons pion pions kaon kaons proton protons neutron neutrons muon
    muons electron electrons positron positrons tau taus onium onia quarkonium quarkonia
    charmonium bottomonium upsilon psi higgs gluino squark neutralino chargino graviton
    """.split()  # noqa: SIM905
)


def correct_spelling(text: str, catalog: Catalog) -> tuple[str, list[tuple[str, str]]]:
    """The request, normalised, with misspelled words no rule knows read as the word they are
    one edit from (:mod:`chathep.planner.spelling`), and the (word, reading) pairs to state.

    The words are replaced in the request before it is normalised again, so the rewrites of
    the lexicon see the corrected words ("myon-antimuon pairs" -> an opposite-sign dimuon)."""
    from chathep.planner import lexicon as lx
    from chathep.planner.spelling import correct, replace_words

    normalised = lx.normalise(text)

    def unknown(words: Iterable[str]) -> set[str]:
        return set(unknown_words(normalised, catalog)) & set(words)

    _, pairs = correct(normalised, unknown, _respelling_prose(), _never_respelled())
    if not pairs:
        return normalised, []
    return lx.normalise(replace_words(text, dict(pairs))), pairs
