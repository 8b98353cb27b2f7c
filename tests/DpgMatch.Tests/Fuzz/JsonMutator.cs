using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DpgMatch.Tests.Fuzz;

/// <summary>
/// Mutates a valid JSON document the way broken clients and hostile senders do: fields dropped, repeated,
/// renamed or given another type; odd strings and numbers; deep nesting; long arrays; and, after
/// serialisation, damage to the raw bytes. Everything comes from the given Random, so a case is reproducible.
/// </summary>
/// <remarks>
/// Some outputs cannot be held by a <see cref="JsonNode"/> (duplicate keys, lone surrogate escapes, numbers
/// such as 1e309): they are placed as unique tokens and substituted into the serialised text.
/// </remarks>
public sealed class JsonMutator(Random random, IReadOnlyList<string> fieldNames)
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    private static readonly string[] Strings =
    [
        "", " ", " \t ", "\n", "x", "Café ñandú", "e\u0301", "Ǆ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "🧪🇰🇪", "\u202Eevil", "\u200B", "\uFEFF", "\uFFFF", "\uFFFE",
        "ﬃ", "İstanbul", "ß", "中文采购", "հաշվապահական ծրագիր", "\u0085", "\u2028", "\0", "a\0b", "\u0007", "\u001b[31m", "\u007f",
        "\u009f", "line1\r\nline2", "tab\there", "o@example.org", "a@b", "a@example", " o@example.org ", "o@example.org\n",
        "A <a@example.org>", "a@example.org, b@example.org", "a@@example.org", "en", "pt-BR", "x-", "english!", "EN", "USD", "usd",
        "US", "€€€", "2024-02-30", "2024-13-01", "0001-01-01", "9999-12-31", "2024-01-01T00:00:00Z", "1999-12-31", "2100-12-31",
        "2101-01-01", "2017-08-18", "software", "SOFTWARE", "aimodel", "data", "MIT", "mit", "DPG", "nominee", "archive", "winner",
        "owner", "buyer", "procuringEntity", "CPV", "1e308", "NaN", "-1", "0", "17", "null", "true", "{}", "[]", "ocds-abc-123",
        "https://example.org", "javascript:alert(1)", "<script>alert(1)</script>", "'; DROP TABLE Needs;--", "../../etc/passwd",
        "%00", "\\", "\"", "/", "#", "?", "|", "{{title}}",
    ];

    private static readonly string[] Pieces = ["a", "é", " ", "😀", "\t", "ab ", "\n"];

    private static readonly int[] Lengths = [19, 20, 35, 36, 100, 101, 199, 200, 201, 254, 255, 300, 301, 1024, 8000, 8001, 10_000, 10_001, 40_000];

    // Escapes and numbers that only exist as JSON text.
    private static readonly string[] RawStrings =
    [
        "\"\\ud800\"", "\"\\udfff\"", "\"x\\ud800y\"", "\"\\ud83e\\uddea\"", "\"\\udc00\\ud800\"", "\"\\u0000\"", "\"\\/\"", "\"\\x41\"",
        "\"\\u12\"", "\"\\uzzzz\"", "'single'", "\"unterminated",
    ];

    private static readonly string[] RawNumbers =
    [
        "0", "-0", "1", "-1", "3", "17", "18", "4.0", "4e0", "40e-1", "1.5", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "18446744073709551616", "79228162514264337593543950335",
        "79228162514264337593543950336", "1e308", "-1e308", "1e309", "1e-400", "0.1", "1000000000000", "1000000000000.5",
        "1E+2", "00", "01", "+1", ".5", "5.", "NaN", "Infinity", "-Infinity", "0x10",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    private readonly Dictionary<string, string> raw = new(StringComparer.Ordinal);
    private readonly List<string> applied = [];

    /// <summary>What was done, in order, for a failure message.</summary>
    public IReadOnlyList<string> Applied => applied;

    public string Describe() => applied.Count == 0 ? "unmutated" : string.Join("; ", applied);

    /// <summary>A mutated copy of <paramref name="document"/>, serialised, with its raw bytes damaged when asked.</summary>
    public byte[] Mutate(JsonNode? document, int structural, bool damageBytes)
    {
        var root = document?.DeepClone();
        for (var i = 0; i < structural; i++)
        {
            root = MutateOnce(root);
        }

        var text = root is null ? "null" : root.ToJsonString(random.Next(4) == 0 ? Indented : Compact);
        foreach (var (token, value) in raw)
        {
            text = text.Replace($"\"{token}\"", value, StringComparison.Ordinal);
        }

        raw.Clear();
        var bytes = Encoding.UTF8.GetBytes(text);
        return damageBytes ? DamageBytes(bytes) : bytes;
    }

    /// <summary>Damage at the byte level: what a cut connection, a bad proxy or a wrong encoding does.</summary>
    public byte[] DamageBytes(byte[] bytes)
    {
        var list = bytes.ToList();
        switch (random.Next(12))
        {
            case 0:
                var cut = random.Next(list.Count + 1);
                applied.Add($"bytes cut at {cut}");
                return [.. list.Take(cut)];
            case 1:
                var flips = random.Next(1, 9);
                for (var i = 0; i < flips && list.Count > 0; i++)
                {
                    var at = random.Next(list.Count);
                    list[at] ^= (byte)random.Next(1, 256);
                }

                applied.Add($"{flips} bytes flipped");
                return [.. list];
            case 2:
                var invalid = InvalidUtf8[random.Next(InvalidUtf8.Length)];
                var into = InsideString(list);
                list.InsertRange(into, invalid);
                applied.Add($"invalid UTF-8 {Convert.ToHexString(invalid)} at {into}");
                return [.. list];
            case 3:
                var control = (byte)random.Next(0, 32);
                var at3 = InsideString(list);
                list.Insert(at3, control);
                applied.Add($"raw control byte {control:x2} at {at3}");
                return [.. list];
            case 4:
                applied.Add("byte order mark");
                return [0xEF, 0xBB, 0xBF, .. list];
            case 5:
                var tail = new[] { " x", "}", ",", "\0", "{}", "]", "\n\n" }[random.Next(7)];
                applied.Add($"trailing {JsonSerializer.Serialize(tail)}");
                return [.. list, .. Encoding.UTF8.GetBytes(tail)];
            case 6:
                var last = list.LastIndexOf((byte)'}');
                if (last > 0)
                {
                    list.Insert(last, (byte)',');
                }

                applied.Add("trailing comma");
                return [.. list];
            case 7:
                var first = list.IndexOf((byte)'{');
                list.InsertRange(first + 1, "/* comment */"u8.ToArray());
                applied.Add("comment");
                return [.. list];
            case 8:
                var whole = new[] { "", " ", "null", "[]", "\"\"", "0", "{", "\uFEFF" }[random.Next(8)];
                applied.Add($"body replaced by {JsonSerializer.Serialize(whole)}");
                return Encoding.UTF8.GetBytes(whole);
            case 9:
                applied.Add("encoded as UTF-16");
                return Encoding.Unicode.GetBytes(Encoding.UTF8.GetString([.. list]));
            case 10:
                applied.Add("single quotes");
                return [.. list.Select(b => b == (byte)'"' ? (byte)'\'' : b)];
            default:
                var nul = random.Next(list.Count + 1);
                list.Insert(nul, 0);
                applied.Add($"NUL byte at {nul}");
                return [.. list];
        }
    }

    public string WeirdString()
    {
        return random.Next(6) switch
        {
            0 => Repeat(Pieces[random.Next(Pieces.Length)], Lengths[random.Next(Lengths.Length)]),
            1 => Strings[random.Next(Strings.Length)] + Strings[random.Next(Strings.Length)],
            _ => Strings[random.Next(Strings.Length)],
        };
    }

    // Whole pieces only, so that a surrogate pair is never split into lone halves.
    private static string Repeat(string piece, int length) =>
        string.Concat(Enumerable.Repeat(piece, Math.Max(1, length / piece.Length)));

    private JsonNode? MutateOnce(JsonNode? root)
    {
        var slots = Slots(root);
        var slot = random.Next(2) == 0 ? slots[random.Next(slots.Count)] : Walk(root);
        var where = slot.Path;
        switch (random.Next(15))
        {
            case 0:
            case 1:
                if (slot.Parent is JsonObject dropFrom)
                {
                    dropFrom.Remove(slot.Key!);
                    applied.Add($"dropped {where}");
                    return root;
                }

                if (slot.Parent is JsonArray dropFromArray)
                {
                    dropFromArray.RemoveAt(slot.Index);
                    applied.Add($"dropped {where}");
                    return root;
                }

                break;
            case 2:
                if (slot.Parent is JsonObject duplicateIn)
                {
                    var token = Token(JsonSerializer.Serialize(slot.Key));
                    duplicateIn[token] = random.Next(2) == 0 ? slot.Node?.DeepClone() : RandomValue(2);
                    applied.Add($"duplicated key {where}");
                    return root;
                }

                if (slot.Parent is JsonArray duplicateInArray)
                {
                    duplicateInArray.Insert(slot.Index, slot.Node?.DeepClone());
                    applied.Add($"duplicated element {where}");
                    return root;
                }

                break;
            case 3:
                if (slot.Parent is JsonObject renameIn)
                {
                    var name = NewName(slot.Key!);
                    Rename(renameIn, slot.Key!, name);
                    applied.Add($"renamed {where} to {JsonSerializer.Serialize(name)}");
                    return root;
                }

                break;
            case 4:
            case 5:
                applied.Add($"type of {where} swapped");
                return Replace(root, slot, RandomValue(2, except: slot.Node?.GetValueKind()));
            case 6:
            case 7:
                var text = WeirdString();
                applied.Add($"{where} = string of {text.Length}");
                return Replace(root, slot, text);
            case 8:
                var number = RawNumbers[random.Next(RawNumbers.Length)];
                applied.Add($"{where} = {number}");
                return Replace(root, slot, JsonValue.Create(Token(number)));
            case 9:
                var rawString = RawStrings[random.Next(RawStrings.Length)];
                applied.Add($"{where} = {rawString}");
                return Replace(root, slot, JsonValue.Create(Token(rawString)));
            case 10:
                var depth = new[] { 10, 63, 64, 65, 200, 5_000 }[random.Next(6)];
                applied.Add($"{where} nested {depth} deep");
                return Replace(root, slot, JsonValue.Create(Token(Nested(depth))));
            case 11:
                var length = new[] { 0, 18, 26, 100, 201, 1_000, 20_000 }[random.Next(7)];
                applied.Add($"{where} = array of {length}");
                return Replace(root, slot, JsonValue.Create(Token(LongArray(length, slot.Node))));
            case 12:
                var target = slots.Select(s => s.Node).OfType<JsonObject>().ToList();
                if (target.Count > 0)
                {
                    var field = random.Next(3) == 0 ? WeirdString() : fieldNames[random.Next(fieldNames.Count)];
                    var inObject = target[random.Next(target.Count)];
                    if (!inObject.ContainsKey(field))
                    {
                        inObject[field] = RandomValue(2);
                        applied.Add($"added {JsonSerializer.Serialize(field)} to {Path(inObject)}");
                        return root;
                    }
                }

                break;
            case 13:
                // The same number written another way: JSON says 4, 4.0 and 4e0 are one value, parsers disagree.
                var numbers = slots.Where(s => s.Node is JsonValue v && v.GetValueKind() == JsonValueKind.Number).ToList();
                if (numbers.Count > 0)
                {
                    var pick = numbers[random.Next(numbers.Count)];
                    var written = pick.Node!.ToJsonString();
                    var respelt = new[] { written + ".0", written + "e0", written + "0e-1", written + ".000000000000000000001", $"\"{written}\"" }[random.Next(5)];
                    applied.Add($"{pick.Path} respelt {respelt}");
                    return Replace(root, pick, JsonValue.Create(Token(respelt)));
                }

                break;
            default:
                if (slot.Node is JsonArray or JsonObject)
                {
                    applied.Add($"{where} emptied");
                    return Replace(root, slot, slot.Node is JsonArray ? new JsonArray() : new JsonObject());
                }

                break;
        }

        applied.Add($"{where} = null");
        return Replace(root, slot, null);
    }

    private JsonNode? RandomValue(int depth, JsonValueKind? except = null)
    {
        while (true)
        {
            var (kind, value) = random.Next(depth > 0 ? 8 : 6) switch
            {
                0 => (JsonValueKind.Null, null),
                1 => (JsonValueKind.True, JsonValue.Create(random.Next(2) == 0)),
                2 => (JsonValueKind.Number, JsonValue.Create(Token(RawNumbers[random.Next(RawNumbers.Length)]))),
                3 => (JsonValueKind.Number, JsonValue.Create(random.Next(-2, 20))),
                4 or 5 => (JsonValueKind.String, JsonValue.Create(WeirdString())),
                6 => (JsonValueKind.Array, new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(depth - 1))])),
                _ => (JsonValueKind.Object, (JsonNode?)new JsonObject { [fieldNames[random.Next(fieldNames.Count)]] = RandomValue(depth - 1) }),
            };
            var comparable = kind == JsonValueKind.True ? JsonValueKind.False : kind;
            if (except is null || (comparable != except && kind != except))
            {
                return value;
            }
        }
    }

    private string NewName(string name) => random.Next(9) switch
    {
        8 => Token(RawStrings[random.Next(5)]), // a name that is an escaped lone surrogate
        0 => name.ToUpperInvariant(),
        1 => char.ToUpperInvariant(name[0]) + name[1..],
        2 => name + "s",
        3 => "",
        4 => name.Replace('i', 'і'), // a Cyrillic letter that looks Latin
        5 => name + "\u0000",
        6 => string.Concat(name.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString())),
        _ => fieldNames[random.Next(fieldNames.Count)],
    };

    private string Nested(int depth) => random.Next(2) == 0
        ? new string('[', depth) + "1" + new string(']', depth)
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private string LongArray(int length, JsonNode? like)
    {
        var element = random.Next(3) switch
        {
            0 => like?.ToJsonString(Compact) ?? "null",
            1 => random.Next(1, 18).ToString(CultureInfo.InvariantCulture),
            _ => JsonSerializer.Serialize(WeirdString(), Compact),
        };
        if (element.Length * (long)length > 2_000_000)
        {
            element = "1";
        }

        return "[" + string.Join(',', Enumerable.Repeat(element, length)) + "]";
    }

    private string Token(string rawText)
    {
        var token = $"@@fuzz-{raw.Count}-{random.Next():x8}@@";
        raw[token] = rawText;
        return token;
    }

    // A position just inside a string value, where decoding and control-character rules apply.
    private int InsideString(List<byte> bytes)
    {
        var quotes = bytes.Select((b, i) => (b, i)).Where(x => x.b == (byte)'"').Select(x => x.i + 1).ToList();
        return quotes.Count == 0 ? random.Next(bytes.Count + 1) : quotes[random.Next(quotes.Count)];
    }

    private static JsonNode? Replace(JsonNode? root, Slot slot, JsonNode? value)
    {
        switch (slot.Parent)
        {
            case null:
                return value;
            case JsonObject obj:
                obj[slot.Key!] = value;
                return root;
            case JsonArray array:
                array[slot.Index] = value;
                return root;
            default:
                return root;
        }
    }

    private static void Rename(JsonObject obj, string from, string to)
    {
        var properties = obj.ToList();
        obj.Clear();
        foreach (var (key, value) in properties)
        {
            var name = key == from ? to : key;
            if (!obj.ContainsKey(name))
            {
                obj[name] = value;
            }
        }
    }

    private static string Path(JsonNode? node) => node?.GetPath() ?? "$";

    /// <summary>Every place in the document a value sits, the root included.</summary>
    private static List<Slot> Slots(JsonNode? root)
    {
        var slots = new List<Slot> { new(root, null, null, -1, "$") };
        var pending = new Stack<JsonNode>();
        if (root is not null)
        {
            pending.Push(root);
        }

        while (pending.Count > 0)
        {
            var node = pending.Pop();
            foreach (var child in Children(node))
            {
                slots.Add(child);
                if (child.Node is JsonObject or JsonArray)
                {
                    pending.Push(child.Node);
                }
            }
        }

        return slots;
    }

    private static List<Slot> Children(JsonNode node) => node switch
    {
        JsonObject obj => obj.Select(p => new Slot(p.Value, obj, p.Key, -1, $"{obj.GetPath()}.{p.Key}")).ToList(),
        JsonArray array => array.Select((v, i) => new Slot(v, array, null, i, $"{array.GetPath()}[{i}]")).ToList(),
        _ => [],
    };

    /// <summary>A random walk from the root: shallow places are picked more often than a uniform pick would.</summary>
    private Slot Walk(JsonNode? root)
    {
        var slot = new Slot(root, null, null, -1, "$");
        while (slot.Node is JsonObject or JsonArray && random.Next(3) != 0)
        {
            var children = Children(slot.Node);
            if (children.Count == 0)
            {
                break;
            }

            slot = children[random.Next(children.Count)];
        }

        return slot;
    }

    private sealed record Slot(JsonNode? Node, JsonNode? Parent, string? Key, int Index, string Path);
}
