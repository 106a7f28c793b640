"""The demo company's advocacy programme: colleagues in teams, library items (one live in six
languages, one under embargo, one waiting for approval), a running competition, and six weeks of
shares, clicks and imported engagement, so the Share, Leaderboard and Measurement pages have
something to show. Seeded once per database; the numbers come from a fixed random seed.
"""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta, timezone

from ..advocacy.content import ContentItem, Media
from ..advocacy.engagement import EngagementRow
from ..advocacy.links import visitor_key
from ..auth.permissions import CLI_ACTOR
from ..settings import Settings

#: Colleagues who share (no password: they cannot sign in, they make the leaderboard real).
ADVOCATES = (
    ("ingrid", "Ingrid Berg", "no", "sales"),
    ("jakub", "Jakub Nowak", "pl", "engineering"),
    ("elin", "Elin Holm", "sv", "sales"),
    ("daan", "Daan de Vries", "nl", "customer_service"),
    ("yael", "Yael Cohen", "he", "engineering"),
)
#: Teams of the demo accounts that sign in.
TEAMS = {"employee": "sales", "spokesperson": "communications", "reviewer": "engineering", "lead": "communications"}

PARK = {
    "en": "Our new solar park in Tromsø now powers 20,000 homes. Proud of the team that built it! #GreenerNorth",
    "pl": "Nasza nowa farma słoneczna w Tromsø zasila już 20 000 domów. Jestem dumny z zespołu, który ją zbudował! #GreenerNorth",
    "no": "Den nye solparken vår i Tromsø gir nå strøm til 20 000 hjem. Stolt av teamet som bygde den! #GreenerNorth",
    "sv": "Vår nya solpark i Tromsø ger nu el till 20 000 hem. Stolt över teamet som byggde den! #GreenerNorth",
    "he": "חוות השמש החדשה שלנו בטרומסו מספקת עכשיו חשמל ל-20,000 בתים. גאה בצוות שבנה אותה! #GreenerNorth",
    "nl": "Ons nieuwe zonnepark in Tromsø levert nu stroom aan 20.000 huizen. Trots op het team dat het bouwde! #GreenerNorth",
}
JOBS = {
    "en": "We are hiring engineers in Oslo and Bergen. Come and build the energy of the north with us! #NordlysPeople",
    "pl": "Zatrudniamy inżynierów w Oslo i Bergen. Buduj z nami energię Północy! #NordlysPeople",
    "no": "Vi ansetter ingeniører i Oslo og Bergen. Bli med og bygg nordens energi sammen med oss! #NordlysPeople",
    "sv": "Vi anställer ingenjörer i Oslo och Bergen. Kom och bygg nordens energi tillsammans med oss! #NordlysPeople",
    "he": "אנחנו מגייסים מהנדסים באוסלו ובברגן. בואו לבנות איתנו את האנרגיה של הצפון! #NordlysPeople",
    "nl": "We zoeken ingenieurs in Oslo en Bergen. Bouw met ons aan de energie van het noorden! #NordlysPeople",
}
HEAT_PUMP = {
    "en": "Meet the Nordlys heat pump: half the energy, all the warmth. #NordlysEnergi",
    "no": "Møt Nordlys-varmepumpen: halve energien, all varmen. #NordlysEnergi",
}


def _items(now: datetime) -> list[tuple[ContentItem, bool]]:
    """(item, approved) — created by the spokesperson, approved by the communications lead."""
    return [
        (ContentItem(id="solar-park-tromso", campaign="Greener North", texts=PARK,
                     link="https://nordlys.example/greener-north", hashtags=("#GreenerNorth",),
                     media=(Media(name="solar-park.jpg", source="Nordlys photo archive (Kari Dahl)",
                                  licence="Nordlys internal, free for employee posts"),),
                     expires_at=now + timedelta(days=60)), True),
        (ContentItem(id="careers-2026", campaign="Nordlys People", texts=JOBS, link="https://nordlys.example/careers",
                     hashtags=("#NordlysPeople",)), True),
        (ContentItem(id="heat-pump-launch", campaign="Heat pump launch", texts=HEAT_PUMP,
                     link="https://nordlys.example/heat-pump", hashtags=("#NordlysEnergi",),
                     embargo_until=now + timedelta(days=7)), True),
        (ContentItem(id="winter-tips", campaign="Greener North",
                     texts={"en": "Five ways to save energy this winter #GreenerNorth"},
                     link="https://nordlys.example/winter", hashtags=("#GreenerNorth",)), False),
    ]


def seed_advocacy(settings: Settings, *, now: datetime | None = None) -> bool:
    """Seed the programme unless the library already has items; True when it seeded."""
    from sqlalchemy import func, select

    from ..cli._service import open_database
    from ..store import advocacy, advocacy_metrics, competitions, people
    from ..store.advocacy_models import ContentItem as ItemRow
    from ..store.clicks import Click, write_clicks
    from ..store.models import User

    now = now or datetime.now(timezone.utc)
    rng = random.Random(2026)
    db = open_database(settings)
    try:
        with db.writer() as session:
            if session.scalar(select(func.count()).select_from(ItemRow)):
                return False
            for username, name, language, _team in ADVOCATES:
                if session.scalar(select(User.id).where(User.username == username)) is None:
                    people.create_user(session, actor=CLI_ACTOR, username=username, role="employee", password=None,
                                       passwords=None, display_name=name, email=None, language=language)
            for username, team in [*((a[0], a[3]) for a in ADVOCATES), *TEAMS.items()]:
                if session.scalar(select(User.id).where(User.username == username)) is not None:
                    advocacy.update_profile(session, actor=CLI_ACTOR, username=username, team=team, set_team=True)
            writer = people.actor_of(people.get_user(session, username="spokesperson"))
            lead = people.actor_of(people.get_user(session, username="lead"))
            rows = {}
            for item, approved in _items(now):
                row = advocacy.create_content(session, actor=writer, item=item)
                row.created_at = now - timedelta(days=45)
                if approved:
                    advocacy.approve_content(session, actor=lead, item_id=row.id)
                    row.approved_at = now - timedelta(days=44)
                rows[item.id] = row.id
            start = datetime.combine((now - timedelta(days=14)).date(), time(0), timezone.utc)
            competitions.create(session, actor=lead, rules=competitions.CompetitionRules(
                name="Winter sprint", starts_at=start, ends_at=start + timedelta(days=28),
                points={"share": 10, "click": 1, "like": 0.5, "comment": 2, "reshare": 3},
                prizes=("Noise-cancelling headphones", "A day off", "Dinner for two")))
            session.commit()
            sharers = [people.actor_of(people.get_user(session, username=a[0])) for a in ADVOCATES]
            sharers.append(people.actor_of(people.get_user(session, username="employee")))
        clicks, engagement = [], []
        for index, actor in enumerate(sharers):
            for key, channel in (("solar-park-tromso", "linkedin"), ("careers-2026", "facebook")):
                if rng.random() < 0.25 and index:
                    continue
                at = now - timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 10))
                outcome = advocacy.share_item(db, actor=actor, item_id=rows[key], channel=channel,
                                              base_url=f"http://{settings.host}:{settings.port}/", at=at)
                share = outcome.share
                for n in range(rng.randint(5, 60)):
                    moment = at + timedelta(hours=rng.expovariate(1 / 48))
                    if moment < now:
                        clicks.append(Click(share.id, moment, rng.random() < 0.15,
                                            visitor_key(f"10.0.{index}.{n % 40}", "Mozilla/5.0", moment.date().isoformat())))
                url = f"https://www.{channel}.com/posts/{actor.username}-{share.id}"
                with db.writer() as session:
                    advocacy.set_post_url(session, actor=actor, share_id=share.id, post_url=url)
                    session.commit()
                engagement.append(EngagementRow(url, rng.randint(3, 80), rng.randint(0, 12), rng.randint(0, 6),
                                                rng.randint(200, 4000), (at + timedelta(days=1)).date()))
        write_clicks(db, clicks)
        with db.writer() as session:
            advocacy_metrics.import_engagement(session, actor=CLI_ACTOR, rows=engagement, source="demo-export.csv")
            session.commit()
        return True
    finally:
        db.dispose()
