"""scripts/offline.sh really cuts the network (make test runs the book's tests inside it)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OFFLINE = ROOT / "scripts" / "offline.sh"

PROBE = """
import socket, sys
outside = socket.socket()
outside.settimeout(3)
try:
    outside.connect(("1.1.1.1", 53))
    print("outside reachable")
except OSError:
    print("outside blocked")
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
client = socket.create_connection(server.getsockname(), timeout=3)
print("loopback works")
"""


def namespace_possible() -> tuple[bool, str]:
    if os.geteuid() != 0:
        return False, "creating a network namespace needs root"
    if not (shutil.which("unshare") and shutil.which("ip")):
        return False, "unshare or ip (util-linux, iproute2) is not installed"
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode:
        return False, "the kernel or the sandbox refuses new network namespaces"
    return True, ""


def test_offline_wrapper_blocks_the_outside_and_keeps_loopback():
    possible, reason = namespace_possible()
    if not possible:
        pytest.skip(f"cannot prove offline here: {reason}")
    out = subprocess.run(
        [str(OFFLINE), sys.executable, "-c", PROBE], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "outside blocked" in out.stdout and "loopback works" in out.stdout


def test_offline_wrapper_passes_the_exit_status_and_records(tmp_path):
    record = tmp_path / "offline.txt"
    assert subprocess.run([str(OFFLINE), "false"]).returncode == 1
    assert not record.exists()
    assert subprocess.run([str(OFFLINE), "--record", str(record), "true"]).returncode == 0
    assert record.read_text().startswith("network: ")
