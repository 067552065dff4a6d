#!/usr/bin/env bash
# The whole test suite, from a fresh clone with only the .NET SDK and Node.js: installs what the tests need
# (Debian's Chromium for the browser tests; NuGet packages and Azurite install themselves), runs every test
# project, and ends with one "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's Chromium for the browser tests..."
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium > /dev/null
fi

log=$(mktemp)
status=0
# A hung test fails its assembly after 15 minutes, naming the test, instead of running into the CI limit.
dotnet test Inpaint.sln --blame-hang-timeout 15m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Passed!/Failed! - Failed: F, Passed: P, ..." line per test assembly; add them up.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") { v = $(i + 1); gsub(/,/, "", v); f += v }
         if ($i == "Passed:") { v = $(i + 1); gsub(/,/, "", v); p += v }
       }
     }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit $status
