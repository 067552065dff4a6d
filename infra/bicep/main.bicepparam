// Parameters for `azd up` / `azd provision`; azd supplies the environment variables read here.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'inpaint')
param location = readEnvironmentVariable('AZURE_LOCATION', 'swedencentral')
param deployerPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')

// Set by infra/scripts/worker-app.sh (azd preprovision hook).
param workerAppClientId = readEnvironmentVariable('WORKER_APP_CLIENT_ID', '00000000-0000-0000-0000-000000000000')

// Kept across `azd provision` once `azd deploy` has pushed the worker image.
param workerImage = readEnvironmentVariable('SERVICE_WORKER_IMAGE_NAME', '')

// 'A100' (default) or 'T4': `azd env set GPU_KIND T4`.
param gpu = readEnvironmentVariable('GPU_KIND', 'A100') == 'T4' ? 'T4' : 'A100'

param workerScaling = {
  minReplicas: 0
  maxReplicas: int(readEnvironmentVariable('WORKER_MAX_REPLICAS', '2'))
  concurrentRequests: 4
}

param models = 'azureFiles'
