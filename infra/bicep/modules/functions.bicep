// The API: a .NET isolated Function App on Flex Consumption. Every connection is identity-based
// (user-assigned identity); the app settings hold endpoints, client ids and policy, no secret.
// The settings below are exactly the ones the code binds (tests/Inpaint.Infra.Tests checks it).

import { apiPolicy, tagSet, workerCalls } from '../types.bicep'

@description('Azure region of the plan and app.')
param location string

@description('Tags applied to every resource.')
param tags tagSet

@description('Name of the Function App.')
param functionAppName string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Resource id of the API\'s user-assigned identity.')
param identityId string

@description('Client id of the API\'s user-assigned identity.')
param identityClientId string

@description('Name of the data storage account (AzureWebJobsStorage and the Durable Task hub).')
param storageAccountName string

@description('Blob endpoint of the data account.')
param blobEndpoint string

@description('Table endpoint of the data account.')
param tableEndpoint string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

@description('Application Insights connection string (not a credential: local auth is off).')
param appInsightsConnectionString string

@description('Base URL of the GPU worker, e.g. https://ca-worker.<env>.<region>.azurecontainerapps.io.')
param workerBaseUrl string

@description('Audience (client id of the worker\'s Entra ID application) of the tokens the API presents to the worker.')
param workerAudience string

@description('Blob container where the API stages pixels for the worker\'s region calls (samples go by reference to the task\'s blobs).')
param workerStagingContainer string

@description('Retries and time limits of calls to the worker.')
param workerRetries workerCalls

@description('Credits, limits and link lifetime.')
param policy apiPolicy

@description('Instance memory of the Flex plan in MB. Compositing a 40 MP image needs about 1 GB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Concurrent HTTP requests per instance.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 16

@description('App settings. Keys are Section__Property of the options classes (XxxOptions.SectionName), plus the platform\'s own keys; tests/Inpaint.Infra.Tests checks that they match the code exactly.')
var appSettings = {
  // Platform: host storage and the Durable Task hub (host.json storageProvider.connectionName), identity-based.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // Platform: telemetry with Entra ID auth; Azure.Identity's choice of user-assigned identity.
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
  // StorageOptions: the service's blobs and tables, reached with the identity.
  Storage__BlobServiceUri: blobEndpoint
  Storage__TableServiceUri: tableEndpoint
  Storage__ClientId: identityClientId
  // WorkerClientOptions: where the GPU worker is, the token audience, an attempt timeout sized for GPU cold starts,
  // retries for region calls (generation is retried by the Durable policy alone).
  WorkerClient__BaseAddress: workerBaseUrl
  WorkerClient__Audience: workerAudience
  WorkerClient__StagingContainer: workerStagingContainer
  WorkerClient__MaxAttempts: string(workerRetries.maxAttempts)
  WorkerClient__BaseDelay: workerRetries.baseDelay
  WorkerClient__MaxDelay: workerRetries.maxDelay
  WorkerClient__AttemptTimeout: workerRetries.attemptTimeout
  // PricingOptions, LimitsOptions, FetchOptions, ResultsOptions.
  Pricing__CreditsPerSample: string(policy.creditsPerSample)
  Limits__MaxPixels: string(policy.maxImagePixels)
  Limits__MaxSide: string(policy.maxImageSide)
  Limits__MaxUploadBytes: string(policy.maxUploadBytes)
  Fetch__AllowHttp: 'false'
  Fetch__MaxBytes: string(policy.maxFetchBytes)
  Fetch__Timeout: policy.fetchTimeout
  Fetch__MaxRedirects: string(policy.fetchMaxRedirects)
  Results__LinkLifetime: policy.resultLinkLifetime
  Results__HandlerId: functionAppName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [for s in items(appSettings): { name: s.key, value: s.value }]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Deployment goes through Entra ID (azd, az functionapp deployment); basic publishing credentials stay off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the Function App.')
output name string = app.name

@description('Base URL of the API; paths are the spec\'s (/v2/...) because host.json sets routePrefix to "".')
output baseUrl string = 'https://${app.properties.defaultHostName}'
