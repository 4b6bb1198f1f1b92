"""The OIT tracker's pages under /actions/oit/: an item's page (heads fill URLs, ticks and notes
and hand it to staff; staff mark it พร้อมส่ง or send it back), the readiness page, the ITAS
sheet, and the comparison with the NACC's per-item scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core import jobs, private_pages, spreadsheets
from core.signals import content_changed_on_commit

from . import documents, selectors, services, sheet, tasks
from .forms import ItemForm, LinkFormSet, ReviewForm, TickFormSet
from .models import OitItem, OitLink


def _item_for(user, pk):
    """The item if `user` works on it (an owner's head, or staff); 404 otherwise."""
    qs = selectors.items_with_links(OitItem.objects.owned_by(user))
    return get_object_or_404(qs, pk=pk)


def _staff(request):
    """The staff pages need the permission to view OIT items (being staff grants nothing)."""
    if not request.user.has_perm("oit.view_oititem"):
        raise PermissionDenied


@login_required
def item_page(request, pk):
    item = _item_for(request.user, pk)
    can_edit = item.status != OitItem.Status.SUBMITTED or request.user.has_perm(
        "oit.change_oititem"
    )
    can_review = request.user.has_perm("oit.review_oititem")
    action = request.POST.get("action", "save")
    form = ItemForm(request.POST or None, instance=item, prefix="item")
    links = LinkFormSet(request.POST or None, instance=item, prefix="links")
    ticks = TickFormSet(request.POST or None, instance=item, prefix="ticks")
    review = ReviewForm(request.POST or None, prefix="review")
    if request.method == "POST":
        try:
            if action in ("approve", "send_back"):
                if not can_review or not review.is_valid():
                    raise PermissionDenied
                services.item_review(
                    item=item,
                    user=request.user,
                    approve=action == "approve",
                    reason=review.cleaned_data["reason"],
                )
                messages.success(
                    request, "ทำเครื่องหมายพร้อมส่งแล้ว" if action == "approve" else "ส่งกลับแก้ไขแล้ว"
                )
                return redirect("oit:item", pk=item.pk)
            if not can_edit:
                raise ValidationError("ข้อนี้ส่งใน ITAS แล้ว แก้ไขได้เฉพาะเจ้าหน้าที่ ITA")
            if form.is_valid() and links.is_valid() and ticks.is_valid():
                moved = _save_item(request, item, form, links, ticks)
                for link in moved:
                    messages.warning(
                        request,
                        f"ลิงก์ {link.submitted_url} ส่งใน ITAS แล้ว: สำนักงาน ป.ป.ช. ตรวจที่ลิงก์เดิมนี้ "
                        "ไม่ใช่ลิงก์ใหม่ จึงต้องให้ลิงก์เดิมยังเปิดได้จนจบการตรวจและการชี้แจง",
                    )
                if action == "review":
                    services.item_mark_review(
                        item=OitItem.objects.get(pk=item.pk), user=request.user
                    )
                    messages.success(request, "บันทึกแล้ว และส่งให้เจ้าหน้าที่ ITA ตรวจ (รอตรวจ)")
                else:
                    messages.success(request, "บันทึกแล้ว")
                return redirect("oit:item", pk=item.pk)
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
            item = _item_for(request.user, pk)
    for lk in item.links.all():
        lk.history_checks = list(selectors.checks_of(lk)[:5])
    context = {
        "item": item,
        "question": item.question,
        "tracker": item.tracker,
        "form": form,
        "links": links,
        "ticks": ticks,
        "review": review,
        "can_edit": can_edit,
        "can_review": can_review and item.status == OitItem.Status.REVIEW,
        "today": timezone.localdate(),
    }
    return render(request, "oit/item.html", context)


def _save_item(request, item, form, links, ticks):
    """Save the three forms in one transaction; returns the submitted links whose URL moved."""
    with transaction.atomic():
        form.save()
        saved = links.save()
        ticks.save()
        if item.status == OitItem.Status.NOT_STARTED:
            OitItem.objects.filter(pk=item.pk).update(status=OitItem.Status.IN_PROGRESS)
        for link in saved:
            services.queue_link_check(link)
        content_changed_on_commit(sender=OitItem)
    return [lk for lk in saved if lk.moved_after_submission]


@login_required
@require_POST
def link_check_now(request, pk):
    link = get_object_or_404(
        OitLink.objects.filter(item__in=OitItem.objects.owned_by(request.user)), pk=pk
    )
    jobs.enqueue_on_commit(tasks.check_links, [link.pk])
    messages.success(request, "ส่งตรวจลิงก์แล้ว ผลจะแสดงเมื่อตรวจเสร็จ")
    return redirect("oit:item", pk=link.item_id)


def _tracker(year):
    tracker = selectors.tracker_of_year(year)
    if tracker is None:
        raise Http404
    return tracker


@login_required
@require_GET
def readiness_page(request, year):
    _staff(request)

    def build():
        tracker = _tracker(year)
        context = selectors.readiness(tracker)
        context["offered"] = documents.offered(tracker)
        for item in context["items"]:
            have = {lk.url for lk in item.links.all()}
            item.offers = [
                (label, url)
                for label, url in context["offered"].get(item.question.topic_key, [])
                if url not in have
            ]
        return render(request, "oit/readiness.html", context)

    # Kept per user while nothing it shows changes (core.private_pages).
    return private_pages.page(request, build)


@login_required
@require_POST
def attach_document(request, pk):
    """One click: attach one of the portal's own published documents to an item."""
    _staff(request)
    if not request.user.has_perm("oit.change_oititem"):
        raise PermissionDenied
    # Only this organization's trackers (selectors.trackers), like every other staff page.
    items = OitItem.objects.filter(tracker__in=selectors.trackers())
    item = get_object_or_404(items.select_related("question", "tracker"), pk=pk)
    offered = dict(
        (url, label)
        for label, url in documents.offered(item.tracker).get(item.question.topic_key, [])
    )
    url = request.POST.get("url", "")
    if url not in offered:
        raise Http404
    services.link_attach(item=item, url=url, label=offered[url])
    messages.success(request, f"แนบ “{offered[url]}” กับข้อ {item.code} แล้ว")
    return redirect("oit:readiness", year=item.tracker.fiscal_year)


@login_required
@require_GET
def sheet_page(request, year):
    _staff(request)
    tracker = _tracker(year)
    return render(
        request,
        "oit/sheet.html",
        {"tracker": tracker, "header": sheet.HEADER, "rows": sheet.sheet_rows(tracker)},
    )


@login_required
@require_GET
def sheet_download(request, year, fmt):
    _staff(request)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    data, name, content_type = sheet.sheet_file(_tracker(year), fmt)
    return spreadsheets.attachment(data, name, content_type)


@login_required
@require_GET
def results_page(request, year):
    """The NACC's per-item scores beside what the tracker said of each item when it was
    submitted: how well readiness predicted the score."""
    _staff(request)
    tracker = _tracker(year)
    return render(request, "oit/results.html", selectors.prediction(tracker))
