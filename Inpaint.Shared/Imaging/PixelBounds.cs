namespace Inpaint.Shared.Imaging;

/// <summary>A rectangle of source pixels, [X0, X1) × [Y0, Y1): the bounds of a mask or of a part of it.</summary>
public readonly record struct PixelBounds(int X0, int Y0, int X1, int Y1)
{
    public int Width => X1 - X0;

    public int Height => Y1 - Y0;

    /// <summary>The smallest rectangle holding both.</summary>
    public PixelBounds Union(PixelBounds other) => new(
        Math.Min(X0, other.X0), Math.Min(Y0, other.Y0), Math.Max(X1, other.X1), Math.Max(Y1, other.Y1));
}
