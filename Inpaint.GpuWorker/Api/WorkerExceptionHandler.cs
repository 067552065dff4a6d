using Inpaint.GpuWorker.Engines;
using Inpaint.GpuWorker.Scheduling;
using Inpaint.GpuWorker.Storage;
using Inpaint.Inference.Models;
using Inpaint.Shared.Imaging;
using Inpaint.Shared.Regions;
using Inpaint.Shared.Worker;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Inpaint.GpuWorker.Api;

/// <summary>
/// Maps the libraries' typed exceptions to RFC 7807 problem details, once for every endpoint. The problem
/// <c>type</c>s are <see cref="WorkerProblemTypes"/>; extensions name the field, prompt or model at fault.
/// Anything unmapped falls through to the default 500 problem.
/// </summary>
public sealed class WorkerExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest; // nobody is listening
            return true;
        }

        var (status, type, title, extension) = exception switch
        {
            InvalidImageException e => (400, WorkerProblemTypes.InvalidImage, "Invalid image", ("field", (object?)e.Field)),
            InvalidBlobReferenceException e => (400, WorkerProblemTypes.InvalidReference, "Invalid blob reference", ("field", (object?)e.Field)),
            InvalidWorkRequestException e => (400, WorkerProblemTypes.InvalidRequest, "Invalid request", ("field", (object?)e.Field)),
            EngineNotHostedException e => (400, WorkerProblemTypes.ModelMissing, "Model not hosted", ("model", (object?)e.Model)),
            ModelMissingException e => (400, WorkerProblemTypes.ModelMissing, "Model not installed", ("model", (object?)e.Model)),
            RegionNotFoundException e => (422, WorkerProblemTypes.RegionNotFound, "No region found", ("prompt", (object?)e.Prompt)),
            WorkerBusyException e => (429, WorkerProblemTypes.Busy, "Worker busy", ("limit", (object?)e.Limit)),
            WorkTimedOutException e => (503, WorkerProblemTypes.TimedOut, "Work timed out", ("limitSeconds", (object?)e.Limit.TotalSeconds)),
            _ => (0, "", "", default((string, object?))),
        };
        if (status == 0)
            return false;

        if (exception is WorkerBusyException busy)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = exception.Message };
        problem.Extensions[extension.Item1] = extension.Item2;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
