from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from core import line, views

admin.site.site_header = "ITA Portal: ระบบวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส"
admin.site.site_title = "ITA Portal"
admin.site.index_title = "การจัดการข้อมูล"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # LINE's webhook (signed by LINE; core.line): records the groups the Official Account joins.
    path("line/webhook/", line.webhook, name="line_webhook"),
    # The admin's sign-in page shows "ลืมชื่อผู้ใช้หรือรหัสผ่าน?" when this name exists: the
    # portal's own Thai password reset (by email) serves staff and division heads alike.
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="password_reset"),
        name="admin_password_reset",
    ),
    path("admin/", admin.site.urls),
    # Django's password reset with its mails limited per address and per client (core.views).
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The division heads' /actions/ (actionplans); every public page, / and /reports/<year>/…
    # (publishing).
    path("", include("actionplans.urls")),
    path("", include("oit.urls")),  # the OIT tracker under /actions/oit/
    path("", include("surveys.urls")),
    path("", include("publishing.urls")),
]

if settings.DEBUG:
    # Development only, and only the public uploads (the emblem), as nginx does in production:
    # the PDF cache (drafts included) and anything else under MEDIA_ROOT are never served from
    # disk; PDFs go out only through their permission-checked views.
    urlpatterns += static(
        f"{settings.MEDIA_URL}emblems/", document_root=settings.MEDIA_ROOT / "emblems"
    )
