using RnnLabs.Data;

namespace RnnLabs.Tests.Data;

public class WordVocabularyTests
{
    private static readonly string[] Corpus = ["The cat sat on the mat.", "The dog sat."];

    [Fact]
    public void Ids_AreSpecialsThenFrequencyDescending_TiesOrdinal()
    {
        var vocab = new WordVocabulary(Corpus);
        // Counts: the 3, sat 2, then cat, dog, mat, on once each (ordinal order).
        Assert.Equal(["<pad>", "<unk>", "the", "sat", "cat", "dog", "mat", "on"], vocab.Tokens);
        Assert.Equal(8, vocab.Count);
        Assert.Equal(3, vocab.IdOf("sat"));
    }

    [Fact]
    public void Build_IsDeterministic_RegardlessOfCorpusOrder()
    {
        var a = new WordVocabulary(Corpus);
        var b = new WordVocabulary(Corpus.Reverse());
        Assert.Equal(a.Tokens, b.Tokens);
    }

    [Fact]
    public void MinFrequencyAndMaxSize_DropTheRarestWords()
    {
        Assert.Equal(["<pad>", "<unk>", "the", "sat"], new WordVocabulary(Corpus, minFrequency: 2).Tokens);
        Assert.Equal(["<pad>", "<unk>", "the"], new WordVocabulary(Corpus, maxSize: 3).Tokens);
    }

    [Fact]
    public void EncodeThenDecode_RoundTripsNormalisedText()
    {
        var vocab = new WordVocabulary(Corpus);
        const string text = "the cat sat on the mat";
        Assert.Equal([2, 4, 3, 7, 2, 6], vocab.Encode(text));
        Assert.Equal(text, vocab.Decode(vocab.Encode(text)));
    }

    [Fact]
    public void Encode_UnknownWord_MapsToUnknownId()
    {
        var vocab = new WordVocabulary(Corpus);
        Assert.Equal([2, 5, 3, 1, 6], vocab.Encode("The dog sat, a mat!"));
        Assert.Equal("the dog sat <unk> mat", vocab.Decode([2, 5, 3, 1, 6]));
        Assert.Equal("the dog", vocab.Decode([2, 5, 0, 0], skipSpecial: true));
    }

    [Fact]
    public void Encode_AddBeginEnd_WrapsIds()
    {
        var vocab = new WordVocabulary(Corpus, specials: SpecialTokens.All);
        // <pad> 0, <unk> 1, <bos> 2, <eos> 3, the 4, sat 5, cat 6, ...
        Assert.Equal([2, 4, 6, 5, 3], vocab.Encode("The cat sat.", addBeginEnd: true));
    }

    [Fact]
    public void Encode_AddBeginEnd_WithoutThoseTokens_Throws()
    {
        var vocab = new WordVocabulary(Corpus);
        var ex = Assert.Throws<InvalidOperationException>(() => vocab.Encode("the cat", addBeginEnd: true));
        Assert.Contains("Begin=null", ex.Message);
    }

    [Fact]
    public void Encode_UnknownWord_WithoutUnknownToken_ThrowsNamingWordAndPosition()
    {
        var vocab = new WordVocabulary(Corpus, specials: new SpecialTokens(Pad: "<pad>"));
        var ex = Assert.Throws<ArgumentException>(() => vocab.Encode("the zebra"));
        Assert.Equal("text", ex.ParamName);
        Assert.Contains("\"zebra\" (token 1)", ex.Message);
    }

    [Fact]
    public void MaxSize_NotAboveSpecialCount_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new WordVocabulary(Corpus, maxSize: 2));
        Assert.Equal("maxSize", ex.ParamName);
        Assert.Contains("more than the 2 special tokens", ex.Message);
        Assert.Contains("got 2", ex.Message);
    }
}
