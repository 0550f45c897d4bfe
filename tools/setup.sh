# Sourced by tools/demo and tools/test: installs what lode needs from Debian's packages (only what
# is missing, so a second run is a no-op), then configures and builds into build/.
set -euo pipefail

LODE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${LODE_BUILD_DIR:-$LODE_ROOT/build}
LODE_BIN=$BUILD_DIR/tools/lode

step() { printf '\n==> [%d s] %s\n' "$SECONDS" "$*"; }   # with the seconds since the start, for timing CI
die() { printf '\n*** FAILED: %s\n' "$*" >&2; exit 1; }

LODE_PACKAGES=(
    cmake g++ make pkg-config
    libgdal-dev gdal-bin libproj-dev proj-bin proj-data libgeos-dev
    libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite
    libgeographiclib-dev geographiclib-tools
    doctest-dev libcli11-dev nlohmann-json3-dev libssl-dev
    curl ca-certificates openssl   # web/: the map page's scripts from the npm registry, their sha512 checked
    jq tzdata bc zip time file   # bc, zip: the CLI tests (timings, a zipped Shapefile); time: peak memory (/usr/bin/time); file: a PNG's type
    libcairo2-dev libpango1.0-dev fonts-noto-core fonts-noto-cjk poppler-utils pngquant
    weasyprint
    libpq-dev postgresql-15 postgresql-15-postgis-3   # the PostGIS store: libpq to build; a server for its tests (tests/pg/cluster.sh)
)
# LODE_TEST_QGIS=1 (.ci/run sets it): also what the export acceptance checks of ../shared/checks run
# on: QGIS (qgis_open.py), python3-gdal (validate_gpkg.py) and Node.js with npm (the RFC 7946
# validator). Without it, the tests that need them report themselves skipped.
if [ "${LODE_TEST_QGIS:-0}" = 1 ]; then
    LODE_PACKAGES+=(qgis python3-qgis qgis-providers python3-gdal)
    # A Node.js from elsewhere (e.g. nodesource, which bundles npm) counts: Debian's npm would clash with it.
    command -v node >/dev/null || LODE_PACKAGES+=(nodejs)
    command -v npm >/dev/null || LODE_PACKAGES+=(npm)
fi

# LODE_TEST_SANITIZE=1 or LODE_TEST_FUZZ=1 (.ci/run sets both): clang and its sanitizer and libFuzzer
# runtimes, which tools/test builds the sanitized suite and the fuzz targets with, and llvm for
# llvm-symbolizer, which puts file and line into the sanitizers' reports.
if [ "${LODE_TEST_SANITIZE:-0}" = 1 ] || [ "${LODE_TEST_FUZZ:-0}" = 1 ]; then
    LODE_PACKAGES+=(clang-14 libclang-rt-14-dev llvm)
fi

# LODE_TEST_QGIS=1 also: Debian's Chromium, in which tests/cli/map_html.sh opens the interactive map
# page (driven by playwright-core, which that test installs with npm into the build folder).
if [ "${LODE_TEST_QGIS:-0}" = 1 ]; then
    LODE_PACKAGES+=(chromium)
fi

install_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "all ${#@} packages present"
        return 0
    fi
    echo "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq || die "apt-get update"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]}"
}

# Release at -O2 without debug info: the code of RelWithDebInfo at about three quarters of its compile time
# (importer.cpp: 7.9 s of CPU with -g, 5.7 s without). Developers who want -g configure their own build.
build_lode() {
    step "configuring (cmake, $BUILD_DIR)"
    cmake -S "$LODE_ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null || die "cmake configure"
    step "building"
    cmake --build "$BUILD_DIR" -j"$(nproc)" -- --no-print-directory 2>&1 | grep -Ev '^\[ *[0-9]+%\]|^(Consolidate|Scanning)' || true
    [ "${PIPESTATUS[0]}" -eq 0 ] || die "build"
    [ -x "$LODE_BIN" ] || die "build: $LODE_BIN missing"
}

# The interactive map page (lode map -o PAGE.html) inlines OpenLayers and GeographicLib's geodesic
# routines. Their npm tarballs are fetched with curl (no Node.js needed) and checked against the
# registry's sha512 integrity pinned here, then the files the page needs are extracted into web/.
# web/VERSIONS records what is there, so a second run downloads nothing.
LODE_WEB_PACKAGES=(
    "ol 10.11.0 sha512-OJ+lrx7kx/1O7Xx18Ff9QkVnwZIEL0OuhJQSy2sYgzzDvyZ2qHvuZEGAajbSstUyBwaS1OtQ4RWnY84tRMDdqg== package/dist/ol.js package/ol.css package/LICENSE.md:ol-LICENSE.md"
    "geographiclib-geodesic 2.2.0 sha512-cIedo9VTYb0DFufodgibDmVfsWe9EASqb/kUByl09xc6PZYvLvlc89BHCThtGTPf2OII/zWJGxsR3Uz6O7QOVw== package/geographiclib-geodesic.min.js package/LICENSE.txt:geographiclib-geodesic-LICENSE.txt"
)
install_web_scripts() {
    local dir=$LODE_ROOT/web stamp=$LODE_ROOT/web/VERSIONS wanted=""
    for entry in "${LODE_WEB_PACKAGES[@]}"; do
        read -r name version integrity _ <<<"$entry"
        wanted+="$name $version $integrity"$'\n'
    done
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${wanted%$'\n'}" ] && [ -s "$dir/ol.js" ] && [ -s "$dir/ol.css" ] &&
        [ -s "$dir/geographiclib-geodesic.min.js" ]; then
        echo "web/: OpenLayers and geographiclib-geodesic present"
        return 0
    fi
    local tmp
    tmp=$(mktemp -d)
    mkdir -p "$dir"
    rm -f "$stamp"
    for entry in "${LODE_WEB_PACKAGES[@]}"; do
        read -r name version integrity files <<<"$entry"
        local tarball=$tmp/$name-$version.tgz
        curl -fsSL --retry 3 -o "$tarball" "https://registry.npmjs.org/$name/-/$name-$version.tgz" \
            || die "downloading $name $version from registry.npmjs.org"
        local got
        got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
        [ "$got" = "$integrity" ] || die "$name-$version.tgz: integrity $got, not the pinned $integrity"
        for file in $files; do
            local from=${file%%:*} to=${file#*:}
            [ "$to" = "$file" ] && to=$(basename "$from")
            tar -xzOf "$tarball" "$from" >"$dir/$to" || die "extracting $from from $name-$version.tgz"
        done
        echo "web/: $name $version ($integrity)"
    done
    rm -rf "$tmp"
    printf '%s' "${wanted%$'\n'}" >"$stamp"
}

step "installing missing Debian packages"
install_packages "${LODE_PACKAGES[@]}"
step "the interactive map page's scripts (web/)"
install_web_scripts
build_lode
