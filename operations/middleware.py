"""The endpoints for machines, answered before anything else in ``MIDDLEWARE``.

Probes and scrapers reach a container by its address over plain HTTP (``Host: 10.0.3.7:8000``), which the portal's
host validation, HTTPS redirect and sign-in would all refuse; these paths are answered first, by GET or HEAD, and
every other request goes on as usual.
"""

from . import health, metrics

PROBES = {"/healthz", "/readyz"}
METRICS = "/metrics"


class InternalEndpointsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if request.method not in ("GET", "HEAD") or (path not in PROBES and path != METRICS):
            return self.get_response(request)
        if path in PROBES:
            return health.answer(path)
        if metrics.may_scrape(request):
            return metrics.page()
        return self.get_response(request)  # the site's own "page not found": nothing to see here
