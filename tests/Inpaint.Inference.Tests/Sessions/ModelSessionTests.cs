using Inpaint.Inference.ExecutionProviders;
using Inpaint.Inference.Sessions;
using Inpaint.Inference.Tests.TinyModels;
using Microsoft.ML.OnnxRuntime.Tensors;
using static Inpaint.Inference.Tests.TinyModels.TinyGraph;

namespace Inpaint.Inference.Tests.Sessions;

public class ModelSessionTests
{
    // y = x * 2 over a symbolic batch: [batch, 3] → [batch, 3].
    private static byte[] Doubler(Onnx.TensorProto.Types.DataType type = F32) => new TinyGraph("doubler")
        .Input("x", type, "batch", 3)
        .Output("y", type, "batch", 3)
        .Node("Add", ["x", "x"], ["y"])
        .Build();

    [Fact]
    public void Reads_declared_inputs_and_outputs_with_wildcard_dimensions()
    {
        using var session = ModelSession.Load("doubler", Doubler());

        var x = Assert.Single(session.Inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal(TensorElementType.Float, x.ElementType);
        Assert.Equal([-1L, 3L], x.Dimensions);
        Assert.False(x.IsStatic);
        Assert.Equal("y", Assert.Single(session.Outputs).Name);
    }

    [Fact]
    public void Feeds_only_declared_inputs()
    {
        using var session = ModelSession.Load("doubler", Doubler());

        var outputs = session.Run(new Dictionary<string, TensorData>
        {
            ["x"] = TensorData.FromFloats([1, 2, 3, 4, 5, 6], 2, 3),
            // Not declared by this export: silently not sent, as for attention_mask on some CLIPSeg exports.
            ["attention_mask"] = TensorData.FromInt64s([1, 1], 1, 2),
        });

        Assert.Equal([2f, 4, 6, 8, 10, 12], outputs["y"].AsFloats());
        Assert.Equal([2L, 3L], outputs["y"].Shape);
    }

    [Fact]
    public void A_missing_declared_input_is_an_error_naming_it()
    {
        using var session = ModelSession.Load("doubler", Doubler());

        var ex = Assert.Throws<ArgumentException>(() => session.Run(new Dictionary<string, TensorData>()));
        Assert.Contains("'x", ex.Message);
    }

    [Fact]
    public void A_shape_that_disagrees_with_a_fixed_dimension_is_refused()
    {
        using var session = ModelSession.Load("doubler", Doubler());

        var ex = Assert.Throws<ArgumentException>(() => session.Run(new Dictionary<string, TensorData>
        {
            ["x"] = TensorData.FromFloats(new float[8], 2, 4),
        }));
        Assert.Contains("[2, 4]", ex.Message);
    }

    [Theory]
    [InlineData(Onnx.TensorProto.Types.DataType.Float16, 0.0005f)]
    [InlineData(Onnx.TensorProto.Types.DataType.Bfloat16, 0.004f)]
    public void Float_inputs_are_cast_to_the_declared_half_types_and_back(Onnx.TensorProto.Types.DataType type, float relativeTolerance)
    {
        // Cast inside the graph so the model really computes in fp32 and only its I/O is half precision.
        var model = new TinyGraph("half")
            .Input("x", type, 1, 4)
            .Output("y", type, 1, 4)
            .Node("Cast", ["x"], ["xf"], ("to", (int)F32))
            .Node("Add", ["xf", "xf"], ["yf"])
            .Node("Cast", ["yf"], ["y"], ("to", (int)type))
            .Build();
        using var session = ModelSession.Load("half", model);
        Assert.NotEqual(TensorElementType.Float, session.Input("x").ElementType);

        float[] x = [0.1f, -1.5f, 3.14159f, 1000.25f];
        var y = session.Run(new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(x, 1, 4) })["y"].AsFloats();

        for (var i = 0; i < x.Length; i++)
            Assert.InRange(y[i], 2 * x[i] - MathF.Abs(2 * x[i]) * relativeTolerance, 2 * x[i] + MathF.Abs(2 * x[i]) * relativeTolerance);
    }

    [Fact]
    public void Integer_inputs_are_cast_to_a_declared_int32()
    {
        // The diffusers text encoder declares int32 input_ids; Optimum's declares int64.
        var model = new TinyGraph("ids")
            .Input("input_ids", I32, "batch", "seq")
            .Output("sum", I64, "batch")
            .Node("Cast", ["input_ids"], ["ids64"], ("to", (int)I64))
            .Node("ReduceSum", ["ids64", "axes"], ["sum"], ("keepdims", 0))
            .Constant("axes", [1L], 1)
            .Build(opset: 13);
        using var session = ModelSession.Load("ids", model);

        var sum = session.Run(new Dictionary<string, TensorData>
        {
            ["input_ids"] = TensorData.FromInt64s([49406, 320, 49407, 49406, 1, 49407], 2, 3),
        })["sum"];

        Assert.Equal([49406L + 320 + 49407, 49406L + 1 + 49407], sum.AsInt64s());
    }

    [Fact]
    public void Static_float_outputs_are_written_into_preallocated_buffers()
    {
        var model = new TinyGraph("static")
            .Input("x", F32, 2, 2)
            .Output("y", F32, 2, 2)
            .Node("Neg", ["x"], ["y"])
            .Build();
        using var session = ModelSession.Load("static", model);
        Assert.True(session.Output("y").IsStatic);

        var y = session.Run(new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, 2, 3, 4], 2, 2) })["y"];

        Assert.Equal([-1f, -2, -3, -4], y.AsFloats());
        Assert.Equal([2L, 2L], y.Shape);
    }

    [Fact]
    public void Cuda_that_cannot_load_falls_back_to_cpu_and_reports_it()
    {
        // The test host carries the CPU-only native package: appending CUDA throws, as it does on a machine
        // whose ORT lists CUDA but cannot load libcudnn.
        using var session = ModelSession.Load("doubler", Doubler(), ModelSessionOptions.CudaThenCpu);

        Assert.Equal("CPU", session.Provider);
        Assert.Equal([2f, 2, 2], session.Run(new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, 1, 1], 1, 3) })["y"].AsFloats());
    }

    [Fact]
    public void No_working_provider_is_an_error_that_names_each_failure()
    {
        var options = new ModelSessionOptions { Providers = [new CudaExecutionProvider()] };

        var ex = Assert.Throws<InvalidOperationException>(() => ModelSession.Load("doubler", Doubler(), options));
        Assert.Contains("CUDA:", ex.Message);
    }

    [Fact]
    public void A_cancelled_token_stops_the_call_before_it_starts()
    {
        using var session = ModelSession.Load("doubler", Doubler());
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            session.Run(new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats([1, 1, 1], 1, 3) }, cts.Token));
    }

    [Fact]
    public void Cancelling_during_a_run_terminates_it_through_run_options()
    {
        // 192 chained 512×512 matmuls: seconds on two cores; ORT checks Terminate between nodes.
        const int n = 512, layers = 192;
        var g = new TinyGraph("slow").Input("x", F32, n, n).Output("y", F32, n, n)
            .Constant("w", Enumerable.Repeat(1f / n, n * n).ToArray(), n, n);
        var previous = "x";
        for (var i = 0; i < layers; i++)
        {
            var next = i == layers - 1 ? "y" : $"h{i}";
            g.Node("MatMul", [previous, "w"], [next]);
            previous = next;
        }
        using var session = ModelSession.Load("slow", g.Build());
        using var cts = new CancellationTokenSource();
        // A dedicated thread, not a timer: the thread pool may be starved while ORT holds both cores.
        var canceller = new Thread(() => { Thread.Sleep(100); cts.Cancel(); });
        canceller.Start();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            session.Run(new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(new float[n * n], n, n) }, cts.Token));
        canceller.Join();
    }

    [Fact]
    public void Warm_up_runs_with_wildcards_set_to_one_or_to_given_sizes()
    {
        using var session = ModelSession.Load("doubler", Doubler());

        session.WarmUp();
        session.WarmUp(new Dictionary<string, long[]> { ["x"] = [4, 3] });
    }
}
