"""gpupool from Python: lease GPUs of the pool for the life of a block.

    import gpupool

    with gpupool.lease(count=1, min_memory_gb=40, wait=600) as lease:
        train(device=lease.gpu_id)          # CUDA_VISIBLE_DEVICES is set inside the block

    async with gpupool.lease() as lease:    # the same, for asyncio code
        ...

The lease is renewed by a heartbeat while the block runs (it lasts ``ttl`` seconds past the last
beat, so a killed program frees its GPU within that time) and released when the block ends, also
by an exception. Everything goes through gpupoolctl (found on PATH or via GPUPOOL_CTL), which
reads the same settings as every gpupool program.
"""

from .ctl import find_ctl, global_options, run_json
from .errors import (ConfigurationError, GpuPoolError, NotEnoughGpusError, ServiceUnavailableError,
                     StaleAssignmentError, WorkerTimeoutError)
from .lease import Lease, lease

__all__ = [
    "ConfigurationError", "GpuPoolError", "Lease", "NotEnoughGpusError", "ServiceUnavailableError",
    "StaleAssignmentError", "WorkerTimeoutError", "find_ctl", "gpus", "lease", "run_json", "status",
]

__version__ = "0.1.0"


def status(**settings):
    """The pool's status as ``gpupoolctl --json status`` gives it (a dict: gpus_total,
    gpus_available, active_leases, waiting_requests, strategy, store, ...).
    ``settings``: endpoints, store, config, strategy."""
    return run_json(["status"], global_options(**settings))


def gpus(**settings):
    """Every GPU of the pool (a list of dicts: gpu_id, name, memory_total_mb, memory_percent,
    utilization_percent, available, reason, lease)."""
    return run_json(["gpus"], global_options(**settings)).get("gpus", [])
