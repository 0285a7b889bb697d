"""The two floor views every figure is compared with: the framework's own cost."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def floor_ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@login_required
def floor_page(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/floor_page.html")
