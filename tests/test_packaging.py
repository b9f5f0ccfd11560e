"""`make venv` installs the package without a warning from setuptools (its configuration in pyproject.toml)."""
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from analysis import paths


def test_an_editable_install_prints_no_setuptools_warning(tmp_path):
    """What `make venv` runs (pip install -e, build isolated), verbose so that every warning the build backend
    emits is shown; the dependencies are left out (the build is what warns)."""
    venv.create(tmp_path / "env", with_pip=True)
    python = tmp_path / "env" / "bin" / "python"
    run = subprocess.run([str(python), "-m", "pip", "install", "-v", "--no-deps", "-e", str(paths.ROOT)],
                         capture_output=True, text=True, timeout=600)
    out = run.stdout + run.stderr
    if run.returncode and "No matching distribution found for setuptools" in out:
        pytest.skip("the build backend (setuptools>=77) cannot be fetched here")
    assert run.returncode == 0, out[-2000:]
    assert "Successfully installed newsframes-analysis" in out
    for warning in ("BuildBackendWarning", "InformationOnly", "Please be careful with folders", "SetuptoolsWarning",
                    "SetuptoolsDeprecationWarning"):
        assert warning not in out, warning
    check = subprocess.run([str(python), "-c", "import analysis; print(analysis.__file__)"], capture_output=True,
                           text=True, cwd=tmp_path)
    assert check.stdout.strip() == str(paths.ROOT / "analysis" / "__init__.py")


def _installed_from(env, checkout, version: str) -> None:
    """Make ``env`` look as if newsframes-analysis ``version`` were installed in it (editable from ``checkout``;
    not installed when ``version`` is None), without installing anything."""
    site = subprocess.run([str(env / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    for old in Path(site).glob("newsframes_analysis-*.dist-info"):
        shutil.rmtree(old)
    if version is None:
        return
    info = Path(site) / f"newsframes_analysis-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: newsframes-analysis\nVersion: {version}\n")
    (info / "direct_url.json").write_text('{"dir_info": {"editable": true}, "url": "file://%s"}' % checkout)


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_venv_never_repoints_another_checkouts_install(tmp_path):
    """A venv shared by two checkouts (a git worktree linking the other's .venv): `make venv` installs when the
    package is missing or installed from this checkout, leaves another checkout's install of the same version as
    it is, and refuses one of another version; REINSTALL=1 repoints it on purpose.  pip is replaced by echo."""
    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    version = re.search(r'^version = "(.*)"', (paths.ROOT / "pyproject.toml").read_text(), re.M).group(1)

    def make(*extra):
        (env / ".installed").unlink(missing_ok=True)
        run = subprocess.run(["make", "--no-print-directory", "venv", f"VENV={env}", "PIP=echo PIP", *extra],
                             cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
        return run.returncode, run.stdout + run.stderr, (env / ".installed").exists()

    _installed_from(env, None, None)
    rc, out, stamped = make()
    assert rc == 0 and "PIP install --quiet -e" in out and stamped
    _installed_from(env, paths.ROOT.resolve(), "0.0.1")                  # this checkout: reinstalled as before
    rc, out, stamped = make()
    assert rc == 0 and "PIP install --quiet -e" in out and stamped
    _installed_from(env, tmp_path / "other-checkout", version)            # another checkout, this version: kept
    rc, out, stamped = make()
    assert rc == 0 and "PIP" not in out and "other-checkout" in out and stamped
    _installed_from(env, tmp_path / "other-checkout", "0.0.1")            # another version: refused, said why
    rc, out, stamped = make()
    assert rc != 0 and "PIP" not in out and "REINSTALL=1" in out and not stamped
    rc, out, stamped = make("REINSTALL=1")
    assert rc == 0 and "PIP install --quiet -e" in out and stamped
