using System.CommandLine;
using System.Globalization;
using ServiceDesk.Core.Escalation;
using ServiceDesk.Local;

namespace ServiceDesk.Cli.Commands;

/// <summary>
/// <c>servicedesk escalate [--data DIR] [--now TIME]</c>: one escalation sweep over the local store, as the scheduled
/// function runs it in the cloud, printing each notice. <c>--now</c> sweeps as if it were that time (to rehearse "an hour
/// later" without waiting). Exits 0 after a sweep, 1 on a usage error, 2 when the store failed mid-sweep.
/// </summary>
internal static class EscalateCommand
{
    public static Command Create(CliIo io)
    {
        var data = CommonOptions.Data();
        var now = new Option<string?>("--now") { Description = "Sweep as if it were this time (ISO 8601, e.g. 2026-12-01T10:15:00Z; UTC when no offset is given)." };
        var command = new Command("escalate", "Escalate the P1/P2 tickets nobody has picked up in time (one sweep over the local store).") { data, now };
        command.SetAction(async (parse, ct) =>
        {
            TimeProvider time = TimeProvider.System;
            if (parse.GetValue(now) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                {
                    await io.Error.WriteLineAsync($"servicedesk escalate: --now {text}: not a date and time (try 2026-12-01T10:15:00Z)");
                    return 1;
                }

                time = new FixedTime(at);
            }

            using var local = CommonOptions.OpenLocal("escalate", CommonOptions.DataFolder(parse.GetValue(data)), new LocalOptions { Time = time, Notices = io.Out }, io.Error);
            if (local is null)
            {
                return 1;
            }

            var policy = local.Services.Settings.Escalation;
            var sweep = new EscalationSweep(local.Desk, local.Services.Notifier!, policy, time);
            // Locally nothing cuts the sweep short: it runs until no due ticket is left.
            var report = await sweep.RunAsync(DateTimeOffset.MaxValue, ct);
            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"-- {report.Escalated} escalated, {report.AlreadyHandled} already handled (P1 after {policy.After[Core.Tickets.TicketPriority.P1].TotalMinutes} min, P2 after {policy.After[Core.Tickets.TicketPriority.P2].TotalMinutes} min)"));
            if (report.Failure is { } failure)
            {
                await io.Error.WriteLineAsync($"servicedesk escalate: stopped: {failure.Reason}");
                return 2;
            }

            return 0;
        });
        return command;
    }

    /// <summary>The clock stopped at <c>--now</c>: every ticket is judged against that one instant.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
