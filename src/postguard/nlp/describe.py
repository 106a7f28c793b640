"""What a heads directory holds, as ``postguard model show`` prints it: per head its recipe and
training rows, per word model its data, ``beta`` and whether a domain gate and prior apply.

Read from the files' own metadata, so it describes heads written by ``--out`` with a company's
``--extra`` rows as well as the bundled ones. The text form is in the reader's language (``--lang``);
the JSON form keeps the codes and numbers as the files hold them.
"""
from __future__ import annotations

from collections import Counter

from ..output.labels import label
from ..output.table import integer
from .heads import HeadSet


def describe(headset: HeadSet) -> dict:
    return {"directory": str(headset.directory),
            "heads": [_head(head) for _, head in sorted(headset.heads.items())],
            "word_models": [_word_model(model) for _, model in sorted(headset.lexical.items())]}


def _head(head) -> dict:  # noqa: ANN001
    meta = head.meta
    rows = Counter()
    for key, count in meta.get("training_rows", {}).items():
        rows[key.split(":", 1)[0]] += count
    return {"task": head.task.name, "labels": list(head.task.labels), "embedder": head.embedder,
            "C": meta.get("C"), "alpha": meta.get("alpha"), "word_signals": list(head.word_columns),
            "word_scale": meta.get("word_scale") if head.word_columns else None,
            "training_rows": dict(sorted(rows.items())), "company_examples": bool(meta.get("extra")),
            "calibrated_languages": sorted(k for k in head.calibration if k != "*"), "seed": meta.get("seed")}


def _word_model(model) -> dict:  # noqa: ANN001
    meta = model.meta
    variant = meta.get("variant") or ("gated" if model.gate is not None else "everywhere")
    return {"task": model.task.name, "language": model.lang, "rows": meta.get("rows"), "own_rows": meta.get("own_rows"),
            "beta": model.beta, "variant": variant, "domain_prior": meta.get("domain_prior")}


def format_text(described: dict, language: str = "en") -> str:
    """``describe``'s result for people, in ``language``. Lines start with the task code, so a terminal that
    lays out right-to-left text keeps them left to right and the codes in one column."""
    def say(key: str, **values: object) -> str:
        return label(f"model.{key}", language).format(**values)

    lines = [say("show.heads_in", directory=described["directory"])]
    for head in described["heads"]:
        signals = (say("show.word_signals", signals="+".join(head["word_signals"]), scale=head["word_scale"])
                   if head["word_signals"] else "")
        rows = ", ".join(f"{lang} {integer(count, language)}" for lang, count in head["training_rows"].items())
        extra = say("show.company_examples") if head["company_examples"] else ""
        lines.append(f"  {head['task']:<10} " + say("show.head", C=head["C"], alpha=head["alpha"], signals=signals,
                                                      rows=rows or "-", extra=extra))
    lines.append(say("show.word_models"))
    if not described["word_models"]:
        lines.append("  " + say("show.none"))
    for model in described["word_models"]:
        prior = model["domain_prior"]
        mix = f" ({', '.join(f'{k} {integer(v, language)}' for k, v in prior.items())})" if prior else ""
        rows = integer(model["rows"], language) if model["rows"] is not None else "?"
        variant = say(f"variant.{model['variant']}")
        lines.append(f"  {model['task']:<10} {model['language']}  " + say("show.word_model", rows=rows, beta=model["beta"],
                                                                          variant=variant) + mix)
    return "\n".join(lines)
