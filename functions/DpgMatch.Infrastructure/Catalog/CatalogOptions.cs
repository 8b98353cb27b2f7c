namespace DpgMatch.Infrastructure.Catalog;

public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>Import the bundled DPG registry when the host starts. Unchanged listings are not rewritten.</summary>
    public bool ImportOnStart { get; set; } = true;

    /// <summary>The registry folder; by default the snapshot bundled next to the app.</summary>
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "dpg-registry");
}
