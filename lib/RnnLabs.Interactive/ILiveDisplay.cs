namespace RnnLabs.Interactive;

/// <summary>
/// Where <see cref="LiveProgress"/> draws: <see cref="Show"/> starts a new output, <see cref="Update"/> replaces the
/// latest one in place. The kernel implementation is <see cref="KernelLiveDisplay"/>; tests observe the calls.
/// </summary>
internal interface ILiveDisplay
{
    /// <summary>Shows <paramref name="html"/> as a new output of the running cell.</summary>
    void Show(string html);

    /// <summary>Replaces the output last shown with <paramref name="html"/>.</summary>
    void Update(string html);
}
