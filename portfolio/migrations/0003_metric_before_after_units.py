"""A case-study metric gets a unit per value; both start as the one unit it had, so nothing is lost."""

from django.db import migrations, models


def copy_unit_forward(apps, schema_editor) -> None:
    metric = apps.get_model("portfolio", "CaseStudyMetric")
    metric.objects.update(before_unit=models.F("unit"), after_unit=models.F("unit"))


def copy_unit_back(apps, schema_editor) -> None:
    # Going back keeps the after unit: the one a reader compares against.
    metric = apps.get_model("portfolio", "CaseStudyMetric")
    metric.objects.update(unit=models.F("after_unit"))


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0002_case_study_stories"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestudymetric",
            name="before_unit",
            field=models.CharField(
                blank=True, help_text="e.g. s, %, $M/year; converted to compare", max_length=40
            ),
        ),
        migrations.AddField(
            model_name="casestudymetric",
            name="after_unit",
            field=models.CharField(blank=True, help_text="e.g. ms, %, $M/year", max_length=40),
        ),
        migrations.RunPython(copy_unit_forward, copy_unit_back),
        migrations.RemoveField(model_name="casestudymetric", name="unit"),
    ]
