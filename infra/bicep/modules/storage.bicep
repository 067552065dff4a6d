// The data account (ARCHITECTURE §4): blob containers and tables of the service, the Durable Task
// hub (its own queues/tables/containers, created at run time), and the Flex Consumption deployment
// container. Shared-key access is off: every caller authenticates with Entra ID.

import { tagSet } from '../types.bicep'

@description('Azure region of the account.')
param location string

@description('Tags applied to every resource.')
param tags tagSet

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Replication of the account.')
param sku 'Standard_LRS' | 'Standard_ZRS' | 'Standard_GRS' = 'Standard_LRS'

@description('Name of the blob container that holds the Function App\'s deployment package.')
param deploymentContainerName string

@description('Further blob containers, e.g. the staging container shared by the API and the worker.')
param extraContainers string[] = []

@description('Days after which task artifacts (uploads, tasks, drop-results and the extra containers) are deleted. 0 keeps them.')
@minValue(0)
param artifactRetentionDays int = 30

@description('Blob containers of the service (ARCHITECTURE §4).')
var serviceContainers = [
  'uploads'
  'tasks'
  'drop'
  'drop-results'
]

@description('Tables of the service (ARCHITECTURE §4).')
var serviceTables = [
  'tasks'
  'ledger'
  'apikeys'
  'idempotency'
]

@description('Containers whose blobs expire after artifactRetentionDays.')
var expiringContainers = concat(
  [
    'uploads'
    'tasks'
    'drop-results'
  ],
  extraContainers
)

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: sku
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // No VNet in this template: the Flex app and the worker reach the account over its public
      // endpoint, authenticated with their identities.
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for name in concat(serviceContainers, extraContainers, [deploymentContainerName]): {
    parent: blobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for name in serviceTables: {
    parent: tableService
    name: name
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = if (artifactRetentionDays > 0) {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-task-artifacts'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [for c in expiringContainers: '${c}/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: artifactRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    containers
  ]
}

@description('Name of the account (role assignment scope, AzureWebJobsStorage__accountName).')
output name string = account.name

@description('Blob endpoint, e.g. https://st.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Table endpoint.')
output tableEndpoint string = account.properties.primaryEndpoints.table

@description('URL of the deployment container, for functionAppConfig.deployment.storage.')
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
