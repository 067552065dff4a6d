using Inpaint.Shared.Contracts;

namespace Inpaint.Shared.Tasks;

/// <summary>
/// A delivered sample as stored in the task row: blob names in the <c>tasks</c> container; links are made
/// fresh, read-only and short-lived, each time the task is read. <see cref="WorkWidth"/> × <see cref="WorkHeight"/>
/// is the size of the mask and preview (the working crop); 0 on rows written before it was recorded, as
/// <see cref="Crop"/> (where the crop lies in the source) is null. A region in parts far apart has a crop per
/// part (<see cref="Crops"/>, part 0 first: <see cref="Crop"/>, <see cref="MaskBlob"/> and <see cref="PreviewBlob"/>
/// are part 0's; part k's are named with k, <see cref="Orchestration.TaskBlobNames"/>); null on older rows.
/// </summary>
public sealed record StoredSample(
    int Index,
    string OutputBlob,
    string MaskBlob,
    string PreviewBlob,
    int Width,
    int Height,
    string MimeType,
    long Seed,
    string Engine,
    string Model,
    IReadOnlyDictionary<string, double>? Controls = null,
    string? Warning = null,
    int WorkWidth = 0,
    int WorkHeight = 0,
    CropArea? Crop = null,
    IReadOnlyList<CropArea>? Crops = null);
