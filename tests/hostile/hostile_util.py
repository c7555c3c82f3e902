# Shared by the hostile-input tests: the CLI runner, a private environment
# (HOME, XDG folders) per library, and generators for broken files.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import random
import shutil
import sqlite3
import struct
import subprocess
import zlib

CLI = os.environ["SV_CLI"]
PHOTOS = os.environ["SV_PHOTOS_DIR"]

EXIT_OK, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_PARTIAL, EXIT_CATALOGUE, EXIT_PROBLEMS = 0, 2, 3, 4, 5, 6
EXIT_DISK_FULL = 7


class Cli:
    """souvenir-cli on one library, with HOME and the XDG folders inside
    @home: the managed folder defaults to HOME/Pictures/Souvenir and the
    thumbnails go to XDG_CACHE_HOME."""

    def __init__(self, library, home, cache=None):
        self.library = library
        self.home = home
        self.env = dict(os.environ)
        self.env["LC_ALL"] = "en_US.UTF-8"
        self.env["LANGUAGE"] = "en"
        self.env["HOME"] = home
        self.env["XDG_CONFIG_HOME"] = os.path.join(home, ".config")
        self.env["XDG_DATA_HOME"] = os.path.join(home, ".local", "share")
        self.env["XDG_CACHE_HOME"] = cache or os.path.join(home, ".cache")
        self.env.pop("SOUVENIR_LIBRARY", None)
        os.makedirs(self.env["XDG_CONFIG_HOME"], exist_ok=True)

    @property
    def managed_root(self):
        return os.path.join(self.home, "Pictures", "Souvenir")

    def argv(self, *args):
        return [CLI, "--library", self.library, *args]

    def run(self, *args, expect=None, json_out=False, timeout=60, **kw):
        proc = subprocess.run(self.argv(*args), capture_output=True, env=self.env,
                              timeout=timeout, **kw)
        if expect is not None and proc.returncode != expect:
            raise AssertionError(f"{args}: exit {proc.returncode}, expected {expect}\n"
                                 f"stdout: {proc.stdout.decode(errors='replace')[-4000:]}\n"
                                 f"stderr: {proc.stderr.decode(errors='replace')[-4000:]}")
        if json_out:
            return json.loads(proc.stdout)
        return proc

    def popen(self, *args, **kw):
        return subprocess.Popen(self.argv(*args), env=self.env, **kw)

    def check(self, expect=EXIT_OK, verify=True):
        args = ["check", "--json"] + (["--verify-hashes"] if verify else [])
        return self.run(*args, expect=expect, json_out=True)

    def db(self):
        return sqlite3.connect(os.path.join(self.library, "library.db"))

    def n_items(self):
        with self.db() as con:
            return con.execute("SELECT count(*) FROM items").fetchone()[0]


def copy_photo(rel, dest):
    shutil.copyfile(os.path.join(PHOTOS, rel), dest)
    return dest


def read_photo(rel):
    with open(os.path.join(PHOTOS, rel), "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


# ---- JPEG ----------------------------------------------------------------

def jpeg_segments(data):
    """[(marker, offset, length including the marker)] up to SOS."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    out = []
    i = 2
    while i + 4 <= len(data):
        assert data[i] == 0xFF
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        out.append((marker, i, 2 + length))
        if marker == 0xDA:
            break
        i += 2 + length
    return out


def jpeg_with_comment(data, text):
    """The JPEG with a COM segment after SOI: other bytes, same picture."""
    body = text.encode()
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(body) + 2) + body + data[2:]


def jpeg_with_size(data, width, height):
    """The JPEG with its SOF announcing @width x @height."""
    for marker, off, _ in jpeg_segments(data):
        if marker in (0xC0, 0xC1, 0xC2):
            return (data[:off + 5] + struct.pack(">HH", height, width) + data[off + 9:])
    raise AssertionError("no SOF")


def jpeg_with_app1(data, payload):
    """The JPEG with its APP1 segments replaced by one holding @payload."""
    kept = bytearray(data[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload)
    segs = jpeg_segments(data)
    for marker, off, length in segs:
        if marker != 0xE1:
            kept += data[off:off + length]
    last_off, last_len = segs[-1][1], segs[-1][2]
    kept += data[last_off + last_len:]
    return bytes(kept)


def exif_out_of_range():
    """EXIF whose IFD0 offset and one tag's value offset point far beyond
    the block."""
    tiff = bytearray(b"II*\x00" + struct.pack("<I", 8))
    # IFD0: 2 entries; Make (ASCII, 40 bytes at a far offset), DateTime
    # (ASCII, 20 bytes at an offset beyond the end); next IFD far away.
    tiff += struct.pack("<H", 2)
    tiff += struct.pack("<HHII", 0x010F, 2, 40, 0xFFFFFF00)
    tiff += struct.pack("<HHII", 0x0132, 2, 20, 0x7FFFFFFF)
    tiff += struct.pack("<I", 0xFFFFFFF0)
    return b"Exif\x00\x00" + bytes(tiff)


def exif_bad_ifd0_offset():
    return b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 0xFFFFFFF0) + b"\x00" * 16


def exif_loop():
    """IFD0 → next IFD is IFD0 again; its Exif IFD pointer points at IFD0
    too; a GPS IFD pointer points at the Exif pointer's own entry."""
    tiff = bytearray(b"II*\x00" + struct.pack("<I", 8))
    tiff += struct.pack("<H", 3)
    tiff += struct.pack("<HHII", 0x8769, 4, 1, 8)    # ExifIFD → IFD0
    tiff += struct.pack("<HHII", 0x8825, 4, 1, 10)   # GPS IFD → inside IFD0
    tiff += struct.pack("<HHII", 0x0112, 3, 1, 6)    # Orientation 6
    tiff += struct.pack("<I", 8)                     # next IFD: IFD0 again
    return b"Exif\x00\x00" + bytes(tiff)


# ---- PNG -----------------------------------------------------------------

def png_chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def png_bomb(width, height):
    """A valid PNG header announcing @width x @height, with a few rows of
    compressed zeros: decoding it all would need width*height*3 bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * ((width * 3 + 1) * 4), 9)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", rows)
            + png_chunk(b"IEND", b""))


def random_bytes(n, seed):
    return random.Random(seed).randbytes(n)


# ---- HEIF -----------------------------------------------------------------

def iso_box(kind, body):
    return struct.pack(">I", 8 + len(body)) + kind + body


def heif_iloc_bomb():
    """A HEIF whose iloc box lists 65,535 items of 65,535 extents of zero
    bytes each (offset, length and base sizes 0), and an Exif item the
    walker looks for: 393 KB that cost 4 billion loop turns (2 minutes)
    before sv-heif-reader.c stopped at the first empty extent (found by
    fuzz-containers)."""
    ftyp = iso_box(b"ftyp", b"heic" + struct.pack(">I", 0) + b"mif1heic")
    infe = iso_box(b"infe", bytes([2, 0, 0, 0]) + struct.pack(">HH", 1, 0) + b"Exif\0")
    iinf = iso_box(b"iinf", bytes([0, 0, 0, 0]) + struct.pack(">H", 1) + infe)
    items = struct.pack(">HHH", 2, 0, 65535) * 65535
    iloc = iso_box(b"iloc", bytes([0, 0, 0, 0, 0, 0]) + struct.pack(">H", 65535) + items)
    return ftyp + iso_box(b"meta", bytes([0, 0, 0, 0]) + iinf + iloc)
