"""Runs inside Django (bench settings): migrate, seed the accounts, log each one in."""

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from bench.seed import bench_users_seed
from interviews import selectors as interview_selectors
from portfolio import selectors as portfolio_selectors
from portfolio import services as portfolio_services


def _share_token(user: User) -> str:
    link = (
        portfolio_selectors.share_link_list_for_user(user=user)
        .filter(revoked_at__isnull=True)
        .first()
    )
    if link is None:
        portfolio = portfolio_selectors.portfolio_for_user(user=user)
        link = portfolio_services.share_link_create(portfolio=portfolio)
    return link.token


def _onsite_loop_id(user: User) -> int:
    """The demo data's Amazon onsite, which every benchmark account starts from."""
    return interview_selectors.loop_queryset_for_user(user=user).order_by("id").first().pk


def bench_prepare() -> dict:
    call_command("migrate", verbosity=0, interactive=False)
    bench_users = bench_users_seed()
    # Seeding writes in bulk, past the services that drop cached numbers: start from none.
    cache.clear()
    accounts = []
    for bench_user in bench_users:
        user = User.objects.get(pk=bench_user.user_id)
        client = Client()
        client.force_login(user)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        accounts.append(
            {
                "label": bench_user.label,
                "cookie": cookie,
                "share_token": _share_token(user),
                "loop_id": _onsite_loop_id(user),
            }
        )
    return {"users": accounts}
