/// o200k_base's regex (one alternative per line):
///
///     [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
///     \p{N}{1,3}
///      ?[^\s\p{L}\p{N}]+[\r\n/]*
///     \s*[\r\n]+
///     \s+(?!\S)
///     \s+
///
/// Write P for `[^\r\n\p{L}\p{N}]`, U for `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` and W for
/// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`. Marks are in P, U and W at once, which is what makes this regex subtle.
///
/// Alternative 1 from a start `s` (after the optional P): `U*` first takes the whole U run `s..<e`. If the
/// scalar at `e` is in W (then it is Ll), `W+` takes the W run from `e`. Otherwise `U*` backtracks to the
/// last scalar of the run that is also in W (Lm, Lo or a mark) and `W+` takes just that scalar, because
/// what follows it is Lu or Lt or the scalar at `e`, none in W: the match ends after it. With no such
/// scalar alternative 1 fails from `s`. The optional contraction then attaches when it follows.
///
/// `P?` is greedy, so alternative 1 is tried from `i + 1` first and only then from `i`, which matters
/// when the scalar at `i` is a mark: `◌́AB` (a mark, then uppercase letters) gives `◌́` alone, not `◌́AB`.
/// Alternative 2 (`U+W*`), reached only when alternative 1 fails both ways, ends at `e` when the U run
/// is not empty (a W scalar at `e` would have made alternative 1 succeed). The rest is as in cl100k,
/// with `/` added to the trailing `[\r\n]*` of the punctuation alternative.
extension UTF8ClassReader {
    /// Appends the matches of o200k's regex over the buffer.
    func appendO200KMatches(to matches: inout MatchSink) {
        let letter = ScalarClass.letter
        let number = ScalarClass.number
        let whitespace = ScalarClass.whitespace
        let notOther = ScalarClass.letter | ScalarClass.number | ScalarClass.whitespace
        var i = 0
        while i < count {
            let lead = bytes[i]
            let (flags, length) = scalar(at: i)
            let next = i + length
            var end: Int
            if flags & letter != 0 {
                let word = casedWordEnds(from: i)
                end = contractionEnd(after: word.lowerEnd >= 0 ? word.lowerEnd : word.upperEnd)
            } else if flags & number != 0 {
                end = numberEnd(from: i, length: length, max: 3)
            } else {
                // Alternatives 1 and 2 with a prefix scalar (anything but \r, \n, letters and numbers).
                var wordEnd = -1
                if lead != ASCII.carriageReturn && lead != ASCII.lineFeed {
                    var upperEnd = next
                    if next < count {
                        let word = casedWordEnds(from: next)
                        wordEnd = word.lowerEnd
                        upperEnd = word.upperEnd
                    }
                    if wordEnd < 0 && flags & ScalarClass.mark != 0 {
                        wordEnd = casedWordEnds(from: i).lowerEnd  // never fails: a mark is in W
                    }
                    if wordEnd < 0 && upperEnd > next {
                        wordEnd = upperEnd
                    }
                }
                if wordEnd >= 0 {
                    end = contractionEnd(after: wordEnd)
                } else if flags & whitespace == 0 {
                    end = skipLineBreaks(from: skip(from: next, whileNone: notOther), slash: true)
                } else if lead == ASCII.space && next < count && scalar(at: next).flags & notOther == 0 {
                    end = skipLineBreaks(from: skip(from: next + scalar(at: next).length, whileNone: notOther),
                                         slash: true)
                } else {
                    end = whitespaceEnd(from: i, withLineBreaks: true)
                }
            }
            matches.append(i, end)
            i = end
        }
    }

    /// Where alternatives 1 and 2 end when they start at `s` (after the optional prefix):
    /// `lowerEnd` is alternative 1's end before the contraction, or -1 when it fails; `upperEnd` is the end
    /// of the U run from `s` (alternative 2's end when that run is not empty and alternative 1 failed).
    @inline(__always)
    func casedWordEnds(from s: Int) -> (lowerEnd: Int, upperEnd: Int) {
        let upper = ScalarClass.upperOrUncased
        let lower = ScalarClass.lowerOrUncased
        var j = s
        var lastLowerEnd = -1
        while j < count {
            let (flags, length) = scalar(at: j)
            if flags & upper == 0 {
                if flags & lower != 0 { return (skip(from: j + length, whileAny: lower), j) }
                break
            }
            j += length
            if flags & lower != 0 { lastLowerEnd = j }
        }
        return (lastLowerEnd, j)
    }

    /// `end` extended by a contraction `(?i:'s|'t|'re|'ve|'m|'ll|'d)?` that starts there.
    @inline(__always)
    func contractionEnd(after end: Int) -> Int {
        guard end < count && bytes[end] == ASCII.apostrophe else { return end }
        return end + contractionLength(at: end, caseInsensitive: true)
    }
}
