using DpgMatch.Core.Needs;

namespace DpgMatch.Tests.Unit;

public sealed class NeedValidatorTests
{
    private static readonly NeedInput Valid = new(
        "Routine health data reporting", "Facilities report monthly aggregate statistics to the ministry.", "Health",
        [3], "Kenya", ["must support offline data entry"], "national ministry", "officer@example.org");

    [Fact]
    public void A_complete_need_is_valid() => Assert.False(NeedValidator.Validate(Valid).Any);

    [Fact]
    public void Only_title_description_and_contact_are_required()
    {
        var minimal = new NeedInput("A title", "A description long enough to say something.", null, null, null, null, null, "a@example.org");
        Assert.False(NeedValidator.Validate(minimal).Any);
    }

    [Fact]
    public void Each_missing_or_bad_field_is_named()
    {
        var errors = NeedValidator.Validate(new NeedInput(" ", null, null, [0, 3, 3, 18], null, [""], null, "not an email")).ToDictionary();
        Assert.Equal(["constraints[0]", "contactEmail", "description", "sdgs", "title"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, errors["sdgs"].Length);
    }

    [Theory]
    [InlineData("officer@example.org", true)]
    [InlineData("Officer <officer@example.org>", false)]
    [InlineData("a@b", false)]
    [InlineData("a@example.org, b@example.org", false)]
    [InlineData("no-at-sign.example.org", false)]
    public void The_contact_must_be_one_bare_address(string email, bool valid) =>
        Assert.Equal(!valid, NeedValidator.Validate(Valid with { ContactEmail = email }).ToDictionary().ContainsKey("contactEmail"));

    [Fact]
    public void Oversized_and_multi_line_titles_are_refused()
    {
        Assert.True(NeedValidator.Validate(Valid with { Title = new string('x', NeedValidator.MaxTitle + 1) }).Any);
        Assert.True(NeedValidator.Validate(Valid with { Title = "Line one\nBcc: someone" }).Any);
        Assert.True(NeedValidator.Validate(Valid with { Constraints = Enumerable.Repeat("c", NeedValidator.MaxConstraints + 1).ToArray() }).Any);
        Assert.True(NeedValidator.Validate(Valid with { Description = "Control \u0007 character in text" }).Any);
    }
}
