namespace DpgMatch.Core.Validation;

public enum ResultKind
{
    Ok,
    Created,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    PreconditionFailed,
    PreconditionRequired,
    Unprocessable,
}

/// <summary>
/// The outcome of a use case. Expected failures are values, not exceptions, so both hosts map them to
/// the same problem details without a try/catch in every trigger.
/// </summary>
public sealed record Result<T>(ResultKind Kind, T? Value, ValidationErrors? Errors, string? Detail)
{
    public bool Succeeded => Kind is ResultKind.Ok or ResultKind.Created;

    public static Result<T> Ok(T value) => new(ResultKind.Ok, value, null, null);

    public static Result<T> Created(T value) => new(ResultKind.Created, value, null, null);

    public static Result<T> Invalid(ValidationErrors errors) => new(ResultKind.Invalid, default, errors, null);

    public static Result<T> NotFound() => new(ResultKind.NotFound, default, null, null);

    public static Result<T> Forbidden(string detail) => new(ResultKind.Forbidden, default, null, detail);

    public static Result<T> Conflict(string detail) => new(ResultKind.Conflict, default, null, detail);

    public static Result<T> PreconditionFailed(string detail) => new(ResultKind.PreconditionFailed, default, null, detail);

    public static Result<T> PreconditionRequired(string detail) => new(ResultKind.PreconditionRequired, default, null, detail);

    public static Result<T> Unprocessable(string detail) => new(ResultKind.Unprocessable, default, null, detail);
}
