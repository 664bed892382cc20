"""Counts in the shared cache (issue 26): sign-in failures per network address across user names, and password-reset
mail per e-mail address and per network address, each per hour. With CACHE_URL set (Redis in production) every web
process counts together; django-axes' per-account pause is kept in the database, shared too."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"20/hour"`` -> (20, 3600), as DRF writes its rates."""
    count, period = rate.split("/")
    return int(count), PERIODS[period.strip()[0]]


def client_address(request) -> str:
    """The network address a request comes from: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front (the
    load balancer), the address the nearest of them saw. A client's own X-Forwarded-For never changes its count.
    Also django-axes' (AXES_CLIENT_IP_CALLABLE) and the API throttles' (NUM_PROXIES) address."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, ident: str, seconds: int) -> str:
    digest = hashlib.sha256(f"{scope}:{ident.strip().lower()}".encode()).hexdigest()[:32]
    return f"accounts.throttle:{scope}:{digest}:{int(time.time()) // seconds}"


def used(scope: str, ident: str, rate: str) -> int:
    _, seconds = parse_rate(rate)
    return cache.get(_key(scope, ident, seconds), 0)


def exhausted(scope: str, ident: str, rate: str) -> bool:
    return used(scope, ident, rate) >= parse_rate(rate)[0]


def take(scope: str, ident: str, rate: str) -> bool:
    """Count one more in this period; False once the rate is spent (the count is atomic in Redis)."""
    limit, seconds = parse_rate(rate)
    key = _key(scope, ident, seconds)
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout=seconds)
        count = 1
    return count <= limit
