"""The answer bank: finds which sourced answer a free-form question about sonography is asking for.

The fixed intents cannot cover the long tail of questions people ask about the road into sonography,
so the action server looks the question up here. Every topic (its title, the ways people ask for it
and its answer sentences) and every comparison of sonography with a neighbouring career is indexed
once per process as tf-idf vectors of words and of character n-grams (typos, plurals) over folded text.
Two questions are asked of a message:

- Is it close enough to be answered from the bank? A question is scored against each indexed text
  by cosine similarity, scaled down by the share of its words the bank has never seen; the picked
  entry's closest text must pass a threshold. Words every entry shares (function words, "sonography"
  itself) are left out, so only what is asked about sonography counts.
- Which entry answers it? A linear SVM trained on the ways each entry is asked for picks it. The
  nearest single text is a noisy guide once each topic is asked for in many ways: a long story
  shares a few words with anything. On tests/realistic/dev_questions.yml the picker gave 68/90 good
  replies where the nearest text gave 59/90.

People often tell their story first and ask at the end, so the last sentences are scored on their
own as well as the whole message, and the better score counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

import numpy
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel
from sklearn.svm import LinearSVC

from bot.careers import Careers, default_careers
from bot.knowledge import KnowledgeBase, default_knowledge_base
from bot.reading.vocabulary import default_vocabulary
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
# The picker's regularization (a linear SVM over the same features; chosen on the development set).
PICKER_C = 0.3
# How many closing sentences of a long message are scored on their own.
CLOSING_SENTENCES = 2
# Where the NLU is sure the message is a question about sonography, a long story dilutes every
# closeness score; the picker's entry answers anyway when the picker prefers it to every other entry
# by this margin of its decision values, and the entry is at least somewhat close.
SURE_PICKER_MARGIN = 0.3
SURE_MIN_CLOSENESS = 0.15
# ... unless another entry is clearly closer: "how much does a program cost? ... online" is closest to
# the cost topic, while the picker prefers online study for one word. (The same check on every answer
# below the usual threshold cost 4 good answers over the seven real-style sets, and on every answer 13;
# letting the closer entry answer instead answered "how many sick days do I get at my hospital?" with
# clinical rotations.)
SURE_CLOSENESS_GAP = 0.1

Kind = Literal["topic", "comparison", "neighbours"]

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")

@dataclass(frozen=True)
class Entry:
    """One answer of the bank: a topic, a comparison with one neighbour, or the overview of neighbours."""

    kind: Kind
    key: str  # the topic's or neighbour's id; "" for the overview


class BankText(NamedTuple):
    """A text an entry is found by: a way it is asked for, or one of its answer's sentences."""

    entry: Entry
    text: str
    weight: float = 1.0
    asked: bool = True


@dataclass(frozen=True)
class Match:
    """An entry and how close the message is to it (the threshold is checked against this)."""

    entry: Entry
    score: float


@lru_cache(maxsize=1)
def _filler_words() -> frozenset[str]:
    """Words that say nothing of the subject: English function words, except those that carry a
    question here, and the fillers of reading.yml."""
    words = default_vocabulary().answer_bank
    return frozenset((ENGLISH_STOP_WORDS - set(words.kept_function_words)) | set(words.filler_words))


@lru_cache(maxsize=1)
def _subject_words() -> frozenset[str]:
    return frozenset(default_vocabulary().answer_bank.subject_words)


@lru_cache(maxsize=1)
def _dropped_words() -> frozenset[str]:
    return _filler_words() | _subject_words()


def _content(text: str) -> str:
    """Folded text without function words, whose character n-grams ("what", "the") would otherwise
    make any question look a little like every other."""
    return " ".join(word for word in fold(text).split() if word not in _dropped_words())


def _closing(text: str, count: int = CLOSING_SENTENCES) -> str | None:
    """The last sentences of a message of more than ``count`` sentences, else None."""
    sentences = [sentence for sentence in _SENTENCE_END.split(text.strip()) if sentence.strip()]
    return " ".join(sentences[-count:]) if len(sentences) > count else None


class AnswerBank:
    """A tf-idf index over the texts that stand for each entry."""

    def __init__(self, texts: list[BankText]) -> None:
        if not texts:
            raise ValueError("the answer bank needs at least one text")
        self._entries = [text.entry for text in texts]
        self._weights = numpy.array([text.weight for text in texts])
        folded = [_content(text.text) for text in texts]
        self._words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self._word_matrix = self._words.fit_transform(folded)
        self._char_matrix = self._chars.fit_transform(folded)
        self._distinct = list(dict.fromkeys(self._entries))
        position = {entry: index for index, entry in enumerate(self._distinct)}
        self._entry_index = numpy.array([position[entry] for entry in self._entries])
        # Every content word each entry is found by, to count the words a message shares with it.
        self._entry_words: list[set[str]] = [set() for _ in self._distinct]
        for index, content in zip(self._entry_index, folded, strict=True):
            self._entry_words[index].update(content.split())
        asked = [index for index, text in enumerate(texts) if text.asked]
        # With a single entry asked for (a bank built in a test), there is nothing to pick between.
        self._only_entry = int(self._entry_index[asked[0]]) if asked else 0
        self._picker: LinearSVC | None = None
        if len({texts[index].entry for index in asked}) > 1:
            # Answer sentences widen what the bank is close to, but only the ways people ask train the
            # picker: an answer's words ("babies" in the pediatric answer) would pull questions to it.
            labels = self._entry_index[asked]
            features = hstack([self._word_matrix, self._char_matrix]).tocsr()[asked]
            self._picker = LinearSVC(C=PICKER_C).fit(features, labels, sample_weight=self._weights[asked])

    def _known_words(self, content: str) -> int:
        return sum(word in self._words.vocabulary_ for word in content.split())

    def _evidence(self, text: str) -> int:
        """How many words tie a message to the bank: words it knows, and naming sonography itself."""
        words = [word for word in fold(text).split() if word not in _filler_words()]
        return sum(word in _subject_words() or word in self._words.vocabulary_ for word in words)

    def _coverage(self, content: str) -> float:
        """The share of the question's words the bank knows: words it has never seen drop out of a
        tf-idf vector, so "good salary" would otherwise match "is a program any good" as if it were
        all of the question."""
        words = content.split()
        return self._known_words(content) / len(words) if words else 0.0

    def _parts(self, text: str, min_known_words: int) -> list[str]:
        """The whole message and its closing sentences, as content words, that have ``min_known_words``
        words tying them to the bank."""
        parts = [text, *filter(None, [_closing(text)])]
        return [_content(part) for part in parts if self._evidence(part) >= min_known_words]

    def _closeness(self, contents: list[str], words: csr_matrix, chars: csr_matrix) -> numpy.ndarray:
        """Each entry's best score over the parts: its closest text's cosine similarity, scaled by weight
        and by how much of the part the bank knows."""
        word_similarity = linear_kernel(words, self._word_matrix)
        char_similarity = linear_kernel(chars, self._char_matrix)
        # Character n-grams only sharpen a match on shared words: alone they match any text a little.
        similarity = numpy.where(word_similarity > 0, (word_similarity + char_similarity) / 2, 0.0)
        coverage = numpy.sqrt([self._coverage(content) for content in contents])[:, None]
        per_text = (similarity * self._weights * coverage).max(axis=0)
        per_entry = numpy.zeros(len(self._distinct))
        numpy.maximum.at(per_entry, self._entry_index, per_text)
        return per_entry

    def _picked(self, words: csr_matrix, chars: csr_matrix) -> tuple[int, float]:
        """The index of the entry the picker chooses for the parts, from the part it is surest of, and by
        how much its decision value leads the runner-up's."""
        if self._picker is None:
            return self._only_entry, float("inf")
        decisions = self._picker.decision_function(hstack([words, chars]))
        if decisions.ndim == 1:  # two entries: one score per part, for the second class
            decisions = numpy.column_stack([-decisions, decisions])
        decisions = decisions.max(axis=0)
        first, second = numpy.argsort(-decisions)[:2]
        return int(self._picker.classes_[first]), float(decisions[first] - decisions[second])

    def best(self, text: str, sure: bool = False) -> Match | None:
        """The entry that answers a message the NLU read as a question about sonography, if the message
        is close enough to it; a little less close will do where the NLU was ``sure``, and less still
        where the picker clearly prefers one entry."""
        return self._best(text, 1, SURE_ANSWER_THRESHOLD if sure else ANSWER_THRESHOLD, sure)

    def best_unasked(self, text: str) -> Match | None:
        """The entry that answers a message the NLU read otherwise or not at all: only a close match, and
        on more than one word ("which job should I go for" shares only "job" with "is it a 9 to 5 job?")."""
        return self._best(text, UNASKED_MIN_KNOWN_WORDS, UNASKED_THRESHOLD)

    def _best(self, text: str, min_known_words: int, threshold: float, sure: bool = False) -> Match | None:
        """The picker's entry, if the message is close enough to that entry to be its answer and shares
        ``min_known_words`` of its words with it; where the NLU was ``sure``, the picker clearly prefers
        the entry and no other entry is clearly closer, somewhat close is enough."""
        contents = self._parts(text, min_known_words)
        if not contents:
            return None
        words, chars = self._words.transform(contents), self._chars.transform(contents)
        closeness = self._closeness(contents, words, chars)
        if closeness.max() < (SURE_MIN_CLOSENESS if sure else threshold):  # nothing is close: no need to ask the picker
            return None
        picked, lead = self._picked(words, chars)
        clear_favourite = lead >= SURE_PICKER_MARGIN and closeness.max() - closeness[picked] <= SURE_CLOSENESS_GAP
        floor = SURE_MIN_CLOSENESS if sure and clear_favourite else threshold
        shared = max(len(set(content.split()) & self._entry_words[picked]) for content in contents)
        if closeness[picked] < floor or shared < min_known_words:
            return None
        return Match(self._distinct[picked], float(closeness[picked]))


def bank_texts(kb: KnowledgeBase, careers: Careers) -> list[BankText]:
    """Each topic's title, the ways it is asked and its answer sentences; each neighbour's names in the
    ways people ask to compare careers."""
    words = default_vocabulary().answer_bank
    texts: list[BankText] = []
    for topic in kb.topics.values():
        entry = Entry("topic", topic.id)
        asked = [topic.title, *topic.questions, *topic.also_asked]
        texts += [BankText(entry, question) for question in asked]
        texts += [BankText(entry, statement.text, ANSWER_SENTENCE_WEIGHT, asked=False) for statement in topic.answer]
    for neighbour in careers.neighbours.values():
        entry = Entry("comparison", neighbour.id)
        names = dict.fromkeys([neighbour.name, *neighbour.aliases])
        phrasings = words.comparison_phrasings
        texts += [BankText(entry, phrasing.format(career=name)) for name in names for phrasing in phrasings]
    texts += [BankText(Entry("neighbours", ""), phrasing) for phrasing in words.neighbours_phrasings]
    return texts


@lru_cache(maxsize=1)
def default_answer_bank() -> AnswerBank:
    """The bank over the default knowledge base, built once per process."""
    return AnswerBank(bank_texts(default_knowledge_base(), default_careers()))
