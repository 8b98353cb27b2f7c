namespace DpgMatch.LocalHost.MailSink;

public sealed class MailSinkOptions
{
    public const string Section = "MailSink";

    /// <summary>Where captured payloads are kept, so they survive a restart of the local host.</summary>
    public string Directory { get; set; } = Path.Combine(".localdata", "mail");
}
