FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 GUNICORN_ACCESS_LOG=-
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir -e . \
    && DEBUG=1 python manage.py compilemessages \
    && DEBUG=0 ALLOWED_HOSTS=localhost \
       SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
       python manage.py collectstatic --noinput
RUN useradd --create-home --uid 1000 portal && mkdir -p /data/media /data/private-media && chown -R portal /data
USER portal
EXPOSE 8000
# Bind address, workers and the access log: gunicorn.conf.py.
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
