using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DpgMatch.Core.Feedback;

namespace DpgMatch.Core.Ranking;

/// <summary>What a retrain trains on, and the two sets it is judged on.</summary>
public sealed record RetrainingSet(
    IReadOnlyList<TrainingGroup> Training,
    IReadOnlyList<TrainingGroup> Benchmark,
    IReadOnlyList<TrainingGroup> FeedbackHeldOut,
    TrainingCounts Counts);

/// <summary>
/// Puts the cold-start groups and the feedback together and splits off what is held out. Both splits hash a
/// stable key rather than drawing from the training seed, so a retrain with another seed, or a later one on a
/// grown catalogue, holds out the same needs, and the active model was never trained on the sets it is judged on.
/// </summary>
public static class RetrainingData
{
    public const int HeldOutPercent = 20;

    public const string FeedbackKeyPrefix = "feedback:";

    public static RetrainingSet Assemble(IReadOnlyList<TrainingGroup> coldStart, IReadOnlyList<FeedbackRecord> feedback)
    {
        var benchmark = new List<TrainingGroup>();
        var training = new List<TrainingGroup>();
        foreach (var group in coldStart)
        {
            // Both synthetic needs of a DPG target the same listing: they go to the same side, or the benchmark would leak.
            (IsHeldOut(ColdStartSource(group.Key)) ? benchmark : training).Add(group);
        }

        var (groups, withoutFeatures, otherSchema) = FeedbackGroups(feedback);
        var heldOut = new List<TrainingGroup>();
        foreach (var group in groups)
        {
            (IsHeldOut(group.Key[FeedbackKeyPrefix.Length..]) ? heldOut : training).Add(group);
        }

        var counts = new TrainingCounts(
            ColdStartGroups: coldStart.Count,
            BenchmarkGroups: benchmark.Count(Evaluable),
            FeedbackRows: feedback.Count,
            FeedbackRowsWithoutFeatures: withoutFeatures,
            FeedbackRowsOtherSchema: otherSchema,
            FeedbackGroups: groups.Count,
            FeedbackHeldOutGroups: heldOut.Count(Evaluable),
            TrainingGroups: training.Count,
            TrainingRows: training.Sum(g => g.Grades.Count));
        return new RetrainingSet(training, [.. benchmark.Where(Evaluable)], [.. heldOut.Where(Evaluable)], counts);
    }

    /// <summary>
    /// One group per need, one row per judged listing. When both sides judged a match, the officer's verdict counts:
    /// the buyer decides whether a DPG fits. Rows whose vector is missing (the baseline scored the match) or comes from
    /// another feature schema are left out and counted.
    /// </summary>
    public static (IReadOnlyList<TrainingGroup> Groups, int WithoutFeatures, int OtherSchema) FeedbackGroups(IReadOnlyList<FeedbackRecord> feedback)
    {
        var withoutFeatures = 0;
        var otherSchema = 0;
        var usable = new List<FeedbackRecord>();
        foreach (var row in feedback)
        {
            if (row.Features is not { Count: > 0 })
            {
                withoutFeatures++;
            }
            else if (!MatchesSchema(row))
            {
                otherSchema++;
            }
            else
            {
                usable.Add(row);
            }
        }

        var groups = usable
            .GroupBy(r => r.NeedId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(need =>
            {
                var rows = need
                    .GroupBy(r => r.ListingId, StringComparer.Ordinal)
                    .OrderBy(l => l.Key, StringComparer.Ordinal)
                    .Select(l => l.FirstOrDefault(r => r.Actor == "officer") ?? l.First())
                    .ToArray();
                return new TrainingGroup(FeedbackKeyPrefix + need.Key, rows.Select(r => r.Features!.ToArray()).ToArray(), rows.Select(r => r.Grade).ToArray());
            })
            .ToArray();
        return (groups, withoutFeatures, otherSchema);
    }

    /// <summary>
    /// The needs whose officer contacted or adopted a listing, with those listings: the served needs feedback adds to
    /// the written ones. Ids are prefixed like feedback groups', so they never collide with a written need's.
    /// </summary>
    public static IReadOnlyList<(string Id, string Text, IReadOnlyList<string> Listings)> ServedFromFeedback(IReadOnlyList<FeedbackRecord> feedback) =>
        [.. feedback
            .Where(r => r.Actor == "officer" && r.Grade >= ServedNeeds.MinimumGrade && !string.IsNullOrWhiteSpace(r.NeedText))
            .GroupBy(r => r.NeedId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (FeedbackKeyPrefix + g.Key, g.OrderByDescending(r => r.At).First().NeedText!, (IReadOnlyList<string>)[.. g.Select(r => r.ListingId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))];

    /// <summary>Rows recorded before the schema hash was kept have only their length to go by.</summary>
    public static bool MatchesSchema(FeedbackRecord row) =>
        row.Features is { } features
        && features.Count == Features.Count
        && (row.FeatureSchema is null || string.Equals(row.FeatureSchema, Features.SchemaHash, StringComparison.Ordinal));

    /// <summary>A group says something about ranking only when its candidates do not all have the same grade.</summary>
    public static bool Evaluable(TrainingGroup group) => group.Grades.Distinct().Skip(1).Any();

    public static bool IsHeldOut(string key) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key))) % 100 < HeldOutPercent;

    /// <summary>Cold-start group keys are <c>{slug}#{n}</c>; the slug is the DPG the need was written from.</summary>
    public static string ColdStartSource(string key) => key.Split('#')[0];
}
