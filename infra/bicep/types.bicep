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
  eventsTopic: string?
  apiIdentity: string?
  workerIdentity: string?
}

@export()
@description('What the API charges and accepts (app settings Pricing__*, Limits__*, Fetch__*, Results__*).')
type apiPolicy = {
  @description('Credits charged per requested sample (the reference tool charges 2).')
  @minValue(0)
  creditsPerSample: int

  @description('Largest accepted input image, in pixels (width x height), checked before decoding.')
  @minValue(1)
  maxImagePixels: int

  @description('Longest accepted image side, in pixels.')
  @minValue(1)
  maxImageSide: int

  @description('Largest upload or request body, in bytes.')
  @minValue(1)
  maxUploadBytes: int

  @description('Largest image downloaded from a URL, in bytes.')
  @minValue(1)
  maxFetchBytes: int

  @description('Deadline of one image download, as a .NET TimeSpan (hh:mm:ss).')
  fetchTimeout: string

  @description('Redirects followed per image download.')
  @minValue(0)
  fetchMaxRedirects: int

  @description('Lifetime of the read-only result links, as a .NET TimeSpan (hh:mm:ss).')
  resultLinkLifetime: string
}

@export()
@description('How the API calls the GPU worker (app settings WorkerClient__*). A cold GPU replica needs minutes: image pull and model load.')
type workerCalls = {
  @description('Attempts per region or info call, the first included, before a transient failure (429, 503, timeout) is given up. Generation makes one attempt; the Durable generation policy retries it.')
  @minValue(1)
  maxAttempts: int

  @description('First backoff delay (hh:mm:ss), doubled each attempt.')
  baseDelay: string

  @description('Longest wait between attempts (hh:mm:ss).')
  maxDelay: string

  @description('Time limit of one attempt, queueing on the worker included (hh:mm:ss).')
  attemptTimeout: string
}

@export()
@description('How much work one worker replica accepts (settings Worker__*).')
type workerCapacity = {
  @description('Work items that may wait per GPU; beyond that the worker answers 429.')
  @minValue(1)
  queueLimitPerGpu: int

  @description('Most diffusion samples run as one batch; 1 turns batching off.')
  @minValue(1)
  maxBatchSize: int

  @description('How long the first sample of a batch waits for companions (hh:mm:ss.fffffff).')
  batchWindow: string

  @description('Most samples one diffuse request may ask for.')
  @minValue(1)
  maxSamplesPerRequest: int

  @description('Time limit of one request on the worker, queueing included (hh:mm:ss).')
  requestTimeout: string

  @description('Retry-After given to a refused caller (hh:mm:ss).')
  retryAfter: string

  @description('Largest input image the worker decodes, in pixels.')
  @minValue(1)
  maxPixels: int
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
