"""Fixtures: a real gpupool-statd (simulated GPUs on 127.0.0.1) and gpupoolctl in a private home.

The programs come from GPUPOOL_STATD and GPUPOOL_CTL (ctest sets both), else from build/."""

import ctypes
import os
import signal
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _program(variable, relative):
    path = os.environ.get(variable) or str(ROOT / "build" / relative)
    if not os.access(path, os.X_OK):
        pytest.fail("{} not found at {}: build first, or set {}".format(relative, path, variable))
    return path


def _die_with_parent():
    # The server must not outlive a test run that is killed.
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@pytest.fixture(scope="session")
def statd():
    """Two endpoints of 4 simulated GPUs each, all free; their URLs."""
    program = _program("GPUPOOL_STATD", "app/statd/gpupool-statd")
    server = subprocess.Popen([program, "--simulate", "4", "--seed", "1", "--cluster", "2", "--listen",
                               "127.0.0.1:0", "--simulate-idle"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              preexec_fn=_die_with_parent)
    urls = [server.stdout.readline().decode().strip() for _ in range(2)]
    if not all(u.startswith("http://127.0.0.1:") for u in urls):
        server.kill()
        pytest.fail("gpupool-statd did not start: {}".format(urls))
    yield urls
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture
def pool_env(statd, tmp_path, monkeypatch):
    """gpupoolctl's settings for one test: its own home and store, the two endpoints, thresholds
    that make every simulated GPU available, an owner."""
    monkeypatch.setenv("GPUPOOL_CTL", _program("GPUPOOL_CTL", "app/ctl/gpupoolctl"))
    for name in list(os.environ):
        if name.startswith(("GPU_", "XDG_")) or name in ("CUDA_VISIBLE_DEVICES", "GPUPOOL_STORE",
                                                         "GPUPOOL_API_KEY_FILE", "GPUPOOL_LEASE_IDS"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("GPUPOOL_OWNER", "pytest@gpupool")
    monkeypatch.setenv("GPU_STATS_SERVICE_ENDPOINTS", "a={},b={}".format(*statd))
    monkeypatch.setenv("GPU_MEMORY_THRESHOLD_PERCENT", "100")
    monkeypatch.setenv("GPU_UTILIZATION_THRESHOLD_PERCENT", "100")
    return tmp_path
