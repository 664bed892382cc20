# syntax=docker/dockerfile:1
# The portal's image: the web processes (gunicorn), the Celery worker, beat and the one-shot migrate job all run it
# (docker-compose.yml, deploy/kubernetes/, docs/deploy.md). Built from a clean clone: `docker build -t cag .`
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /venv
# The dependencies first, in a layer of their own: pinned in pyproject.toml, rebuilt only when it changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && /venv/bin/pip install -r requirements.txt
# Then the portal as a package: its apps with their templates, static files, Spanish catalogs and the announcements'
# texts, and the site-wide templates/, static/ and locale/ (pyproject.toml, [tool.setuptools.package-data]).
COPY . .
RUN /venv/bin/pip install --no-deps .

FROM ${PYTHON_IMAGE}
# WeasyPrint's Pango and fonts for the PDFs; pg_dump and pg_restore (PostgreSQL 15's, as the stack's database) for
# `manage.py backup` and `restore`. Debian's security updates come with each rebuild, so versions are not pinned.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --create-home portal
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=portal.settings \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    EMAIL_FILE_PATH=/app/tmp/mail
COPY --from=build /venv /venv
WORKDIR /app
COPY manage.py ./
# Static files collected once, at build time, with the production storage (hashed, compressed names; served by
# WhiteNoise). The key exists only for this command: settings refuse to start without one.
ENV STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/tmp /tmp/metrics \
    && chown portal:portal /app/media /app/tmp /tmp/metrics
USER 10001:10001
EXPOSE 8000
CMD ["gunicorn", "--config", "python:operations.gunicorn", "portal.wsgi:application"]
