using ServiceDesk.Emulation.Flows;
using ServiceDesk.Emulation.Lex;

namespace ServiceDesk.Emulation.Calls;

/// <summary>The caller at the keyboard: lines are speech, <c>#123</c> is the keypad, an empty keypad answer is a timeout, <c>/hangup</c> or end of input hangs up.</summary>
public sealed class ConsoleChannel(TextReader input, TextWriter output, bool echo = false) : ICallChannel
{
    public async Task SayAsync(string message, CancellationToken cancellationToken) =>
        await output.WriteLineAsync($"  desk:   {SsmlText.Render(message)}");

    public async Task<CallerInput?> ListenAsync(bool keypadOnly, CancellationToken cancellationToken)
    {
        await output.WriteAsync(keypadOnly ? "  keypad> #" : "  you>    ");
        await output.FlushAsync(cancellationToken);
        var line = (await input.ReadLineAsync(cancellationToken))?.Trim();
        if (echo || line is null)
        {
            // Piped input is not shown by the terminal; echo it so the call reads as a conversation (the keypad prompt
            // already shows the #). At the end of input, end the prompt's line so the outcome starts on its own.
            await output.WriteLineAsync(keypadOnly ? line?.TrimStart('#') : line);
        }

        if (line is null or "/hangup")
        {
            return null;
        }

        return keypadOnly || line.StartsWith('#') ? new CallerInput(line.TrimStart('#').Trim(), Dtmf: true) : new CallerInput(line);
    }
}
