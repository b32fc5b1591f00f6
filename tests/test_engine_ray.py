"""`--engine ray` (issue 11, item 5): the same store content as the local engine, on a local Ray."""

from __future__ import annotations

import pytest

from rashomon import pipeline, store
from rashomon.export import build_export
from rashomon.settings import load_settings

from .conftest import EXAMPLES, REPORTS, SEEDS

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")
# Ray's own deprecation notices about its internals are not this project's to fix
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def _content(db):
    conn = store.connect_readonly(db)
    try:
        found = build_export(conn)
        tables = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "sentences", "place_mentions", "mentions", "participants", "events")
        }
    finally:
        conn.close()
    found.pop("generated")
    return found, tables


def test_issue11_ray_engine_gives_the_store_of_the_local_engine(tmp_path, local_ray):
    if not SEEDS.exists():
        pytest.skip("seed corpus not found")
    settings = load_settings(EXAMPLES / "rashomon.toml", workers=2)
    local = pipeline.analyze([REPORTS, SEEDS], db=tmp_path / "local.db", settings=settings)
    on_ray = pipeline.analyze([REPORTS, SEEDS], db=tmp_path / "ray.db", settings=settings, engine="ray")
    assert sorted(on_ray.analysed) == sorted(local.analysed) and not on_ray.problems
    assert _content(tmp_path / "ray.db") == _content(tmp_path / "local.db")
    # a re-run on Ray finds everything current, as the local engine does
    again = pipeline.analyze([REPORTS, SEEDS], db=tmp_path / "ray.db", settings=settings, engine="ray")
    assert again.analysed == [] and again.corpus_skipped
