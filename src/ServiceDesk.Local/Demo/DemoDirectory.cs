using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Local.Demo;

/// <summary>The demo caller directory in <c>deploy/demo-callers.json</c>, loaded by the local tools and the deploy seed.</summary>
public static class DemoDirectory
{
    public static IReadOnlyList<Caller> Load(string path)
    {
        DemoFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize(stream, DemoDirectoryJsonContext.Default.DemoFile);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a caller directory ({ex.Message})", ex);
        }

        return [.. (file?.Callers ?? []).Select((c, i) => ToCaller(c, path, i))];
    }

    private static Caller ToCaller(DemoCaller c, string path, int index)
    {
        if (string.IsNullOrWhiteSpace(c.Id) || string.IsNullOrWhiteSpace(c.DisplayName))
        {
            throw new InvalidDataException($"{path}: callers[{index}] needs an id and a display_name");
        }

        var phones = (c.Phones ?? []).Select(p => PhoneNumber.TryNormalize(p, out var n) == PhoneNumberKind.Valid
            ? n
            : throw new InvalidDataException($"{path}: callers[{index}] has an invalid phone number")).ToList();
        if (c.PinHash is { } pin && !pin.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal))
        {
            // A PIN written in plain is refused: the directory holds hashes only (make one with `servicedesk pin-hash`).
            throw new InvalidDataException($"{path}: callers[{index}].pin_hash is not a PIN hash (make one with: servicedesk pin-hash)");
        }

        return new Caller(c.Id, c.DisplayName, phones, c.EmployeeId, c.Vip, c.Language ?? "en-US", c.PinHash);
    }

    internal sealed record DemoFile([property: JsonPropertyName("callers")] List<DemoCaller>? Callers);

    internal sealed record DemoCaller(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("display_name")] string DisplayName,
        [property: JsonPropertyName("phones")] List<string>? Phones,
        [property: JsonPropertyName("employee_id")] string? EmployeeId,
        [property: JsonPropertyName("vip")] bool Vip,
        [property: JsonPropertyName("language")] string? Language,
        [property: JsonPropertyName("pin_hash")] string? PinHash = null);
}

[JsonSerializable(typeof(DemoDirectory.DemoFile))]
[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
internal sealed partial class DemoDirectoryJsonContext : JsonSerializerContext;
