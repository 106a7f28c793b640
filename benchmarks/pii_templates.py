"""Sentence templates for the generated PII set, per language. ``{x}`` is where the value goes.

Half of the positive templates carry a context word ("PESEL", "tel.", "card"), half carry
none, so the set measures detection without hints too.
"""
from __future__ import annotations

POSITIVE = {
    "en": {
        "national_id": ["Customer gave her ID number {x} in the comments, can someone call her?",
                        "Logged the complaint for Mr Novak ({x}) yesterday",
                        "His personal number is {x}, please update the file",
                        "{x} - that's the lady from the Oslo store, sort it out"],
        "phone": ["Call Sarah directly on {x}, she sorts it out", "Text me at {x} after the shift",
                  "The angry customer is {x}, good luck", "New number for Tom: {x}"],
        "email": ["The customer {x} keeps complaining", "Send the CV to {x} before Friday",
                  "Reply to {x}, she's waiting", "Contact: {x}"],
        "iban": ["Refund went to {x} this morning", "Pay the deposit into {x}", "Account {x} was charged twice",
                 "Transfer to {x} is done"],
        "card": ["Card {x} was charged twice, please check", "She pasted {x} in the chat lol",
                 "Visa {x} declined again", "Charged {x} for the order"],
    },
    "pl": {
        "national_id": ["Klientka podała PESEL {x} w komentarzu, ktoś oddzwoni?", "Pan Nowak ({x}) reklamuje pralkę",
                        "Numer {x} wpisz do systemu", "Dane klienta: {x}, Gdańsk"],
        "phone": ["Dzwońcie do Ani prywatnie: {x}", "Klientka prosi o kontakt, tel. {x}", "Mój nowy numer to {x}",
                  "{x} - to ten pan od reklamacji"],
        "email": ["Klientka {x} znowu pisze skargi", "Wyślij CV na {x}", "Odpisz na {x}", "Kontakt: {x}"],
        "iban": ["Zwrot poszedł na konto {x}", "Wpłać zaliczkę na {x}", "Przelew na {x} zrobiony", "Konto {x} obciążone dwa razy"],
        "card": ["Klient podał kartę {x} w komentarzu", "Karta {x} odrzucona", "Obciążyliśmy {x} dwa razy", "Wkleiła {x} na czacie"],
    },
    "no": {
        "national_id": ["Kunden oppga fødselsnummer {x} i chatten, kan noen ta saken?", "Fru Hansen ({x}) klager igjen",
                        "Legg inn {x} i systemet", "Opplysninger: {x}, Bergen"],
        "phone": ["Ring Kari direkte på {x}, hun fikser det", "Kunden vil bli ringt på tlf {x}", "Nytt nummer til Per: {x}",
                  "{x} - det er han sure fra i går"],
        "email": ["Send CV-en til {x}", "Kunden {x} klager igjen", "Svar {x} i dag", "Kontakt: {x}"],
        "iban": ["Pengene ble sendt til {x} i går", "Betal depositumet til {x}", "Konto {x} ble trukket to ganger", "Overføring til {x} er gjort"],
        "card": ["Kortnummeret hans er {x}, kan dere refundere?", "Hun limte inn {x} i chatten", "Visa {x} ble avvist", "Trakk {x} for ordren"],
    },
    "sv": {
        "national_id": ["Kunden skrev sitt personnummer {x} i kommentarerna", "Fru Svensson ({x}) klagar igen",
                        "Lägg in {x} i systemet", "Uppgifter: {x}, Malmö"],
        "phone": ["Ring mig på {x} så löser vi det", "Hennes nummer är {x}", "Kunden vill bli uppringd på tel {x}",
                  "{x} - det är han från igår"],
        "email": ["Kunden {x} klagar igen", "Skicka CV till {x}", "Svara {x} idag", "Kontakt: {x}"],
        "iban": ["Återbetalningen gick till {x}", "Betala handpenningen till {x}", "Konto {x} drogs två gånger", "Överföringen till {x} är klar"],
        "card": ["Hon skickade kortet {x} i chatten", "Kort {x} nekades igen", "Drog {x} för ordern", "Han klistrade in {x}"],
    },
    "he": {
        "national_id": ["הלקוחה שלחה ת.ז. {x} בתגובה, מישהו מטפל?", "מר כהן ({x}) מתלונן שוב", "תכניסו את {x} למערכת",
                        "פרטים: {x}, חיפה"],
        "phone": ["תתקשרו לדנה לנייד {x} היא תטפל בזה", "הלקוח ביקש שיחזרו אליו ל-{x}", "המספר החדש של יוסי: {x}",
                  "{x} - זה הלקוח הכועס מאתמול"],
        "email": ["הלקוח {x} כתב שוב תלונה", "שלחו קורות חיים ל-{x}", "תענו ל-{x} היום", "פרטי קשר: {x}"],
        "iban": ["ההחזר הועבר לחשבון {x}", "שלמו את המקדמה ל-{x}", "חשבון {x} חויב פעמיים", "ההעברה ל-{x} בוצעה"],
        "card": ["הלקוח כתב את מספר האשראי {x} בתגובה", "כרטיס {x} נדחה שוב", "חייבנו את {x} פעמיים", "היא הדביקה {x} בצ'אט"],
    },
    "nl": {
        "national_id": ["Klant stuurde zijn BSN {x} via de chat, wie pakt het op?", "Mevrouw Jansen ({x}) klaagt weer",
                        "Zet {x} in het systeem", "Gegevens: {x}, Utrecht"],
        "phone": ["Bel Sanne even op {x}, zij regelt het", "Klant wil teruggebeld worden op tel {x}", "Nieuw nummer van Daan: {x}",
                  "{x} - dat is die boze klant van gisteren"],
        "email": ["Mail mijn collega op {x}", "De klant {x} klaagt weer", "Antwoord {x} vandaag", "Contact: {x}"],
        "iban": ["Het geld is teruggestort op {x}", "Maak de aanbetaling over naar {x}", "Rekening {x} is twee keer belast", "Overboeking naar {x} is gedaan"],
        "card": ["Klant plakte zijn creditcard {x} in de chat", "Kaart {x} geweigerd", "{x} twee keer belast", "Ze stuurde {x} door"],
    },
}

#: (template, kind of negative number)
NEGATIVE = {
    "en": [("Your order {x} has shipped, thanks for waiting!", "order"), ("The meeting is on {x} in room 4", "date"),
           ("Total was {x} kr incl. VAT", "amount"), ("Tracking code {x}, arrives Monday", "tracking"),
           ("Invoice {x} is paid", "order"), ("Reference {x} does not match", "bad_pesel"), ("Test card {x} from the docs", "bad_card")],
    "pl": [("Zamówienie nr {x} zostało wysłane", "order"), ("Spotkanie {x} o 10:00", "date"), ("Razem {x} zł z VAT", "amount"),
           ("Numer przesyłki {x}, dotrze w poniedziałek", "tracking"), ("Faktura {x} opłacona", "order"),
           ("Numer {x} jest błędny", "bad_pesel"), ("Karta testowa {x} z dokumentacji", "bad_card")],
    "no": [("Ordrenummer {x} er sendt", "order"), ("Møtet er {x} kl. 10", "date"), ("Totalt {x} kr inkl. mva", "amount"),
           ("Sporingsnummer {x}, kommer mandag", "tracking"), ("Faktura {x} er betalt", "order"),
           ("Nummeret {x} stemmer ikke", "bad_pesel"), ("Testkort {x} fra dokumentasjonen", "bad_card")],
    "sv": [("Ordernummer {x} har skickats", "order"), ("Mötet är {x} kl. 10", "date"), ("Totalt {x} kr inkl. moms", "amount"),
           ("Spårningsnummer {x}, kommer på måndag", "tracking"), ("Faktura {x} är betald", "order"),
           ("Numret {x} stämmer inte", "bad_pesel"), ("Testkort {x} från dokumentationen", "bad_card")],
    "he": [("הזמנה מספר {x} נשלחה", "order"), ("הפגישה ב-{x} בשעה 10", "date"), ("סה\"כ {x} ש\"ח כולל מע\"מ", "amount"),
           ("מספר מעקב {x}, יגיע ביום שני", "tracking"), ("חשבונית {x} שולמה", "order"),
           ("המספר {x} שגוי", "bad_pesel"), ("כרטיס בדיקה {x} מהתיעוד", "bad_card")],
    "nl": [("Uw bestelling {x} is onderweg", "order"), ("De vergadering is op {x} om 10 uur", "date"),
           ("Totaal {x} euro incl. btw", "amount"), ("Trackingnummer {x}, komt maandag", "tracking"),
           ("Factuur {x} is betaald", "order"), ("Nummer {x} klopt niet", "bad_pesel"), ("Testkaart {x} uit de documentatie", "bad_card")],
}

#: Two values in one post: an ID next to a phone number.
PAIR = {
    "en": "Her ID is {a} and her mobile {b}, call after 5",
    "pl": "PESEL {a}, telefon {b}, proszę oddzwonić",
    "no": "Fødselsnummer {a}, mobil {b}, ring etter 17",
    "sv": "Personnummer {a}, mobil {b}, ring efter 17",
    "he": "ת.ז. {a}, נייד {b}, להתקשר אחרי 17",
    "nl": "BSN {a}, mobiel {b}, bel na 17 uur",
}
