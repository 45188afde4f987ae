"""The search glossary: terms of the field in English and French."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cop_portal', '0002_search_configuration'),
    ]

    operations = [
        migrations.CreateModel(
            name='GlossaryTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('english', models.TextField(help_text='One per line: mobile money, mobile payment.', verbose_name='English terms')),
                ('french', models.TextField(help_text='One per line: monnaie mobile, paiement mobile.', verbose_name='French terms')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'glossary term',
                'verbose_name_plural': 'glossary',
                'ordering': ['english'],
            },
        ),
    ]
