using System.Security.Cryptography;
using System.Text;
using DpgMatch.Core.Matching;

namespace DpgMatch.Tests.Support;

/// <summary>
/// A stand-in embedder for tests about storage and flow, not about meaning: each word hashes to a direction,
/// so texts sharing words get similar unit vectors, deterministically and without loading a model.
/// </summary>
public sealed class HashingEmbedder : ITextEmbedder
{
    public int Dimensions => 64;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        texts.Select(Embed).ToArray();

    private float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in TextAnalyzer.Tokenize(text))
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(word));
            vector[hash[0] % Dimensions] += 1;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
    }
}
