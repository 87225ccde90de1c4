# The dashboard in one container: docker build -t handover . && docker run -p 8501:8501 handover
# The Debian release is named, so a rebuild does not move to the next one unannounced: trixie
# is what python:3.11-slim meant when this was pinned. Move it on purpose, and test.
FROM python:3.11-slim-trixie

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (the exact versions of requirements.txt), so editing the app does not
# reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Copy Leaflet and the map's script and styles into static/ now, as root: the app's start-up
# check then finds them and the non-root user never needs to write inside /app. Validating the
# data fails a bad build early.
RUN python -c "from geo.map.assets import install_assets; install_assets()" \
    && python -m geo validate

# Run as an unprivileged user that owns nothing in /app.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin streamlit
USER streamlit

# The default port; docker/entrypoint.sh serves on $STREAMLIT_SERVER_PORT or $PORT if set,
# and its health mode asks that same port.
EXPOSE 8501
# Healthy only while the data validates (a broken mount is not) and Streamlit answers.
HEALTHCHECK --interval=30s --timeout=15s --start-period=30s --retries=3 \
    CMD ["/app/docker/entrypoint.sh", "health"]

# streamlit run app.py, with the port and address from the environment.
CMD ["/app/docker/entrypoint.sh"]
