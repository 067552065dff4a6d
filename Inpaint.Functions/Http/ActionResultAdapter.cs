using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Inpaint.Functions.Http;

/// <summary>Lets a Functions HTTP trigger return the same <see cref="IResult"/> as the local host's handlers.</summary>
public sealed class ActionResultAdapter(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
