"""One page, rendered from a small template with render()."""

from django.shortcuts import render
from django.urls import path

ITEMS = [f"Punkt {number}" for number in range(1, 6)]


def page(request):
    return render(
        request,
        "baseline/page.html",
        {"title": "Baseline", "items": ITEMS},
    )


urlpatterns = [path("", page, name="page")]
