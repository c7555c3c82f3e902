#!/usr/bin/env python3
# souvenir-cli search, suggest, caption, keyword, favorite, rate, album,
# date and place, end to end: the real binary on a real library made from
# the test photos (camera/), checked against MANIFEST.tsv.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import datetime
import json
import os
import shutil
import subprocess
import tempfile
import unittest

CLI = os.environ["SV_CLI"]
PHOTOS = os.path.realpath(os.environ["SV_PHOTOS_DIR"])

EXIT_OK, EXIT_USAGE, EXIT_NOT_FOUND = 0, 2, 3


def manifest():
    with open(os.path.join(PHOTOS, "MANIFEST.tsv"), newline="") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r["file"].startswith("camera/")]


class Cli:
    def __init__(self, library):
        self.library = library

    def run(self, *args, locale="en_US.UTF-8", check=None):
        env = dict(os.environ)
        env["LC_ALL"] = locale
        env.pop("LANGUAGE", None)
        p = subprocess.run([CLI, "--library", self.library] + list(args), env=env,
                           capture_output=True, text=True, timeout=120)
        assert "Traceback" not in p.stderr and "CRITICAL" not in p.stderr, p.stderr
        assert p.returncode >= 0, "crashed: %s %s" % (args, p.stderr)
        if check is not None:
            assert p.returncode == check, "%s: exit %d, expected %d\n%s" % (
                args, p.returncode, check, p.stderr)
        return p

    def json(self, *args, locale="en_US.UTF-8"):
        p = self.run(*args, "--json", locale=locale, check=EXIT_OK)
        return json.loads(p.stdout)

    def ids(self, *query, locale="en_US.UTF-8"):
        return [o["id"] for o in self.json("search", *query, locale=locale)]


class SearchCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sv-search-cli-")
        cls.cli = Cli(os.path.join(cls.tmp, "library"))
        cls.cli.run("import", os.path.join(PHOTOS, "camera"), locale="fr_FR.UTF-8")
        cls.items = cls.cli.json("ls")
        assert len(cls.items) >= 20, len(cls.items)
        cls.by_path = {}
        for item in cls.cli.json("ls"):
            cls.by_path[os.path.realpath(item["path"])] = item

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def item_for(self, row):
        return self.by_path.get(os.path.realpath(os.path.join(PHOTOS, row["file"])))

    def test_dates_against_manifest(self):
        checked = 0
        current = {os.path.realpath(o["path"]): o for o in self.cli.json("ls")}
        for row in manifest():
            d = row["date"]
            item = current.get(os.path.realpath(os.path.join(PHOTOS, row["file"])))
            if item is None or len(d) != 19 or d[4] != ":" or d.startswith("0000"):
                continue
            iso = d[0:4] + "-" + d[5:7] + "-" + d[8:10]
            if not (item.get("taken_at") or "").startswith(iso):
                continue
            checked += 1
            self.assertIn(item["id"], self.cli.ids(d[0:4]))
            self.assertIn(item["id"], self.cli.ids(iso))
            fr = self.cli.ids("%s/%s/%s" % (d[8:10], d[5:7], d[0:4]), locale="fr_FR.UTF-8")
            en = self.cli.ids("%s/%s/%s" % (d[5:7], d[8:10], d[0:4]), locale="en_US.UTF-8")
            self.assertIn(item["id"], fr)
            self.assertEqual(sorted(fr), sorted(en))
        self.assertGreaterEqual(checked, 10)

    def test_json_is_ls_json(self):
        found = self.cli.json("search", "canon")
        self.assertGreater(len(found), 0)
        ls = {o["id"]: o for o in self.cli.json("ls")}
        for o in found:
            self.assertEqual(o, ls[o["id"]])

    def test_count_and_limit(self):
        n = int(self.cli.run("search", "--count", "canon", check=EXIT_OK).stdout)
        self.assertEqual(n, len(self.cli.ids("canon")))
        self.assertEqual(len(self.cli.ids("canon", "--limit", "2")), min(2, n))

    def test_filters(self):
        gps = set(self.cli.ids("has:gps"))
        self.assertEqual(gps, set(self.cli.ids("a:gps")))
        with_gps = [r for r in manifest() if r["has_gps"] == "yes" and self.item_for(r)]
        self.assertGreater(len(with_gps), 2)
        found = sum(1 for r in with_gps if self.item_for(r)["id"] in gps)
        self.assertGreaterEqual(found * 4, len(with_gps) * 3)
        self.assertEqual(set(self.cli.ids("-has:gps")) | gps, {o["id"] for o in self.items})
        self.assertEqual(len(self.cli.ids("type:photo")), len(self.items))
        self.assertEqual(self.cli.ids("type:vidéo"), [])
        nikon = set(self.cli.ids("camera:nikon"))
        self.assertEqual(nikon, set(self.cli.ids("appareil:NIKON")))
        for o in self.cli.json("search", "camera:nikon"):
            self.assertIn("nikon", json.dumps(o).lower())

    def test_malformed_queries(self):
        for q in ['"open', "(a", "a)", "OR a", "type:foo", "rating>=7", "avant:hier-soir",
                  "31/02/2024", "x" * 100000]:
            p = self.cli.run("search", q, check=EXIT_USAGE)
            self.assertTrue(p.stderr.startswith("souvenir-cli: "), p.stderr)
            self.assertNotIn("SQL", p.stderr)
            self.assertNotIn("fts5", p.stderr)
        p = self.cli.run("search", '"ouvert', locale="fr_FR.UTF-8", check=EXIT_USAGE)
        for q in ['"*:^"', "*", "NEAR(a b)", "a AND b", "{caption}:x", "'; DROP TABLE items;--",
                  "😀", "-", "()"]:
            p = self.cli.run("search", "--", q)
            self.assertIn(p.returncode, (EXIT_OK, EXIT_USAGE), p.stderr)
            self.assertNotIn("SQL", p.stderr)
        self.assertEqual(len(self.cli.json("ls")), len(self.items))

    def test_edits_are_searchable(self):
        a, b, c = (o["id"] for o in self.items[:3])
        rated = set(self.cli.ids("rating>=4"))
        self.cli.run("caption", str(a), "Anniversaire de Léa", check=EXIT_OK)
        self.assertIn(a, self.cli.ids("anniv"))
        self.assertIn(a, self.cli.ids("LEA"))
        self.cli.run("keyword", "add", "Côte d’Azur", str(b), str(c), check=EXIT_OK)
        self.assertEqual(set(self.cli.ids("cote")), {b, c})
        completions = self.cli.json("keyword", "complete", "CÔT")
        self.assertEqual(completions, [{"name": "Côte d’Azur", "count": 2}])
        self.cli.run("keyword", "rm", "côte d’azur", str(b), check=EXIT_OK)
        self.assertEqual(self.cli.ids("cote"), [c])
        self.cli.run("favorite", str(a), str(c), check=EXIT_OK)
        self.assertEqual(set(self.cli.ids("is:favorite")), {a, c})
        self.assertEqual(set(self.cli.ids("est:favori")), {a, c})
        self.cli.run("favorite", "--off", str(a), check=EXIT_OK)
        self.assertEqual(self.cli.ids("is:favorite"), [c])
        self.cli.run("rate", "4", str(b), check=EXIT_OK)
        self.assertEqual(set(self.cli.ids("rating>=4")), rated | {b})
        self.assertEqual(set(self.cli.ids("note>=4")), rated | {b})
        self.cli.run("rate", "9", str(b), check=EXIT_USAGE)
        self.cli.run("rate", "3", "999999", check=EXIT_NOT_FOUND)
        self.cli.run("caption", str(a), "", check=EXIT_OK)
        self.assertNotIn(a, self.cli.ids("anniv"))
        self.cli.run("favorite", "--off", str(c), check=EXIT_OK)
        self.cli.run("rate", "0", str(b), check=EXIT_OK)
        self.cli.run("keyword", "rm", "Côte d’Azur", str(c), check=EXIT_OK)

    def test_albums(self):
        ids = [o["id"] for o in self.items[5:10]]
        out = self.cli.run("album", "create", "Vacances à Nice", check=EXIT_OK).stdout
        album_id = int(out)
        self.cli.run("album", "create", "Vacances à Nice", check=1)
        self.cli.run("album", "add", "Vacances à Nice", *map(str, ids), check=EXIT_OK)
        shown = self.cli.json("album", "show", str(album_id))
        self.assertEqual([o["id"] for o in shown["items"]], ids)
        self.assertEqual(shown["count"], 5)
        self.assertEqual(shown["cover"], ids[0])
        self.assertTrue(shown["cover_automatic"])
        self.assertEqual(set(self.cli.ids("album:vacances")), set(ids))
        self.assertEqual(set(self.cli.ids("nice")) & set(ids), set(ids))

        self.cli.run("album", "order", "Vacances à Nice", str(ids[3]), str(ids[1]), check=EXIT_OK)
        shown = self.cli.json("album", "show", "Vacances à Nice")
        self.assertEqual([o["id"] for o in shown["items"]],
                         [ids[3], ids[1], ids[0], ids[2], ids[4]])
        self.cli.run("album", "order", str(album_id), "--by-date", check=EXIT_OK)
        shown = self.cli.json("album", "show", str(album_id))
        self.assertEqual(shown["sort"], "date")
        dates = [o.get("taken_at") for o in shown["items"]]
        dated = [d for d in dates if d]
        self.assertEqual(dated, sorted(dated))

        self.cli.run("album", "cover", str(album_id), str(ids[2]), check=EXIT_OK)
        self.assertEqual(self.cli.json("album", "show", str(album_id))["cover"], ids[2])
        self.cli.run("album", "remove", str(album_id), str(ids[2]), check=EXIT_OK)
        shown = self.cli.json("album", "show", str(album_id))
        self.assertEqual(shown["count"], 4)
        self.assertTrue(shown["cover_automatic"])

        self.cli.run("album", "rename", str(album_id), "Nice 2024", check=EXIT_OK)
        self.cli.run("album", "describe", "Nice 2024", "Avec les cousins", check=EXIT_OK)
        listed = self.cli.json("album", "ls")
        self.assertEqual([(a["id"], a["name"], a["description"]) for a in listed],
                         [(album_id, "Nice 2024", "Avec les cousins")])
        self.assertEqual(self.cli.ids("album:vacances"), [])
        self.cli.run("album", "show", "Vacances à Nice", check=EXIT_NOT_FOUND)
        self.cli.run("album", "add", "Nice 2024", "999999", check=EXIT_NOT_FOUND)

        self.cli.run("album", "rm", "Nice 2024", check=EXIT_OK)
        self.assertEqual(self.cli.json("album", "ls"), [])
        self.assertEqual(len(self.cli.json("ls")), len(self.items))

    def test_date_shift_and_reset(self):
        timeline = [o["id"] for o in self.cli.json("ls")]
        dated = [o for o in self.cli.json("ls") if o.get("taken_at")]
        target = dated[-1]
        key = "taken_at"
        original = target[key]
        try:
            self.cli.run("date", "shift", "+01:00", str(target["id"]), check=EXIT_OK)
            after = self.cli.json("info", str(target["id"]))
            self.assertNotEqual(after[key], original)
            self.assertEqual(after[key][11:13], "%02d" % ((int(original[11:13]) + 1) % 24))
            self.cli.run("date", "shift", "+900000:00", str(target["id"]), check=EXIT_USAGE)
            # A big shift moves the item to the top of the timeline.
            newest = datetime.datetime.fromisoformat(dated[0][key][:19])
            hours = int((newest - datetime.datetime.fromisoformat(original[:19])).total_seconds()
                        // 3600) + 48
            self.cli.run("date", "shift", "+%d:00" % hours, str(target["id"]), check=EXIT_OK)
            self.assertEqual(self.cli.json("ls")[0]["id"], target["id"])
            self.cli.run("date", "tz", "+02:00", str(target["id"]), check=EXIT_OK)
            self.cli.run("date", "tz", "+15:00", str(target["id"]), check=EXIT_USAGE)
            self.cli.run("date", "shift", "1h", str(target["id"]), check=EXIT_USAGE)
        finally:
            self.cli.run("date", "reset", str(target["id"]), check=EXIT_OK)
        self.assertEqual(self.cli.json("info", str(target["id"]))[key], original)
        self.assertEqual([o["id"] for o in self.cli.json("ls")], timeline)

    def test_place_fixes(self):
        target = self.items[12]["id"]
        before = self.cli.json("info", str(target))
        matches = self.cli.json("place", "find", "Lyon")
        self.assertEqual(matches[0]["city_en"], "Lyon")
        self.assertEqual(matches[0]["country_code"], "FR")
        self.assertNotIn(target, self.cli.ids("lyon"))
        self.cli.run("place", "set", "Lyon", str(target), check=EXIT_OK)
        self.assertIn(target, self.cli.ids("lyon"))
        self.assertIn(target, self.cli.ids("place:lyon"))
        self.cli.run("place", "set", "Xyzzyville", str(target), check=EXIT_NOT_FOUND)
        self.cli.run("place", "clear", str(target), check=EXIT_OK)
        self.assertNotIn(target, self.cli.ids("lyon"))
        self.cli.run("place", "reset", str(target), check=EXIT_OK)
        self.assertEqual(self.cli.json("info", str(target)), before)

    def test_suggest(self):
        got = self.cli.json("suggest", "appareil:can")
        self.assertGreater(len(got), 0)
        for s in got:
            self.assertEqual(s["kind"], "camera")
            n = int(self.cli.run("search", "--count", "camera:" + json.dumps(s["text"]),
                                 check=EXIT_OK).stdout)
            self.assertGreaterEqual(n, s["count"])
        self.assertEqual(self.cli.json("suggest", "type:vi"), [])

    def test_usage_errors(self):
        self.cli.run("album", check=EXIT_USAGE)
        self.cli.run("album", "frobnicate", "x", check=EXIT_USAGE)
        self.cli.run("keyword", "add", "x", check=EXIT_USAGE)
        self.cli.run("date", "shift", check=EXIT_USAGE)
        self.cli.run("place", "set", "Lyon", check=EXIT_USAGE)
        self.cli.run("caption", "999999", "x", check=EXIT_NOT_FOUND)


if __name__ == "__main__":
    unittest.main(verbosity=2)
