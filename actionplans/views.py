"""The division heads' workspace (/actions/)."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from core import private_pages, spreadsheets, workspace
from core.security import private_no_store
from core.stale import StaleSave
from core.thai import BE_OFFSET

from . import selectors
from .filters import ActionItemFilter
from .forms import ProgressUpdateForm
from .models import ActionItem, ProgressUpdate
from .services import progress_update_create
from .tables import ActionItemTable

EXPORT_FORMATS = ("xlsx", "csv")


def export_name(today):
    """The export's download name, Thai like the PDFs', dated in the Buddhist era with Arabic
    digits (a file name: README "Numbers"): รายการดำเนินงาน-ITA-2569-12-05."""
    return f"รายการดำเนินงาน-ITA-{today.year + BE_OFFSET}-{today:%m-%d}"


def export_response(table, export_format, name):
    """The table as a file for people, written by core.spreadsheets: XLSX with real date
    cells shown in the Buddhist calendar; CSV in UTF-8 with a BOM (Excel on a Thai Windows PC
    reads it as Thai) and dates written dd/mm/พ.ศ., as they are typed; text never a formula."""
    exporter = TableExport(export_format, table, dataset_kwargs={"title": "รายการดำเนินงาน"})
    if export_format == "csv":
        data = spreadsheets.dataset_csv(exporter.dataset)
        content_type = spreadsheets.CSV_CONTENT_TYPE
    else:
        data = spreadsheets.dataset_xlsx(exporter.dataset)
        content_type = spreadsheets.XLSX_CONTENT_TYPE
    ascii_name = "ITA-action-items" + name.removeprefix("รายการดำเนินงาน-ITA")
    return spreadsheets.attachment(
        data,
        f"{name}.{export_format}",
        content_type,
        ascii_filename=f"{ascii_name}.{export_format}",
    )


def _item_for(user, pk):
    """The item if `user` may work on it; 404 otherwise, so another division's items are not
    even confirmed to exist."""
    return get_object_or_404(
        ActionItem.objects.owned_by(user).select_related(
            "topic__assessment", "owner__parent", "carried_from__topic__assessment"
        ),
        pk=pk,
    )


@private_no_store
@login_required
@require_GET
def action_list(request):
    # Kept per user and address while nothing it shows changes (core.private_pages).
    return private_pages.page(request, lambda: _action_list(request))


def _action_list(request):
    today = timezone.localdate()
    years = selectors.action_years_for(request.user)
    data = request.GET.copy()
    if "year" not in data and years:
        # The current plan by default; "ทุกปี" is an explicit empty choice.
        data["year"] = str(years[0])
    filterset = ActionItemFilter(
        data,
        queryset=selectors.action_items_for(request.user),
        user=request.user,
        years=years,
    )
    items = filterset.qs if filterset.is_valid() else ActionItem.objects.none()
    table = ActionItemTable(items, today=today)

    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS:
        RequestConfig(request, paginate=False).configure(table)
        return export_response(table, export_format, export_name(today))

    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    year = filterset.form.cleaned_data.get("year") if filterset.is_valid() else None
    overdue_scope = ActionItem.objects.owned_by(request.user)
    if year:
        overdue_scope = overdue_scope.filter(topic__assessment__fiscal_year=year)
    context = {
        "filter": filterset,
        "table": table,
        "year": year,
        "overdue_count": overdue_scope.overdue(today).count(),
        "export_formats": EXPORT_FORMATS,
        # What apps above this one show beside the items (core.workspace), already rendered.
        "panels": workspace.render_panels(request),
    }
    return render(request, "actionplans/action_list.html", context)


@private_no_store
@login_required
def action_detail(request, pk):
    item = _item_for(request.user, pk)
    if request.method == "POST":
        form = ProgressUpdateForm(request.POST, request.FILES, item=item)
        if form.is_valid():
            try:
                update = progress_update_create(item=item, author=request.user, **form.cleaned_data)
            except StaleSave as e:
                form.stale_refused(e)
                _add_errors(form, e)
                item = e.obj  # show the item as it is now
            except ValidationError as e:
                _add_errors(form, e)
            else:
                if update.already_saved:
                    messages.info(request, "รายงานนี้บันทึกไว้แล้ว (ส่งแบบฟอร์มเดิมซ้ำ จึงไม่บันทึกซ้ำอีก)")
                else:
                    messages.success(request, "บันทึกความก้าวหน้าแล้ว")
                return redirect("actionplans:item", pk=item.pk)
    else:
        form = ProgressUpdateForm(
            initial={"status": item.status, "percent": item.percent}, item=item
        )

    context = {
        "item": item,
        "successor": item.successor if item.status == ActionItem.Status.CARRIED else None,
        "topic": item.topic,
        "methods": list(item.topic.methods.all()),
        "steps": list(item.topic.items.select_related("owner__parent").order_by("number")),
        "updates": selectors.action_item_timeline(item),
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "actionplans/action_detail.html", context)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@private_no_store
@login_required
@require_GET
def evidence_download(request, pk):
    """An evidence file, for those who may see its item: always a download, never rendered."""
    update = get_object_or_404(
        ProgressUpdate.objects.filter(item__in=ActionItem.objects.owned_by(request.user)),
        pk=pk,
    )
    if not update.evidence_file:
        raise Http404
    try:
        handle = update.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        # The name as uploaded; Django writes it as RFC 5987 filename*=utf-8''… when not ASCII.
        filename=update.evidence_name or Path(update.evidence_file.name).name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
