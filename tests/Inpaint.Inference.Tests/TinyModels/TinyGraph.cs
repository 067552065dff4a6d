using Google.Protobuf;
using Onnx;

namespace Inpaint.Inference.Tests.TinyModels;

/// <summary>
/// Builds small real ONNX models in memory (OnnxSharp's protobuf <see cref="ModelProto"/> types), with the
/// input/output names, element types and shapes of the public exports. Dimensions are given as ints (fixed)
/// or strings (symbolic, read by ORT as -1).
/// </summary>
public sealed class TinyGraph
{
    public const TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;
    public const TensorProto.Types.DataType F16 = TensorProto.Types.DataType.Float16;
    public const TensorProto.Types.DataType BF16 = TensorProto.Types.DataType.Bfloat16;
    public const TensorProto.Types.DataType I64 = TensorProto.Types.DataType.Int64;
    public const TensorProto.Types.DataType I32 = TensorProto.Types.DataType.Int32;
    public const TensorProto.Types.DataType U8 = TensorProto.Types.DataType.Uint8;

    private readonly GraphProto _graph;
    private int _nodes;

    public TinyGraph(string name) => _graph = new GraphProto { Name = name };

    public TinyGraph Input(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        _graph.Input.Add(ValueInfo(name, type, dims));
        return this;
    }

    public TinyGraph Output(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        _graph.Output.Add(ValueInfo(name, type, dims));
        return this;
    }

    public TinyGraph Node(string op, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{_nodes++}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (name, value) in attributes)
            node.Attribute.Add(Attribute(name, value));
        _graph.Node.Add(node);
        return this;
    }

    /// <summary>A float constant (weights, means, scales).</summary>
    public TinyGraph Constant(string name, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)F32 };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        _graph.Initializer.Add(t);
        return this;
    }

    /// <summary>An int64 constant (shapes, axes, indices).</summary>
    public TinyGraph Constant(string name, long[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)I64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        return this;
    }

    public byte[] Build(int opset = 17)
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "Inpaint.Inference.Tests",
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model.ToByteArray();
    }

    public string Save(string path)
    {
        File.WriteAllBytes(path, Build());
        return path;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d switch
            {
                int i => new TensorShapeProto.Types.Dimension { DimValue = i },
                long l => new TensorShapeProto.Types.Dimension { DimValue = l },
                string s => new TensorShapeProto.Types.Dimension { DimParam = s },
                _ => throw new ArgumentException($"Dimension {d} must be an int or a symbolic name."),
            });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static AttributeProto Attribute(string name, object value) => value switch
    {
        int i => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = i },
        long l => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = l },
        float f => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = f },
        string s => new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(s) },
        long[] ls => Ints(name, ls),
        int[] ints => Ints(name, Array.ConvertAll(ints, x => (long)x)),
        _ => throw new ArgumentException($"Attribute {name} has an unsupported value type {value.GetType()}."),
    };

    private static AttributeProto Ints(string name, long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }
}
