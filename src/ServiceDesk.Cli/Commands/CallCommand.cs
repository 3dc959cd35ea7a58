using System.CommandLine;
using ServiceDesk.Local;
using ServiceDesk.Emulation.Calls;
using ServiceDesk.Emulation.Flows;
using ServiceDesk.Emulation.Lex;

namespace ServiceDesk.Cli.Commands;

/// <summary><c>servicedesk call</c>: a phone call to the service desk in the terminal, offline.</summary>
internal static class CallCommand
{
    public static Command Create(CliIo io, TextReader keyboard)
    {
        var from = new Option<string>("--from") { Description = "The caller's number (E.164), or 'withheld'.", DefaultValueFactory = _ => "+14155550100" };
        var data = CommonOptions.Data();
        data.Description = "Data folder of the embedded SQLite store (default: your local app data, ServiceDesk; with --script, a fresh temporary folder).";
        var script = new Option<FileInfo?>("--script") { Description = "Play a conversation script instead of the keyboard; exits 1 when it does not hold." };
        var transcript = new Option<FileInfo?>("--transcript") { Description = "Write the call as JSON (turns, intents, slots, handler latencies)." };
        var noise = new Option<int?>("--asr-noise") { Description = "Mishear the caller like speech recognition does (the number seeds it)." };
        var afterHours = new Option<bool>("--after-hours") { Description = "Call outside the service desk's hours." };
        var scheduler = new Option<string?>("--scheduler") { Description = "Book visits against this scheduler API (its base URL) instead of the in-process one; the token is SCHEDULER_TOKEN." };
        var schedulerClient = new Option<string>("--scheduler-client-id") { Description = "The tenant's client id at that scheduler.", DefaultValueFactory = _ => "local" };
        var testMode = new Option<bool>("--test-mode") { Description = "Answer visit bookings and cancellations as if done, without sending them (as CONFIRM/CANCEL_SCHEDULE_FLAG=0)." };
        var queue = new Option<QueueState>("--queue") { Description = "The service desk queue: free (agents free), busy (a callback is offered) or down (its metrics unavailable)." };
        var flow = new Option<FileInfo?>("--flow") { Description = "The inbound contact flow (default: contact-flows/ServiceDesk-Inbound.json)." };
        var bot = new Option<DirectoryInfo?>("--bot") { Description = "The Lex bot export (default: lex-bots/ServiceDeskBot)." };
        var command = new Command("call", "Phone the service desk: the contact flow, the Lex bot and our handlers, all on this machine.")
        {
            from, data, script, transcript, noise, afterHours, testMode, scheduler, schedulerClient, queue, flow, bot,
        };
        command.SetAction(async (parse, ct) =>
        {
            string? scratch = null;
            try
            {
                if (!CallOptions.TryCallerNumber(parse.GetValue(from), out var caller))
                {
                    throw new CallInputException($"--from {parse.GetValue(from)}: not a phone number (give one in E.164 such as +14155550100, or 'withheld')");
                }

                var options = new CallOptions
                {
                    From = caller,
                    AfterHours = parse.GetValue(afterHours),
                    TestMode = parse.GetValue(testMode),
                    Queue = parse.GetValue(queue),
                    AsrNoiseSeed = parse.GetValue(noise),
                };
                options = parse.GetValue(flow) is { } f ? options with { FlowPath = f.FullName } : options;
                options = parse.GetValue(bot) is { } b ? options with { BotFolder = b.FullName } : options;
                ScriptChannel? player = null;
                ICallChannel channel = new ConsoleChannel(keyboard, io.Out, echo: Console.IsInputRedirected || !ReferenceEquals(keyboard, Console.In));
                if (parse.GetValue(script) is { } file)
                {
                    var parsed = ConversationScript.Parse(file.FullName, options);
                    options = parsed.Options;
                    channel = player = new ScriptChannel(parsed);
                }

                // A script is a rehearsal: it starts from the demo data every time and leaves the caller's own data alone.
                var folder = parse.GetValue(data)?.FullName
                    ?? (player is null ? CommonOptions.DataFolder(null) : scratch = Path.Combine(Path.GetTempPath(), "servicedesk-call-" + Guid.NewGuid().ToString("N")));
                using var http = new HttpClient();
                using var local = LocalComposition.InFolder(folder, options.Local(Scheduling(parse.GetValue(scheduler), parse.GetValue(schedulerClient)!, http)));
                if (player is null)
                {
                    await io.Out.WriteLineAsync(await BannerAsync(local, options.From, folder, parse.GetValue(data) is not null, ct));
                }

                var result = await LocalCall.RunAsync(local, options, channel, ct);
                if (player is not null)
                {
                    foreach (var line in result.Lines)
                    {
                        await io.Out.WriteLineAsync(line.Speaker == "desk" ? $"  desk:   {line.Text}" : $"  caller: {(line.Keypad ? "#" : string.Empty)}{line.Text}");
                    }
                }

                await io.Out.WriteLineAsync(Summary(result));
                if (options.TestMode)
                {
                    await io.Out.WriteLineAsync("-- test mode: visit bookings and cancellations were answered as if done, none was sent to the scheduler");
                }

                if ((await local.CallSummaries.GetAsync(result.ContactId, ct)).Value is { } call)
                {
                    await io.Out.WriteLineAsync($"-- call summary ({call.Outcome.ToString().ToLowerInvariant()}): {call.Summary}");
                }

                foreach (var (contact, attributes) in local.ContactCenter.ContactAttributes)
                {
                    await io.Out.WriteLineAsync($"-- attached to contact {contact} through the Connect API: {string.Join(", ", attributes.Select(a => $"{a.Key}={a.Value}"))}");
                }
                if (parse.GetValue(transcript) is { } output)
                {
                    await File.WriteAllBytesAsync(output.FullName, CallTranscript.From(result).ToJson(), ct);
                }

                if (player is not null)
                {
                    player.Finish(result);
                    foreach (var failure in player.Failures)
                    {
                        await io.Error.WriteLineAsync(failure);
                    }

                    return player.Failures.Count == 0 ? 0 : 1;
                }

                return 0;
            }
            catch (Exception ex) when (ex is FlowException or BotDefinitionException or ScriptException or DataFolderException or CallInputException)
            {
                await io.Error.WriteLineAsync("servicedesk call: " + ex.Message);
                return 2;
            }
            finally
            {
                if (scratch is not null)
                {
                    DeleteScratch(scratch);
                }
            }
        });
        return command;
    }

    /// <summary>
    /// The local options for the scheduler: the in-process one by default, or a real scheduler's API with the token from
    /// <c>SCHEDULER_TOKEN</c> (an environment variable, so it stays out of the shell history and the process list).
    /// </summary>
    private static LocalOptions Scheduling(string? url, string clientId, HttpClient http)
    {
        if (url is null)
        {
            return new LocalOptions();
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new CallInputException($"--scheduler {url}: not an http(s) URL");
        }

        var token = Environment.GetEnvironmentVariable("SCHEDULER_TOKEN") is { Length: > 0 } set
            ? set
            : throw new CallInputException("--scheduler needs the scheduler's bearer token in SCHEDULER_TOKEN");
        var tenant = new Core.Visits.SchedulerTenant(clientId, baseUrl);
        return new LocalOptions
        {
            Scheduler = new Wire.Scheduling.HttpScheduler(http, tenant, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Wire.Scheduling.HttpScheduler>.Instance),
            SchedulerToken = token,
            SchedulerTenant = tenant,
        };
    }

    private static void DeleteScratch(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in the temp directory is harmless; failing a call that held over it is not.
        }
    }

    /// <summary>What a newcomer needs before the desk answers: who they are calling as, how to key and hang up, where the data is.</summary>
    private static async Task<string> BannerAsync(LocalComposition local, string? from, string folder, bool chosen, CancellationToken ct)
    {
        var who = from is null
            ? "a withheld number: the desk will ask for your employee id (E1001 to E1006) and PIN (the demo PINs are in the README)"
            : Core.Callers.PhoneNumber.TryNormalize(from, out var phone) == Core.Callers.PhoneNumberKind.Valid
                ? await local.Services.Callers.FindByPhoneAsync(phone, ct) switch
                {
                    [] => $"{from}, a number the desk does not know: it will ask for your employee id (E1001 to E1006) and PIN (the demo PINs are in the README)",
                    [var one] => $"{one.DisplayName} ({from}, known by this number)",
                    var several => $"{from}, a line {string.Join(" and ", several.Select(c => c.DisplayName))} share: the desk will ask for your employee id ({string.Join(" or ", several.Select(c => c.EmployeeId))}) and PIN (the demo PINs are in the README)",
                }
                : from;
        return string.Join(Environment.NewLine,
            $"-- calling the service desk as {who}; --from picks another caller",
            "-- type what you say; a line starting with # is the keypad (#1, #1002); /hangup (or end of input, Ctrl-D) hangs up",
            $"-- tickets are kept in {folder}{(chosen ? string.Empty : " (--data to choose another folder)")}");
    }

    private static string Summary(CallResult result)
    {
        var lines = new List<string> { $"-- call ended: {result.Outcome.ToString().ToLowerInvariant()}" };
        if (result.ContactAttributes.TryGetValue("handoffSummary", out var summary) && summary.Length > 0)
        {
            lines.Add($"-- handoff summary for the agent: {summary}");
        }

        lines.AddRange(result.Tickets.Select(t => $"-- ticket {t.Ticket.Number} {t.Change}: {t.Ticket.Summary} ({t.Ticket.Status}, {t.Ticket.Priority})"));
        var hooks = result.HandlerCalls;
        if (hooks.Count > 0)
        {
            lines.Add($"-- {hooks.Count} handler calls, mean {hooks.Average(h => h.Milliseconds):F1} ms");
        }

        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>An option value the call cannot use; the message names the option.</summary>
internal sealed class CallInputException(string message) : Exception(message);
