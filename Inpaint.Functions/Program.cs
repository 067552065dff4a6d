using Inpaint.Shared;
using Inpaint.Shared.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddInpaintDomain(builder.Configuration);
// In Azure the models run on the GPU worker (Container Apps); the orchestration calls it over HTTP.
builder.Services.AddGpuWorkerEngines();
builder.Build().Run();
