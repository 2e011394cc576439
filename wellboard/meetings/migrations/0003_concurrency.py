"""Resolution numbers unique per body and year, one resolution per minute item and recommendation,
and a version on records edited through forms (optimistic locking)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_body_and_clear_duplicates(apps, schema_editor):
    """Copy each resolution's body from its meeting. A race before this migration could leave two
    resolutions with the same number; the later keeps its printed number but gives up its sequence
    (and a duplicate draft its recommendation link), so the constraints can hold without rewriting
    what was printed."""
    Resolution = apps.get_model("meetings", "Resolution")
    seen_numbers, seen_drafts = set(), set()
    for r in Resolution.objects.select_related("meeting").order_by("pk").iterator():
        changed = {"body_id": r.meeting.body_id}
        if r.sequence is not None:
            key = (r.meeting.body_id, r.year, r.sequence)
            if key in seen_numbers:
                changed["sequence"] = None
            seen_numbers.add(key)
        if r.from_recommendation_id is not None:
            key = (r.item_id, r.from_recommendation_id)
            if key in seen_drafts:
                changed["from_recommendation_id"] = None
            seen_drafts.add(key)
        Resolution.objects.filter(pk=r.pk).update(**changed)
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys now: PostgreSQL refuses the ALTER TABLE below while
        # trigger events from these updates are still pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0002_bodyconstitution_seat_seatholding_standingitem_and_more"),
        ("meetings", "0002_record_privacy"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="resolution", name="unique_resolution_sequence"),
        migrations.AddField(
            model_name="minuteparagraph", name="version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="resolution", name="version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="resolution", name="body",
            field=models.ForeignKey(null=True, editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="resolutions", to="governance.body"),
        ),
        migrations.RunPython(fill_body_and_clear_duplicates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="resolution", name="body",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="resolutions", to="governance.body"),
        ),
        migrations.AddConstraint(
            model_name="resolution",
            constraint=models.UniqueConstraint(condition=models.Q(("sequence__isnull", False)),
                                               fields=("body", "year", "sequence"),
                                               name="unique_resolution_number_per_body"),
        ),
        migrations.AddConstraint(
            model_name="resolution",
            constraint=models.UniqueConstraint(condition=models.Q(("from_recommendation__isnull", False)),
                                               fields=("item", "from_recommendation"),
                                               name="one_resolution_per_recommendation"),
        ),
    ]
