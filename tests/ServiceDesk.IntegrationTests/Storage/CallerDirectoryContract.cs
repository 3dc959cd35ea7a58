using ServiceDesk.Core.Callers;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>The behaviour every caller directory promises, on the demo directory.</summary>
public abstract class CallerDirectoryContract
{
    protected abstract ICallerDirectory CreateSut();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FindByPhone_WhenOneCaller_ReturnsThem()
    {
        var callers = await CreateSut().FindByPhoneAsync(PhoneNumber.Parse("+14155550100"), Ct);

        var ada = Assert.Single(callers);
        Assert.Equal("emp-1001", ada.Id);
        Assert.True(ada.Vip);
    }

    [Fact]
    public async Task FindByPhone_WhenSharedNumber_ReturnsEveryone()
    {
        var callers = await CreateSut().FindByPhoneAsync(PhoneNumber.Parse("+14155550111"), Ct);

        Assert.Equal(["emp-1002", "emp-1003"], callers.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task FindById_CarriesThePinHashTheDirectoryStores()
    {
        var grace = await CreateSut().FindByIdAsync("emp-1002", Ct);

        Assert.True(VoicePin.Matches("1357", grace?.PinHash));
        Assert.False(VoicePin.Matches("1358", grace?.PinHash));
        Assert.DoesNotContain(grace!.PinHash!, grace.ToString());
    }

    [Fact]
    public async Task FindByPhone_WhenUnknown_ReturnsNobody() =>
        Assert.Empty(await CreateSut().FindByPhoneAsync(PhoneNumber.Parse("+19995550100"), Ct));

    [Fact]
    public async Task FindByEmployeeId_IgnoresCase()
    {
        var caller = await CreateSut().FindByEmployeeIdAsync("e1002", Ct);

        Assert.Equal("emp-1002", caller?.Id);
        Assert.Equal([PhoneNumber.Parse("+14155550111")], caller?.Phones);
    }

    [Fact]
    public async Task FindById_WhenUnknown_ReturnsNull() => Assert.Null(await CreateSut().FindByIdAsync("emp-none", Ct));

    [Fact]
    public async Task FindById_ReturnsAllNumbers()
    {
        var caller = await CreateSut().FindByIdAsync("emp-1004", Ct);

        Assert.Equal(2, caller?.Phones.Count);
    }
}
