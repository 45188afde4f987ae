"""The glossary's first terms, from the community's French glossary and its meetings
(/work/shared/french.md, seeds): the steering committee edits them in the admin."""

from django.db import migrations

TERMS = [
    (["mobile money", "mobile payment", "mobile wallet"],
     ["monnaie mobile", "paiement mobile", "argent mobile", "porte-monnaie électronique"]),
    (["health worker", "health workers", "community health worker"],
     ["agent de santé", "agent de santé communautaire", "relais communautaire"]),
    (["claims", "claim"], ["demandes de remboursement", "demande de remboursement"]),
    (["evidence"], ["données probantes"]),
    (["payment provider"], ["prestataire de paiement"]),
    (["funder", "donor"], ["bailleur de fonds", "bailleurs de fonds"]),
    (["scheme operator"], ["gestionnaire de régime"]),
    (["health insurance"], ["assurance maladie"]),
    (["performance-based financing", "PBF", "results-based financing", "RBF"],
     ["financement basé sur la performance", "FBP", "financement basé sur les résultats", "FBR"]),
    (["immunisation campaign", "vaccination campaign"],
     ["campagne de vaccination"]),
    (["vaccinator"], ["vaccinateur"]),
    (["per diem", "allowance"], ["per diem", "indemnité journalière"]),
    (["payroll"], ["paie", "liste de paie"]),
    (["steering committee"], ["comité de pilotage"]),
    (["implementer"], ["partenaire de mise en œuvre"]),
    (["community of practice", "CoP"], ["communauté de pratique", "CdP"]),
    (["bank transfer"], ["virement bancaire"]),
    (["digital payment", "digital payments"], ["paiement numérique", "paiements numériques"]),
    (["programme manager"], ["gestionnaire de programme"]),
    (["workshop"], ["atelier"]),
]  # fmt: skip


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("cop_portal", "GlossaryTerm")
    for english, french in TERMS:
        GlossaryTerm.objects.create(english="\n".join(english), french="\n".join(french))


def unseed(apps, schema_editor):
    apps.get_model("cop_portal", "GlossaryTerm").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cop_portal", "0003_glossary_term")]

    operations = [migrations.RunPython(seed, unseed)]
