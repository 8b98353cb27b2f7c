namespace DpgMatch.Core.Listings;

public static class ListingSources
{
    /// <summary>Imported from the DPG registry; changed only by re-importing it.</summary>
    public const string Registry = "dpg-registry";

    /// <summary>Created through the API by a maintainer, who may change it.</summary>
    public const string Maintainer = "maintainer";
}
