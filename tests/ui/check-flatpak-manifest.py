#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest against the meson build.

usage: check-flatpak-manifest.py MANIFEST SOURCE_ROOT

Flathub (and so the GNOME runtime) cannot be reached from CI, so this checks
what can be checked offline: the manifest parses, it targets the GNOME
runtime, its finish-args are exactly the ones the app needs, every archive
is pinned by an https URL and a sha256, and every dependency() that a
meson.build declares is either in the runtime (RUNTIME below) or built by a
module of the manifest (MODULE_PROVIDES below). Optional dependencies
(`required: false` or a feature option) that are neither are listed as notes:
the Flatpak builds without them.
"""

import json
import os
import re
import sys

APP_ID = "io.github.souvenir.Souvenir"
RUNTIME_VERSION = "47"

# pkg-config names org.gnome.Platform//47 (freedesktop-sdk 24.08 + GNOME 47)
# provides in its Sdk.
RUNTIME = {
    "glib-2.0", "gobject-2.0", "gio-2.0", "gio-unix-2.0", "gmodule-2.0",
    "gdk-pixbuf-2.0", "gtk4", "libadwaita-1", "libsoup-3.0", "json-glib-1.0",
    "sqlite3", "nettle", "hogweed", "gnutls", "libxml-2.0", "libsecret-1",
    "gstreamer-1.0", "gstreamer-video-1.0", "gstreamer-pbutils-1.0",
    "libwebp", "libpng", "libjpeg", "libtiff-4", "lcms2", "zlib", "librsvg-2.0",
    "cairo", "pango", "graphene-1.0", "libportal", "libportal-gtk4",
}

# Manifest module name -> pkg-config names it installs.
MODULE_PROVIDES = {
    "libexif": {"libexif"},
    "libde265": {"libde265"},
    "libheif": {"libheif"},
    "libraw": {"libraw", "libraw_r"},
    "libgweather": {"gweather4"},
    "libsodium": {"libsodium"},
}

FINISH_ARGS = {
    "--share=ipc",
    "--share=network",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--filesystem=xdg-pictures",
}

DEPENDENCY_RE = re.compile(r"""\bdependency\s*\(\s*['"]([^'"]+)['"]([^)]*)\)""")
REQUIRED_RE = re.compile(r"""\brequired\s*:\s*([^,)\s]+)""")


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def meson_dependencies(root):
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        # Build folders, VCS data and the Flatpak build state are not sources.
        dirnames[:] = [d for d in dirnames
                       if not d.startswith(("_build", ".", "builddir"))]
        if "meson.build" not in filenames:
            continue
        path = os.path.join(dirpath, "meson.build")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # Drop comments so that examples in them do not count.
        text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
        for name, args in DEPENDENCY_RE.findall(text):
            required = REQUIRED_RE.search(args)
            # required: false, or a feature option: the build works without.
            optional = required is not None and required.group(1) != "true"
            where = os.path.relpath(path, root)
            if name in found:
                # Required anywhere means required.
                found[name] = (found[name][0], found[name][1] and optional)
            else:
                found[name] = (where, optional)
    return found


def walk_modules(modules, out):
    for module in modules:
        if isinstance(module, str):
            fail("module %r is a separate file: keep every module in this manifest" % module)
        if not isinstance(module, dict) or "name" not in module:
            fail("a module without a name")
        out.append(module)
        walk_modules(module.get("modules", []), out)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    manifest_path, root = sys.argv[1], sys.argv[2]

    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)

    if manifest.get("app-id") != APP_ID:
        fail("app-id is %r, not %r" % (manifest.get("app-id"), APP_ID))
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        fail("the runtime must be org.gnome.Platform with org.gnome.Sdk")
    if manifest.get("runtime-version") != RUNTIME_VERSION:
        fail("runtime-version is %r; RUNTIME here lists GNOME %s"
             % (manifest.get("runtime-version"), RUNTIME_VERSION))
    if manifest.get("command") != "souvenir":
        fail("command must be souvenir")

    finish_args = manifest.get("finish-args", [])
    if len(finish_args) != len(set(finish_args)):
        fail("duplicate finish-args")
    if set(finish_args) != FINISH_ARGS:
        fail("finish-args differ from what the app uses: extra %s, missing %s"
             % (sorted(set(finish_args) - FINISH_ARGS), sorted(FINISH_ARGS - set(finish_args))))

    modules = []
    walk_modules(manifest.get("modules", []), modules)
    names = [m["name"] for m in modules]
    if len(names) != len(set(names)):
        fail("duplicate module names")
    if not modules or modules[-1]["name"] != "souvenir":
        fail("the last module must be souvenir")
    app = modules[-1]
    if app.get("buildsystem") != "meson":
        fail("souvenir builds with meson")
    if app.get("run-tests") is not True:
        fail("souvenir must have \"run-tests\": true")

    provided = set()
    for module in modules:
        for source in module.get("sources", []):
            kind = source.get("type")
            if kind in ("archive", "file"):
                url = source.get("url", "")
                sha = source.get("sha256", "")
                if not url.startswith("https://"):
                    fail("%s: source URL %r is not https" % (module["name"], url))
                if not re.fullmatch(r"[0-9a-f]{64}", sha):
                    fail("%s: source %s is not pinned by a sha256" % (module["name"], url))
            elif kind == "git":
                if not re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")):
                    fail("%s: git source not pinned to a commit" % module["name"])
            elif kind == "dir":
                if module is not app:
                    fail("%s: only souvenir may build from a local folder" % module["name"])
            else:
                fail("%s: unexpected source type %r" % (module["name"], kind))
        if module is not app:
            if module["name"] not in MODULE_PROVIDES:
                fail("module %s: add what it provides to MODULE_PROVIDES" % module["name"])
            provided |= MODULE_PROVIDES[module["name"]]

    dependencies = meson_dependencies(root)
    if not dependencies:
        fail("no dependency() found under %s" % root)
    missing = {name: info for name, info in dependencies.items()
               if name not in RUNTIME and name not in provided}
    for name, (where, optional) in sorted(missing.items()):
        if optional:
            print("note: optional dependency('%s') in %s is not in the Flatpak: that "
                  "feature is off there" % (name, where))
    required_missing = {n: i for n, i in missing.items() if not i[1]}
    if required_missing:
        for name, (where, _) in sorted(required_missing.items()):
            print("FAIL: dependency('%s') in %s is neither in the GNOME %s runtime nor a "
                  "manifest module" % (name, where, RUNTIME_VERSION), file=sys.stderr)
        sys.exit(1)

    unused = sorted(n for n in provided if n not in dependencies
                    and n not in ("libde265", "libraw_r"))
    for name in unused:
        print("note: the manifest builds %s, which no meson.build declares yet" % name)

    print("ok: %d dependencies checked (%d from the runtime, %d from %d modules)"
          % (len(dependencies), sum(1 for n in dependencies if n in RUNTIME),
             sum(1 for n in dependencies if n in provided), len(modules) - 1))


if __name__ == "__main__":
    main()
