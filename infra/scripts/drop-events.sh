#!/bin/sh
# azd postdeploy hook: subscribes the API's Event Grid-sourced blob triggers to the data account's
# BlobCreated events (Flex Consumption has no polling blob trigger). The subscription's endpoint is the
# Functions blob webhook, whose system key (blobs_extension) exists only after the code is deployed.
#
# Uses azd outputs: AZURE_RESOURCE_GROUP, FUNCTION_APP_NAME, DROP_EVENTS_TOPIC. Idempotent.
set -eu

rg="${AZURE_RESOURCE_GROUP:?run through azd (AZURE_RESOURCE_GROUP is not set)}"
app="${FUNCTION_APP_NAME:?run through azd (FUNCTION_APP_NAME is not set)}"
topic="${DROP_EVENTS_TOPIC:?run through azd (DROP_EVENTS_TOPIC is not set)}"

# Function name:container it watches, one per Event Grid blob trigger in Inpaint.Functions
# (tests/Inpaint.Infra.Tests checks this list against the code).
triggers="DropBlob:drop"

key="$(az functionapp keys list --resource-group "$rg" --name "$app" --query systemKeys.blobs_extension -o tsv)"
if [ -z "$key" ]; then
  echo "drop-events: the app has no blobs_extension key yet; is the API deployed?" >&2
  exit 1
fi
host="$(az functionapp show --resource-group "$rg" --name "$app" --query properties.defaultHostName -o tsv)"

for trigger in $triggers; do
  function="${trigger%%:*}"
  container="${trigger#*:}"
  az eventgrid system-topic event-subscription create \
    --resource-group "$rg" \
    --system-topic-name "$topic" \
    --name "$(echo "$function" | tr '[:upper:]' '[:lower:]')" \
    --endpoint-type webhook \
    --endpoint "https://$host/runtime/webhooks/blobs?functionName=Host.Functions.$function&code=$key" \
    --included-event-types Microsoft.Storage.BlobCreated \
    --subject-begins-with "/blobServices/default/containers/$container/" \
    --event-delivery-schema EventGridSchema \
    --output none
  echo "drop-events: $function <- BlobCreated in $container"
done
