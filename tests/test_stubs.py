"""The hand-written stub of the compiled module matches the module."""

import subprocess
import sys

from conftest import REPO


def test_stubtest_compiled_module():
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "chiso._chiso", "--allowlist", str(REPO / ".stubtest-allowlist")],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
