// Inpaint on Azure: the API on Functions Flex Consumption, the GPU worker on Container Apps
// serverless GPU, one storage account, monitoring, a registry, identities and their roles.
// `azd up` deploys it (azure.yaml); docs/deploy.md has the steps, the GPU quota and the costs.

targetScope = 'subscription'

import { apiPolicy, gpuKind, modelSource, resourceNames, roleAssignment, tagSet, workerCalls, workerCapacity, workerScale } from 'types.bicep'

@description('Name of the environment (azd env name); prefixes the resource group and feeds the name token.')
@minLength(1)
@maxLength(40)
param environmentName string

@description('Region of every resource. Serverless GPUs: e.g. westus3, australiaeast, swedencentral (docs/deploy.md).')
param location string

@description('Name of the resource group; default rg-<environmentName>.')
param resourceGroupName string = 'rg-${environmentName}'

@description('Resource names; any left out are derived from an abbreviation and a unique token.')
param names resourceNames = {}

@description('GPU of the worker: A100 (80 GB, FLUX.1 Fill fits) or T4 (16 GB, SD inpainting and smaller).')
param gpu gpuKind = 'A100'

@description('Worker replica bounds and HTTP scale rule.')
param workerScaling workerScale = {
  minReplicas: 0
  maxReplicas: 2
  concurrentRequests: 4
}

@description('Where the worker finds its models: an Azure Files share, or a model image.')
param models modelSource = 'azureFiles'

@description('Model image for models = modelImage (its /models folder is copied into the replica).')
param modelImage string = ''

@description('Worker image; empty until the first `azd deploy` (azd sets SERVICE_WORKER_IMAGE_NAME).')
param workerImage string = ''

@description('Client id of the Entra ID application that represents the worker (created by infra/scripts/worker-app.sh).')
@minLength(36)
@maxLength(36)
param workerAppClientId string

@description('Token audience for the worker: its application\'s client id (the app registration issues v2 tokens, whose aud is the client id).')
param workerAudience string = workerAppClientId

@description('Work one worker replica accepts. Keep workerScaling.concurrentRequests and host.json maxConcurrentActivityFunctions in step with it.')
param workerLoad workerCapacity = {
  queueLimitPerGpu: 16
  maxBatchSize: 4
  batchWindow: '00:00:00.0150000'
  maxSamplesPerRequest: 8
  requestTimeout: '00:05:00'
  retryAfter: '00:00:02'
  maxPixels: 50000000
}

@description('How the API calls the worker: the attempt timeout covers a GPU cold start (image pull and model load); attempts and delays apply to region calls (generation makes one attempt per activity run, retried by the Durable generation policy).')
param workerRetries workerCalls = {
  maxAttempts: 6
  baseDelay: '00:00:02'
  maxDelay: '00:01:00'
  attemptTimeout: '00:10:00'
}

@description('Credits, image limits, URL fetch limits and result link lifetime.')
param policy apiPolicy = {
  creditsPerSample: 2
  maxImagePixels: 40000000
  maxImageSide: 12000
  maxUploadBytes: 52428800
  maxFetchBytes: 52428800
  fetchTimeout: '00:00:30'
  fetchMaxRedirects: 5
  resultLinkLifetime: '01:00:00'
}

@description('Object id of the person running the deployment; gets data access to inspect blobs and tables and to upload models. Empty: none.')
param deployerPrincipalId string = ''

@description('Days after which task artifacts are deleted from storage. 0 keeps them.')
@minValue(0)
param artifactRetentionDays int = 30

@description('Tags applied to every resource.')
param tags tagSet = {}

@description('Blob container where the API stages pixels for the worker\'s region calls (WorkerClient__StagingContainer); samples go by reference to the task\'s blobs.')
var workerStagingContainer = 'worker'

var token = toLower(uniqueString(subscription().id, environmentName, location))
var allTags = union(tags, { 'azd-env-name': environmentName })

var resolvedNames = {
  storageAccount: names.?storageAccount ?? 'st${token}'
  modelStorageAccount: names.?modelStorageAccount ?? 'stm${token}'
  functionApp: names.?functionApp ?? 'func-${token}'
  functionPlan: names.?functionPlan ?? 'plan-${token}'
  containerEnvironment: names.?containerEnvironment ?? 'cae-${token}'
  workerApp: names.?workerApp ?? 'ca-worker-${token}'
  containerRegistry: names.?containerRegistry ?? 'cr${token}'
  logAnalytics: names.?logAnalytics ?? 'log-${token}'
  appInsights: names.?appInsights ?? 'appi-${token}'
  eventsTopic: names.?eventsTopic ?? 'evgt-${token}'
  apiIdentity: names.?apiIdentity ?? 'id-api-${token}'
  workerIdentity: names.?workerIdentity ?? 'id-worker-${token}'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: resourceGroupName
  location: location
  tags: allTags
}

module identity 'modules/identity.bicep' = {
  scope: rg
  params: {
    location: location
    tags: allTags
    apiIdentityName: resolvedNames.apiIdentity
    workerIdentityName: resolvedNames.workerIdentity
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  params: {
    location: location
    tags: allTags
    logAnalyticsName: resolvedNames.logAnalytics
    appInsightsName: resolvedNames.appInsights
  }
}

module storage 'modules/storage.bicep' = {
  scope: rg
  params: {
    location: location
    tags: allTags
    storageAccountName: resolvedNames.storageAccount
    deploymentContainerName: 'app-package-${take(token, 8)}'
    extraContainers: [
      workerStagingContainer
    ]
    artifactRetentionDays: artifactRetentionDays
  }
}

module modelStore 'modules/modelStore.bicep' = if (models == 'azureFiles') {
  scope: rg
  params: {
    location: location
    tags: allTags
    storageAccountName: resolvedNames.modelStorageAccount
  }
}

module events 'modules/events.bicep' = {
  scope: rg
  params: {
    location: location
    tags: allTags
    topicName: resolvedNames.eventsTopic
    storageAccountName: resolvedNames.storageAccount
  }
  dependsOn: [
    storage
  ]
}

module registry 'modules/registry.bicep' = {
  scope: rg
  params: {
    location: location
    tags: allTags
    registryName: resolvedNames.containerRegistry
    sku: models == 'modelImage' ? 'Standard' : 'Basic'
  }
}

// Least privilege: the API runs the Functions host and the Durable Task hub (blob owner for the host's
// leases and deployment package, queues and tables for the hub) and the service's blobs and tables;
// the worker reads and writes blobs by reference (a task's crop, mask and alpha; its sample-i) and pulls its image. Both publish telemetry.
var identityRoles roleAssignment[] = [
  { principalId: identity.outputs.apiPrincipalId, principalType: 'ServicePrincipal', role: 'Storage Blob Data Owner', target: 'storage' }
  { principalId: identity.outputs.apiPrincipalId, principalType: 'ServicePrincipal', role: 'Storage Queue Data Contributor', target: 'storage' }
  { principalId: identity.outputs.apiPrincipalId, principalType: 'ServicePrincipal', role: 'Storage Table Data Contributor', target: 'storage' }
  { principalId: identity.outputs.apiPrincipalId, principalType: 'ServicePrincipal', role: 'Monitoring Metrics Publisher', target: 'appInsights' }
  { principalId: identity.outputs.workerPrincipalId, principalType: 'ServicePrincipal', role: 'Storage Blob Data Contributor', target: 'storage' }
  { principalId: identity.outputs.workerPrincipalId, principalType: 'ServicePrincipal', role: 'AcrPull', target: 'registry' }
  { principalId: identity.outputs.workerPrincipalId, principalType: 'ServicePrincipal', role: 'Monitoring Metrics Publisher', target: 'appInsights' }
]

var deployerRoles roleAssignment[] = empty(deployerPrincipalId)
  ? []
  : [
      { principalId: deployerPrincipalId, principalType: 'User', role: 'Storage Blob Data Contributor', target: 'storage' }
      { principalId: deployerPrincipalId, principalType: 'User', role: 'Storage Table Data Contributor', target: 'storage' }
      { principalId: deployerPrincipalId, principalType: 'User', role: 'Storage File Data Privileged Contributor', target: 'modelStorage' }
    ]

module rbac 'modules/rbac.bicep' = {
  scope: rg
  params: {
    assignments: concat(identityRoles, deployerRoles)
    // Names known at compile time (not module outputs), so what-if can predict the assignments.
    storageAccountName: resolvedNames.storageAccount
    modelStorageAccountName: models == 'azureFiles' ? resolvedNames.modelStorageAccount : ''
    registryName: resolvedNames.containerRegistry
    appInsightsName: resolvedNames.appInsights
  }
  dependsOn: [
    storage
    modelStore
    registry
    monitoring
  ]
}

module gpuWorker 'modules/gpuWorker.bicep' = {
  scope: rg
  params: {
    location: location
    tags: allTags
    environmentName: resolvedNames.containerEnvironment
    workerAppName: resolvedNames.workerApp
    logAnalyticsId: monitoring.outputs.logAnalyticsId
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    identityId: identity.outputs.workerId
    identityClientId: identity.outputs.workerClientId
    registryLoginServer: registry.outputs.loginServer
    workerImage: workerImage
    gpu: gpu
    scale: workerScaling
    capacity: workerLoad
    models: models
    modelStorageAccountName: models == 'azureFiles' ? resolvedNames.modelStorageAccount : ''
    modelShareName: models == 'azureFiles' ? modelStore!.outputs.shareName : ''
    modelImage: modelImage
    blobEndpoint: storage.outputs.blobEndpoint
    workerAppClientId: workerAppClientId
    workerAudience: workerAudience
    callerClientId: identity.outputs.apiClientId
    callerPrincipalId: identity.outputs.apiPrincipalId
  }
  // The worker pulls its image with AcrPull; the role must exist before the first revision.
  dependsOn: [
    rbac
  ]
}

module functions 'modules/functions.bicep' = {
  scope: rg
  params: {
    location: location
    tags: allTags
    functionAppName: resolvedNames.functionApp
    planName: resolvedNames.functionPlan
    identityId: identity.outputs.apiId
    identityClientId: identity.outputs.apiClientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    workerBaseUrl: '${gpuWorker.outputs.url}/'
    workerAudience: workerAudience
    workerStagingContainer: workerStagingContainer
    workerRetries: workerRetries
    policy: policy
  }
  // The host needs its storage roles when it first starts.
  dependsOn: [
    rbac
  ]
}

@description('Resource group of the deployment.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Base URL of the API: POST {API_BASE_URL}/v2/tasks/create.')
output API_BASE_URL string = functions.outputs.baseUrl

@description('Base URL of the GPU worker (Entra ID protected).')
output WORKER_URL string = gpuWorker.outputs.url

@description('Function App name (for the postdeploy hook).')
output FUNCTION_APP_NAME string = functions.outputs.name

@description('Event Grid system topic of the data account; the postdeploy hook subscribes the drop trigger to it.')
output DROP_EVENTS_TOPIC string = events.outputs.name

@description('Registry azd pushes the worker image to.')
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer

@description('Data storage account.')
output AZURE_STORAGE_ACCOUNT string = storage.outputs.name

@description('Model storage account and share (models = azureFiles); upload model files there.')
output MODEL_STORAGE_ACCOUNT string = models == 'azureFiles' ? modelStore!.outputs.name : ''
