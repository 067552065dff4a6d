namespace Inpaint.Local.Demo;

/// <summary>A client operation could not finish; <see cref="Exception.Message"/> is the one line printed to the user.</summary>
public class DemoException(string message, Exception? inner = null) : Exception(message, inner);
