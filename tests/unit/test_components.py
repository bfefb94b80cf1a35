"""The project's NLU components: a logistic regression and a one-hidden-layer network, stored as plain
arrays, predict as before, and weight each featurizer's sentence vector (dampened counts, idf, unit
length)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from bot.recommend import default_questionnaire
from components.choice_titles import ChoiceTitleReader
from components.logistic_regression import ARRAYS_FILE, PlainLogisticRegressionClassifier
from components.neural_network import SparseNeuralNetworkClassifier
from components.own_pay_requests import OwnPayRequestReader
from components.study_material_requests import StudyMaterialRequestReader
from components.writing_requests import WritingRequestReader


def test_a_stored_and_loaded_classifier_gives_the_same_probabilities(tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("intent_classifier")
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    trained = PlainLogisticRegressionClassifier.create({}, storage, resource, context)
    rng = np.random.default_rng(7)
    features = csr_matrix(rng.random((60, 12)))
    intents = np.array(["ask_salary", "greet", "ask_education"] * 20)
    trained.clf.fit(features, intents)
    trained.persist()

    assert (tmp_path / resource.name / ARRAYS_FILE).exists()
    loaded = PlainLogisticRegressionClassifier.load({}, storage, resource, context)
    assert list(loaded.clf.classes_) == list(trained.clf.classes_)
    np.testing.assert_allclose(loaded.clf.predict_proba(features), trained.clf.predict_proba(features))


def test_nothing_stored_gives_an_untrained_classifier(tmp_path: Path) -> None:
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    loaded = PlainLogisticRegressionClassifier.load({}, LocalModelStorage(tmp_path), Resource("missing"), context)
    assert not hasattr(loaded.clf, "coef_")


def _message_with_sentence_counts(word_counts: list[float], char_counts: list[float]) -> Message:
    message = Message(data={TEXT: "some text"})
    for origin, counts in (("words", word_counts), ("characters", char_counts)):
        message.add_features(Features(csr_matrix([counts]), FEATURE_TYPE_SENTENCE, TEXT, origin))
    return message


def test_scaling_gives_each_featurizer_unit_length_so_long_messages_do_not_dominate(tmp_path: Path) -> None:
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    classifier = PlainLogisticRegressionClassifier.create(
        {"scale_per_featurizer": True}, LocalModelStorage(tmp_path), Resource("intent_classifier"), context
    )
    short = _message_with_sentence_counts([1, 0, 1], [3, 4, 0, 0])
    repeated = _message_with_sentence_counts([2, 0, 2], [6, 8, 0, 0])  # the same message, said twice

    features = classifier._create_X([short, repeated]).toarray()

    np.testing.assert_allclose(features[0], features[1])
    np.testing.assert_allclose(np.linalg.norm(features[0][:3]), 1.0)  # the word block
    np.testing.assert_allclose(features[0][3:], [0.6, 0.8, 0, 0])  # the character block


def test_without_scaling_the_raw_counts_are_used(tmp_path: Path) -> None:
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    classifier = PlainLogisticRegressionClassifier.create({}, LocalModelStorage(tmp_path), Resource("c"), context)
    features = classifier._create_X([_message_with_sentence_counts([2, 0, 2], [6, 8, 0, 0])]).toarray()
    np.testing.assert_allclose(features[0], [2, 0, 2, 6, 8, 0, 0])


def _labelled(intent: str, word_counts: list[float], char_counts: list[float]) -> Message:
    message = _message_with_sentence_counts(word_counts, char_counts)
    message.set(INTENT, intent)
    return message


def _weighted_classifier(tmp_path: Path, **config: object) -> tuple[PlainLogisticRegressionClassifier, tuple]:
    storage, resource = LocalModelStorage(tmp_path), Resource("intent_classifier")
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    return PlainLogisticRegressionClassifier.create(config, storage, resource, context), (storage, resource, context)


def test_idf_weighting_makes_a_word_in_every_message_count_least(tmp_path: Path) -> None:
    classifier, _ = _weighted_classifier(tmp_path, idf_weighting=True)
    # word 0 is in every message ("what"), word 1 in half ("salary"), word 2 in one ("rdcs")
    training = [
        _labelled("ask_salary", [1, 1, 0], [1, 0]),
        _labelled("ask_salary", [1, 1, 0], [2, 0]),
        _labelled("ask_credential", [1, 0, 1], [0, 1]),
        _labelled("ask_credential", [1, 0, 0], [0, 1]),
    ]
    classifier.train(TrainingData(training_examples=training))

    word_weights = classifier.idf[0]
    assert word_weights[0] == 1.0  # smoothed idf: a feature of every message keeps weight 1
    assert word_weights[0] < word_weights[1] < word_weights[2]
    features = classifier._create_X([_message_with_sentence_counts([1, 1, 1], [0, 0])]).toarray()[0]
    np.testing.assert_allclose(features[:3], word_weights)


def test_sublinear_counts_dampen_repetition(tmp_path: Path) -> None:
    classifier, _ = _weighted_classifier(tmp_path, sublinear_tf=True)
    features = classifier._create_X([_message_with_sentence_counts([1, 0, np.e], [np.e**2, 0])]).toarray()[0]
    np.testing.assert_allclose(features, [1.0, 0.0, 2.0, 3.0, 0.0])


def test_a_weighted_classifier_predicts_the_same_after_storing_and_loading(tmp_path: Path) -> None:
    config = {"idf_weighting": True, "sublinear_tf": True, "scale_per_featurizer": True, "C": 8}
    classifier, (storage, resource, context) = _weighted_classifier(tmp_path, **config)
    rng = np.random.default_rng(3)
    training = [
        _labelled(intent, list(rng.integers(0, 3, 5)), list(rng.integers(0, 4, 7)))
        for intent in ("greet", "ask_salary", "ask_education") * 10
    ]
    classifier.train(TrainingData(training_examples=training))
    probe = [_message_with_sentence_counts(list(rng.integers(0, 3, 5)), list(rng.integers(0, 4, 7))) for _ in range(6)]

    loaded = PlainLogisticRegressionClassifier.load(config, storage, resource, context)

    assert [len(weights) for weights in loaded.idf] == [5, 7]
    np.testing.assert_allclose(
        loaded.clf.predict_proba(loaded._create_X(probe)), classifier.clf.predict_proba(classifier._create_X(probe))
    )


def _separable_training(rng: np.random.Generator) -> list[Message]:
    """Three intents, each with its own words (word block) and shared noise (character block)."""
    messages = []
    for index, intent in enumerate(("greet", "ask_salary", "ask_education") * 12):
        words = [0.0] * 6
        words[2 * (index % 3)] = 1.0 + rng.integers(0, 2)
        messages.append(_labelled(intent, words, list(rng.integers(0, 3, 4).astype(float))))
    return messages


def test_the_neural_network_learns_stores_and_trains_the_same_way_twice(tmp_path: Path) -> None:
    config = {"idf_weighting": True, "sublinear_tf": True, "scale_per_featurizer": True, "hidden_units": 8,
              "epochs": 200, "random_state": 42}
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    trained = []
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
        storage, resource = LocalModelStorage(tmp_path / run), Resource("intent_classifier")
        classifier = SparseNeuralNetworkClassifier.create(config, storage, resource, context)
        classifier.train(TrainingData(training_examples=_separable_training(np.random.default_rng(5))))
        trained.append((classifier, storage, resource))
    probe = [_message_with_sentence_counts([0, 0, 2, 0, 0, 0], [1, 1, 0, 0])]  # the words of ask_salary

    first, storage, resource = trained[0]
    loaded = SparseNeuralNetworkClassifier.load(config, storage, resource, context)
    [message] = loaded.process(probe)

    assert message.get(INTENT)["name"] == "ask_salary"
    expected = first.clf.predict_proba(first._create_X(probe))
    np.testing.assert_allclose(loaded.clf.predict_proba(loaded._create_X(probe)), expected)
    second = trained[1][0]
    np.testing.assert_allclose(second.clf.predict_proba(second._create_X(probe)), expected)


def test_a_message_on_its_own_gets_the_features_it_gets_in_a_batch(tmp_path: Path) -> None:
    """The server weighs one message at a time, training a batch: both must see the same features."""
    config = {"idf_weighting": True, "sublinear_tf": True, "scale_per_featurizer": True}
    classifier, _ = _weighted_classifier(tmp_path, **config)
    rng = np.random.default_rng(5)
    training = [
        _labelled(intent, list(rng.integers(0, 3, 5)), list(rng.integers(0, 4, 7)))
        for intent in ("greet", "ask_salary") * 6
    ]
    classifier.train(TrainingData(training_examples=training))
    # Float counts, as featurizers store them: a float matrix is what a careless copy would share.
    probe = [
        _message_with_sentence_counts(list(rng.integers(0, 3, 5) * 1.0), list(rng.integers(0, 4, 7) * 1.0))
        for _ in range(5)
    ]
    probe.append(_message_with_sentence_counts([0.0, 0, 0, 0, 0], [0.0, 2, 0, 0, 0, 0, 1]))  # no known word

    batch = classifier._create_X(probe).toarray()
    one_by_one = np.vstack([classifier._create_X([message]).toarray() for message in probe])

    np.testing.assert_allclose(one_by_one, batch, rtol=0, atol=1e-15)
    # Weighting works on copies: the messages' own features are untouched, so weighing again agrees.
    again = np.vstack([classifier._create_X([message]).toarray() for message in probe])
    np.testing.assert_allclose(again, one_by_one, rtol=0, atol=0)
    np.testing.assert_allclose(batch[-1][:5], 0.0)


def test_several_networks_are_stored_loaded_and_averaged(tmp_path: Path) -> None:
    config = {"idf_weighting": True, "sublinear_tf": True, "scale_per_featurizer": True, "hidden_units": 8,
              "epochs": 200, "random_state": 42, "networks": 3}
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    storage, resource = LocalModelStorage(tmp_path), Resource("intent_classifier")
    classifier = SparseNeuralNetworkClassifier.create(config, storage, resource, context)
    classifier.train(TrainingData(training_examples=_separable_training(np.random.default_rng(5))))
    probe = [_message_with_sentence_counts([0, 0, 2, 0, 0, 0], [1, 1, 0, 0])]
    features = classifier._create_X(probe)
    each = [network.predict_proba(features) for network in classifier.clf.networks]

    loaded = SparseNeuralNetworkClassifier.load(config, storage, resource, context)

    assert len(loaded.clf.networks) == 3
    assert not np.allclose(each[0], each[1])  # consecutive seeds: different networks
    np.testing.assert_allclose(loaded.clf.predict_proba(loaded._create_X(probe)), np.mean(each, axis=0))
    assert loaded.process(probe)[0].get(INTENT)["name"] == "ask_salary"


def test_the_averaged_forward_pass_is_scikit_learns(tmp_path: Path) -> None:
    config = {"idf_weighting": True, "sublinear_tf": True, "scale_per_featurizer": True, "hidden_units": 8,
              "epochs": 50, "random_state": 7, "networks": 3}
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    classifier = SparseNeuralNetworkClassifier.create(config, LocalModelStorage(tmp_path), Resource("nn"), context)
    examples = _separable_training(np.random.default_rng(11))
    classifier.train(TrainingData(training_examples=examples))
    rows = classifier._create_X(examples)  # many rows at once, as in training and cross-validation
    scikit_learns = np.mean([network.predict_proba(rows) for network in classifier.clf.networks], axis=0)
    np.testing.assert_allclose(classifier.clf.predict_proba(rows), scikit_learns, rtol=1e-12, atol=1e-15)
    classifier.clf.fit(rows, [example.get(INTENT) for example in examples][::-1])  # trained again: new layers
    scikit_learns = np.mean([network.predict_proba(rows) for network in classifier.clf.networks], axis=0)
    np.testing.assert_allclose(classifier.clf.predict_proba(rows), scikit_learns, rtol=1e-12, atol=1e-15)


def _classified(text: str, intent: str) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.97})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.97}, {"name": "out_of_scope", "confidence": 0.02}])
    return message


def test_a_request_to_write_a_document_is_declined_as_off_topic(tmp_path: Path) -> None:
    reader = WritingRequestReader.create({}, LocalModelStorage(tmp_path), Resource("writing"), None)
    request, question = reader.process([
        _classified("can you write my resume for an ultrasound job? RDMS AB OB", "ask_certification"),
        _classified("should I write my personal statement about my grandma?", "ask_about_sonography"),
    ])
    assert request.get(INTENT) == {"name": "out_of_scope", "confidence": 1.0}
    assert [(entry["name"], entry["confidence"]) for entry in request.get("intent_ranking")] == [
        ("out_of_scope", 1.0), ("ask_certification", 0.0)
    ]
    assert question.get(INTENT)["name"] == "ask_about_sonography"


def test_a_request_for_study_material_read_as_a_request_for_a_role_is_a_question(tmp_path: Path) -> None:
    reader = StudyMaterialRequestReader.create({}, LocalModelStorage(tmp_path), Resource("study"), None)
    material, role, other = reader.process([
        _classified("Would you recommend a textbook for the SPI?", "ask_recommendation"),
        _classified("which role would you recommend for me?", "ask_recommendation"),
        _classified("do sonography students need to buy a lot of books?", "ask_about_sonography"),
    ])
    assert material.get(INTENT) == {"name": "ask_about_sonography", "confidence": 1.0}
    assert role.get(INTENT)["name"] == "ask_recommendation"
    assert other.get(INTENT) == {"name": "ask_about_sonography", "confidence": 0.97}


def test_a_choice_buttons_title_typed_is_an_answer_to_the_choice(tmp_path: Path) -> None:
    reader = ChoiceTitleReader.create({}, LocalModelStorage(tmp_path), Resource("titles"), None)
    titles = [option.label for question in default_questionnaire().questions.values() for option in question.options]
    read = reader.process([_classified(title, "inform_role") for title in [*titles, "Any level", "  teaching! "]])
    assert {message.get(INTENT)["name"] for message in read} == {"inform_choice"}
    role, longer = reader.process([
        _classified("clinical educator", "inform_role"),
        _classified("teaching people to scan, what role fits?", "share_interest"),
    ])
    assert (role.get(INTENT)["name"], longer.get(INTENT)["name"]) == ("inform_role", "share_interest")


def test_no_networks_is_a_configuration_error(tmp_path: Path) -> None:
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    with pytest.raises(ValueError, match="networks must be 1 or more"):
        SparseNeuralNetworkClassifier.create({"networks": 0}, LocalModelStorage(tmp_path), Resource("c"), context)


def test_a_declined_request_stays_off_topic_through_the_fallback_classifier(tmp_path: Path) -> None:
    reader = WritingRequestReader.create({}, LocalModelStorage(tmp_path), Resource("writing"), None)
    [message] = reader.process([_classified("can you write my cover letter for an echo job", "ask_salary")])
    fallback = FallbackClassifier.create(FallbackClassifier.get_default_config(), LocalModelStorage(tmp_path),
                                         Resource("fallback"), None)
    [message] = fallback.process([message])
    assert message.get(INTENT)["name"] == "out_of_scope"


def test_a_question_about_ones_own_pay_is_declined_unless_it_names_a_role(tmp_path: Path) -> None:
    reader = OwnPayRequestReader.create({}, LocalModelStorage(tmp_path), Resource("own_pay"), None)
    named = _classified("what is my salary, i'm an echo tech", "ask_salary")
    named.set("entities", [{"entity": "role", "value": "echo tech", "start": 24, "end": 33}])
    own, would, named = reader.process([
        _classified("how much money do i make a week", "ask_salary"),
        _classified("what would my salary be", "ask_salary"),
        named,
    ])
    assert own.get(INTENT) == {"name": "out_of_scope", "confidence": 1.0}
    assert would.get(INTENT)["name"] == "ask_salary"
    assert named.get(INTENT)["name"] == "ask_salary"
