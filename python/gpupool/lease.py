"""gpupool.lease(): GPUs held for the life of a with-block (or async with)."""

import asyncio
import logging
import os
import sys
import threading

from .ctl import global_options, run_json
from .errors import GpuPoolError, StaleAssignmentError

log = logging.getLogger("gpupool")

# The lease ended elsewhere: renewing it again cannot help.
_GONE = ("unknown_lease", "already_ended", "not_owner")


def _default_note():
    line = " ".join(["python"] + sys.argv)
    return line if len(line) <= 200 else line[:199] + "\u2026"


def _seconds(value):
    return "{}s".format(max(1, int(round(value))))


class Lease:
    """GPUs of the pool, held from acquire() (or entering the block) to release() (or leaving it).

    count, min_memory_gb (decimal GB as cards are sold: 80 takes an H100 80GB), min_memory_mib,
    name (a part of the GPU's name), endpoint (an endpoint id, or a list of them): which GPUs.
    wait: seconds to wait for them to become free (None: they must be free now).
    ttl: seconds the lease outlives its last heartbeat, which comes every third of it.
    allow_spread: accept GPUs on several endpoints (a process sees only its own host's GPUs).
    set_environment: set CUDA_VISIBLE_DEVICES and the GPUPOOL_* variables inside the block.
    on_lost: called (from the heartbeat's thread) with the lease and the error if it is lost.
    endpoints, store, config, strategy: settings for gpupoolctl; otherwise its own.

    After acquiring: lease_ids, gpu_ids ("server1_8000:0"), gpu_id (the first local id, an int,
    what the predecessor's GPUContextManager gave), cuda_visible_devices, host, hosts, environment, leases (the
    JSON of each lease), lost.
    """

    def __init__(self, count=1, min_memory_gb=None, min_memory_mib=None, name=None, endpoint=None, wait=None,
                 ttl=120, note=None, allow_spread=False, set_environment=True, on_lost=None, endpoints=None,
                 store=None, config=None, strategy=None):
        if int(count) < 1:
            raise ValueError("count must be at least 1")
        if ttl < 3:
            raise ValueError("ttl must be at least 3 seconds")
        self.count = int(count)
        self.wait = wait
        self.ttl = float(ttl)
        self.set_environment = set_environment
        self.on_lost = on_lost
        self._options = global_options(endpoints=endpoints, store=store, config=config, strategy=strategy)
        self._request = ["request", "--kind", "job", "--count", str(self.count), "--ttl", _seconds(self.ttl),
                         "--note", note if note is not None else _default_note()]
        if not allow_spread:
            self._request.append("--one-endpoint")
        if min_memory_gb is not None:
            self._request += ["--min-memory", repr(float(min_memory_gb))]
        if min_memory_mib is not None:
            self._request += ["--min-memory-mib", str(int(min_memory_mib))]
        if name:
            self._request += ["--name", name]
        for e in ([endpoint] if isinstance(endpoint, str) else list(endpoint or [])):
            self._request += ["--endpoint", e]
        if wait:
            self._request += ["--wait", _seconds(wait)]
        self.leases = []
        self._usage = []
        self._environment = {}
        self.lost = False
        self._saved = {}
        self._stop = threading.Event()
        self._heart = None

    # --- what was granted ---------------------------------------------------------------------
    @property
    def lease_ids(self):
        return [l["id"] for l in self.leases]

    @property
    def gpu_ids(self):
        return [l["gpu_id"] for l in self.leases]

    @property
    def gpu_id(self):
        return self.leases[0]["local_gpu_id"] if self.leases else None

    @property
    def host(self):
        return self._usage[0]["host"] if self._usage else None

    @property
    def hosts(self):
        return [l.get("host") for l in self.leases]

    @property
    def cuda_visible_devices(self):
        return self._usage[0]["cuda_visible_devices"] if self._usage else None

    @property
    def environment(self):
        """The variables a process using these GPUs needs (set inside the block unless
        set_environment=False): CUDA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER, GPUPOOL_*."""
        return dict(self._environment)

    @property
    def active(self):
        return bool(self.leases) and not self.lost

    # --- life ---------------------------------------------------------------------------------------
    def acquire(self):
        """Leases the GPUs (waiting up to ``wait`` seconds); raises WorkerTimeoutError,
        NotEnoughGpusError, ServiceUnavailableError, ConfigurationError or GpuPoolError."""
        if self.leases:
            raise RuntimeError("this lease is held already")
        timeout = (self.wait or 0) + 120  # gpupoolctl bounds its own wait; this only guards a hang
        granted = run_json(self._request, self._options, timeout=timeout)
        self.leases = list(granted.get("leases", []))
        self._usage = list(granted.get("usage", []))
        self._environment = dict(granted.get("environment", {}))
        self.lost = False
        if len(self._usage) > 1:
            log.warning("the GPUs are on %d endpoints; CUDA_VISIBLE_DEVICES names those of %s (%s)",
                        len(self._usage), self._usage[0]["endpoint_id"], self.host)
        if self.set_environment:
            self._export()
        self._stop.clear()
        self._heart = threading.Thread(target=self._beat, name="gpupool-heartbeat", daemon=True)
        self._heart.start()
        return self

    def release(self):
        """Releases the GPUs (nothing happens when none are held); the variables are restored."""
        if not self.leases:
            return
        self._stop.set()
        if self._heart is not None and self._heart is not threading.current_thread():
            self._heart.join()
        self._heart = None
        leases, self.leases = self.leases, []
        self._restore()
        if self.lost:
            return
        failed = []
        for l in leases:
            try:
                run_json(["release", l["id"]], self._options, timeout=60)
            except GpuPoolError as e:
                if e.code in _GONE:
                    log.warning("lease %s had ended already: %s", l["id"], e)
                else:
                    failed.append("{}: {}".format(l["id"], e))
        if failed:
            raise GpuPoolError("could not release (they end by themselves within {:.0f} s): {}".format(
                self.ttl, "; ".join(failed)), "store_failed", 1)

    def renew(self):
        """Renews every lease now (the heartbeat does this by itself)."""
        for l in self.leases:
            renewed = run_json(["renew", l["id"], "--ttl", _seconds(self.ttl)], self._options, timeout=60)
            l["expires"] = renewed.get("lease", renewed).get("expires", l.get("expires"))

    def _beat(self):
        period = self.ttl / 3
        while not self._stop.wait(period):
            try:
                self.renew()
                period = self.ttl / 3
            except GpuPoolError as e:
                if e.code in _GONE:
                    self.lost = True
                    log.error("the GPU lease is lost: %s", e)
                    if self.on_lost is not None:
                        self.on_lost(self, StaleAssignmentError(str(e), e.code, e.exit_status))
                    return
                # The store may come back before the lease runs out: try more often.
                log.warning("cannot renew the GPU lease (trying again): %s", e)
                period = max(1.0, self.ttl / 12)

    def _export(self):
        # gpupoolctl names the variables and their values (those of its request --export).
        values = {k: str(v) for k, v in self._environment.items()}
        self._saved = {k: os.environ.get(k) for k in values}
        os.environ.update(values)

    def _restore(self):
        for k, v in self._saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        self._saved = {}

    # --- with / async with ------------------------------------------------------------------------
    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()
        return False

    async def __aenter__(self):
        await asyncio.get_running_loop().run_in_executor(None, self.acquire)
        return self

    async def __aexit__(self, *exc):
        await asyncio.get_running_loop().run_in_executor(None, self.release)
        return False

    def __repr__(self):
        state = "lost" if self.lost else ("held" if self.leases else "not held")
        return "<gpupool.Lease {} {}>".format(",".join(self.gpu_ids) or self.count, state)


def lease(count=1, **options):
    """A Lease to use with ``with`` or ``async with`` (see Lease for the options)."""
    return Lease(count=count, **options)
