from django.urls import path


def boom(request):
    raise RuntimeError("the database went away")


urlpatterns = [path("boom/", boom)]
