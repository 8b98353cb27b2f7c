namespace DpgMatch.Core.Matching;

/// <summary>What a listing's SPDX licences allow: OSI approval, and reuse for commercial purposes.</summary>
public static class Licences
{
    // OSI-approved licences by SPDX id, with the bare ids older registry entries use for the GNU family.
    private static readonly HashSet<string> OsiApproved = new(StringComparer.OrdinalIgnoreCase)
    {
        "0BSD", "AFL-3.0", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-2.0", "APSL-2.0", "Artistic-2.0",
        "BlueOak-1.0.0", "BSD-1-Clause", "BSD-2-Clause", "BSD-2-Clause-Patent", "BSD-3-Clause", "BSL-1.0", "CAL-1.0",
        "CDDL-1.0", "CECILL-2.1", "ECL-2.0", "EFL-2.0", "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2", "GPL-2.0",
        "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0-only", "GPL-3.0-or-later", "ISC", "LGPL-2.1",
        "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0", "LGPL-3.0-only", "LGPL-3.0-or-later", "LPPL-1.3c", "MirOS",
        "MIT", "MIT-0", "MPL-1.1", "MPL-2.0", "MS-PL", "MS-RL", "MulanPSL-2.0", "NCSA", "NPOSL-3.0", "OFL-1.1",
        "OSL-3.0", "PostgreSQL", "Python-2.0", "UPL-1.0", "Unlicense", "Zlib",
    };

    /// <summary>True when the listing has a licence and every one of them is OSI approved.</summary>
    public static bool AllOsiApproved(IReadOnlyList<string> licences) => licences.Count > 0 && licences.All(OsiApproved.Contains);

    /// <summary>Non-commercial Creative Commons terms are the registry's only licences that forbid commercial reuse.</summary>
    public static bool AllowCommercialReuse(IReadOnlyList<string> licences) =>
        licences.Count > 0 && !licences.Any(l => l.Contains("-NC", StringComparison.OrdinalIgnoreCase));
}
