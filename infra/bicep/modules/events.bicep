// Event Grid system topic on the data account. The drop-folder blob trigger uses the Event Grid source
// (Flex Consumption has no polling blob trigger); its subscription points at the Function App's blob
// webhook, whose key exists only once the code is deployed, so infra/scripts/drop-events.sh (azd
// postdeploy hook) creates the subscription on this topic.

import { tagSet } from '../types.bicep'

@description('Azure region of the topic (the storage account\'s).')
param location string

@description('Tags applied to every resource.')
param tags tagSet

@description('Name of the system topic.')
param topicName string

@description('Name of the data storage account whose blob events the topic publishes.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

@description('Name of the system topic (DROP_EVENTS_TOPIC for the postdeploy hook).')
output name string = topic.name
