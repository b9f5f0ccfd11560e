"""Reports folders hold real files, replaced whole: a zip of the folder arrives whole, a failed or killed run
leaves the previous set, a second writer is refused, and the user's own files in the folder stay."""
import json
import os
import signal
import subprocess
import sys
import tarfile
import time

import pytest

from analysis.errors import StoreError
from analysis.io import GENERATIONS, POINTER, Store, SwapFolder


def write_set(folder, files: dict):
    with SwapFolder(folder).writing() as staging:
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text)


def links(folder):
    return [p for p in folder.rglob("*") if p.is_symlink()]


def test_real_files_that_survive_a_tarball(tmp_path):
    out = tmp_path / "reports"
    write_set(out, {"index.html": "one", "tables/a.csv": "x"})
    write_set(out, {"index.html": "two", "tables/a.csv": "y"})
    assert links(out) == [] and not (out / GENERATIONS).exists() and not (out / POINTER).exists()
    with tarfile.open(tmp_path / "r.tar", "w") as tar:
        tar.add(out, arcname="reports")
    with tarfile.open(tmp_path / "r.tar") as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    assert (tmp_path / "unpacked" / "reports" / "index.html").read_text() == "two"
    assert (tmp_path / "unpacked" / "reports" / "tables" / "a.csv").read_text() == "y"
    assert json.loads((out / "_set.json").read_text())["files"] == ["index.html", "tables"]
    assert not list(tmp_path.glob(".reports.staging-*"))                 # nothing left beside it


def test_files_the_set_did_not_write_are_kept_and_old_ones_dropped(tmp_path):
    out = tmp_path / "reports"
    write_set(out, {"index.html": "one", "old.html": "gone next time"})
    (out / ".gitkeep").write_text("")
    (out / "demo").mkdir()
    (out / "demo" / "index.html").write_text("other reports")
    write_set(out, {"index.html": "two"})
    assert (out / ".gitkeep").exists() and (out / "demo" / "index.html").read_text() == "other reports"
    assert not (out / "old.html").exists() and (out / "index.html").read_text() == "two"


def test_a_failed_write_keeps_the_old_set_and_a_second_writer_is_refused(tmp_path):
    out = tmp_path / "reports"
    write_set(out, {"index.html": "first"})
    with pytest.raises(RuntimeError):
        with SwapFolder(out).writing() as staging:
            (staging / "index.html").write_text("half")
            raise RuntimeError("killed")
    assert (out / "index.html").read_text() == "first"
    with SwapFolder(out).writing() as staging:
        with pytest.raises(StoreError, match="being written by another run"):
            with SwapFolder(out).writing():
                pass
        (staging / "index.html").write_text("second")
    assert (out / "index.html").read_text() == "second"
    with SwapFolder(out).lock():                      # the one lock file survives the swaps
        with pytest.raises(StoreError, match="being written by another run"):
            write_set(out, {"index.html": "third"})


def test_a_run_killed_mid_write_leaves_the_previous_set_and_is_tidied_next_time(tmp_path):
    out = tmp_path / "reports"
    write_set(out, {"index.html": "first", "01.html": "first"})
    script = (f"import time\nfrom analysis.io import SwapFolder\n"
              f"with SwapFolder({str(out)!r}).writing() as s:\n"
              f"    (s / 'index.html').write_text('half')\n    print('ready', flush=True)\n    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (out / "index.html").read_text() == "first" and (out / "01.html").read_text() == "first"
    assert len(list(tmp_path.glob(".reports.staging-*"))) == 1           # the dead run's staging folder
    write_set(out, {"index.html": "second"})
    assert not list(tmp_path.glob(".reports.staging-*"))
    assert (out / "index.html").read_text() == "second" and not (out / "01.html").exists()


def test_entries_carried_by_a_run_killed_before_the_swap_come_back(tmp_path):
    out = tmp_path / "reports"
    write_set(out, {"index.html": "first"})
    staging = tmp_path / ".reports.staging-dead"                         # as a killed run leaves it
    staging.mkdir()
    (staging / "demo").mkdir()
    (staging / "demo" / "index.html").write_text("user's")
    (staging / ".moved").write_text(json.dumps(["demo"]))
    write_set(out, {"index.html": "second"})
    assert (out / "demo" / "index.html").read_text() == "user's"


def test_a_folder_of_the_old_generation_layout_becomes_real_files(tmp_path):
    out = tmp_path / "reports"
    with Store(out).writing() as gen:
        (gen / "index.html").write_text("old layout")
    (out / "notes.txt").write_text("mine")
    assert links(out)
    write_set(out, {"index.html": "new"})
    assert links(out) == [] and not (out / GENERATIONS).exists()
    assert (out / "notes.txt").read_text() == "mine" and (out / "index.html").read_text() == "new"


def test_readers_never_see_two_sets_mixed(tmp_path):
    out = tmp_path / "reports"
    write_set(out, {"a.html": "0", "b.html": "0"})
    script = (f"from analysis.io import SwapFolder\n"
              f"for i in range(1, 40):\n"
              f"    with SwapFolder({str(out)!r}).writing() as s:\n"
              f"        (s / 'a.html').write_text(str(i)); (s / 'b.html').write_text(str(i))\n")
    proc = subprocess.Popen([sys.executable, "-c", script])
    mixed = 0
    while proc.poll() is None:
        try:
            fd = os.open(out, os.O_RDONLY)             # a reader holding the folder open reads one set
            a = os.open("a.html", os.O_RDONLY, dir_fd=fd)
            time.sleep(0.001)
            b = os.open("b.html", os.O_RDONLY, dir_fd=fd)
            mixed += os.read(a, 10) != os.read(b, 10)
            for f in (a, b, fd):
                os.close(f)
        except FileNotFoundError:
            pass                                       # the folder was swapped away under this reader
    assert proc.returncode == 0 and mixed == 0


def test_a_folder_that_cannot_be_swapped_has_its_files_replaced_one_by_one(tmp_path, monkeypatch):
    """A mount point (a container volume) cannot be renamed: the staging folder goes inside it."""
    out = tmp_path / "reports"
    write_set(out, {"index.html": "one", "old.html": "x", "tables/a.csv": "1"})
    (out / ".gitkeep").write_text("")
    monkeypatch.setattr(SwapFolder, "_inside", lambda self: True)
    renamed = []
    real_exchange = __import__("analysis.io", fromlist=["_exchange"])._exchange
    monkeypatch.setattr("analysis.io._exchange", lambda a, b: renamed.append((a, b)) or real_exchange(a, b))
    write_set(out, {"index.html": "two", "tables/b.csv": "2"})
    assert renamed == []                                                  # the folder itself was not moved
    assert (out / "index.html").read_text() == "two" and not (out / "old.html").exists()
    assert sorted(p.name for p in (out / "tables").iterdir()) == ["b.csv"]
    assert (out / ".gitkeep").exists() and not list(out.glob(".staging-*")) and links(out) == []


def test_the_folder_a_user_sends_holds_no_lock_file(tmp_path):
    """Issue 19: the writer lock is a hidden file beside the folder, not an empty .lock in every reports folder."""
    out = tmp_path / "reports"
    write_set(out, {"index.html": "one"})
    write_set(out, {"index.html": "two", "tables/a.csv": "x"})
    assert sorted(p.name for p in out.iterdir()) == ["_set.json", "index.html", "tables"]
    assert (tmp_path / ".reports.lock").is_file()
    (out / ".lock").write_text("")                                      # left by an older version
    write_set(out, {"index.html": "three"})
    assert not (out / ".lock").exists()


def test_a_lock_left_inside_by_an_older_version_goes_when_files_are_replaced_one_by_one(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    write_set(out, {"index.html": "one"})
    (out / ".lock").write_text("")
    monkeypatch.setattr(SwapFolder, "_inside", lambda self: True)
    write_set(out, {"index.html": "two"})
    assert sorted(p.name for p in out.iterdir()) == ["_set.json", "index.html"]


def test_a_writer_in_another_process_is_refused_across_swaps(tmp_path):
    out = tmp_path / "reports"
    write_set(out, {"index.html": "first"})
    script = (f"import time\nfrom analysis.io import SwapFolder\n"
              f"with SwapFolder({str(out)!r}).writing() as s:\n"
              f"    (s / 'index.html').write_text('second')\n    print('ready', flush=True)\n    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="being written by another run"):
            write_set(out, {"index.html": "third"})
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert (out / "index.html").read_text() == "first"
