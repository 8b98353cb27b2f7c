using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Data.Tables;

namespace DpgMatch.Infrastructure.Storage;

/// <summary>
/// Reads and writes JSON-valued columns. A string property holds at most 64 KiB (32K UTF-16 characters), so
/// long documents are split over numbered columns and joined again on read.
/// </summary>
internal static class JsonColumns
{
    private const int MaxChars = 30_000;

    public static void Write<T>(TableEntity entity, string name, T value, JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.Serialize(value, type);
        if (json.Length <= MaxChars)
        {
            entity[name] = json;
            return;
        }

        var parts = (json.Length + MaxChars - 1) / MaxChars;
        entity[name + "Parts"] = parts;
        for (var i = 0; i < parts; i++)
        {
            entity[$"{name}{i}"] = json.Substring(i * MaxChars, Math.Min(MaxChars, json.Length - (i * MaxChars)));
        }
    }

    public static T Read<T>(TableEntity entity, string name, JsonTypeInfo<T> type)
    {
        string json;
        if (entity.GetInt32(name + "Parts") is { } parts)
        {
            json = string.Concat(Enumerable.Range(0, parts).Select(i => entity.GetString($"{name}{i}")));
        }
        else
        {
            json = entity.GetString(name) ?? throw new InvalidDataException($"Entity '{entity.RowKey}' has no column '{name}'.");
        }

        return JsonSerializer.Deserialize(json, type) ?? throw new InvalidDataException($"Column '{name}' of '{entity.RowKey}' is null.");
    }
}
