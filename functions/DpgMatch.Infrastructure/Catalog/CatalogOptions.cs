namespace DpgMatch.Infrastructure.Catalog;

public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>Import the bundled DPG registry when the host starts. Unchanged listings are not rewritten.</summary>
    public bool ImportOnStart { get; set; } = true;

    /// <summary>The registry folder; empty for the snapshot bundled next to the app.</summary>
    public string? Directory { get; set; }

    public string ResolvedDirectory =>
        string.IsNullOrWhiteSpace(Directory) ? Path.Combine(AppContext.BaseDirectory, "data", "dpg-registry") : Directory;
}
