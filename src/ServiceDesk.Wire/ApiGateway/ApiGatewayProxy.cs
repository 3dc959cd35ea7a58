using System.Text.Json.Serialization;

namespace ServiceDesk.Wire.ApiGateway;

/// <summary>
/// API Gateway REST (v1) Lambda proxy request.
/// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
/// </summary>
public sealed class ApiGatewayProxyRequest
{
    [JsonPropertyName("resource")] public string? Resource { get; set; }
    [JsonPropertyName("path")] public string? Path { get; set; }
    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string?>? Headers { get; set; }
    [JsonPropertyName("multiValueHeaders")] public Dictionary<string, List<string?>?>? MultiValueHeaders { get; set; }
    [JsonPropertyName("queryStringParameters")] public Dictionary<string, string?>? QueryStringParameters { get; set; }
    [JsonPropertyName("multiValueQueryStringParameters")] public Dictionary<string, List<string?>?>? MultiValueQueryStringParameters { get; set; }
    [JsonPropertyName("pathParameters")] public Dictionary<string, string?>? PathParameters { get; set; }
    [JsonPropertyName("stageVariables")] public Dictionary<string, string?>? StageVariables { get; set; }
    [JsonPropertyName("requestContext")] public ApiGatewayRequestContext? RequestContext { get; set; }
    [JsonPropertyName("body")] public string? Body { get; set; }
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }

    /// <summary>Header lookup ignoring case: API Gateway passes header names as the client sent them.</summary>
    public string? Header(string name)
    {
        if (Headers is not null)
        {
            foreach (var (key, value) in Headers)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }
        }

        return null;
    }

    public string? Query(string name) => QueryStringParameters is not null && QueryStringParameters.TryGetValue(name, out var value) ? value : null;
}

public sealed class ApiGatewayRequestContext
{
    [JsonPropertyName("requestId")] public string? RequestId { get; set; }
    [JsonPropertyName("stage")] public string? Stage { get; set; }
    [JsonPropertyName("resourcePath")] public string? ResourcePath { get; set; }
    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; set; }
    [JsonPropertyName("identity")] public ApiGatewayIdentity? Identity { get; set; }
}

public sealed class ApiGatewayIdentity
{
    [JsonPropertyName("apiKey")] public string? ApiKey { get; set; }
    [JsonPropertyName("sourceIp")] public string? SourceIp { get; set; }
}

/// <summary>API Gateway REST (v1) Lambda proxy response.</summary>
public sealed class ApiGatewayProxyResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; set; }
    [JsonPropertyName("headers")] public Dictionary<string, string>? Headers { get; set; }
    [JsonPropertyName("body")] public string? Body { get; set; }
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; set; }
}

[JsonSerializable(typeof(ApiGatewayProxyRequest))]
[JsonSerializable(typeof(ApiGatewayProxyResponse))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class ApiGatewayJsonContext : JsonSerializerContext;
