namespace Inpaint.GpuWorker.Models;

/// <summary>
/// Where the worker's model files are (settings <c>Models__*</c>): the folder the Azure Files share (or the
/// model image) is mounted at in Azure, <c>/models</c> in the container. The ONNX engines read their
/// files from here.
/// </summary>
public sealed class WorkerModelOptions
{
    public const string SectionName = "Models";

    public string Root { get; set; } = "/models";
}
