from django.db import migrations, models


def keep_choices(apps, schema_editor):
    """Each member keeps what they chose: no digest stays no digest; "no emails about replies
    and mentions" becomes "only in the weekly digest" for those who get it, "none" otherwise."""
    Member = apps.get_model("members", "Member")
    Member.objects.filter(digest_frequency="never").update(email_digest=False)
    Member.objects.filter(email_on_replies=False, digest_frequency="weekly").update(
        email_notifications="digest"
    )
    Member.objects.filter(email_on_replies=False).exclude(digest_frequency="weekly").update(
        email_notifications="none"
    )


def restore_choices(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    Member.objects.filter(email_digest=False).update(digest_frequency="never")
    Member.objects.exclude(email_notifications="immediate").update(email_on_replies=False)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_member_name_trigram_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="email_digest",
            field=models.BooleanField(default=True, verbose_name="weekly digest by email"),
        ),
        migrations.AddField(
            model_name="member",
            name="email_notifications",
            field=models.CharField(
                choices=[
                    ("immediate", "As they happen"),
                    ("digest", "Only in the weekly digest"),
                    ("none", "No notification emails"),
                ],
                default="immediate",
                max_length=16,
                verbose_name="notification emails",
            ),
        ),
        migrations.RunPython(keep_choices, restore_choices, elidable=True),
        migrations.RemoveField(model_name="member", name="digest_frequency"),
        migrations.RemoveField(model_name="member", name="email_on_replies"),
    ]
