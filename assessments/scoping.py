"""Which organization's rows a signed-in user reads and writes (issue 19, finding 3).

The rule, kept in one place: **a user works on the deployment's organization**, the one the
ITA_ORGANIZATION setting names (its code; empty: the oldest), the same one the public pages
show (`models.site_organization`). Users have no organization of their own yet; serving several
agencies from one deployment means giving users one and changing `models.user_organization`
(`Assessment.objects.of_user`, behind `/actions/` and the OIT items, goes through it too): the
admin's lists, filters, form choices and exports and the score import go through it; the
spreadsheet imports' year lookups (`resources.YearScope`, `year_field`) use the same rule through
`Assessment.objects.of_site()` and would take the importing user's organization instead.

A model's rows belong to an organization through its foreign keys (a finding through its
year's result, a method through its topic's result, …): `organization_path` finds that path, so
a model added later is scoped by the same code.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path

from .models import Assessment, Organization, user_organization


def organization_path(model, _depth=4):
    """The lookup from `model` to its Organization ("assessment__organization", …), or None
    for a model that belongs to no organization (framework years, divisions, users)."""
    if model is Organization:
        return "pk"
    queue, seen = [(model, "")], {model}
    while queue:
        current, prefix = queue.pop(0)
        if prefix.count("__") >= _depth:
            continue
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            path = f"{prefix}{field.name}"
            if field.related_model is Organization:
                return path
            if field.related_model not in seen:
                seen.add(field.related_model)
                queue.append((field.related_model, f"{path}__"))
    return None


def scoped(queryset, user):
    """`queryset` limited to the rows of `user`'s organization (unchanged for a model that
    belongs to none)."""
    path = organization_path(queryset.model)
    if path is None:
        return queryset
    if path == "pk":
        return queryset.filter(pk__in=user_organization(user).values("pk"))
    return queryset.filter(**{f"{path}__in": user_organization(user).values("pk")})


def user_assessments(user):
    """The years (results) of `user`'s organization."""
    return scoped(Assessment.objects.all(), user)


class ScopedValuesFieldListFilter(admin.AllValuesFieldListFilter):
    """A list filter on a value across a relation ("assessment__fiscal_year") offering only the
    values of the list's own (scoped) rows, not every row of the related table."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (
            model_admin.get_queryset(request)
            .order_by(field_path)
            .values_list(field_path, flat=True)
            .distinct()
        )


class OrganizationScopedAdminMixin:
    """A ModelAdmin whose list, its filters, pages, exports, actions and foreign-key choices
    hold only the signed-in user's organization's rows: another organization's row is "not
    found"."""

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                field = get_fields_from_path(self.model, entry)[-1]
                if field.is_relation and organization_path(field.related_model) is not None:
                    entry = (entry, admin.RelatedOnlyFieldListFilter)
                elif "__" in entry and not field.is_relation:
                    entry = (entry, ScopedValuesFieldListFilter)
            filters.append(entry)
        return filters

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        related = db_field.related_model
        if field is not None and organization_path(related) is not None:
            field.queryset = scoped(field.queryset, request.user)
        return field


class OrganizationScopedResource:
    """For a django-import-export resource: the stored rows an import matches are looked up
    only among the importing user's organization's rows."""

    def before_import(self, dataset, **kwargs):
        self.import_user = kwargs.get("user")
        super().before_import(dataset, **kwargs)

    def get_queryset(self):
        return scoped(super().get_queryset(), getattr(self, "import_user", None))
