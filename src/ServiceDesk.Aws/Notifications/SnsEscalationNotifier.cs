using System.Text;
using System.Xml;
using System.Xml.Linq;
using ServiceDesk.Aws.Http;
using ServiceDesk.Core;
using ServiceDesk.Core.Escalation;

namespace ServiceDesk.Aws.Notifications;

/// <summary>
/// Publishes escalation notices to an SNS topic with Publish, in SNS's Query protocol (form-encoded request, XML answer),
/// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html. AWSSDK.SimpleNotificationService is not used: this is the
/// one call we need, signed like the others. A notice carries the ticket number, priority, category, impact, level and
/// wait: nothing about the caller.
/// </summary>
public sealed class SnsEscalationNotifier(AwsSignedClient client, AwsEndpoint endpoint, string topicArn, TimeProvider time) : IEscalationNotifier
{
    /// <summary>One publish, throttling retries included.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    public async Task<Result<bool>> NotifyAsync(EscalationNotice notice, CancellationToken cancellationToken)
    {
        var form = new StringBuilder("Action=Publish&Version=2010-03-31")
            .Append("&TopicArn=").Append(Uri.EscapeDataString(topicArn))
            .Append("&Subject=").Append(Uri.EscapeDataString(notice.Subject))
            .Append("&Message=").Append(Uri.EscapeDataString(notice.Message));
        var body = Encoding.UTF8.GetBytes(form.ToString());
        var response = await client.SendAsync(endpoint, HttpMethod.Post, string.Empty, body, "application/x-www-form-urlencoded; charset=utf-8", null, time.GetUtcNow() + CallTimeout, cancellationToken);
        if (!response.IsSuccess)
        {
            return Failure.Unavailable();
        }

        return MessageId(response.Body) is { Length: > 0 } ? true : Failure.Unavailable();
    }

    /// <summary>The MessageId of a PublishResponse; null for anything else.</summary>
    internal static string? MessageId(byte[] body)
    {
        try
        {
            var document = XDocument.Parse(Encoding.UTF8.GetString(body));
            return document.Descendants().FirstOrDefault(e => e.Name.LocalName == "MessageId")?.Value;
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
