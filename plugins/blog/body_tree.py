"""The body of one read, parsed once: the tree the reader's checks all read.

One job. `parse` turns the HTML that Markdown rendered for a body (or a Markdown
field) into one BeautifulSoup tree (lxml). The reader parses each body once and
hands the tree to the checks (headings, links, leftover syntax, the health
rules); none of them parses the text again. The transforms that change the HTML
(sized pictures, typography, citations) keep working on the text, so a page's
bytes stay exactly what Markdown and typogrify wrote. A check must not change
the tree: the next one reads it too.
"""

from bs4 import BeautifulSoup, CData, NavigableString, Tag

TEXT = (NavigableString, CData)  # what get_text reads: not comments, scripts or styles


def parse(markup):
    return BeautifulSoup(markup or "", "lxml")


def strings(element, skip):
    """The text pieces of `element` in order, as get_text reads them, leaving out every
    element inside it for which `skip(tag)` is true (and all it holds). One walk: each
    node is visited once, however deep the markup nests."""
    found, stack = [], list(reversed(element.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if not skip(node):
                stack.extend(reversed(node.contents))
        elif type(node) in TEXT:
            found.append(node)
    return found
