from django.shortcuts import render

from .models import Assessment


def home(request):
    """The organization's published years, newest first (staff also see drafts)."""
    assessments = list(Assessment.objects.visible_to(request.user).order_by("-fiscal_year"))
    return render(request, "assessments/home.html", {"assessments": assessments})
