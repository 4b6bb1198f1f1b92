app_name = "actionplans"

urlpatterns: list = []
