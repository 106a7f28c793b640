"""What triage could not do, one sentence per note code, in each first-class language.

The keys are the stable note codes of :class:`postguard.inbound.notes.TriageNote`; a code is
never reused or renamed, because stored triage results name it. Every language uses the same
placeholders (format spec included), filled from the note's params. Policy keys such as
``redirect.reply`` and situation keys stay as the policy file spells them; a responsibility's key
(the params in ``RESPONSIBILITY_PARAMS``) is said by its title and the person who holds it when the
policy is at hand, "Customer service (Marta Zielińska)".
"""
from __future__ import annotations

#: Per code, the params that hold a responsibility's key (``customer_service``). ``owner_not_in_policy``
#: is not here: its sentence is about the key itself. ``owner_is_target_*``'s ``owner`` is a person's name.
RESPONSIBILITY_PARAMS: dict[str, frozenset[str]] = {
    "personal_profile_company_case": frozenset({"owner"}),
    "owner_is_target_rerouted": frozenset({"to"}),
}

NOTE_LABELS: dict[str, dict[str, str]] = {
    "language_not_first_class": {
        "en": "written in {language}, not a first-class language; situation patterns of all languages were used "
              "and texts are in the policy default ({default})",
        "pl": "napisano w języku, który nie jest w pełni obsługiwany ({language}); użyto wzorców sytuacji ze "
              "wszystkich języków, a teksty są w domyślnym języku polityki ({default})",
        "no": "skrevet på et språk som ikke støttes fullt ut ({language}); situasjonsmønstre fra alle språk ble "
              "brukt, og tekstene er på standardspråket i retningslinjene ({default})",
        "sv": "skrivet på ett språk som inte stöds fullt ut ({language}); situationsmönster från alla språk "
              "användes och texterna är på policyns standardspråk ({default})",
        "he": "נכתב בשפה שאינה נתמכת במלואה ({language}); נעשה שימוש בדפוסי המצבים של כל השפות, "
              "והטקסטים בשפת ברירת המחדל של המדיניות ({default})",
        "nl": "geschreven in een taal die niet volledig wordt ondersteund ({language}); de situatiepatronen van "
              "alle talen zijn gebruikt en de teksten staan in de standaardtaal van het beleid ({default})",
    },
    "language_not_recognised": {
        "en": "language not recognised (confidence {confidence:.2f}); situation patterns of all languages were "
              "used and texts are in the policy default ({default})",
        "pl": "nie rozpoznano języka (pewność {confidence:.2f}); użyto wzorców sytuacji ze wszystkich języków, "
              "a teksty są w domyślnym języku polityki ({default})",
        "no": "språket ble ikke gjenkjent (sikkerhet {confidence:.2f}); situasjonsmønstre fra alle språk ble "
              "brukt, og tekstene er på standardspråket i retningslinjene ({default})",
        "sv": "språket kändes inte igen (säkerhet {confidence:.2f}); situationsmönster från alla språk användes "
              "och texterna är på policyns standardspråk ({default})",
        "he": "השפה לא זוהתה (ודאות {confidence:.2f}); נעשה שימוש בדפוסי המצבים של כל השפות, "
              "והטקסטים בשפת ברירת המחדל של המדיניות ({default})",
        "nl": "taal niet herkend (zekerheid {confidence:.2f}); de situatiepatronen van alle talen zijn gebruikt "
              "en de teksten staan in de standaardtaal van het beleid ({default})",
    },
    "personal_profile_company_case": {
        "en": "arrived on {employee}'s personal profile: opened as a company conversation owned by {owner}",
        "pl": "wiadomość trafiła na prywatny profil osoby {employee}: otwarto ją jako rozmowę firmową, "
              "której właścicielem jest {owner}",
        "no": "kom inn på den personlige profilen til {employee}: åpnet som en samtale for selskapet, eid av {owner}",
        "sv": "kom in via den personliga profil som tillhör {employee}: öppnades som företagets konversation, "
              "med {owner} som ägare",
        "he": "ההודעה הגיעה לפרופיל האישי של {employee}: נפתחה כשיחה של החברה שבאחריות {owner}",
        "nl": "binnengekomen op het persoonlijke profiel van {employee}: geopend als gesprek van het bedrijf, "
              "met {owner} als eigenaar",
    },
    "personal_profile_no_owner": {
        "en": "arrived on {employee}'s personal profile: opened as a company conversation without an owner",
        "pl": "wiadomość trafiła na prywatny profil osoby {employee}: otwarto ją jako rozmowę firmową bez właściciela",
        "no": "kom inn på den personlige profilen til {employee}: åpnet som en samtale for selskapet, uten eier",
        "sv": "kom in via den personliga profil som tillhör {employee}: öppnades som företagets konversation, "
              "utan ägare",
        "he": "ההודעה הגיעה לפרופיל האישי של {employee}: נפתחה כשיחה של החברה, ללא אחראי",
        "nl": "binnengekomen op het persoonlijke profiel van {employee}: geopend als gesprek van het bedrijf, "
              "zonder eigenaar",
    },
    "no_playbook": {
        "en": "the policy has no playbook for {situation}: {hours:g} business hours assumed, no standard reply",
        "pl": "polityka nie ma scenariusza dla sytuacji {situation}: przyjęto {hours:g} godz. roboczych, "
              "brak standardowej odpowiedzi",
        "no": "retningslinjene har ingen rutine for {situation}: {hours:g} arbeidstimer er lagt til grunn, "
              "og det finnes ikke noe standardsvar",
        "sv": "policyn har ingen rutin för {situation}: {hours:g} arbetstimmar antas, och det finns "
              "inget standardsvar",
        "he": "במדיניות אין תסריט טיפול עבור {situation}: הונחו {hours:g} שעות עבודה, ואין תשובה קבועה",
        "nl": "het beleid heeft geen draaiboek voor {situation}: uitgegaan van {hours:g} werkuren, "
              "geen standaardantwoord",
    },
    "no_acknowledgement": {
        "en": "outside opening hours but the policy has no availability.acknowledgement",
        "pl": "wiadomość przyszła poza godzinami pracy, a polityka nie określa availability.acknowledgement",
        "no": "utenfor åpningstiden, men retningslinjene har ingen availability.acknowledgement",
        "sv": "utanför öppettiderna, men policyn har ingen availability.acknowledgement",
        "he": "מחוץ לשעות הפעילות, אך במדיניות אין availability.acknowledgement",
        "nl": "buiten de openingstijden, maar het beleid heeft geen availability.acknowledgement",
    },
    "no_redirect_reply": {
        "en": "message on a personal profile but the policy has no redirect.reply",
        "pl": "wiadomość na prywatnym profilu, a polityka nie określa redirect.reply",
        "no": "melding på en personlig profil, men retningslinjene har ingen redirect.reply",
        "sv": "meddelande på en personlig profil, men policyn har ingen redirect.reply",
        "he": "הודעה בפרופיל אישי, אך במדיניות אין redirect.reply",
        "nl": "bericht op een persoonlijk profiel, maar het beleid heeft geen redirect.reply",
    },
    "owner_not_in_policy": {
        "en": "owner '{owner}' is not in the policy's responsibilities; no contact to route to",
        "pl": "właściciela „{owner}” nie ma w sekcji responsibilities polityki; nie ma komu przekazać sprawy",
        "no": "eieren «{owner}» står ikke blant ansvarsområdene i retningslinjene; ingen kontakt å sende saken til",
        "sv": "ägaren ”{owner}” finns inte bland policyns ansvarsområden; ingen kontakt att skicka ärendet till",
        "he": "האחראי \"{owner}\" אינו מופיע בתחומי האחריות של המדיניות; אין איש קשר להעביר אליו",
        "nl": "eigenaar '{owner}' staat niet bij de verantwoordelijkheden in het beleid; geen contactpersoon "
              "om naar door te sturen",
    },
    "no_owner": {
        "en": "no owner for {situation}: the policy has neither a playbook nor a final_responsibility",
        "pl": "brak właściciela dla sytuacji {situation}: polityka nie ma ani scenariusza, ani final_responsibility",
        "no": "ingen eier for {situation}: retningslinjene har verken en rutine eller final_responsibility",
        "sv": "ingen ägare för {situation}: policyn har varken en rutin eller final_responsibility",
        "he": "אין אחראי עבור {situation}: במדיניות אין תסריט טיפול וגם לא final_responsibility",
        "nl": "geen eigenaar voor {situation}: het beleid heeft geen draaiboek en geen final_responsibility",
    },
    "owner_is_target_rerouted": {
        "en": "{owner} owns {situation} but is its target; routed to {to}",
        "pl": "{owner} jest właścicielem sytuacji {situation}, ale to ta osoba jest celem; przekazano do: {to}",
        "no": "{owner} eier {situation}, men er selv målet; sendt videre til {to}",
        "sv": "{owner} äger {situation} men är själv måltavlan; skickat vidare till {to}",
        "he": "האחריות על {situation} היא של {owner}, אך ההודעה מכוונת כלפי אותו אדם; הועברה אל {to}",
        "nl": "{owner} is eigenaar van {situation}, maar is zelf het doelwit; doorgestuurd naar {to}",
    },
    "owner_is_target_no_other": {
        "en": "{owner} owns {situation} but is its target, and no other owner is named",
        "pl": "{owner} jest właścicielem sytuacji {situation}, ale to ta osoba jest celem, "
              "a polityka nie wskazuje innego właściciela",
        "no": "{owner} eier {situation}, men er selv målet, og ingen annen eier er oppgitt",
        "sv": "{owner} äger {situation} men är själv måltavlan, och ingen annan ägare är angiven",
        "he": "האחריות על {situation} היא של {owner}, אך ההודעה מכוונת כלפי אותו אדם, ולא צוין אחראי אחר",
        "nl": "{owner} is eigenaar van {situation}, maar is zelf het doelwit, en er is geen andere eigenaar aangewezen",
    },
    "no_communications_lead": {
        "en": "abuse aimed at an employee but the policy names no communications lead",
        "pl": "agresja wymierzona w pracownika, a polityka nie wskazuje osoby odpowiedzialnej za komunikację",
        "no": "trakassering rettet mot en ansatt, men retningslinjene oppgir ingen kommunikasjonsansvarlig",
        "sv": "kränkningar riktade mot en anställd, men policyn anger ingen kommunikationsansvarig",
        "he": "התעללות המופנית כלפי עובד, אך במדיניות לא מוגדר אחראי תקשורת",
        "nl": "misbruik gericht op een medewerker, maar het beleid noemt geen communicatieverantwoordelijke",
    },
    # The customer's language is known, but the policy has no text in it.
    "response_in_default": {
        "en": "the policy has no standard response for {situation} in {language}; using {fallback}",
        "pl": "polityka nie ma standardowej odpowiedzi dla sytuacji {situation} w języku {language}; "
              "użyto języka {fallback}",
        "no": "retningslinjene har ikke noe standardsvar for {situation} på språket {language}; "
              "bruker språket {fallback}",
        "sv": "policyn har inget standardsvar för {situation} på språket {language}; använder språket {fallback}",
        "he": "במדיניות אין תשובה קבועה עבור {situation} בשפה {language}; נעשה שימוש בשפה {fallback}",
        "nl": "het beleid heeft geen standaardantwoord voor {situation} in de taal {language}; "
              "de taal {fallback} wordt gebruikt",
    },
    "redirect_in_default": {
        "en": "the policy has no redirect reply in {language}; using {fallback}",
        "pl": "polityka nie ma odpowiedzi przekierowującej w języku {language}; użyto języka {fallback}",
        "no": "retningslinjene har ikke noe viderehenvisningssvar på språket {language}; bruker språket {fallback}",
        "sv": "policyn har inget hänvisningssvar på språket {language}; använder språket {fallback}",
        "he": "במדיניות אין תשובת הפניה בשפה {language}; נעשה שימוש בשפה {fallback}",
        "nl": "het beleid heeft geen doorverwijsantwoord in de taal {language}; de taal {fallback} wordt gebruikt",
    },
    "acknowledgement_in_default": {
        "en": "the policy has no acknowledgement in {language}; using {fallback}",
        "pl": "polityka nie ma automatycznego potwierdzenia w języku {language}; użyto języka {fallback}",
        "no": "retningslinjene har ingen automatisk bekreftelse på språket {language}; bruker språket {fallback}",
        "sv": "policyn har ingen automatisk bekräftelse på språket {language}; använder språket {fallback}",
        "he": "במדיניות אין אישור קבלה אוטומטי בשפה {language}; נעשה שימוש בשפה {fallback}",
        "nl": "het beleid heeft geen ontvangstbevestiging in de taal {language}; de taal {fallback} wordt gebruikt",
    },
    # The customer's language is not known (not recognised, or not first-class).
    "response_language_unknown": {
        "en": "the customer's language is not known: the standard response for {situation} is in {fallback}",
        "pl": "nie wiadomo, w jakim języku pisze klient: standardowa odpowiedź dla sytuacji {situation} "
              "jest w języku {fallback}",
        "no": "kundens språk er ukjent: standardsvaret for {situation} er på språket {fallback}",
        "sv": "kundens språk är okänt: standardsvaret för {situation} är på språket {fallback}",
        "he": "שפת הלקוח אינה ידועה: התשובה הקבועה עבור {situation} היא בשפה {fallback}",
        "nl": "de taal van de klant is onbekend: het standaardantwoord voor {situation} is in de taal {fallback}",
    },
    "redirect_language_unknown": {
        "en": "the customer's language is not known: the redirect reply is in {fallback}",
        "pl": "nie wiadomo, w jakim języku pisze klient: odpowiedź przekierowująca jest w języku {fallback}",
        "no": "kundens språk er ukjent: viderehenvisningssvaret er på språket {fallback}",
        "sv": "kundens språk är okänt: hänvisningssvaret är på språket {fallback}",
        "he": "שפת הלקוח אינה ידועה: תשובת ההפניה היא בשפה {fallback}",
        "nl": "de taal van de klant is onbekend: het doorverwijsantwoord is in de taal {fallback}",
    },
    "acknowledgement_language_unknown": {
        "en": "the customer's language is not known: the acknowledgement is in {fallback}",
        "pl": "nie wiadomo, w jakim języku pisze klient: automatyczne potwierdzenie jest w języku {fallback}",
        "no": "kundens språk er ukjent: den automatiske bekreftelsen er på språket {fallback}",
        "sv": "kundens språk är okänt: den automatiska bekräftelsen är på språket {fallback}",
        "he": "שפת הלקוח אינה ידועה: אישור הקבלה האוטומטי הוא בשפה {fallback}",
        "nl": "de taal van de klant is onbekend: de ontvangstbevestiging is in de taal {fallback}",
    },
}
