namespace ServiceDesk.Testing;

/// <summary>Files of this repository, found from the test binary's folder upwards.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServiceDesk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ServiceDesk.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => LazyRoot.Value;

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A recorded event of ours under <c>tests/events</c>.</summary>
    public static string Event(string family, string file) => Of("tests", "events", family, file);

    public static byte[] ReadEvent(string family, string file) => File.ReadAllBytes(Event(family, file));
}
