"""The cluster's business area through django-modeltranslation: the existing area_da and area_en columns
become its translation fields, and the base column it needs is filled with the Danish area."""

from django.db import migrations, models


def base_from_danish(apps, schema_editor):
    apps.get_model("clusters", "cluster").objects.update(area=models.F("area_da"))


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0007_contactperson_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="cluster",
            name="area",
            field=models.CharField(blank=True, max_length=200, verbose_name="erhvervs- og teknologiområde"),
        ),
        migrations.RunPython(base_from_danish, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='cluster',
            name='area_da',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='erhvervs- og teknologiområde'),
        ),
        migrations.AlterField(
            model_name='cluster',
            name='area_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='erhvervs- og teknologiområde'),
        ),
    ]
