using DpgMatch.Core;
using DpgMatch.Infrastructure;
using DpgMatch.LocalHost.Hosting;
using DpgMatch.LocalHost.MailSink;
using DpgMatch.LocalHost.Queues;
using Microsoft.Azure.WebJobs;

namespace DpgMatch.LocalHost;

/// <summary>
/// The local host: the Functions app's HTTP routes on ASP.NET Core and its queue triggers on the WebJobs SDK
/// listeners, over the same services. In Development it also serves a SendGrid-compatible mail sink.
/// </summary>
public static class LocalHostApplication
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The content root is the app folder, where appsettings.json and host.json are, wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // local.settings.json sits below environment variables and arguments, as with 'func start'.
        var localSettings = builder.Configuration["LocalSettings"] ?? Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json");
        var sources = builder.Configuration.Sources.ToList();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddLocalSettings(localSettings);
        foreach (var source in sources)
        {
            builder.Configuration.Sources.Add(source);
        }

        configure?.Invoke(builder);

        builder.Services.AddProblemDetails();
        builder.Services.AddDpgMatchCore();
        builder.Services.AddDpgMatchInfrastructure(builder.Configuration);
        builder.Services.AddOptions<MailSinkOptions>().Bind(builder.Configuration.GetSection(MailSinkOptions.Section));
        builder.Services.AddSingleton<MailSinkStore>();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddHostedService<MailSinkEventReplay>();
        }

        var hostJson = builder.Configuration["HostJson"] ?? Path.Combine(AppContext.BaseDirectory, "host.json");
        builder.Host.ConfigureWebJobs(webJobs => webJobs.AddAzureStorageQueues(options => HostJsonQueueSettings.Apply(hostJson, options)));
        builder.Services.AddSingleton<ITypeLocator>(new ExplicitTypeLocator(typeof(QueueFunctions)));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDpgMatchApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapMailSink();
        }

        return app;
    }
}
