"""web.holders writes "PO: A, PM: R" once per holder and process: escaped, and never one
role's words for another's."""

from web.holders import Holder, holders_html


def test_holders_are_escaped_every_time():
    parts = [Holder("<b>X", 'Chief "<script>"', 0, "A")]
    for _ in range(2):  # the second from the kept fragment
        html = holders_html(parts)
        assert "<b>" not in html and "<script>" not in html
        assert "&lt;b&gt;X: " in html and "Chief &quot;&lt;script&gt;&quot;: Accountable" in html


def test_each_holder_keeps_its_own_words():
    first = holders_html([Holder("PO", "Product Owner", 0, "A")])
    renamed = holders_html([Holder("PO", "Product Owners", 0, "A")])
    other_level = holders_html([Holder("PO", "Product Owner", 0, "R")])
    assert "Product Owner: Accountable" in first
    assert "Product Owners: Accountable" in renamed
    assert "Product Owner: Responsible" in other_level and "holder-R" in other_level
    both = holders_html([Holder("PO", "Product Owner", 0, "A"), Holder("PM", "PM", 1, "C")])
    assert both.index("Product Owner: Accountable") < both.index("PM: Consulted")
    assert both.count('<span class="holder">') == 2


def test_no_holder_says_so():
    assert "no role’s part is stated" in holders_html([])
