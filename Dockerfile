FROM python:3.11-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN python -m venv /app/.venv && /app/.venv/bin/pip install -r requirements.txt && touch /app/.venv/.installed
COPY . .
RUN DJANGO_SETTINGS_MODULE=livescore.settings.local /app/.venv/bin/python manage.py collectstatic --noinput
EXPOSE 8000
