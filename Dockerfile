# mediawatch: the collection service and the staff review app on a slim Python image,
# as a non-root user. Dependencies install in their own layer, pinned by constraints.txt,
# so a change of source rebuilds only the last layers.
FROM python:3.11.7-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    MEDIAWATCH_DATABASE_URL=sqlite:////data/mediawatch.db \
    MEDIAWATCH_HEARTBEAT_FILE=/data/mediawatch.heartbeat

WORKDIR /app
# 1. Dependencies only: the project's metadata with empty packages.
COPY pyproject.toml README.md constraints.txt ./
RUN mkdir -p pipeline storage review \
 && touch pipeline/__init__.py storage/__init__.py review/__init__.py \
 && pip install -c constraints.txt . \
 && pip uninstall -y mediawatch
# 2. The source.
COPY pipeline ./pipeline
COPY storage ./storage
COPY review ./review
COPY demo ./demo
RUN pip install --no-deps -c constraints.txt . \
 && useradd --system --uid 10001 --home-dir /app mediawatch \
 && mkdir -p /data \
 && chown mediawatch /data
COPY sources.yaml ./sources.yaml

USER mediawatch
VOLUME ["/data"]
# The review app; inside the container it listens on every interface so that a published
# port reaches it (publish it on the host's loopback: -p 127.0.0.1:8000:8000).
EXPOSE 8000

# Healthy while the scheduler keeps finishing ticks (one a minute, plus a long cycle's time).
HEALTHCHECK --interval=2m --timeout=30s --start-period=2m --retries=3 \
  CMD ["mediawatch", "health", "--config", "/app/sources.yaml", "--max-age", "900"]

ENTRYPOINT ["mediawatch"]
CMD ["run", "--with-web", "--host", "0.0.0.0", "--config", "/app/sources.yaml"]
