#!/usr/bin/env python3
# Disk full: a copy import into a small tmpfs made by the test stops with a
# clear "disk full" error (exit status 7), the catalogue stays consistent
# (`check` passes, no partial copy recorded or left behind), and a rerun
# after freeing space ends with exactly the expected items. Two variants:
# only the managed folder on the small filesystem, and the library
# (catalogue and thumbnails) there too.
#
# Needs to mount a tmpfs (root with CAP_SYS_ADMIN, as in CI); elsewhere it
# exits 77 (skipped) and says why.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_util import (EXIT_DISK_FULL, EXIT_OK, Cli, jpeg_with_comment,  # noqa: E402
                          read_photo, write)

N_FILES = 40
BASE = "metadata/exiftool-GPS.jpg"
FS_SIZE = 12 * 1024 * 1024
FILLER = 9 * 1024 * 1024  # leaves about 3 MB: room for ~15 of the ~190 KB photos
DISK_FULL = r"(The disk is full: “.*” could not be written|The disk holding the library is full|" \
            r"Could not save the thumbnail of “.*”: No space left on device)"


def big_photo(photo, i):
    """A valid JPEG of about 190 KB: the photo with three large COM segments."""
    data = jpeg_with_comment(photo, f"disk full test {i}")
    for k in range(3):
        data = jpeg_with_comment(data, f"{i}-{k}-" + "x" * 64000)
    return data


def can_mount():
    if os.geteuid() != 0:
        return "not root: cannot mount a small tmpfs"
    d = tempfile.mkdtemp(prefix="sv-mnt-probe-")
    try:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", d],
                           capture_output=True)
        if r.returncode != 0:
            return "mount -t tmpfs failed: " + r.stderr.decode(errors="replace").strip()
        subprocess.run(["umount", d], check=True)
        return None
    finally:
        os.rmdir(d)


class DiskFullTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sv-diskfull-")
        self.src = os.path.join(self.tmp, "card")
        os.makedirs(self.src)
        photo = read_photo(BASE)
        for i in range(N_FILES):
            write(os.path.join(self.src, f"IMG_{i:04d}.jpg"), big_photo(photo, i))
        self.mnt = os.path.join(self.tmp, "small")
        os.makedirs(self.mnt)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={FS_SIZE}", "tmpfs", self.mnt],
                       check=True)

    def tearDown(self):
        subprocess.run(["umount", "-l", self.mnt])
        shutil.rmtree(self.tmp, ignore_errors=True)

    def fill(self):
        filler = os.path.join(self.mnt, "filler")
        with open(filler, "wb") as f:
            f.write(b"\0" * FILLER)
        return filler

    def managed_files(self, cli):
        done, partial = [], []
        for root, dirs, files in os.walk(cli.managed_root):
            for f in files:
                (partial if f.startswith(".souvenir-import-") else done).append(
                    os.path.join(root, f))
        return done, partial

    def assert_consistent(self, cli):
        report = cli.check()
        self.assertTrue(report["ok"], report)
        self.assertEqual(report["incomplete_copies"], 0)
        done, partial = self.managed_files(cli)
        self.assertEqual(partial, [])
        with cli.db() as con:
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            rows = con.execute("SELECT l.path, l.size, f.sha256 FROM locations AS l"
                               " JOIN files AS f ON f.id = l.file_id").fetchall()
        for path, size, digest in rows:
            with open(path, "rb") as f:
                data = f.read()
            self.assertEqual(len(data), size, path)
            self.assertEqual(hashlib.sha256(data).hexdigest(), digest, path)
        # No copy without its record (the check removed unfinished ones).
        self.assertEqual(sorted(done), sorted(r[0] for r in rows))
        return len(rows)

    def run_variant(self, cli, progress=True):
        filler = self.fill()
        proc = cli.run("import", "--copy", "--json", "--jobs", "2", self.src, timeout=120)
        self.assertEqual(proc.returncode, EXIT_DISK_FULL, proc.stderr.decode(errors="replace"))
        summary = json.loads(proc.stdout)
        # Stopped, with the reason, and the file that did not fit says so.
        self.assertIsNotNone(summary["stopped_by"])
        self.assertRegex(summary["stopped_by"], DISK_FULL)
        self.assertGreaterEqual(summary["failed"], 1)
        self.assertTrue(any(re.search(DISK_FULL, f["reason"])
                            for f in summary["failures"]), summary["failures"])
        # With the catalogue on the full disk too, the importer gives up
        # copies of the last batch until the catalogue has room to record
        # the others: some are kept either way.
        if progress:
            self.assertGreater(summary["imported"], 0)
        self.assertLess(summary["imported"], N_FILES)
        first = self.assert_consistent(cli)
        self.assertEqual(first, summary["imported"])

        # Free space, import again: exactly the rest.
        os.unlink(filler)
        again = cli.run("import", "--copy", "--json", self.src, expect=EXIT_OK, json_out=True,
                        timeout=120)
        self.assertIsNone(again["stopped_by"])
        self.assertEqual(again["failed"], 0)
        self.assertEqual(again["imported"], N_FILES - first)
        self.assertEqual(self.assert_consistent(cli), N_FILES)
        self.assertEqual(cli.n_items(), N_FILES)
        return summary

    def test_managed_folder_full(self):
        # The catalogue on the big disk, the copies on the small one.
        cli = Cli(os.path.join(self.tmp, "lib"), self.mnt, cache=os.path.join(self.tmp, "cache"))
        summary = self.run_variant(cli)
        # It names the file that did not fit, not a temporary name.
        self.assertRegex(summary["stopped_by"],
                         r"^The disk is full: “.*/IMG_\d{4}\.jpg” could not be written$")

    def test_library_on_full_disk(self):
        # Catalogue, thumbnails and copies all on the small filesystem.
        cli = Cli(os.path.join(self.mnt, "lib"), self.mnt,
                  cache=os.path.join(self.mnt, "cache"))
        summary = self.run_variant(cli)
        print(f"library on the full disk: {summary['imported']} imported before: "
              f"{summary['stopped_by']}", file=sys.stderr)

    def test_message_is_translated(self):
        cli = Cli(os.path.join(self.tmp, "lib-fr"), self.mnt, cache=os.path.join(self.tmp, "c"))
        cli.env["LANGUAGE"] = "fr"
        cli.env["LC_ALL"] = "fr_FR.UTF-8"
        self.fill()
        proc = cli.run("import", "--copy", "--json", self.src, timeout=120)
        self.assertEqual(proc.returncode, EXIT_DISK_FULL)
        summary = json.loads(proc.stdout)
        self.assertRegex(summary["stopped_by"], r"^Le disque est plein : « .*/IMG_\d{4}\.jpg » "
                                                r"n’a pas pu être écrit$")


if __name__ == "__main__":
    why = can_mount()
    if why is not None:
        print(f"SKIP: {why}", file=sys.stderr)
        sys.exit(77)
    unittest.main(verbosity=2)
