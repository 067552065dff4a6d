// Log Analytics workspace and workspace-based Application Insights with local (key) auth off:
// telemetry is ingested with the identities' Entra ID tokens (Monitoring Metrics Publisher role).

import { tagSet } from '../types.bicep'

@description('Azure region of the monitoring resources.')
param location string

@description('Tags applied to every resource.')
param tags tagSet

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Days that logs are kept.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

@description('Resource id of the Log Analytics workspace.')
output logAnalyticsId string = logAnalytics.id

@description('Name of the Application Insights component (role assignment scope).')
output appInsightsName string = appInsights.name

@description('Application Insights connection string. Not a credential: local auth is off, so ingestion needs an Entra ID token.')
output appInsightsConnectionString string = appInsights.properties.ConnectionString
