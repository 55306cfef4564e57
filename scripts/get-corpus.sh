#!/usr/bin/env bash
# Writes a text8-style training corpus (lowercase a-z words separated by single spaces)
# and prints its path on stdout. Progress and the source used go to stderr.
#
# Sources, tried in this order until one works:
#   1. $W2V_CORPUS (plain or .xz), else the shared corpus
#      ${W2V_SHARED_DATA:-<repo>/../shared/data}/corpus/mixed-en.txt.xz
#   2. text8 (17M words) downloaded from $W2V_TEXT8_URL, unless --offline or W2V_OFFLINE=1
#   3. about 6.4M words built from Debian packages fetched with apt-get download;
#      scripts/corpus/build_debian_corpus.py lists the packages and their word counts
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
text8_url=${W2V_TEXT8_URL:-http://mattmahoney.net/dc/text8.zip}
text8_bytes=100000000
debian_packages=(
  dict-gcide dict-devil bible-kjv bible-kjv-text r-cran-janeaustenr fortunes fortunes-min
)

usage() {
  cat <<EOF
Usage: scripts/get-corpus.sh [--offline] [--force] [--output PATH]

Writes a text8-style corpus and prints its path on stdout.

  --output PATH  corpus file to write (default: $repo/data/corpus.txt)
  --offline      skip the text8 download (same as W2V_OFFLINE=1)
  --force        rebuild even if the output exists and is non-empty
  -h, --help     show this help

Environment:
  W2V_CORPUS       corpus file (plain or .xz) to use instead of any other source
  W2V_SHARED_DATA  shared data directory (default: $repo/../shared/data)
  W2V_OFFLINE=1    same as --offline
  W2V_TEXT8_URL    text8 zip to download (default: $text8_url)
  W2V_DEB_CACHE    where Debian packages are downloaded and unpacked
                   (default: $repo/data/debian-packages)
EOF
}

log() { echo "get-corpus: $*" >&2; }

output=$repo/data/corpus.txt
offline=${W2V_OFFLINE:-0}
force=0
while [ "$#" -gt 0 ]; do
  case $1 in
    --offline) offline=1 ;;
    --force) force=1 ;;
    --output)
      if [ "$#" -lt 2 ] || [ -z "$2" ]; then
        log "--output needs a path"
        exit 2
      fi
      output=$2
      shift
      ;;
    --output=*) output=${1#--output=} ;;
    -h | --help) usage; exit 0 ;;
    *) log "unknown argument '$1' (see --help)"; exit 2 ;;
  esac
  shift
done

if [ -s "$output" ] && [ "$force" -eq 0 ]; then
  log "$output already exists, reusing it (pass --force to rebuild)"
  echo "$output"
  exit 0
fi

mkdir -p "$(dirname "$output")"
work_dir=$(mktemp -d "$(dirname "$output")/.get-corpus.XXXXXX")
trap 'rm -rf "$work_dir"' EXIT
candidate=$work_dir/corpus.txt

# Succeeds if FILE is non-empty and contains only the bytes a-z and space.
is_text8_style() {
  local file=$1
  [ -s "$file" ] && [ "$(LC_ALL=C tr -d 'a-z ' <"$file" | head -c 1 | wc -c)" -eq 0 ]
}

# Moves the candidate into place, reports SOURCE and the size, and ends the script.
finish() {
  local source=$1
  mv -f "$candidate" "$output"
  log "wrote $output from $source ($(wc -c <"$output") bytes, $(wc -w <"$output") words)"
  echo "$output"
  exit 0
}

# Decompresses (.xz) or copies FILE to the candidate.
copy_corpus() {
  local file=$1
  case $file in
    *.xz) xz -dc -- "$file" >"$candidate" ;;
    *) cat -- "$file" >"$candidate" ;;
  esac
}

# Source 1: a corpus file named by the user or the shared one.
if [ -n "${W2V_CORPUS:-}" ]; then
  # The user named this file, so a problem with it is an error, not a reason to fall back.
  if [ ! -r "$W2V_CORPUS" ]; then
    log "W2V_CORPUS=$W2V_CORPUS is not a readable file; fix or unset W2V_CORPUS"
    exit 1
  fi
  if ! copy_corpus "$W2V_CORPUS"; then
    log "reading W2V_CORPUS=$W2V_CORPUS failed; fix or unset W2V_CORPUS"
    exit 1
  fi
  if ! is_text8_style "$candidate"; then
    log "W2V_CORPUS=$W2V_CORPUS is empty or contains characters other than a-z and space"
    exit 1
  fi
  finish "W2V_CORPUS=$W2V_CORPUS"
fi

shared_corpus=${W2V_SHARED_DATA:-$repo/../shared/data}/corpus/mixed-en.txt.xz
if [ -r "$shared_corpus" ]; then
  if copy_corpus "$shared_corpus" && is_text8_style "$candidate"; then
    finish "the shared corpus $shared_corpus"
  fi
  log "the shared corpus $shared_corpus is unreadable or not text8-style, trying the next source"
else
  log "no shared corpus at $shared_corpus (set W2V_SHARED_DATA to the directory that contains corpus/mixed-en.txt.xz)"
fi

# Source 2: text8 from its public address.
download_text8() {
  local zip=$work_dir/text8.zip
  log "downloading text8 from $text8_url"
  if command -v curl >/dev/null 2>&1; then
    curl --fail --location --silent --show-error --connect-timeout 10 --max-time 900 \
      --output "$zip" "$text8_url" || return 1
  elif command -v wget >/dev/null 2>&1; then
    wget --quiet --connect-timeout=10 --read-timeout=60 --tries=1 --output-document="$zip" \
      "$text8_url" || return 1
  else
    log "neither curl nor wget is installed"
    return 1
  fi
  unzip -p "$zip" text8 >"$candidate" || return 1
  rm -f "$zip"

  # text8 is exactly 100,000,000 bytes; allow 1% in case a mirror differs slightly.
  local bytes
  bytes=$(wc -c <"$candidate")
  if [ "$bytes" -lt $((text8_bytes * 99 / 100)) ] || [ "$bytes" -gt $((text8_bytes * 101 / 100)) ]; then
    log "the downloaded text8 has $bytes bytes, expected about $text8_bytes"
    return 1
  fi
  if ! is_text8_style "$candidate"; then
    log "the downloaded text8 contains characters other than a-z and space"
    return 1
  fi
}

if [ "$offline" = 1 ]; then
  log "offline, skipping the text8 download"
elif download_text8; then
  finish "text8 ($text8_url)"
else
  log "text8 download from $text8_url failed, trying the Debian packages"
fi

# Source 3: English texts from Debian packages.
# Downloads the packages that are not in the cache yet. apt-get download needs no root,
# but it needs the package lists, so an empty or stale list is refreshed once when root.
download_debian_packages() {
  local cache=$1 missing=() package
  for package in "${debian_packages[@]}"; do
    if ! compgen -G "$cache/${package}_*.deb" >/dev/null; then missing+=("$package"); fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0

  log "downloading Debian packages: ${missing[*]}"
  if (cd "$cache" && apt-get download -q "${missing[@]}" >&2); then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    log "apt-get download failed; run 'sudo apt-get update' and try again"
    return 1
  fi
  log "apt-get download failed, running apt-get update and trying once more"
  apt-get update -q >&2 && (cd "$cache" && apt-get download -q "${missing[@]}" >&2)
}

build_from_debian_packages() {
  local tool
  for tool in apt-get dpkg-deb python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      log "$tool not found, so the corpus cannot be built from Debian packages"
      return 1
    fi
  done

  local cache=${W2V_DEB_CACHE:-$repo/data/debian-packages}
  if ! mkdir -p "$cache"; then
    log "cannot create the package cache $cache; set W2V_DEB_CACHE to a writable directory"
    return 1
  fi
  download_debian_packages "$cache" || return 1

  local unpacked=$work_dir/packages package deb
  for package in "${debian_packages[@]}"; do
    deb=$(compgen -G "$cache/${package}_*.deb" | sort | tail -n 1)
    mkdir -p "$unpacked/$package"
    dpkg-deb -x "$deb" "$unpacked/$package" || return 1
  done

  log "building the corpus from Debian packages (about 10 s)"
  python3 "$repo/scripts/corpus/build_debian_corpus.py" \
    --package-dir "$unpacked" --output "$candidate" || return 1
  if ! is_text8_style "$candidate"; then
    log "the corpus built from Debian packages is empty or not text8-style"
    return 1
  fi
}

if build_from_debian_packages; then
  finish "Debian packages (${debian_packages[*]})"
fi

log "no corpus source worked. Set W2V_CORPUS to a text8-style file, or make the shared data,"
log "the network or apt-get available, then run this script again."
exit 1
