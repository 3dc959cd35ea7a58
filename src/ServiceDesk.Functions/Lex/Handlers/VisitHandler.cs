using System.Globalization;
using ServiceDesk.Core;
using ServiceDesk.Core.Tickets;
using ServiceDesk.Core.Visits;
using ServiceDesk.Core.Voice;
using ServiceDesk.Wire.Lex;

namespace ServiceDesk.Functions.Lex.Handlers;

/// <summary>
/// Booking, moving and cancelling a technician visit for one of the caller's tickets, as steps over the call's memory:
/// which ticket, which day (at most three read at a time, "tomorrow", "next Tuesday", "the 21st", "any morning", the
/// keypad), which time, one confirmation, then the booking. Someone else's ticket is not found; a visit whose technician
/// is on the way, or that is past, is not changed; a scheduler that does not answer ends with a person.
/// </summary>
internal sealed class VisitHandler(string intent, Identification identification, TicketChooser chooser, VisitDesk? visits, Action<string>? schedulerError = null, Action<string>? testMode = null) : IIntentHandler
{
    /// <summary>Choices read at a time: more is more than a caller can hold in their head.</summary>
    public const int Choices = 3;

    private const string KeypadChoice = "Say one, or press 1, 2 or 3.";

    public bool NeedsBackend => true;

    private bool Cancelling => intent == BotContract.CancelVisit;

    public async Task<LexResponse> HandleAsync(LexTurn turn)
    {
        var memory = turn.Memory;
        if (turn.Awaiting == DialogueMemory.Questions.VisitOffer)
        {
            // "Would you like a technician to come out?" after a hardware report: the ticket is the one just logged.
            var yes = turn.Heard(CallerLexicon.YesNo);
            // "Yes please, tomorrow morning if you can": the day and time go on to the booking.
            turn.WordsTaken = yes != true || turn.FreshWords is not { } said || (VisitWords.Date(said, visits?.Today ?? default) is null && !SaysATime(said));
            memory.Awaiting = null;
            if (yes != true)
            {
                return turn.ElicitIntent(Speech.Say("Okay, no visit for now. Anything else?"));
            }

            memory.VisitTicket = memory.Discussed;
        }

        if (visits is null)
        {
            return turn.Ask(DialogueMemory.Questions.PersonOffer, Speech.Say("I can't arrange technician visits on this line. Would you like to speak to a person who can? Say yes or no."));
        }

        TicketNumbers.Keep(turn);
        if (await identification.EnsureAsync(turn) is { } ask)
        {
            return ask;
        }

        var visit = await VisitAsync(turn);
        if (visit.Reply is not null)
        {
            return visit.Reply;
        }

        return Cancelling ? await CancelAsync(turn, visit.Visit!) : await BookAsync(turn, visit.Visit!);
    }

    /// <summary>The visit for the ticket the caller means: the one in hand, one they name, or their only one.</summary>
    private async Task<(Visit? Visit, LexResponse? Reply)> VisitAsync(LexTurn turn)
    {
        var memory = turn.Memory;
        var callerId = turn.Identity.CallerId;
        if (TicketNumber.TryParse(memory.VisitTicket, out var inHand))
        {
            var found = await visits!.FindAsync(turn.SessionId, callerId, inHand, turn.Cancellation);
            return found.IsOk ? (found.Value, null) : (null, Failed(turn, found.Failure));
        }

        // To move or cancel, "my visit" is the one booked when there is only one and no ticket was named.
        if (intent != BotContract.ScheduleVisit && !TicketNumbers.Candidates(turn).Any() && memory.Choices.Count == 0)
        {
            var all = await visits!.VisitsAsync(turn.SessionId, callerId, turn.Cancellation);
            if (!all.IsOk)
            {
                return (null, Failed(turn, all.Failure));
            }

            var booked = all.Value.Where(v => v.IsBooked).ToList();
            if (booked.Count == 0 && Cancelling)
            {
                return (null, turn.ElicitIntent(Speech.Say("You don't have a technician visit booked at the moment, so there's nothing to cancel. Anything else?")));
            }

            if (booked.Count == 1)
            {
                memory.VisitTicket = booked[0].Ticket.ToString();
                turn.Touch(booked[0].Ticket);
                return (booked[0], null);
            }
        }

        var (ticket, reply) = await chooser.ResolveAsync(turn);
        if (reply is not null)
        {
            return (null, reply);
        }

        if (ticket is null)
        {
            return (null, turn.ElicitIntent(Speech.Say("You have no open tickets, and a visit is always for a ticket. Tell me the problem first and I'll log it. What would you like to do?")));
        }

        var visit = await visits!.FindAsync(turn.SessionId, callerId, ticket.Number, turn.Cancellation);
        if (!visit.IsOk)
        {
            return (null, Failed(turn, visit.Failure));
        }

        memory.VisitTicket = ticket.Number.ToString();
        return (visit.Value, null);
    }

    private async Task<LexResponse> CancelAsync(LexTurn turn, Visit visit)
    {
        var memory = turn.Memory;
        if (!visit.IsBooked)
        {
            memory.ForgetVisit();
            return turn.ElicitIntent(new Speech().Text("There's no visit booked for ticket ").Ticket(visit.Ticket).Text(". Anything else?"));
        }

        if (Locked(turn, visit) is { } locked)
        {
            return locked;
        }

        if (!turn.IsFulfillment)
        {
            if (turn.Awaiting == DialogueMemory.Questions.Confirm)
            {
                switch (Answer(turn))
                {
                    case true:
                        return turn.Delegate();
                    case false:
                        memory.ForgetVisit();
                        return turn.ElicitIntent(Speech.Say("Okay, the visit stays as it is. Anything else?"));
                    default:
                        if (++memory.SlotMisses > ProblemStep.MaxRetries)
                        {
                            return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
                        }

                        break;
                }
            }

            return turn.ConfirmIntent(new Speech().Text("Your visit for ticket ").Ticket(visit.Ticket)
                .Text($" is {When(visit.Date!.Value, visit.Time, visits!.Today)}. Shall I cancel it? Say yes or no, or press 1 or 2."));
        }

        var cancelled = await visits!.CancelAsync(turn.SessionId, turn.Identity.CallerId, visit.Ticket, turn.Cancellation);
        if (!cancelled.IsOk)
        {
            return Failed(turn, cancelled.Failure);
        }

        if (cancelled.Value.TestMode)
        {
            testMode?.Invoke($"cancellation of the visit for {visit.Ticket} answered in test mode: nothing was sent to the scheduler");
        }

        memory.ForgetVisit();
        return turn.ElicitIntent(Speech.Say($"Done, I've cancelled the visit {When(visit.Date!.Value, visit.Time, visits.Today)}. The ticket itself stays open. Anything else?"));
    }

    private async Task<LexResponse> BookAsync(LexTurn turn, Visit visit)
    {
        var memory = turn.Memory;
        if (Locked(turn, visit) is { } locked)
        {
            return locked;
        }

        if (turn.IsFulfillment)
        {
            return await ConfirmedAsync(turn, visit);
        }

        if (turn.Awaiting == DialogueMemory.Questions.Confirm)
        {
            switch (Answer(turn))
            {
                case true:
                    return turn.Delegate();
                case false:
                    // "No" to the time read back: another time or day, not the end of the booking.
                    memory.VisitTime = null;
                    memory.VisitDate = null;
                    memory.VisitPage = 0;
                    turn.WordsTaken = CallerLexicon.Words(turn.FreshWords).Length <= 2;
                    if (turn.FreshWords is { } rest && CallerLexicon.Command(rest) is null && VisitWords.Date(rest, visits!.Today) is null && VisitWords.Part(rest) == DayPart.Any && !VisitWords.WantsOther(rest))
                    {
                        memory.ForgetVisit();
                        return turn.ElicitIntent(Speech.Say("Okay, I haven't booked anything. Anything else?"));
                    }

                    break;
                default:
                    if (turn.FreshWords is { } words && (VisitWords.Date(words, visits!.Today) is not null || VisitWords.WantsOther(words) || VisitWords.Time(words, Times(memory)) is not null))
                    {
                        // "Actually, could it be the afternoon?" at the read-back: a new choice, not a yes or no.
                        memory.VisitTime = null;
                        if (VisitWords.Date(words, visits.Today) is not null)
                        {
                            memory.VisitDate = null;
                        }

                        break;
                    }

                    if (++memory.SlotMisses > ProblemStep.MaxRetries)
                    {
                        return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
                    }

                    return ReadBack(turn, visit);
            }
        }

        if (memory.VisitDate is null && await ChooseDateAsync(turn, visit) is { } askDate)
        {
            return askDate;
        }

        if (memory.VisitTime is null && await ChooseTimeAsync(turn, visit) is { } askTime)
        {
            return askTime;
        }

        return ReadBack(turn, visit);
    }

    /// <summary>The day: said outright, chosen from those read, "the earliest", or "something later"; null once chosen.</summary>
    private async Task<LexResponse?> ChooseDateAsync(LexTurn turn, Visit visit)
    {
        var memory = turn.Memory;
        var today = visits!.Today;
        if (memory.VisitDates.Count == 0)
        {
            var dates = await visits.DatesAsync(turn.SessionId, turn.Identity.CallerId, visit.Ticket, turn.Cancellation);
            if (!dates.IsOk)
            {
                return Failed(turn, dates.Failure);
            }

            memory.VisitDates = [.. dates.Value.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];
            memory.VisitPage = 0;
        }

        var offered = Dates(memory);
        if (offered.Count == 0)
        {
            memory.ForgetVisit();
            return turn.Ask(DialogueMemory.Questions.PersonOffer, Speech.Say("Sorry, there are no free visits in the next two weeks. Would you like to speak to a person about it? Say yes or no."));
        }

        var words = turn.FreshWords;
        var answering = turn.Awaiting == BotContract.Slots.VisitDate;
        var lead = string.Empty;
        if (words is not null)
        {
            var part = turn.Heard(w => VisitWords.Part(w) is var p && p != DayPart.Any ? p : (DayPart?)null);
            memory.VisitPart = part ?? memory.VisitPart;
            var said = turn.Heard(w => VisitWords.Date(w, today));
            // "The technician coming on Thursday, can we move it?" names the visit to move, not the new day.
            said = said is { } named && visit.IsBooked && named == visit.Date ? null : said;
            var page = Page(offered, memory.VisitPage);
            var picked = turn.IsDtmf || answering ? turn.Heard(h => Spoken.Choice(h, page.Count)) : null;
            if (said is { } date && !turn.IsDtmf)
            {
                turn.WordsTaken = true;
                if (offered.Contains(date))
                {
                    // "Thursday, nine in the morning": the time step reads the same words.
                    turn.WordsTaken = !SaysATime(words);
                    return Choose(turn, date);
                }

                lead = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? $"We don't do visits at weekends. "
                    : date <= today ? "The earliest I can do is tomorrow. "
                    : $"There's nothing free {VisitWords.On(date, today)}. ";
                memory.VisitPage = Math.Max(0, offered.FindIndex(d => d > date) is var next and >= 0 ? Math.Min(next, offered.Count - 1) - 1 : 0);
            }
            else if (picked is { } index)
            {
                turn.WordsTaken = true;
                return Choose(turn, page[index]);
            }
            else if (turn.Hypotheses.Any(VisitWords.WantsOther) && answering)
            {
                turn.WordsTaken = true;
                var more = memory.VisitPage + Choices;
                memory.VisitPage = more < offered.Count ? more : 0;
                lead = more < offered.Count ? string.Empty : "That's all I have in the next two weeks. Starting again: ";
            }
            else if (turn.Hypotheses.Any(VisitWords.WantsEarliest) || (part is not null && answering))
            {
                turn.WordsTaken = true;
                return Choose(turn, offered[0]);
            }
            else if (answering)
            {
                turn.WordsTaken = true;
                if (++memory.SlotMisses > ProblemStep.MaxRetries)
                {
                    return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
                }

                lead = "Sorry, I didn't catch the day. ";
            }
        }

        var read = Page(offered, memory.VisitPage);
        var moving = visit.IsBooked && visit.Date is { } current
            ? $"Your visit is booked {When(current, visit.Time, today)}. "
            : string.Empty;
        var choices = VisitWords.Either([.. read.Select(d => VisitWords.On(d, today, inList: true))]);
        return turn.ElicitSlot(BotContract.Slots.VisitDate, Speech.Say(
            $"{lead}{(answering || lead.Length > 0 ? string.Empty : moving)}I can send a technician {choices}. Which day suits you? {Keys(read.Count)} Or say another day."));
    }

    private static readonly TimeOnly[] AnyHour = [.. Enumerable.Range(0, 24).Select(h => new TimeOnly(h, 0))];

    /// <summary>A time, a part of the day or "the earliest" beside the day (on the demo's grid of whole hours).</summary>
    private static bool SaysATime(string words) =>
        VisitWords.Time(words, AnyHour) is not null || VisitWords.Part(words) != DayPart.Any || VisitWords.WantsEarliest(words);

    private static string? IsoSlot(LexTurn turn, string slot, string format, Func<string, bool> parses) =>
        turn.SlotText(slot) is { } value && value.Length == format.Length && parses(value) ? value : null;

    private static LexResponse? Choose(LexTurn turn, DateOnly date)
    {
        var memory = turn.Memory;
        memory.VisitDate = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        memory.VisitTimes = [];
        memory.SlotMisses = 0;
        return null;
    }

    /// <summary>The time on the chosen day, the same way; a day that has filled up goes back to the days.</summary>
    private async Task<LexResponse?> ChooseTimeAsync(LexTurn turn, Visit visit)
    {
        var memory = turn.Memory;
        var date = DateOnly.ParseExact(memory.VisitDate!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var today = visits!.Today;
        var day = VisitWords.On(date, today);
        if (memory.VisitTimes.Count == 0)
        {
            var slots = await visits.SlotsAsync(turn.SessionId, turn.Identity.CallerId, visit.Ticket, date, turn.Cancellation);
            if (!slots.IsOk && slots.Failure.Kind != FailureKind.Conflict)
            {
                return Failed(turn, slots.Failure);
            }

            var free = slots.IsOk ? slots.Value.Order().ToList() : [];
            if (free.Count == 0)
            {
                memory.VisitDates.Remove(memory.VisitDate!);
                memory.VisitDate = null;
                memory.VisitPage = 0;
                turn.WordsTaken = true;
                var retry = await ChooseDateAsync(turn, visit);
                return retry is null ? null : Prefixed(retry, $"Sorry, {day} has just filled up. ");
            }

            memory.VisitTimes = [.. free.Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture))];
            memory.VisitPage = 0;
        }

        var offered = Times(memory);
        var wanted = memory.VisitPart switch
        {
            DayPart.Morning => offered.Where(t => t.Hour < 12).ToList(),
            DayPart.Afternoon => offered.Where(t => t.Hour >= 12).ToList(),
            _ => offered,
        };
        var lead = string.Empty;
        if (wanted.Count == 0)
        {
            lead = $"There's nothing free in the {(memory.VisitPart == DayPart.Morning ? "morning" : "afternoon")} {day}. ";
            memory.VisitPart = DayPart.Any;
            wanted = offered;
        }

        var answering = turn.Awaiting == BotContract.Slots.VisitTime;
        if (turn.FreshWords is { } words && lead.Length == 0)
        {
            if (!turn.IsDtmf && turn.Heard(w => VisitWords.Date(w, today)) is { } otherDay && otherDay != date)
            {
                // "Could we do Friday instead?" or "next Monday, first thing" while hearing the times: that day's times
                // (a time said with it still counts), or the days again when that day has none.
                memory.VisitTimes = [];
                memory.VisitPage = 0;
                if (!Dates(memory).Contains(otherDay))
                {
                    memory.VisitDate = null;
                    return await ChooseDateAsync(turn, visit) ?? await ChooseTimeAsync(turn, visit);
                }

                Choose(turn, otherDay);
                turn.WordsTaken = !SaysATime(words);
                return await ChooseTimeAsync(turn, visit);
            }

            var page = Page(wanted, memory.VisitPage);
            var said = turn.IsDtmf ? null : turn.Heard(w => VisitWords.Time(w, offered));
            var picked = turn.IsDtmf || answering ? turn.Heard(h => Spoken.Choice(h, page.Count)) : null;
            if (said is { } time)
            {
                turn.WordsTaken = true;
                memory.VisitTime = time.ToString("HH:mm", CultureInfo.InvariantCulture);
                return null;
            }

            if (picked is { } index)
            {
                turn.WordsTaken = true;
                memory.VisitTime = page[index].ToString("HH:mm", CultureInfo.InvariantCulture);
                return null;
            }

            if (answering && VisitWords.Part(words) is var part and not DayPart.Any)
            {
                turn.WordsTaken = true;
                memory.VisitPart = part;
                memory.VisitPage = 0;
                return await ChooseTimeAsync(turn, visit);
            }

            if (answering && turn.Hypotheses.Any(VisitWords.WantsOther))
            {
                turn.WordsTaken = true;
                var more = memory.VisitPage + Choices;
                if (more >= wanted.Count)
                {
                    // No later time that day: the next days instead.
                    memory.VisitDate = null;
                    memory.VisitTimes = [];
                    memory.VisitPage = Math.Max(0, memory.VisitDates.IndexOf(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) + 1);
                    memory.VisitPage = memory.VisitPage < memory.VisitDates.Count ? memory.VisitPage : 0;
                    var days = await ChooseDateAsync(turn, visit);
                    return days is null ? null : Prefixed(days, $"That's every time {day}. ");
                }

                memory.VisitPage = more;
            }
            else if (answering && turn.Hypotheses.Any(VisitWords.WantsEarliest))
            {
                turn.WordsTaken = true;
                memory.VisitTime = wanted[0].ToString("HH:mm", CultureInfo.InvariantCulture);
                return null;
            }
            else if (answering)
            {
                turn.WordsTaken = true;
                if (++memory.SlotMisses > ProblemStep.MaxRetries)
                {
                    return turn.Handoff(BotContract.HandoffReasons.RetriesExhausted);
                }

                lead = "Sorry, I didn't catch the time. ";
            }
        }

        var read = Page(wanted, memory.VisitPage);
        return turn.ElicitSlot(BotContract.Slots.VisitTime, Speech.Say(
            $"{lead}{char.ToUpperInvariant(day[0])}{day[1..]} I have {VisitWords.Either([.. read.Select(VisitWords.Say)])}. Which time? {Keys(read.Count)}"));
    }

    private static LexResponse ReadBack(LexTurn turn, Visit visit)
    {
        var memory = turn.Memory;
        var (date, time) = Chosen(memory);
        // The yes goes to fulfilment with what was read back in the intent's slots, as Lex shows it in its logs.
        turn.SetSlot(BotContract.Slots.TicketNumber, visit.Ticket.ToString());
        turn.SetSlot(BotContract.Slots.VisitDate, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        turn.SetSlot(BotContract.Slots.VisitTime, time.ToString("HH:mm", CultureInfo.InvariantCulture));
        return turn.ConfirmIntent(new Speech()
            .Text($"So that's a technician at your desk on {VisitWords.Say(date)} at {VisitWords.Say(time)}, for ticket ").Ticket(visit.Ticket)
            .Text(visit.IsBooked ? ", instead of the visit booked now. Shall I move it? Say yes or no, or press 1 or 2." : ". Shall I book it? Say yes or no, or press 1 or 2."));
    }

    private async Task<LexResponse> ConfirmedAsync(LexTurn turn, Visit visit)
    {
        var memory = turn.Memory;
        // Lex keeps the day and time read back in the intent's slots (set at the read-back), whatever our memory holds.
        memory.VisitDate ??= IsoSlot(turn, BotContract.Slots.VisitDate, "yyyy-MM-dd", s => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        memory.VisitTime ??= IsoSlot(turn, BotContract.Slots.VisitTime, "HH:mm", s => TimeOnly.TryParseExact(s, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        if (memory.VisitDate is null || memory.VisitTime is null)
        {
            return await BookAsync(turn, visit with { });
        }

        var (date, time) = Chosen(memory);
        var booked = await visits!.BookAsync(turn.SessionId, turn.Identity.CallerId, visit.Ticket, date, time, turn.Cancellation);
        if (!booked.IsOk)
        {
            if (booked.Failure.Kind == FailureKind.Conflict && !booked.Failure.Reason.Contains("way", StringComparison.Ordinal) && !booked.Failure.Reason.Contains("past", StringComparison.Ordinal))
            {
                // Taken between the offer and the yes: the other times that day, fresh from the scheduler.
                memory.VisitTime = null;
                memory.VisitTimes = [];
                turn.WordsTaken = true;
                var again = await ChooseTimeAsync(turn, visit);
                return again is null ? ReadBack(turn, visit) : Prefixed(again, $"Sorry, {VisitWords.Say(time)} has just been taken. ");
            }

            if (booked.Failure.Kind == FailureKind.Expired)
            {
                memory.VisitDates = [];
                memory.VisitTimes = [];
                memory.VisitDate = null;
                memory.VisitTime = null;
                turn.WordsTaken = true;
                var again = await ChooseDateAsync(turn, visit);
                return again is null ? ReadBack(turn, visit) : Prefixed(again, "Sorry, those times have expired while we talked, so I've checked again. ");
            }

            return Failed(turn, booked.Failure);
        }

        if (booked.Value.TestMode)
        {
            testMode?.Invoke($"booking of a visit for {visit.Ticket} on {date:yyyy-MM-dd} at {time:HH\\:mm} answered in test mode: nothing was sent to the scheduler");
        }

        memory.VisitsBooked++;
        memory.ForgetVisit();
        turn.Touch(visit.Ticket);
        var when = $"{VisitWords.On(date, visits.Today)} at {VisitWords.Say(time)}";
        return turn.ElicitIntent(Speech.Say(booked.Value.Moved
            ? $"Done, I've moved your visit. The technician will now come {when}. Anything else?"
            : $"Booked. A technician will come to your desk {when}. Anything else?"));
    }

    /// <summary>A visit that cannot change any more: said plainly, and a person offered.</summary>
    private LexResponse? Locked(LexTurn turn, Visit visit)
    {
        if (visit.OnTheWay)
        {
            turn.Memory.ForgetVisit();
            return turn.Ask(DialogueMemory.Questions.PersonOffer, Speech.Say("The technician is already on the way to you, so I can't change that visit now. Would you like to speak to a person? Say yes or no."));
        }

        if (visit.Date is { } date && date < visits!.Today)
        {
            turn.Memory.ForgetVisit();
            return turn.ElicitIntent(Speech.Say($"That visit was on {VisitWords.Say(date)}, so it can't be changed now. You can book a new one. Anything else?"));
        }

        return null;
    }

    /// <summary>A scheduler failure, mapped once to what the caller hears.</summary>
    private LexResponse Failed(LexTurn turn, Failure failure)
    {
        var memory = turn.Memory;
        switch (failure.Kind)
        {
            case FailureKind.NotFound:
                memory.ForgetVisit();
                turn.SetSlot(BotContract.Slots.TicketNumber, null);
                return turn.ElicitIntent(Speech.Say("I can't arrange a visit for that ticket. A visit can only be for one of your own open tickets. Anything else?"));
            case FailureKind.Conflict when failure.Reason.Contains("way", StringComparison.Ordinal):
                memory.ForgetVisit();
                return turn.Ask(DialogueMemory.Questions.PersonOffer, Speech.Say("The technician is already on the way to you, so I can't change that visit now. Would you like to speak to a person? Say yes or no."));
            case FailureKind.Conflict:
                memory.ForgetVisit();
                return turn.ElicitIntent(Speech.Say("Sorry, that visit can't be changed now. Anything else?"));
            default:
                schedulerError?.Invoke(failure.Kind.ToString());
                memory.ForgetVisit();
                return turn.Handoff(BotContract.HandoffReasons.SchedulerUnavailable, Speech.Say(
                    "Sorry, the booking system isn't answering right now. Your ticket is still logged. I'll put you through to someone who can book the visit."));
        }
    }

    private static bool? Answer(LexTurn turn)
    {
        bool? answer = turn.Intent.ConfirmationState switch
        {
            LexValues.Confirmed => true,
            LexValues.Denied => false,
            _ => null,
        };
        answer ??= turn.Heard(CallerLexicon.YesNo);
        turn.Intent.ConfirmationState = answer == true ? LexValues.Confirmed : LexValues.None;
        if (answer == true)
        {
            turn.WordsTaken = true;
        }

        return answer;
    }

    private static string When(DateOnly date, TimeOnly? time, DateOnly today) =>
        time is { } at ? $"{VisitWords.On(date, today)} at {VisitWords.Say(at)}" : VisitWords.On(date, today);

    private static string Keys(int count) => count switch
    {
        1 => "Say yes, or press 1.",
        2 => "Say one, or press 1 or 2.",
        _ => KeypadChoice,
    };

    private static LexResponse Prefixed(LexResponse reply, string lead)
    {
        var message = reply.Messages?.FirstOrDefault();
        if (message?.Content is { } content && content.StartsWith("<speak>", StringComparison.Ordinal))
        {
            message.Content = "<speak>" + Speech.Escape(lead) + content["<speak>".Length..];
        }

        return reply;
    }

    private static List<T> Page<T>(List<T> all, int start) => [.. all.Skip(Math.Clamp(start, 0, Math.Max(0, all.Count - 1))).Take(Choices)];

    private static List<DateOnly> Dates(DialogueMemory memory) =>
        [.. memory.VisitDates.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))];

    private static List<TimeOnly> Times(DialogueMemory memory) =>
        [.. memory.VisitTimes.Select(t => TimeOnly.ParseExact(t, "HH:mm", CultureInfo.InvariantCulture))];

    private static (DateOnly Date, TimeOnly Time) Chosen(DialogueMemory memory) =>
        (DateOnly.ParseExact(memory.VisitDate!, "yyyy-MM-dd", CultureInfo.InvariantCulture), TimeOnly.ParseExact(memory.VisitTime!, "HH:mm", CultureInfo.InvariantCulture));
}
