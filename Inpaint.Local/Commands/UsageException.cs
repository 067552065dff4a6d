namespace Inpaint.Local.Commands;

/// <summary>The arguments do not make a valid command (exit code 2); the message says what to pass.</summary>
sealed class UsageException(string message) : Exception(message);
