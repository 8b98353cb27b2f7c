using Microsoft.Azure.WebJobs;

namespace DpgMatch.LocalHost.Queues;

/// <summary>Indexes only the named function classes instead of scanning every loaded assembly.</summary>
public sealed class ExplicitTypeLocator(params Type[] types) : ITypeLocator
{
    public IReadOnlyList<Type> GetTypes() => types;
}
