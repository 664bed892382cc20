#!/usr/bin/env bash
# `make deploy-check` (CI, through `make test`): the production build, checked without a Docker engine (issue 24).
#
#  1. the Dockerfile linted (hadolint), the compose file and the Kubernetes manifests validated, the proxy's
#     configuration checked by Caddy itself where it is installed;
#  2. the image's own steps run here: the portal built as a wheel and installed apart from the checkout, then, from
#     that copy alone, its templates, catalogs, announcement texts and static files found, `collectstatic` with the
#     production storage, and `check --deploy --fail-level WARNING` with the production settings of .env.example.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
BIN="$PWD/$VENV/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== Dockerfile (hadolint)"
"$BIN/hadolint" Dockerfile

echo "== docker-compose.yml (docker compose config)"
DJANGO_SECRET_KEY=ci-only "$BIN/docker-compose" --project-directory . --env-file /dev/null -f docker-compose.yml config --quiet

echo "== Kubernetes manifests (kubernetes-validate)"
"$BIN/kubernetes-validate" --strict --quiet deploy/kubernetes/*.yaml

echo "== Caddyfile (caddy validate)"
if command -v caddy >/dev/null 2>&1; then
    SITE_ADDRESS=localhost XDG_DATA_HOME="$work/caddy" XDG_CONFIG_HOME="$work/caddy" \
        caddy validate --config deploy/Caddyfile --adapter caddyfile 2>&1 | tail -1
else
    echo "caddy is not installed here (make system-packages installs it): skipped"
fi

echo "== The image's steps: the package installed apart from the checkout"
"$BIN/pip" wheel --quiet --no-deps --wheel-dir "$work/wheel" . >"$work/wheel.log" 2>&1 || { cat "$work/wheel.log"; exit 1; }
"$BIN/python" -m zipfile -e "$work"/wheel/*.whl "$work/site"
mkdir "$work/app" && cp manage.py "$work/app/"
# Settings read BASE_DIR/.env (the installed copy's folder): the production settings of .env.example, with a key.
cp .env.example "$work/site/.env"
run() {
    (cd "$work/app" && env -i PATH="$PATH" HOME="$work" PYTHONPATH="$work/site" PYTHONDONTWRITEBYTECODE=1 \
        DJANGO_SETTINGS_MODULE=portal.settings STATIC_ROOT="$work/static" \
        DJANGO_SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
        "$BIN/python" "$@")
}
run "$PWD/deploy/installed_check.py" "$work/site" | grep -v '^{'
echo "== collectstatic with the production storage"
run manage.py collectstatic --noinput --verbosity 1 | grep -v '^{' | tail -1
echo "== check --deploy with the production settings"
run manage.py check --deploy --fail-level WARNING 2>&1 | grep -v '^{'
echo "deploy-check passed"
