"""Demo evidence (see seed_demo): 60+ items across the three areas, every kind and 18
countries of Sub-Saharan Africa, in English and French where the document would exist in
both; some ongoing research, some suggestions waiting in the review queue. Facts (people,
organisations, countries, schemes) follow the community's own records; the texts are
written for the demo. Safe to run again: an item whose English title exists is skipped.
Demo members have mail off, and items are created published, so seeding sends no mail."""

from datetime import date, timedelta

from django.db.models import Q as Where
from django.utils import timezone

from evidence.models import EvidenceItem, StatusChange
from members.models import Member, Organisation

K = EvidenceItem.Kind
S = EvidenceItem.Status
Q = EvidenceItem.Quality

COUNTRY_NAMES = {
    # code: (English, French with its article for "in")
    "SN": ("Senegal", "au Sénégal"), "ML": ("Mali", "au Mali"), "CM": ("Cameroon", "au Cameroun"),
    "KE": ("Kenya", "au Kenya"), "NG": ("Nigeria", "au Nigeria"), "GH": ("Ghana", "au Ghana"),
    "TZ": ("Tanzania", "en Tanzanie"), "UG": ("Uganda", "en Ouganda"),
    "RW": ("Rwanda", "au Rwanda"), "MG": ("Madagascar", "à Madagascar"),
    "CI": ("Côte d’Ivoire", "en Côte d’Ivoire"), "BF": ("Burkina Faso", "au Burkina Faso"),
    "TD": ("Chad", "au Tchad"), "ZM": ("Zambia", "en Zambie"), "MW": ("Malawi", "au Malawi"),
    "GN": ("Guinea", "en Guinée"), "BJ": ("Benin", "au Bénin"),
    "CD": ("DR Congo", "en RD Congo"),
}  # fmt: skip
FRANCOPHONE = {"SN", "ML", "CM", "MG", "CI", "BF", "TD", "GN", "BJ", "CD", "RW"}

# Hand-written items: area, kind, countries, year, publisher slug, authors, tags, quality,
# (title en, title fr or ""), (summary en, summary fr or ""), (findings en, findings fr or "")
ITEMS = [
    ("mapping", K.REPORT, ["NP", "TZ", "CM", "TD"], 2020, "giz",
     ["GIZ Social Protection Programme"], ["openIMIS", "interoperability"], Q.MODERATE,
     ("Finance and insurance solution providers: what a 2020 workshop series found",
      "Prestataires de solutions de financement et d’assurance : ce qu’a montré une série "
      "d’ateliers en 2020"),
     ("Three remote workshops in June and July 2020 brought together openIMIS, BlueSquare, "
      "Carepay/PharmAccess, Healthix and mTomady to compare business models, system "
      "integration and data protection.",
      "Trois ateliers à distance, en juin et juillet 2020, ont réuni openIMIS, BlueSquare, "
      "Carepay/PharmAccess, Healthix et mTomady pour comparer modèles économiques, "
      "intégration des systèmes et protection des données."),
     ("Interoperability (HL7 FHIR) and open-source sustainability drew the most interest.\n"
      "Participants asked for remote meetings every six months and an in-person hackathon.",
      "L’interopérabilité (HL7 FHIR) et la pérennité de l’open source ont suscité le plus "
      "d’intérêt.\nLes participants ont demandé une réunion à distance tous les six mois et un "
      "hackathon en présentiel.")),
    ("networking", K.PRESENTATION, ["CM"], 2023, "minsante-cameroon",
     ["openIMIS coordination desk"], ["openIMIS", "health insurance"], Q.NOT_APPRAISED,
     ("Community meeting in Yaoundé: background and purpose",
      "Rencontre de la communauté à Yaoundé : contexte et objectifs"),
     ("Why the first in-person community meeting since 2019 took place in Cameroon: several "
      "schemes run on openIMIS there, including HIV fee elimination and maternal health "
      "vouchers, under the Ministry of Public Health.",
      "Pourquoi la première rencontre en présentiel depuis 2019 s’est tenue au Cameroun : "
      "plusieurs régimes y fonctionnent avec openIMIS, dont la suppression des frais liés au "
      "VIH et les chèques santé maternelle, sous l’égide du ministère de la Santé publique."),
     ("", "")),
    ("curating", K.POLICY_BRIEF, ["CM", "TZ"], 2022, "sdc",
     ["Catalytic Implementation Fund"], ["health insurance", "interoperability"], Q.LOW,
     ("Scaling up health financing schemes with a catalytic fund",
      "Étendre les régimes de financement de la santé grâce à un fonds catalytique"),
     ("Lessons from feasibility studies and implementations supported between 2021 and 2023.",
      "Enseignements des études de faisabilité et des mises en œuvre soutenues entre 2021 et "
      "2023."),
     ("Linking scheme software to performance-based financing data avoids double entry.",
      "Relier le logiciel des régimes aux données du financement basé sur la performance "
      "évite la double saisie.")),
    ("curating", K.GUIDELINE, [], 2021, "world-bank",
     ["World Bank Health, Nutrition and Population"], ["mobile money", "payment delays"],
     Q.HIGH,
     ("Paying health workers digitally: an implementation guide",
      "Payer les agents de santé par voie numérique : guide de mise en œuvre"),
     ("Steps from a payroll audit to the first digital payment: registering payees, choosing "
      "a channel, reconciling and handling complaints.",
      "Les étapes, de l’audit de la liste de paie au premier paiement numérique : "
      "enregistrer les bénéficiaires, choisir un canal, rapprocher les comptes et traiter les "
      "réclamations."),
     ("Verify identities before the campaign, not during it.\nPublish a complaints line.",
      "Vérifier les identités avant la campagne, pas pendant.\nPublier un numéro pour les "
      "réclamations.")),
    ("mapping", K.DATASET, ["SN", "ML", "BF", "GN", "CI", "BJ"], 2022, None,
     ["Santé Digitale Mali", "openIMIS Sénégal"], ["mobile money", "immunisation campaigns"],
     Q.MODERATE,
     ("Campaign payments in six West African countries: a dataset",
      "Paiements de campagnes dans six pays d’Afrique de l’Ouest : un jeu de données"),
     ("Payment dates, channels and delays for 48 vaccination campaign rounds.",
      "Dates de paiement, canaux et délais pour 48 tournées de campagnes de vaccination."),
     ("", "")),
    ("curating", K.EVALUATION, ["GH"], 2021, "mtn-momo-ghana",
     ["Asante, Kwame", "Boateng, Akosua"], ["mobile money", "payment delays"], Q.HIGH,
     ("Mobile money for community health volunteers in Ghana: an evaluation", ""),
     ("A before-and-after evaluation of moving volunteer allowances from cash to mobile money.",
      ""),
     ("Median delay fell from 41 to 9 days.\nVolunteers without a registered SIM card were "
      "left out at first.", "")),
    ("networking", K.CASE_STUDY, ["KE"], 2020, "healthix",
     ["Kamau, Wanjiru"], ["interoperability", "claims management"], Q.MODERATE,
     ("Connecting facilities and insurers through a health information exchange",
      "Relier formations sanitaires et assureurs grâce à un échange d’informations de santé"),
     ("How a Kenyan exchange carries claims from facilities to insurers and payments back.",
      "Comment un système kényan transmet les demandes de remboursement des formations "
      "sanitaires aux assureurs, et les paiements en retour."),
     ("", "")),
    ("curating", K.RESEARCH_STUDY, ["NG", "KE"], 2019, "carepay-pharmaccess",
     ["Okafor, Chinedu", "PharmAccess Foundation"], ["health insurance", "mobile money"],
     Q.MODERATE,
     ("Mobile health wallets and out-of-pocket spending", ""),
     ("A cohort study of households using a mobile health wallet in Nigeria and Kenya.", ""),
     ("", "")),
    ("mapping", K.REPORT, ["MG"], 2021, "mtomady",
     ["mTomady"], ["mobile money", "health insurance"], Q.LOW,
     ("Mobile health financing in Madagascar: two years of operations",
      "Le financement mobile de la santé à Madagascar : deux ans d’activité"),
     ("What a mobile platform learnt paying for maternal care in rural districts.",
      "Ce qu’une plateforme mobile a appris en finançant les soins maternels dans des "
      "districts ruraux."),
     ("", "")),
    ("curating", K.RESEARCH_STUDY, ["RW", "BF"], 2018, None,
     ["Uwimana, Agnès", "Ouédraogo, Issa"], ["performance-based financing"], Q.HIGH,
     ("Performance-based financing and the timeliness of health worker bonuses",
      "Financement basé sur la performance et ponctualité des primes des agents de santé"),
     ("A comparison of bonus payment delays under two PBF programmes.",
      "Une comparaison des délais de versement des primes dans deux programmes de FBP."),
     ("", "")),
    ("networking", K.PRESENTATION, ["TZ", "UG", "KE"], 2022, "khia",
     ["Kenya Health Informatics Association"], ["data protection"], Q.NOT_APPRAISED,
     ("Data protection when paying health workers: a regional webinar",
      "Protection des données dans le paiement des agents de santé : un webinaire régional"),
     ("Slides on consent, retention and sharing payee lists with mobile network operators.",
      "Présentation sur le consentement, la conservation et le partage des listes de "
      "bénéficiaires avec les opérateurs mobiles."),
     ("", "")),
    ("curating", K.POLICY_BRIEF, ["CD"], 2023, None,
     ["Ministère de la Santé publique, RDC"], ["payment delays", "immunisation campaigns"],
     Q.LOW,
     ("", "Payer les vaccinateurs à temps : note d’orientation pour les campagnes de masse"),
     ("", "Recommandations tirées de trois campagnes contre la rougeole."),
     ("", "")),
]  # fmt: skip

# Implementation experience: country, payer, payer name, provider, channel, programme,
# people paid, first year, months, what worked (en, fr), what did not (en, fr)
EXPERIENCES = [
    ("SN", "ministry", "Ministère de la Santé et de l’Action sociale", "Orange Money Sénégal",
     "mobile_money", "immunisation_campaign", 12400, 2019, 2),
    ("ML", "programme", "Programme élargi de vaccination", "Orange Money Mali",
     "mobile_money", "immunisation_campaign", 8600, 2020, 1),
    ("CM", "ministry", "Ministère de la Santé publique", "MTN Mobile Money Cameroun",
     "mobile_money", "immunisation_campaign", 15100, 2021, 2),
    ("CM", "insurer", "BEPHA", "Express Union", "agent", "insurance_claims", 320, 2020, 18),
    ("KE", "programme", "Community Health Volunteers programme", "M-Pesa", "mobile_money",
     "community_health_workers", 5400, 2019, 24),
    ("NG", "ministry", "National Primary Health Care Development Agency", "PayWell Nigeria",
     "bank", "immunisation_campaign", 21000, 2020, 3),
    ("GH", "insurer", "National Health Insurance Authority", "MTN Mobile Money Ghana",
     "mobile_money", "insurance_claims", 950, 2021, 12),
    ("TZ", "insurer", "National Health Insurance Fund", "CRDB Bank", "bank",
     "insurance_claims", 610, 2019, 24),
    ("UG", "programme", "Village Health Teams", "Airtel Money", "mobile_money",
     "community_health_workers", 7300, 2021, 12),
    ("RW", "ministry", "Rwanda Biomedical Centre", "MTN MoMo Rwanda", "mobile_money",
     "community_health_workers", 14500, 2018, 36),
    ("MG", "programme", "Programme de santé communautaire", "mTomady", "mobile_money",
     "community_health_workers", 2100, 2020, 12),
    ("CI", "ministry", "Ministère de la Santé", "Moov Money", "mobile_money",
     "immunisation_campaign", 9800, 2022, 1),
    ("BF", "ministry", "Ministère de la Santé", "Orange Money Burkina", "mobile_money",
     "immunisation_campaign", 11200, 2019, 2),
    ("TD", "programme", "Programme élargi de vaccination", "Airtel Money Tchad", "cash",
     "immunisation_campaign", 4300, 2021, 1),
    ("ZM", "ministry", "Ministry of Health", "Zanaco", "bank", "community_health_workers",
     3600, 2020, 12),
    ("MW", "programme", "Health Surveillance Assistants", "TNM Mpamba", "mobile_money",
     "community_health_workers", 4800, 2022, 12),
    ("GN", "ministry", "Ministère de la Santé et de l’Hygiène publique", "Orange Money Guinée",
     "mobile_money", "immunisation_campaign", 7700, 2021, 1),
    ("BJ", "programme", "Agence nationale des soins de santé primaires", "MTN MoMo Bénin",
     "mobile_money", "immunisation_campaign", 6900, 2022, 1),
    ("CD", "programme", "Programme élargi de vaccination", "Vodacom M-Pesa RDC", "agent",
     "immunisation_campaign", 18500, 2023, 2),
    ("GH", "programme", "Community-based Health Planning and Services", "Vodafone Cash",
     "mobile_money", "community_health_workers", 2600, 2022, 12),
]  # fmt: skip

PROGRAMME_WORDS = {
    "immunisation_campaign": ("vaccination campaign workers",
                              "agents des campagnes de vaccination"),
    "community_health_workers": ("community health workers", "agents de santé communautaires"),
    "insurance_claims": ("facilities' insurance claims",
                         "demandes de remboursement des formations sanitaires"),
}  # fmt: skip
CHANNEL_WORDS = {
    "mobile_money": ("mobile money", "mobile money"),
    "bank": ("bank transfer", "virement bancaire"),
    "agent": ("payment agents", "agents de paiement"),
    "cash": ("cash handed over by supervisors", "espèces remises par les superviseurs"),
}
WORKED = {
    "mobile_money": ("Payees were registered with their SIM card before the round, so most "
                     "were paid within a week.",
                     "Les bénéficiaires étaient enregistrés avec leur carte SIM avant la "
                     "tournée : la plupart ont été payés en moins d’une semaine."),
    "bank": ("Bank transfers left a clear audit trail that the ministry's auditors accepted.",
             "Les virements ont laissé une piste d’audit claire, acceptée par les auditeurs "
             "du ministère."),
    "agent": ("Agents reached places without network coverage.",
              "Les agents ont atteint des zones sans couverture réseau."),
    "cash": ("Nobody needed a phone or an account.",
             "Personne n’avait besoin d’un téléphone ni d’un compte."),
}  # fmt: skip
DID_NOT = {
    "mobile_money": ("Names on the payroll did not always match the names on the SIM card; "
                     "those payments were held for checks.",
                     "Les noms de la liste de paie ne correspondaient pas toujours à ceux des "
                     "cartes SIM ; ces paiements ont été bloqués pour vérification."),
    "bank": ("Workers without an account waited weeks to open one.",
             "Les agents sans compte ont attendu des semaines pour en ouvrir un."),
    "agent": ("Agents ran out of float on payment days.",
              "Les agents ont manqué de liquidités les jours de paiement."),
    "cash": ("Cash was slow to reach remote districts and hard to reconcile.",
             "Les espèces arrivaient tard dans les districts éloignés et se rapprochaient mal."),
}  # fmt: skip

# Ongoing research: country, area, year started, completion, contact, (en, fr) topic
ONGOING = [
    (["SN", "ML"], "mapping", 2025, date(2027, 6, 30), "Fatou Ndiaye",
     ("Do digital payments change who volunteers for vaccination campaigns?",
      "Les paiements numériques changent-ils le profil des volontaires des campagnes de "
      "vaccination ?")),
    (["KE", "UG", "TZ"], "curating", 2025, date(2027, 3, 31), "Wanjiru Kamau",
     ("Costs of mobile money payments compared with cash across three countries", "")),
    (["CM"], "networking", 2026, date(2027, 12, 31), "Jean-Pierre Mbarga",
     ("Linking the social registry with health scheme enrolment",
      "Relier le registre social à l’affiliation aux régimes de santé")),
    (["NG"], "mapping", 2025, date(2026, 12, 31), "Chinedu Okafor",
     ("Payment delays for primary health care workers: a national survey", "")),
    (["RW", "BF"], "curating", 2024, date(2027, 9, 30), "Agnès Uwimana",
     ("Performance bonuses paid by mobile money: a stepped-wedge trial",
      "Primes de performance payées par mobile money : un essai en escalier")),
    (["MG"], "mapping", 2026, date(2028, 1, 31), "mTomady",
     ("Mobile health savings for pregnant women in rural Madagascar",
      "Épargne santé mobile pour les femmes enceintes à Madagascar rural")),
    (["ZM", "MW"], "networking", 2025, date(2027, 5, 31), "Tendai Moyo",
     ("Sharing payee registries between programmes: governance options", "")),
    (["GN", "CI"], "mapping", 2026, date(2027, 11, 30), "Aïssatou Barry",
     ("", "Paiement des relais communautaires : cartographie des pratiques")),
]  # fmt: skip

# Suggestions waiting in the review queue: suggester email, title, area, countries, url, note
SUGGESTIONS = [
    ("member@example.org", "Rapport sur les paiements des agents de la campagne polio 2023",
     "mapping", ["SN"], "https://example.org/rapport-polio-2023",
     "Rapport du district, utile pour la cartographie."),
    ("moderator@example.org", "County guidelines for paying community health promoters",
     "curating", ["KE"], "https://example.org/county-guidelines", "Published by a county."),
    ("member@example.org", "Évaluation du paiement mobile des sages-femmes",
     "curating", ["ML", "SN"], "https://example.org/evaluation-sages-femmes", ""),
    ("moderator@example.org", "Interoperability checklist for payment platforms",
     "networking", ["KE", "TZ"], "https://example.org/checklist", "Draft from a working group."),
    ("steering@example.org", "Zambia payroll clean-up before digital payments",
     "mapping", ["ZM"], "https://example.org/zambia-payroll", ""),
    ("member@example.org", "Paiements par agents au Tchad : retours du terrain",
     "mapping", ["TD"], "https://example.org/tchad-agents", "Notes d’une mission."),
]  # fmt: skip


def _languages(title_fr: str, title_en: str) -> str:
    codes = [code for code, title in (("en", title_en), ("fr", title_fr)) if title]
    return f",{','.join(codes)},"


def _experience_item(row, index: int) -> dict:
    (country, payer, payer_name, provider, channel, programme, people, year, months) = row
    name_en, in_fr = COUNTRY_NAMES[country]
    who_en, who_fr = PROGRAMME_WORDS[programme]
    how_en, how_fr = CHANNEL_WORDS[channel]
    french = country in FRANCOPHONE
    title_en = f"Paying {who_en} in {name_en} by {how_en}"
    title_fr = f"Payer les {who_fr} {in_fr} par {how_fr}" if french else ""
    start = date(year, 1 + index % 9, 1)
    people_fr = f"{people:,}".replace(",", "\u202f")
    return {
        "title_en": title_en,
        "title_fr": title_fr,
        "summary_en": f"{payer_name} paid {people:,} {who_en} through {provider} "
        f"({how_en}) from {start:%B %Y}.",
        "summary_fr": (
            f"{payer_name} a payé {people_fr} {who_fr} via {provider} ({how_fr}) à partir de "
            f"{start.year}."
            if french
            else ""
        ),
        "what_worked_en": WORKED[channel][0],
        "what_worked_fr": WORKED[channel][1] if french else "",
        "what_did_not_en": DID_NOT[channel][0],
        "what_did_not_fr": DID_NOT[channel][1] if french else "",
        "area": "mapping",
        "kind": K.EXPERIENCE,
        "countries": [country],
        "year": year,
        "payer": payer,
        "payer_name": payer_name,
        "payment_provider": provider,
        "channel": channel,
        "programme": programme,
        "people_paid": people,
        "period_start": start,
        "period_end": start + timedelta(days=30 * months),
        "authors": payer_name,
        "quality": [Q.MODERATE, Q.LOW, Q.NOT_APPRAISED][index % 3],
        "tags": ["mobile money" if channel == "mobile_money" else "payment delays",
                 "immunisation campaigns" if programme == "immunisation_campaign"
                 else "community health workers"],
    }  # fmt: skip


def _country_reports() -> list[dict]:
    """A national situation report per country: where each stands on digital payments."""
    rows = []
    for index, (code, (name_en, in_fr)) in enumerate(COUNTRY_NAMES.items()):
        french = code in FRANCOPHONE
        rows.append(
            {
                "title_en": f"Digital payments for health workers in {name_en}: situation report",
                "title_fr": (
                    f"Les paiements numériques des agents de santé {in_fr} : état des lieux"
                    if french
                    else ""
                ),
                "summary_en": f"Who pays health workers in {name_en}, through which channels, "
                "and what stands in the way of paying them on time.",
                "summary_fr": (
                    f"Qui paie les agents de santé {in_fr}, par quels canaux, et ce qui empêche "
                    "de les payer à temps."
                    if french
                    else ""
                ),
                "area": ["mapping", "curating", "networking"][index % 3],
                "kind": K.REPORT,
                "countries": [code],
                "year": 2019 + index % 6,
                "authors": "Digital Payments in Health CoP",
                "quality": Q.NOT_APPRAISED,
                "licence": "CC BY-SA 4.0",
                "tags": ["mobile money"] if index % 2 else ["payment delays"],
            }
        )
    return rows


def _french_typography(text: str) -> str:
    """A no-break space before the colon, a narrow one before ? ; and !."""
    text = text.replace(" :", "\u00a0:")
    for mark in "?;!":
        text = text.replace(f" {mark}", f"\u202f{mark}")
    return text


def _create(data: dict, *, status=S.PUBLISHED, when=None, by=None, **extra) -> bool:
    for key in [key for key in data if key.endswith("_fr")]:
        data[key] = _french_typography(data[key] or "")
    title = data["title_en"] or data["title_fr"]
    if EvidenceItem.objects.filter(Where(title_en=title) | Where(title_fr=title)).exists():
        return False
    tags = data.pop("tags", [])
    data.setdefault("languages", _languages(data.get("title_fr", ""), data["title_en"]))
    item = EvidenceItem.objects.create(
        **data,
        status=status,
        published_at=when if status in (S.PUBLISHED, S.ARCHIVED) else None,
        curated_by=by,
        **extra,
    )
    item.tags.set(tags)
    if status != S.DRAFT:
        StatusChange.objects.create(
            item=item, from_status=S.DRAFT, to_status=status, changed_by=by, changed_at=when
        )
    return True


def seed() -> str:
    curator = Member.objects.filter(email="steering@example.org").first()
    organisations = {o.slug: o for o in Organisation.objects.all()}
    now = timezone.now()
    rows = []
    for row in ITEMS:
        area, kind, countries, year, org, authors, tags, quality, titles, summaries, findings = row
        rows.append(
            {
                "title_en": titles[0], "title_fr": titles[1],
                "summary_en": summaries[0], "summary_fr": summaries[1],
                "key_findings_en": findings[0], "key_findings_fr": findings[1],
                "area": area, "kind": kind, "countries": countries, "year": year,
                "publisher": organisations.get(org), "authors": "\n".join(authors),
                "tags": tags, "quality": quality,
            }
        )  # fmt: skip
    rows += [_experience_item(row, index) for index, row in enumerate(EXPERIENCES)]
    rows += _country_reports()
    for countries, area, year, completion, contact, (title_en, title_fr) in ONGOING:
        rows.append(
            {
                "title_en": title_en, "title_fr": title_fr, "area": area,
                "kind": K.ONGOING, "countries": countries, "year": year,
                "expected_completion": completion, "contact": contact, "authors": contact,
                "quality": Q.NOT_APPRAISED, "tags": ["payment delays"],
            }
        )  # fmt: skip
    created = 0
    for index, data in enumerate(rows):
        status = S.PUBLISHED
        if index % 17 == 5:
            status = S.DRAFT
        elif index == len(rows) - 1:
            status = S.ARCHIVED
        when = now - timedelta(days=3 * index + 1)
        created += _create(data, status=status, when=when, by=curator, featured=index in (0, 3, 21))
    for email, title, area, countries, url, note in SUGGESTIONS:
        suggester = Member.objects.filter(email=email).first()
        french = any(word in title for word in ("Rapport", "Évaluation", "Paiements"))
        data = {
            "title_en": "" if french else title,
            "title_fr": title if french else "",
            "area": area,
            "kind": K.REPORT,
            "countries": countries,
            "url": url,
        }
        created += _create(
            data, status=S.REVIEW, when=now, by=suggester, suggested_by=suggester,
            suggestion_note=note,
        )  # fmt: skip
    total = EvidenceItem.objects.count()
    return f"{created} new evidence items ({total} in all)"
