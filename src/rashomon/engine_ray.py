"""Ray as the engine past one machine: the per-document stages as Ray Data ``map_batches``.

Each Ray actor loads the models and tables once (as a local worker process does) and turns a batch
of documents into store rows; the driver writes them into the same store as the local engine, so
both engines give the same store content. The documents (and, for a re-run, the store) must be on a
filesystem every node can read: jobs carry paths, not bytes. The corpus stages run in the driver.

Ray is optional: ``pip install "rashomon[ray]"``. Without ``address`` a Ray instance on this machine
is started (or the one this process already joined is used); ``--address HOST:PORT`` joins a cluster.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator, Sequence
from typing import Any

from .errors import ConfigError
from .settings import Settings
from .stages import Stage

_INSTALL_HINT = 'the Ray engine needs Ray Data: pip install "rashomon[ray]"'
# documents per batch: large enough to keep an actor busy, small enough to spread a small corpus
_BATCH = 4


class _Analyser:
    """A Ray Data actor holding the loaded stages; each call analyses a batch of jobs."""

    def __init__(self, settings: Settings, modules: tuple[str, ...]) -> None:
        from . import pipeline

        self.pipeline = pipeline
        pipeline._prepare(settings, pipeline.load_stages(modules))

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        """Store rows of every job of the batch (pickled: they are Python records, not columns)."""
        results = [pickle.dumps(self.pipeline._run_job(pickle.loads(job))) for job in batch["job"]]
        return {"result": results}


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ConfigError(_INSTALL_HINT) from exc
    return ray


def start(address: str | None, settings: Settings) -> Any:
    """The Ray module, joined to ``address`` or to a local instance (one CPU per worker setting)."""
    ray = _ray()
    import logging

    # the core never prints: Ray's progress lines and notices go to the log file like ours
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if not ray.is_initialized():
        cpus = None if address else (settings.workers or os.cpu_count() or 1)
        ray.init(
            address=address,
            num_cpus=cpus,
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )
    return ray


def run_on_ray(
    jobs: Sequence[Any], stages: Sequence[Stage], settings: Settings, address: str | None = None
) -> Iterator[Any]:
    """Results of the pipeline's per-document job over ``jobs``, computed by Ray actors."""
    if not jobs:
        return
    ray = start(address, settings)
    from . import pipeline

    modules = tuple(pipeline.module_of(stage) for stage in stages)
    actors = max(1, min(len(jobs), int(ray.cluster_resources().get("CPU", 1))))
    dataset = ray.data.from_items([{"job": pickle.dumps(job)} for job in jobs])
    results = dataset.map_batches(
        _Analyser,
        fn_constructor_args=(settings, modules),
        batch_size=_BATCH,
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
        batch_format="numpy",
    )
    for row in results.iter_rows():
        yield pickle.loads(row["result"])
