"""/healthz and /readyz (issue 24): cheap, unauthenticated, answering before host checks and the HTTPS redirect, and
saying only "ok" or "unavailable" for each dependency, with each one down in turn (a real PostgreSQL, Redis as cache
and broker, a folder or an S3 bucket served by moto)."""

import os

import pytest
from django.db import connections
from moto.server import ThreadedMotoServer

from .conftest import free_port, publishing_to

# the broker and cache checks use TEST_REDIS_URL, which the Celery worker tests flush: they run in turn with them
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
NOBODY = f"127.0.0.1:{free_port()}"  # a port where nothing listens
CHECKS = ("database", "cache", "broker", "storage")


@pytest.fixture
def production_like(settings):
    """Probes come by address over plain HTTP while the portal insists on HTTPS and its own host name."""
    settings.ALLOWED_HOSTS = ["grants.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    with publishing_to(REDIS_URL):
        yield settings


@pytest.fixture
def s3_bucket(settings):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server._port}"
    options = {
        "bucket_name": "grants",
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "addressing_style": "path",
        "default_acl": "private",
        "file_overwrite": False,
    }
    import boto3

    boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    ).create_bucket(Bucket="grants")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    try:
        yield options
    finally:
        server.stop()


def probe(client, path):
    response = client.get(path, HTTP_HOST="10.1.2.3:8000")
    return response.status_code, response.json(), response


def test_every_dependency_up(client, production_like):
    status, body, response = probe(client, "/readyz")
    assert (status, body) == (200, {"status": "ok", "checks": dict.fromkeys(CHECKS, "ok")})
    assert response["Cache-Control"] == "no-store"
    assert probe(client, "/healthz")[:2] == (200, {"status": "ok"})


def test_the_database_down(client, production_like):
    database = connections["default"]
    port = database.settings_dict["PORT"]
    database.close()
    database.settings_dict["PORT"] = NOBODY.split(":")[1]
    try:
        status, body, _ = probe(client, "/readyz")
        alive = probe(client, "/healthz")[:2]
    finally:
        database.close()
        database.settings_dict["PORT"] = port
    assert (status, body["status"], body["checks"]) == (
        503,
        "unavailable",
        {"database": "unavailable", "cache": "ok", "broker": "ok", "storage": "ok"},
    )
    assert alive == (200, {"status": "ok"})  # the process itself is fine: no restart for an outage elsewhere


def test_the_cache_down(client, production_like):
    production_like.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://{NOBODY}/0"}
    }
    status, body, _ = probe(client, "/readyz")
    assert (status, body["checks"]) == (
        503,
        {"database": "ok", "cache": "unavailable", "broker": "ok", "storage": "ok"},
    )


def test_the_broker_down(client, production_like):
    with publishing_to(f"redis://{NOBODY}/0"):
        status, body, _ = probe(client, "/readyz")
    assert (status, body["checks"]) == (
        503,
        {"database": "ok", "cache": "ok", "broker": "unavailable", "storage": "ok"},
    )


def test_the_bucket_up_then_down(client, production_like, s3_bucket):
    assert probe(client, "/readyz")[:2] == (200, {"status": "ok", "checks": dict.fromkeys(CHECKS, "ok")})
    production_like.STORAGES = {
        **production_like.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**s3_bucket, "endpoint_url": f"http://{NOBODY}"},
        },
    }
    status, body, _ = probe(client, "/readyz")
    assert (status, body["checks"]) == (
        503,
        {"database": "ok", "cache": "ok", "broker": "ok", "storage": "unavailable"},
    )


def test_a_media_folder_that_cannot_be_written(client, production_like, tmp_path):
    folder = tmp_path / "media"
    folder.mkdir()
    folder.chmod(0o500)
    production_like.MEDIA_ROOT = folder
    try:
        status, body, _ = probe(client, "/readyz")
    finally:
        folder.chmod(0o700)
    if os.geteuid() == 0:  # root writes anywhere: the check can only see a folder that is missing or not a folder
        assert status == 200
    else:
        assert body["checks"]["storage"] == "unavailable"


def test_the_probes_say_nothing_else(client, production_like):
    """Only GET or HEAD; other methods and paths are the site's own (host check, HTTPS redirect, sign-in)."""
    assert client.head("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.post("/readyz", HTTP_HOST="10.1.2.3:8000").status_code == 400  # the host is not the portal's
    assert client.get("/healthz/", HTTP_HOST="grants.example.org").status_code == 301  # to https, as any page
