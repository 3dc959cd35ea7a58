using ServiceDesk.Core.Callers;
using ServiceDesk.Testing;

namespace ServiceDesk.Core.Tests.Callers;

public class VoicePinTests
{
    [Fact]
    public void Hash_MatchesItsPinOnly_AndNeverContainsIt()
    {
        var hash = VoicePin.Hash("246813");

        Assert.True(VoicePin.Matches("246813", hash));
        Assert.False(VoicePin.Matches("246812", hash));
        Assert.False(VoicePin.Matches("24681", hash));
        Assert.DoesNotContain("246813", hash);
        Assert.NotEqual(hash, VoicePin.Hash("246813"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2468")]
    [InlineData("pbkdf2-sha256$20000$notbase64$notbase64")]
    [InlineData("pbkdf2-sha256$1$c2FsdA==$aGFzaA==")]
    [InlineData("sha1$20000$c2FsdA==$aGFzaA==")]
    public void Matches_AnUnreadableHash_IsFalse(string? stored) => Assert.False(VoicePin.Matches("2468", stored));

    [Theory]
    [InlineData("123")]
    [InlineData("1234567")]
    [InlineData("12a4")]
    public void Hash_RefusesWhatIsNotAPin(string pin) => Assert.Throws<ArgumentException>(() => VoicePin.Hash(pin));

    [Theory]
    [InlineData("2468", "2468")]
    [InlineData("2468#", "2468")]
    [InlineData("2 4 6 8", "2468")]
    [InlineData("two four six eight", "2468")]
    [InlineData("my pin is two four six eight", "2468")]
    [InlineData("it's to for six ate", "2468")]
    [InlineData("double four five six", "4456")]
    [InlineData("uh, one three five seven nine", "13579")]
    [InlineData("my laptop won't turn on", null)]
    [InlineData("Twenty-Four sixty eight", "2468")] // a capital and a pair first
    [InlineData("  , Nineteen seventy three", "1973")]
    [InlineData("Triple two four", "2224")]
    [InlineData("What's the status of ticket 2468", null)] // a sentence, told from its first word
    [InlineData("okay 2468", "2468")]
    [InlineData("ticket two four six eight", null)]
    [InlineData("one two three", null)]
    [InlineData("1234567", null)]
    [InlineData("", null)]
    public void Read_TakesOnlyDigits(string said, string? expected) => Assert.Equal(expected, VoicePin.Read(said));
}

public class PinVerifierTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly Caller Grace = new("emp-1002", "Grace Hopper", [], "E1002", PinHash: VoicePin.Hash("1357"));

    [Fact]
    public async Task Check_RightPin_Verifies_AndClearsEarlierFailures()
    {
        var time = new ManualClock();
        var store = new InMemoryPinAttempts(time);
        var verifier = new PinVerifier(store, time);
        Assert.Equal(PinCheck.Wrong, await verifier.CheckAsync(Grace, "1358", Ct));

        Assert.Equal(PinCheck.Verified, await verifier.CheckAsync(Grace, "1357", Ct));
        Assert.Equal(PinAttempts.None, (await store.ReadAsync(Grace.Id, Ct)).Value);
    }

    [Fact]
    public async Task Check_AfterTheLastAllowedFailure_IsLocked_AndTheRightPinIsNotEvenCompared()
    {
        var time = new ManualClock();
        var store = new InMemoryPinAttempts(time);
        var verifier = new PinVerifier(store, time, new PinPolicy { FailuresBeforeLock = 2, LockFor = TimeSpan.FromMinutes(10) });

        Assert.Equal(PinCheck.Wrong, await verifier.CheckAsync(Grace, "0000", Ct));
        Assert.Equal(PinCheck.Locked, await verifier.CheckAsync(Grace, "0001", Ct));
        Assert.Equal(PinCheck.Locked, await verifier.CheckAsync(Grace, "1357", Ct));

        time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(PinCheck.Verified, await verifier.CheckAsync(Grace, "1357", Ct));
    }

    [Fact]
    public async Task Check_WithNoPinSet_OrTheStoreDown_NeverVerifies()
    {
        var time = new ManualClock();
        var store = new InMemoryPinAttempts(time);
        var verifier = new PinVerifier(store, time);

        Assert.Equal(PinCheck.NotSet, await verifier.CheckAsync(Grace with { PinHash = null }, "1357", Ct));
        store.Down = true;
        Assert.Equal(PinCheck.Unavailable, await verifier.CheckAsync(Grace, "1357", Ct));
    }
}

public class VoicePinInPassingTests
{
    [Theory]
    [InlineData("hey, it's Linus, E1003, PIN eight six four two, what's going on with my build server ticket", "8642")]
    [InlineData("sure, it's E1006 and my PIN is 2718", "2718")]
    [InlineData("E1001 p i n 2468", "2468")]
    [InlineData("my pin number is twenty-four sixty-eight", "2468")]
    [InlineData("E1003, what about my ticket", null)]
    [InlineData("what's a PIN?", null)]
    public void AfterMarker_TakesTheDigitsRightAfterTheWordPin(string said, string? expected) => Assert.Equal(expected, VoicePin.AfterMarker(said));

    [Theory]
    [InlineData("hey, it's Linus, E1003, PIN eight six four two, what's going on with my ticket", "hey, it's Linus, E1003, PIN **** what's going on with my ticket")]
    [InlineData("2468", "****")]
    [InlineData("my laptop won't turn on", "my laptop won't turn on")]
    public void Redact_RemovesOnlyThePin(string said, string expected) => Assert.Equal(expected, VoicePin.Redact(said));

    [Theory]
    [InlineData("twenty-four sixty-eight", "2468")]
    [InlineData("nineteen eighty-four", "1984")]
    [InlineData("forty two forty two", "4242")]
    [InlineData("twenty twenty", "2020")]
    public void Read_TakesPairs(string said, string expected) => Assert.Equal(expected, VoicePin.Read(said));
}
