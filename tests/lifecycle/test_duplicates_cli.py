#!/usr/bin/env python3
# souvenir-cli duplicates, end to end: the real binary on a library imported
# from copies of the test photos' near-duplicates, a burst and other photos.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import sqlite3
import tempfile
import unittest

from cli_test_util import PHOTOS, isolated_env, run_cli

EXIT_OK, EXIT_USAGE = 0, 2

# (photo under SV_PHOTOS_DIR, name of the copy)
NEIST = [("near-dups/neist-point/backstretch-sample2_480.jpg", "neist-480.jpg"),
         ("near-dups/neist-point/backstretch-sample2_960.jpg", "neist-960.jpg"),
         ("near-dups/neist-point/backstretch-sample2_1280.jpg", "neist-1280.jpg")]
REAGAN = [("near-dups/reagan/exiv2-Reagan.jpg", "reagan.jpg"),
          ("near-dups/reagan/exiv2-ReaganSmallPng.png", "reagan.png"),
          ("formats/exiv2-Reagan.tiff", "reagan.tiff")]
FLOWER2 = [("formats/pillow-flower2.webp", "flower2.webp"),
           ("near-dups/flower2/pillow-flower2.jpg", "flower2.jpg")]
BURST = [("camera/exiv2-FurnaceCreekInn.jpg", "furnace-1.jpg"),
         ("camera/exiv2-FurnaceCreekInn2.jpg", "furnace-2.jpg")]
OTHERS = [("scenes/kpa-skagen.jpg", "skagen.jpg"), ("faces/kpa-cold_water.jpg", "cold-water.jpg"),
          ("camera/jhead-hp.jpg", "hp.jpg")]
# byte-identical: one item with two locations, never a near-duplicate group
EXACT = [("near-dups/exact/exiv2-exiv2-bug445.jpg", "s40-a.jpg"),
         ("near-dups/exact/exiv2-exiv2-canon-powershot-s40.jpg", "s40-b.jpg")]
ALL = NEIST + REAGAN + FLOWER2 + BURST + OTHERS + EXACT


class DuplicatesCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sv-duplicates-cli-")
        self.env = isolated_env(self.tmp)
        self.src = os.path.join(self.tmp, "src")
        os.makedirs(self.src)
        for rel, name in ALL:
            shutil.copyfile(os.path.join(PHOTOS, rel), self.path(name))
        self.lib = os.path.join(self.tmp, "lib")
        summary = self.run_cli("import", "--reference", "--json", self.src, json_out=True)
        self.assertEqual(summary["imported"], len(ALL) - 1)
        self.assertEqual(summary["failed"], 0)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.src, name)

    def run_cli(self, *args, expect=EXIT_OK, json_out=False, lang=None):
        return run_cli(self.lib, self.env, *args, expect=expect, json_out=json_out, lang=lang)

    def groups_by_name(self, groups):
        """{frozenset of names: keeper name}"""
        out = {}
        for g in groups:
            names = {os.path.basename(i["path"]): i for i in g["items"]}
            keeper = [n for n, i in names.items() if i["keeper"]]
            self.assertEqual(len(keeper), 1)
            self.assertEqual(names[keeper[0]]["id"], g["keeper"])
            self.assertEqual(g["items"][0]["id"], g["keeper"])
            out[frozenset(names)] = keeper[0]
        return out

    def test_groups_and_apply(self):
        groups = self.run_cli("duplicates", "--json", json_out=True)
        by_name = self.groups_by_name(groups)
        self.assertEqual(set(by_name), {
            frozenset(n for _, n in NEIST), frozenset(n for _, n in REAGAN),
            frozenset(n for _, n in FLOWER2)})
        # Largest resolution first.
        self.assertEqual(by_name[frozenset(n for _, n in NEIST)], "neist-1280.jpg")
        for g in groups:
            for item in g["items"]:
                self.assertTrue(os.path.isabs(item["path"]))
                self.assertGreater(item["width"], 0)
                self.assertFalse(item["trashed"])
            self.assertLessEqual(g["max_distance"], 10)

        # A lower threshold still finds the re-encodings (0-2 bits apart).
        self.assertEqual(len(self.run_cli("duplicates", "--json", "--threshold", "4",
                                          json_out=True)), 3)

        # The text form names the keeper and the count.
        text = self.run_cli("duplicates").stdout.decode()
        self.assertIn("keep", text)
        self.assertIn("neist-1280.jpg", text)
        self.assertIn("3 groups of near-duplicates.", text)
        self.assertIn("5 photos would move to the trash with --apply.", text)
        # In French too.
        text = self.run_cli("duplicates", lang="fr_FR.UTF-8").stdout.decode()
        self.assertIn("3 groupes de quasi-doublons.", text)

        # --apply: the others go to the trash, nothing is deleted.
        applied = self.run_cli("duplicates", "--apply", "--json", json_out=True)
        trashed = {i["id"] for g in applied for i in g["items"] if i["trashed"]}
        keepers = {g["keeper"] for g in applied}
        self.assertEqual(len(trashed), 5)
        self.assertFalse(trashed & keepers)
        trash = self.run_cli("trash", "ls", "--json", json_out=True)
        self.assertEqual({t["id"] for t in trash}, trashed)
        for _, name in ALL:
            self.assertTrue(os.path.exists(self.path(name)), name)
        # Nothing left to group; the trash is not looked at.
        self.assertEqual(self.run_cli("duplicates", "--json", json_out=True), [])
        self.assertIn("No near-duplicates found.", self.run_cli("duplicates").stdout.decode())
        # Restored, they are found again.
        self.run_cli("restore", *[str(i) for i in trashed])
        self.assertEqual(len(self.run_cli("duplicates", "--json", json_out=True)), 3)

    def test_backfill_and_bursts(self):
        db_path = os.path.join(self.lib, "library.db")
        db = sqlite3.connect(db_path)
        self.assertEqual(db.execute("SELECT count(*) FROM items WHERE phash IS NULL").fetchone()[0],
                         0)
        # An older library: no hashes yet; the two burst shots given the same
        # hash to show that their capture times (6 s apart) keep them apart.
        db.execute("UPDATE items SET phash = NULL")
        db.commit()
        db.close()
        text = self.run_cli("duplicates").stdout.decode()
        self.assertIn(f"Computed the perceptual hashes of {len(ALL) - 1} photos.", text)
        db = sqlite3.connect(db_path)
        self.assertEqual(db.execute("SELECT count(*) FROM items WHERE phash IS NULL").fetchone()[0],
                         0)
        ids = {}
        for name in ("furnace-1.jpg", "furnace-2.jpg"):
            ids[name] = db.execute("SELECT f.item_id FROM locations l JOIN files f "
                                   "ON f.id = l.file_id WHERE l.path = ?",
                                   (self.path(name),)).fetchone()[0]
        db.execute("UPDATE items SET phash = (SELECT phash FROM items WHERE id = ?) WHERE id = ?",
                   (ids["furnace-1.jpg"], ids["furnace-2.jpg"]))
        db.commit()
        db.close()
        groups = self.run_cli("duplicates", "--json", "--threshold", "20", json_out=True)
        for g in groups:
            names = {os.path.basename(i["path"]) for i in g["items"]}
            self.assertFalse({"furnace-1.jpg", "furnace-2.jpg"} <= names, names)
        # Nothing to compute the second time.
        self.assertNotIn("Computed", self.run_cli("duplicates").stdout.decode())

    def test_usage(self):
        err = self.run_cli("duplicates", "--threshold", "21", expect=EXIT_USAGE).stderr.decode()
        self.assertIn("between 0 and 20", err)
        self.run_cli("duplicates", "--threshold", "-1", expect=EXIT_USAGE)
        self.run_cli("duplicates", "extra", expect=EXIT_USAGE)
        self.run_cli("duplicates", "--bogus", expect=EXIT_USAGE)
        help_text = self.run_cli("duplicates", "--help").stdout.decode()
        for option in ("--json", "--apply", "--threshold"):
            self.assertIn(option, help_text)
        self.assertIn("duplicates", self.run_cli("--help").stdout.decode())


if __name__ == "__main__":
    unittest.main(verbosity=2)
