from assessments.models import site_organization


def organization(request):
    """The deployment's organization, for the site header (one query per page)."""
    return {"organization": site_organization().first()}
