using System.Text;
using DpgMatch.LocalHost.MailSink;
using SendGrid.Helpers.Mail;

namespace DpgMatch.Tests.Unit;

public sealed class SendGridPayloadValidatorTests
{
    [Fact]
    public void What_the_SendGrid_client_serialises_is_accepted()
    {
        var mail = MailHelper.CreateSingleEmail(new EmailAddress("matches@example.org", "DpgMatch"), new EmailAddress("o@example.org"), "Subject", "text", "<p>html</p>");
        mail.AddCustomArg("notification_id", "abc");
        Assert.Empty(SendGridPayloadValidator.Validate(Encoding.UTF8.GetBytes(mail.Serialize())));
    }

    [Theory]
    [InlineData("""{"from":{"email":"a@example.org"},"subject":"s","content":[{"type":"text/plain","value":"x"}]}""", "personalizations")]
    [InlineData("""{"personalizations":[{"to":[]}],"from":{"email":"a@example.org"},"subject":"s","content":[{"type":"text/plain","value":"x"}]}""", "personalizations.0.to")]
    [InlineData("""{"personalizations":[{"to":[{"email":"nope"}]}],"from":{"email":"a@example.org"},"subject":"s","content":[{"type":"text/plain","value":"x"}]}""", "personalizations.0.to.0.email")]
    [InlineData("""{"personalizations":[{"to":[{"email":"b@example.org"}]}],"subject":"s","content":[{"type":"text/plain","value":"x"}]}""", "from.email")]
    [InlineData("""{"personalizations":[{"to":[{"email":"b@example.org"}]}],"from":{"email":"a@example.org"},"content":[{"type":"text/plain","value":"x"}]}""", "subject")]
    [InlineData("""{"personalizations":[{"to":[{"email":"b@example.org"}]}],"from":{"email":"a@example.org"},"subject":"s"}""", "content")]
    [InlineData("""{"personalizations":[{"to":[{"email":"b@example.org"}]}],"from":{"email":"a@example.org"},"subject":"s","content":[{"type":"text/plain","value":""}]}""", "content.0.value")]
    [InlineData("""{"personalizations":[{"to":[{"email":"b@example.org"}]}],"from":{"email":"a@example.org"},"subject":"s","content":[{"type":"text/html","value":"x"},{"type":"text/plain","value":"x"}]}""", "content.1.type")]
    public void What_SendGrid_refuses_is_refused_naming_the_field(string json, string field) =>
        Assert.Contains(SendGridPayloadValidator.Validate(Encoding.UTF8.GetBytes(json)), e => e.Field == field);

    [Fact]
    public void More_than_1000_personalizations_are_refused()
    {
        var personalizations = string.Join(',', Enumerable.Range(0, 1001).Select(i => $$"""{"to":[{"email":"r{{i}}@example.org"}]}"""));
        var json = $$"""{"personalizations":[{{personalizations}}],"from":{"email":"a@example.org"},"subject":"s","content":[{"type":"text/plain","value":"x"}]}""";
        Assert.Contains(SendGridPayloadValidator.Validate(Encoding.UTF8.GetBytes(json)), e => e.Field == "personalizations");
    }

    [Fact]
    public void A_template_replaces_subject_and_content() =>
        Assert.Empty(SendGridPayloadValidator.Validate(Encoding.UTF8.GetBytes(
            """{"personalizations":[{"to":[{"email":"b@example.org"}]}],"from":{"email":"a@example.org"},"template_id":"d-123"}""")));
}
