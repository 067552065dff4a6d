using Inpaint.Infra.Tests.Samples;
using Inpaint.Infra.Tests.Settings;

namespace Inpaint.Infra.Tests;

public sealed class OptionsSettingsTests
{
    [Fact]
    public void Settable_properties_become_Section__Property_and_nested_objects_add_a_level()
    {
        var keys = OptionsSettings.Keys([typeof(SampleOptions)]);

        Assert.Equal(
            ["Sample__Endpoint", "Sample__Name", "Sample__Retry__Attempts", "Sample__Retry__Mode", "Sample__Timeout"],
            keys.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("SampleOptions.Retry.Attempts", keys["Sample__Retry__Attempts"]);
    }

    [Fact]
    public void Discovery_takes_Options_classes_with_a_SectionName_constant_only()
    {
        var types = OptionsSettings.OptionsTypes(typeof(SampleOptions).Assembly);

        Assert.Equal([typeof(SampleListOptions), typeof(SampleOptions)], types);
        Assert.DoesNotContain(typeof(SampleRetryOptions), types);
    }

    [Fact]
    public void A_collection_property_is_refused_not_guessed()
    {
        var e = Assert.Throws<NotSupportedException>(() => OptionsSettings.Keys([typeof(SampleListOptions)]));

        Assert.Contains("SampleListOptions.Hosts", e.Message);
    }
}
