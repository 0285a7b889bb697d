from django.db import models


class LeadershipPrinciple(models.Model):
    """Reference data: the 16 Amazon Leadership Principles, loaded by a data migration."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300)
    display_order = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["display_order"]

    def __str__(self) -> str:
        return self.name
