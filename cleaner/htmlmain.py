"""Where the main content of a page lies, from the walk's blocks and nodes: the structural main-block search.

Every node gets its final reason (a chrome candidate that holds most of the page's prose is a wrapper, not
chrome), then the block richest in prose, grown to its ancestors while they add prose and little else,
plus the siblings that hold prose (an intro, a standfirst), is the main region. Masses are prefix sums over
the blocks: the blocks of a node's subtree are the run `blocks[node.first:node.end]`.
"""
from __future__ import annotations

import re
from itertools import accumulate
from operator import mul

from .htmlwalk import BYLINE_MAX_PROSE, HEADINGS, Block, Node, Walk, author_box, never_main

HOLDS_ARTICLE = 0.5  # an element holding this share of the page's prose is a wrapper, whatever its names
MAIN_SHARE = 0.5  # the main region holds at least this share of the prose outside chrome
SIBLING_MIN_SCORE = 10.0
GROW_SHARE = 0.25  # the region grows to its parent when that adds this much prose ...
GROW_NOISE = 0.5  # ... and at most this much other kept text per letter of prose
# Lists of long items are tickers and teaser lists more often than article text: they do not vote for the main block.
_LIST_TAGS = frozenset({"li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"})
SIBLING_SHARE = 0.2
SIBLING_MIN_PROSE = 80  # letters of prose a sibling of the main block needs to join it ...
_SENTENCE_END = re.compile(r"[.!?:…;][\"'”’»)]*$")
SIBLING_MAX_NOISE = 40  # ... and the most letters of other kept text it may carry


def layout(walk: Walk, skipped: set[str]) -> list[bool] | None:
    """Set every node's reason, and tell for each block whether it lies in the main region (None: no prose)."""
    nodes, blocks = walk.nodes, walk.blocks
    owners = [b.node for b in blocks]
    weights = [_prose_score(b) for b in blocks]
    lengths = [len(b.text) for b in blocks]
    foreign: set[Node] = set()  # hidden cookie notices and pop-ups never hold the article: theirs is not its prose
    for node in nodes:
        if node.parent in foreign or (node.candidate == "html-hidden" and node.el is not None
                                      and never_main(node.el)):
            foreign.add(node)
    counted = [bool(w) and o not in foreign for w, o in zip(weights, owners)]
    mass = _Sums(lengths, counted)
    total = mass(walk.top)
    # a wrapper holds several paragraphs: one block, however long, is no wrapper of the story
    paragraphs_in = _Sums(counted)
    for node in nodes:  # parents come before their children
        inherited = node.parent.reason if node.parent is not None else None
        own = node.candidate
        # a byline element holds a name and a date, no prose: a wrapper named "post-meta" holding the story is none
        node.byline = (own == "byline" and mass(node) <= BYLINE_MAX_PROSE) or (
            node.parent is not None and node.parent.byline)
        if own == "byline" and not node.byline and author_box(node.el):
            own = "html-boilerplate-class"  # prose in an element named for the author: a bio, not the story
        if own in skipped or own == "byline" or (own and total and mass(node) >= total * HOLDS_ARTICLE
                                                 and paragraphs_in(node) > 1):
            own = None
        node.reason = inherited or own
    clean = [bool(w) and o.reason is None for w, o in zip(weights, owners)]
    if not any(clean):
        return None
    paragraph = [c and o.tag not in _LIST_TAGS for c, o in zip(clean, owners)]
    if not any(paragraph):
        paragraph = clean
    good = _Sums(lengths, paragraph)
    bad = _Sums([b.chars for b in blocks], [not w and o.reason is None for w, o in zip(weights, owners)])
    total = good(walk.top)
    scores: dict[Node, float] = {}
    for owner, weight, counts in zip(owners, weights, paragraph):
        parent = owner.parent if counts else None
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + weight
            grand = parent.parent
            if grand is not None:
                scores[grand] = scores.get(grand, 0.0) + weight / 2
    if not scores:
        return None
    top = max(scores, key=scores.__getitem__)
    # Content goes on in the same markup as the best block's ('p' after 'p'), not in a footer's table cells.
    tags: dict[str, float] = {}
    for i in range(top.first, top.end):
        if paragraph[i]:
            tags[blocks[i].node.tag] = tags.get(blocks[i].node.tag, 0.0) + lengths[i]
    kind = max(tags, key=tags.__getitem__) if tags else ""
    same = _Sums(lengths, [p and b.node.tag == kind for p, b in zip(paragraph, blocks)])
    above = top.parent
    while above is not None:
        gained = same(above) - same(top)
        noise = bad(above) - bad(top)
        if gained > 0:
            if good(top) >= total * MAIN_SHARE and (gained < good(top) * GROW_SHARE or noise > gained * GROW_NOISE):
                break
            top = above  # the content goes on beyond this block: the ancestor adds prose and little else
        above = above.parent
    region = [top]
    parent = top.parent
    if parent is not None:
        threshold = max(SIBLING_MIN_SCORE, scores.get(top, 0.0) * SIBLING_SHARE)
        # sentences, list items included: a dateline or a byline beside the story is no intro to it
        written = _Sums(lengths, [c and _SENTENCE_END.search(b.text) is not None for c, b in zip(clean, blocks)])
        # above the main block, a standfirst need not end with a full stop, but it comes without the headline
        standfirst = _Sums(lengths, clean)
        headed = _Sums([b.node.tag in HEADINGS for b in blocks])
        for node in nodes:
            if node is not top and node.parent is parent and (
                    scores.get(node, 0.0) >= threshold or good(node) >= total * 0.1
                    or (bad(node) <= SIBLING_MAX_NOISE and (
                        written(node) >= SIBLING_MIN_PROSE
                        or (node.first < top.first and not headed(node) and standfirst(node) >= SIBLING_MIN_PROSE)))):
                region.append(node)  # a sibling that holds prose and little else: an intro, a list of points
    inside = [False] * len(blocks)
    for node in region:
        inside[node.first:node.end] = [True] * (node.end - node.first)
    return inside


def _prose_score(block: Block) -> float:
    """How much a block looks like article prose: long, with commas, few links (readability's weights)."""
    length = len(block.text)
    if length < 25 or block.link_chars > block.chars * 0.5:
        return 0.0
    return 1 + min(length / 100, 3) + block.text.count(",") * 0.3


class _Sums:
    """Sizes of the blocks summed over each node's subtree: a node's blocks are a run, so prefix sums tell them.

    With `chosen`, only the chosen blocks count (one flag per block).
    """

    __slots__ = ("prefix",)

    def __init__(self, sizes: list[int] | list[bool], chosen: list[bool] | None = None) -> None:
        self.prefix = list(accumulate(sizes if chosen is None else map(mul, sizes, chosen), initial=0.0))

    def __call__(self, node: Node) -> float:
        return self.prefix[node.end] - self.prefix[node.first]


def linked_title(blocks: list[Block], in_main: list[bool] | None, threshold: float) -> Block | None:
    """The heading that is a link and opens the main content: the story's own title, not a teaser's.

    A page of teasers has many linked headings; the title is the only one, with no prose of the main
    content above it and prose right below it.
    """
    found: list[int] = []
    opened = False  # prose of the main content seen
    for i, b in enumerate(blocks):
        if b.node.reason is not None or (in_main is not None and not in_main[i]):
            continue
        if b.node.tag in HEADINGS and b.link_chars > b.chars * threshold:
            if opened:
                return None
            found.append(i)
        elif _prose_score(b):
            opened = True
    if len(found) != 1 or found[0] + 1 >= len(blocks):
        return None
    below = blocks[found[0] + 1]
    return blocks[found[0]] if _prose_score(below) and below.node.reason is None else None
