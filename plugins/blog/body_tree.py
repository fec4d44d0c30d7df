"""The body of one read, parsed once: the tree the reader's checks all read.

One job. `parse` turns the HTML that Markdown rendered for a body (or a Markdown
field) into one BeautifulSoup tree (lxml). The reader parses each body once and
hands the tree to the checks (headings, links, leftover syntax, the health
rules); none of them parses the text again. The transforms that change the HTML
(sized pictures, typography, citations) keep working on the text, so a page's
bytes stay exactly what Markdown and typogrify wrote. A check must not change
the tree: the next one reads it too.
"""

from bs4 import BeautifulSoup


def parse(markup):
    return BeautifulSoup(markup or "", "lxml")


def inside(element, names):
    """Whether `element` (a tag or a string) is inside an element named one of `names`."""
    return any(parent.name in names for parent in element.parents)
