"""gpupool's Python module against real gpupoolctl and gpupool-statd processes."""

import asyncio
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import gpupool  # noqa: E402


def active_leases():
    return gpupool.run_json(["leases", "--all"])["leases"]


def test_lease_holds_gpus_for_the_block(pool_env):
    os.environ.pop("CUDA_VISIBLE_DEVICES", None)
    with gpupool.lease(count=2, min_memory_gb=80, ttl=30, note="unit test") as held:
        assert len(held.lease_ids) == 2
        # Only a's H100s have 80 GB (b has A100 40GB); both on one endpoint.
        assert [g.split(":")[0] for g in held.gpu_ids] == ["a", "a"]
        assert os.environ["CUDA_VISIBLE_DEVICES"] == held.cuda_visible_devices
        assert os.environ["CUDA_DEVICE_ORDER"] == "PCI_BUS_ID"
        assert os.environ["GPUPOOL_LEASE_IDS"].split(",") == held.lease_ids
        assert isinstance(held.gpu_id, int)
        assert held.host == "127.0.0.1"
        assert os.environ["GPUPOOL_HOSTS"] == "127.0.0.1,127.0.0.1"  # one per lease
        listed = active_leases()
        assert sorted(l["id"] for l in listed) == sorted(held.lease_ids)
        assert {l["kind"] for l in listed} == {"job"}
        assert {l["note"] for l in listed} == {"unit test"}
        assert all(l["expires_in_seconds"] <= 30 for l in listed)
    assert "CUDA_VISIBLE_DEVICES" not in os.environ
    assert "GPUPOOL_HOSTS" not in os.environ
    assert active_leases() == []


def test_heartbeat_keeps_a_short_lease(pool_env):
    with gpupool.lease(ttl=3) as held:
        time.sleep(4.5)  # longer than the TTL: only the heartbeat keeps it
        assert [l["id"] for l in active_leases()] == held.lease_ids
        assert held.active
    assert active_leases() == []


def test_released_on_exception(pool_env):
    with pytest.raises(KeyError):
        with gpupool.lease():
            assert len(active_leases()) == 1
            raise KeyError("the training failed")
    assert active_leases() == []


def test_async_variant(pool_env):
    async def main():
        async with gpupool.lease(count=1) as held:
            assert os.environ["GPUPOOL_GPU_IDS"] == held.gpu_ids[0]
            assert len(active_leases()) == 1
            await asyncio.sleep(0)
        return held

    held = asyncio.run(main())
    assert not held.leases
    assert active_leases() == []


def test_wait_that_runs_out_is_worker_timeout(pool_env):
    with gpupool.lease(count=4, endpoint="a"):
        started = time.monotonic()
        with pytest.raises(gpupool.WorkerTimeoutError) as raised:
            with gpupool.lease(count=1, endpoint="a", wait=1):
                pass
        assert raised.value.code == "timed_out"
        assert time.monotonic() - started < 30
        with pytest.raises(gpupool.NotEnoughGpusError):
            gpupool.lease(count=1, endpoint="a").acquire()
    assert active_leases() == []


def test_no_endpoint_is_service_unavailable(pool_env, monkeypatch):
    monkeypatch.setenv("GPU_STATS_SERVICE_ENDPOINTS", "gone=http://127.0.0.1:9")
    with pytest.raises(gpupool.ServiceUnavailableError):
        gpupool.status()
    with pytest.raises(gpupool.ServiceUnavailableError):
        gpupool.lease().acquire()


def test_bad_argument_is_configuration_error(pool_env):
    with pytest.raises(gpupool.ConfigurationError):
        gpupool.lease(endpoint="nosuch").acquire()


def test_status_and_gpus(pool_env):
    status = gpupool.status()
    assert status["gpus_total"] == 8
    assert status["endpoints_healthy"] == 2
    gpus = gpupool.gpus()
    assert len(gpus) == 8
    assert {g["name"] for g in gpus if g["endpoint_id"] == "a"} == {"NVIDIA H100 80GB HBM3"}
    assert all(g["available"] for g in gpus)


def test_revoked_lease_is_reported_lost(pool_env):
    lost = []
    with gpupool.lease(ttl=3, on_lost=lambda l, e: lost.append(e)) as held:
        # Another program ends it (here the same owner's gpupoolctl): the heartbeat finds it gone.
        gpupool.run_json(["release", held.lease_ids[0]])
        deadline = time.monotonic() + 10
        while not lost and time.monotonic() < deadline:
            time.sleep(0.1)
        assert held.lost
        assert isinstance(lost[0], gpupool.StaleAssignmentError)
    assert active_leases() == []


def test_pip_installs_the_package(tmp_path):
    """pip install ./python works, here offline: a virtualenv that sees Debian's setuptools."""
    import subprocess
    import venv  # noqa: F401  (python3-venv)

    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    source = tmp_path / "src"
    import shutil
    # A copy, so that pip's build files never land in the source tree.
    shutil.copytree(os.path.join(os.path.dirname(__file__), ".."), source,
                    ignore=shutil.ignore_patterns("tests", "build", "*.egg-info", "__pycache__"))
    done = subprocess.run([str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index", "-q",
                           str(source)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    shown = subprocess.run([str(python), "-c", "import gpupool; print(gpupool.__file__, gpupool.__version__)"],
                           capture_output=True, text=True, check=True, cwd=str(tmp_path))
    where, version = shown.stdout.split()
    assert where.startswith(str(env_dir))
    assert version == gpupool.__version__
