"""The errors of gpupool, named as the GPU Worker Pool's were where they mean the same."""


class GpuPoolError(Exception):
    """Something gpupoolctl reported; ``code`` is its stable name ("not_enough_gpus")."""

    def __init__(self, message, code="failure", exit_status=1):
        super().__init__(message)
        self.code = code
        self.exit_status = exit_status


class ConfigurationError(GpuPoolError, ValueError):
    """A bad argument or setting (gpupoolctl's exit status 2)."""


class WorkerTimeoutError(GpuPoolError, TimeoutError):
    """The wait for GPUs ran out (exit status 3), as the predecessor's request_gpu(timeout=...)."""


class NotEnoughGpusError(GpuPoolError):
    """Fewer GPUs are free than asked for, and no wait was given (exit status 4)."""


class ServiceUnavailableError(GpuPoolError, ConnectionError):
    """No GPU statistics server could be reached (exit status 5)."""


class StaleAssignmentError(GpuPoolError):
    """A lease ended while it was held: revoked by an operator, or expired unrenewed."""


_BY_STATUS = {2: ConfigurationError, 3: WorkerTimeoutError, 4: NotEnoughGpusError, 5: ServiceUnavailableError}


def error_for(exit_status, code, message):
    """The exception for a gpupoolctl failure."""
    return _BY_STATUS.get(exit_status, GpuPoolError)(message, code, exit_status)
