#!/usr/bin/env python3
# souvenir-cli end to end: real photos, a real library folder, the real
# binary; --json output parsed and checked against the test-photo manifest.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ["SV_CLI"]
PHOTOS = os.environ["SV_PHOTOS_DIR"]

EXIT_OK, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_PARTIAL, EXIT_CATALOGUE, EXIT_PROBLEMS = 0, 2, 3, 4, 5, 6


def manifest():
    with open(os.path.join(PHOTOS, "MANIFEST.tsv"), newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def exif_date_to_iso(value):
    """ "2020:08:27 23:16:12" -> "2020-08-27T23:16:12"; None for odd formats."""
    if len(value) != 19 or value[4] != ":" or value[7] != ":" or value[10] != " ":
        return None
    if value.startswith("0000"):
        return None
    return value[0:4] + "-" + value[5:7] + "-" + value[8:10] + "T" + value[11:19]


def jpeg_size(path):
    """(width, height) from a JPEG's SOF marker; fails on anything else."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    i = 2
    while i + 4 <= len(data):
        assert data[i] == 0xFF, "bad marker"
        marker = data[i + 1]
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            h = int.from_bytes(data[i + 5:i + 7], "big")
            w = int.from_bytes(data[i + 7:i + 9], "big")
            return w, h
        i += 2 + length
    raise AssertionError("no SOF marker")


class Cli:
    def __init__(self, library, env=None):
        self.library = library
        self.env = dict(os.environ)
        # English unless the test asks otherwise: LANGUAGE wins over LC_ALL.
        self.env["LC_ALL"] = "en_US.UTF-8"
        self.env["LANGUAGE"] = "en"
        if env:
            self.env.update(env)

    def run(self, *args, expect=None, json_out=False):
        proc = subprocess.run([CLI, "--library", self.library, *args], capture_output=True,
                              env=self.env, timeout=600)
        if expect is not None and proc.returncode != expect:
            raise AssertionError(f"{args}: exit {proc.returncode}, expected {expect}\n"
                                 f"stdout: {proc.stdout.decode(errors='replace')[-3000:]}\n"
                                 f"stderr: {proc.stderr.decode(errors='replace')[-3000:]}")
        if json_out:
            return json.loads(proc.stdout)
        return proc


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sv-cli-")
        os.environ["XDG_CACHE_HOME"] = os.path.join(cls.tmp, "cache")
        os.environ["XDG_DATA_HOME"] = os.path.join(cls.tmp, "data")
        os.environ["HOME"] = os.path.join(cls.tmp, "home")
        os.makedirs(os.environ["HOME"])
        cls.cli = Cli(os.path.join(cls.tmp, "lib"))
        # Broken files make the import partial: exit status 4.
        cls.summary = cls.cli.run("import", "--reference", "--json", PHOTOS,
                                  expect=EXIT_PARTIAL, json_out=True)
        cls.items = cls.cli.run("ls", "--json", expect=EXIT_OK, json_out=True)
        cls.manifest = manifest()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def by_path(self):
        return {i["path"]: i for i in self.items}

    def test_summary(self):
        s = self.summary
        self.assertEqual(s["files_seen"], len(self.manifest))
        self.assertEqual(s["imported"] + s["duplicates"] + s["failed"], s["files_seen"])
        self.assertGreater(s["imported"], 100)
        self.assertGreater(s["failed"], 10)
        self.assertFalse(s["cancelled"])
        self.assertEqual(len(s["item_ids"]), s["imported"])
        for f in s["failures"]:
            self.assertTrue(f["path"].startswith(PHOTOS))
            self.assertGreater(len(f["reason"]), 10)

    def test_ls_json_objects(self):
        self.assertEqual(len(self.items), self.summary["imported"])
        ids = set()
        for item in self.items:
            self.assertIsInstance(item["id"], int)
            ids.add(item["id"])
            self.assertTrue(os.path.exists(item["path"]), item["path"])
            self.assertIn("taken_at", item)
        self.assertEqual(ids, set(self.summary["item_ids"]))
        # Newest first; items without a date last.
        dated = [i["taken_at"] for i in self.items if i["taken_at"]]
        self.assertEqual(dated, sorted(dated, reverse=True))

    def test_dates_and_cameras_match_manifest(self):
        by_path = self.by_path()
        checked = 0
        for row in self.manifest:
            path = os.path.join(PHOTOS, row["file"])
            item = by_path.get(path)
            if item is None:
                continue
            iso = exif_date_to_iso(row["date"])
            if iso and 1970 <= int(iso[:4]) <= 2030:
                self.assertEqual(item["taken_at"][:19], iso, row["file"])
                checked += 1
            if row["camera"] and "Canon EOS 6D" in row["camera"]:
                self.assertEqual(item["camera"], "Canon EOS 6D")
        self.assertGreater(checked, 60)

    def test_ls_filters(self):
        nikon = self.cli.run("ls", "--camera", "nikon", "--json", expect=EXIT_OK, json_out=True)
        self.assertGreater(len(nikon), 3)
        for item in nikon:
            self.assertIn("nikon", item["camera"].lower())

        y2020 = self.cli.run("ls", "--from", "2020-01-01", "--to", "2020-12-31", "--json",
                             expect=EXIT_OK, json_out=True)
        expected = [i for i in self.items if i["taken_at"] and i["taken_at"].startswith("2020-")]
        self.assertEqual(sorted(i["id"] for i in y2020), sorted(i["id"] for i in expected))
        self.assertGreater(len(y2020), 1)

        page = self.cli.run("ls", "--limit", "5", "--offset", "2", "--json", expect=EXIT_OK,
                            json_out=True)
        self.assertEqual([i["id"] for i in page], [i["id"] for i in self.items[2:7]])

        self.assertEqual(self.cli.run("ls", "--kind", "video", "--json", expect=EXIT_OK,
                                      json_out=True), [])

    def test_ls_place(self):
        # Furnace Creek (Death Valley) has GPS; its place is in the United States.
        us = self.cli.run("ls", "--place", "US", "--json", expect=EXIT_OK, json_out=True)
        paths = {i["path"] for i in us}
        self.assertIn(os.path.join(PHOTOS, "camera/exiv2-FurnaceCreekInn.jpg"), paths)
        for item in us:
            self.assertEqual(item["place"]["country_code"], "US")

    def test_info(self):
        target = os.path.join(PHOTOS, "camera/gexiv2-CaorVN.jpeg")
        info = self.cli.run("info", target, "--json", expect=EXIT_OK, json_out=True)
        same = self.cli.run("info", str(info["id"]), "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual(info, same)
        self.assertEqual(info["camera"], "Canon PowerShot G11")
        self.assertEqual(info["taken_at"][:19], "2011-06-13T09:37:37")
        self.assertIsNotNone(info["gps"])
        self.assertEqual(info["place"]["country_code"], "FR")
        self.assertEqual(len(info["files"]), 1)
        f = info["files"][0]
        self.assertEqual(f["path"], target)
        with open(target, "rb") as fh:
            self.assertEqual(f["sha256"], hashlib.sha256(fh.read()).hexdigest())
        human = self.cli.run("info", str(info["id"]), expect=EXIT_OK).stdout.decode()
        self.assertIn("Canon PowerShot G11", human)
        self.assertIn(target, human)

    def test_info_exact_duplicates_are_one_item(self):
        a = os.path.join(PHOTOS, "near-dups/exact/exiv2-exiv2-bug445.jpg")
        b = os.path.join(PHOTOS, "near-dups/exact/exiv2-exiv2-canon-powershot-s40.jpg")
        ia = self.cli.run("info", a, "--json", expect=EXIT_OK, json_out=True)
        ib = self.cli.run("info", b, "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual(ia["id"], ib["id"])
        self.assertEqual(sorted(f["path"] for f in ia["files"]), sorted([a, b]))

    def test_stats(self):
        stats = self.cli.run("stats", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual(stats["items"], len(self.items))
        self.assertEqual(stats["photos"], len(self.items))
        self.assertEqual(stats["videos"], 0)
        self.assertGreaterEqual(stats["locations"], stats["items"])
        self.assertEqual(stats["import_errors"], self.summary["failed"])

    def test_import_again_changes_nothing(self):
        again = self.cli.run("import", "--json", os.path.join(PHOTOS, "camera"), expect=EXIT_OK,
                             json_out=True)
        self.assertEqual(again["imported"], 0)
        self.assertEqual(again["duplicates"], 23)
        self.assertEqual(len(self.cli.run("ls", "--json", expect=EXIT_OK, json_out=True)),
                         len(self.items))

    def test_thumbnails(self):
        item = next(i for i in self.items
                    if i["path"].endswith("camera/fsf-IMG_20200827_231612.jpg"))
        out = os.path.join(self.tmp, "grid.jpg")
        self.cli.run("thumbnail", str(item["id"]), "--size", "grid", "--output", out,
                     expect=EXIT_OK)
        self.assertEqual(min(jpeg_size(out)), 360)
        out = os.path.join(self.tmp, "preview.jpg")
        self.cli.run("thumbnail", str(item["id"]), "--size", "preview", "--output", out,
                     expect=EXIT_OK)
        self.assertEqual(max(jpeg_size(out)), 1600)
        self.cli.run("thumbnail", str(item["id"]), "--size", "huge", "--output", out,
                     expect=EXIT_USAGE)

    def test_check(self):
        self.cli.run("check", expect=EXIT_OK)

    def test_check_finds_missing_and_changed_files(self):
        src = os.path.join(self.tmp, "check-src")
        os.makedirs(src)
        for name in ("jhead-S40.jpg", "jhead-sony.jpg", "jhead-hp.jpg"):
            shutil.copy(os.path.join(PHOTOS, "camera", name), src)
        cli = Cli(os.path.join(self.tmp, "check-lib"))
        cli.run("import", "--reference", "--quiet", src, expect=EXIT_OK)
        cli.run("check", expect=EXIT_OK)
        os.unlink(os.path.join(src, "jhead-sony.jpg"))
        with open(os.path.join(src, "jhead-hp.jpg"), "r+b") as f:
            f.seek(200)
            old = f.read(4)
            f.seek(200)
            f.write(bytes(b ^ 0xFF for b in old))
        report = cli.run("check", "--verify-hashes", "--json", expect=EXIT_PROBLEMS,
                         json_out=True)
        self.assertFalse(report["ok"])
        self.assertTrue(report["database_ok"])
        self.assertEqual(report["missing"], 1)
        self.assertEqual(report["hash_mismatches"], 1)

    def test_usage_errors(self):
        self.cli.run("frobnicate", expect=EXIT_USAGE)
        self.cli.run("info", expect=EXIT_USAGE)
        self.cli.run("ls", "--from", "yesterday", expect=EXIT_USAGE)
        self.cli.run("import", expect=EXIT_USAGE)
        self.cli.run("info", "999999", expect=EXIT_NOT_FOUND)
        self.cli.run("info", "/nonexistent/photo.jpg", expect=EXIT_NOT_FOUND)
        proc = subprocess.run([CLI, "--library"], capture_output=True)
        self.assertEqual(proc.returncode, EXIT_USAGE)
        help_text = subprocess.run([CLI, "--help"], capture_output=True).stdout.decode()
        for word in ("import", "ls", "info", "stats", "check", "thumbnail", "--library"):
            self.assertIn(word, help_text)
        for cmd in ("import", "ls", "info", "stats", "check", "thumbnail"):
            self.cli.run(cmd, "--help", expect=EXIT_OK)

    def test_french_messages(self):
        fr = Cli(self.cli.library, env={"LC_ALL": "fr_FR.UTF-8", "LANGUAGE": "fr"})
        proc = fr.run("info", "999999", expect=EXIT_NOT_FOUND)
        en = self.cli.run("info", "999999", expect=EXIT_NOT_FOUND)
        self.assertNotEqual(proc.stderr, en.stderr)
        usage = fr.run("--help", expect=EXIT_OK).stdout.decode()
        self.assertIn("Commandes", usage)

    def test_newer_catalogue_refused_untouched(self):
        lib = os.path.join(self.tmp, "newer-lib")
        cli = Cli(lib)
        cli.run("stats", expect=EXIT_OK)
        db = os.path.join(lib, "library.db")
        con = sqlite3.connect(db)
        con.execute("PRAGMA user_version = 9999")
        con.commit()
        con.close()
        for suffix in ("-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.unlink(db + suffix)
        with open(db, "rb") as f:
            before = hashlib.sha256(f.read()).hexdigest()
        proc = cli.run("ls", expect=EXIT_CATALOGUE)
        self.assertIn(b"newer", proc.stderr)
        with open(db, "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
