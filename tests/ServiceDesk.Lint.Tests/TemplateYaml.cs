using ServiceDesk.Testing;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.Lint.Tests;

/// <summary>The repository's template.yaml as a YAML tree (CloudFormation's short tags kept as node tags).</summary>
internal static class TemplateYaml
{
    public static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(RepoPaths.Of("template.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    public static YamlMappingNode Resources(this YamlMappingNode template) => (YamlMappingNode)template["Resources"];
}
