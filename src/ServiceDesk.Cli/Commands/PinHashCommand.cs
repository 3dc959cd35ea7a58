using System.CommandLine;
using ServiceDesk.Core.Callers;

namespace ServiceDesk.Cli.Commands;

/// <summary>
/// <c>servicedesk pin-hash</c>: reads a PIN from standard input (never an argument, which <c>ps</c> and shell history
/// would keep) and prints the salted hash the caller directory stores as <c>pin_hash</c>.
/// </summary>
internal static class PinHashCommand
{
    public static Command Create(CliIo io, TextReader input)
    {
        var command = new Command("pin-hash", $"Read a {VoicePin.MinDigits}-{VoicePin.MaxDigits} digit PIN from standard input and print its hash for the caller directory's pin_hash.");
        command.SetAction(async (_, ct) =>
        {
            var pin = (await input.ReadLineAsync(ct))?.Trim();
            if (!VoicePin.IsWellFormed(pin))
            {
                await io.Error.WriteLineAsync($"servicedesk pin-hash: a PIN is {VoicePin.MinDigits} to {VoicePin.MaxDigits} digits, read from standard input");
                return 2;
            }

            await io.Out.WriteLineAsync(VoicePin.Hash(pin!));
            return 0;
        });
        return command;
    }
}
