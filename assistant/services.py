"""Wire the configured parts together once: store, embedder, retriever, answerer, pipeline."""

from __future__ import annotations

from functools import cached_property

from assistant.settings import Settings
from vectorstore.embedders import EmbedderFactory
from assistant.indexing import Indexer
from vectorstore.policy_store import PolicyStore


class Services:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def store(self) -> PolicyStore:
        return PolicyStore(self.settings.store, self.settings.chroma_url, write_lease=self.settings.write_lease)

    @cached_property
    def embedder(self):
        """The store's own embedder when it has one, so a query is embedded like its passages."""
        recorded = self.store.manifest.embedder.get("name")
        spec = recorded or self.settings.embedder
        return EmbedderFactory.create(spec, self.settings.llm_base_url, self.settings.llm_api_key)

    @cached_property
    def ingest_embedder(self):
        """The configured embedder, loaded once: each upload must not reload the model."""
        if self.settings.embedder == self.store.manifest.embedder.get("name"):
            return self.embedder
        return EmbedderFactory.create(self.settings.embedder, self.settings.llm_base_url, self.settings.llm_api_key)

    def indexer(self, progress: bool = True) -> Indexer:
        """Raises ``EmbedderMismatch`` (409) when the store was built with another model."""
        return Indexer(self.store, self.ingest_embedder, progress=progress)

    @cached_property
    def jobs(self):
        """Job states are kept under the store too, so any worker of ``serve --workers N`` answers a poll."""
        from assistant.web.jobs import JobRunner

        return JobRunner(self.settings.store / "jobs")

    @cached_property
    def retriever(self):
        from assistant.retrieval import HybridRetriever

        return HybridRetriever(store=self.store, embedder=self.embedder, k=self.settings.k)

    @cached_property
    def pipeline(self):
        from assistant.pipeline import AnswerPipeline

        return AnswerPipeline.from_services(self)
