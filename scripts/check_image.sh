#!/bin/sh
# Build the Docker image and check it as a host would, in one command (docs/hosting.md):
#   scripts/check_image.sh [TAG]          TAG defaults to handover-dashboard:check
# It builds from the Dockerfile, runs the image with a read-only root filesystem on a
# loopback port (CHECK_PORT, default 18501), and checks that Docker reports it healthy, that
# it serves the page and its health endpoint, that it runs as a user other than root and
# cannot write to its root filesystem, and that it stops cleanly on SIGTERM. Needs Docker
# and curl; prints one line per check and exits non-zero at the first that fails.
set -eu
cd "$(dirname "$0")/.."

tag="${1:-handover-dashboard:check}"
port="${CHECK_PORT:-18501}"
name="handover-check-$$"
url="http://127.0.0.1:$port"

fail() { echo "FAIL: $*" >&2; docker logs "$name" 2>&1 | tail -n 20 >&2 || true; exit 1; }
ok() { echo "ok: $*"; }

docker build --quiet -t "$tag" . >/dev/null
ok "built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"

docker run -d --name "$name" --read-only -p "127.0.0.1:$port:8501" \
  -e HANDOVER_TILES=none "$tag" >/dev/null
trap 'docker rm -f "$name" >/dev/null 2>&1 || true' EXIT

# Docker's own health check (the image's HEALTHCHECK): the data validates, the app answers.
tries=0
while :; do
  health="$(docker inspect -f '{{.State.Health.Status}}' "$name")"
  [ "$health" = healthy ] && break
  [ "$health" = unhealthy ] && fail "Docker reports the container unhealthy"
  [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || fail "the container exited"
  tries=$((tries + 1))
  [ "$tries" -le 120 ] || fail "not healthy after 2 minutes (status: $health)"
  sleep 1
done
ok "Docker reports it healthy"

[ "$(curl -fsS "$url/_stcore/health")" = ok ] || fail "$url/_stcore/health does not say ok"
ok "$url/_stcore/health answers ok"
curl -fsS "$url/" | grep -q '<div id="root">' || fail "$url/ does not serve Streamlit's page"
ok "$url/ serves the page"

uid="$(docker exec "$name" id -u)"
[ "$uid" != 0 ] || fail "the app runs as root"
ok "runs as uid $uid, not root"
if docker exec "$name" sh -c 'touch /app/written' 2>/dev/null; then
  fail "the root filesystem is writable"
fi
ok "its root filesystem is read-only, and it runs so"

started="$(date +%s)"
docker stop -t 20 "$name" >/dev/null
code="$(docker inspect -f '{{.State.ExitCode}}' "$name")"
# 0, or 143 (128 + SIGTERM) for a server that ends by re-raising the signal; 137 would be
# Docker's SIGKILL after the 20 s of grace: the app ignored the request to stop.
case "$code" in
  0 | 143) ok "stops on SIGTERM in $(($(date +%s) - started)) s (exit code $code)" ;;
  *) fail "exit code $code after SIGTERM" ;;
esac
echo "all checks passed"
