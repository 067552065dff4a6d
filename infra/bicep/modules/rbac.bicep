// Every role assignment of the deployment, from one array (main.bicep builds it). Each is scoped to
// the one resource it concerns, never the resource group, and named with guid(scope, principal, role)
// so a redeployment finds the same assignment instead of failing on a duplicate.

import { roleAssignment } from '../types.bicep'

@description('The role assignments to create.')
param assignments roleAssignment[]

@description('Name of the data storage account.')
param storageAccountName string

@description('Name of the model storage account; empty when models do not come from Azure Files.')
param modelStorageAccountName string

@description('Name of the container registry.')
param registryName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Built-in role definition ids by name (same in every tenant).')
var roles = {
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  'Storage Queue Data Contributor': '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  'Storage File Data Privileged Contributor': '69566ab7-960f-475b-8e7c-b3118f30c6bd'
  AcrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource modelStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = if (!empty(modelStorageAccountName)) {
  name: modelStorageAccountName
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' existing = {
  name: registryName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource onStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in filter(assignments, a => a.target == 'storage'): {
    name: guid(storage.id, a.principalId, roles[a.role])
    scope: storage
    properties: {
      principalId: a.principalId
      principalType: a.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles[a.role])
    }
  }
]

resource onModelStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in filter(assignments, a => a.target == 'modelStorage' && !empty(modelStorageAccountName)): {
    name: guid(modelStorage.id, a.principalId, roles[a.role])
    scope: modelStorage
    properties: {
      principalId: a.principalId
      principalType: a.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles[a.role])
    }
  }
]

resource onRegistry 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in filter(assignments, a => a.target == 'registry'): {
    name: guid(registry.id, a.principalId, roles[a.role])
    scope: registry
    properties: {
      principalId: a.principalId
      principalType: a.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles[a.role])
    }
  }
]

resource onAppInsights 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for a in filter(assignments, a => a.target == 'appInsights'): {
    name: guid(appInsights.id, a.principalId, roles[a.role])
    scope: appInsights
    properties: {
      principalId: a.principalId
      principalType: a.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles[a.role])
    }
  }
]
