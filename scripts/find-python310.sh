#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter, or explains how to get one and exits 1.
# Rasa 3.6 supports Python 3.8-3.10 only; this project is tested on 3.10.
set -u
is_310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

candidates=()
[ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.[0-9]+)?$' | sort -t. -k3 -n -r); do
    candidates+=("$(pyenv root)/versions/$v/bin/python")
  done
fi
for dir in "$HOME/.pyenv/versions"/3.10*; do
  [ -x "$dir/bin/python" ] && candidates+=("$dir/bin/python")
done
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10 python3)

for c in "${candidates[@]}"; do
  if is_310 "$c"; then
    # Resolve pyenv shims to the real interpreter so the venv does not depend on the shim.
    "$c" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done

cat >&2 <<'MSG'
Python 3.10 is required (Rasa 3.6 does not run on 3.11 or newer) and none was found.
Looked at: $PYTHON310, python3.10 on PATH, pyenv versions, /usr/bin and /usr/local/bin.
Install it, for example:
  pyenv install 3.10.13            (with pyenv)
  apt-get install python3.10-venv  (on a Debian/Ubuntu release that ships 3.10)
or point PYTHON310 at an interpreter:  make run PYTHON310=/path/to/python3.10
MSG
exit 1
