namespace Inpaint.Local.Demo;

/// <summary>The demo could not finish; <see cref="Exception.Message"/> is the one line printed to the user.</summary>
public sealed class DemoException(string message, Exception? inner = null) : Exception(message, inner);
