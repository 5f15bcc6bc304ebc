using RnnLabs.Data;

namespace RnnLabs.Tests.Data;

public class WordTokenizerTests
{
    private const string Sentence = "Don't stop—it's 5 o'clock, isn't it? 'Yes.'";

    [Fact]
    public void Tokenize_KeepsInnerApostrophes_DropsPunctuation_Lowercases()
    {
        Assert.Equal(
            ["don't", "stop", "it's", "5", "o'clock", "isn't", "it", "yes"],
            new WordTokenizer().Tokenize(Sentence));
    }

    [Fact]
    public void Tokenize_WithKeepPunctuation_EmitsEachPunctuationChar_IncludingEdgeApostrophes()
    {
        Assert.Equal(
            ["don't", "stop", "—", "it's", "5", "o'clock", ",", "isn't", "it", "?", "'", "yes", ".", "'"],
            new WordTokenizer(KeepPunctuation: true).Tokenize(Sentence));
    }

    [Fact]
    public void Tokenize_WithoutLowercase_KeepsCase()
    {
        Assert.Equal(["Hello", "World"], new WordTokenizer(Lowercase: false).Tokenize("Hello,  World"));
    }

    [Fact]
    public void Tokenize_NormalisesTypographicApostrophe()
    {
        Assert.Equal(["don't", "students", "books"], new WordTokenizer().Tokenize("Don’t students’ books"));
    }
}
