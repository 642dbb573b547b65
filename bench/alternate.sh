#!/usr/bin/env bash
# Runs the same chat-bench load against two chat-server builds, alternating A B A B … so that a noisy
# machine's drift hits both alike, then prints one summary line per run. Each run goes through
# side-by-side.sh (SERVERS=chat), which starts the server, passes --server-pid and stops it by PID.
#
#   A_JAR=/tmp/before/chat-server/target/chat-server.jar B_JAR=chat-server/target/chat-server.jar ROUNDS=4 \
#     bench/alternate.sh OUT_DIR [chat-bench options…]
#
# CHAT_ARGS (default: --store none --rate 0) applies to both servers.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: alternate.sh OUT_DIR [bench options]}; shift
a_jar=${A_JAR:?A_JAR: the first chat-server jar}
b_jar=${B_JAR:?B_JAR: the second chat-server jar}
rounds=${ROUNDS:-4}
mkdir -p "$out"

summary() { # log -> one line of the figures that matter
  local f=$1
  printf '%-6s deliveries/s %-9s lost %-4s p50 %-8s p99 %-9s server CPU %-6s s = %-7s ms/1000 deliveries, bench send-lag p99 %s ms\n' \
    "$(basename "$f" .log)" \
    "$(grep -oP 'delivered\s+\d+\s+\(\K[0-9.]+(?= deliveries/s)' "$f" | head -1)" \
    "$(grep -oP '^\s+lost\s+\K\d+' "$f" | head -1)" \
    "$(grep -oP 'receive\) ms: p50 \K[0-9.]+' "$f" | head -1)" \
    "$(grep -oP 'receive\) ms: .*?p99 \K[0-9.]+' "$f" | head -1)" \
    "$(grep -oP 'CPU \K[0-9.]+(?= s = )' "$f" | head -1)" \
    "$(grep -oP '= \K[0-9.]+(?= ms per 1000 deliveries)' "$f" | head -1)" \
    "$(grep -oP 'send lag p99 \K[0-9.]+' "$f" | head -1)"
}

for i in $(seq 1 "$rounds"); do
  for v in A B; do
    jar=$a_jar; [[ $v == B ]] && jar=$b_jar
    SERVERS=chat CHAT_JAR=$jar "$here/bench/side-by-side.sh" "$out/$v$i" "$@" >"$out/$v$i.log" 2>&1
  done
done
for v in A B; do
  for i in $(seq 1 "$rounds"); do summary "$out/$v$i.log"; done
done | tee "$out/summary.txt"
