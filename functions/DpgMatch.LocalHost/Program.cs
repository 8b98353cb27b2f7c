using DpgMatch.LocalHost;

var app = LocalHostApplication.Create(args);
await app.RunAsync();
