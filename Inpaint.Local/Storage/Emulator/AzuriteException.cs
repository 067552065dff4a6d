namespace Inpaint.Local.Storage.Emulator;

/// <summary>The embedded Azurite could not be installed or started; the message says what to do.</summary>
public sealed class AzuriteException(string message, Exception? inner = null) : Exception(message, inner);
