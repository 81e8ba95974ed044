#!/usr/bin/env bash
# The Python wheel as a new user gets it: builds kheo's wheel with maturin (from
# PyPI), installs it into a fresh virtual environment, and with that `kheo`
# alone (no repository, no Rust) makes a site with `kheo init`, checks it and
# builds it. Then runs the install steps of the CI files that site got (GitLab's
# before_script, GitHub's install step) against the wheel instead of PyPI, and
# checks they install the version that wrote them and reuse a cached install.
#
#   scripts/wheel-smoke.sh        # from anywhere; works in target/wheel-smoke/
#
# Called by .ci/run after the release build (maturin reuses its compiled crates).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work="$repo/target/wheel-smoke"
rm -rf target/wheel-smoke
mkdir -p "$work"

# Debian's python3 makes virtual environments only with python3-venv.
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
fi

echo "   maturin (PyPI), in its own environment"
python3 -m venv "$work/tools"
"$work/tools/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.9,<2" "pyyaml>=6,<7"

echo "   the wheel"
"$work/tools/bin/maturin" build --release --locked --out "$work/dist"
wheel=$(ls "$work"/dist/kheo-*.whl)
echo "   $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"
# The wheel carries the licences and the readme, and no Python code.
"$work/tools/bin/python" - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
assert any(n.endswith(".data/scripts/kheo") for n in names), names
assert any(n.endswith("LICENSE-MIT") for n in names), names
assert any(n.endswith("LICENSE-APACHE") for n in names), names
assert not any(n.endswith(".py") for n in names), names
meta = zipfile.ZipFile(sys.argv[1]).read(next(n for n in names if n.endswith("/METADATA"))).decode()
assert "License-Expression: MIT OR Apache-2.0" in meta, meta
assert "Description-Content-Type: text/markdown" in meta, meta
PY

echo "   a fresh virtual environment, the wheel installed as pip installs it"
python3 -m venv "$work/user"
"$work/user/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --find-links "$work/dist" kheo
version=$("$work/user/bin/python" -m pip show kheo | sed -n 's/^Version: //p')
test "$("$work/user/bin/kheo" --version)" = "kheo $version"

echo "   kheo init -> kheo check --strict -> kheo build, outside the repository"
site=$(mktemp -d /tmp/kheo-wheel-smoke.XXXXXX)
trap 'rm -rf -- "$site"' EXIT
(
  cd "$site"
  export PATH="$work/user/bin:$PATH"
  kheo init trang >/dev/null
  cd trang
  kheo check --strict
  kheo build --quiet
  test -f public/index.html
  test -f public/en/index.html
  # The theme came from inside the binary.
  test -f public/kheo.css
  test ! -e themes
)

echo "   the wheel's kheo builds the demo portal of this repository"
"$work/user/bin/kheo" build --quiet --root "$repo" --output "$work/demo-public"
test -f "$work/demo-public/index.html"
test -f "$work/demo-public/en/index.html"
test -f "$work/demo-public/van-ban/index.html"

echo "   the new site's CI install steps, against the wheel"
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/dist" PIP_DISABLE_PIP_VERSION_CHECK=1
"$work/tools/bin/python" - "$site/trang" "$version" <<'PY'
import os, pathlib, shutil, subprocess, sys, yaml

site, version = pathlib.Path(sys.argv[1]), sys.argv[2]

def sh(script, env, cwd):
    subprocess.run(["bash", "-euo", "pipefail", "-c", script], env={**os.environ, **env}, cwd=cwd, check=True)

# GitLab: the before_script, run twice: the second run keeps the install.
gitlab = yaml.safe_load((site / ".gitlab-ci.yml").read_text())
variables = gitlab["variables"]
assert variables["KHEO_VERSION"] == version, variables
env = {k: v for k, v in variables.items() if k.startswith("KHEO_")}
env["CI_PROJECT_DIR"] = str(site)
script = "\n".join(gitlab["default"]["before_script"])
sh(script, env, site)
kheo = site / ".kheo" / "bin" / "kheo"
assert subprocess.run([kheo, "--version"], capture_output=True, text=True).stdout.strip() == f"kheo {version}"
mark = site / ".kheo" / "kept"
mark.write_text("")
sh(script, env, site)
assert mark.exists(), "GitLab's before_script installed kheo again over a cached install of the same version"
# ... and a cached kheo of another version is replaced.
kheo.write_text("#!/bin/sh\necho kheo 0.0.1\n")
sh(script, env, site)
assert not mark.exists(), "a cached kheo of another version was kept"
assert subprocess.run([kheo, "--version"], capture_output=True, text=True).stdout.strip() == f"kheo {version}"
shutil.rmtree(site / ".kheo")

# GitHub: the install step (on a cache miss), then the version check.
github = yaml.safe_load((site / ".github/workflows/kheo.yml").read_text())
assert github["env"]["KHEO_VERSION"] == version, github["env"]
env = {k: v for k, v in github["env"].items()}
home = site.parent / "home"
home.mkdir()
env["HOME"] = str(home)
env["GITHUB_PATH"] = str(site.parent / "github_path")
steps = github["jobs"]["build"]["steps"]
install = next(s for s in steps if s.get("name", "").endswith("Install kheo"))
check = next(s for s in steps if s.get("name", "").endswith("kheo's version"))
sh(install["run"], env, site)
sh(check["run"], env, site)
assert (home / ".kheo" / "bin" / "kheo").is_file()
assert pathlib.Path(env["GITHUB_PATH"]).read_text().strip() == str(home / ".kheo" / "bin")
PY
echo "   wheel smoke passed: kheo $version"
