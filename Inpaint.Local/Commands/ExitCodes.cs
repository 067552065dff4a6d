namespace Inpaint.Local.Commands;

/// <summary>
/// What <c>inpaint</c> returns (README "Exit codes" and <c>inpaint --help</c> list the same):
/// 0 done; 1 an error (the server unreachable or failing, a file missing); 2 usage (bad or missing arguments);
/// 3 a task ended failed or cancelled; 4 the API refused the request (key, arguments, credits, not found,
/// already final); 130 interrupted.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Usage = 2;
    public const int TaskFailed = 3;
    public const int Refused = 4;
    public const int Interrupted = 130;

    public const string Help = "Exit codes: 0 done, 1 error, 2 usage, 3 a task failed or was cancelled, 4 the API refused the request (key, arguments, credits, not found, final), 130 interrupted.";
}
