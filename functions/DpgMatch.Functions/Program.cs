using DpgMatch.Core;
using DpgMatch.Functions.Hosting;
using DpgMatch.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ExceptionHandlingMiddleware>();
builder.Services.AddProblemDetails();
builder.Services.AddDpgMatchCore();
builder.Services.AddDpgMatchInfrastructure(builder.Configuration);
builder.Services.AddDpgMatchTelemetry(builder.Configuration);

await builder.Build().RunAsync();
