"""Turning what a reader types into search terms: the same on every database.

Readers type questions ("who owns the roadmap"), British or American spellings
("prioritisation", "prioritization") and shorthand ("pm vs po"). The words are lower-cased,
stop words and question filler dropped, and each remaining word becomes a term with its
spelling variants and a few synonyms, so that any variant matches. A tiny suffix stripper
(`root`) gives the SQLite search the word stems PostgreSQL gets from its English dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TERMS = 12

WORD = re.compile(r"-?[^\W_]+")
TOKEN = re.compile(r"([^\W_]+)")


def _words(text: str) -> list[str]:
    return text.split()


# PostgreSQL's English stop words, the ones a reader is likely to type.
STOP_WORDS = frozenset(
    _words(
        """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves s t vs versus"""
    )
)

QUESTION_WORDS = frozenset({"who", "what", "which", "whose", "whom", "how", "does", "do", "is"})
# Verbs of a question about ownership: "who owns / is responsible for / handles X" asks
# about X; the verbs would only make the search demand words the texts rarely use.
QUESTION_FILLER = frozenset(
    {
        "own",
        "owns",
        "owned",
        "responsible",
        "accountable",
        "handle",
        "handles",
        "run",
        "runs",
        "decide",
        "decides",
        "charge",
        "job",
        "role",
        "usually",
        "typically",
    }
)

# The everyday words of a product team, and the words the sources use for the same work: a
# word matches a responsibility that has the word itself or any of these. Each entry is
# checked against the reference data (tests/domain/test_search_synonyms.py).
_CEREMONIES = ("ceremonies", "sprint")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "priority": ("prioritise", "prioritize"),
    "priorities": ("prioritise", "prioritize"),
    "kpi": ("indicators",),
    "kpis": ("indicators",),
    "okr": ("goals", "objectives"),
    "okrs": ("goals", "objectives"),
    "metrics": ("measure", "indicators"),
    "outcome": ("success", "goals"),
    "outcomes": ("success", "goals"),
    "gtm": ("market",),
    "launch": ("launch", "release"),
    "release": ("release", "releases", "live", "launch"),
    "releases": ("release", "releases", "live", "launch"),
    "ship": ("release", "live", "launch"),
    "shipping": ("release", "live", "launch"),
    "deploy": ("release", "live"),
    "standup": _CEREMONIES,
    "standups": _CEREMONIES,
    "daily": _CEREMONIES,
    "retro": _CEREMONIES,
    "retros": _CEREMONIES,
    "retrospective": _CEREMONIES,
    "retrospectives": _CEREMONIES,
    "ceremony": ("ceremonies",),
    "demo": ("ceremonies", "accept"),
    "refinement": ("refine", "groom"),
    "refine": ("refine", "groom"),
    "grooming": ("groom", "refine"),
    "discovery": ("discover", "research"),
    "requirements": ("stories", "criteria", "build"),
    "specs": ("stories", "criteria", "build"),
    "spec": ("stories", "criteria", "build"),
    "prd": ("stories", "criteria", "build"),
    "interview": ("talk", "research"),
    "interviews": ("talk", "research"),
    "analytics": ("data", "analyse"),
    "competitor": ("competition", "competitive"),
    "competitors": ("competition", "competitive"),
    "competition": ("competition", "competitive"),
    "deadline": ("timeline", "time"),
    "deadlines": ("timeline", "time"),
    "schedule": ("timeline", "timelines"),
    "estimate": ("timeline", "budget"),
    "estimates": ("timeline", "budget"),
    "estimation": ("timeline", "budget"),
    "hiring": ("people",),
    "roadmapping": ("roadmap",),
    "qa": ("accept", "validate"),
    "testing": ("accept", "validate"),
}

# Phrases a product team uses, read as one word: "sprint review" is one piece of work, not
# a search for "sprint" and "review" separately. Matched on the words as typed (stop words
# included, hyphens read as spaces: "stand-up", "go-to-market").
PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("sprint", "review"): ("ceremonies", "accept"),
    ("sprint", "planning"): ("planning",),
    ("stand", "up"): _CEREMONIES,
    ("definition", "of", "done"): ("criteria", "done", "accept"),
    ("north", "star"): ("vision", "mission"),
    ("user", "research"): ("talk", "research", "needs"),
    ("customer", "interviews"): ("talk", "customers"),
    ("sales", "enablement"): ("sales", "selling"),
    ("line", "management"): ("people",),
    ("go", "to", "market"): ("market", "launch"),
    ("time", "to", "market"): ("market", "launch", "live"),
}
# A hyphen inside a word ("stand-up") separates words; "-word" alone still leaves one out.
INNER_HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")

# Things readers look for that this map does not cover, and what to read instead.
NOTES: dict[tuple[str, ...], str] = {
    ("scrum", "master"): (
        "The Scrum Master is not one of the roles mapped here (product manager, product "
        "owner, project manager, product marketing manager). In Scrum the product owner "
        "orders the backlog and the Scrum Master coaches the team in the process; search "
        "for “scrum” or read the product owner's page."
    ),
    ("engineering", "manager"): (
        "Engineering managers are not mapped here; the project manager and the product "
        "owner are the closest roles on delivery."
    ),
    ("business", "analyst"): (
        "Business analysts are not mapped here; the product owner writes user stories "
        "and acceptance criteria, which is the closest work."
    ),
}

_ISE = re.compile(r"i([sz])(e|es|ed|ing|ation|ations|er|ers)$")
_YSE = re.compile(r"y([sz])(e|es|ed|ing|er|ers)$")

_LONG_SUFFIXES = sorted(
    _words(
        """isations izations isation ization ations ation ising izing ysing yzing ised ized
        ysed yzed ises izes yses yzes ise ize yse yze ments ment ings ing ers er ied ies ed"""
    ),
    key=len,
    reverse=True,
)


def spelling_variants(word: str) -> tuple[str, ...]:
    """The word with British and American -ise/-ize, -yse/-yze spellings, itself first."""
    variants = [word]
    for pattern in (_ISE, _YSE):
        match = pattern.search(word)
        if match:
            other = "z" if match.group(1) == "s" else "s"
            variants.append(word[: match.start() + 1] + other + match.group(2))
    return tuple(variants)


def root(word: str) -> str:
    """A crude English stem that is always a prefix of the word (so a substring search can
    find candidates): prioritise, prioritize, prioritization, priorities -> priorit."""
    word = word.lower()
    for suffix in _LONG_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
            word = word[:-2]
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
    if word.endswith(("e", "y")) and len(word) > 3:
        word = word[:-1]
    return word


@dataclass(frozen=True)
class Term:
    """One word the results must contain, in any of its forms."""

    word: str
    forms: tuple[str, ...]

    @property
    def roots(self) -> frozenset[str]:
        return frozenset(root(f) for f in self.forms)


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[Term, ...]
    excluded: tuple[Term, ...]
    ignored: tuple[str, ...]
    note: str = ""

    @property
    def words(self) -> list[str]:
        return [t.word for t in self.terms]


def _term(word: str) -> Term:
    forms = [*spelling_variants(word)]
    for synonym in SYNONYMS.get(word, ()):
        forms.extend(spelling_variants(synonym))
    return Term(word=word, forms=tuple(dict.fromkeys(forms)))


def _phrase_term(phrase: tuple[str, ...]) -> Term:
    forms = [f for synonym in PHRASES[phrase] for f in spelling_variants(synonym)]
    return Term(word=" ".join(phrase), forms=tuple(dict.fromkeys(forms)))


def _units(words: list[str]) -> list[str | tuple[str, ...]]:
    """The words, with each known phrase ("sprint review") as one unit, longest first."""
    units: list[str | tuple[str, ...]] = []
    i = 0
    longest_first = sorted(PHRASES, key=len, reverse=True)
    while i < len(words):
        phrase = next((p for p in longest_first if tuple(words[i : i + len(p)]) == p), None)
        if phrase:
            units.append(phrase)
            i += len(phrase)
        else:
            units.append(words[i])
            i += 1
    return units


def parse(text: str) -> ParsedQuery:
    tokens = [t.lower() for t in WORD.findall(INNER_HYPHEN.sub(" ", text))]
    words = [t for t in tokens if not t.startswith("-")]
    excluded = [t[1:] for t in tokens if t.startswith("-") and len(t) > 1]
    question = bool(words) and words[0] in QUESTION_WORDS
    drop = STOP_WORDS | (QUESTION_FILLER if question else frozenset())
    units = _units(words)
    kept = list(dict.fromkeys(u for u in units if isinstance(u, tuple) or u not in drop))
    ignored = tuple(dict.fromkeys(u for u in units if isinstance(u, str) and u in drop))
    note = next((n for key, n in NOTES.items() if all(k in words for k in key)), "")
    return ParsedQuery(
        text=text,
        terms=tuple(
            _phrase_term(u) if isinstance(u, tuple) else _term(u) for u in kept[:MAX_TERMS]
        ),
        excluded=tuple(_term(w) for w in excluded if w not in STOP_WORDS),
        ignored=ignored,
        note=note,
    )


def tsquery_any(parsed: ParsedQuery) -> str:
    """A to_tsquery() string that any one term satisfies (which words matched where)."""
    return " | ".join("(" + " | ".join(term.forms) + ")" for term in parsed.terms)


def tsquery(parsed: ParsedQuery) -> str:
    """A to_tsquery() string: every term (any of its forms) and none of the excluded words.

    The forms are runs of letters and digits only (WORD), so nothing a reader types can
    become tsquery syntax.
    """
    groups = ["(" + " | ".join(term.forms) + ")" for term in parsed.terms]
    groups += ["!(" + " | ".join(term.forms) + ")" for term in parsed.excluded]
    return " & ".join(groups)
