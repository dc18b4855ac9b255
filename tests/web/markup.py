"""A strict-enough HTML check for page tests: every element closed in order, ids unique.

No validator is installed; this catches what template edits break most often (a tag closed
in the wrong place, an id repeated by a loop), with Python's own HTML parser.
"""

from collections import Counter
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, tuple[int, int]]] = []
        self.problems: list[str] = []
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id")
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            opened = self.stack[-1] if self.stack else None
            self.problems.append(f"</{tag}> at {self.getpos()} closes {opened}")
            return
        self.stack.pop()


def markup_problems(html: str) -> list[str]:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    problems = checker.problems + [f"<{tag}> at {pos} never closed" for tag, pos in checker.stack]
    return problems + [f'id "{i}" used {n} times' for i, n in checker.ids.items() if n > 1]
