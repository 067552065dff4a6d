namespace Inpaint.Inference.Regions;

/// <summary>A detection in image pixels (x1, y1)–(x2, y2), with its score in [0, 1].</summary>
public readonly record struct DetectedBox(float X1, float Y1, float X2, float Y2, float Score);
