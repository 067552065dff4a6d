namespace Inpaint.Local.Client;

/// <summary>A client operation could not finish; <see cref="Exception.Message"/> is the one line printed to the user.</summary>
public class ApiClientException(string message, Exception? inner = null) : Exception(message, inner);
