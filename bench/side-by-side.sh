#!/usr/bin/env bash
# Runs one chat-bench scenario against chat-server and the two reference peers, one after the other on
# the same machine, and prints each result. Loopback only; every process started here is stopped by PID.
#
#   bench/side-by-side.sh OUT_DIR [chat-bench options…]
#   e.g. bench/side-by-side.sh /tmp/bench-1000 -c 1000 -s 10 -r 200 -d 10
#
# Needs: mvn -q -B package -DskipTests (both jars); Go for go-seed and npm for node-ws (built once into
# /tmp/go-seed and /tmp/node-ws from ../shared/peers, as their README says).
# SERVERS="chat go node" selects servers; CHAT_ARGS adds chat-server flags (default: --store none --rate 0);
# CHAT_JVM_OPTS adds JVM flags; CHAT_JAR runs another chat-server build (e.g. an older commit's, to compare).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: side-by-side.sh OUT_DIR [bench options]}; shift
mkdir -p "$out"
peers=$(cd "$here/../shared/peers" 2>/dev/null && pwd || true)
servers=${SERVERS:-"chat go node"}
chat_args=${CHAT_ARGS:-"--store none --rate 0"}
chat_jar=${CHAT_JAR:-"$here/chat-server/target/chat-server.jar"}

build_peers() {
  if [[ " $servers " == *" go "* && ! -x /tmp/go-seed/go-seed ]]; then
    rm -rf /tmp/go-seed && cp -r "$peers/go-seed" /tmp/go-seed && /tmp/go-seed/build.sh >/dev/null
  fi
  if [[ " $servers " == *" node "* && ! -d /tmp/node-ws/node_modules ]]; then
    rm -rf /tmp/node-ws && cp -r "$peers/node-ws" /tmp/node-ws
    (cd /tmp/node-ws && npm install --no-audit --no-fund >/dev/null 2>&1)
  fi
}

start_server() { # name port -> pid
  case "$1" in
    chat) java ${CHAT_JVM_OPTS:-} -jar "$chat_jar" --host 127.0.0.1 --port "$2" $chat_args \
            >"$out/$1-server.log" 2>&1 & ;;
    go)   /tmp/go-seed/go-seed -addr "127.0.0.1:$2" >"$out/$1-server.log" 2>&1 & ;;
    node) node /tmp/node-ws/server.js -addr "127.0.0.1:$2" >"$out/$1-server.log" 2>&1 & ;;
  esac
  echo $!
}

wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "server on port $1 did not start" >&2; return 1
}

build_peers
port=28090
for s in $servers; do
  port=$((port + 1))
  pid=$(start_server "$s" "$port")
  trap 'kill "$pid" 2>/dev/null || true' EXIT
  wait_port "$port"
  sleep 1
  echo "=== $s (pid $pid) ==="
  java -jar "$here/chat-bench/target/chat-bench.jar" --url "ws://127.0.0.1:$port/ws" --server-pid "$pid" \
    --json "$out/$s.json" "$@" 2>"$out/$s-progress.log" | tee "$out/$s.txt"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  trap - EXIT
  sleep 2
done
