#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 runs on 3.8-3.10; SonoPath pins 3.10).
# Looks at $PYTHON, python3.10 on PATH, pyenv's versions and the usual install places.
set -u
want="3.10"
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.10)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10\.[0-9]+$' | sort -rV); do
    candidates+=("$root/versions/$version/bin/python3.10")
  done
fi
for path in "$HOME"/.pyenv/versions/3.10.*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  candidates+=("$path")
done
candidates+=(python3)
for candidate in "${candidates[@]}"; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  version=$("$path" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
  if [ "$version" = "$want" ]; then
    echo "$path"
    exit 0
  fi
done
echo "SonoPath needs Python $want (Rasa 3.6 runs on 3.8-3.10) and found none: install it (for example 'pyenv install 3.10.13') or set PYTHON=/path/to/python3.10." >&2
exit 1
