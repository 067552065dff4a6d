#!/usr/bin/env bash
# Builds, lints and snapshots the Bicep templates offline, warnings as errors.
#
# The Bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (version: BicepCliVersion
# in Directory.Packages.props), restored by cli/BicepCli.proj into the git-ignored .tools/ folder.
# Outputs go to .tools/bicep/out/: main.json (compiled ARM template), main.parameters.json, and
# main.snapshot.json (`bicep snapshot`: the resources a deployment of main.bicepparam would create, loops
# and names expanded, for a placeholder subscription). Inpaint.Infra.Tests reads them.
#
# Usage: infra/bicep/lint.sh            exit 0 only when build, build-params, lint and snapshot report nothing.
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

# main.bicepparam reads these azd variables; unset, the outputs show the defaults wherever this runs.
unset AZURE_ENV_NAME AZURE_LOCATION AZURE_PRINCIPAL_ID WORKER_APP_CLIENT_ID SERVICE_WORKER_IMAGE_NAME GPU_KIND WORKER_MAX_REPLICAS

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

# The snapshot is written beside the .bicepparam file, so it is taken from a copy in the output folder.
snapshot_src="$out/snapshot-src"
rm -rf "$snapshot_src"
mkdir -p "$snapshot_src"
cp -r "$here"/*.bicep "$here"/*.bicepparam "$here"/bicepconfig.json "$here"/modules "$snapshot_src"/
run snapshot "$snapshot_src/main.bicepparam" --mode overwrite \
  --subscription-id 00000000-0000-0000-0000-0000000000a1 --tenant-id 00000000-0000-0000-0000-0000000000b2 \
  --location swedencentral --deployment-name inpaint || status=1
if [[ -f "$snapshot_src/main.snapshot.json" ]]; then
  mv "$snapshot_src/main.snapshot.json" "$out/main.snapshot.json"
  if ! grep -Eq '"diagnostics": \[\]' "$out/main.snapshot.json"; then
    echo "bicep snapshot reported diagnostics (see $out/main.snapshot.json)" >>"$log"
    status=1
  fi
else
  status=1
fi

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
echo "bicep: build, build-params, lint and snapshot clean (Bicep CLI $version) -> $out"
