param name string
param location string
param tags object
param storageAccountName string
param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string

@description('Blob container the Flex Consumption plan deploys the app package from.')
param deploymentContainer string

param insightsConnectionString string
param sendGridSecretUri string
param bootstrapSecretUri string
param signingSecretUri string

@description('Sender of every email.')
param fromEmail string

@description('SendGrid Event Webhook verification key.')
param sendGridWebhookPublicKey string

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
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

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the app's own identity.
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainer}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Identity-based storage: the host's triggers and the app's own clients read the same service URIs and
// authenticate with the managed identity; there is no connection string or key anywhere.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
    AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
    AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
    AzureWebJobsStorage__credential: 'managedidentity'
    APPLICATIONINSIGHTS_CONNECTION_STRING: insightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${sendGridSecretUri})'
    SendGrid__Host: 'https://api.sendgrid.com'
    SendGrid__WebhookPublicKey: sendGridWebhookPublicKey
    Auth__BootstrapAdminKey: '@Microsoft.KeyVault(SecretUri=${bootstrapSecretUri})'
    Notifications__FromEmail: fromEmail
    Notifications__FromName: 'DpgMatch'
    Notifications__PublicBaseUrl: 'https://${app.properties.defaultHostName}'
    Notifications__SigningKey: '@Microsoft.KeyVault(SecretUri=${signingSecretUri})'
    // With the Event Webhook wired, a send still unknown after a day never reached SendGrid: send it again.
    Notifications__UnknownResolution: empty(sendGridWebhookPublicKey) ? 'AssumeSent' : 'Resend'
    Catalog__ImportOnStart: 'true'
  }
}

output name string = app.name
output principalId string = app.identity.principalId
output defaultHostName string = app.properties.defaultHostName
