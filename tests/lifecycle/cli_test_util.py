# What the souvenir-cli end-to-end tests of this folder share: the real
# binary ($SV_CLI), copies of the test photos ($SV_PHOTOS_DIR), and an
# environment whose home and XDG folders are in a temporary folder.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import subprocess

CLI = os.environ["SV_CLI"]
PHOTOS = os.environ["SV_PHOTOS_DIR"]


def isolated_env(tmp):
    """This environment in English, with home and XDG folders under @tmp
    (home made) and no SOUVENIR_LIBRARY."""
    env = dict(os.environ)
    env["LC_ALL"] = "en_US.UTF-8"  # the expectations are English
    env["LANGUAGE"] = "en"
    env["HOME"] = os.path.join(tmp, "home")
    env["XDG_DATA_HOME"] = os.path.join(tmp, "data")
    env["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
    env["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
    env.pop("SOUVENIR_LIBRARY", None)
    os.makedirs(env["HOME"])
    return env


def copy_photo(rel, folder, name=None):
    """Copies the test photo @rel into @folder (made if needed), as @name or
    its own name; returns the copy's path."""
    os.makedirs(folder, exist_ok=True)
    dest = os.path.join(folder, name or os.path.basename(rel))
    shutil.copyfile(os.path.join(PHOTOS, rel), dest)
    return dest


def run_cli(library, env, *args, expect=None, json_out=False, lang=None, stdin=None,
            timeout=300):
    """Runs `souvenir-cli --library @library ARGS`; fails unless it exits
    with @expect (None: any), and returns the parsed JSON output with
    @json_out, else the CompletedProcess. @lang (e.g. "fr_FR.UTF-8") sets
    the language."""
    if lang:
        env = dict(env)
        env["LC_ALL"] = lang
        env["LANGUAGE"] = lang.split("_")[0]
    proc = subprocess.run([CLI, "--library", library, *args], capture_output=True, env=env,
                          timeout=timeout, stdin=stdin)
    if expect is not None and proc.returncode != expect:
        raise AssertionError(f"{args}: exit {proc.returncode}, expected {expect}\n"
                             f"stdout: {proc.stdout.decode(errors='replace')[-3000:]}\n"
                             f"stderr: {proc.stderr.decode(errors='replace')[-3000:]}")
    if json_out:
        return json.loads(proc.stdout)
    return proc
