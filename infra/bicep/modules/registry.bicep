// Container registry for the worker image. Admin user off: the worker pulls with its identity (AcrPull).

import { tagSet } from '../types.bicep'

@description('Azure region of the registry.')
param location string

@description('Tags applied to every resource.')
param tags tagSet

@description('Name of the registry (alphanumeric, globally unique).')
param registryName string

@description('Registry SKU. Basic holds 10 GiB, enough for the worker image without weights; use Standard for a model image.')
param sku 'Basic' | 'Standard' | 'Premium' = 'Basic'

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
  }
}

@description('Name of the registry (role assignment scope).')
output name string = registry.name

@description('Login server, e.g. crxyz.azurecr.io.')
output loginServer string = registry.properties.loginServer
