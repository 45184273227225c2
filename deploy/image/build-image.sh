#!/usr/bin/env bash
# Builds Vigil's container image as an OCI image layout, without a container daemon or a registry:
#
#   deploy/image/build-image.sh DISTRIBUTION.tar.gz OUTPUT-DIR [BASE-CACHE-DIR]
#   deploy/image/build-image.sh --base-only BASE-CACHE-DIR     makes (or finds) the base layer only
#
# DISTRIBUTION.tar.gz is what `mvn -B -DskipTests package` builds (app/target/vigil-VERSION.tar.gz).
# OUTPUT-DIR gets the image layout (oci-layout, index.json, blobs/sha256/...) and, beside it,
# OUTPUT-DIR.tar, the same layout as one archive for `podman load` or `docker load`.
#
# Two layers, gzip'd tars:
#   1. the base: Debian bookworm made with debootstrap (minbase) plus Debian's openjdk-17-jre-headless,
#      without apt's lists and caches, docs and man pages. Making it takes minutes and downloads about
#      100 MB, so it is kept in BASE-CACHE-DIR (default: OUTPUT-DIR/../image-base) and reused while its
#      file is there; delete the directory to make a new one (security updates). Builds sharing a cache
#      take turns (flock), so one started while another makes the base waits for it and reuses it.
#   2. Vigil: the distribution under /opt/vigil (owned by root, so Vigil cannot change its own code),
#      /opt/vigil/run (its pid file) owned by the user vigil, uid and gid 10001, added to the base's
#      /etc/passwd and /etc/group.
# The image runs as 10001:10001 with bin/vigil-start.sh as its entrypoint (it execs the JVM, so the
# JVM gets the container's SIGTERM) and the config file /etc/vigil/vigil.json as its argument.
#
# Needs root (debootstrap, and files owned by other users in the layers), debootstrap, tar, gzip,
# sha256sum, flock. VIGIL_IMAGE_MIRROR overrides the Debian mirror (default http://deb.debian.org/debian).
set -euo pipefail

usage() {
  echo "usage: $0 DISTRIBUTION.tar.gz OUTPUT-DIR [BASE-CACHE-DIR] | $0 --base-only BASE-CACHE-DIR" >&2
  exit 2
}
if [ "${1:-}" = --base-only ]; then
  [ $# -eq 2 ] || usage
  distribution=""
  cache="$(realpath -m "$2")"
else
  { [ $# -ge 2 ] && [ $# -le 3 ]; } || usage
  distribution="$(realpath "$1")"
  output="$(realpath -m "$2")"
  cache="$(realpath -m "${3:-$output/../image-base}")"
  [ -f "$distribution" ] || { echo "build-image: no file $distribution" >&2; exit 2; }
fi
mirror="${VIGIL_IMAGE_MIRROR:-http://deb.debian.org/debian}"
suite=bookworm
uid=10001
if [ "$(id -u)" -ne 0 ]; then
  echo "build-image: needs root (debootstrap, and layer files owned by root and by uid $uid)" >&2
  exit 2
fi
case "$(dpkg --print-architecture)" in
  amd64) arch=amd64 ;;
  arm64) arch=arm64 ;;
  *) echo "build-image: unsupported architecture $(dpkg --print-architecture)" >&2; exit 2 ;;
esac
work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-image.XXXXXX")"
# --one-file-system: a failed debootstrap may leave the host's /proc or /sys mounted in the new root
trap 'rm -rf --one-file-system "$work"' EXIT

# Same input, same bytes: names sorted, times fixed, numeric owners, no gzip timestamp.
layer_tar() { # DIR OUT.tar.gz
  tar --sort=name --mtime=@0 --numeric-owner --xattrs --format=posix \
      --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
      -C "$1" -cf - . | gzip -n -6 > "$2"
}

base_layer="$cache/base-$suite-$arch.tar.gz"
mkdir -p "$cache"
exec 9> "$cache/.lock"
flock 9
if [ -f "$base_layer" ]; then
  echo "build-image: base layer from the cache: $base_layer"
else
  echo "build-image: making the base root filesystem (debootstrap $suite from $mirror) ..."
  start=$SECONDS
  root="$work/base"
  debootstrap --variant=minbase --arch="$arch" --include=openjdk-17-jre-headless \
      "$suite" "$root" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; echo "build-image: debootstrap failed" >&2; exit 1; }
  # What a running container never needs: package lists and downloaded debs (apt-get update brings
  # them back), documentation, man pages, translations other than English.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
         "$root"/var/log/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/*
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'en*' ! -name locale.alias -exec rm -rf {} +
  # The build host's name and resolver must not leak into the image, and device nodes have no place
  # in a layer: the container runtime provides its own.
  : > "$root/etc/hostname"
  rm -f "$root/etc/resolv.conf"
  rm -rf "$root"/dev/*
  layer_tar "$root" "$work/base.tar.gz"
  # renamed within the cache's file system, so an interrupted build never leaves half a layer there
  cp "$work/base.tar.gz" "$base_layer.part"
  mv "$base_layer.part" "$base_layer"
  echo "build-image: base layer made in $((SECONDS - start)) s"
  rm -rf "$root"
fi
flock -u 9
if [ -z "$distribution" ]; then
  exit 0
fi

version="$(basename "$distribution" .tar.gz)"
version="${version#vigil-}"

echo "build-image: Vigil layer from $distribution"
app="$work/app"
# /etc/vigil: where the config is mounted (the image's Cmd names /etc/vigil/vigil.json)
mkdir -p "$app/opt/vigil" "$app/etc/vigil"
tar -xzf "$distribution" -C "$app/opt/vigil" --strip-components=1 --no-same-owner
chown -R 0:0 "$app/opt/vigil"
mkdir -p "$app/opt/vigil/run"
chown "$uid:$uid" "$app/opt/vigil/run"
# This layer's /etc/passwd and /etc/group replace the base's, so they start from the base's.
tar -xzf "$base_layer" -C "$app" ./etc/passwd ./etc/group
echo "vigil:x:$uid:$uid:Vigil:/opt/vigil:/usr/sbin/nologin" >> "$app/etc/passwd"
echo "vigil:x:$uid:" >> "$app/etc/group"
layer_tar "$app" "$work/app.tar.gz"

# The layout: each blob named by the sha256 of its bytes; a layer's diff_id is that of its uncompressed tar.
rm -rf "$output" "$output.tar"
mkdir -p "$output/blobs/sha256"
blob() { # FILE -> prints its digest, having put it under blobs/sha256
  local digest
  digest="$(sha256sum "$1" | cut -d' ' -f1)"
  cp "$1" "$output/blobs/sha256/$digest"
  echo "$digest"
}
size() { stat -c %s "$1"; }
base_digest="$(blob "$base_layer")"
app_digest="$(blob "$work/app.tar.gz")"
base_diff="$(gzip -dc "$base_layer" | sha256sum | cut -d' ' -f1)"
app_diff="$(gzip -dc "$work/app.tar.gz" | sha256sum | cut -d' ' -f1)"

java_home="/usr/lib/jvm/java-17-openjdk-$arch"
cat > "$work/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"User":"$uid:$uid",
  "Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","VIGIL_JAVA_OPTS=-Xmx512m"],
  "Entrypoint":["/opt/vigil/bin/vigil-start.sh"],"Cmd":["/etc/vigil/vigil.json"],
  "WorkingDir":"/opt/vigil","ExposedPorts":{"8000/tcp":{}},"StopSignal":"SIGTERM",
  "Labels":{"org.opencontainers.image.title":"vigil","org.opencontainers.image.version":"$version"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$base_diff","sha256:$app_diff"]},
 "history":[{"created_by":"debootstrap --variant=minbase --include=openjdk-17-jre-headless $suite"},
            {"created_by":"deploy/image/build-image.sh: vigil-$version under /opt/vigil, user vigil $uid"}]}
JSON
config_digest="$(blob "$work/config.json")"
cat > "$work/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$config_digest","size":$(size "$work/config.json")},
 "layers":[
  {"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$base_digest","size":$(size "$base_layer")},
  {"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$app_digest","size":$(size "$work/app.tar.gz")}]}
JSON
manifest_digest="$(blob "$work/manifest.json")"
echo '{"imageLayoutVersion":"1.0.0"}' > "$output/oci-layout"
# ref.name names the image for `podman load`; io.containerd.image.name for `docker load`.
cat > "$output/index.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
 "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$manifest_digest","size":$(size "$work/manifest.json"),
  "annotations":{"org.opencontainers.image.ref.name":"$version","io.containerd.image.name":"vigil:$version"}}]}
JSON
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$output" -cf "$output.tar" .
echo "build-image: $output (and $output.tar, $(( $(size "$output.tar") / 1048576 )) MiB): manifest sha256:$manifest_digest"
echo "build-image: layer 1 base sha256:$base_digest $(( $(size "$base_layer") / 1048576 )) MiB; layer 2 vigil sha256:$app_digest $(( $(size "$work/app.tar.gz") / 1048576 )) MiB"
