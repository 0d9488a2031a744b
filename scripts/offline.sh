#!/bin/sh
# Run a command with no network at all: in a new network namespace that has only loopback
# (which Jupyter kernels need). This proves that the book builds and tests offline.
#   scripts/offline.sh [--record FILE] COMMAND [ARGS...]
# With --record, FILE says afterwards whether the command ran without network, and why not.
# Where no namespace can be made (not root, no unshare), the command runs as it is.
record=""
if [ "$1" = "--record" ]; then record="$2"; shift 2; fi

if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 \
   && unshare -n true 2>/dev/null; then
  mode="network: none (a network namespace with loopback only)"
  set -- unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$@"
else
  mode="network: available (could not create a network namespace: needs root, unshare and ip)"
  echo "offline.sh: $mode" >&2
fi

"$@"
status=$?
if [ -n "$record" ] && [ "$status" = 0 ]; then
  mkdir -p "$(dirname "$record")" && echo "$mode" > "$record"
fi
exit $status
