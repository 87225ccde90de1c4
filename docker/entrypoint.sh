#!/bin/sh
# The image's two commands, which must agree on the port:
#   docker/entrypoint.sh          run the app (the image's CMD)
#   docker/entrypoint.sh health   Docker's HEALTHCHECK: the data validates and the app answers
set -eu
cd "$(dirname "$0")/.."

# The port and address a host asks for, as flags: a flag would override Streamlit's own
# variables, so they are read here. A platform's PORT (Cloud Run, Heroku, Render, ...) comes
# second; there is no such convention for the address (HOST is often the machine's name).
port="${STREAMLIT_SERVER_PORT:-${PORT:-8501}}"
address="${STREAMLIT_SERVER_ADDRESS:-0.0.0.0}"

if [ "${1:-}" != health ]; then
  exec streamlit run app.py --server.port="$port" --server.address="$address" "$@"
fi

# Unhealthy with data that does not validate (a broken mount), although the server answers:
# the problems go to stderr, which `docker inspect` shows in the health log.
python -m geo validate >/dev/null
case "$address" in
  0.0.0.0 | ::) host=localhost ;;
  *:*) host="[$address]" ;;  # an IPv6 address
  *) host="$address" ;;
esac
# slim has no curl: ask Streamlit's health endpoint with the Python that is there anyway,
# directly: a proxy the host sets for outgoing requests is not the way to this container.
exec python -c '
import sys, urllib.request
direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with direct.open(sys.argv[1], timeout=4) as reply:
    sys.exit(0 if reply.status == 200 else 1)
' "http://$host:$port/_stcore/health"
