#!/usr/bin/env bash
# Measures what BENCHMARKS.md reports, on this machine, now:
#  - the WASM bundle and JS glue a first visit downloads (raw, gzip, brotli);
#  - what a first visit of /, /login and /signup transfers from the running
#    release server (HTML and every /pkg file the page names, as sent with
#    Accept-Encoding: br, gzip);
#  - GET / throughput and p99 latency of the portal (release build, demo
#    mode) against a bare axum handler serving the same bytes, same run:
#    without cookies (answered from memory), compressed, and with a cookie
#    (rendered);
#  - GET /springboard for a signed-in browser at 64 connections
#    (server/examples/springboard_server.rs: the real router over TCP);
#  - the portal's peak resident memory over the run;
#  - completed sign-ups per second (in-process, real router and SQLite file,
#    Argon2id at full cost), by server/examples/signup_bench.rs;
#  - sign-ins during a flood of bad requests, Forgot Password for real and
#    unknown User IDs, and the writer's commit cost (attack_bench.rs).
# Load comes from wrk on loopback, bounded in time. Called by `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."

PORTAL_ADDR=127.0.0.1:3300
BARE_ADDR=127.0.0.1:3301
SIGNED_ADDR=127.0.0.1:3302
SIGNED_CONNECTIONS=64
DURATION=${BENCH_DURATION:-15s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=2
WORK=target/bench
rm -rf "$WORK" && mkdir -p "$WORK"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for() {
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "nothing answered at $1" >&2
  return 1
}

size_row() {
  local name=$1 file=$2
  local raw gz br
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  br=$(brotli -q 11 -c "$file" | wc -c)
  printf '| %s | %d | %d | %d |\n' "$name" "$raw" "$gz" "$br"
  echo $((br)) >> "$WORK/brotli-total"
}

# wrk's latency report, in milliseconds, at the 99th percentile.
p99_ms() {
  awk '$1 == "99%" {
    v = $2; unit = v; gsub(/[0-9.]/, "", unit); gsub(/[a-z]/, "", v);
    if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000;
    printf "%.2f", v }' "$1"
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }

# --- the portal -------------------------------------------------------------
CARS_DEMO=true CARS_ADDR=$PORTAL_ADDR CARS_DATABASE=$WORK/cars.db RUST_LOG=warn \
  ./target/release/server > "$WORK/server.log" 2>&1 &
portal=$!; pids+=("$portal")
wait_for "http://$PORTAL_ADDR/healthz"
curl -fsS "http://$PORTAL_ADDR/" > "$WORK/landing.html"

# What the browser receives on a first visit: the page and each /pkg file it
# names (the chunk preloads, the loader, the JS, the WASM, the CSS),
# compressed as the server sends them. Response bodies only; headers add a
# few hundred bytes. On a repeat visit the browser asks again only for what
# is not marked immutable (the page itself, which is never stored).
wire_row() {
  local page=$1 html assets total=0 again n headers
  html=$(curl -fsS -H 'Accept-Encoding: br, gzip' -o /dev/null -w '%{size_download}' "http://$PORTAL_ADDR$page")
  again=$html
  assets=$(curl -fsS --compressed "http://$PORTAL_ADDR$page" | grep -oE '/pkg/[A-Za-z0-9_./-]+' | sort -u)
  for a in $assets; do
    headers=$(curl -fsS -H 'Accept-Encoding: br, gzip' -o /dev/null -D - -w 'size=%{size_download}\n' "http://$PORTAL_ADDR$a")
    n=$(echo "$headers" | awk -F= '/^size=/ { print $2 }')
    total=$((total + n))
    echo "$headers" | grep -qi '^cache-control:.*immutable' || again=$((again + n))
  done
  printf '| `%s` | %d | %d (%d files) | **%.1f KiB** | %.1f KiB |\n' "$page" "$html" "$total" "$(echo "$assets" | wc -w)" \
    "$(awk -v b=$((html + total)) 'BEGIN { printf "%.1f", b / 1024 }')" "$(awk -v b=$again 'BEGIN { printf "%.1f", b / 1024 }')"
}
wire=$(wire_row /; wire_row /login; wire_row /signup)

# --- the yardstick: same bytes, bare axum ------------------------------------
./target/release/examples/bare_axum "$BARE_ADDR" "$WORK/landing.html" &
bare=$!; pids+=("$bare")
wait_for "http://$BARE_ADDR/"

# Warm both, then measure each alone so they do not share the cores.
wrk -t1 -c4 -d2s "http://$PORTAL_ADDR/" > /dev/null
wrk -t1 -c4 -d2s "http://$BARE_ADDR/" > /dev/null
wrk -t$THREADS -c$CONNECTIONS -d"$DURATION" --latency "http://$PORTAL_ADDR/" > "$WORK/wrk-portal.txt"
wrk -t$THREADS -c$CONNECTIONS -d"$DURATION" --latency "http://$BARE_ADDR/" > "$WORK/wrk-bare.txt"
# The same page for a browser that accepts compression (compressed per
# answer), and for a visitor with a cookie (rendered every time).
wrk -t$THREADS -c$CONNECTIONS -d"$DURATION" --latency -H 'Accept-Encoding: br, gzip' "http://$PORTAL_ADDR/" \
  > "$WORK/wrk-portal-br.txt"
wrk -t$THREADS -c$CONNECTIONS -d"$DURATION" --latency -H 'Cookie: bench=1' "http://$PORTAL_ADDR/" \
  > "$WORK/wrk-portal-render.txt"
peak_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$portal/status")

portal_rps=$(rps "$WORK/wrk-portal.txt"); bare_rps=$(rps "$WORK/wrk-bare.txt")
portal_p99=$(p99_ms "$WORK/wrk-portal.txt"); bare_p99=$(p99_ms "$WORK/wrk-bare.txt")
ratio=$(awk -v a="$portal_rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", a / b }')
portal_br_rps=$(rps "$WORK/wrk-portal-br.txt"); portal_br_p99=$(p99_ms "$WORK/wrk-portal-br.txt")
render_rps=$(rps "$WORK/wrk-portal-render.txt"); render_p99=$(p99_ms "$WORK/wrk-portal-render.txt")

kill "$portal" "$bare" 2>/dev/null || true

# --- a signed-in page ---------------------------------------------------------
# One login signed in, one account linked: every request is a protected page
# (the session read once, the visit marked seen), alone on the cores.
./target/release/examples/springboard_server "$SIGNED_ADDR" > "$WORK/springboard.txt" 2> "$WORK/springboard.log" &
signed=$!; pids+=("$signed")
wait_for "http://$SIGNED_ADDR/healthz"
read -r signed_url signed_cookie < "$WORK/springboard.txt"
status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $signed_cookie" "$signed_url")
[ "$status" = 200 ] || { echo "GET $signed_url answered $status, not the signed-in page" >&2; exit 1; }
wrk -t1 -c4 -d2s -H "Cookie: $signed_cookie" "$signed_url" > /dev/null
wrk -t$THREADS -c$SIGNED_CONNECTIONS -d"$DURATION" --latency -H "Cookie: $signed_cookie" "$signed_url" > "$WORK/wrk-signed.txt"
signed_rps=$(rps "$WORK/wrk-signed.txt"); signed_p99=$(p99_ms "$WORK/wrk-signed.txt")
kill "$signed" 2>/dev/null || true

# --- completed sign-ups -------------------------------------------------------
# After the HTTP runs, alone on the cores: Argon2id is CPU-bound by design.
signups=$(./target/release/examples/signup_bench "${BENCH_SIGNUP_SECONDS:-15}" 8)
field() { echo "$signups" | sed -E "s/.*\"$1\": ([0-9.]+).*/\1/"; }
signins=$(./target/release/examples/signin_bench "${BENCH_SIGNUP_SECONDS:-15}" 8)
sfield() { echo "$signins" | sed -E "s/.*\"$1\": ([0-9.]+).*/\1/"; }
attack=$(./target/release/examples/attack_bench "${BENCH_ATTACK_SECONDS:-10}")
# One JSON line per measure: afield MEASURE FIELD.
afield() { echo "$attack" | grep "\"measure\": \"$1\"" | sed -E "s/.*\"$2\": ([0-9.]+).*/\1/"; }

# --- bundle sizes ------------------------------------------------------------
: > "$WORK/brotli-total"
# The build is split (`--split`): cars.wasm and the two JS files load on every
# page; each lazy route (app.rs) brings its own chunks when first reached.
split_js=$(ls target/site/pkg/__wasm_split.*.js | head -n 1)
cat target/site/pkg/chunk_*.wasm > "$WORK/chunks.wasm"
sizes=$(size_row "WASM (cars.wasm)" target/site/pkg/cars.wasm; size_row "JS glue (cars.js)" target/site/pkg/cars.js; size_row "JS chunk loader (__wasm_split.js)" "$split_js"; size_row "CSS (cars.css)" target/site/pkg/cars.css; size_row "lazy route chunks ($(ls target/site/pkg/chunk_*.wasm | wc -l) files, concatenated)" "$WORK/chunks.wasm")
first_load_br=$(head -n 3 "$WORK/brotli-total" | awk '{ s += $1 } END { print s }')
whole_app_br=$(awk 'NR != 4 { s += $1 } END { print s }' "$WORK/brotli-total")

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` (scripts/bench.sh); do not edit by hand. Figures are from one run"
  echo "on the machine below, so compare ratios, not absolute numbers, across machines."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores ($cpu), $(free -g | awk '/^Mem:/ { print $2 }') GiB memory, $(uname -sr)"
  echo "- Commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet -- . ':(exclude)BENCHMARKS.md' 2>/dev/null || echo ' (with uncommitted changes)')"
  echo
  echo "## Bundle (release build, after wasm-opt)"
  echo
  echo "| file | raw bytes | gzip -9 | brotli -q 11 |"
  echo "|---|---:|---:|---:|"
  echo "$sizes"
  echo
  echo "First load of a page that is not a lazy route (home, sign-in, public pages), WASM + JS, brotli: **$(awk -v b="$first_load_br" 'BEGIN { printf "%.1f", b / 1024 }') KiB** (goal: 200 KB). Whole app with every lazy chunk (compressed as one file, so a little under the sum of separate downloads): **$(awk -v b="$whole_app_br" 'BEGIN { printf "%.1f", b / 1024 }') KiB** (budget: 300 KB)."
  echo
  echo "## First visit on the wire (release server, \`Accept-Encoding: br, gzip\`)"
  echo
  echo "| page | HTML bytes | /pkg files it names, bytes | first visit | repeat visit |"
  echo "|---|---:|---:|---:|---:|"
  echo "$wire"
  echo
  echo "The bundle is sent as \`server assets compress\` wrote it after the build (brotli 11), not compressed per request (budget: 160 KB for \`/\` and \`/login\`). Pages name it under its build id (\`/pkg/{id}/\`), served \`immutable\` for a year, so a repeat visit fetches only the page."
  echo
  echo "## GET / throughput (wrk, $THREADS threads, $CONNECTIONS connections, $DURATION, loopback)"
  echo
  echo "| server | requests/s | p99 latency |"
  echo "|---|---:|---:|"
  echo "| portal, a visitor without cookies (answered from memory, fresh nonce, security headers) | $portal_rps | $portal_p99 ms |"
  echo "| portal, the same with \`Accept-Encoding: br, gzip\` (brotli 4 per answer) | $portal_br_rps | $portal_br_p99 ms |"
  echo "| portal, a visitor with a cookie (rendered every time) | $render_rps | $render_p99 ms |"
  echo "| bare axum, same bytes | $bare_rps | $bare_p99 ms |"
  echo
  echo "Portal / bare axum throughput ratio, a visitor without cookies: **$ratio** (goal: 0.5 or more). Home, Mechanic Services, sign-in and the content pages are answered from memory for a visitor without any cookie (server/src/page_cache.rs)."
  echo
  echo "## A signed-in page (GET /springboard, wrk, $THREADS threads, $SIGNED_CONNECTIONS connections, $DURATION, loopback)"
  echo
  echo "One login signed in with one linked account (server/examples/springboard_server.rs, the real router on a real SQLite file): every request renders the header and the card and reads the session once; the visit is written at most once in 10 s. At 64 connections on 2 cores the server is saturated, so the p99 is about 64 / (requests/s): what it waits for is the render."
  echo
  echo "| requests/s | p99 latency |"
  echo "|---:|---:|"
  echo "| $signed_rps | **$signed_p99 ms** (goal: under 10 ms) |"
  echo
  echo "## Completed sign-ups (in-process, real router and SQLite file, Argon2id m=19 MiB t=2 p=1)"
  echo
  echo "$(field workers) simulated browsers each walking whole sign-ups (profile, emailed code, User ID and password, FINISH) for $(field seconds) s:"
  echo "**$(field per_second) sign-ups/s** ($(field signups) logins created), p50 $(field p50_ms) ms, p99 $(field p99_ms) ms per sign-up."
  echo "Argon2id is the bound on purpose: hashes run one per core, off the async threads."
  echo
  echo "## Completed sign-ins (in-process, password + emailed code + session + Log Off)"
  echo
  echo "| what | per second |"
  echo "|---|---:|"
  echo "| sign-ins, $(sfield workers) browsers, $(sfield seconds) s | $(sfield per_second) |"
  echo "| Argon2id verifications alone, all $(sfield cores) cores, same run | $(sfield argon2_per_second) |"
  echo
  echo "Sign-ins / Argon2 bound: **$(sfield ratio)** (each sign-in costs exactly one Argon2id verification; 1.00 would mean nothing else costs anything)."
  echo
  echo "## Under attack (in-process, real router and SQLite file; server/examples/attack_bench.rs)"
  echo
  echo "Four people sign in again and again (password, emailed code, Log Off), each from their own address, for $(afield flood seconds) s, first alone, then while $(afield flood flooders) attackers at $(afield flood flooders) other addresses send unknown-User-ID and wrong-password sign-ins and sign-up step 2 posts as fast as they are answered. Three people use the browser they signed in on before; one uses a new browser every time. Someone told \"busy\" tries again after 0.5 s and gives up after 20 tries."
  echo
  echo "| | completed sign-ins/s | p50 | p99 | \"busy\" answers | gave up |"
  echo "|---|---:|---:|---:|---:|---:|"
  echo "| known browsers, no flood | $(afield flood calm_known_per_second) | $(afield flood calm_known_p50_ms) ms | $(afield flood calm_known_p99_ms) ms | $(afield flood calm_known_busy_answers) | $(afield flood calm_known_gave_up) |"
  echo "| known browsers, during the flood | $(afield flood flood_known_per_second) | $(afield flood flood_known_p50_ms) ms | $(afield flood flood_known_p99_ms) ms | $(afield flood flood_known_busy_answers) | $(afield flood flood_known_gave_up) |"
  echo "| new browser, no flood | $(afield flood calm_new_per_second) | $(afield flood calm_new_p50_ms) ms | $(afield flood calm_new_p99_ms) ms | $(afield flood calm_new_busy_answers) | $(afield flood calm_new_gave_up) |"
  echo "| new browser, during the flood | $(afield flood flood_new_per_second) | $(afield flood flood_new_p50_ms) ms | $(afield flood flood_new_p99_ms) ms | $(afield flood flood_new_busy_answers) | $(afield flood flood_new_gave_up) |"
  echo
  echo "The flood was answered at $(afield flood flood_answered_per_second)/s and turned away (503, its part of the hashing queue full) at $(afield flood flood_busy_per_second)/s. A browser the login signed in on before waits in the hashing queue's known part, which strangers never reach ($(afield flood hasher_refused_known) of its requests were refused); a new browser waits with the strangers, so a flood from many addresses can keep it out until the flood ends (app/src/security/password_hash.rs)."
  echo
  echo "Forgot Password, email by SMTP to a loopback listener through the queue, $(afield forgot_password rounds) requests each, alternating: real User ID median **$(afield forgot_password known_p50_ms) ms** (p90 $(afield forgot_password known_p90_ms) ms), unknown User ID median **$(afield forgot_password unknown_p50_ms) ms** (p90 $(afield forgot_password unknown_p90_ms) ms): medians $(afield forgot_password difference_percent)% apart (goal: within 10%). Codes delivered by the worker meanwhile: $(afield forgot_password emails_delivered)."
  echo
  echo "Writer durability: single-row commits in WAL mode, $(afield writer_commit commits) each: **$(afield writer_commit full_per_second)/s with synchronous = FULL** (what the portal's writer uses) against $(afield writer_commit normal_per_second)/s with NORMAL, on this machine's disk."
  echo
  echo "## Memory"
  echo
  echo "Portal peak resident set (VmHWM) over the run: **$(awk -v k="$peak_kb" 'BEGIN { printf "%.1f", k / 1024 }') MiB** ($peak_kb KiB)."
  echo
  cat docs/performance-levers.md
} > BENCHMARKS.md
cat BENCHMARKS.md
