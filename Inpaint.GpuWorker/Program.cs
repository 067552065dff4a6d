using Inpaint.GpuWorker.Engines;
using Inpaint.GpuWorker.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddGpuWorker();
builder.Services.AddWorkerEngines(builder.Configuration);

var app = builder.Build();
app.MapGpuWorkerApi();
app.Run();

/// <summary>Entry point type, visible to WebApplicationFactory tests.</summary>
public partial class Program;
