using System.Text.Json;
using Azure.Data.Tables;
using Inpaint.Inference.Generation;
using Inpaint.Shared.Contracts;
using Inpaint.Shared.Generation;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Idempotency;
using Inpaint.Shared.Ledger;
using Inpaint.Shared.Orchestration;
using Inpaint.Shared.Orchestration.Activities;
using Inpaint.Shared.Storage;
using Inpaint.Shared.Tasks;
using Inpaint.Shared.Uploads;
using Inpaint.Shared.Validation;
using Inpaint.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Inpaint.Shared.Tests.Tasks;

/// <summary>The task API's promises over real storage and the in-process Durable host: charged once, refunded exactly.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TaskLifecycleTests(AzuriteFixture azurite)
{
    private static async Task<CreateTaskRequest> RequestAsync(OrchestrationHost host, int samples = 1, Rectangle? hole = null, string extra = "", Size? maskSize = null)
    {
        using var photo = TestImages.Photo(160, 120);
        var size = maskSize ?? new Size(160, 120);
        using var mask = TestImages.RectangleMask(size.Width, size.Height, hole ?? new Rectangle(50, 40, 40, 30));
        var image = await host.UploadAsync(TestImages.Png(photo));
        var maskRef = await host.UploadAsync(TestImages.Png(mask));
        return new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse(
            $$"""{"image":"{{image}}","mask_image":"{{maskRef}}","n_samples":{{samples}},"inpainting_prompt":"moss"{{extra}}}""").RootElement.Clone());
    }

    private static Task<long> Balance(OrchestrationHost host, string? user = null) => host.Get<CreditLedger>().BalanceAsync(user ?? host.User);

    [Fact]
    public async Task A_completed_task_is_charged_its_price_once_and_not_refunded()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var task = await host.Get<TaskCreator>().CreateAsync(host.User, await RequestAsync(host, samples: 2), host.Client, default);
        Assert.Equal(OrchestrationHost.StartingCredits - 4, await Balance(host));

        Assert.Equal(TaskStatuses.Completed, (await host.WaitForFinalAsync(task.Id)).Status);
        Assert.Equal(OrchestrationHost.StartingCredits - 4, await Balance(host));
        Assert.Equal([-4L], (await host.Get<CreditLedger>().MovementsAsync(host.User, task.Id)).Select(m => m.Credits));
    }

    [Fact]
    public async Task A_balance_that_does_not_cover_the_price_is_refused_with_nothing_written()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var poor = "poor-" + host.User;
        await host.Get<CreditLedger>().GrantAsync(poor, 3, "small");
        // The poor user has no uploads of their own; data: URIs keep the request self-contained.
        using var photo = TestImages.Photo(64, 48);
        using var mask = TestImages.RectangleMask(64, 48, new Rectangle(10, 10, 20, 20));
        var dataRequest = new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse($$"""
            {"image":"data:image/png;base64,{{Convert.ToBase64String(TestImages.Png(photo))}}",
             "mask_image":"data:image/png;base64,{{Convert.ToBase64String(TestImages.Png(mask))}}","n_samples":2}
            """).RootElement.Clone());

        var error = await Assert.ThrowsAsync<InsufficientCreditsException>(() =>
            host.Get<TaskCreator>().CreateAsync(poor, dataRequest, host.Client, default));
        Assert.Equal(4, error.Price);
        Assert.Equal(3, error.Balance);
        Assert.Equal(3, await Balance(host, poor));
        Assert.Empty((await host.Get<TaskQueries>().ListAsync(poor, null, null, null, default)).Docs);
    }

    [Fact]
    public async Task Another_users_task_is_not_found_for_get_list_and_cancel()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var creator = host.Get<TaskCreator>();
        var queries = host.Get<TaskQueries>();
        var canceller = host.Get<TaskCanceller>();
        var task = await creator.CreateAsync(host.User, await RequestAsync(host), host.Client, default);

        await Assert.ThrowsAsync<TaskNotFoundException>(() => queries.GetAsync("mallory", task.Id, default));
        await Assert.ThrowsAsync<TaskNotFoundException>(() => canceller.CancelAsync("mallory", task.Id, host.Client, default));
        Assert.Empty((await queries.ListAsync("mallory", null, null, null, default)).Docs);
        await host.WaitForFinalAsync(task.Id);
    }

    [Fact]
    public async Task A_running_task_shows_its_step_and_samples_from_its_row_and_a_final_one_none()
    {
        var gate = new GatedEngine();
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString, gate);
        var queries = host.Get<TaskQueries>();
        var task = await host.Get<TaskCreator>().CreateAsync(host.User, await RequestAsync(host, samples: 2), host.Client, default);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The samples are being generated: the task row alone says so (no Durable status is read).
        var running = await queries.GetAsync(host.User, task.Id, default);
        Assert.Equal(TaskStatuses.Running, running.Status);
        Assert.Equal(new TaskProgressReport(TaskSteps.Generate, 0, 2), running.Progress);

        gate.Release();
        await host.WaitForFinalAsync(task.Id);
        var final = await queries.GetAsync(host.User, task.Id, default);
        Assert.Equal(TaskStatuses.Completed, final.Status);
        Assert.Null(final.Progress);
    }

    [Fact]
    public async Task Cancelling_a_running_task_refunds_it_exactly_and_a_second_cancel_is_refused()
    {
        var gate = new GatedEngine();
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString, gate);
        var creator = host.Get<TaskCreator>();
        var queries = host.Get<TaskQueries>();
        var canceller = host.Get<TaskCanceller>();
        var task = await creator.CreateAsync(host.User, await RequestAsync(host, samples: 3), host.Client, default);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(TaskStatuses.Running, (await queries.GetAsync(host.User, task.Id, default)).Status);

        var cancelled = await canceller.CancelAsync(host.User, task.Id, host.Client, default);
        gate.Release();

        Assert.Equal(TaskStatuses.Cancelled, cancelled.Status);
        Assert.Equal(OrchestrationHost.StartingCredits, await Balance(host));
        await Assert.ThrowsAsync<TaskFinalException>(() => canceller.CancelAsync(host.User, task.Id, host.Client, default));
        await Task.Delay(500); // let a late Finalize try its refund: it must not apply twice
        Assert.Equal(OrchestrationHost.StartingCredits, await Balance(host));
        Assert.Equal(TaskStatuses.Cancelled, (await queries.GetAsync(host.User, task.Id, default)).Status);
    }

    [Fact]
    public async Task A_failure_after_the_charge_refunds_exactly_once_even_when_finalize_is_replayed()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        // The mask selects one pixel of 1600×1200, so it passes the check at creation; scaled to the 160×120
        // source its coverage is 1 %, below the threshold, so the orchestration fails it after the charge.
        var request = await RequestAsync(host, samples: 2, hole: new Rectangle(800, 600, 1, 1), maskSize: new Size(1600, 1200));
        var task = await host.Get<TaskCreator>().CreateAsync(host.User, request, host.Client, default);
        var row = await host.WaitForFinalAsync(task.Id);
        Assert.Equal(TaskStatuses.Failed, row.Status);
        Assert.Equal(OrchestrationHost.StartingCredits, await Balance(host));

        // A replayed finalize (same input) must change nothing.
        var finalize = host.Get<FinalizeTaskActivity>();
        var input = new FinalizeInput(task.Id, host.User, TaskStatuses.Failed, row.Error, [], new TaskPerformance(0, 0, []));
        Assert.False(await finalize.RunAsync(null!, input));
        Assert.Equal(OrchestrationHost.StartingCredits, await Balance(host));
    }

    [Fact]
    public async Task A_stored_mask_that_selects_nothing_is_refused_at_creation_and_nothing_is_charged()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var request = await RequestAsync(host, samples: 2, hole: Rectangle.Empty);
        var refused = await Assert.ThrowsAsync<InvalidImageException>(() => host.Get<TaskCreator>().CreateAsync(host.User, request, host.Client, default));
        Assert.Equal("mask_image", refused.Field);
        Assert.Equal(OrchestrationHost.StartingCredits, await Balance(host));
        Assert.DoesNotContain(await host.Get<CreditLedger>().MovementsAsync(host.User), m => m.Kind == CreditLedger.Charge);
    }

    [Fact]
    public async Task When_the_image_and_the_mask_are_both_refused_the_error_names_the_image()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        // The mask fails at once (a link to someone else's upload needs no storage); the image only after a storage
        // round trip (an upload that is not there). The order of failure must not decide which field is named.
        var othersMask = await host.Get<UploadLinks>().CreateAsync("someone-else", "0123456789abcdef01234567", default);
        var request = new CreateTaskRequest(ToolNames.FluxInpainting, JsonDocument.Parse(
            $$"""{"image":"upload:fedcba9876543210fedcba98","mask_image":"{{othersMask}}"}""").RootElement.Clone());

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => host.Get<TaskCreator>().CreateAsync(host.User, request, host.Client, default));
        Assert.Equal(["image"], refused.Errors.Keys);
        Assert.Equal(OrchestrationHost.StartingCredits, await Balance(host));
    }

    [Fact]
    public async Task A_sample_that_fails_for_good_is_refunded_and_the_others_are_delivered()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString, new FailingSampleEngine(failingIndexSeed: 1001));
        var task = await host.Get<TaskCreator>().CreateAsync(host.User, await RequestAsync(host, samples: 3, extra: ""","seed":1000"""), host.Client, default);
        var row = await host.WaitForFinalAsync(task.Id);

        Assert.Equal(TaskStatuses.Completed, row.Status);
        var done = await host.Get<TaskQueries>().GetAsync(host.User, task.Id, default);
        Assert.Equal([1000L, 1002L], done.Result!.Select(s => s.Seed));
        Assert.Equal(OrchestrationHost.StartingCredits - 4, await Balance(host));
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_gives_the_same_task_charged_once()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var creator = host.Get<TaskCreator>();
        var request = await RequestAsync(host);

        var first = await creator.CreateAsync(host.User, request, host.Client, "order-17", drop: null, default);
        var again = await creator.CreateAsync(host.User, request, host.Client, "order-17", drop: null, default);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(OrchestrationHost.StartingCredits - 2, await Balance(host));

        var other = await RequestAsync(host, samples: 2);
        var conflict = await Assert.ThrowsAsync<IdempotencyConflictException>(() =>
            creator.CreateAsync(host.User, other, host.Client, "order-17", drop: null, default));
        Assert.Equal(422, conflict.Status);
        await host.WaitForFinalAsync(first.Id);
    }

    [Fact]
    public async Task A_create_whose_host_died_before_marking_its_key_is_finished_by_a_retry_under_the_same_task()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var creator = host.Get<TaskCreator>();
        var request = await RequestAsync(host);
        var first = await creator.CreateAsync(host.User, request, host.Client, "order-18", drop: null, default);
        await host.WaitForFinalAsync(first.Id);

        // As if the host had died after starting the task but before marking the key created, long enough ago
        // for the claim to be taken over.
        var claims = new TableClient(azurite.ConnectionString, TableNames.Idempotency);
        IdempotencyEntity? claim = null;
        await foreach (var row in claims.QueryAsync<IdempotencyEntity>(e => e.PartitionKey == host.User)) claim = row;
        Assert.NotNull(claim);
        claim.State = "creating";
        claim.CreatedAt = DateTimeOffset.UtcNow - IdempotencyStore.StaleAfter - TimeSpan.FromMinutes(1);
        await claims.UpdateEntityAsync(claim, claim.ETag, TableUpdateMode.Replace);

        var retried = await creator.CreateAsync(host.User, request, host.Client, "order-18", drop: null, default);
        Assert.Equal(first.Id, retried.Id);
        Assert.Equal(TaskStatuses.Completed, retried.Status);
        Assert.Equal(OrchestrationHost.StartingCredits - 2, await Balance(host));
        Assert.Single((await host.Get<TaskQueries>().ListAsync(host.User, null, null, null, default)).Docs);
    }

    [Fact]
    public async Task Concurrent_duplicates_with_one_key_create_one_task_and_one_charge()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var creator = host.Get<TaskCreator>();
        var queries = host.Get<TaskQueries>();
        var request = await RequestAsync(host);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return (await creator.CreateAsync(host.User, request, host.Client, "burst", drop: null, default)).Id;
            }
            catch (IdempotencyConflictException e) when (e.Status == 409)
            {
                return null; // the first was still being created: the client retries later
            }
        }));

        var ids = attempts.OfType<string>().Distinct().ToArray();
        Assert.Single(ids);
        Assert.Single((await queries.ListAsync(host.User, null, null, null, default)).Docs);
        Assert.Equal(OrchestrationHost.StartingCredits - 2, await Balance(host));
        await host.WaitForFinalAsync(ids[0]);
    }

    [Fact]
    public async Task Listing_pages_newest_first_and_filters_by_status()
    {
        await using var host = await OrchestrationHost.StartAsync(azurite.ConnectionString);
        var creator = host.Get<TaskCreator>();
        var queries = host.Get<TaskQueries>();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
            created.Add((await creator.CreateAsync(host.User, await RequestAsync(host), host.Client, default)).Id);
        foreach (var id in created) await host.WaitForFinalAsync(id);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await queries.ListAsync(host.User, null, 2, cursor, default);
            Assert.True(page.Docs.Count <= 2);
            seen.AddRange(page.Docs.Select(t => t.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(Enumerable.Reverse(created), seen);
        Assert.Equal(5, (await queries.ListAsync(host.User, TaskStatuses.Completed, 10, null, default)).Docs.Count);
        Assert.Empty((await queries.ListAsync(host.User, TaskStatuses.Failed, 10, null, default)).Docs);
    }

    /// <summary>A real fill that refuses one sample's seed for good (as an engine refuses an input it cannot use).</summary>
    private sealed class FailingSampleEngine(long failingIndexSeed) : IGenerationEngine
    {
        private readonly HarmonicFill _inner = new();

        public string Name => _inner.Name;

        public string Model => _inner.Model;

        public Task<Image<Rgba32>> GenerateAsync(GenerationRequest request, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken) =>
            request.Seed == failingIndexSeed
                ? throw new ArgumentException($"seed {request.Seed} is refused by this engine")
                : _inner.GenerateAsync(request, progress, cancellationToken);
    }
}
