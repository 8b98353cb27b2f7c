param name string
param location string
param tags object

@secure()
@description('The SendGrid API key the app sends mail with.')
param sendGridApiKey string

@secure()
@description('The key that may create the first principals.')
param bootstrapAdminKey string

@secure()
@description('The key that signs unsubscribe links.')
param unsubscribeSigningKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource sendGrid 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'sendgrid-api-key'
  properties: {
    value: sendGridApiKey
  }
}

resource bootstrap 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bootstrap-admin-key'
  properties: {
    value: bootstrapAdminKey
  }
}

resource signing 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'unsubscribe-signing-key'
  properties: {
    value: unsubscribeSigningKey
  }
}

output id string = vault.id
output name string = vault.name
output sendGridSecretUri string = sendGrid.properties.secretUri
output bootstrapSecretUri string = bootstrap.properties.secretUri
output signingSecretUri string = signing.properties.secretUri
