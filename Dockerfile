# The dashboard in one container: docker build -t handover . && docker run -p 8501:8501 handover
FROM python:3.11-slim

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
# Copy Leaflet into static/ now, as root: the app's start-up check then finds it and the
# non-root user never needs to write inside /app. Validating the data fails a bad build early.
RUN python -c "from geo.web.assets import install_leaflet; install_leaflet()" \
    && python -m geo validate

# Run as an unprivileged user that owns nothing in /app.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin streamlit
USER streamlit

EXPOSE 8501
# slim has no curl: ask Streamlit's health endpoint with the Python that is there anyway.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4).status == 200 else 1)"]

CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
