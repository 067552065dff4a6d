using Inpaint.Inference.Generation;
using Inpaint.Inference.Models;
using Inpaint.Inference.Tests.Generation.Diffusion;

namespace Inpaint.Inference.Tests.Generation;

public sealed class GenerationEnginesTests
{
    [Fact]
    public void Patchmatch_needs_no_model()
    {
        var engine = GenerationEngines.Create(new GenerationEngineOptions());
        Assert.Equal("patchmatch", engine.Name);
    }

    [Fact]
    public void Harmonic_is_selectable_by_name_and_needs_no_model()
    {
        var engine = GenerationEngines.Create(new GenerationEngineOptions { Engine = "harmonic" });
        Assert.IsType<HarmonicFill>(engine);
        Assert.Equal("harmonic", engine.Name);
        Assert.Empty(engine.ControlsFor(0.9).Values);
    }

    [Theory]
    [InlineData("lama")]
    [InlineData("sd-inpaint")]
    [InlineData("flux-fill")]
    public void A_missing_export_is_refused_naming_the_model(string engine)
    {
        var ex = Assert.Throws<ModelMissingException>(() => GenerationEngines.Create(new GenerationEngineOptions { Engine = engine, ModelPath = "/nonexistent/model" }));
        Assert.Equal(engine, ex.Model);
        Assert.Contains("Generation__ModelPath", ex.Message);
    }

    [Fact]
    public void Lama_loads_from_its_file_and_records_the_file_as_model()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lama_fp32-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(path, TinyDiffusionModels.LamaBytes("batch"));
            var engine = GenerationEngines.Create(new GenerationEngineOptions { Engine = "lama", ModelPath = path });
            Assert.Equal("lama", engine.Name);
            Assert.Equal(Path.GetFileNameWithoutExtension(path), engine.Model);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unknown_engine_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => GenerationEngines.Create(new GenerationEngineOptions { Engine = "dall-e" }));
    }
}
