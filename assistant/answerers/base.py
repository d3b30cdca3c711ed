"""The answerer interface: passages in, a short grounded answer with [n] citations out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.query import Query
from assistant.retrieval.hybrid_retriever import Passage

NOT_FOUND = "政策库中未找到能回答该问题的内容。"


@dataclass
class Draft:
    """What an answerer produces: text citing passages by their 1-based position in ``passages``."""

    text: str
    answerable: bool
    cited: list[int] = field(default_factory=list)
    highlights: dict[int, list[str]] = field(default_factory=dict)
    notice: str = ""
    reason: str = ""  # why it declined, in Chinese, for the official
    confidence: float = 0.0  # P(the answer is right), from the fitted scorer
    answerer: str = ""  # which answerer produced the text
    ranking: list[int] = field(default_factory=list)  # passage positions, most likely to hold the answer first (empty: as retrieved)
    lacks_years: tuple[int, ...] = ()  # declined because the store has no document of the genre named for these years


class Answerer:
    name = ""

    def answer(self, query: Query, passages: list[Passage]) -> Draft:
        raise NotImplementedError

    def stream(self, query: Query, passages: list[Passage]) -> Iterator[str | Draft]:
        """Text pieces as they come, then the final ``Draft``; the default streams nothing early."""
        yield self.answer(query, passages)
