"""Shared fixtures: the real small corpus and one session-scoped store built from it with the real e5 model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.settings import Settings, force_offline
from tests.live_server import ADMIN_TOKEN, LiveServer

force_offline()
ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("POLICYQA_TEST_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory, corpus) -> Path:
    """The small corpus ingested once for the whole session (about 20 s with e5 on 2 cores)."""
    from assistant.services import Services

    path = tmp_path_factory.mktemp("store")
    Services(Settings(store=path)).indexer(progress=False).ingest([corpus])
    return path


@pytest.fixture(scope="session")
def services(store_dir):
    from assistant.services import Services

    return Services(Settings(store=store_dir))


@pytest.fixture(scope="session")
def pipeline(services):
    return services.pipeline


@pytest.fixture(scope="session")
def web_settings(store_dir) -> Settings:
    return Settings(store=store_dir, admin_token=ADMIN_TOKEN, max_upload_mb=1)


@pytest.fixture(scope="session")
def live(web_settings, services):
    from assistant.web.server import create_app

    with LiveServer(create_app(web_settings, services)) as server:
        yield server


@pytest.fixture(scope="session")
def live_subpath(web_settings, services):
    from assistant.web.server import create_app

    with LiveServer(create_app(web_settings, services, root_path="/policyqa"), root_path="/policyqa") as server:
        yield server


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A real `chroma run` per test module (each module's collections start empty)."""
    from tests.chroma_server import ChromaServer, chroma_binary

    if not chroma_binary():
        pytest.skip("chroma CLI not installed")
    with ChromaServer(tmp_path_factory.mktemp("chroma-data")) as server:
        yield server.url
