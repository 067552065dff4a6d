#!/usr/bin/env bash
# Builds and lints the Bicep templates offline, warnings as errors.
#
# The Bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (version: BicepCliVersion
# in Directory.Packages.props), restored by cli/BicepCli.proj into the git-ignored .tools/ folder.
# Outputs (compiled ARM JSON) go to .tools/bicep/out/; Inpaint.Infra.Tests reads them.
#
# Usage: infra/bicep/lint.sh            exit 0 only when build, build-params and lint report nothing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/.tools/bicep/out"
version="$(sed -n 's:.*<BicepCliVersion>\(.*\)</BicepCliVersion>.*:\1:p' "$root/Directory.Packages.props")"
bicep="$root/.tools/packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"

if [[ ! -x "$bicep" ]]; then
  dotnet restore "$here/cli/BicepCli.proj" --verbosity quiet >&2
  chmod +x "$bicep"
fi

mkdir -p "$out"
log="$out/diagnostics.txt"
: > "$log"

# Each step's diagnostics (stderr) are collected; any Warning or Error fails the script, even where the
# CLI itself exits 0 (it does so for warnings).
run() {
  local status=0
  "$bicep" "$@" 2>>"$log" || status=$?
  return $status
}

status=0
run build "$here/main.bicep" --outfile "$out/main.json" || status=1
run build-params "$here/main.bicepparam" --outfile "$out/main.parameters.json" || status=1
run lint "$here/main.bicep" || status=1

if [[ -s "$log" ]]; then
  awk '!seen[$0]++' "$log" >&2
  if grep -Eq ' : (Warning|Error) ' "$log"; then
    status=1
  fi
fi

if [[ $status -ne 0 ]]; then
  echo "bicep: FAILED (Bicep CLI $version)" >&2
  exit 1
fi
echo "bicep: build, build-params and lint clean (Bicep CLI $version) -> $out"
