using Inpaint.GpuWorker.Hosting;
using Inpaint.Inference;

var builder = WebApplication.CreateBuilder(args);
builder.AddGpuWorker();
builder.Services.AddWorkerHostedEngines();

var app = builder.Build();
app.MapGpuWorkerApi();
app.Run();

/// <summary>Entry point type, visible to WebApplicationFactory tests.</summary>
public partial class Program;
