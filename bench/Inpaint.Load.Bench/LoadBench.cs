using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Inpaint.Inference.Generation;
using Inpaint.Local.Hosting;
using Inpaint.Local.Keys;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Ledger;
using Inpaint.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;

namespace Inpaint.Load.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/Inpaint.Load.Bench [-- TASKS [POLL_MS [WARM]]]</c>: the local stack (embedded
/// Azurite, Durable Task, HTTP API on loopback) with the harmonic fill as its tiny engine. Creates TASKS tasks
/// (default 200) at once, a tenth of them sent twice with the same Idempotency-Key, waits until every task is
/// final, and checks: every task terminal (none lost), one task per key (no duplicates), and per task
/// charged − refunded = delivered samples × price. Each unfinished task is polled (<c>GET /v2/tasks/{id}</c>, 8 at a
/// time) in rounds POLL_MS (default 500) apart, as a client waiting for each of its tasks would. WARM (default 0)
/// tasks run to the end first, unmeasured (see <see cref="WarmUpAsync"/>). Prints create latency p50/p95, completion p50/p95 and
/// throughput, and the CPU time the host and Azurite used per task. Exit code 1 when a check fails.
/// <c>-- polls [N]</c> measures what one status poll costs (see <see cref="PollsAsync"/>).
/// <c>-- idle [SECONDS [SETTLE]]</c> measures instead what an idle stack costs (see <see cref="IdleAsync"/>).
/// </summary>
public static class LoadBench
{
    const long PricePerSample = 2;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "idle")
        {
            return await IdleAsync(
                args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 15);
        }

        if (args.Length > 0 && args[0] == "polls")
            return await PollsAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000);

        int count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
        int pollMilliseconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;
        int warmTasks = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
        string data = Path.Combine(Path.GetTempPath(), "inpaint-load-" + Guid.NewGuid().ToString("n")[..8]);
        var options = new LocalStackOptions { DataDirectory = data, MinimumLogLevel = LogLevel.Warning };
        options.Settings["DurableTask:HubName"] = "load" + Guid.NewGuid().ToString("n")[..8];
        options.ConfigureServices = services => services.AddSingleton<IGenerationEngine, HarmonicFill>();   // the tiny engine; registered last, it wins

        var stack = await LocalStack.StartAsync(options);
        try
        {
            var ledger = stack.Services.GetRequiredService<CreditLedger>();
            await ledger.GrantAsync(DevelopmentApiKey.User, (count + warmTasks) * PricePerSample * 2, "load-bench-" + Guid.NewGuid().ToString("n"));
            using var http = new HttpClient { BaseAddress = stack.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add("X-Api-Key", stack.ApiKey);

            using var photo = TestImages.Photo(48, 32);
            using var mask = TestImages.RectangleMask(48, 32, new Rectangle(16, 10, 12, 10));
            string image = await UploadAsync(http, TestImages.Png(photo));
            string maskRef = await UploadAsync(http, TestImages.Png(mask));

            if (warmTasks > 0) await WarmUpAsync(http, image, maskRef, warmTasks);

            // All creates at once: the originals and, for every tenth, a second send with the same key.
            var sends = Enumerable.Range(0, count).Select(i => (Key: $"load-{i}", Index: i))
                .Concat(Enumerable.Range(0, count).Where(i => i % 10 == 0).Select(i => (Key: $"load-{i}", Index: i)))
                .ToArray();
            var createLatency = new ConcurrentBag<double>();
            var idsByKey = new ConcurrentDictionary<string, ConcurrentBag<string>>();
            var statuses = new ConcurrentBag<int>();
            var cpu = CpuMeter.Start(stack.Azurite?.ProcessId);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(sends.Select(async send =>
            {
                var body = new JsonObject
                {
                    ["tool"] = "flux_inpainting",
                    ["args"] = new JsonObject { ["image"] = image, ["mask_image"] = maskRef, ["resolution"] = 512, ["seed"] = send.Index },
                };
                for (int attempt = 0; ; attempt++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "v2/tasks/create") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
                    request.Headers.Add("Idempotency-Key", send.Key);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request);
                    statuses.Add((int)response.StatusCode);
                    if ((int)response.StatusCode == 409 && attempt < 50)
                    {
                        await Task.Delay(100);   // the same key is still being created: retry, as a client should
                        continue;
                    }

                    createLatency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    response.EnsureSuccessStatusCode();
                    var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                    idsByKey.GetOrAdd(send.Key, _ => []).Add(created["task"]!["_id"]!.GetValue<string>());
                    return;
                }
            }));
            var createdIn = clock.Elapsed;

            var ids = idsByKey.Values.SelectMany(b => b).Distinct().ToArray();
            var finishedAt = new ConcurrentDictionary<string, TimeSpan>();
            var final = new ConcurrentDictionary<string, JsonObject>();
            var deadline = DateTime.UtcNow.AddMinutes(8);
            var polls = 0;
            while (final.Count < ids.Length && DateTime.UtcNow < deadline)
            {
                await Parallel.ForEachAsync(ids.Where(id => !final.ContainsKey(id)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
                {
                    Interlocked.Increment(ref polls);
                    var task = (await http.GetFromJsonAsync<JsonObject>($"v2/tasks/{id}", ct))!["task"]!.AsObject();
                    if (TaskStatuses.IsFinal(task["status"]!.GetValue<string>()) && final.TryAdd(id, task))
                        finishedAt[id] = clock.Elapsed;
                });
                if (final.Count < ids.Length) await Task.Delay(pollMilliseconds);
            }

            var total = clock.Elapsed;
            var used = cpu.Read();
            int lost = ids.Length - final.Count;
            int duplicateKeys = idsByKey.Count(k => k.Value.Distinct().Count() != 1);
            int ledgerDifferences = 0, delivered = 0;
            foreach (var (id, task) in final)
            {
                int samples = (task["result"] as JsonArray)?.Count(s => (s?["output"] as JsonArray)?.Count > 0) ?? 0;
                delivered += samples;
                long net = -(await ledger.MovementsAsync(DevelopmentApiKey.User, id)).Sum(m => m.Credits);
                if (net != samples * PricePerSample) ledgerDifferences++;
            }

            var byStatus = final.Values.GroupBy(t => t["status"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
            var latencies = createLatency.Order().ToArray();
            var completion = finishedAt.Values.Select(t => t.TotalSeconds).Order().ToArray();
            Console.WriteLine($"tasks: {count} created with {sends.Length} requests ({sends.Length - count} re-sent with the same Idempotency-Key); HTTP statuses: {string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
            Console.WriteLine($"distinct tasks: {ids.Length}; keys answered with more than one task: {duplicateKeys}; lost (not final after 8 min): {lost}");
            Console.WriteLine($"final: {string.Join(", ", byStatus.Select(p => $"{p.Key} {p.Value}"))}; samples delivered {delivered}; ledger differences: {ledgerDifferences}");
            Console.WriteLine($"create latency: p50 {Percentile(latencies, 0.5):F0} ms, p95 {Percentile(latencies, 0.95):F0} ms, max {latencies.LastOrDefault():F0} ms; all created in {createdIn.TotalSeconds:F1} s");
            Console.WriteLine($"completion (since the first create): p50 {Percentile(completion, 0.5):F1} s, p95 {Percentile(completion, 0.95):F1} s; all final in {total.TotalSeconds:F1} s = {final.Count / total.TotalSeconds:F2} tasks/s; status polls {polls} ({(double)polls / count:F1} per task, at most 8 at once, every task every {pollMilliseconds} ms)");
            Console.WriteLine($"CPU (creates until all final): host {used.Host.TotalSeconds:F1} s, Azurite {(used.Azurite is { } a ? $"{a.TotalSeconds:F1} s" : "n/a (external storage)")}; " +
                $"per task: host {used.Host.TotalSeconds / count:F3} s + Azurite {(used.Azurite ?? TimeSpan.Zero).TotalSeconds / count:F3} s = {used.Total.TotalSeconds / count:F3} CPU-s; " +
                $"{used.Total.TotalSeconds / total.TotalSeconds:F2} cores busy on average");
            Console.WriteLine($"machine load average at the end (1/5/15 min): {CpuMeter.LoadAverage()}");
            return lost == 0 && duplicateKeys == 0 && ledgerDifferences == 0 && ids.Length == count ? 0 : 1;
        }
        finally
        {
            await stack.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// <c>idle [SECONDS [SETTLE]]</c>: the stack <c>inpaint serve</c> runs (same composition, embedded Azurite),
    /// left alone: after SETTLE seconds (default 15), the CPU it and Azurite use over SECONDS (default 60). Exit
    /// code 1 above 1 % of one core.
    /// </summary>
    static async Task<int> IdleAsync(int seconds, int settleSeconds)
    {
        string data = Path.Combine(Path.GetTempPath(), "inpaint-idle-" + Guid.NewGuid().ToString("n")[..8]);
        var stack = await LocalStack.StartAsync(new LocalStackOptions { DataDirectory = data, MinimumLogLevel = LogLevel.Warning });
        try
        {
            // The runtime's background JIT (tier-1 recompiles of start-up code) runs for a minute or more after
            // start; a longer settle measures the steady state a stack left running costs.
            await Task.Delay(TimeSpan.FromSeconds(settleSeconds));
            var cpu = CpuMeter.Start(stack.Azurite?.ProcessId);
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var used = cpu.Read();
            double share = used.Total.TotalSeconds / seconds;
            Console.WriteLine($"idle serve over {seconds} s after {settleSeconds} s of settling: host {used.Host.TotalSeconds:F2} CPU-s, Azurite {(used.Azurite ?? TimeSpan.Zero).TotalSeconds:F2} CPU-s = {share:P2} of one core; load average {CpuMeter.LoadAverage()}");
            return share <= 0.01 ? 0 : 1;
        }
        finally
        {
            await stack.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// <c>polls [N]</c>: what one status poll costs. N polls (8 at once) of a task held running by a gated engine
    /// (it has progress), then N of the same task once final, each with the host's and Azurite's CPU per poll.
    /// </summary>
    static async Task<int> PollsAsync(int polls)
    {
        string data = Path.Combine(Path.GetTempPath(), "inpaint-polls-" + Guid.NewGuid().ToString("n")[..8]);
        var gate = new GatedEngine();
        var options = new LocalStackOptions { DataDirectory = data, MinimumLogLevel = LogLevel.Warning };
        options.ConfigureServices = services => services.AddSingleton<IGenerationEngine>(gate);
        var stack = await LocalStack.StartAsync(options);
        try
        {
            await stack.Services.GetRequiredService<CreditLedger>().GrantAsync(DevelopmentApiKey.User, 10, "polls-" + Guid.NewGuid().ToString("n"));
            using var http = new HttpClient { BaseAddress = stack.BaseAddress };
            http.DefaultRequestHeaders.Add("X-Api-Key", stack.ApiKey);
            using var photo = TestImages.Photo(48, 32);
            using var mask = TestImages.RectangleMask(48, 32, new Rectangle(16, 10, 12, 10));
            var body = new JsonObject
            {
                ["tool"] = "flux_inpainting",
                ["args"] = new JsonObject { ["image"] = await UploadAsync(http, TestImages.Png(photo)), ["mask_image"] = await UploadAsync(http, TestImages.Png(mask)), ["resolution"] = 512 },
            };
            using var created = await http.PostAsync("v2/tasks/create", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            created.EnsureSuccessStatusCode();
            string id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["task"]!["_id"]!.GetValue<string>();
            await gate.Entered.Task;

            async Task<string> MeasureAsync(string what)
            {
                // A first round compiles the path; the second is measured.
                for (int round = 0; round < 2; round++)
                {
                    var cpu = CpuMeter.Start(stack.Azurite?.ProcessId);
                    var clock = Stopwatch.StartNew();
                    await Parallel.ForAsync(0, polls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
                        (await http.GetAsync($"v2/tasks/{id}", ct)).EnsureSuccessStatusCode());
                    var used = cpu.Read();
                    if (round == 1)
                        return $"{what}: {polls} polls in {clock.Elapsed.TotalSeconds:F1} s; per poll host {used.Host.TotalMilliseconds / polls:F2} ms + Azurite {(used.Azurite ?? TimeSpan.Zero).TotalMilliseconds / polls:F2} ms CPU";
                }

                throw new UnreachableException();
            }

            var running = await MeasureAsync("running task");
            gate.Release();
            while (!TaskStatuses.IsFinal((await http.GetFromJsonAsync<JsonObject>($"v2/tasks/{id}"))!["task"]!["status"]!.GetValue<string>()))
                await Task.Delay(100);
            Console.WriteLine(running);
            Console.WriteLine(await MeasureAsync("final task"));
            Console.WriteLine($"machine load average at the end (1/5/15 min): {CpuMeter.LoadAverage()}");
            return 0;
        }
        finally
        {
            await stack.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// WARM tasks at once, before the measured burst, until all are final: the burst then meets a stack whose code
    /// is compiled (the runtime's tier-1 JIT of every path a task takes), as a server that has been up for a while.
    /// </summary>
    static async Task WarmUpAsync(HttpClient http, string image, string maskRef, int tasks)
    {
        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, tasks).Select(async i =>
        {
            var body = new JsonObject
            {
                ["tool"] = "flux_inpainting",
                ["args"] = new JsonObject { ["image"] = image, ["mask_image"] = maskRef, ["resolution"] = 512, ["seed"] = 1_000_000 + i },
            };
            using var response = await http.PostAsync("v2/tasks/create", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["task"]!["_id"]!.GetValue<string>();
        }));
        foreach (var id in ids)
        {
            while (!TaskStatuses.IsFinal((await http.GetFromJsonAsync<JsonObject>($"v2/tasks/{id}"))!["task"]!["status"]!.GetValue<string>()))
                await Task.Delay(200);
        }

        Console.WriteLine($"warm-up: {tasks} tasks final in {clock.Elapsed.TotalSeconds:F1} s (not counted below)");
    }

    static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    static async Task<string> UploadAsync(HttpClient http, byte[] bytes)
    {
        using var response = await http.PostAsync("v2/uploads", new ByteArrayContent(bytes));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["reference"]!.GetValue<string>();
    }
}
