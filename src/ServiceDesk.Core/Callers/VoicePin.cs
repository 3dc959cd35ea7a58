using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ServiceDesk.Core.Voice;

namespace ServiceDesk.Core.Callers;

/// <summary>
/// The second factor behind an employee id: a 4-6 digit PIN, spoken or keyed. The directory keeps only a salted
/// PBKDF2 hash (<c>pbkdf2-sha256$iterations$salt$hash</c>, base64); a PIN is never stored, logged or remembered.
/// A PIN space this small falls to an offline search whatever the hash costs, so the real guard is the lockout across
/// calls (<see cref="PinVerifier"/>); the hash keeps the directory from being a list of PINs.
/// </summary>
public static class VoicePin
{
    public const int MinDigits = 4;
    public const int MaxDigits = 6;
    private const string Scheme = "pbkdf2-sha256";
    // Enough to make a stolen directory slow to read, cheap enough for a phone turn (a few ms on a Lambda core).
    private const int Iterations = 20_000;

    public static bool IsWellFormed(string? pin) => pin is { Length: >= MinDigits and <= MaxDigits } && pin.All(char.IsAsciiDigit);

    /// <summary>The hash the directory stores. A fresh random salt each time unless one is given (tests).</summary>
    public static string Hash(string pin, byte[]? salt = null)
    {
        if (!IsWellFormed(pin))
        {
            throw new ArgumentException($"a PIN is {MinDigits} to {MaxDigits} digits", nameof(pin));
        }

        salt ??= RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(pin), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="pin"/> is the one hashed; false for anything unreadable. Constant time in the hash.</summary>
    public static bool Matches(string pin, string? stored)
    {
        var parts = stored?.Split('$');
        if (!IsWellFormed(pin) || parts is not [Scheme, var iterationsText, var saltText, var hashText]
            || !int.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1000 or > 1_000_000)
        {
            return false;
        }

        try
        {
            var expected = Convert.FromBase64String(hashText);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(pin), Convert.FromBase64String(saltText), iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The PIN in what the caller said or keyed: "2 4 6 8", "two four six eight", "my pin is 2468", "two four six eight
    /// pound", "double four five six"; null when anything else is in it, so a sentence is never read as digits.
    /// </summary>
    public static string? Read(string? said)
    {
        if (string.IsNullOrWhiteSpace(said) || said.Length > 80)
        {
            return null;
        }

        var digits = new StringBuilder(MaxDigits);
        var repeat = 1;
        foreach (var token in said.ToLowerInvariant().Split([' ', '-', '.', ',', '#', '*'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (token is "double" or "triple")
            {
                repeat = token == "double" ? 2 : 3;
            }
            else if (token.All(char.IsAsciiDigit))
            {
                digits.Append(token);
            }
            else if (CallerLexicon.DigitWords.TryGetValue(token, out var digit) || CallerLexicon.DigitHomophones.TryGetValue(token, out digit))
            {
                digits.Append(digit, repeat);
                repeat = 1;
            }
            else if (!Filler.Contains(token))
            {
                return null;
            }
        }

        var pin = digits.ToString();
        return IsWellFormed(pin) ? pin : null;
    }

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "my", "pin", "p", "i", "n", "is", "it's", "its", "it", "number", "code", "the", "uh", "um", "erm", "er", "ok", "okay", "so", "pound", "hash", "yes", "yeah", "sure",
    };
}
