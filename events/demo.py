"""Demo events (see seed_demo), told in our own words from the community's records: the
June–July 2020 PartnerHack workshop series, the implementers' call of 16 September 2020, the
community meeting in Yaoundé, and a few upcoming events. Safe to run again: it adds nothing
twice. Runs after the members' demo, whose people and organisations it uses."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Q
from django.utils import timezone, translation

from events.models import (
    ActionItem,
    Ballot,
    Evaluation,
    Event,
    EventSession,
    MeetingNote,
    OrganisationRole,
    Outcome,
    Participation,
    Poll,
    PollOption,
)
from events.services import note_create, note_save
from members.models import Member, Organisation

K, S, V = Event.Kind, Event.Status, Event.Visibility
R = OrganisationRole.Role
BERLIN = "Europe/Berlin"


def _at(day: str, clock: str, zone: str) -> datetime:
    return datetime.combine(
        datetime.fromisoformat(day).date(), time.fromisoformat(clock), tzinfo=ZoneInfo(zone)
    )


def _people(*names) -> list[Member]:
    found = {m.display_name: m for m in Member.objects.filter(display_name__in=names)}
    return [found[name] for name in names if name in found]


def _orgs(*slugs) -> dict[str, Organisation]:
    return {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}


def _cited(label: str, **lookup) -> str:
    """The page of a library item or discussion topic the demo of an earlier app made (by
    label, so events imports neither app), or "" when that demo has not run."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return ""
    found = model.objects.filter(**lookup).order_by("pk").first()
    if found is None:
        return ""
    with translation.override("en"):
        return found.get_absolute_url()


def _citations(*links) -> str:
    return "\n".join(link for link in links if link)


def _event(slug, **fields) -> tuple[Event, bool]:
    existing = Event.objects.filter(slug=slug).first()
    if existing:
        return existing, False
    tags = fields.pop("tags", [])
    event = Event.objects.create(slug=slug, **fields)
    if tags:
        event.tags.set(tags)
    return event, True


def _sessions(event, rows):
    for order, (start, end, title_en, title_fr, activity_en, activity_fr, speaker) in enumerate(
        rows
    ):
        EventSession.objects.create(
            event=event, order=order, starts_at=start, ends_at=end,
            title_en=title_en, title_fr=title_fr, activity_en=activity_en,
            activity_fr=activity_fr, speaker=speaker, talk_minutes=15 if speaker else None,
        )  # fmt: skip


def _roles(event, rows):
    organisations = _orgs(*(slug for slug, _role in rows))
    for slug, role in rows:
        if slug in organisations:
            OrganisationRole.objects.get_or_create(
                event=event, organisation=organisations[slug], role=role
            )


def _register(event, people, *, attended=None):
    for person in people:
        Participation.objects.get_or_create(
            event=event, member=person, defaults={"attended": attended}
        )


PROVIDERS = ["openimis-consortium", "bluesquare-openrbf", "carepay-pharmaccess", "healthix",
             "mtomady"]  # fmt: skip
PARTNERHACK_PEOPLE = ("Konstanze Weber", "Saurav Shrestha", "Wanjiru Kamau", "Achieng Odhiambo",
                      "Chidi Okafor", "Rija Andrianarivelo", "Baraka Mollel")  # fmt: skip


def _partnerhack() -> int:
    series, created = _event(
        "partnerhack-2020",
        kind=K.WORKSHOP_SERIES, status=S.HELD, visibility=V.PUBLIC, area="networking",
        title_en="Finance and insurance services PartnerHack 2020",
        title_fr="PartnerHack 2020 des services de financement et d’assurance",
        background_en=(
            "From its start the openIMIS initiative has sought out people who build software "
            "for health financing and insurance schemes in low- and middle-income countries. "
            "Many one-to-one contacts followed, but few turned into lasting work together. "
            "So in June and July 2020 GIZ's global programme on social protection brought the "
            "solution providers to one (virtual) table, to look for common ground and ideas "
            "for closer cooperation. Because of COVID-19 every workshop was held online, on a "
            "shared whiteboard and a video call."
        ),
        background_fr=(
            "Dès ses débuts, l’initiative openIMIS est allée vers celles et ceux qui "
            "développent des logiciels pour les régimes de financement et d’assurance santé "
            "des pays à revenu faible ou intermédiaire. Beaucoup de contacts bilatéraux ont "
            "suivi, mais peu ont débouché sur une collaboration durable. En juin et juillet "
            "2020, le programme mondial de protection sociale de la GIZ a donc réuni les "
            "fournisseurs de solutions autour d’une même table (virtuelle) pour chercher des "
            "terrains d’entente et des pistes de coopération. En raison de la COVID-19, tous "
            "les ateliers se sont tenus en ligne, sur un tableau blanc partagé et en "
            "visioconférence."
        ),
        objectives_en=(
            "Let the solution providers get to know each other\n"
            "Understand what the partners share, where they differ and what each does best\n"
            "Find areas for working together in future"
        ),
        objectives_fr=(
            "Permettre aux fournisseurs de solutions de se connaître\n"
            "Comprendre ce que les partenaires ont en commun, ce qui les distingue et les "
            "points forts de chacun\n"
            "Trouver des domaines de collaboration future"
        ),
        starts_at=_at("2020-06-23", "10:00", BERLIN), ends_at=_at("2020-07-22", "12:30", BERLIN),
        time_zone=BERLIN, online=True, tags=["openIMIS", "interoperability", "data protection"],
    )  # fmt: skip
    if not created:
        return 0
    _roles(series, [("giz", R.ORGANISER)] + [(slug, R.SOLUTION_PROVIDER) for slug in PROVIDERS])
    people = _people(*PARTNERHACK_PEOPLE)
    organisers = _people("Konstanze Weber")
    series.organisers.set(organisers)
    _register(series, people, attended=True)

    workshops = [
        ("partnerhack-2020-1", "2020-06-23", "10:00", "14:00",
         "Workshop 1: introductions and scoping", "Atelier 1 : présentations et cadrage",
         [("10:00", "11:30", "Every solution presented", "Présentation de toutes les solutions",
           "Each provider shows its product in a few minutes.",
           "Chaque fournisseur présente son produit en quelques minutes.", ""),
          ("12:00", "14:00", "Topics for the next workshops", "Thèmes des prochains ateliers",
           "Brainstorm on the whiteboard, then a vote on the focus topics.",
           "Remue-méninges sur le tableau blanc, puis vote sur les thèmes prioritaires.", "")]),
        ("partnerhack-2020-2", "2020-07-10", "10:00", "14:00",
         "Workshop 2: business models, integration and processes",
         "Atelier 2 : modèles économiques, intégration et processus",
         [("10:00", "11:00", "Open source business models", "Modèles économiques de l’open source",
           "Discussion: which similar markets and tools can we learn from?",
           "Discussion : de quels marchés et outils comparables pouvons-nous apprendre ?",
           "Lightning talk"),
          ("11:00", "12:30", "Data system integration, HL7 and FHIR",
           "Intégration des systèmes de données, HL7 et FHIR",
           "Interoperability map: each team lists its integrations (systems, interfaces, "
           "standards), sorted along the OpenHIE architecture.",
           "Carte de l’interopérabilité : chaque équipe recense ses intégrations (systèmes, "
           "interfaces, normes), classées selon l’architecture OpenHIE.", "Lightning talk"),
          ("12:45", "14:00", "Harmonising the processes of health insurers",
           "Harmoniser les processus des assureurs santé",
           "Process mapping: which processes of the matrix each platform supports.",
           "Cartographie des processus : lesquels la plateforme de chacun prend en charge.",
           "")]),
        ("partnerhack-2020-3", "2020-07-22", "10:00", "12:30",
         "Workshop 3: data protection and AI", "Atelier 3 : protection des données et IA",
         [("10:00", "10:50", "Data confidentiality and protection",
           "Confidentialité et protection des données",
           "Partners present their challenges and how they meet them.",
           "Les partenaires exposent leurs difficultés et leurs solutions.", "Lightning talk"),
          ("10:50", "11:40", "AI and fraud: what each partner is doing",
           "IA et fraude : les initiatives de chaque partenaire",
           "Round table on projects that use AI and machine learning.",
           "Tour de table des projets qui utilisent l’IA et l’apprentissage automatique.", ""),
          ("11:40", "12:30", "Wrapping up", "Synthèse",
           "Evaluation, and a vote on how to keep working together.",
           "Évaluation, et vote sur les moyens de continuer à travailler ensemble.", "")]),
    ]  # fmt: skip
    last = None
    for slug, day, start, end, title_en, title_fr, sessions in workshops:
        workshop, _created = _event(
            slug, kind=K.WORKSHOP, status=S.HELD, visibility=V.PUBLIC, area="networking",
            parent=series, title_en=title_en, title_fr=title_fr.replace(" : ", "\u00a0: "),
            starts_at=_at(day, start, BERLIN), ends_at=_at(day, end, BERLIN), time_zone=BERLIN,
            online=True,
        )  # fmt: skip
        workshop.organisers.set(organisers)
        _register(workshop, people, attended=True)
        _sessions(
            workshop,
            [
                (_at(day, s, BERLIN), _at(day, e, BERLIN), ten, tfr.replace(" : ", "\u00a0: "),
                 aen, afr.replace(" : ", "\u00a0: ").replace(" ?", "\u202f?"), speaker)
                for s, e, ten, tfr, aen, afr, speaker in sessions
            ],
        )  # fmt: skip
        last = workshop

    outcomes = [
        ("Let the solution providers get to know each other",
         "Permettre aux fournisseurs de solutions de se connaître",
         "Every organisation presented itself and its solution; partners began talking "
         "one to one.",
         "Chaque organisation s’est présentée avec sa solution ; des échanges bilatéraux ont "
         "commencé."),
        ("Understand what the partners share, where they differ and what each does best",
         "Comprendre ce que les partenaires ont en commun, ce qui les distingue et les points "
         "forts de chacun",
         "Over the discussions the differences and common points in business models and "
         "approaches became clearer.",
         "Au fil des discussions, les différences et points communs entre modèles économiques "
         "et approches sont apparus plus nettement."),
        ("Find areas for working together in future",
         "Trouver des domaines de collaboration future",
         "Open source business models and sustainability, interoperability and FHIR, and data "
         "privacy drew the most engagement: a shared interest worth pursuing.",
         "Les modèles économiques de l’open source et leur pérennité, l’interopérabilité et "
         "FHIR, et la protection des données ont suscité le plus d’engagement : un intérêt "
         "commun à approfondir."),
        ("Beyond the objectives", "Au-delà des objectifs",
         "Partners discovered networks they had not known, such as OpenHIE and the JLN.",
         "Les partenaires ont découvert des réseaux qu’ils ne connaissaient pas, comme OpenHIE "
         "et le JLN."),
    ]  # fmt: skip
    # The library's report on the series and the privacy thread back the third outcome.
    cites = {
        2: _citations(
            _cited("evidence.EvidenceItem",
                   title_en__startswith="Finance and insurance solution providers"),
            _cited("discussions.Topic", title="Sharing beneficiary lists with payment providers"),
        ),
    }  # fmt: skip
    for order, (obj_en, obj_fr, out_en, out_fr) in enumerate(outcomes):
        Outcome.objects.create(
            event=series, order=order, objective_en=obj_en, objective_fr=obj_fr,
            outcome_en=out_en,
            outcome_fr=out_fr.replace(" ; ", "\u202f; ").replace(" : ", "\u00a0: "),
            citations=cites.get(order, ""),
        )  # fmt: skip
    ActionItem.objects.create(
        event=series, owner=organisers[0] if organisers else None, status=ActionItem.Status.DONE,
        description_en="Shorten the third workshop to two and a half hours, clear of lunch time",
        description_fr="Raccourcir le troisième atelier à deux heures et demie, avant le déjeuner",
        due_on=_at("2020-07-20", "12:00", BERLIN).date(),
    )  # fmt: skip

    # The evaluation: almost entirely positive; preferred ways to stay in touch as a poll.
    for person, rating in zip(people, [5, 5, 4, 5, 4, 5, 4], strict=False):
        Evaluation.objects.get_or_create(event=series, member=person, defaults={"rating": rating})
    poll = Poll.objects.create(
        event=last or series, max_choices=2, closes_at=_at("2020-07-22", "12:30", BERLIN),
        question_en="How should we stay in touch after the series?",
        question_fr="Comment rester en contact après la série\u202f?",
    )  # fmt: skip
    options = [
        PollOption.objects.create(poll=poll, order=n, label_en=en, label_fr=fr)
        for n, (en, fr) in enumerate(
            [("Remote meetings every six months", "Réunions en ligne tous les six mois"),
             ("An in-person hackathon in 2021", "Un hackathon en présentiel en 2021"),
             ("A shared mailing list", "Une liste de diffusion commune")]
        )
    ]  # fmt: skip
    picks = [[0, 1], [0], [0, 1], [1], [0, 2], [0], [1]]
    for person, chosen in zip(people, picks, strict=False):
        Ballot.objects.create(poll=poll, member=person).options.set(options[i] for i in chosen)
    return 4


def _implementers_call() -> int:
    zone = BERLIN
    event, created = _event(
        "implementers-call-2020-09-16",
        kind=K.IMPLEMENTERS_CALL, status=S.HELD, visibility=V.MEMBERS, area="networking",
        title_en="Implementers’ call: a stronger openIMIS community",
        title_fr="Réunion des partenaires de mise en œuvre\u00a0: une communauté openIMIS "
        "plus forte",
        background_en=(
            "Implementers, knowledge hubs and the coordination desk met to say what a "
            "stronger community would look like, how it links to a better product and more "
            "country implementations, and what each of them can do about it."
        ),
        background_fr=(
            "Partenaires de mise en œuvre, pôles de connaissances et bureau de coordination se "
            "sont réunis pour dire à quoi ressemblerait une communauté plus forte, comment "
            "elle sert un meilleur produit et davantage de mises en œuvre nationales, et ce "
            "que chacun peut y apporter."
        ),
        starts_at=_at("2020-09-16", "11:00", zone), ends_at=_at("2020-09-16", "12:30", zone),
        time_zone=zone, online=True, tags=["openIMIS", "call"],
    )  # fmt: skip
    if not created:
        return 0
    _roles(event, [("coordination-desk", R.ORGANISER), ("aehin", R.PARTICIPANT),
                   ("swiss-tph", R.PARTICIPANT), ("bluesquare-openrbf", R.PARTICIPANT),
                   ("bepha", R.PARTICIPANT)])  # fmt: skip
    people = _people("Kristine Santos", "Siddharth Rao", "Georges Mbarga", "Saurav Shrestha",
                     "Konstanze Weber")  # fmt: skip
    event.organisers.set(_people("Saurav Shrestha", "Konstanze Weber"))
    _register(event, people, attended=True)
    outcomes = [
        ("Define a stronger community", "Définir une communauté plus forte",
         "More inclusive and connected: bring in francophone countries, local operators and "
         "NGOs, and let the community drive the product.",
         "Plus inclusive et mieux reliée\u00a0: associer les pays francophones, les "
         "opérateurs locaux et les ONG, et laisser la communauté piloter le produit."),
        ("Reach new partners", "Atteindre de nouveaux partenaires",
         "Academia, local implementing organisations, francophone technical assistance "
         "providers, the ILO and the WHO, each for a stated purpose.",
         "Le monde universitaire, les organisations locales de mise en œuvre, les "
         "prestataires d’assistance technique francophones, l’OIT et l’OMS, chacun avec un "
         "objectif précis."),
    ]  # fmt: skip
    # The agenda thread in the implementers' room carries the call's first outcome on.
    cites = {0: _cited("discussions.Topic", title="Agenda ideas for the next implementers call")}
    for order, (obj_en, obj_fr, out_en, out_fr) in enumerate(outcomes):
        Outcome.objects.create(
            event=event, order=order, objective_en=obj_en, objective_fr=obj_fr,
            outcome_en=out_en, outcome_fr=out_fr, citations=cites.get(order, ""),
        )  # fmt: skip
    owners = {m.display_name: m for m in people}
    for owner, en, fr, due in [
        ("Kristine Santos", "Run an AeHIN hour webinar on openIMIS",
         "Organiser un webinaire « AeHIN hour » sur openIMIS", "2020-11-30"),
        ("Saurav Shrestha", "Present openIMIS to the WHO health financing team",
         "Présenter openIMIS à l’équipe financement de la santé de l’OMS", "2020-12-15"),
        ("Konstanze Weber", "Draft a virtual conference for the fifth anniversary",
         "Préparer une conférence virtuelle pour le cinquième anniversaire", "2021-03-31"),
    ]:  # fmt: skip
        ActionItem.objects.create(
            event=event, owner=owners.get(owner), owner_name="" if owner in owners else owner,
            description_en=en, description_fr=fr.replace("« ", "«\u00a0").replace(" »", "\u00a0»"),
            due_on=datetime.fromisoformat(due).date(), status=ActionItem.Status.DONE,
        )  # fmt: skip
    return 1


def _yaounde() -> int:
    zone = "Africa/Douala"
    event, created = _event(
        "community-meeting-yaounde",
        kind=K.COMMUNITY_MEETING, status=S.HELD, visibility=V.PUBLIC, area="general",
        title_en="openIMIS community meeting in Yaoundé",
        title_fr="Rencontre de la communauté openIMIS à Yaoundé",
        place_en="Yaoundé, Cameroon", place_fr="Yaoundé, Cameroun",
        background_en=(
            "The meeting strengthens the community and its alliances, to improve openIMIS "
            "and see it used more widely for universal health coverage and universal social "
            "protection. Users, implementers and developers take stock of recent work and plan "
            "what comes next, now that openIMIS has merged with the World Bank's CORE-MIS.\n"
            "It is the wider community's first in-person meeting since 2019, and the first "
            "chance to meet the CORE-MIS team since the merger of December 2022. The knowledge "
            "hubs AeHIN and KHIA take part and share what they know.\n"
            "Cameroon hosts it because several schemes there run on openIMIS under the "
            "Ministry of Public Health: HIV fee elimination, maternal health vouchers and "
            "vouchers for refugees, scaled up with support from BMZ and SDC."
        ),
        background_fr=(
            "La rencontre renforce la communauté et ses alliances, pour améliorer openIMIS et "
            "l’étendre au service de la couverture santé universelle et de la protection "
            "sociale universelle. Utilisateurs, partenaires de mise en œuvre et développeurs "
            "font le point sur les travaux récents et préparent la suite, maintenant "
            "qu’openIMIS a fusionné avec CORE-MIS, de la Banque mondiale.\n"
            "C’est la première rencontre en présentiel de la communauté élargie depuis 2019, "
            "et la première occasion de rencontrer l’équipe CORE-MIS depuis la fusion de "
            "décembre 2022. Les pôles de connaissances AeHIN et KHIA y participent et "
            "partagent leur savoir.\n"
            "Le Cameroun l’accueille parce que plusieurs régimes y fonctionnent sous openIMIS "
            "au sein du ministère de la Santé publique\u00a0: élimination des frais liés au "
            "VIH, chèques santé maternelle et chèques santé pour les réfugiés, étendus avec "
            "l’appui du BMZ et de la DDC."
        ),
        starts_at=_at("2023-06-06", "09:00", zone), ends_at=_at("2023-06-08", "17:00", zone),
        time_zone=zone, tags=["openIMIS", "meeting"],
    )  # fmt: skip
    if not created:
        return 0
    _roles(event, [("minsante-cameroon", R.HOST), ("giz", R.ORGANISER), ("aehin", R.PARTICIPANT),
                   ("khia", R.PARTICIPANT), ("world-bank", R.PARTICIPANT), ("bmz", R.FUNDER),
                   ("sdc", R.FUNDER)])  # fmt: skip
    _register(event, _people("Georges Mbarga", "Estelle Ngo Bassa", "Grace Nkemelu",
                             "Joseph Mwangi", "Kristine Santos"), attended=True)  # fmt: skip
    return 1


def _upcoming() -> int:
    now = timezone.now()
    soon = (now + timedelta(days=21)).date().isoformat()
    later = (now + timedelta(days=60)).date().isoformat()
    made = 0
    _e, created = _event(
        "webinar-mobile-money-campaign-payments",
        kind=K.WEBINAR, status=S.OPEN, visibility=V.PUBLIC, area="mapping", capacity=100,
        title_en="Webinar: paying campaign workers by mobile money",
        title_fr="Webinaire\u00a0: payer les agents des campagnes par mobile money",
        background_en="Three countries tell how they paid immunisation campaign workers by "
        "mobile money, and what they would do differently.",
        background_fr="Trois pays racontent comment ils ont payé les agents des campagnes de "
        "vaccination par mobile money, et ce qu’ils feraient autrement.",
        starts_at=_at(soon, "12:00", "Africa/Accra"), ends_at=_at(soon, "13:30", "Africa/Accra"),
        time_zone="Africa/Accra", online=True, meeting_link="https://meet.jit.si/cop-momo-webinar",
        tags=["mobile money", "immunisation"],
    )  # fmt: skip
    made += created
    _e, created = _event(
        "implementers-call-next",
        kind=K.IMPLEMENTERS_CALL, status=S.OPEN, visibility=V.MEMBERS, area="networking",
        title_en="Implementers’ call: claims and payment delays",
        title_fr="Réunion des partenaires de mise en œuvre\u00a0: demandes de remboursement et "
        "retards de paiement",
        starts_at=_at(later, "10:00", "Africa/Nairobi"),
        ends_at=_at(later, "11:30", "Africa/Nairobi"), time_zone="Africa/Nairobi", online=True,
        meeting_link="https://meet.jit.si/cop-implementers",
    )  # fmt: skip
    made += created
    _e, created = _event(
        "community-meeting-next",
        kind=K.COMMUNITY_MEETING, status=S.PLANNED, visibility=V.PUBLIC, area="general",
        title_en="Next community meeting", title_fr="Prochaine rencontre de la communauté",
        place_en="Dakar, Senegal", place_fr="Dakar, Sénégal",
        starts_at=_at(later, "09:00", "Africa/Dakar"),
        ends_at=_at(later, "17:00", "Africa/Dakar") + timedelta(days=2), time_zone="Africa/Dakar",
    )  # fmt: skip
    made += created
    return made


CALL_NOTES_TITLE = "Notes of the call"
_CALL_NOTES_START = """\
Present: AeHIN (Kristine), Swiss TPH (Siddharth), Bluesquare, an implementer from Cameroon
(Georges) and the coordination desk (Saurav, Konstanze).

## Part I: a stronger community

### Q1. What would a stronger community look like?

**Coordination desk**

- More inclusive and better connected, for members old and new.
- Francophone countries brought in, and local operators and NGOs working in social
  protection, not only ministries.
"""
_CALL_NOTES_ANSWERS = """
### Q2. How does a stronger community help the product and country implementations?

**Swiss TPH**

- Users tell developers what works and what is missing; together we decide what belongs in
  the main version and what stays in one country's customisation.

**Implementer, Cameroon**

- Local schemes such as BEPHA want to know what the community can offer them, and new
  schemes need to know where to ask.
- Putting the tool to work in the field needs money and technical help.

### Q3. What can you do for the community?

**AeHIN (regional hub)**

- Webinars (the AeHIN hour), mailing lists and social media.
- A regional capacity-building programme, regional instances and demos tailored in the
  virtual lab.
- Medical student networks, who bring clinical knowledge.

**Bluesquare**

- Lead the discussion on usability and requirements.
- Finish the move to the modular architecture and show, through developers' own accounts,
  what it changes for users and implementers.
"""
_CALL_NOTES_OUTREACH = """
### Q4. Whom should the community approach, and why?

**Coordination desk**

- Universities: clinical know-how, feedback on usability, and students who later carry
  the tool to implementing organisations.
- Francophone technical assistance providers: a French interface and guides, and peer
  learning across the two languages.
- The ILO: a way to policy makers in social protection and a wide presence in countries.
- The WHO: clear entry points, starting with the health financing team (a presentation is
  planned for December 2020).
"""


def _implementers_call_notes() -> int:
    """Three versions of the call's notes, saved by its organisers in turn."""
    event = Event.objects.filter(slug="implementers-call-2020-09-16").first()
    if event is None or MeetingNote.objects.filter(event=event, title=CALL_NOTES_TITLE).exists():
        return 0
    editors = list(event.organisers.order_by("display_name"))
    if not editors:
        return 0
    first, second = editors[-1], editors[0]  # Saurav writes first, Konstanze completes
    note = note_create(event=event, editor=first, title=CALL_NOTES_TITLE, body=_CALL_NOTES_START)
    note_save(note=note, editor=second, body=_CALL_NOTES_START + _CALL_NOTES_ANSWERS)
    note_save(
        note=note,
        editor=first,
        body=_CALL_NOTES_START + _CALL_NOTES_ANSWERS + _CALL_NOTES_OUTREACH,
    )
    return 1


SESSION_SUMMARIES = {
    ("partnerhack-2020-2", "Data system integration, HL7 and FHIR"): (
        "Each team drew its integrations on one shared map: population registers, payment "
        "platforms, DHIS2 and hospital systems. Most links are still custom exports; only two "
        "partners exchange FHIR resources today. The group agreed to list the interfaces it "
        "needs most, starting with beneficiary enrolment and claims, and to compare them "
        "with the OpenHIE architecture before the next workshop.",
        "Chaque équipe a reporté ses intégrations sur une carte commune\u00a0: registres de "
        "population, plateformes de paiement, DHIS2 et systèmes hospitaliers. La plupart des "
        "liens reposent encore sur des exports sur mesure\u00a0; seuls deux partenaires "
        "échangent aujourd’hui des ressources FHIR. Le groupe a convenu de recenser les "
        "interfaces les plus attendues, à commencer par l’enrôlement des bénéficiaires et les "
        "demandes de remboursement, et de les comparer à l’architecture OpenHIE avant "
        "l’atelier suivant.",
    ),
    ("partnerhack-2020-3", "Data confidentiality and protection"): (
        "Partners described how they keep health and payment data confidential: consent at "
        "enrolment, access by role, and servers hosted in the country where the law asks for "
        "it. The hardest cases were data shared with insurers abroad and old paper records "
        "being scanned. Two partners offered to share their data protection impact "
        "assessments as examples.",
        "Les partenaires ont expliqué comment ils préservent la confidentialité des données "
        "de santé et de paiement\u00a0: consentement à l’inscription, accès selon le rôle, et "
        "serveurs hébergés dans le pays quand la loi l’exige. Les cas les plus difficiles "
        "étaient le partage de données avec des assureurs étrangers et la numérisation "
        "d’anciens dossiers papier. Deux partenaires ont proposé de partager leurs analyses "
        "d’impact relatives à la protection des données en exemple.",
    ),
}


def _session_summaries() -> int:
    """A written summary under two PartnerHack sessions, for members who could not attend."""
    made = 0
    for (slug, title), (en, fr) in SESSION_SUMMARIES.items():
        made += (
            EventSession.objects.filter(event__slug=slug, title_en=title)
            .filter(Q(summary_en="") | Q(summary_en__isnull=True))
            .update(summary_en=en, summary_fr=fr)
        )
    return made


def seed() -> str:
    count = _partnerhack() + _implementers_call() + _yaounde() + _upcoming()
    _implementers_call_notes()
    _session_summaries()
    return f"{count} new events"
