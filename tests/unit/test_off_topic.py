"""The off-topic detector (components/off_topic.py): learns off-topic from a list of requests against
the training data's other intents, stores two arrays, and changes only the intents it may change."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.off_topic import ARRAYS_FILE, OffTopicDetector, OffTopicScorer, UnseenWords, lemmatized

OFF_TOPIC = [
    "what's the weather like tomorrow", "will it rain in the morning", "book me a table for two tonight",
    "how do i say hello in french", "translate thank you into german", "what's my account balance",
    "transfer money to my savings", "set an alarm for six am", "play some jazz music", "tell me a joke",
    "how many vacation days do i have left", "what's my salary", "when is my next pay day",
]
ON_TOPIC = [
    "what does a pacs administrator earn", "how much do echocardiographers make", "what exams do i need",
    "how long is sonography school", "which certification for echo", "is the job outlook good for managers",
    "what does a clinical educator do", "programs in ohio", "how do i become an echo tech",
    "what education does an imaging manager need", "hello", "thanks", "what can you do",
]


def _example(text: str, intent: str) -> Message:
    """A training example: its intent is a name."""
    return Message(data={TEXT: text, INTENT: intent})


def _message(text: str, intent: str) -> Message:
    """A message as the intent classifier leaves it."""
    return Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.8}})


@pytest.fixture()
def trained(tmp_path: Path) -> tuple[OffTopicDetector, LocalModelStorage, Resource, ExecutionContext]:
    requests = tmp_path / "requests.txt"
    requests.write_text("\n".join(OFF_TOPIC[:-2]) + "\n\n", encoding="utf-8")
    storage, resource = LocalModelStorage(tmp_path), Resource("off_topic")
    context = ExecutionContext(GraphSchema({}), node_name="off_topic")
    spacy.blank("en").to_disk(tmp_path / "spacy")
    config = {"off_topic_requests": str(requests), "spacy_model": str(tmp_path / "spacy"), "threshold": 0.5}
    detector = OffTopicDetector.create(config, storage, resource, context)
    data = TrainingData([_example(text, "ask_salary") for text in ON_TOPIC]
                        + [_example(text, "out_of_scope") for text in OFF_TOPIC[-2:]])
    detector.train(data)
    return detector, storage, resource, context


def test_it_learns_off_topic_from_the_file_and_the_training_datas_off_topic_examples(trained) -> None:
    detector = trained[0]
    texts = lemmatized(detector.config["spacy_model"], [
        "what's my salary", "what's the weather tomorrow", "how much do echocardiographers make", "programs in ohio"
    ])
    off, on = detector.scorer.probabilities(texts).reshape(2, 2)
    assert off.min() > on.max()
    assert on.max() < 0.5 < off.min()


def test_a_stored_and_loaded_detector_scores_the_same(trained) -> None:
    detector, storage, resource, context = trained
    assert (storage._storage_path / resource.name / ARRAYS_FILE).exists()
    loaded = OffTopicDetector.load(detector.config, storage, resource, context)
    texts = OFF_TOPIC + ON_TOPIC + ["", "¿qué tal?"]
    np.testing.assert_allclose(loaded.scorer.probabilities(texts), detector.scorer.probabilities(texts), rtol=1e-5)


def test_only_a_message_it_is_sure_of_is_given_the_off_topic_intent(trained) -> None:
    detector = trained[0]
    role = _message("will it rain tomorrow morning for the manager", "ask_job_outlook")
    role.set("entities", [{"entity": "role", "value": "manager", "start": 38, "end": 45}])
    weather, salary_question, greeting, sonography, role = detector.process([
        _message("will it rain tomorrow morning", "ask_job_outlook"),
        _message("what does a pacs administrator earn", "ask_salary"),
        _message("tell me a joke", "greet"),  # the greeting says what SonoPath covers: kept
        _message("what's the weather like for ultrasound techs", "ask_job_outlook"),  # names sonography: kept
        role,  # names a role: kept
    ])
    assert role.get(INTENT)["name"] == "ask_job_outlook"
    assert weather.get(INTENT) == {"name": "out_of_scope", "confidence": 1.0}
    assert salary_question.get(INTENT)["name"] == "ask_salary"
    assert greeting.get(INTENT)["name"] == "greet"
    assert sonography.get(INTENT)["name"] == "ask_job_outlook"


def test_a_message_read_as_steering_the_conversation_is_changed_only_where_the_detector_is_surer(trained) -> None:
    detector = trained[0]
    probability = float(detector.scorer.probabilities(["will it rain tomorrow morning"])[0])
    assert detector.threshold_for("ask_salary") < probability
    for sure_threshold, expected in ((probability - 0.01, "out_of_scope"), (min(probability + 0.01, 1.0), "stop")):
        detector.config["sure_threshold"] = sure_threshold
        [message] = detector.process([_message("will it rain tomorrow morning", "stop")])
        assert message.get(INTENT)["name"] == expected


def test_a_message_the_classifier_is_all_but_certain_of_is_overruled_only_for_words_never_seen(trained) -> None:
    detector = trained[0]
    known_words, new_words = "which certification for managers", "will it rain tomorrow morning"
    known, unseen = _message(known_words, "ask_job_outlook"), _message(new_words, "ask_job_outlook")
    for message in (known, unseen):
        message.get(INTENT)["confidence"] = 0.95
    assert detector.scorer.unseen.share(known_words) == 0 < detector.scorer.unseen.share(new_words)
    detector.config["threshold"] = detector.config["unseen_threshold"] = 0.0  # any probability would do
    known, unseen = detector.process([known, unseen])
    assert known.get(INTENT)["name"] == "ask_job_outlook"
    assert unseen.get(INTENT)["name"] == "out_of_scope"
    assert detector.threshold_for("ask_job_outlook", 0.95) is None
    assert detector.threshold_for("ask_job_outlook", 0.5) == detector.config["threshold"]
    detector.config["unseen_threshold"] = 0.8
    assert detector.threshold_for("ask_job_outlook", 0.95, has_unseen_words=True) == 0.8
    assert detector.threshold_for("stop", 0.95, has_unseen_words=True) == detector.config["sure_threshold"]


def test_unseen_words_are_content_words_missing_from_the_on_topic_examples() -> None:
    unseen = UnseenWords.of(["how long is echo school", "what does a sonographer earn"])
    assert unseen.share("do ducks sleep") == 1.0
    assert unseen.share("how long is sonographer school") == 0.0
    assert unseen.share("is echo school hard for ducks") == 0.5  # hard and ducks of echo, school, hard, ducks
    assert unseen.share("what is it") == 0.0  # no content words


def test_held_out_shares_count_an_example_s_own_words_as_unseen() -> None:
    texts = ["echo school"] * 10 + ["unique zebra"]
    shares = UnseenWords.shares_held_out(texts)
    assert shares[-1] == 1.0
    assert set(shares[:-1]) == {0.0}


def test_an_untrained_detector_changes_nothing(tmp_path: Path) -> None:
    context = ExecutionContext(GraphSchema({}), node_name="off_topic")
    detector = OffTopicDetector.load({}, LocalModelStorage(tmp_path), Resource("missing"), context)
    [message] = detector.process([_message("will it rain tomorrow", "ask_salary")])
    assert message.get(INTENT)["name"] == "ask_salary"
    assert OffTopicScorer().probabilities(["anything"]).tolist() == [0.0]
