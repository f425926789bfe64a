"""A kernel manager that talks over Unix sockets instead of TCP ports.

jupyter_client picks free TCP ports, releases them and lets the kernel bind them. Two kernels
started at the same moment can pick the same port, and the second dies with "Address already in
use". IPC sockets in a private temporary folder cannot collide, and they also avoid the kernel's
warning about unencrypted TCP. Pass the class as ``NotebookClient(kernel_manager_class=...)`` so
that nbclient still owns the manager and shuts the kernel down after the run.
"""

import atexit
import shutil
import tempfile
from pathlib import Path

from jupyter_client.manager import KernelManager
from traitlets import CaselessStrEnum, default


class IPCKernelManager(KernelManager):
    """Kernel manager whose sockets live in a new temporary folder."""

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    @default("ip")
    def _default_socket_path(self) -> str:
        folder = Path(tempfile.mkdtemp(prefix="course-kernel-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        return str(folder / "kernel")
