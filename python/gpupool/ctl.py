"""Running gpupoolctl: the one implementation of the lease rules; this package only drives it."""

import json
import os
import shutil
import subprocess

from .errors import GpuPoolError, error_for


def find_ctl():
    """gpupoolctl as ``GPUPOOL_CTL`` names it, else the one on PATH."""
    named = os.environ.get("GPUPOOL_CTL")
    if named:
        return named
    found = shutil.which("gpupoolctl")
    if not found:
        raise GpuPoolError("gpupoolctl not found: install gpupool, or set GPUPOOL_CTL to the program",
                           "not_found", 127)
    return found


def global_options(endpoints=None, store=None, config=None, strategy=None):
    """gpupoolctl's global options for the settings given; the others come from its settings file
    and environment (GPU_STATS_SERVICE_ENDPOINTS, GPUPOOL_STORE, ...), as for every gpupool program."""
    options = []
    if endpoints:
        if not isinstance(endpoints, str):
            endpoints = ",".join(endpoints)
        options.append("--endpoints=" + endpoints)
    if store:
        options.append("--store=" + store)
    if config:
        options.append("--config=" + os.fspath(config))
    if strategy:
        options.append("--strategy=" + strategy)
    return options


def run_json(arguments, options=(), timeout=None):
    """Runs ``gpupoolctl --json OPTIONS ARGUMENTS`` and returns its JSON document; raises the
    matching error when it fails. Its standard error (warnings) is passed through."""
    command = [find_ctl(), "--json", *options, *arguments]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout, check=False)
    except FileNotFoundError as e:
        raise GpuPoolError("cannot run gpupoolctl ({}): {}".format(command[0], e), "not_found", 127) from e
    except subprocess.TimeoutExpired as e:
        raise GpuPoolError("gpupoolctl did not answer within {} s".format(timeout), "timed_out", 1) from e
    text = done.stdout.decode("utf-8", "replace")
    try:
        document = json.loads(text) if text.strip() else {}
    except ValueError:
        document = {}
    if done.returncode != 0:
        error = document.get("error") if isinstance(document, dict) else None
        if isinstance(error, dict):
            raise error_for(done.returncode, error.get("code", "failure"), error.get("message", ""))
        message = done.stderr.decode("utf-8", "replace").strip() or "gpupoolctl exited with status {}".format(
            done.returncode)
        raise error_for(done.returncode, "failure", message)
    if not isinstance(document, dict):
        raise GpuPoolError("gpupoolctl printed no JSON object: " + text[:200], "bad_output", 1)
    return document
