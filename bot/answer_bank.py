"""The answer bank: finds which sourced answer a free-form question about sonography is asking for.

The fixed intents cannot cover the long tail of questions people ask about the road into sonography,
so the action server looks the question up here: every topic (its title, example questions and answer
sentences) and every comparison of sonography with a neighbouring career is indexed once per process
as tf-idf vectors of words and of character n-grams (typos, plurals) over folded text. A question is scored
against each indexed text by cosine similarity, scaled down by the share of its words the bank has
never seen; an entry's score is that of its closest text. Words every entry shares (function words,
"sonography" itself) are left out, so entries are told apart by what is asked about sonography.

People often tell their story first and ask at the end, so the last sentences are scored on their
own as well as the whole message, and the better score counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from bot.careers import Careers, default_careers
from bot.knowledge import KnowledgeBase, default_knowledge_base
from bot.reading.words import fold

# Below this the closest entry is too far from the question to be its answer.
ANSWER_THRESHOLD = 0.3
# Where the NLU is sure the message is a question about sonography, off-topic messages are already
# out of the way, and a looser match is still the likeliest answer (measured on the development set
# tests/realistic/dev_questions.yml: right answers between 0.22 and 0.3 outnumbered wrong ones).
SURE_ANSWER_THRESHOLD = 0.22
# Where the NLU did not read the message as a question about sonography: only a close match on at
# least two words answers it, so an off-topic message is still refused, not given the nearest topic.
UNASKED_THRESHOLD = 0.5
UNASKED_MIN_KNOWN_WORDS = 2
# An answer's own sentences widen the words a topic is found by, but a question that matches one of
# the topic's example questions as well is the surer match.
ANSWER_SENTENCE_WEIGHT = 0.8
# How many closing sentences of a long message are scored on their own.
CLOSING_SENTENCES = 2

Kind = Literal["topic", "comparison", "neighbours"]

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")

# How people ask to compare sonography with another career; "{career}" is one of its names.
COMPARISON_PHRASINGS = (
    "sonography vs {career}",
    "sonographer or {career}",
    "should I become a sonographer or a {career}",
    "difference between ultrasound tech and {career}",
    "is sonography better than {career}",
)
NEIGHBOURS_PHRASINGS = (
    "careers similar to sonography",
    "other imaging careers like ultrasound",
    "what jobs are close to sonography",
    "alternatives to becoming a sonographer",
)


@dataclass(frozen=True)
class Entry:
    """One answer of the bank: a topic, a comparison with one neighbour, or the overview of neighbours."""

    kind: Kind
    key: str  # the topic's or neighbour's id; "" for the overview


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float


# Words that say nothing of the subject: English function words, except those that carry a question
# here ("too late", "my back", "full time", "on call"), and a few more.
FILLER_WORDS = (ENGLISH_STOP_WORDS - {"too", "back", "full", "part", "first", "last", "call"}) | {
    "whats",
    "hows",
    "im",
    "ive",
    "id",
    "dont",
    "cant",
    "really",
    "like",
    "tell",
    "want",
    "know",
}
# The subject of every entry: the bank tells entries apart by what is asked about sonography.
SUBJECT_WORDS = {"sonography", "sonographer", "sonographers", "ultrasound"}


def _content(text: str) -> str:
    """Folded text without function words, whose character n-grams ("what", "the") would otherwise
    make any question look a little like every other."""
    return " ".join(word for word in fold(text).split() if word not in FILLER_WORDS | SUBJECT_WORDS)


def _closing(text: str, count: int = CLOSING_SENTENCES) -> str | None:
    """The last sentences of a message of more than ``count`` sentences, else None."""
    sentences = [sentence for sentence in _SENTENCE_END.split(text.strip()) if sentence.strip()]
    return " ".join(sentences[-count:]) if len(sentences) > count else None


class AnswerBank:
    """A tf-idf index over the texts that stand for each entry."""

    def __init__(self, texts: list[tuple[Entry, str, float]]) -> None:
        if not texts:
            raise ValueError("the answer bank needs at least one text")
        self._entries = [entry for entry, _, _ in texts]
        self._weights = numpy.array([weight for _, _, weight in texts])
        folded = [_content(text) for _, text, _ in texts]
        self._words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self._word_matrix = self._words.fit_transform(folded)
        self._char_matrix = self._chars.fit_transform(folded)

    def _known_words(self, content: str) -> int:
        return sum(word in self._words.vocabulary_ for word in content.split())

    def _evidence(self, text: str) -> int:
        """How many words tie a message to the bank: words it knows, and naming sonography itself."""
        words = [word for word in fold(text).split() if word not in FILLER_WORDS]
        return sum(word in SUBJECT_WORDS or word in self._words.vocabulary_ for word in words)

    def _coverage(self, content: str) -> float:
        """The share of the question's words the bank knows: words it has never seen drop out of a
        tf-idf vector, so "good salary" would otherwise match "is a program any good" as if it were
        all of the question."""
        words = content.split()
        return self._known_words(content) / len(words) if words else 0.0

    def _scores(self, text: str) -> list[float]:
        content = _content(text)
        words = linear_kernel(self._words.transform([content]), self._word_matrix)[0]
        chars = linear_kernel(self._chars.transform([content]), self._char_matrix)[0]
        # Character n-grams only sharpen a match on shared words: alone they match any text a little.
        similarity = numpy.where(words > 0, (words + chars) / 2, 0.0)
        return list(similarity * self._weights * numpy.sqrt(self._coverage(content)))

    def ranked(self, text: str, min_known_words: int = 1) -> list[Match]:
        """Every entry with its best score for the whole message or its closing sentences, best first;
        a part with fewer than ``min_known_words`` words that tie it to the bank scores nothing."""
        parts = [text, *filter(None, [_closing(text)])]
        best: dict[Entry, float] = dict.fromkeys(self._entries, 0.0)
        for part in parts:
            if self._evidence(part) < min_known_words:
                continue
            for entry, score in zip(self._entries, self._scores(part), strict=True):
                best[entry] = max(score, best.get(entry, 0.0))
        return sorted((Match(entry, score) for entry, score in best.items()), key=lambda match: -match.score)

    def best(self, text: str, sure: bool = False) -> Match | None:
        """The closest entry to a message the NLU read as a question about sonography, if it is close
        enough to be the answer; a little less close will do where the NLU was ``sure``."""
        return self._best(self.ranked(text), SURE_ANSWER_THRESHOLD if sure else ANSWER_THRESHOLD)

    def best_unasked(self, text: str) -> Match | None:
        """The closest entry to a message the NLU read otherwise or not at all: only a close match, and
        on more than one word ("which job should I go for" shares only "job" with "is it a 9 to 5 job?")."""
        return self._best(self.ranked(text, min_known_words=UNASKED_MIN_KNOWN_WORDS), UNASKED_THRESHOLD)

    @staticmethod
    def _best(ranked: list[Match], threshold: float) -> Match | None:
        return ranked[0] if ranked and ranked[0].score >= threshold and ranked[0].score > 0 else None


def bank_texts(kb: KnowledgeBase, careers: Careers) -> list[tuple[Entry, str, float]]:
    """Each topic's title, the ways it is asked and its answer sentences; each neighbour's names in
    comparison phrasings."""
    texts: list[tuple[Entry, str, float]] = []
    for topic in kb.topics.values():
        entry = Entry("topic", topic.id)
        asked = [topic.title, *topic.questions, *topic.also_asked]
        texts += [(entry, question, 1.0) for question in asked]
        texts += [(entry, statement.text, ANSWER_SENTENCE_WEIGHT) for statement in topic.answer]
    for neighbour in careers.neighbours.values():
        entry = Entry("comparison", neighbour.id)
        names = dict.fromkeys([neighbour.name, *neighbour.aliases])
        texts += [(entry, phrasing.format(career=name), 1.0) for name in names for phrasing in COMPARISON_PHRASINGS]
    texts += [(Entry("neighbours", ""), phrasing, 1.0) for phrasing in NEIGHBOURS_PHRASINGS]
    return texts


@lru_cache(maxsize=1)
def default_answer_bank() -> AnswerBank:
    """The bank over the default knowledge base, built once per process."""
    return AnswerBank(bank_texts(default_knowledge_base(), default_careers()))
