#!/bin/sh
# azd preprovision hook: makes sure an Entra ID application represents the GPU worker, and records its
# client id as WORKER_APP_CLIENT_ID in the azd environment (main.bicepparam reads it).
#
# The API's managed identity requests tokens for this application; the worker (and the Container Apps
# authentication in front of it) accepts only those tokens, and only from that identity. The
# application has no secret and no redirect URI: it exists to be a token audience.
#
# Needs: Azure CLI signed in (`az login`) to the same tenant as azd, with permission to create
# applications (the default for members, or the Application Developer role).
set -eu

env_name="${AZURE_ENV_NAME:?run through azd (AZURE_ENV_NAME is not set)}"
display_name="inpaint-worker-${env_name}"
client_id="${WORKER_APP_CLIENT_ID:-}"

if [ -n "$client_id" ] && az ad app show --id "$client_id" --query appId -o tsv >/dev/null 2>&1; then
  echo "worker application: $client_id (exists)"
else
  client_id="$(az ad app list --display-name "$display_name" --query '[0].appId' -o tsv)"
  if [ -z "$client_id" ]; then
    client_id="$(az ad app create --display-name "$display_name" --sign-in-audience AzureADMyOrg --query appId -o tsv)"
    echo "worker application: $client_id (created)"
  else
    echo "worker application: $client_id (found by name)"
  fi
fi

# Identifier URI api://<client id>; v2 access tokens, whose issuer is login.microsoftonline.com/<tenant>/v2.0
# and whose audience is the client id - what the worker's Auth__Authority and Auth__Audience expect.
az ad app update --id "$client_id" --identifier-uris "api://$client_id" --set api.requestedAccessTokenVersion=2
az ad sp show --id "$client_id" --query id -o tsv >/dev/null 2>&1 || az ad sp create --id "$client_id" --query id -o tsv >/dev/null

azd env set WORKER_APP_CLIENT_ID "$client_id"
