using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;

namespace RnnLabs.Interactive;

/// <summary>
/// <see cref="ILiveDisplay"/> on the .NET Interactive kernel: <see cref="KernelOutput.Display"/> once, then
/// <see cref="DisplayedValue.Update"/>, which the kernel sends as an update of that same output (Jupyter's
/// update_display_data with the same display id). The HTML goes as <see cref="HtmlString"/> so the formatter
/// writes it unescaped.
/// </summary>
internal sealed class KernelLiveDisplay : ILiveDisplay
{
    private DisplayedValue? _current;

    /// <inheritdoc/>
    public void Show(string html) => _current = KernelOutput.Display(new HtmlString(html), NotebookFormatters.HtmlMimeType);

    /// <inheritdoc/>
    public void Update(string html)
    {
        if (_current is null)
        {
            Show(html);
            return;
        }

        _current.Update(new HtmlString(html));
    }
}
