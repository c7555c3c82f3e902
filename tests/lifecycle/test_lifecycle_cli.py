#!/usr/bin/env python3
# souvenir-cli trash, restore, backup and events, end to end: the real
# binary on copies of the test photos (never the shared originals: emptying
# the trash moves referenced originals to the desktop trash).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

from cli_test_util import copy_photo, isolated_env, run_cli

EXIT_OK, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_PARTIAL, EXIT_CATALOGUE = 0, 2, 3, 4, 5

CARD = ["camera/jhead-hp.jpg", "camera/jhead-sony.jpg", "camera/exiv2-FurnaceCreekInn.jpg",
        "camera/exiv2-FurnaceCreekInn2.jpg", "camera/jhead-S40.jpg", "camera/jhead-fuji-dx10.jpg"]
TRIP = ["faces/kpa-cold_water.jpg", "scenes/kpa-skagen.jpg"]


class Cli:
    def __init__(self, library, env):
        self.library = library
        self.env = env

    def run(self, *args, expect=None, json_out=False, lang=None, stdin=subprocess.DEVNULL):
        return run_cli(self.library, self.env, *args, expect=expect, json_out=json_out, lang=lang,
                       stdin=stdin)


class LifecycleCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sv-lifecycle-cli-")
        env = isolated_env(self.tmp)
        self.env = env
        self.src = os.path.join(self.tmp, "src")
        self.card = os.path.join(self.src, "DCIM", "100CANON")
        self.trip = os.path.join(self.src, "2024_vacances_Italie")
        for rel in CARD:
            self.copy(rel, self.card)
        for rel in TRIP:
            self.copy(rel, self.trip)
        self.lib = os.path.join(self.tmp, "lib")
        self.cli = Cli(self.lib, env)
        summary = self.cli.run("import", "--reference", "--json", self.src, expect=EXIT_OK,
                               json_out=True)
        self.assertEqual(summary["imported"], len(CARD) + len(TRIP))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def copy(self, rel, folder):
        return copy_photo(rel, folder)

    def items(self, *extra):
        return {i["path"]: i for i in self.cli.run("ls", "--json", *extra, expect=EXIT_OK,
                                                   json_out=True)}

    def test_trash_and_restore(self):
        items = self.items()
        hp = items[os.path.join(self.card, "jhead-hp.jpg")]
        sony_path = os.path.join(self.card, "jhead-sony.jpg")
        self.cli.run("trash", str(hp["id"]), sony_path, expect=EXIT_OK)
        live = self.items()
        self.assertNotIn(hp["path"], live)
        self.assertNotIn(sony_path, live)
        trash = self.cli.run("trash", "ls", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual({t["id"] for t in trash}, {hp["id"], items[sony_path]["id"]})
        for t in trash:
            self.assertEqual(t["days_left"], 30)
            self.assertIsNotNone(t["trashed_at"])
            self.assertTrue(os.path.exists(t["path"]))  # referenced: left in place
        # Retention setting changes the days left.
        db = sqlite3.connect(os.path.join(self.lib, "library.db"))
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES "
                   "('trash-retention-days', '7')")
        db.commit()
        db.close()
        trash = self.cli.run("trash", "ls", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual({t["days_left"] for t in trash}, {7})

        result = self.cli.run("restore", "--json", str(hp["id"]), expect=EXIT_OK, json_out=True)
        self.assertEqual(result["restored"], [hp["id"]])
        self.assertEqual(result["renamed"], [])
        self.assertIn(hp["path"], self.items())
        # Not in the trash: said so, exit 4; unknown: exit 3.
        self.cli.run("restore", str(hp["id"]), expect=EXIT_PARTIAL)
        self.cli.run("trash", "999999", expect=EXIT_NOT_FOUND)
        self.cli.run("restore", expect=EXIT_USAGE)
        self.cli.run("trash", expect=EXIT_USAGE)

    def test_empty_trash_and_tombstone(self):
        items = self.items()
        victim = items[os.path.join(self.card, "jhead-S40.jpg")]
        self.cli.run("trash", str(victim["id"]), expect=EXIT_OK)
        # Not a terminal and no --yes: refused.
        self.cli.run("trash", "empty", expect=EXIT_USAGE)
        self.assertTrue(os.path.exists(victim["path"]))
        result = self.cli.run("trash", "empty", "--yes", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual(result["purged"], [victim["id"]])
        self.assertEqual(result["needs_permanent_deletion"], [])
        self.assertFalse(os.path.exists(victim["path"]))
        in_desktop_trash = os.path.join(self.env["XDG_DATA_HOME"], "Trash", "files",
                                        "jhead-S40.jpg")
        self.assertTrue(os.path.exists(in_desktop_trash))
        self.cli.run("info", str(victim["id"]), expect=EXIT_NOT_FOUND)
        self.assertEqual(self.cli.run("trash", "ls", "--json", expect=EXIT_OK, json_out=True), [])
        # The file comes back on disk: the tombstone keeps it out.
        shutil.copyfile(in_desktop_trash, victim["path"])
        summary = self.cli.run("import", "--reference", "--json", self.src, expect=EXIT_OK,
                               json_out=True)
        self.assertEqual(summary["imported"], 0)
        self.assertNotIn(victim["path"], self.items())

    def test_managed_copy_goes_to_library_trash(self):
        other = os.path.join(self.tmp, "other")
        src = self.copy("orientation/pillow-hopper.jpg", other)
        summary = self.cli.run("import", "--copy", "--json", src, expect=EXIT_OK, json_out=True)
        item_id = summary["item_ids"][0]
        info = self.cli.run("info", "--json", str(item_id), expect=EXIT_OK, json_out=True)
        managed = info["path"]
        self.assertNotEqual(managed, src)
        self.cli.run("trash", str(item_id), expect=EXIT_OK)
        self.assertFalse(os.path.exists(managed))
        info = self.cli.run("info", "--json", str(item_id), expect=EXIT_OK, json_out=True)
        self.assertTrue(info["path"].startswith(os.path.join(self.lib, "trash") + os.sep))
        self.assertTrue(os.path.exists(info["path"]))
        # Someone takes the name meanwhile.
        shutil.copyfile(src, managed)
        result = self.cli.run("restore", "--json", str(item_id), expect=EXIT_OK, json_out=True)
        self.assertEqual(len(result["renamed"]), 1)
        self.assertEqual(result["renamed"][0]["original_path"], managed)
        restored = result["renamed"][0]["restored_path"]
        base, ext = os.path.splitext(managed)
        self.assertEqual(restored, base + " (1)" + ext)
        self.assertTrue(os.path.exists(restored))
        info = self.cli.run("info", "--json", str(item_id), expect=EXIT_OK, json_out=True)
        self.assertEqual(info["path"], restored)
        self.cli.run("check", expect=EXIT_OK)

    def test_backup_and_restore(self):
        made = self.cli.run("backup", "--json", expect=EXIT_OK, json_out=True)
        self.assertTrue(os.path.exists(made["path"]))
        daily = self.cli.run("backup", "--daily", "--json", expect=EXIT_OK, json_out=True)
        self.assertIsNotNone(daily["path"])
        again = self.cli.run("backup", "--daily", "--json", expect=EXIT_OK, json_out=True)
        self.assertIsNone(again["path"])
        listed = self.cli.run("backup", "ls", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual(sorted(b["kind"] for b in listed), ["daily", "manual"])
        before = len(self.items())
        victim = next(iter(self.items().values()))
        self.cli.run("trash", str(victim["id"]), expect=EXIT_OK)
        self.assertEqual(len(self.items()), before - 1)

        # Another program (here this one) has the library open: refused,
        # nothing changes.
        other = sqlite3.connect(os.path.join(self.lib, "library.db"))
        other.execute("SELECT count(*) FROM items").fetchall()
        proc = self.cli.run("backup", "restore", made["path"], expect=1)
        self.assertIn(b"open in another program", proc.stderr)
        other.close()
        self.assertEqual(len(self.items()), before - 1)

        self.cli.run("backup", "restore", made["path"], expect=EXIT_OK)
        self.assertEqual(len(self.items()), before)
        listed = self.cli.run("backup", "ls", "--json", expect=EXIT_OK, json_out=True)
        self.assertIn("before-restore", [b["kind"] for b in listed])

        broken = os.path.join(self.tmp, "broken.db")
        with open(made["path"], "rb") as f:
            data = f.read()
        with open(broken, "wb") as f:
            f.write(data[: len(data) // 2])
        self.cli.run("backup", "restore", broken, expect=EXIT_CATALOGUE)
        self.cli.run("backup", "restore", os.path.join(self.tmp, "nothing.db"),
                     expect=EXIT_NOT_FOUND)
        self.assertEqual(len(self.items()), before)

    def events(self, lang=None):
        return self.cli.run("events", "ls", "--json", expect=EXIT_OK, json_out=True, lang=lang)

    def test_events(self):
        self.cli.run("events", "recompute", expect=EXIT_OK)
        events = self.events()
        by_title = {e["title"]: e for e in events}
        self.assertIn("Vacances Italie", by_title)
        trip = by_title["Vacances Italie"]
        self.assertEqual(trip["items"], 2)
        self.assertEqual(trip["name_source"], "folder")
        # 2004-01-25 13:21 and 16:13: one event, two episodes.
        hp_day = [e for e in events if e["start"].startswith("2004-01-25")]
        self.assertEqual(len(hp_day), 1)
        self.assertEqual(hp_day[0]["items"], 2)
        self.assertEqual(hp_day[0]["episodes"], 2)
        self.assertEqual(hp_day[0]["title"], "25 January 2004")
        # French month names from the C library's locale.
        fr = {e["id"]: e for e in self.events(lang="fr_FR.UTF-8")}
        self.assertEqual(fr[hp_day[0]["id"]]["title"], "25 janvier 2004")

        furnace = [e for e in events if e["start"].startswith("2008-05-08")][0]
        old = [e for e in events if e["start"].startswith("2002-06-25")][0]
        self.cli.run("events", "rename", str(furnace["id"]), "Death Valley", expect=EXIT_OK)
        self.cli.run("events", "merge", str(furnace["id"]), str(old["id"]), expect=EXIT_OK)
        shown = self.cli.run("events", "show", "--json", str(furnace["id"]), expect=EXIT_OK,
                             json_out=True)
        self.assertEqual(shown["title"], "Death Valley")
        self.assertEqual(len(shown["members"]), 3)
        members = sorted(shown["members"], key=lambda m: m["taken_at"])
        # Split at the second photo (the first Furnace Creek shot).
        self.cli.run("events", "split", str(furnace["id"]), str(members[0]["id"]),
                     expect=EXIT_USAGE)
        split = self.cli.run("events", "split", "--json", str(furnace["id"]),
                             str(members[1]["id"]), expect=EXIT_OK, json_out=True)
        new_id = split["new_event_id"]
        # Move the last photo back.
        self.cli.run("events", "move", str(furnace["id"]), str(members[2]["id"]), expect=EXIT_OK)
        self.cli.run("events", "rename", "999999", "x", expect=EXIT_NOT_FOUND)
        self.cli.run("events", "frobnicate", expect=EXIT_USAGE)

        # A new photo and a recompute: the user's edits stay.
        self.copy("camera/jhead-canon-300d.jpg", self.card)
        self.cli.run("import", "--reference", self.src, expect=EXIT_OK)
        self.cli.run("events", "recompute", expect=EXIT_OK)
        after = {e["id"]: e for e in self.events()}
        self.assertEqual(after[furnace["id"]]["title"], "Death Valley")
        self.assertTrue(after[furnace["id"]]["user_edited"])
        moved = self.cli.run("events", "show", "--json", str(new_id), expect=EXIT_OK,
                             json_out=True)
        self.assertEqual([m["id"] for m in moved["members"]], [members[1]["id"]])
        kept = self.cli.run("events", "show", "--json", str(furnace["id"]), expect=EXIT_OK,
                            json_out=True)
        self.assertEqual(sorted(m["id"] for m in kept["members"]),
                         sorted([members[0]["id"], members[2]["id"]]))
        self.assertIn("Vacances Italie", [e["title"] for e in after.values()])
        self.assertTrue(any(e["start"].startswith("2003-12-24") for e in after.values()))


if __name__ == "__main__":
    unittest.main(verbosity=2)
