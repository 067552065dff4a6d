// User-defined types shared by main.bicep and its modules.

@export()
@description('Serverless GPU for the worker. A100: 80 GB (FLUX.1 Fill fits); T4: 16 GB (SD inpainting, LaMa, region models; FLUX.1 Fill does not fit).')
type gpuKind = 'A100' | 'T4'

@export()
@description('Where the worker finds its model files: an Azure Files share mounted at /models, or a model image copied into the replica at start.')
type modelSource = 'azureFiles' | 'modelImage'

@export()
@description('Scaling of the GPU worker.')
type workerScale = {
  @description('Replicas that stay warm. 0 = scale to zero (cold starts of minutes: image pull and model load).')
  @minValue(0)
  minReplicas: int

  @description('Upper bound on GPU replicas; each one is billed per second while it runs, and needs GPU quota.')
  @minValue(1)
  @maxValue(30)
  maxReplicas: int

  @description('Concurrent HTTP requests per replica before the HTTP scale rule adds one; match the worker\'s queue capacity per GPU.')
  @minValue(1)
  concurrentRequests: int
}

@export()
@description('Names of the resources; any left out get an abbreviation plus a token unique to the subscription, environment and location.')
type resourceNames = {
  storageAccount: string?
  modelStorageAccount: string?
  functionApp: string?
  functionPlan: string?
  containerEnvironment: string?
  workerApp: string?
  containerRegistry: string?
  logAnalytics: string?
  appInsights: string?
  apiIdentity: string?
  workerIdentity: string?
}

@export()
@description('Credits and limits the API applies (app settings Pricing__* and Limits__*).')
type apiPolicy = {
  @description('Credits charged per requested sample (the reference tool charges 2).')
  @minValue(0)
  creditsPerSample: int

  @description('Largest accepted input image, in pixels (width x height).')
  @minValue(1)
  maxImagePixels: int

  @description('Largest accepted input image file, in bytes.')
  @minValue(1)
  maxImageBytes: int

  @description('Lifetime of the read-only result links, as a .NET TimeSpan (hh:mm:ss).')
  resultLinkLifetime: string
}

@export()
@description('One role assignment: who gets which built-in role on which of our resources.')
type roleAssignment = {
  @description('Object id of the principal.')
  principalId: string

  @description('User for a person running azd, ServicePrincipal for a managed identity.')
  principalType: 'ServicePrincipal' | 'User' | 'Group'

  @description('Name of the built-in role, a key of rbac.bicep\'s role table.')
  role: string

  @description('Resource the role is granted on.')
  target: 'storage' | 'modelStorage' | 'registry' | 'appInsights'
}

@export()
@description('Resource tags: names to string values.')
type tagSet = {
  *: string
}
