from django.db.models import QuerySet

from stories.models import LeadershipPrinciple


def leadership_principle_list() -> QuerySet[LeadershipPrinciple]:
    return LeadershipPrinciple.objects.order_by("display_order")
