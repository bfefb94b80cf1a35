"""The project's NLU component: a logistic regression stored as plain arrays predicts as before."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from scipy.sparse import csr_matrix

from components.logistic_regression import ARRAYS_FILE, PlainLogisticRegressionClassifier


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
