"""Demo rooms, topics and threads (see seed_demo). Safe to run again: it adds nothing twice.

The conversations follow the community's concerns: paying immunisation campaign workers,
mobile money, openIMIS implementation and data protection. Demo authors have email
notifications off, so seeding sends no mail.
"""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db.models import Max
from django.utils import timezone

from discussions import services
from discussions.models import Area, Post, Room, Topic
from members.demo import DEMO_PASSWORD, demo_member
from members.models import Member
from members.services import encode_languages, organisation_for_name

AUTHORS = [
    # email, name, role, organisation, country, language
    ("kwame.asante@example.org", "Kwame Asante", "programme_manager",
     "Ghana Health Service", "GH", "en"),
    ("fatou.ndiaye@example.org", "Fatou Ndiaye", "implementer", "openIMIS Sénégal", "SN", "fr"),
    ("chinedu.okafor@example.org", "Chinedu Okafor", "payment_provider",
     "PayWell Nigeria", "NG", "en"),
    ("aissatou.barry@example.org", "Aïssatou Barry", "health_worker",
     "District sanitaire de Labé", "GN", "fr"),
    ("wanjiru.kamau@example.org", "Wanjiru Kamau", "researcher",
     "Strathmore University", "KE", "en"),
    ("jean.mbarga@example.org", "Jean-Pierre Mbarga", "programme_manager",
     "Ministère de la Santé publique du Cameroun", "CM", "fr"),
    ("tendai.moyo@example.org", "Tendai Moyo", "funder", "Southern Health Fund", "ZW", "en"),
    ("mariam.toure@example.org", "Mariam Touré", "implementer", "Santé Digitale Mali", "ML", "fr"),
    ("emmanuel.mensah@example.org", "Emmanuel Mensah", "implementer",
     "National Health Insurance Authority", "GH", "en"),
    ("agnes.uwimana@example.org", "Agnès Uwimana", "programme_manager",
     "Rwanda Biomedical Centre", "RW", "fr"),
    ("baraka.mushi@example.org", "Baraka Mushi", "health_worker",
     "Dodoma Regional Hospital", "TZ", "en"),
    ("koffi.agbeko@example.org", "Koffi Agbeko", "payment_provider", "MobiCash Togo", "TG", "fr"),
    ("nomsa.dlamini@example.org", "Nomsa Dlamini", "researcher",
     "University of Cape Town", "ZA", "en"),
    ("ibrahim.sow@example.org", "Ibrahim Sow", "implementer", "CSU Niger", "NE", "fr"),
    ("grace.achieng@example.org", "Grace Achieng", "health_worker",
     "Kisumu County Health", "KE", "en"),
    ("yao.kouassi@example.org", "Yao Kouassi", "programme_manager",
     "Programme élargi de vaccination, Côte d'Ivoire", "CI", "fr"),
]  # fmt: skip

ROOMS = [
    # slug, area, visibility, name en, name fr, description en, description fr
    ("who-pays-whom", Area.MAPPING, Room.Visibility.PUBLIC,
     "Who pays whom, and how", "Qui paie qui, et comment",
     "Map the digital payment programmes for health workers in your country.",
     "Recensons les programmes de paiement numérique des agents de santé dans vos pays."),
    ("campaign-payments", Area.MAPPING, Room.Visibility.PUBLIC,
     "Paying campaign workers", "Payer les agents des campagnes",
     "Immunisation and mass drug administration campaigns: per diems, delays, reconciliation.",
     "Campagnes de vaccination et de distribution de masse\u00a0: indemnités journalières, "
     "retards, rapprochement."),
    ("openimis-implementers", Area.MAPPING, Room.Visibility.MEMBERS,
     "openIMIS implementers", "Partenaires de mise en œuvre d’openIMIS",
     "Set-up, claims, payment modules and upgrades, between people who run openIMIS.",
     "Installation, demandes de remboursement, modules de paiement et mises à jour."),
    ("evidence-corner", Area.CURATING, Room.Visibility.PUBLIC,
     "Evidence corner", "Le coin des données probantes",
     "Studies, evaluations and grey literature on digital payments in health.",
     "Études, évaluations et littérature grise sur les paiements numériques en santé."),
    ("data-protection", Area.CURATING, Room.Visibility.PUBLIC,
     "Data protection and consent", "Protection des données et consentement",
     "Personal data in payment and insurance systems: what the law asks and what works.",
     "Les données personnelles dans les systèmes de paiement et d’assurance."),
    ("connect", Area.NETWORKING, Room.Visibility.PUBLIC,
     "Introduce yourself", "Présentez-vous",
     "Say who you are and what you work on; find colleagues with the same problems.",
     "Dites qui vous êtes et sur quoi vous travaillez\u202f; trouvez des collègues."),
    ("events-and-calls", Area.NETWORKING, Room.Visibility.MEMBERS,
     "Workshops and implementer calls", "Ateliers et réunions en ligne des partenaires",
     "Prepare and follow up the community's meetings.",
     "Préparer et prolonger les rencontres de la communauté."),
    ("steering", Area.GENERAL, Room.Visibility.STEERING,
     "Steering committee", "Comité de pilotage",
     "Planning, membership approvals and curation.",
     "Planification, approbation des adhésions, analyse et synthèse."),
]  # fmt: skip

# French room wording an earlier seed wrote; the next run brings it up to the glossary
# (implementer, evidence, curating), unless someone has edited the room since.
PREVIOUS_FRENCH = {
    "openimis-implementers": {"name_fr": "Implémenteurs openIMIS"},
    "evidence-corner": {"name_fr": "Le coin des preuves"},
    "events-and-calls": {"name_fr": "Ateliers et appels des implémenteurs"},
    "steering": {"description_fr": "Planification, approbation des membres et curation."},
    "campaign-payments": {
        "description_fr": "Campagnes de vaccination et de distribution de masse : per diem, "
        "retards, rapprochement."
    },
    "data-protection": {
        "description_fr": "Les données personnelles dans les systèmes de paiement et d'assurance."
    },
}


TOPICS = {
    "who-pays-whom": [
        ("Mobile money for community health workers: which countries pay this way?",
         "We are building a map of programmes that pay **community health workers** by mobile "
         "money. If your country does it, could you say who pays, which provider, and how "
         "often?", ["mobile money", "CHW"]),
        ("Bank accounts or wallets for district staff?",
         "Our ministry is choosing between paying district staff into bank accounts and into "
         "mobile wallets. What did you weigh when you chose?", ["banking"]),
        ("Paiement des relais communautaires au Sénégal",
         "Au Sénégal, certains districts paient déjà les relais par transfert mobile. "
         "Qui a des chiffres sur les délais de paiement avant et après\u202f?", ["Sénégal"]),
    ],
    "campaign-payments": [
        ("Late per diems during polio rounds",
         "Vaccinators in our last polio round waited six weeks for their per diem. Lists were "
         "checked by hand three times. How do you shorten the chain?",
         ["immunisation", "per diem"]),
        ("Registering campaign workers before the round",
         "We now register every campaign worker with a phone number and ID a month before the "
         "round. It takes effort but payment day is calmer. Anyone doing the same?",
         ["registration"]),
        ("Fees charged to workers when they cash out",
         "Cash-out fees eat a real share of a small per diem. Who pays them in your programme: "
         "the worker, the ministry or the partner?", ["fees", "mobile money"]),
        ("Rapprochement des paiements après la campagne",
         "Comment faites-vous le rapprochement entre la liste de présence et les paiements "
         "effectués\u202f? Nous utilisons un tableur, mais les erreurs sont nombreuses.",
         ["rapprochement"]),
    ],
    "openimis-implementers": [
        ("Upgrading openIMIS without losing claims",
         "We are moving from the legacy version to the modular one. What is your checklist so "
         "that no claim is lost on the way?", ["openIMIS", "upgrade"]),
        ("Linking the payment module to a mobile money API",
         "Has anyone connected the openIMIS payment module to a mobile money provider's API? "
         "We would like to avoid exporting files by hand.", ["openIMIS", "API"]),
        ("Formation des agents de saisie",
         "Quelle durée de formation prévoyez-vous pour les agents de saisie des demandes\u202f? "
         "Deux jours nous semblent trop courts.", ["formation"]),
    ],
    "evidence-corner": [
        ("Does digital payment reduce absenteeism?",
         "I have seen claims that paying on time by phone improves attendance. Which studies "
         "actually measured it, and how?", ["evaluation"]),
        ("Grey literature worth keeping",
         "Let us collect the reports and slide decks that never got published but taught us "
         "something. Please add a link and one line on why it matters.", ["reports"]),
        ("Costing the switch from cash",
         "What did the switch from cash to digital cost, all included: registration, "
         "training, fees, help desk? Even rough numbers help.", ["costs"]),
    ],
    "data-protection": [
        ("Consent when registering health workers",
         "When we collect ID numbers and phone numbers for payment, what do we tell people and "
         "how do we record their consent?", ["consent"]),
        ("Sharing beneficiary lists with payment providers",
         "Providers ask for full lists. What is the least we can share, and under which "
         "agreement?", ["data sharing"]),
        ("Loi sur les données personnelles et assurance maladie",
         "Plusieurs pays ont adopté une loi sur les données personnelles. Qu’est-ce que cela "
         "change pour les bases de données des assurés\u202f?", ["législation"]),
    ],
    "connect": [
        ("Hello from Kisumu", "I coordinate community health volunteers in Kisumu county and "
         "I am here to learn how others pay their volunteers.", []),
        ("Bonjour depuis Lomé", "Je travaille chez un opérateur de paiement mobile au Togo. "
         "Heureux d’échanger avec les équipes des ministères.", []),
        ("Looking for colleagues working on health insurance claims",
         "I am researching claim processing times. I would like to talk to people who run "
         "claims desks.", ["research"]),
    ],
    "events-and-calls": [
        ("Agenda ideas for the next implementers call",
         "What should we discuss at the next call? Please suggest a topic and, if you can, a "
         "presenter.", ["call"]),
        ("Notes from the Yaoundé meeting",
         "A short summary of the community meeting, for those who could not come. Corrections "
         "welcome.", ["meeting"]),
    ],
    "steering": [
        ("Reviewing the evidence library backlog",
         "There are about thirty suggestions waiting. Can we split them by area?", []),
    ],
}  # fmt: skip

REPLIES = [
    "In our case the ministry pays and a telecom operator delivers the money. Payments arrive "
    "within a week of the list being approved.",
    "We had the same problem. What helped most was agreeing one master list before the round, "
    "signed by the district.",
    "Could you share the template you use? It would save us a lot of time.",
    "Nous avons essayé la même approche\u00a0: les délais sont passés de plusieurs semaines à "
    "quelques jours.",
    "One thing to watch: workers without a SIM card registered in their own name.",
    "The fees question matters. We negotiated a bulk rate and the partner covers it.",
    "Je partage votre avis. La formation reste le point faible.",
    "There is a report from 2019 on exactly this; I will look for the link.",
    "Our help desk gets most calls in the first two days after payment. Staff it well then.",
    "Agreed. We also publish the payment date in advance, which cut the complaints in half.",
    "We did a small survey: most workers preferred mobile money, but some older colleagues "
    "asked for a bank transfer.",
    "Merci pour ce partage. Pouvez-vous préciser quel opérateur vous utilisez\u202f?",
    "Reconciliation is where we lose the most time. Matching phone numbers to names by hand "
    "is slow and error-prone.",
    "Our data protection officer asked us to delete the lists six months after payment.",
    "Has anyone measured how much cash-out fees cost workers per year?",
    "Nous utilisons openIMIS depuis deux ans\u202f; la mise à jour a demandé un mois de tests.",
    "Thanks, this is helpful. I will bring it to our next district meeting.",
    "A pilot in two districts first gave us the confidence to scale.",
    "Attention aux doublons dans les listes\u00a0: un même agent peut apparaître deux fois.",
    "+1. We should put this on the agenda of the next implementers call.",
]


def _authors() -> list[Member]:
    password_hash = make_password(DEMO_PASSWORD)
    return [
        demo_member(
            email=email,
            password_hash=password_hash,
            display_name=name,
            role=role,
            organisation=organisation_for_name(name=org),
            country=country,
            preferred_language=language,
            languages=encode_languages([language]),
            email_notifications=Member.EmailNotifications.NONE,
            email_digest=False,
        )[0]
        for email, name, role, org, country, language in AUTHORS
    ]


def _spread_in_time(topic: Topic, start, rng: random.Random) -> None:
    """Give a seeded thread believable dates: replies over the days after the opening."""
    when = start
    for post in Post.objects.filter(topic=topic).order_by("pk"):
        Post.objects.filter(pk=post.pk).update(created_at=when)
        when += timedelta(hours=rng.randint(1, 30))
    last = when - timedelta(hours=1)
    Topic.objects.filter(pk=topic.pk).update(created_at=start, last_activity_at=last)


def seed() -> str:
    rng = random.Random(2026)
    authors = _authors()
    new_rooms = 0
    rooms = {}
    for order, (slug, area, visibility, name_en, name_fr, desc_en, desc_fr) in enumerate(ROOMS):
        room, created = Room.objects.get_or_create(
            slug=slug,
            defaults={
                "area": area, "visibility": visibility, "order": order,
                "name_en": name_en, "name_fr": name_fr,
                "description_en": desc_en, "description_fr": desc_fr,
            },
        )  # fmt: skip
        new_rooms += created
        rooms[slug] = room
        current = {"name_fr": name_fr, "description_fr": desc_fr}
        stale = [
            field
            for field, previous in PREVIOUS_FRENCH.get(slug, {}).items()
            if getattr(room, field) == previous
        ]
        for field in stale:
            setattr(room, field, current[field])
        if stale:
            room.save(update_fields=stale)
    moderator = Member.objects.filter(email="moderator@example.org").first()
    steering = Member.objects.filter(email="steering@example.org").first()
    if moderator:
        rooms["campaign-payments"].moderators.add(moderator)
    new_topics = new_posts = 0
    now = timezone.now()
    for slug, topics in TOPICS.items():
        room = rooms[slug]
        if room.topics.exists():
            continue
        writers = [steering] if slug == "steering" and steering else authors
        for title, body, tags in topics:
            start = now - timedelta(days=rng.randint(5, 90), hours=rng.randint(0, 23))
            topic = services.topic_create(
                room=room, author=rng.choice(writers), title=title, body=body, tags=tags
            )
            posts = [None]
            for _ in range(rng.randint(6, 16)):
                parent = rng.choice(posts) if rng.random() < 0.5 else None
                post = services.post_create(
                    topic=topic, author=rng.choice(writers), body=rng.choice(REPLIES),
                    parent=parent,
                )  # fmt: skip
                posts.append(post)
                new_posts += 1
            _spread_in_time(topic, start, rng)
            new_topics += 1
            new_posts += 1
    for room in rooms.values():
        latest = room.topics.aggregate(latest=Max("last_activity_at"))["latest"]
        Room.objects.filter(pk=room.pk).update(last_activity_at=latest)
    return f"{new_rooms} new rooms, {new_topics} new topics, {new_posts} new posts"
