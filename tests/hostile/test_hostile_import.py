#!/usr/bin/env python3
# Hostile input: broken, truncated, random, huge-announcing, looping,
# unreadable, vanishing and badly named files, and a folder of 10,000 empty
# files, imported with the real souvenir-cli. Every bad file gets its own
# clear reason, nothing crashes or hangs, the pixel limit refuses
# decompression bombs before decoding, and `check` passes afterwards.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_util import (EXIT_OK, EXIT_PARTIAL, PHOTOS, Cli, exif_bad_ifd0_offset,  # noqa: E402
                          exif_loop, exif_out_of_range, heif_iloc_bomb, jpeg_with_app1,
                          jpeg_with_comment, jpeg_with_size, png_bomb, random_bytes, read_photo,
                          write)

JPEG = "camera/fsf-IMG_1054.JPG"        # 1280 x 960, EXIF, thumbnail
SMALL_JPEG = "metadata/exiftool-GPS.jpg"  # 120 x 80
PNG = "scenes/skimage-coffee.png"
HEIC = "formats/libheif-example.heic"

# Reasons, by file name: a regular expression the reason must match.
TOO_LARGE = r"too large \(60000 × 60000 pixels\); the limit is 100 megapixels"
EMPTY = r"(?i)empty"
NOT_IMAGE = r"The file is damaged or is not really an image"
DAMAGED = r"(damaged|not a valid (JPEG|PNG|HEIF) image)"
# Reported by the walk, before any file is opened; the path says which.
WALK_FAILURES = {"gen-loop-a.jpg", "gen-loop-b.jpg", "gen-self.jpg", "gen-dangling.jpg",
                 "gen-fifo.jpg"}


def base(path):
    return os.path.basename(path)


class HostileImportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sv-hostile-")
        cls.src = os.path.join(cls.tmp, "hostile")
        os.makedirs(cls.src)
        cls.expect = {}  # basename → regex, or None: must be imported
        cls.broken = sorted(os.listdir(os.path.join(PHOTOS, "broken")))
        for name in cls.broken:
            shutil.copyfile(os.path.join(PHOTOS, "broken", name), os.path.join(cls.src, name))
        cls.make_generated()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def gen(cls, name, data, reason):
        write(os.path.join(cls.src, name), data)
        cls.expect[name] = reason

    @classmethod
    def make_generated(cls):
        jpeg, png, heic = read_photo(JPEG), read_photo(PNG), read_photo(HEIC)
        small = read_photo(SMALL_JPEG)

        cls.gen("gen-zero-bytes.jpg", b"", EMPTY)
        cls.gen("gen-zero-bytes.png", b"", EMPTY)
        cls.gen("gen-random.jpg", random_bytes(20000, 1), NOT_IMAGE)
        cls.gen("gen-random-small.jpg", random_bytes(7, 2), NOT_IMAGE)
        cls.gen("gen-text.jpg", b"This is not a photo at all.\n" * 40, NOT_IMAGE)
        # Truncated: inside the headers (no picture at all) and inside the
        # compressed data (the decoded part is kept, the rest grey: the
        # thumbnailer's documented behaviour, so those are imported).
        for off in (2, 3, 20, 200, 1000):
            cls.gen(f"gen-jpeg-cut-{off}.jpg", jpeg[:off], DAMAGED)
        cls.gen("gen-jpeg-cut-half.jpg", jpeg[:len(jpeg) // 2], None)
        cls.gen("gen-jpeg-cut-end.jpg", jpeg[:-2], None)
        for off in (8, 20, 33, 60):
            cls.gen(f"gen-png-cut-{off}.png", png[:off], DAMAGED)
        cls.gen("gen-png-cut-half.png", png[:len(png) // 2], None)
        for off in (12, 100, 1000, len(heic) // 2):
            cls.gen(f"gen-heic-cut-{off}.heic", heic[:off], DAMAGED)
        cls.gen("gen-heif-iloc-loop.heic", heif_iloc_bomb(), DAMAGED)
        # Decompression bombs: headers announcing 60,000 x 60,000 pixels.
        cls.gen("gen-bomb.png", png_bomb(60000, 60000), TOO_LARGE)
        cls.gen("gen-bomb.jpg", jpeg_with_size(small, 60000, 60000), TOO_LARGE)
        # EXIF with out-of-range offsets and loops: the picture is fine, the
        # metadata is ignored where it cannot be trusted.
        cls.gen("gen-exif-out-of-range.jpg", jpeg_with_app1(small, exif_out_of_range()), None)
        cls.gen("gen-exif-bad-ifd0.jpg", jpeg_with_app1(small, exif_bad_ifd0_offset()), None)
        cls.gen("gen-exif-loop.jpg", jpeg_with_app1(small, exif_loop()), None)
        # Links: a loop of two, a link to itself, a dangling one.
        os.symlink("gen-loop-b.jpg", os.path.join(cls.src, "gen-loop-a.jpg"))
        os.symlink("gen-loop-a.jpg", os.path.join(cls.src, "gen-loop-b.jpg"))
        os.symlink("gen-self.jpg", os.path.join(cls.src, "gen-self.jpg"))
        os.symlink("nowhere.jpg", os.path.join(cls.src, "gen-dangling.jpg"))
        cls.expect["gen-loop-a.jpg"] = r"loop of links"
        cls.expect["gen-loop-b.jpg"] = r"loop of links"
        cls.expect["gen-self.jpg"] = r"loop of links"
        cls.expect["gen-dangling.jpg"] = r"does not exist"
        # A folder link loop: walked once, no failure, no hang.
        os.makedirs(os.path.join(cls.src, "gen-dir"))
        os.symlink("..", os.path.join(cls.src, "gen-dir", "parent"))
        # A FIFO named like a photo: opening it for reading would block.
        os.mkfifo(os.path.join(cls.src, "gen-fifo.jpg"))
        cls.expect["gen-fifo.jpg"] = r"not a regular file"
        # Non-UTF-8 names: a good photo (imported) and a broken one.
        write(os.path.join(os.fsencode(cls.src), b"gen-caf\xe9-good.jpg"), small)
        write(os.path.join(os.fsencode(cls.src), b"gen-caf\xe9-bad.jpg"), b"")

    def import_set(self, mode):
        cli = Cli(os.path.join(self.tmp, f"lib-{mode}"), os.path.join(self.tmp, f"home-{mode}"))
        t0 = time.monotonic()
        summary = cli.run("import", f"--{mode}", "--json", self.src, expect=EXIT_PARTIAL,
                          json_out=True, timeout=120)
        seconds = time.monotonic() - t0
        return cli, summary, seconds

    def check_summary(self, summary):
        failures = {}
        for f in summary["failures"]:
            failures.setdefault(base(f["path"]), []).append(f["reason"])
        imported_names = set()
        # Every failure is about one file, with a non-trivial reason.
        for name, reasons in failures.items():
            self.assertEqual(len(reasons), 1, f"{name}: {reasons}")
            self.assertGreater(len(reasons[0]), 10, f"{name}: {reasons}")
        for name, pattern in self.expect.items():
            if pattern is None:
                self.assertNotIn(name, failures, f"{name} should be imported: {failures.get(name)}")
                imported_names.add(name)
            else:
                self.assertIn(name, failures, f"{name} should fail")
                self.assertRegex(failures[name][0], pattern, name)
        # The names that are not UTF-8 are shown with a replacement character.
        bad = [n for n in failures if n.startswith("gen-caf") and n.endswith("-bad.jpg")]
        self.assertEqual(len(bad), 1, failures.keys())
        self.assertRegex(failures[bad[0]][0], EMPTY)
        self.assertFalse(any(n.startswith("gen-caf") and n.endswith("-good.jpg")
                             for n in failures))
        # A reason names its file (the walk's reasons are about the path).
        for name, reasons in failures.items():
            if name not in WALK_FAILURES:
                self.assertIn(f"“{name}”", reasons[0])
        # Most of the known-broken files are refused; the others import (a
        # usable picture with metadata that cannot be trusted, ignored).
        self.assertGreaterEqual(len([n for n in self.broken if n in failures]), 20)
        return failures

    def test_reference_import(self):
        cli, summary, seconds = self.import_set("reference")
        failures = self.check_summary(summary)
        self.assertLess(seconds, 60)
        n_ok = len([n for n, p in self.expect.items() if p is None]) + 1  # + the café photo
        self.assertGreaterEqual(summary["imported"] + summary["duplicates"], n_ok)
        # Each candidate file ends up imported, duplicate or failed, once.
        self.assertEqual(summary["imported"] + summary["duplicates"] + summary["failed"]
                         - len(WALK_FAILURES), summary["files_seen"])
        self.assertEqual(len(self.broken) + len(self.expect) + 2 - len(WALK_FAILURES),
                         summary["files_seen"])
        report = cli.check()
        self.assertTrue(report["ok"], report)
        self.assertEqual(report["missing"], 0)
        # Errors are kept in the catalogue with the import.
        with cli.db() as con:
            n = con.execute("SELECT count(*) FROM import_errors").fetchone()[0]
        self.assertEqual(n, summary["failed"])
        # Items with non-UTF-8 names list fine.
        listing = cli.run("ls", "--json", expect=EXIT_OK, json_out=True)
        self.assertEqual(len(listing), cli.n_items())
        # A second run imports nothing new and fails the same files.
        again = cli.run("import", "--reference", "--json", self.src, expect=EXIT_PARTIAL,
                        json_out=True, timeout=120)
        self.assertEqual(again["imported"], 0)
        self.assertEqual(again["failed"], summary["failed"])
        cli.check()

    def test_copy_import(self):
        cli, summary, seconds = self.import_set("copy")
        failures = self.check_summary(summary)
        self.assertLess(seconds, 60)
        report = cli.check()
        self.assertTrue(report["ok"], report)
        # Exactly one managed copy per item, no temporary copy left.
        copies = []
        for root, dirs, files in os.walk(cli.managed_root):
            for f in files:
                self.assertFalse(f.startswith(".souvenir-import-"), f)
                copies.append(f)
        self.assertEqual(len(copies), cli.n_items())
        self.assertEqual(len(copies), summary["imported"])
        # Nothing was copied for the files that failed.
        for name in failures:
            self.assertNotIn(name, copies)

    def test_bombs_are_refused_before_decoding(self):
        src = os.path.join(self.tmp, "bombs")
        os.makedirs(src)
        for name in ("gen-bomb.png", "gen-bomb.jpg"):
            shutil.copyfile(os.path.join(self.src, name), os.path.join(src, name))
        cli = Cli(os.path.join(self.tmp, "lib-bombs"), os.path.join(self.tmp, "home-bombs"))
        t0 = time.monotonic()
        proc = cli.popen("import", "--reference", "--json", src, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
        out, err = proc.communicate(timeout=60)
        seconds = time.monotonic() - t0
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.assertEqual(proc.returncode, EXIT_PARTIAL, err)
        self.assertLess(seconds, 20)
        # A full decode would need 60000 * 60000 * 3 bytes = 10.8 GB; refusing
        # from the header costs (almost) nothing. ru_maxrss is in KiB and
        # covers every child so far, so this bounds the bomb import too.
        self.assertLess(usage.ru_maxrss, 1024 * 1024, "more than 1 GB resident")
        summary = json.loads(out)
        self.assertEqual(summary["imported"], 0)
        self.assertEqual(sorted(base(f["path"]) for f in summary["failures"]),
                         ["gen-bomb.jpg", "gen-bomb.png"])
        for f in summary["failures"]:
            self.assertRegex(f["reason"], TOO_LARGE)
        cli.check()

    def test_heif_iloc_loop_is_quick(self):
        # 4 billion turns of the HEIF item-location loop took 2 minutes.
        src = os.path.join(self.tmp, "iloc")
        os.makedirs(src)
        shutil.copyfile(os.path.join(self.src, "gen-heif-iloc-loop.heic"),
                        os.path.join(src, "gen-heif-iloc-loop.heic"))
        cli = Cli(os.path.join(self.tmp, "lib-iloc"), os.path.join(self.tmp, "home-iloc"))
        t0 = time.monotonic()
        summary = cli.run("import", "--reference", "--json", src, expect=EXIT_PARTIAL,
                          json_out=True, timeout=60)
        self.assertLess(time.monotonic() - t0, 10)
        self.assertRegex(summary["failures"][0]["reason"], DAMAGED)

    def test_pixel_limit_is_a_setting(self):
        # With a 0.005 megapixel limit, a 120 x 80 photo (9,600 px) is a bomb.
        src = os.path.join(self.tmp, "limit")
        os.makedirs(src)
        write(os.path.join(src, "small.jpg"), read_photo(SMALL_JPEG))
        cli = Cli(os.path.join(self.tmp, "lib-limit"), os.path.join(self.tmp, "home-limit"))
        cli.run("stats", expect=EXIT_OK)  # creates the library
        with cli.db() as con:
            # (no CLI command sets it; the app's preferences do)
            con.execute("INSERT OR REPLACE INTO settings (key, value)"
                        " VALUES ('pixel-limit', '5000')")
        summary = cli.run("import", "--reference", "--json", src, expect=EXIT_PARTIAL,
                          json_out=True)
        self.assertEqual(len(summary["failures"]), 1)
        self.assertRegex(summary["failures"][0]["reason"],
                         r"too large \(120 × 80 pixels\); the limit is 0.005 megapixels")

    def test_unreadable_file(self):
        src = os.path.join(self.tmp, "unreadable")
        os.makedirs(src)
        path = write(os.path.join(src, "secret.jpg"), read_photo(SMALL_JPEG))
        os.chmod(path, 0)
        home = os.path.join(self.tmp, "home-unreadable")
        lib = os.path.join(self.tmp, "lib-unreadable")
        cli = Cli(lib, home)
        kw = {}
        if os.geteuid() == 0:
            # root reads files whatever their mode: the import runs as the
            # unprivileged user "nobody" (65534), which owns the library.
            for d in (home, lib):
                os.makedirs(d, exist_ok=True)
            os.makedirs(cli.env["XDG_CONFIG_HOME"], exist_ok=True)
            for root, dirs, files in os.walk(home):
                os.chown(root, 65534, 65534)
            os.chown(lib, 65534, 65534)
            os.chmod(self.tmp, 0o755)
            os.chmod(src, 0o755)
            kw = {"user": 65534, "group": 65534, "extra_groups": []}
        summary = cli.run("import", "--reference", "--json", src, expect=EXIT_PARTIAL,
                          json_out=True, **kw)
        self.assertEqual([base(f["path"]) for f in summary["failures"]], ["secret.jpg"])
        print(summary["failures"][0]["reason"], file=sys.stderr)
        self.assertRegex(summary["failures"][0]["reason"], r"(?i)permission denied")
        self.assertRegex(summary["failures"][0]["reason"], r"secret\.jpg")
        cli.run("check", expect=EXIT_OK, **kw)

    def test_file_vanishing_mid_import(self):
        src = os.path.join(self.tmp, "vanishing")
        os.makedirs(src)
        photo = read_photo(SMALL_JPEG)
        for i in range(60):
            write(os.path.join(src, f"a-{i:03d}.jpg"), jpeg_with_comment(photo, f"photo {i}"))
        victim = write(os.path.join(src, "z-vanishes.jpg"), jpeg_with_comment(photo, "victim"))
        cli = Cli(os.path.join(self.tmp, "lib-vanish"), os.path.join(self.tmp, "home-vanish"))
        proc = cli.popen("import", "--copy", "--jobs", "1", "--json", src,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # The walk is over once the first copy appears; the victim, last in
        # name order, is then still waiting for its turn.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = any(files for _, _, files in os.walk(cli.managed_root))
            if found:
                break
            time.sleep(0.002)
        os.unlink(victim)
        out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, EXIT_PARTIAL, err)
        summary = json.loads(out)
        self.assertEqual(summary["imported"], 60)
        self.assertEqual([base(f["path"]) for f in summary["failures"]], ["z-vanishes.jpg"])
        print(summary["failures"][0]["reason"], file=sys.stderr)
        self.assertRegex(summary["failures"][0]["reason"], r"(?i)no such file|no longer|not exist")
        cli.check()

    def test_ten_thousand_empty_files(self):
        src = os.path.join(self.tmp, "empties")
        os.makedirs(src)
        for i in range(10000):
            open(os.path.join(src, f"IMG_{i:05d}.jpg"), "wb").close()
        cli = Cli(os.path.join(self.tmp, "lib-empties"), os.path.join(self.tmp, "home-empties"))
        t0 = time.monotonic()
        summary = cli.run("import", "--reference", "--json", src, expect=EXIT_PARTIAL,
                          json_out=True, timeout=60)
        seconds = time.monotonic() - t0
        print(f"10,000 empty files: {seconds:.1f} s", file=sys.stderr)
        self.assertEqual(summary["files_seen"], 10000)
        self.assertEqual(summary["failed"], 10000)
        self.assertEqual(summary["imported"], 0)
        self.assertEqual(len(summary["failures"]), 10000)
        names = {base(f["path"]) for f in summary["failures"]}
        self.assertEqual(len(names), 10000)
        for f in summary["failures"]:
            self.assertRegex(f["reason"], EMPTY)
        report = cli.check()
        self.assertTrue(report["ok"])
        self.assertLess(seconds, 45)


if __name__ == "__main__":
    unittest.main(verbosity=2)
