using System.Text;
using DpgMatch.Core.Listings;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace DpgMatch.Core.Matching;

/// <summary>The text of a listing that candidate retrieval reads; everything else about a listing is the ranker's business.</summary>
public sealed record ListingText(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string Description,
    IReadOnlyList<string> Sectors,
    IReadOnlyList<string> SdgEvidence)
{
    public static ListingText From(Listing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return new ListingText(
            listing.Id,
            listing.Name,
            listing.Aliases,
            listing.Description,
            listing.Sectors,
            [.. listing.Sdgs.Select(s => s.Evidence).OfType<string>()]);
    }
}

/// <summary>
/// The weight of each listing field, applied BM25F-style: every field's text goes into one indexed field,
/// repeated once per half unit of its weight, so a weight multiplies the term's count (and the listing's length)
/// before BM25 saturates it, as the baseline's <c>Bm25Index</c> does. (Lucene 4 has no index-time boosts that act
/// as weights: a field boost only skews the length norm.) Weights are multiples of 0.5; changing one means
/// building a new instance, which a rebuild does anyway.
/// </summary>
public sealed record Bm25FieldWeights(
    float Name = 3f,
    float Aliases = 2f,
    float Sectors = 2f,
    float Description = 1f,
    float SdgEvidence = 0.5f)
{
    public static Bm25FieldWeights Default { get; } = new();
}

/// <summary>
/// Candidate retrieval: a BM25 (k1 1.2, b 0.75) index over listings held in memory, queried with a need's free
/// text. The index is immutable once built; to take in changed listings (or weights) construct a new instance
/// and swap it in.
/// </summary>
/// <remarks>
/// <see cref="Search"/> and <see cref="MatchedTerms"/> are safe to call from many threads at once: the reader and
/// <see cref="IndexSearcher"/> are thread-safe and the analyzer keeps its token streams per thread. Only
/// <see cref="Dispose"/> is not: dispose an instance once no search can still be running on it (after swapping
/// in a rebuilt one, for example), or leave it to the garbage collector, since everything it holds is managed memory.
/// </remarks>
public sealed class Bm25Retriever : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string IdField = "id";
    private const string CombinedField = "text";

    /// <summary>
    /// Caps the distinct terms one need turns into, rarest kept. A need of several hundred words has a couple of
    /// hundred distinct terms after stop words, and the rarest carry nearly all of BM25's signal. The clauses
    /// are also kept within <see cref="BooleanQuery.MaxClauseCount"/> rather than raising that process-wide static.
    /// </summary>
    private const int MaxQueryTerms = 256;

    // Positions would only serve phrase queries, which a bag of need words never makes; dropping them saves memory.
    private static readonly FieldType TermsAndCounts = Frozen(new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS });

    private readonly RAMDirectory directory;
    private readonly ListingAnalyzer analyzer;
    private readonly DirectoryReader reader;
    private readonly IndexSearcher searcher;
    private readonly Bm25FieldWeights weights;
    private readonly (string Field, float Weight)[] fields;

    // Resolving ids through arrays rather than stored fields keeps a search free of per-hit document loads.
    private readonly string[] idsByDoc;
    private readonly Dictionary<string, int> docsById;
    private bool disposed;

    public Bm25Retriever(IEnumerable<ListingText> listings, Bm25FieldWeights weights)
    {
        ArgumentNullException.ThrowIfNull(listings);
        ArgumentNullException.ThrowIfNull(weights);
        Validate(weights);
        this.weights = weights;
        fields = [(CombinedField, 1f)];

        var similarity = new BM25Similarity(k1: 1.2f, b: 0.75f);
        directory = new RAMDirectory();
        analyzer = new ListingAnalyzer();
        try
        {
            var ids = new List<string>();
            docsById = new Dictionary<string, int>(StringComparer.Ordinal);
            var config = new IndexWriterConfig(Version, analyzer)
            {
                OpenMode = OpenMode.CREATE,
                Similarity = similarity,

                // Large enough that 100k listings flush as a few segments, so ForceMerge below has little to do.
                RAMBufferSizeMB = 128,
            };
            using (var writer = new IndexWriter(directory, config))
            {
                foreach (var listing in listings)
                {
                    ArgumentNullException.ThrowIfNull(listing, nameof(listings));
                    if (string.IsNullOrWhiteSpace(listing.Id))
                    {
                        throw new ArgumentException("Every listing needs an id.", nameof(listings));
                    }

                    // Doc ids follow insertion order because this writer only appends, from one thread, and
                    // merges never reorder documents; the check after opening the reader guards the count.
                    if (!docsById.TryAdd(listing.Id, ids.Count))
                    {
                        throw new ArgumentException($"Listing '{listing.Id}' appears more than once.", nameof(listings));
                    }

                    ids.Add(listing.Id);
                    writer.AddDocument(ToDocument(listing));
                }

                // One segment: every query term is looked up once instead of once per segment.
                writer.ForceMerge(1);
                writer.Commit();
            }

            idsByDoc = [.. ids];
            reader = DirectoryReader.Open(directory);
            if (reader.MaxDoc != idsByDoc.Length)
            {
                throw new InvalidOperationException("The index does not hold one document per listing.");
            }

            searcher = new IndexSearcher(reader) { Similarity = similarity };
        }
        catch
        {
            analyzer.Dispose();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Listings in the index.</summary>
    public int Count => idsByDoc.Length;

    /// <summary>
    /// The <paramref name="top"/> listings scoring highest for <paramref name="queryText"/>, best first with ranks
    /// from 1. The text is only ever words: query syntax in it means nothing. Text that analyses to no indexed
    /// term (empty, only stop words or punctuation) finds nothing. Equal scores keep the listings' given order.
    /// </summary>
    public IReadOnlyList<(string Id, float Score, int Rank)> Search(string queryText, int top)
    {
        ArgumentNullException.ThrowIfNull(queryText);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        ObjectDisposedException.ThrowIf(disposed, this);

        var terms = QueryTerms(queryText);
        if (terms.Count == 0)
        {
            return [];
        }

        var hits = searcher.Search(ToQuery(terms), Math.Min(top, idsByDoc.Length)).ScoreDocs;
        var results = new (string Id, float Score, int Rank)[hits.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            results[i] = (idsByDoc[hits[i].Doc], hits[i].Score, i + 1);
        }

        return results;
    }

    /// <summary>
    /// For each of <paramref name="ids"/>, the analysed terms of <paramref name="queryText"/> that the listing
    /// contains, most telling first (rarest; with per-field boosts, rarest in the heaviest field). Meant for the
    /// top hits' explanations: it costs one postings seek per term and field. Ids not in the index are left out.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> MatchedTerms(string queryText, IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(queryText);
        ArgumentNullException.ThrowIfNull(ids);
        ObjectDisposedException.ThrowIf(disposed, this);

        var docs = ids.Where(docsById.ContainsKey).Distinct(StringComparer.Ordinal).Select(id => docsById[id]).Order().ToArray();
        var matched = docs.ToDictionary(doc => doc, _ => new List<(string Text, float Telling)>());
        if (docs.Length > 0)
        {
            var population = reader.MaxDoc;
            foreach (var term in QueryTerms(queryText))
            {
                var best = new Dictionary<int, float>();
                foreach (var (field, weight, context) in term.Fields)
                {
                    var telling = weight * Idf(context.DocFreq, population);
                    foreach (var doc in DocsContaining(new Term(field, term.Text), docs))
                    {
                        best[doc] = Math.Max(best.GetValueOrDefault(doc), telling);
                    }
                }

                foreach (var (doc, telling) in best)
                {
                    matched[doc].Add((term.Text, telling));
                }
            }
        }

        return matched.ToDictionary(
            m => idsByDoc[m.Key],
            m => (IReadOnlyList<string>)[.. m.Value.OrderByDescending(t => t.Telling).ThenBy(t => t.Text, StringComparer.Ordinal).Select(t => t.Text)],
            StringComparer.Ordinal);
    }

    /// <summary>
    /// For each of <paramref name="ids"/>, the share of the need's analysed terms the listing contains, each term
    /// weighted by its idf, so a listing that has the need's rare words covers more than one that has its common ones.
    /// 0 when the text has no indexed term. Ids not in the index are left out.
    /// </summary>
    public IReadOnlyDictionary<string, float> Coverage(string queryText, IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(queryText);
        ArgumentNullException.ThrowIfNull(ids);
        ObjectDisposedException.ThrowIf(disposed, this);

        var docs = ids.Where(docsById.ContainsKey).Distinct(StringComparer.Ordinal).Select(id => docsById[id]).Order().ToArray();
        var covered = new float[docs.Length];
        var total = 0f;
        var population = reader.MaxDoc;
        var slot = docs.Select((doc, i) => (doc, i)).ToDictionary(x => x.doc, x => x.i);
        foreach (var term in QueryTerms(queryText))
        {
            var idf = Idf(term.MaxDocFreq, population);
            total += idf;
            foreach (var doc in term.Fields.SelectMany(f => DocsContaining(new Term(f.Field, term.Text), docs)).Distinct())
            {
                covered[slot[doc]] += idf;
            }
        }

        return docs.Select((doc, i) => (doc, i)).ToDictionary(x => idsByDoc[x.doc], x => total > 0 ? covered[x.i] / total : 0f, StringComparer.Ordinal);
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        reader.Dispose();
        directory.Dispose();
        analyzer.Dispose();
    }

    private static (string Field, float Weight)[] SourceFields(Bm25FieldWeights weights) =>
    [
        ("name", weights.Name),
        ("aliases", weights.Aliases),
        ("sectors", weights.Sectors),
        ("description", weights.Description),
        ("sdg_evidence", weights.SdgEvidence),
    ];

    private static void Validate(Bm25FieldWeights weights)
    {
        var all = SourceFields(weights);
        foreach (var (field, weight) in all)
        {
            if (!float.IsFinite(weight) || weight < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weight, $"The weight of '{field}' must be a finite number of at least 0.");
            }

            if (weight * 2 != MathF.Round(weight * 2) || weight > 50)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weight, $"The weight of '{field}' must be a multiple of 0.5, at most 50.");
            }
        }

        if (all.All(f => f.Weight == 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), "At least one field must have a positive weight.");
        }
    }

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }

    private Document ToDocument(ListingText listing)
    {
        var document = new Document { new StringField(IdField, listing.Id, Field.Store.YES) };
        // In the order of SourceFields. The lists are null-checked because deserialised records can break the annotations.
        IReadOnlyList<string?>[] values =
        [
            [listing.Name],
            listing.Aliases ?? [],
            listing.Sectors ?? [],
            [listing.Description],
            listing.SdgEvidence ?? [],
        ];
        var source = SourceFields(weights);
        for (var i = 0; i < source.Length; i++)
        {
            var (field, weight) = source[i];
            if (weight == 0)
            {
                continue;
            }

            // Nothing but the id is stored: the caller holds the listings, and stored text would double the memory.
            foreach (var value in values[i])
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                var text = Normalised(value);
                for (var copy = (int)(weight * 2); copy > 0; copy--)
                {
                    document.Add(new Field(CombinedField, text, TermsAndCounts));
                }
            }
        }

        return document;
    }

    // Composed form first, so a decomposed accent is one character that ASCII folding removes rather than a
    // stray combining mark that keeps "información" apart from "informacion".
    private static string Normalised(string text) =>
        text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    // BM25's own idf, so "most telling" in explanations agrees with how the scores were made.
    private static float Idf(int docFreq, int population) =>
        MathF.Log(1f + ((population - docFreq + 0.5f) / (docFreq + 0.5f)));

    /// <summary>
    /// Built programmatically from analysed terms, never by a query parser, so nothing in a need is syntax. One
    /// clause per term keeps the query within the clause limit.
    /// </summary>
    private static BooleanQuery ToQuery(List<QueryTerm> terms)
    {
        // No coord: BM25Similarity ignores it anyway, and saying so spares the per-document call.
        var query = new BooleanQuery(disableCoord: true);
        foreach (var term in terms.Take(BooleanQuery.MaxClauseCount))
        {
            // Repeating a word in a need raises its weight, but with diminishing returns, as in the baseline.
            var repeated = 1f + MathF.Log(term.Count);
            foreach (var (field, weight, context) in term.Fields)
            {
                query.Add(new TermQuery(new Term(field, term.Text), context) { Boost = weight * repeated }, Occur.SHOULD);
            }
        }

        return query;
    }

    /// <summary>
    /// The need's distinct analysed terms that some indexed field contains, rarest first, with how often the need
    /// says each and the term's statistics per field (looked up once here and handed to <see cref="TermQuery"/> so
    /// the searcher does not seek them again).
    /// </summary>
    private List<QueryTerm> QueryTerms(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var stream = analyzer.GetTokenStream(CombinedField, Normalised(text)))
        {
            var termAttribute = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var token = termAttribute.ToString();
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }

            stream.End();
        }

        var topContext = reader.Context;
        var terms = new List<QueryTerm>(counts.Count);
        foreach (var (token, count) in counts)
        {
            var present = new List<(string Field, float Weight, TermContext Context)>(fields.Length);
            var maxDocFreq = 0;
            foreach (var (field, weight) in fields)
            {
                var context = TermContext.Build(topContext, new Term(field, token));
                if (context.DocFreq > 0)
                {
                    present.Add((field, weight, context));
                    maxDocFreq = Math.Max(maxDocFreq, context.DocFreq);
                }
            }

            // A term no listing contains scores nothing but would still cost a clause.
            if (present.Count > 0)
            {
                terms.Add(new QueryTerm(token, count, maxDocFreq, present));
            }
        }

        return [.. terms.OrderBy(t => t.MaxDocFreq).ThenBy(t => t.Text, StringComparer.Ordinal).Take(MaxQueryTerms)];
    }

    /// <summary>Which of <paramref name="sortedDocs"/> contain <paramref name="term"/>, leaping along its postings.</summary>
    private IEnumerable<int> DocsContaining(Term term, int[] sortedDocs)
    {
        foreach (var leaf in reader.Leaves)
        {
            var postings = leaf.AtomicReader.GetTermDocsEnum(term);
            if (postings is null)
            {
                continue;
            }

            var end = leaf.DocBase + leaf.AtomicReader.MaxDoc;
            var current = -1;
            foreach (var doc in sortedDocs)
            {
                if (doc < leaf.DocBase || doc >= end)
                {
                    continue;
                }

                var local = doc - leaf.DocBase;
                if (current < local)
                {
                    current = postings.Advance(local);
                }

                if (current == DocIdSetIterator.NO_MORE_DOCS)
                {
                    break;
                }

                if (current == local)
                {
                    yield return doc;
                }
            }
        }
    }

    private sealed record QueryTerm(string Text, int Count, int MaxDocFreq, List<(string Field, float Weight, TermContext Context)> Fields);

    /// <summary>
    /// Splits on anything that is not a letter or digit, then lower case, ASCII folding, stop words, one-letter
    /// tokens and plurals: the steps of the baseline's <c>TextAnalyzer</c>, so retrieval's matched terms read like
    /// the baseline's reasons ("facility", where Porter would say "facil"). StandardTokenizer is not used because
    /// UAX#29 keeps "requirements:offline", "health.data" and "www.dhis2.org" whole, and so unmatchable. Folding
    /// lets "información" meet "informacion"; the minimal stemmer only undoes plurals, which scored better than
    /// Porter on the development needs and keeps every term a word an officer wrote.
    /// </summary>
    private sealed class ListingAnalyzer : Analyzer
    {
        // The baseline's list: English function words plus the boilerplate of needs ("we need a system using...").
        private static readonly CharArraySet StopWords = new CharArraySet(
            Version,
            new[]
            {
                "a", "about", "above", "across", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be",
                "been", "being", "both", "but", "by", "can", "could", "do", "does", "each", "either", "etc", "for",
                "from", "had", "has", "have", "how", "if", "in", "into", "is", "it", "its", "may", "more", "most",
                "must", "need", "needs", "no", "not", "of", "on", "one", "or", "other", "our", "over", "own", "per",
                "same", "shall", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then",
                "there", "these", "they", "this", "those", "through", "to", "too", "under", "up", "use", "used",
                "uses", "using", "very", "via", "was", "we", "well", "were", "what", "when", "where", "which", "while",
                "who", "whom", "why", "will", "with", "within", "would", "you", "your",
            },
            ignoreCase: false).AsReadOnly();

        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new WordTokenizer(reader);
            TokenStream sink = new LowerCaseFilter(Version, source);
            sink = new ASCIIFoldingFilter(sink);
            sink = new StopFilter(Version, sink, StopWords);
            sink = new LengthFilter(Version, sink, 2, int.MaxValue);
            sink = new EnglishMinimalStemFilter(sink);
            return new TokenStreamComponents(source, sink);
        }
    }

    private sealed class WordTokenizer(TextReader reader) : CharTokenizer(Version, reader)
    {
        // Marks stay inside a word so an accent the normaliser could not compose does not split it. A lone
        // surrogate is no code point and splits like punctuation.
        protected override bool IsTokenChar(int c) =>
            Rune.TryCreate(c, out var rune)
            && (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark);
    }
}
