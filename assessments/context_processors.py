from .models import Organization


def organization(request):
    """The deployment's organization, for the site header (one query per page)."""
    return {"organization": Organization.objects.first()}
