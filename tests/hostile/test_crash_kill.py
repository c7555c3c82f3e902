#!/usr/bin/env python3
# Crash safety: `souvenir-cli import --copy` of 500 distinct small JPEGs is
# killed with SIGKILL at random moments, at least 20 times. After every
# kill `souvenir-cli check --verify-hashes` passes (SQLite integrity_check,
# every location points at a complete file with the recorded bytes, no
# partial copy recorded, no orphan, damaged or unfinished thumbnail left),
# and this test looks for itself too. A final rerun ends with exactly 500
# items and exactly 500 files in the managed folder.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_util import EXIT_OK, Cli, jpeg_with_comment, read_photo, write  # noqa: E402

N_FILES = 500
MIN_KILLS = 20
BASE = "metadata/exiftool-GPS.jpg"  # 120 x 80, EXIF date and GPS
SEED = int(os.environ.get("SV_CRASH_SEED", "20261126"))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def is_complete_jpeg(path):
    with open(path, "rb") as f:
        data = f.read()
    return len(data) >= 128 and data[:3] == b"\xff\xd8\xff" and data[-2:] == b"\xff\xd9"


class CrashKillTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sv-crash-")
        self.src = os.path.join(self.tmp, "camera")
        os.makedirs(self.src)
        photo = read_photo(BASE)
        # Distinct bytes (a COM segment), the same valid picture.
        for i in range(N_FILES):
            write(os.path.join(self.src, f"IMG_{i:04d}.jpg"),
                  jpeg_with_comment(photo, f"souvenir crash test {i}"))
        self.rng = random.Random(SEED)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def new_cli(self, cycle):
        return Cli(os.path.join(self.tmp, f"lib-{cycle}"), os.path.join(self.tmp, f"home-{cycle}"))

    def n_managed_entries(self, cli):
        n = 0
        for root, dirs, files in os.walk(cli.managed_root):
            n += len(files)
        return n

    def managed_files(self, cli):
        done, partial = [], []
        for root, dirs, files in os.walk(cli.managed_root):
            for f in files:
                (partial if f.startswith(".souvenir-import-") else done).append(
                    os.path.join(root, f))
        return done, partial

    def thumbnails(self, cli):
        out = []
        for root, dirs, files in os.walk(os.path.join(cli.env["XDG_CACHE_HOME"], "souvenir")):
            out.extend(os.path.join(root, f) for f in files)
        return out

    def assert_consistent(self, cli, context):
        report = cli.check()
        self.assertTrue(report["ok"], f"{context}: {report}")
        self.assertTrue(report["database_ok"], context)
        self.assertEqual(report["incomplete_copies"], 0, context)
        self.assertFalse(report["import_running"], context)
        with cli.db() as con:
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            self.assertEqual(con.execute("PRAGMA foreign_key_check").fetchall(), [])
            rows = con.execute(
                "SELECT l.path, l.size, l.managed, f.sha256 FROM locations AS l"
                " JOIN files AS f ON f.id = l.file_id").fetchall()
            hashes = {r[0] for r in con.execute("SELECT sha256 FROM files")}
            n_items = con.execute("SELECT count(*) FROM items").fetchone()[0]
        # Every location: a managed, complete copy with the recorded bytes.
        self.assertEqual(len(rows), n_items, context)
        for path, size, managed, digest in rows:
            self.assertTrue(managed, path)
            self.assertFalse(os.path.basename(path).startswith(".souvenir-import-"), path)
            self.assertTrue(path.startswith(cli.managed_root + os.sep), path)
            self.assertEqual(os.path.getsize(path), size, path)
            self.assertEqual(sha256(path), digest, path)
        # Thumbnails: after the check, only complete ones of known items,
        # and every item has its grid and preview thumbnails.
        thumbs = self.thumbnails(cli)
        per_hash = {}
        for t in thumbs:
            name = os.path.basename(t)
            self.assertRegex(name, r"^[0-9a-f]{64}\.jpg$", f"{context}: left over {t}")
            self.assertIn(name[:64], hashes, f"{context}: orphan {t}")
            self.assertTrue(is_complete_jpeg(t), f"{context}: damaged {t}")
            per_hash[name[:64]] = per_hash.get(name[:64], 0) + 1
        for digest in hashes:
            self.assertGreaterEqual(per_hash.get(digest, 0), 2, f"{context}: {digest}")
        # Temporary copies were removed by the check.
        done, partial = self.managed_files(cli)
        self.assertEqual(partial, [], context)
        # Every finished copy is recorded, or was published for the batch the
        # kill interrupted (at most 64 files, plus the 8 in flight with two
        # workers): the rerun adopts those rather than copying them again.
        self.assertLessEqual(len(done) - n_items, 64 + 8, context)
        return n_items, report

    def test_sigkill_during_copy_import(self):
        kills = 0
        cycles = 0
        most = 0  # items recorded before a kill
        removed = {"orphans": 0, "unfinished": 0, "damaged": 0}
        window = 1.2  # seconds after the first copy within which to kill
        t_start = time.monotonic()
        while kills < MIN_KILLS:
            cycles += 1
            self.assertLessEqual(cycles, 40, "the imports finish before they can be killed")
            cli = self.new_cli(cycles)
            previous = 0
            while kills < MIN_KILLS:
                # The kill comes at a random moment once this run has started
                # copying (hashing, thumbnails, copies, commits overlap).
                start_count = self.n_managed_entries(cli)
                # Up to past the first batch commit (64 files or 0.5 s); a
                # slow build (sanitizers) gets a longer window until kills
                # start landing after commits.
                delay = self.rng.uniform(0.0, window)
                proc = cli.popen("import", "--copy", "--quiet", "--jobs", "2", self.src,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                first_copy = None
                deadline = time.monotonic() + 60
                while proc.poll() is None and time.monotonic() < deadline:
                    now = time.monotonic()
                    if first_copy is None and self.n_managed_entries(cli) > start_count:
                        first_copy = now
                    if first_copy is not None and now - first_copy >= delay:
                        proc.send_signal(signal.SIGKILL)
                        break
                    time.sleep(0.002)
                proc.wait(timeout=60)
                if proc.returncode != -signal.SIGKILL:
                    # Finished on its own: this cycle is complete, and this
                    # machine imports faster than the window: narrow it.
                    window = max(window / 2, 0.02)
                    self.assertEqual(proc.returncode, EXIT_OK, proc.stderr.read())
                    proc.stderr.close()
                    n, _ = self.assert_consistent(cli, f"cycle {cycles} end")
                    self.assertEqual(n, N_FILES)
                    break
                kills += 1
                proc.stderr.close()
                n, report = self.assert_consistent(cli, f"kill {kills} after {delay:.3f} s")
                removed["orphans"] += report["orphan_thumbnails_removed"]
                removed["unfinished"] += report["unfinished_files_removed"]
                removed["damaged"] += report["damaged_thumbnails_removed"]
                self.assertGreaterEqual(n, previous)  # nothing committed is lost
                previous = n
                most = max(most, n)
                if most == 0:
                    window = min(window * 1.5, 20.0)
        # The kills came during the work: they left things for the checks to
        # clean up, and items were recorded between them.
        self.assertGreater(removed["orphans"] + removed["unfinished"], 0)
        self.assertGreater(most, 0)
        # The last library: rerun to the end, exactly the right items.
        summary = cli.run("import", "--copy", "--json", self.src, expect=EXIT_OK,
                          json_out=True, timeout=120)
        self.assertEqual(summary["failed"], 0)
        n, _ = self.assert_consistent(cli, "final")
        self.assertEqual(n, N_FILES)
        self.assertEqual(summary["imported"] + previous, N_FILES)
        done, partial = self.managed_files(cli)
        self.assertEqual(len(done), N_FILES)
        self.assertEqual(len({sha256(p) for p in done}), N_FILES)
        with cli.db() as con:
            self.assertEqual(con.execute("SELECT count(*) FROM items").fetchone()[0], N_FILES)
            self.assertEqual(con.execute("SELECT count(DISTINCT sha256) FROM files").fetchone()[0],
                             N_FILES)
        print(f"{kills} kills in {cycles} cycle(s), {previous} items before the final rerun, "
              f"{time.monotonic() - t_start:.1f} s; "
              f"the checks removed {removed['orphans']} orphan thumbnails, "
              f"{removed['unfinished']} unfinished files, {removed['damaged']} damaged "
              f"thumbnails", file=sys.stderr)

    def test_check_during_import(self):
        # While an import runs, its thumbnails of photos not yet recorded are
        # its work: a check leaves them alone and still passes.
        cli = self.new_cli("during")
        proc = cli.popen("import", "--copy", "--quiet", "--jobs", "2", self.src,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen_running = 0
        try:
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline and seen_running < 3:
                # Once copies appear the catalogue exists and is migrated.
                if self.n_managed_entries(cli) > 0:
                    report = cli.check(verify=False)
                    self.assertTrue(report["ok"], report)
                    self.assertEqual(report["incomplete_copies"], 0)
                    if report["import_running"]:
                        seen_running += 1
                        self.assertEqual(report["orphan_thumbnails_removed"], 0)
                        self.assertEqual(report["unfinished_files_removed"], 0)
                time.sleep(0.05)
        finally:
            self.assertEqual(proc.wait(timeout=120), EXIT_OK)
        self.assertGreater(seen_running, 0, "the import ended before a check saw it")
        n, _ = self.assert_consistent(cli, "after")
        self.assertEqual(n, N_FILES)

    def test_published_copy_is_adopted(self):
        # As if a kill came between publishing two copies and recording them:
        # one identical file at the copy's name, one other file at the next.
        cli = self.new_cli("adopt")
        src = os.path.join(self.tmp, "two")
        os.makedirs(src)
        for name in ("IMG_0000.jpg", "IMG_0001.jpg"):
            shutil.copyfile(os.path.join(self.src, name), os.path.join(src, name))
        summary = cli.run("import", "--copy", "--json", src, expect=EXIT_OK, json_out=True)
        folder = os.path.dirname(self.managed_files(cli)[0][0])
        shutil.rmtree(cli.library)
        shutil.rmtree(cli.env["XDG_CACHE_HOME"])
        os.unlink(os.path.join(folder, "IMG_0001.jpg"))
        write(os.path.join(folder, "IMG_0001.jpg"), b"another file with that name")
        summary = cli.run("import", "--copy", "--json", src, expect=EXIT_OK, json_out=True)
        self.assertEqual(summary["imported"], 2)
        self.assertEqual(sorted(os.listdir(folder)),
                         ["IMG_0000.jpg", "IMG_0001 (1).jpg", "IMG_0001.jpg"])
        with cli.db() as con:
            rows = con.execute("SELECT path FROM locations").fetchall()
        paths = sorted(os.path.basename(r[0]) for r in rows)
        self.assertEqual(paths, ["IMG_0000.jpg", "IMG_0001 (1).jpg"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
