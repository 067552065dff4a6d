var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

// Liveness only; readiness (models loaded, provider known) comes with the engines.
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "alive" }));

app.Run();

/// <summary>Entry point type, visible to WebApplicationFactory tests.</summary>
public partial class Program;
