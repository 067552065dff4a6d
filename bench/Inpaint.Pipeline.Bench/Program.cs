using System.Globalization;
using Inpaint.Pipeline.Bench;

// dotnet run -c Release --project bench/Inpaint.Pipeline.Bench -- [--repeat N] [--cases small-png,large-jpeg,large-png] [--configured-engines]
// dotnet run -c Release --project bench/Inpaint.Pipeline.Bench -- profile [--cases ...]
// dotnet run -c Release --project bench/Inpaint.Pipeline.Bench -- codecs
var repeat = 5;
var cases = new[] { "small-png", "large-jpeg", "large-png" };
var configuredEngines = false;
var profile = false;
var codecs = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--cases": cases = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
        case "--configured-engines": configuredEngines = true; break;
        case "profile": profile = true; break;
        case "codecs": codecs = true; break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

if (codecs) return CodecProfile.Run(4000, 3000);

var all = PipelineCases.Create(cases);
return profile
    ? StepProfile.Run(all)
    : await PipelineBench.RunAsync(all, repeat, configuredEngines);
