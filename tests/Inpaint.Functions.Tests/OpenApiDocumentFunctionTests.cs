using Inpaint.Functions.Http;
using Inpaint.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Inpaint.Functions.Tests;

/// <summary>The Function App serves the committed OpenAPI document (the local host's test keeps it equal to the generated one).</summary>
public sealed class OpenApiDocumentFunctionTests
{
    [Fact]
    public async Task The_function_serves_docs_openapi_json_as_json()
    {
        var function = (TaskFunctions)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(TaskFunctions));
        var result = Assert.IsType<FileStreamResult>(function.OpenApiDocument(new DefaultHttpContext().Request));

        Assert.Equal("application/json", result.ContentType);
        using var reader = new StreamReader(result.FileStream);
        Assert.Equal(await File.ReadAllTextAsync(Checkout.Combine("docs", "openapi.json")), await reader.ReadToEndAsync());
    }
}
