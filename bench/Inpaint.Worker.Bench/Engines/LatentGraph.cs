using Google.Protobuf;
using Onnx;

namespace Inpaint.Worker.Bench.Engines;

/// <summary>
/// The bench engine's model, built in memory: one denoising step <c>next = tanh(latent · W + noise)</c> on a
/// [batch, K] latent with a dense K×K weight. Like a diffusion step on a GPU at small batch, its cost is
/// dominated by reading the weights, which a batch reads once for all its samples.
/// </summary>
public static class LatentGraph
{
    public const string Latent = "latent";
    public const string Noise = "noise";
    public const string Next = "next";

    public static byte[] Build(int k, int seed)
    {
        var graph = new GraphProto { Name = "latent-step" };
        graph.Input.Add(Value(Latent, k));
        graph.Input.Add(Value(Noise, k));
        graph.Output.Add(Value(Next, k));

        var random = new Random(seed);
        var scale = 1.5f / MathF.Sqrt(k);
        var weights = new TensorProto { Name = "W", DataType = (int)TensorProto.Types.DataType.Float };
        weights.Dims.AddRange([k, k]);
        weights.FloatData.AddRange(Enumerable.Range(0, k * k).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale));
        graph.Initializer.Add(weights);

        graph.Node.Add(Node("MatMul", [Latent, "W"], ["h"]));
        graph.Node.Add(Node("Add", ["h", Noise], ["a"]));
        graph.Node.Add(Node("Tanh", ["a"], [Next]));

        var model = new ModelProto { IrVersion = 8, ProducerName = "Inpaint.Worker.Bench", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op, Name = op };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    private static ValueInfoProto Value(string name, int k)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = k });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
