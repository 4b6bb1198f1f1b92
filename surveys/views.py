"""The survey drive's staff page: each survey against its minimum, the days left, the date the
current pace reaches the minimum, which surveys are behind, and the quick count log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from . import posters, progress, selectors
from .forms import CountForm
from .models import EIT, IIT
from .services import count_record


def _drive(request, year):
    drives = selectors.user_drives(request.user).select_related("organization")
    return get_object_or_404(drives, fiscal_year=year)


@login_required
@permission_required("surveys.view_surveydrive", raise_exception=True)
def drive_latest(request):
    drive = selectors.user_drives(request.user).order_by("-fiscal_year").first()
    if drive is None:
        return render(request, "surveys/no_drive.html")
    return redirect("surveys:drive", year=drive.fiscal_year)


@login_required
@permission_required("surveys.view_surveydrive", raise_exception=True)
def drive_page(request, year):
    drive = _drive(request, year)
    today = timezone.localdate()
    can_log = request.user.has_perm("surveys.add_responsecount") and request.user.has_perm(
        "surveys.change_responsecount"
    )
    form = CountForm(initial={"date": min(today, drive.closes_on)})
    if request.method == "POST":
        if not can_log:
            return render(request, "403.html", status=403)
        form = CountForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                count_record(
                    drive=drive,
                    day=data["date"],
                    iit_count=data["iit_count"],
                    eit_count=data["eit_count"],
                    user=request.user,
                    today=today,
                )
            except ValidationError as e:
                for field, errors in e.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, "บันทึกจำนวนผู้ตอบแล้ว")
                return redirect("surveys:drive", year=drive.fiscal_year)
    surveys, counts = selectors.drive_standings(drive, today)
    return render(
        request,
        "surveys/drive.html",
        {
            "drive": drive,
            "surveys": surveys,
            "counts": list(reversed(counts)),
            "behind": [s for s in surveys if s["standing"].behind],
            "days_left": progress.days_left(drive.closes_on, today),
            "not_open_yet": today < drive.opens_on,
            "today": today,
            "form": form,
            "can_log": can_log,
            "service_points": drive.service_points.all(),
        },
    )


def _poster_response(request, drive, survey, points, name):
    try:
        pdf = posters.poster_pdf(drive, survey=survey, points=points)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("surveys:drive", year=drive.fiscal_year)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@permission_required("surveys.view_surveydrive", raise_exception=True)
def poster_iit(request, year):
    drive = _drive(request, year)
    return _poster_response(request, drive, IIT, (), f"iit-poster-{year}.pdf")


@login_required
@permission_required("surveys.view_surveydrive", raise_exception=True)
def poster_eit(request, year, point=None):
    drive = _drive(request, year)
    points = drive.service_points.all()
    if point is not None:
        points = [get_object_or_404(points, pk=point)]
    name = f"eit-poster-{year}-{point}.pdf" if point else f"eit-posters-{year}.pdf"
    return _poster_response(request, drive, EIT, list(points), name)
