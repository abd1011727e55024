#!/usr/bin/env bash
# Builds the Debian package of the wall with cargo-deb (its metadata is
# [package.metadata.deb] in Cargo.toml) and prints where it is.
#
#   deploy/build-deb.sh                      # for this machine (amd64 here)
#   deploy/build-deb.sh --target aarch64-unknown-linux-gnu --cargo-build zigbuild --no-strip
#                                            # for a Raspberry Pi 5 (arm64), see README.md
#
# Extra arguments go to `cargo deb`. A cold release build takes ~13 minutes
# on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-deb > /dev/null; then
    echo "installing cargo-deb (once)"
    cargo install cargo-deb --locked --version "^3.8"
fi
# Wayland, journald and the rest: the features that ship (the defaults).
cargo deb "$@"
