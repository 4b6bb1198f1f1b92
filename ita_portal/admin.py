"""Django's own user admin, with Buddhist-era date inputs like every other admin."""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model

from .thai_admin import ThaiAdminMixin

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class UserAdmin(ThaiAdminMixin, auth_admin.UserAdmin):
    pass
