// The GPU worker: a Container Apps environment with a serverless GPU workload profile, and the
// worker app on it. Scales to zero; an HTTP rule adds replicas as concurrent requests grow. Only the
// API's identity may call it (Entra ID bearer tokens, checked by the platform before the container).

import { gpuKind, modelSource, tagSet, workerCapacity, workerScale } from '../types.bicep'

@description('Azure region; serverless GPUs exist in a few regions only (see docs/deploy.md).')
param location string

@description('Tags applied to every resource.')
param tags tagSet

@description('Name of the Container Apps environment.')
param environmentName string

@description('Name of the worker container app.')
param workerAppName string

@description('Resource id of the Log Analytics workspace that receives the environment\'s logs.')
param logAnalyticsId string

@description('Application Insights connection string for the worker\'s OpenTelemetry exporter.')
param appInsightsConnectionString string

@description('Resource id of the worker\'s user-assigned identity.')
param identityId string

@description('Client id of the worker\'s user-assigned identity.')
param identityClientId string

@description('Login server of the registry the worker image comes from.')
param registryLoginServer string

@description('Worker image. Empty before the first `azd deploy`: a public placeholder is used until then.')
param workerImage string

@description('Serverless GPU kind.')
param gpu gpuKind

@description('Replica bounds and the HTTP scale rule.')
param scale workerScale

@description('Work one replica accepts and how it batches.')
param capacity workerCapacity

@description('Where model files come from.')
param models modelSource

@description('Model storage account (models = azureFiles).')
param modelStorageAccountName string

@description('File share holding the models (models = azureFiles).')
param modelShareName string

@description('Image whose /models folder holds the model files (models = modelImage), e.g. <registry>/inpaint-models:1.')
param modelImage string

@description('Blob endpoint of the data account; the worker reads inputs and writes outputs by blob reference.')
param blobEndpoint string

@description('Client id of the Entra ID application that represents the worker (the token audience).')
param workerAppClientId string

@description('Audience of the tokens the worker accepts (the worker application\'s client id: v2 tokens carry it as aud).')
param workerAudience string

@description('Client id of the API\'s identity: the only application allowed to call the worker.')
param callerClientId string

@description('Object id of the API\'s identity: the only principal allowed to call the worker.')
param callerPrincipalId string

@description('Port the worker listens on (Inpaint.GpuWorker/Dockerfile).')
var workerPort = 8080

@description('Serverless GPU profiles: a replica gets the whole GPU with these CPU and memory.')
var gpuProfiles = {
  A100: {
    workloadProfileType: 'Consumption-GPU-NC24-A100'
    cpu: 24
    memory: '220Gi'
  }
  T4: {
    workloadProfileType: 'Consumption-GPU-NC8as-T4'
    cpu: 8
    memory: '56Gi'
  }
}

var profile = gpuProfiles[gpu]
var gpuProfileName = 'gpu'
var modelsMountPath = '/models'
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart:latest'

resource modelStorage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = if (models == 'azureFiles') {
  name: modelStorageAccountName
}

resource containerEnvironment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    // Logs go through diagnostic settings below: no workspace key is handed to the environment.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: gpuProfileName
        workloadProfileType: profile.workloadProfileType
      }
    ]
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: containerEnvironment
  properties: {
    workspaceId: logAnalyticsId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

// Container Apps mounts Azure Files over SMB with the account key; the key stays inside ARM.
resource modelShare 'Microsoft.App/managedEnvironments/storages@2025-07-01' = if (models == 'azureFiles') {
  parent: containerEnvironment
  name: 'models'
  properties: {
    azureFile: {
      accountName: modelStorageAccountName
      accountKey: modelStorage!.listKeys().keys[0].value
      shareName: modelShareName
      accessMode: 'ReadOnly'
    }
  }
}

var modelVolume = models == 'azureFiles'
  ? {
      name: 'models'
      storageType: 'AzureFile'
      storageName: 'models'
    }
  : {
      name: 'models'
      storageType: 'EmptyDir'
    }

// models = modelImage: an init container copies the image's /models into the replica's volume.
var modelInitContainers = models == 'modelImage'
  ? [
      {
        name: 'models'
        image: modelImage
        command: [
          'sh'
          '-c'
          'cp -a /models/. /mnt/models/'
        ]
        resources: {
          cpu: profile.cpu
          memory: profile.memory
        }
        volumeMounts: [
          {
            volumeName: 'models'
            mountPath: '/mnt/models'
          }
        ]
      }
    ]
  : []

resource worker 'Microsoft.App/containerApps@2025-07-01' = {
  name: workerAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'worker' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: containerEnvironment.id
    workloadProfileName: gpuProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        // Reachable from the Flex app's public outbound addresses; the auth config below admits only
        // the API's identity.
        external: true
        targetPort: workerPort
        transport: 'http'
        allowInsecure: false
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
    }
    template: {
      initContainers: modelInitContainers
      containers: [
        {
          name: 'worker'
          image: empty(workerImage) ? placeholderImage : workerImage
          resources: {
            cpu: profile.cpu
            memory: profile.memory
          }
          // Settings are Section__Property of the worker's options classes (tests/Inpaint.Infra.Tests checks them).
          env: [
            // Platform: Azure.Identity's user-assigned identity, telemetry, Kestrel port.
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
            { name: 'ASPNETCORE_HTTP_PORTS', value: string(workerPort) }
            // WorkerStorageOptions: inputs and outputs by blob reference, with the identity.
            { name: 'Storage__BlobServiceUri', value: blobEndpoint }
            { name: 'Storage__ClientId', value: identityClientId }
            // WorkerAuthOptions: Entra ID bearer tokens for the worker application (also checked by the platform).
            { name: 'Auth__Audience', value: workerAudience }
            { name: 'Auth__Authority', value: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0' }
            // WorkerCapacityOptions: one GPU per serverless replica.
            { name: 'Worker__Gpus', value: '1' }
            { name: 'Worker__QueueLimitPerGpu', value: string(capacity.queueLimitPerGpu) }
            { name: 'Worker__MaxBatchSize', value: string(capacity.maxBatchSize) }
            { name: 'Worker__BatchWindow', value: capacity.batchWindow }
            { name: 'Worker__MaxSamplesPerRequest', value: string(capacity.maxSamplesPerRequest) }
            { name: 'Worker__RequestTimeout', value: capacity.requestTimeout }
            { name: 'Worker__RetryAfter', value: capacity.retryAfter }
            { name: 'Worker__MaxPixels', value: string(capacity.maxPixels) }
            // Models: the image's INPAINT_MODELS (/models) is where the share (or the model image's copy) is mounted.
          ]
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: workerPort
              }
              periodSeconds: 10
              failureThreshold: 10
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: workerPort
              }
              periodSeconds: 30
              failureThreshold: 3
            }
            {
              // Not ready until the models are loaded and the execution provider is known.
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: workerPort
              }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
          volumeMounts: [
            {
              volumeName: 'models'
              mountPath: modelsMountPath
            }
          ]
        }
      ]
      volumes: [
        modelVolume
      ]
      scale: {
        minReplicas: scale.minReplicas
        maxReplicas: scale.maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: string(scale.concurrentRequests)
              }
            }
          }
        ]
      }
    }
  }
  dependsOn: [
    modelShare
  ]
}

// Entra ID in front of the container: a bearer token for the worker's audience, issued to the API's
// identity, or 401. Probes reach the container directly and are not affected.
resource workerAuth 'Microsoft.App/containerApps/authConfigs@2025-07-01' = {
  parent: worker
  name: 'current'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      unauthenticatedClientAction: 'Return401'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: workerAppClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            workerAudience
            'api://${workerAppClientId}'
          ]
          defaultAuthorizationPolicy: {
            allowedApplications: [
              callerClientId
            ]
            allowedPrincipals: {
              identities: [
                callerPrincipalId
              ]
            }
          }
        }
      }
    }
  }
}

@description('Name of the worker app.')
output name string = worker.name

@description('Base URL of the worker.')
output url string = 'https://${worker.properties.configuration.ingress.fqdn}'
