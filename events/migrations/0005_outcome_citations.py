"""An outcome cites library items and discussion topics (one link a line), shown as cards;
the single topic link it held moves into its citations."""

from django.db import migrations, models

import events.models


def topic_links_to_citations(apps, schema_editor):
    Outcome = apps.get_model("events", "Outcome")
    for outcome in Outcome.objects.exclude(topic_url="").only("pk", "topic_url"):
        Outcome.objects.filter(pk=outcome.pk).update(citations=outcome.topic_url)


def citations_to_topic_links(apps, schema_editor):
    Outcome = apps.get_model("events", "Outcome")
    for outcome in Outcome.objects.exclude(citations="").only("pk", "citations"):
        first = outcome.citations.split("\n", 1)[0].strip()[:200]
        Outcome.objects.filter(pk=outcome.pk).update(topic_url=first)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_session_written_summary"),
    ]

    operations = [
        migrations.AddField(
            model_name="outcome",
            name="citations",
            field=models.TextField(
                blank=True,
                help_text="Links to library items or discussion topics, one a line: the event "
                "page shows each as a card in the reader’s language.",
                max_length=2000,
                validators=[events.models.validate_citations],
                verbose_name="cites",
            ),
        ),
        migrations.RunPython(topic_links_to_citations, citations_to_topic_links),
        migrations.RemoveField(
            model_name="outcome",
            name="topic_url",
        ),
    ]
