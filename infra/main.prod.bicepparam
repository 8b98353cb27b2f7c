using 'main.bicep'

param environmentName = 'prod'
param fromEmail = 'matches@example.org'
param maximumInstanceCount = 100

// Secrets come from the deploying shell, never from a file in the repository.
param sendGridApiKey = readEnvironmentVariable('DPGMATCH_SENDGRID_API_KEY')
param bootstrapAdminKey = readEnvironmentVariable('DPGMATCH_BOOTSTRAP_ADMIN_KEY')
param unsubscribeSigningKey = readEnvironmentVariable('DPGMATCH_UNSUBSCRIBE_SIGNING_KEY')
