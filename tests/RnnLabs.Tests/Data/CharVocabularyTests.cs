using RnnLabs.Data;

namespace RnnLabs.Tests.Data;

public class CharVocabularyTests
{
    [Fact]
    public void Build_PutsSpecialsFirst_ThenDistinctCharsInOrdinalOrder()
    {
        var vocab = new CharVocabulary("hello World", SpecialTokens.PadAndUnknown);
        // Ordinal: ' ' (32) < 'W' (87) < 'd' < 'e' < 'h' < 'l' < 'o' < 'r'.
        Assert.Equal(["<pad>", "<unk>", " ", "W", "d", "e", "h", "l", "o", "r"], vocab.Tokens);
        Assert.Equal(10, vocab.Count);
        Assert.Equal(0, vocab.PadId);
        Assert.Equal(1, vocab.UnknownId);
        Assert.Equal(7, vocab.IdOf('l'));
        Assert.Equal(0, vocab.IdOf("<pad>"));
        Assert.Equal("W", vocab.TokenOf(3));
    }

    [Fact]
    public void Ids_DependOnlyOnTheSetOfCharacters()
    {
        var a = new CharVocabulary("hello world");
        var b = new CharVocabulary("dlrow olleh");
        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal(a.Encode("low"), b.Encode("low"));
    }

    [Fact]
    public void EncodeThenDecode_RoundTripsText()
    {
        const string text = "the quick brown fox.\nthe lazy dog!";
        var vocab = new CharVocabulary(text, SpecialTokens.PadAndUnknown);
        int[] ids = vocab.Encode(text);
        Assert.Equal(text.Length, ids.Length);
        Assert.Equal(text, vocab.Decode(ids));
    }

    [Fact]
    public void Encode_UnknownChar_MapsToUnknownId_AndDecodesAsItsToken()
    {
        var vocab = new CharVocabulary("abc", SpecialTokens.PadAndUnknown);
        // <pad> 0, <unk> 1, a 2, b 3, c 4.
        Assert.Equal([2, 1, 4], vocab.Encode("azc"));
        Assert.Equal("a<unk>c", vocab.Decode([2, 1, 4]));
        Assert.Equal("ac", vocab.Decode([2, 1, 4, 0, 0], skipSpecial: true));
    }

    [Fact]
    public void Encode_UnknownChar_WithoutUnknownToken_ThrowsNamingCharAndPosition()
    {
        var vocab = new CharVocabulary("abc");
        var ex = Assert.Throws<ArgumentException>(() => vocab.Encode("abz"));
        Assert.Equal("text", ex.ParamName);
        Assert.Contains("'z' (U+007A)", ex.Message);
        Assert.Contains("position 2", ex.Message);
    }

    [Fact]
    public void Decode_IdOutOfRange_ThrowsNamingIdAndRange()
    {
        var vocab = new CharVocabulary("abc");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => vocab.Decode([0, 7]));
        Assert.Equal("ids", ex.ParamName);
        Assert.Contains("[0, 3)", ex.Message);
        Assert.Contains("got 7 at position 1", ex.Message);
    }

    [Fact]
    public void SpecialTokenThatIsACharOfTheText_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CharVocabulary("a_b", new SpecialTokens(Pad: "_")));
        Assert.Equal("specials", ex.ParamName);
        Assert.Contains("\"_\"", ex.Message);
        Assert.Contains("ids 0 and 1", ex.Message);
    }

    [Fact]
    public void EmptyText_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CharVocabulary(""));
        Assert.Equal("text", ex.ParamName);
        Assert.Contains("empty", ex.Message);
    }
}
