"""Personal-data detection, postguard (PG2xx) vs Microsoft Presidio, on one generated set.

Generates a labelled multilingual set (see ``pii_dataset.py``: national IDs of five
countries, phone numbers, e-mail addresses, IBANs, cards, and negatives such as order
numbers and dates), runs postguard's PG201–PG205 through ``postguard.check`` and
presidio-analyzer fully offline (blank spaCy pipelines saved to a temporary directory,
Presidio's e-mail, phone, IBAN, credit-card and country ID recognizers — PL_PESEL and
SE_PERSONNUMMER; it has none for NO, NL or IL — registered for every language, phone
regions set to our six countries), and prints precision, recall and F2 per entity type
and language, and the throughput of both on one core (posts per CPU-second of the process).

A prediction is correct when it overlaps a labelled span of the same type.

    pip install -r requirements-bench.txt
    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/pii_vs_presidio.py [--per-language 500]
"""
from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from pii_dataset import (  # noqa: E402
    ENTITY_TYPES, ID_OF, LANGUAGES, REGION, Post, make_card, make_email, make_iban, make_national_id,
    make_negative_number, make_phone,
)
from pii_templates import NEGATIVE, PAIR, POSITIVE  # noqa: E402

CODE_TYPE = {"PG201": "national_id", "PG202": "phone", "PG203": "email", "PG204": "iban", "PG205": "card"}
PRESIDIO_TYPE = {"PHONE_NUMBER": "phone", "EMAIL_ADDRESS": "email", "IBAN_CODE": "iban", "CREDIT_CARD": "card",
                 "PL_PESEL": "national_id", "SE_PERSONNUMMER": "national_id"}
ID_KINDS = ("pesel", "fnr", "pnr", "bsn", "il")
REGIONS = ("PL", "NO", "SE", "NL", "IL", "GB")


def _fill(template: str, value: str, kind: str, language: str) -> Post:
    start = template.index("{x}")
    text = template.replace("{x}", value)
    return Post(language, text, ((start, start + len(value), kind),) if kind else ())


def _value(kind: str, language: str, rng: random.Random) -> str:
    if kind == "national_id":
        own = ID_OF[language]
        return make_national_id(own if own and rng.random() < 0.8 else rng.choice(ID_KINDS), rng)
    region = REGION[language] if rng.random() < 0.7 else rng.choice(REGIONS)
    if kind == "phone":
        return make_phone(region, rng)
    if kind == "iban":
        return make_iban(region, rng)
    if kind == "card":
        return make_card(rng)
    return make_email(language, rng)


def generate(per_language: int, seed: int = 13) -> list[Post]:
    rng = random.Random(seed)
    posts: list[Post] = []
    for language in LANGUAGES:
        for i in range(per_language):
            roll = i % 10
            if roll < 7:
                kind = ENTITY_TYPES[i % len(ENTITY_TYPES)]
                posts.append(_fill(rng.choice(POSITIVE[language][kind]), _value(kind, language, rng), kind, language))
            elif roll == 7:
                template = PAIR[language]
                a = _value("national_id", language, rng) if ID_OF[language] else make_national_id(rng.choice(ID_KINDS), rng)
                b = make_phone(REGION[language], rng)
                text = template.replace("{a}", a, 1)
                start_b = text.index("{b}")
                text = text.replace("{b}", b)
                start_a = template.index("{a}")
                posts.append(Post(language, text, ((start_a, start_a + len(a), "national_id"),
                                                   (start_b, start_b + len(b), "phone"))))
            else:
                template, negative = rng.choice(NEGATIVE[language])
                posts.append(_fill(template, make_negative_number(negative, rng), "", language))
    return posts


def run_postguard(posts: list[Post]) -> tuple[list[list[tuple[int, int, str]]], float]:
    import postguard
    from postguard.policy.loader import load_policy_text

    policy = load_policy_text(
        "version: 1\npolicy: {name: bench, revision: '1'}\n"
        "organisation: {name: Bench, support_url: https://bench.example}\n"
        "speakers: {model: strict}\nrules: {select: [PG2]}\n")
    contexts = {lang: postguard.CheckContext(language=lang) for lang in LANGUAGES}
    postguard.check("warm up 601 234 567 a@b.example", policy, contexts["pl"])
    out = []
    started = time.process_time()
    for post in posts:
        report = postguard.check(post.text, policy, contexts[post.language])
        out.append([(f.start, f.end, CODE_TYPE[f.code]) for f in report.findings if f.code in CODE_TYPE])
    return out, time.process_time() - started


def presidio_analyzer(model_dir: str):
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer, EmailRecognizer, IbanRecognizer, PhoneRecognizer, PlPeselRecognizer,
        SePersonnummerRecognizer,
    )

    models = []
    for language in LANGUAGES:
        path = os.path.join(model_dir, language)
        spacy.blank("nb" if language == "no" else language).to_disk(path)
        models.append({"lang_code": language, "model_name": path})
    engine = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy", "models": models}).create_engine()
    registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
    for language in LANGUAGES:
        for recognizer in (EmailRecognizer(supported_language=language),
                           PhoneRecognizer(supported_language=language, supported_regions=REGIONS),
                           IbanRecognizer(supported_language=language),
                           CreditCardRecognizer(supported_language=language),
                           PlPeselRecognizer(supported_language=language),
                           SePersonnummerRecognizer(supported_language=language)):
            registry.add_recognizer(recognizer)
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=list(LANGUAGES))


def run_presidio(posts: list[Post]) -> tuple[list[list[tuple[int, int, str]]], float]:
    with tempfile.TemporaryDirectory() as model_dir:
        analyzer = presidio_analyzer(model_dir)
        entities = list(PRESIDIO_TYPE)
        analyzer.analyze("warm up 601 234 567 a@b.example", language="pl", entities=entities)
        out = []
        started = time.process_time()
        for post in posts:
            results = analyzer.analyze(post.text, language=post.language, entities=entities)
            out.append([(r.start, r.end, PRESIDIO_TYPE[r.entity_type]) for r in results if r.entity_type in PRESIDIO_TYPE])
        return out, time.process_time() - started


def score(posts: list[Post], predictions) -> dict[tuple[str, str], list[int]]:
    """(type, language) -> [tp, fp, fn]; type "*" counts every language together."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for post, predicted in zip(posts, predictions):
        unmatched = list(post.labels)
        for start, end, kind in predicted:
            hit = next((g for g in unmatched if g[2] == kind and g[0] < end and start < g[1]), None)
            for key in ((kind, post.language), (kind, "*")):
                counts[key][0 if hit else 1] += 1
            if hit:
                unmatched.remove(hit)
        for _, _, kind in unmatched:
            counts[(kind, post.language)][2] += 1
            counts[(kind, "*")][2] += 1
    return counts


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f2 = 5 * precision * recall / (4 * precision + recall) if precision + recall else 0.0
    return precision, recall, f2


def report(posts, ours, theirs) -> None:
    a, b = score(posts, ours), score(posts, theirs)
    print(f"{'entity':12} {'lang':4} {'n':>5} | {'postguard P':>11} {'R':>6} {'F2':>6} | {'presidio P':>10} {'R':>6} {'F2':>6}")
    for kind in ENTITY_TYPES:
        for language in LANGUAGES + ("*",):
            ca, cb = a[(kind, language)], b[(kind, language)]
            n = ca[0] + ca[2]
            pa, pb = prf(*ca), prf(*cb)
            label = "all" if language == "*" else language
            print(f"{kind:12} {label:4} {n:5d} | {pa[0]:11.3f} {pa[1]:6.3f} {pa[2]:6.3f} | {pb[0]:10.3f} {pb[1]:6.3f} {pb[2]:6.3f}")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-language", type=int, default=500)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # presidio warns about every blank pipeline
    posts = generate(args.per_language)
    negatives = sum(1 for p in posts if not p.labels)
    print(f"{len(posts)} posts in {len(LANGUAGES)} languages ({negatives} without personal data), one core\n")
    ours, our_time = run_postguard(posts)
    theirs, their_time = run_presidio(posts)
    report(posts, ours, theirs)
    # CPU time of the process, not wall-clock: on a shared machine other jobs would
    # otherwise decide the ratio. Both run single-threaded (OMP_NUM_THREADS=1).
    print(f"postguard: {len(posts) / our_time:8,.0f} posts per CPU-second")
    print(f"presidio:  {len(posts) / their_time:8,.0f} posts per CPU-second")
    print(f"throughput ratio postguard/presidio: {their_time / our_time:.1f}x")


if __name__ == "__main__":
    main()
