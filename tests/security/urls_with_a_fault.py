"""The portal's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def fault(request):
    raise RuntimeError("a fault for the test")


urlpatterns = [*portal_urlpatterns, path("fault/", fault)]
