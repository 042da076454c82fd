"""Collaboration models, the checklist, the strategy with its efforts and interview themes get Danish and
English fields (django-modeltranslation); the Danish ones start as the existing texts, the English ones empty
(the reference loader fills those the reference data gives)."""

from django.db import migrations, models

TRANSLATED = {
    "collaborationmodel": ("name", "description", "requirements", "experience", "risks"),
    "historicalcollaborationmodel": ("name", "description", "requirements", "experience", "risks"),
    "checklistitem": ("title", "explanation"),
    "regionalstrategy": ("name", "vision"),
    "strategyeffort": ("name", "scope", "description"),
    "interviewtheme": ("name",),
    "historicalinterviewtheme": ("name",),
}


def danish_from_base(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("collaboration", model_name)
        model.objects.update(**{f"{field}_da": models.F(field) for field in fields})


class Migration(migrations.Migration):

    dependencies = [
        ('collaboration', '0006_history_everywhere'),
    ]

    operations = [
        migrations.AddField(
            model_name='checklistitem',
            name='explanation_da',
            field=models.TextField(blank=True, null=True, verbose_name='forklaring'),
        ),
        migrations.AddField(
            model_name='checklistitem',
            name='explanation_en',
            field=models.TextField(blank=True, null=True, verbose_name='forklaring'),
        ),
        migrations.AddField(
            model_name='checklistitem',
            name='title_da',
            field=models.CharField(max_length=200, null=True, verbose_name='punkt'),
        ),
        migrations.AddField(
            model_name='checklistitem',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='punkt'),
        ),
        migrations.AddField(
            model_name='collaborationmodel',
            name='description_da',
            field=models.TextField(null=True, verbose_name='beskrivelse'),
        ),
        migrations.AddField(
            model_name='collaborationmodel',
            name='description_en',
            field=models.TextField(null=True, verbose_name='beskrivelse'),
        ),
        migrations.AddField(
            model_name='collaborationmodel',
            name='experience_da',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='erfaringer at bygge på'),
        ),
        migrations.AddField(
            model_name='collaborationmodel',
            name='experience_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='erfaringer at bygge på'),
        ),
        migrations.AddField(
            model_name='collaborationmodel',
            name='name_da',
            field=models.CharField(max_length=200, null=True, verbose_name='navn'),
        ),
        migrations.AddField(
            model_name='collaborationmodel',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='navn'),
        ),
        migrations.AddField(
            model_name='collaborationmodel',
            name='requirements_da',
            field=models.TextField(blank=True, null=True, verbose_name='hvad det kræver'),
        ),
        migrations.AddField(
            model_name='collaborationmodel',
            name='requirements_en',
            field=models.TextField(blank=True, null=True, verbose_name='hvad det kræver'),
        ),
        migrations.AddField(
            model_name='collaborationmodel',
            name='risks_da',
            field=models.TextField(blank=True, null=True, verbose_name='risici'),
        ),
        migrations.AddField(
            model_name='collaborationmodel',
            name='risks_en',
            field=models.TextField(blank=True, null=True, verbose_name='risici'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationmodel',
            name='description_da',
            field=models.TextField(null=True, verbose_name='beskrivelse'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationmodel',
            name='description_en',
            field=models.TextField(null=True, verbose_name='beskrivelse'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationmodel',
            name='experience_da',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='erfaringer at bygge på'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationmodel',
            name='experience_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='erfaringer at bygge på'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationmodel',
            name='name_da',
            field=models.CharField(max_length=200, null=True, verbose_name='navn'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationmodel',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='navn'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationmodel',
            name='requirements_da',
            field=models.TextField(blank=True, null=True, verbose_name='hvad det kræver'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationmodel',
            name='requirements_en',
            field=models.TextField(blank=True, null=True, verbose_name='hvad det kræver'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationmodel',
            name='risks_da',
            field=models.TextField(blank=True, null=True, verbose_name='risici'),
        ),
        migrations.AddField(
            model_name='historicalcollaborationmodel',
            name='risks_en',
            field=models.TextField(blank=True, null=True, verbose_name='risici'),
        ),
        migrations.AddField(
            model_name='historicalinterviewtheme',
            name='name_da',
            field=models.CharField(max_length=200, null=True, verbose_name='tema'),
        ),
        migrations.AddField(
            model_name='historicalinterviewtheme',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='tema'),
        ),
        migrations.AddField(
            model_name='interviewtheme',
            name='name_da',
            field=models.CharField(max_length=200, null=True, verbose_name='tema'),
        ),
        migrations.AddField(
            model_name='interviewtheme',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='tema'),
        ),
        migrations.AddField(
            model_name='regionalstrategy',
            name='name_da',
            field=models.CharField(max_length=200, null=True, verbose_name='navn'),
        ),
        migrations.AddField(
            model_name='regionalstrategy',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='navn'),
        ),
        migrations.AddField(
            model_name='regionalstrategy',
            name='vision_da',
            field=models.TextField(null=True, verbose_name='vision'),
        ),
        migrations.AddField(
            model_name='regionalstrategy',
            name='vision_en',
            field=models.TextField(null=True, verbose_name='vision'),
        ),
        migrations.AddField(
            model_name='strategyeffort',
            name='description_da',
            field=models.TextField(blank=True, null=True, verbose_name='beskrivelse'),
        ),
        migrations.AddField(
            model_name='strategyeffort',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='beskrivelse'),
        ),
        migrations.AddField(
            model_name='strategyeffort',
            name='name_da',
            field=models.CharField(max_length=200, null=True, verbose_name='navn'),
        ),
        migrations.AddField(
            model_name='strategyeffort',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='navn'),
        ),
        migrations.AddField(
            model_name='strategyeffort',
            name='scope_da',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='omfatter'),
        ),
        migrations.AddField(
            model_name='strategyeffort',
            name='scope_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='omfatter'),
        ),
        migrations.RunPython(danish_from_base, migrations.RunPython.noop),
    ]
