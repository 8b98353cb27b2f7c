targetScope = 'resourceGroup'

@description('Short name of the environment, used in resource names: dev, test, prod.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Base name of the deployment; resource names are derived from it.')
@minLength(3)
@maxLength(11)
param appName string = 'dpgmatch'

@secure()
@description('SendGrid API key; stored in Key Vault, referenced from the app settings.')
param sendGridApiKey string

@secure()
@description('Bootstrap admin key (at least 16 characters); stored in Key Vault.')
@minLength(16)
param bootstrapAdminKey string

@secure()
@description('Key (at least 32 characters) that signs unsubscribe links; stored in Key Vault.')
@minLength(32)
param unsubscribeSigningKey string

@description('SendGrid Event Webhook verification key (base64, public); empty refuses every event post.')
param sendGridWebhookPublicKey string = ''

@description('The address every email is sent from; a sender verified in SendGrid.')
param fromEmail string

@description('Most instances the Flex Consumption plan may scale out to.')
param maximumInstanceCount int = 40

var prefix = '${appName}-${environmentName}'
var unique = uniqueString(resourceGroup().id, appName, environmentName)
var tags = {
  application: 'dpgmatch'
  environment: environmentName
}

var deploymentContainer = 'app-package'

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('${replace(appName, '-', '')}${environmentName}${unique}', 24)
    location: location
    tags: tags
    tables: [
      'Needs'
      'Listings'
      'Contacts'
      'CatalogState'
      'Matches'
      'Principals'
      'Notifications'
      'Idempotency'
      'ImportJobs'
      'Feedback'
      'Suppressions'
      'WebhookEvents'
      'Subscriptions'
      'SendCounts'
      'DigestItems'
      'Models'
    ]
    queues: [
      'needs-to-match'
      'notifications'
      'registry-import'
      'listings-changed'
      'model-training'
    ]
    containers: [
      deploymentContainer
      'imports'
      'models'
    ]
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    namePrefix: prefix
    location: location
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('${prefix}-${unique}', 24)
    location: location
    tags: tags
    sendGridApiKey: sendGridApiKey
    bootstrapAdminKey: bootstrapAdminKey
    unsubscribeSigningKey: unsubscribeSigningKey
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: '${prefix}-${take(unique, 6)}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainer: deploymentContainer
    insightsConnectionString: monitoring.outputs.connectionString
    sendGridSecretUri: vault.outputs.sendGridSecretUri
    bootstrapSecretUri: vault.outputs.bootstrapSecretUri
    signingSecretUri: vault.outputs.signingSecretUri
    fromEmail: fromEmail
    sendGridWebhookPublicKey: sendGridWebhookPublicKey
    maximumInstanceCount: maximumInstanceCount
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: vault.outputs.name
    insightsName: monitoring.outputs.insightsName
  }
}

@description('The app\'s public address.')
output appUrl string = 'https://${functionApp.outputs.defaultHostName}'

output functionAppName string = functionApp.outputs.name
output storageAccountName string = storage.outputs.name
output keyVaultName string = vault.outputs.name
output logAnalyticsWorkspace string = monitoring.outputs.workspaceName
