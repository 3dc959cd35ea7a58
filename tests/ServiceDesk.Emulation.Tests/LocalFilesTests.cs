using ServiceDesk.Testing;
using ServiceDesk.Local;

namespace ServiceDesk.Emulation.Tests;

public class LocalFilesTests
{
    [Fact]
    public void RunFromInsideTheRepo_TheRepositorysFileIsUsed_NotTheCopyBesideTheBinaries()
    {
        // The tests run from their bin folder, which holds copies of the flows too (see ServiceDesk.Local.csproj).
        Assert.StartsWith(RepoPaths.Root, Environment.CurrentDirectory, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "contact-flows", "ServiceDesk-Inbound.json")));

        Assert.Equal(RepoPaths.Of("contact-flows", "ServiceDesk-Inbound.json"), LocalFiles.Find("contact-flows", "ServiceDesk-Inbound.json"));
    }
}
