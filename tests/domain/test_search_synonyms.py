"""The everyday words of a product team find their responsibilities in the reference data
(roles/search_terms.py: SYNONYMS and PHRASES). Each case is what a reader types and a
responsibility that must come back among the matches."""

import pytest

from roles.search import find_responsibilities, search
from roles.search_terms import PHRASES, SYNONYMS, parse

pytestmark = pytest.mark.django_db

CASES = [
    ("sprint review", "take-part-in-agile-ceremonies"),
    ("sprint review", "accept-completed-user-stories"),
    ("stand-up", "take-part-in-agile-ceremonies"),
    ("who runs the standup", "take-part-in-agile-ceremonies"),
    ("daily", "take-part-in-agile-ceremonies"),
    ("retro", "take-part-in-agile-ceremonies"),
    ("retrospective", "take-part-in-agile-ceremonies"),
    ("sprint planning", "take-part-in-agile-ceremonies"),
    ("refinement", "groom-and-prioritize-backlog"),
    ("backlog refinement", "groom-and-prioritize-backlog"),
    ("grooming", "groom-and-prioritize-backlog"),
    ("OKR", "set-goals-and-define-success"),
    ("OKRs", "align-product-with-company-goals"),
    ("KPIs", "define-kpis"),
    ("discovery", "build-the-right-thing"),
    ("discovery", "research-the-market"),
    ("launch", "go-to-market-and-launch"),
    ("go-to-market", "go-to-market-and-launch"),
    ("who owns the release", "manage-product-releases"),
    ("shipping", "decide-when-to-go-live"),
    ("definition of done", "set-acceptance-criteria"),
    ("requirements", "define-backlog-and-user-stories"),
    ("user research", "talk-to-customers"),
    ("customer interviews", "talk-to-customers"),
    ("analytics", "analyze-data"),
    ("competitors", "research-the-market"),
    ("deadlines", "manage-timelines"),
    ("estimates", "accomplish-project-timeline-scope-budget"),
    ("north star", "define-product-vision"),
    ("outcomes", "own-product-success"),
    ("hiring", "manage-people"),
    ("sales enablement", "provide-sales-tools"),
    ("prioritization", "prioritize-features"),
    ("priorities", "prioritize-features"),
]


@pytest.fixture
def reference(reference_data_once):
    return None


@pytest.mark.parametrize(("typed", "slug"), CASES)
def test_everyday_words_find_their_responsibility(reference, typed, slug):
    results = search(typed)
    found = [r.slug for r in (*results.responsibilities, *results.area_matches)]
    assert slug in found, (typed, found)


@pytest.mark.parametrize(("typed", "slug"), CASES[:12])
def test_the_finder_search_uses_the_same_words(reference, typed, slug):
    assert slug in [r.slug for r in find_responsibilities(typed)]


def test_a_phrase_is_one_term_and_its_words_are_not_required_apart():
    parsed = parse("sprint review")
    assert [t.word for t in parsed.terms] == ["sprint review"]
    assert parsed.terms[0].forms == ("ceremonies", "accept")
    # A hyphen inside a word separates words; a leading one still leaves a word out.
    assert [t.word for t in parse("stand-up -launch").terms] == ["stand up"]
    assert [t.word for t in parse("stand-up -launch").excluded] == ["launch"]


def test_every_synonym_is_a_plain_word():
    """Forms end up in a tsquery: runs of letters only, so nothing becomes its syntax."""
    forms = [f for group in (*SYNONYMS.values(), *PHRASES.values()) for f in group]
    assert all(f.isalpha() and f.islower() for f in forms), forms
    assert all(all(w.isalpha() for w in phrase) for phrase in PHRASES)
