"""Demo members and organisations (see seed_demo). The organisations include the solution
providers of the 2020 PartnerHack workshop series, with the countries the record gives."""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from cop_portal.rendered import rendered_values
from members.handles import unique_handle
from members.models import Member, Organisation
from members.permissions import MODERATORS, STEERING_COMMITTEE
from members.services import encode_languages

DEMO_PASSWORD = "cop-demo-2026"  # published in the README; seed_demo runs only with DEBUG
R = Member.Role
K = Organisation.Kind

# slug, name (or (en, fr) when the organisation has a French name), kind, based in, active in,
# website, description (en), description (fr)
ORGANISATIONS = [
    ("openimis-consortium",
     ("openIMIS developers and partners", "Développeurs et partenaires d’openIMIS"),
     K.IMPLEMENTER, "DE",
     ["NP", "TZ", "CM", "TD"], "https://openimis.org",
     "A consortium led by GIZ with BlueSquare, Possible Health and Digital Square that builds "
     "the openIMIS software. Its partners are based in Germany, Switzerland, Nepal and Belgium.",
     "Un consortium mené par la GIZ avec BlueSquare, Possible Health et Digital Square, qui "
     "développe le logiciel openIMIS. Ses partenaires sont basés en Allemagne, en Suisse, au "
     "Népal et en Belgique."),
    ("bluesquare-openrbf", "BlueSquare / openRBF", K.IMPLEMENTER, "BE", [],
     "https://bluesquarehub.com",
     "Software for results-based financing, in use in 21 countries of sub-Saharan Africa.",
     "Logiciel de financement basé sur les résultats, utilisé dans 21 pays d’Afrique "
     "subsaharienne."),
    ("carepay-pharmaccess", "Carepay / PharmAccess", K.PAYMENT_PROVIDER, "NL", ["NG", "KE"], "",
     "Mobile health wallets and payment platforms for health schemes.",
     "Portefeuilles santé mobiles et plateformes de paiement pour les régimes de santé."),
    ("healthix", "Healthix", K.IMPLEMENTER, "KE", ["KE"], "",
     "A health information exchange serving facilities in Kenya.",
     "Un système d’échange d’informations de santé au service des formations sanitaires du Kenya."),
    ("mtomady", "mTomady", K.PAYMENT_PROVIDER, "DE", ["MG"], "",
     "A mobile health financing platform working in Madagascar.",
     "Une plateforme mobile de financement de la santé active à Madagascar."),
    ("aehin", "Asian eHealth Information Network", K.KNOWLEDGE_HUB, "PH", [], "",
     "Knowledge hub that supports the openIMIS community with capacity building.",
     "Pôle de connaissances qui soutient la communauté openIMIS par le renforcement "
     "des capacités."),
    ("khia", "Kenya Health Informatics Association", K.KNOWLEDGE_HUB, "KE", ["KE"], "",
     "Knowledge hub for health informatics in Kenya and the region.",
     "Pôle de connaissances en informatique de la santé au Kenya et dans la région."),
    ("swiss-tph",
     ("Swiss Tropical and Public Health Institute",
      "Institut tropical et de santé publique suisse"),
     K.ACADEMIA, "CH", ["TZ", "CM"], "",
     "Research and on-the-ground support for country implementations.",
     "Recherche et appui de terrain aux mises en œuvre nationales."),
    ("giz", "GIZ", K.IMPLEMENTER, "DE", ["CM", "TZ", "NP"], "",
     "German development agency; its social protection programme convened the 2020 workshops.",
     "Agence allemande de coopération ; son programme de protection sociale a organisé les "
     "ateliers de 2020."),
    ("minsante-cameroon",
     ("Ministry of Public Health, Cameroon", "Ministère de la Santé publique du Cameroun"),
     K.MINISTRY, "CM", ["CM"], "",
     "Runs several openIMIS schemes: HIV fee elimination, maternal health vouchers, and "
     "vouchers for refugees.",
     "Gère plusieurs régimes sous openIMIS : élimination des frais liés au VIH, chèques santé "
     "maternelle et chèques santé pour les réfugiés."),
    ("world-bank",
     ("World Bank", "Banque mondiale"),
     K.FUNDER, "US", [], "", "Funder; developer of CORE-MIS.",
     "Bailleur ; concepteur de CORE-MIS."),
    ("bmz", "BMZ", K.FUNDER, "DE", [], "", "German Federal Ministry for Economic Cooperation.",
     "Ministère fédéral allemand de la Coopération économique."),
    ("sdc",
     ("Swiss Agency for Development and Cooperation",
      "Direction du développement et de la coopération (DDC)"),
     K.FUNDER, "CH", [], "",
     "Co-funds the scaling-up of health financing schemes.",
     "Cofinance le passage à l’échelle des régimes de financement de la santé."),
    ("mtn-momo-ghana", "MTN Mobile Money Ghana", K.PAYMENT_PROVIDER, "GH", ["GH"], "",
     "Mobile money operator paying campaign workers.",
     "Opérateur de mobile money qui paie les agents de campagne."),
    ("orange-money-senegal", "Orange Money Sénégal", K.PAYMENT_PROVIDER, "SN", ["SN"], "",
     "Mobile money operator.", "Opérateur de mobile money."),
    ("bepha",
     ("BEPHA health scheme", "Régime de santé BEPHA"),
     K.SCHEME_OPERATOR, "CM", ["CM"], "",
     "A local health scheme in Cameroon.", "Un régime de santé local au Cameroun."),
    ("nhif-tanzania",
     ("National Health Insurance Fund, Tanzania", "Caisse nationale d’assurance maladie, Tanzanie"),
     K.SCHEME_OPERATOR, "TZ", ["TZ"],
     "", "Public health insurer.", "Assureur public."),
    ("univ-yaounde",
     ("University of Yaoundé I", "Université de Yaoundé I"),
     K.ACADEMIA, "CM", ["CM"], "",
     "University research on health financing.",
     "Recherche universitaire sur le financement de la santé."),
    ("possible-health", "Possible Health", K.NGO, "NP", ["NP"], "",
     "Non-profit health care organisation.", "Organisation de soins à but non lucratif."),
    ("coordination-desk",
     ("openIMIS coordination desk", "Bureau de coordination d’openIMIS"),
     K.OTHER, "DE", [], "",
     "Coordinates the openIMIS community.", "Coordonne la communauté openIMIS."),
]  # fmt: skip

# email, display name, role, organisation slug, country, preferred language, languages,
# interests, groups, staff
PEOPLE = [
    ("member@example.org", "Amina Diallo", R.HEALTH_WORKER, "orange-money-senegal", "SN", "fr",
     ["fr", "en"], ["mobile money", "immunisation campaigns"], [], False),
    ("moderator@example.org", "Joseph Mwangi", R.IMPLEMENTER, "khia", "KE", "en",
     ["en"], ["openIMIS", "interoperability", "FHIR"], [MODERATORS], False),
    ("steering@example.org", "Grace Nkemelu", R.RESEARCHER, "univ-yaounde", "CM", "en",
     ["en", "fr"], ["evidence synthesis", "health financing"], [STEERING_COMMITTEE], True),
    ("admin@example.org", "Portal Admin", R.OTHER, "coordination-desk", "DE", "en",
     ["en", "fr"], [], [STEERING_COMMITTEE, MODERATORS], True),
]  # fmt: skip

_MORE = [
    ("Kwame Asante", R.PAYMENT_PROVIDER, "mtn-momo-ghana", "GH", "en"),
    ("Akosua Boateng", R.PROGRAMME_MANAGER, None, "GH", "en"),
    ("Fatou Ndiaye", R.PROGRAMME_MANAGER, None, "SN", "fr"),
    ("Moussa Sow", R.PAYMENT_PROVIDER, "orange-money-senegal", "SN", "fr"),
    ("Ibrahima Fall", R.HEALTH_WORKER, None, "SN", "fr"),
    ("Aïssata Traoré", R.PROGRAMME_MANAGER, None, "ML", "fr"),
    ("Boubacar Keïta", R.HEALTH_WORKER, None, "ML", "fr"),
    ("Mariam Ouédraogo", R.PROGRAMME_MANAGER, None, "BF", "fr"),
    ("Issa Kaboré", R.RESEARCHER, None, "BF", "fr"),
    ("Georges Mbarga", R.IMPLEMENTER, "bepha", "CM", "fr"),
    ("Estelle Ngo Bassa", R.PROGRAMME_MANAGER, "minsante-cameroon", "CM", "fr"),
    ("Paul Essomba", R.HEALTH_WORKER, None, "CM", "fr"),
    ("Mahamat Abakar", R.PROGRAMME_MANAGER, None, "TD", "fr"),
    ("Halimé Djibrine", R.HEALTH_WORKER, None, "TD", "fr"),
    ("Rija Andrianarivelo", R.PAYMENT_PROVIDER, "mtomady", "MG", "fr"),
    ("Hery Rakotomalala", R.HEALTH_WORKER, None, "MG", "fr"),
    ("Wanjiru Kamau", R.IMPLEMENTER, "healthix", "KE", "en"),
    ("Otieno Ochieng", R.PROGRAMME_MANAGER, None, "KE", "en"),
    ("Achieng Odhiambo", R.PAYMENT_PROVIDER, "carepay-pharmaccess", "KE", "en"),
    ("Chidi Okafor", R.PAYMENT_PROVIDER, "carepay-pharmaccess", "NG", "en"),
    ("Ngozi Adeyemi", R.PROGRAMME_MANAGER, None, "NG", "en"),
    ("Emeka Nwosu", R.HEALTH_WORKER, None, "NG", "en"),
    ("Neema Mushi", R.PROGRAMME_MANAGER, "nhif-tanzania", "TZ", "en"),
    ("Baraka Mollel", R.IMPLEMENTER, "swiss-tph", "TZ", "en"),
    ("Rehema Said", R.HEALTH_WORKER, None, "TZ", "en"),
    ("Jean-Claude Habimana", R.PROGRAMME_MANAGER, None, "RW", "fr"),
    ("Aline Uwimana", R.RESEARCHER, None, "RW", "en"),
    ("Tendai Moyo", R.FUNDER, None, "ZW", "en"),
    ("Thandiwe Dlamini", R.RESEARCHER, None, "ZA", "en"),
    ("Sipho Nkosi", R.FUNDER, "world-bank", "ZA", "en"),
    ("Yao Kouassi", R.PROGRAMME_MANAGER, None, "CI", "fr"),
    ("Adjoua Konan", R.PAYMENT_PROVIDER, None, "CI", "fr"),
    ("Kristine Santos", R.IMPLEMENTER, "aehin", "PH", "en"),
    ("Siddharth Rao", R.RESEARCHER, "swiss-tph", "CH", "en"),
    ("Konstanze Weber", R.IMPLEMENTER, "giz", "DE", "en"),
    ("Saurav Shrestha", R.IMPLEMENTER, "coordination-desk", "NP", "en"),
    ("Nirmal Thapa", R.IMPLEMENTER, "bluesquare-openrbf", "NP", "en"),
    ("Anke Müller", R.FUNDER, "bmz", "DE", "en"),
    ("Luca Bernasconi", R.FUNDER, "sdc", "CH", "fr"),
    ("Solange Mukamana", R.HEALTH_WORKER, None, "RW", "fr"),
    ("Kofi Mensah", R.RESEARCHER, None, "GH", "en"),
    ("Nadia Benali", R.PROGRAMME_MANAGER, "giz", "CM", "fr"),
]
_INTERESTS = [
    ["mobile money", "immunisation campaigns"],
    ["openIMIS", "claims management"],
    ["data protection", "mobile money"],
    ["performance-based financing", "openIMIS"],
    ["health insurance", "enrolment"],
    ["interoperability", "FHIR", "openIMIS"],
    ["evidence synthesis", "immunisation campaigns"],
    ["payment delays", "mobile money", "health workers"],
]
for n, (name, role, org, country, language) in enumerate(_MORE):
    slug = "".join(c for c in name.lower().split()[0] if c.isascii() and c.isalpha())
    spoken = [language] if language == "en" else [language, "en"] if n % 3 == 0 else [language]
    PEOPLE.append(
        (f"{slug}{n}@example.org", name, role, org, country, language, spoken,
         _INTERESTS[n % len(_INTERESTS)], [], False)
    )  # fmt: skip

BIOS = {
    "en": "I work on **digital payments** for health workers and want to compare notes with "
    "colleagues facing the same problems.",
    "fr": "Je travaille sur les **paiements numériques** des agents de santé et je souhaite "
    "échanger avec des collègues qui rencontrent les mêmes difficultés.",
}


def demo_member(*, email: str, password_hash: str, **profile) -> tuple[Member, bool]:
    """A demo account with a verified address (the demo password, hashed once by the
    caller: Argon2 is slow on purpose). Existing accounts are left as they are."""
    if not Member.objects.filter(email=email).exists():
        profile.setdefault("handle", unique_handle(profile.get("display_name", email)))
    member, created = Member.objects.get_or_create(
        email=email, defaults={**profile, "password": password_hash}
    )
    EmailAddress.objects.update_or_create(
        user=member, email=email, defaults={"verified": True, "primary": True}
    )
    return member, created


def _organisations() -> dict[str, Organisation]:
    organisations = {}
    for slug, name, kind, based_in, active_in, website, en, fr in ORGANISATIONS:
        name_en, name_fr = name if isinstance(name, tuple) else (name, name)
        organisation, _created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "confirmed": True,
                "kind": kind,
                "based_in": based_in,
                "active_in": active_in,
                "website": website,
                "description_en": en,
                "description_fr": fr,
            },
        )
        organisations[slug] = organisation
    return organisations


def seed() -> str:
    organisations = _organisations()
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (MODERATORS, STEERING_COMMITTEE)
    }
    created = 0
    password_hash = make_password(DEMO_PASSWORD)  # Argon2 is slow on purpose: hash once
    for index, row in enumerate(PEOPLE):
        email, name, role, org, country, language, spoken, interests, group_names, staff = row
        member, was_created = demo_member(
            email=email,
            password_hash=password_hash,
            display_name=name,
            role=role,
            organisation=organisations.get(org),
            country=country,
            preferred_language=language,
            languages=encode_languages(spoken),
            **rendered_values(Member, "bio", BIOS[language]),
            profile_visibility=(
                Member.Visibility.PUBLIC if index % 2 else Member.Visibility.MEMBERS
            ),
            is_staff=staff,
            is_superuser=email == "admin@example.org",
        )
        if was_created:
            created += 1
            member.interests.set(interests)
        member.groups.add(*(groups[g] for g in group_names))
    return f"{len(organisations)} organisations, {created} new members"
