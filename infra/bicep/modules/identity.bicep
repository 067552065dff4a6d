// User-assigned managed identities: one for the API (Function App), one for the GPU worker.
// Each gets only the roles rbac.bicep grants it; nothing here holds a secret.

import { tagSet } from '../types.bicep'

@description('Azure region of the identities.')
param location string

@description('Tags applied to every resource.')
param tags tagSet

@description('Name of the API (Function App) identity.')
param apiIdentityName string

@description('Name of the GPU worker identity.')
param workerIdentityName string

resource api 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: apiIdentityName
  location: location
  tags: tags
}

resource worker 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: workerIdentityName
  location: location
  tags: tags
}

@description('Resource id of the API identity.')
output apiId string = api.id

@description('Client id of the API identity (app settings *__clientId / *__ClientId).')
output apiClientId string = api.properties.clientId

@description('Object id of the API identity, for role assignments and the worker\'s allowed callers.')
output apiPrincipalId string = api.properties.principalId

@description('Resource id of the worker identity.')
output workerId string = worker.id

@description('Client id of the worker identity.')
output workerClientId string = worker.properties.clientId

@description('Object id of the worker identity.')
output workerPrincipalId string = worker.properties.principalId
