#!/usr/bin/env bash
# Runs one chat-bench load against chat-server on PostgreSQL as a single node (no Redis), then as a cluster of
# 1, 2 and 3 nodes on Redis, clients spread round-robin over the nodes (--also-url); one run, same machine.
# Prints each result (its server CPU sums every node over the measured window) and the CPU seconds the nodes
# and Redis used over the whole run. Loopback only; every process started
# here is stopped by PID; each setup gets a fresh PostgreSQL schema and cluster name, dropped afterwards.
#
#   bench/cluster.sh OUT_DIR [chat-bench options…]
#   e.g. bench/cluster.sh /tmp/cluster-bench -c 300 -s 10 -r 100 -d 10
#
# Needs: mvn -q -B package -DskipTests; PostgreSQL and Redis (CHAT_BENCH_PG_URL, CHAT_BENCH_REDIS_URL; defaults
# as in the tests), psql and redis-cli. SETUPS="single 1 2 3" selects setups; CHAT_ARGS adds chat-server flags.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: cluster.sh OUT_DIR [bench options]}; shift
mkdir -p "$out"
pg=${CHAT_BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
redis=${CHAT_BENCH_REDIS_URL:-redis://127.0.0.1:6379}
setups=${SETUPS:-"single 1 2 3"}
chat_args=${CHAT_ARGS:-"--rate 0"}
redis_host=$(sed -E 's#redis://([^:/]+).*#\1#' <<<"$redis"); redis_port=$(sed -E 's#.*:([0-9]+).*#\1#' <<<"$redis")
pids=()
stop_all() { for p in "${pids[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
             for p in "${pids[@]:-}"; do [[ -n "$p" ]] && wait "$p" 2>/dev/null || true; done; pids=(); }
trap stop_all EXIT

cpu_ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
redis_cpu() { redis-cli -h "$redis_host" -p "$redis_port" info cpu | awk -F: '/used_cpu_(sys|user):/{s+=$2} END{printf "%.2f", s}'; }
wait_listening() { for _ in $(seq 1 300); do grep -q "listening on" "$1" && return 0; sleep 0.1; done
                   echo "node did not start: $1" >&2; cat "$1" >&2; return 1; }

base=28200
for setup in $setups; do
  schema="bench_${setup}_$$"; name="bench${setup}x$$"
  psql "$(sed -E 's#jdbc:##; s#\?user=#?user=#' <<<"$pg")" -qc "CREATE SCHEMA $schema" >/dev/null
  n=$([[ $setup == single ]] && echo 1 || echo "$setup")
  urls=(); node_pids=()
  for i in $(seq 1 "$n"); do
    port=$((base + i)); log="$out/$setup-node$i.log"
    cluster=(); [[ $setup != single ]] && cluster=(--redis "$redis" --cluster-name "$name" --node-id "$name-$i")
    java ${CHAT_JVM_OPTS:-} -jar "$here/chat-server/target/chat-server.jar" --host 127.0.0.1 --port "$port" \
      --db "$pg&currentSchema=$schema" "${cluster[@]}" $chat_args >"$log" 2>&1 &
    pids+=($!); node_pids+=($!)
    wait_listening "$log"
    urls+=("ws://127.0.0.1:$port/ws")
  done
  also=$(IFS=,; echo "${urls[*]:1}")
  sleep 1
  echo "=== $setup $( [[ $setup == single ]] && echo 'node, no Redis' || echo "node(s) on Redis") ==="
  t0=$(cpu_ticks "${node_pids[@]}"); r0=$(redis_cpu)
  more_pids=$(IFS=,; echo "${node_pids[*]:1}")
  java -jar "$here/chat-bench/target/chat-bench.jar" --url "${urls[0]}" ${also:+--also-url "$also"} \
    --server-pid "${node_pids[0]}" ${more_pids:+--also-server-pid "$more_pids"} \
    --json "$out/$setup.json" "$@" 2>"$out/$setup-progress.log" | tee "$out/$setup.txt"
  t1=$(cpu_ticks "${node_pids[@]}"); r1=$(redis_cpu)
  hz=$(getconf CLK_TCK)
  echo "whole run incl. connects and JIT: nodes $(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN{printf "%.2f", (b-a)/hz}') s, redis $(awk -v a="$r0" -v b="$r1" 'BEGIN{printf "%.2f", b-a}') s" | tee -a "$out/$setup.txt"
  stop_all
  PGOPTIONS=--client-min-messages=warning psql "$(sed -E "s#jdbc:##" <<<"$pg")" -qc "DROP SCHEMA $schema CASCADE" >/dev/null
  redis-cli -h "$redis_host" -p "$redis_port" --scan --pattern "$name:*" | xargs -r redis-cli -h "$redis_host" -p "$redis_port" del >/dev/null
done
