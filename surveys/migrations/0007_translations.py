"""The questionnaire's texts through django-modeltranslation: the existing Danish and English columns
(text_da, text_en ...) become its translation fields, and the base column it needs is filled with the Danish
text."""

from django.db import migrations, models

TRANSLATED = {
    "questionnaire": ("title",),
    "section": ("title",),
    "question": ("text", "help"),
    "option": ("label",),
    "rule": ("message",),
}


def base_from_danish(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("surveys", model_name)
        model.objects.update(**{field: models.F(f"{field}_da") for field in fields})


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0006_contact_language_copied_link"),
    ]

    operations = [
        migrations.AddField(
            model_name="questionnaire",
            name="title",
            field=models.CharField(default="", max_length=200, verbose_name="titel"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="section",
            name="title",
            field=models.CharField(default="", max_length=200, verbose_name="overskrift"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="question",
            name="text",
            field=models.TextField(default="", verbose_name="spørgsmål"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="question",
            name="help",
            field=models.TextField(blank=True, verbose_name="hjælpetekst"),
        ),
        migrations.AddField(
            model_name="option",
            name="label",
            field=models.CharField(default="", max_length=200, verbose_name="tekst"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="rule",
            name="message",
            field=models.CharField(default="", max_length=300, verbose_name="fejlbesked"),
            preserve_default=False,
        ),
        migrations.RunPython(base_from_danish, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='option',
            name='label_da',
            field=models.CharField(max_length=200, null=True, verbose_name='tekst'),
        ),
        migrations.AlterField(
            model_name='option',
            name='label_en',
            field=models.CharField(max_length=200, null=True, verbose_name='tekst'),
        ),
        migrations.AlterField(
            model_name='question',
            name='help_da',
            field=models.TextField(blank=True, null=True, verbose_name='hjælpetekst'),
        ),
        migrations.AlterField(
            model_name='question',
            name='help_en',
            field=models.TextField(blank=True, null=True, verbose_name='hjælpetekst'),
        ),
        migrations.AlterField(
            model_name='question',
            name='text_da',
            field=models.TextField(null=True, verbose_name='spørgsmål'),
        ),
        migrations.AlterField(
            model_name='question',
            name='text_en',
            field=models.TextField(null=True, verbose_name='spørgsmål'),
        ),
        migrations.AlterField(
            model_name='questionnaire',
            name='title_da',
            field=models.CharField(max_length=200, null=True, verbose_name='titel'),
        ),
        migrations.AlterField(
            model_name='questionnaire',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='titel'),
        ),
        migrations.AlterField(
            model_name='rule',
            name='message_da',
            field=models.CharField(max_length=300, null=True, verbose_name='fejlbesked'),
        ),
        migrations.AlterField(
            model_name='rule',
            name='message_en',
            field=models.CharField(max_length=300, null=True, verbose_name='fejlbesked'),
        ),
        migrations.AlterField(
            model_name='section',
            name='title_da',
            field=models.CharField(max_length=200, null=True, verbose_name='overskrift'),
        ),
        migrations.AlterField(
            model_name='section',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='overskrift'),
        ),
    ]
