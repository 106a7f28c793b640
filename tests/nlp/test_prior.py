"""The prior direction from the label descriptions: all six languages, folded into the weights."""
from __future__ import annotations

import numpy as np

from postguard.languages import LANGUAGES
from postguard.nlp.prior import descriptions, direction, mixed
from postguard.nlp.tasks import TASKS


def test_every_language_describes_every_label_of_the_tone_tasks():
    found = descriptions()
    assert set(found) == set(LANGUAGES)
    for lang, tasks in found.items():
        for task in ("abuse", "threat", "sentiment"):
            assert set(tasks[task]) == set(TASKS[task].labels), (lang, task)


def test_binary_direction_points_from_the_negative_to_the_positive_label():
    prototype = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32)  # ok, abusive
    d = direction(prototype, binary=True, positive=1)
    assert d.shape == (1, 3)
    assert np.allclose(np.linalg.norm(d), 1.0) and d[0, 1] > 0 > d[0, 0]


def test_mixing_moves_the_embedding_weights_and_keeps_the_word_list_weight():
    weights = np.array([[3.0, 4.0, 0.0, 2.5]], dtype=np.float32)  # 3 embedding columns + the word-list feature
    prior = np.array([[0.0, 0.0, 1.0]], dtype=np.float32)
    assert np.array_equal(mixed(weights, prior, 0.0), weights)
    moved = mixed(weights, prior, 1.0)
    assert np.allclose(moved[0, :3], [3.0, 4.0, 5.0])  # |w| = 5, moved by 5 along the prior
    assert moved[0, 3] == 2.5
