#!/usr/bin/env bash
# Installs Debian packages that a test group needs and that are missing (the Makefile checks what is missing).
# Usage: scripts/apt-install.sh "<what needs them>" PACKAGE...
# Needs root and apt-get; otherwise it says so, and the tests that need the packages skip with a reason.
purpose="$1"; shift
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "Installing $* (Debian) for $purpose ..."
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
else
	echo "Missing: $*; cannot install it here (needs root and apt-get): $purpose will skip."
fi
