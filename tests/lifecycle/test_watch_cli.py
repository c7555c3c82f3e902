#!/usr/bin/env python3
# souvenir-cli watch, rescan and volumes, end to end: the real binary on
# copies of the test photos in a temporary folder.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest

from cli_test_util import CLI, PHOTOS, copy_photo, isolated_env, run_cli

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_NOT_FOUND = 0, 1, 2, 3

PHOTO_FILES = ["camera/jhead-hp.jpg", "camera/jhead-sony.jpg", "camera/exiv2-FurnaceCreekInn.jpg",
               "camera/jhead-S40.jpg"]
SLOW_PHOTO = "camera/jhead-gps-many-digits.jpg"


class WatchCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sv-watch-cli-")
        self.env = isolated_env(self.tmp)
        self.lib = os.path.join(self.tmp, "lib")
        self.tree = os.path.join(self.tmp, "Pictures")
        for i, rel in enumerate(PHOTO_FILES):
            self.copy(rel, os.path.join(self.tree, "2026_vacances_Italie" if i < 2 else "misc"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def copy(self, rel, folder, name=None):
        return copy_photo(rel, folder, name)

    def run_cli(self, *args, expect=None, json_out=False):
        return run_cli(self.lib, self.env, *args, expect=expect, json_out=json_out, timeout=120)

    def test_watch_list_and_rescan(self):
        out = self.run_cli("watch", "ls", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual(out, [])
        self.run_cli("watch", "add", os.path.join(self.tmp, "nope"), expect=EXIT_NOT_FOUND)
        afile = os.path.join(self.tree, "misc", os.path.basename(PHOTO_FILES[2]))
        self.run_cli("watch", "add", afile, expect=EXIT_USAGE)
        self.run_cli("watch", "add", self.tree, expect=EXIT_OK)
        self.run_cli("watch", "add", self.tree, expect=EXIT_FAILURE)
        self.run_cli("watch", "add", os.path.join(self.tree, "misc"), expect=EXIT_FAILURE)
        out = self.run_cli("watch", "ls", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual([f["path"] for f in out], [self.tree])
        self.assertIsNone(out[0]["last_scan"])

        counts = self.run_cli("rescan", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual(counts["checked"], 4)
        self.assertEqual(counts["new"], 4)
        again = self.run_cli("rescan", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual((again["checked"], again["unchanged"], again["new"], again["files_read"]),
                         (4, 4, 0, 0))
        out = self.run_cli("watch", "ls", "--json", expect=EXIT_OK, json_out=True)
        self.assertIsNotNone(out[0]["last_scan"])

        # Move one, delete another: counted, no new item.
        misc = os.path.join(self.tree, "misc")
        os.rename(os.path.join(misc, os.path.basename(PHOTO_FILES[2])),
                  os.path.join(self.tree, "renamed.jpg"))
        os.unlink(os.path.join(misc, os.path.basename(PHOTO_FILES[3])))
        counts = self.run_cli("rescan", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual((counts["moved"], counts["missing"], counts["new"]), (1, 1, 0))
        stats = self.run_cli("stats", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual(stats["items"], 4)
        text = self.run_cli("rescan", expect=EXIT_OK).stdout.decode()
        self.assertIn("Checked 3 files in 1 watched folder", text)

        # Folder names became event names.
        events = self.run_cli("events", "ls", "--json", expect=EXIT_OK, json_out=True)
        names = [e.get("name") for e in events]
        self.assertIn("Vacances Italie", names)

        self.run_cli("watch", "rm", os.path.join(self.tmp, "elsewhere"), expect=EXIT_NOT_FOUND)
        self.run_cli("watch", "rm", self.tree, expect=EXIT_OK)
        self.assertEqual(self.run_cli("watch", "ls", "--json", expect=EXIT_OK, json_out=True), [])
        # Nothing watched: run refuses.
        self.run_cli("watch", "run", expect=EXIT_NOT_FOUND)

    def test_help(self):
        for args in (["watch", "--help"], ["rescan", "--help"], ["volumes", "--help"],
                     ["watch", "add", "--help"], ["watch", "run", "--help"],
                     ["volumes", "import", "--help"]):
            proc = self.run_cli(*args, expect=EXIT_OK)
            self.assertIn("Usage", proc.stdout.decode())
        self.run_cli("watch", expect=EXIT_USAGE)
        self.run_cli("watch", "frobnicate", expect=EXIT_USAGE)
        self.run_cli("rescan", "extra", expect=EXIT_USAGE)
        main_help = subprocess.run([CLI, "--help"], capture_output=True, env=self.env).stdout
        for name in (b"watch", b"rescan", b"volumes"):
            self.assertIn(name, main_help)

    def test_watch_run_slow_file(self):
        self.run_cli("watch", "add", self.tree, expect=EXIT_OK)
        proc = subprocess.Popen([CLI, "--library", self.lib, "watch", "run"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        lines = []
        seen = threading.Event()
        ready = threading.Event()
        slow = os.path.join(self.tree, "incoming", "slow.jpg")

        def reader():
            for raw in proc.stdout:
                line = raw.decode(errors="replace").rstrip("\n")
                lines.append((time.monotonic(), line))
                if line.startswith("Watching"):
                    ready.set()
                if line == "New: " + slow:
                    seen.set()

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        try:
            self.assertTrue(ready.wait(60), lines)
            self.assertTrue(any(l.startswith("Checked 4 files") for _, l in lines), lines)
            os.makedirs(os.path.dirname(slow))
            time.sleep(1)
            with open(os.path.join(PHOTOS, SLOW_PHOTO), "rb") as f:
                data = f.read()
            step = len(data) // 5 + 1
            with open(slow, "wb") as out:
                for start in range(0, len(data), step):
                    out.write(data[start:start + step])
                    out.flush()
                    time.sleep(0.7)
                    self.assertFalse(seen.is_set(), "imported while still growing")
            finished = time.monotonic()
            self.assertTrue(seen.wait(15), lines)
            when = [t for t, l in lines if l == "New: " + slow][0]
            self.assertGreaterEqual(when - finished, 1.5)
            self.assertLess(when - finished, 8)
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                rc = proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
            thread.join(5)
        stderr = proc.stderr.read().decode(errors="replace")
        proc.stdout.close()
        proc.stderr.close()
        self.assertEqual(rc, EXIT_OK, stderr)
        self.assertIn("Stopped watching.", [l for _, l in lines])
        stats = self.run_cli("stats", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual(stats["items"], 5)

    def test_volumes(self):
        card = os.path.join(self.tmp, "card")
        for i, rel in enumerate(PHOTO_FILES[:3]):
            self.copy(rel, os.path.join(card, "DCIM", "100CANON"), f"IMG_{i:04}.JPG")
        managed = os.path.join(self.tmp, "managed")
        self.run_cli("volumes", "--json", expect=EXIT_OK, json_out=True)  # real mounts: any
        self.run_cli("volumes", "import", self.tree, expect=EXIT_NOT_FOUND)
        # Where copies go.
        db = os.path.join(self.lib, "library.db")
        self.run_cli("stats", expect=EXIT_OK)
        con = sqlite3.connect(db)
        con.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('managed-root', ?)",
                    (managed,))
        con.commit()
        con.close()
        out = self.run_cli("volumes", "import", "--json", card, expect=EXIT_OK, json_out=True)
        self.assertEqual((out["mode"], out["imported"]), ("copy", 3))
        copies = [f for _, _, fs in os.walk(managed) for f in fs]
        self.assertEqual(len(copies), 3)
        out = self.run_cli("volumes", "import", "--json", card, expect=EXIT_OK, json_out=True)
        self.assertEqual((out["imported"], out["already_in_library"]), (0, 3))


if __name__ == "__main__":
    unittest.main(verbosity=2)
