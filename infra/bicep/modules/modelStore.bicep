// Azure Files share for model weights, mounted read-only into the GPU worker at /models.
// A separate account on purpose: Container Apps mounts SMB shares with the account key (its
// Azure Files mounts take no managed identity), so this account keeps shared-key access on while
// the data account has it off. The key never leaves ARM: gpuWorker.bicep reads it with listKeys()
// into the environment's storage definition; it is in no output, parameter or app setting.

import { tagSet } from '../types.bicep'

@description('Azure region of the account.')
param location string

@description('Tags applied to every resource.')
param tags tagSet

@description('Name of the model storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Name of the file share that holds the model files.')
param shareName string = 'models'

@description('Provisioned size of the share in GiB. FLUX.1 Fill (fp16) with its text encoders is about 35 GB; all models of MODELS.md fit in 100 GiB.')
@minValue(100)
param shareQuotaGiB int = 128

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageAccountName
  location: location
  tags: tags
  // Premium files: provisioned throughput, so a cold replica reads tens of GB of weights quickly.
  kind: 'FileStorage'
  sku: {
    name: 'Premium_LRS'
  }
  properties: {
    allowSharedKeyAccess: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource share 'Microsoft.Storage/storageAccounts/fileServices/shares@2025-01-01' = {
  parent: fileService
  name: shareName
  properties: {
    shareQuota: shareQuotaGiB
    enabledProtocols: 'SMB'
  }
}

@description('Name of the account.')
output name string = account.name

@description('Name of the share.')
output shareName string = share.name
