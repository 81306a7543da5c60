"""``/metrics`` in Prometheus's text format, from the counts the database keeps.

In: ``storage.queries.ServiceCounts``. Out: the exposition text
(prometheus-client's registry and generator), so the collector and the app
report the same numbers however many processes run. No database access here.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from storage.queries import ServiceCounts


class _Snapshot(Collector):
    """A collector that reports one ``ServiceCounts``."""

    def __init__(self, counts: ServiceCounts) -> None:
        self.counts = counts

    def collect(self):  # type: ignore[no-untyped-def]
        """The metric families of the snapshot."""
        c = self.counts
        fetches = CounterMetricFamily(
            "mediawatch_fetches", "Fetches of sources by outcome", labels=["outcome"]
        )
        for outcome, number in sorted(c.fetches_by_outcome.items()):
            fetches.add_metric([outcome], number)
        yield fetches
        yield CounterMetricFamily(
            "mediawatch_fetch_seconds", "Time spent fetching sources", value=c.fetch_seconds_total
        )
        yield CounterMetricFamily("mediawatch_documents", "Documents stored", value=c.documents)
        mentions = GaugeMetricFamily(
            "mediawatch_mentions", "Mentions by review status", labels=["status"]
        )
        for status, number in sorted(c.mentions_by_status.items()):
            mentions.add_metric([status], number)
        yield mentions
        yield GaugeMetricFamily("mediawatch_sources_due", "Sources due now", value=c.sources_due)
        yield GaugeMetricFamily(
            "mediawatch_sources_failing",
            "Sources whose last fetch failed",
            value=c.sources_failing,
        )


def prometheus_text(counts: ServiceCounts) -> str:
    """The counts in Prometheus's text exposition format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Snapshot(counts))
    return generate_latest(registry).decode("utf-8")
