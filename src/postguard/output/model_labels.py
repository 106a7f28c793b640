"""What ``postguard model train|eval|show`` say to people, in each first-class language.

In ``_LABELS`` as ``model.<key>``. Task codes (``abuse``), label codes (``abusive``), language
codes, variant codes in score lists and parameter names (``C``, ``alpha``, ``beta``) stay as the
heads' files and ``--format json`` spell them; "F1" and "n" are symbols, not words, and are not
labels. Every language uses the same placeholders, filled by ``nlp/progress.py`` (training),
``nlp/describe.py`` (show) and ``nlp/evaluate.py`` (eval).
"""
from __future__ import annotations

MODEL_LABELS: dict[str, dict[str, str]] = {
    # `model train`: one sentence per training step (``nlp.progress.TrainingStep`` codes).
    "train.embedding": {
        "en": "embedding {count} distinct texts (cached on disk after the first run)…",
        "pl": "obliczanie wektorów dla {count} różnych tekstów (po pierwszym uruchomieniu z pamięci podręcznej "
              "na dysku)…",
        "no": "beregner vektorer for {count} ulike tekster (bufret på disk etter første kjøring)…",
        "sv": "beräknar vektorer för {count} olika texter (cachas på disk efter första körningen)…",
        "he": "מחשב וקטורים עבור {count} טקסטים שונים (נשמרים במטמון בדיסק אחרי ההרצה הראשונה)…",
        "nl": "vectoren berekenen voor {count} verschillende teksten (na de eerste keer bewaard op schijf)…",
    },
    "train.embedded": {
        "en": "  {done} of {total} texts embedded",
        "pl": "  gotowe: {done} z {total} tekstów",
        "no": "  {done} av {total} tekster ferdige",
        "sv": "  {done} av {total} texter klara",
        "he": "  הושלמו {done} מתוך {total} טקסטים",
        "nl": "  {done} van {total} teksten klaar",
    },
    "train.head": {
        "en": "{task}: {rows} rows; chose C={C}, alpha={alpha}, word signals {words}; "
              "leave-one-source-out macro-F1: {tried}",
        "pl": "{task}: wierszy: {rows}; wybrano C={C}, alpha={alpha}, sygnały z list słów {words}; "
              "makro-F1 z pominięciem jednego źródła: {tried}",
        "no": "{task}: {rows} rader; valgte C={C}, alpha={alpha}, ordlistesignaler {words}; "
              "makro-F1 med én kilde holdt utenfor: {tried}",
        "sv": "{task}: {rows} rader; valde C={C}, alpha={alpha}, ordlistsignaler {words}; "
              "makro-F1 med en källa utelämnad: {tried}",
        "he": "{task}: {rows} שורות; נבחרו C={C}, alpha={alpha}, אותות מרשימות מילים {words}; "
              "מאקרו-F1 בהשמטת מקור אחד בכל פעם: {tried}",
        "nl": "{task}: {rows} rijen; gekozen: C={C}, alpha={alpha}, woordlijstsignalen {words}; "
              "macro-F1 met telkens één bron weggelaten: {tried}",
    },
    "train.word_model": {
        "en": "word model {task} {language}: {shared} shared + {own} own rows; chose beta={beta}, {variant}; "
              "macro-F1 out of fold (shared rows at their file's label mix / own examples): {tried}",
        "pl": "model słów {task} {language}: wiersze wspólne {shared} + własne {own}; wybrano beta={beta}, "
              "{variant}; makro-F1 poza foldem (wiersze wspólne w proporcjach etykiet ich pliku / własne "
              "przykłady): {tried}",
        "no": "ordmodell {task} {language}: {shared} delte + {own} egne rader; valgte beta={beta}, {variant}; "
              "makro-F1 utenfor fold (delte rader med filens etikettfordeling / egne eksempler): {tried}",
        "sv": "ordmodell {task} {language}: {shared} delade + {own} egna rader; valde beta={beta}, {variant}; "
              "makro-F1 utanför fold (delade rader med filens etikettfördelning / egna exempel): {tried}",
        "he": "מודל מילים {task} {language}: {shared} שורות משותפות + {own} שורות שלנו; נבחר beta={beta}, "
              "{variant}; מאקרו-F1 מחוץ לקיפול (שורות משותפות לפי התפלגות התוויות בקובץ שלהן / הדוגמאות "
              "שלנו): {tried}",
        "nl": "woordmodel {task} {language}: {shared} gedeelde + {own} eigen rijen; gekozen: beta={beta}, "
              "{variant}; macro-F1 buiten de fold (gedeelde rijen naar de labelverdeling van hun bestand / "
              "eigen voorbeelden): {tried}",
    },
    "train.heads_written": {
        "en": "heads written to {directory} in {seconds} s",
        "pl": "głowice zapisano w {directory} w {seconds} s",
        "no": "hodene er skrevet til {directory} på {seconds} s",
        "sv": "huvudena skrevs till {directory} på {seconds} s",
        "he": "ראשי הסיווג נכתבו אל {directory} תוך {seconds} שניות",
        "nl": "koppen weggeschreven naar {directory} in {seconds} s",
    },
    "train.word_models_written": {
        "en": "word models written to {directory} in {seconds} s",
        "pl": "modele słów zapisano w {directory} w {seconds} s",
        "no": "ordmodellene er skrevet til {directory} på {seconds} s",
        "sv": "ordmodellerna skrevs till {directory} på {seconds} s",
        "he": "מודלי המילים נכתבו אל {directory} תוך {seconds} שניות",
        "nl": "woordmodellen weggeschreven naar {directory} in {seconds} s",
    },
    # How a word model joins the head (the heads' ``variant``), in `model show` and `model train`.
    "variant.everywhere": {"en": "everywhere", "pl": "wszędzie", "no": "overalt", "sv": "överallt",
                           "he": "בכל מקום", "nl": "overal"},
    "variant.gated": {"en": "through a domain gate", "pl": "przez bramkę domeny", "no": "gjennom en domeneport",
                      "sv": "genom en domänspärr", "he": "דרך שער תחום", "nl": "via een domeinpoort"},
    "variant.gated+prior": {
        "en": "through a domain gate, with its data's label mix as a prior",
        "pl": "przez bramkę domeny, z rozkładem etykiet swoich danych jako rozkładem a priori",
        "no": "gjennom en domeneport, med dataenes etikettfordeling som prior",
        "sv": "genom en domänspärr, med datans etikettfördelning som prior",
        "he": "דרך שער תחום, עם התפלגות התוויות של הנתונים שלו כהתפלגות אפריורית",
        "nl": "via een domeinpoort, met de labelverdeling van zijn data als prior",
    },
    "variant.not_written": {"en": "changes nothing: not written", "pl": "niczego nie zmienia: nie zapisano",
                            "no": "endrer ingenting: ikke skrevet", "sv": "ändrar ingenting: skrevs inte",
                            "he": "אינו משנה דבר: לא נכתב", "nl": "verandert niets: niet weggeschreven"},
    # `model show`: what a heads directory holds.
    "show.heads_in": {"en": "heads in {directory}", "pl": "głowice w {directory}", "no": "hoder i {directory}",
                      "sv": "huvuden i {directory}", "he": "ראשי סיווג בתיקייה {directory}",
                      "nl": "koppen in {directory}"},
    "show.head": {
        "en": "C={C} alpha={alpha}{signals}; rows {rows}{extra}",
        "pl": "C={C} alpha={alpha}{signals}; wiersze: {rows}{extra}",
        "no": "C={C} alpha={alpha}{signals}; rader: {rows}{extra}",
        "sv": "C={C} alpha={alpha}{signals}; rader: {rows}{extra}",
        "he": "C={C} alpha={alpha}{signals}; שורות: {rows}{extra}",
        "nl": "C={C} alpha={alpha}{signals}; rijen: {rows}{extra}",
    },
    "show.word_signals": {"en": ", word signals {signals} at {scale}",
                          "pl": ", sygnały z list słów {signals} z wagą {scale}",
                          "no": ", ordlistesignaler {signals} med vekt {scale}",
                          "sv": ", ordlistsignaler {signals} med vikten {scale}",
                          "he": ", אותות מרשימות מילים {signals} במשקל {scale}",
                          "nl": ", woordlijstsignalen {signals} met gewicht {scale}"},
    "show.company_examples": {"en": "; with a company's examples", "pl": "; z przykładami firmy",
                              "no": "; med bedriftens egne eksempler", "sv": "; med företagets egna exempel",
                              "he": "; עם הדוגמאות של החברה", "nl": "; met de eigen voorbeelden van het bedrijf"},
    "show.word_models": {"en": "word models (one language's own words, added to the head):",
                         "pl": "modele słów (słowa jednego języka, dodawane do głowicy):",
                         "no": "ordmodeller (ett språks egne ord, lagt til hodet):",
                         "sv": "ordmodeller (ett språks egna ord, som läggs till huvudet):",
                         "he": "מודלי מילים (המילים של שפה אחת, שנוספות לראש הסיווג):",
                         "nl": "woordmodellen (de eigen woorden van één taal, opgeteld bij de kop):"},
    "show.none": {"en": "none", "pl": "brak", "no": "ingen", "sv": "inga", "he": "אין", "nl": "geen"},
    "show.word_model": {"en": "{rows} rows, beta {beta}, {variant}", "pl": "wiersze: {rows}, beta {beta}, {variant}",
                        "no": "{rows} rader, beta {beta}, {variant}", "sv": "{rows} rader, beta {beta}, {variant}",
                        "he": "{rows} שורות, beta {beta}, {variant}", "nl": "{rows} rijen, beta {beta}, {variant}"},
    # `model eval`: the sets, the table's headers.
    "eval.dev": {"en": "the shared dev files", "pl": "wspólne pliki walidacyjne",
                 "no": "de delte utviklingsfilene", "sv": "de delade utvecklingsfilerna",
                 "he": "קובצי הפיתוח המשותפים", "nl": "de gedeelde ontwikkelbestanden"},
    "eval.heldout": {"en": "the project's own held-out examples",
                     "pl": "własne przykłady projektu odłożone do testów",
                     "no": "prosjektets egne tilbakeholdte eksempler",
                     "sv": "projektets egna undanhållna exempel",
                     "he": "הדוגמאות של הפרויקט שהושארו בצד לבדיקה",
                     "nl": "de eigen achtergehouden voorbeelden van het project"},
    "eval.no_examples": {"en": "no examples", "pl": "brak przykładów", "no": "ingen eksempler", "sv": "inga exempel",
                         "he": "אין דוגמאות", "nl": "geen voorbeelden"},
    "eval.macro_f1": {"en": "macro-F1", "pl": "makro-F1", "no": "makro-F1", "sv": "makro-F1", "he": "מאקרו-F1",
                      "nl": "macro-F1"},
    "eval.label": {"en": "label", "pl": "etykieta", "no": "etikett", "sv": "etikett", "he": "תווית", "nl": "label"},
    "eval.precision": {"en": "precision", "pl": "precyzja", "no": "presisjon", "sv": "precision", "he": "דיוק",
                       "nl": "precisie"},
    "eval.recall": {"en": "recall", "pl": "czułość", "no": "gjenkalling", "sv": "täckning", "he": "היזכרות",
                    "nl": "recall"},
}

#: Labels that are, rightly, the same word as in English: (key, language).
SAME_AS_ENGLISH: frozenset[tuple[str, str]] = frozenset({
    ("eval.macro_f1", "nl"), ("eval.label", "nl"), ("eval.precision", "sv"), ("eval.recall", "nl"),
})
