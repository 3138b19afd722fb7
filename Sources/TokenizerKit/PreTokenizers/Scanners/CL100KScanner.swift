/// cl100k_base's (and Llama 3's) regex, and Qwen 2's, which differs only in taking single digits:
///
///     (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// Derivation, at a match start `i`:
/// 1. `'` followed by a contraction letter in either case (or `ſ`): the contraction.
/// 2. A letter: the maximal letter run. (`[^\r\n\p{L}\p{N}]?` cannot take a letter.)
/// 3. A number: up to `maxDigits` number scalars (alternative 2 cannot start at a number).
/// 4. Any other scalar except `\r` and `\n`, followed by a letter: that scalar plus the letter run. This
///    includes White_Space such as a space, a tab, U+3000 or U+0085, marks and `'` itself.
/// 5. An "other" scalar (not White_Space, letter or number): the maximal run of them, then any `\r`/`\n`.
/// 6. A space followed by an other scalar: the same with the space in front.
/// 7. White_Space: `\s*[\r\n]+|\s+(?!\S)|\s+` as in `whitespaceEnd`.
extension UTF8ClassReader {
    /// Appends the matches of cl100k's regex (`maxDigits` 3) or Qwen 2's (`maxDigits` 1) over the buffer.
    func appendCL100KMatches(maxDigits: Int, runToEndFirst: Bool = false, to matches: inout MatchSink) {
        let letter = ScalarClass.letter
        let number = ScalarClass.number
        let whitespace = ScalarClass.whitespace
        let notOther = ScalarClass.letter | ScalarClass.number | ScalarClass.whitespace
        var i = 0
        while i < count {
            let lead = bytes[i]
            if lead == ASCII.apostrophe {
                let length = contractionLength(at: i, caseInsensitive: true)
                if length > 0 {
                    matches.append(i, i + length)
                    i += length
                    continue
                }
            }
            let (flags, length) = scalar(at: i)
            let next = i + length
            var end: Int
            if flags & letter != 0 {
                end = skip(from: next, whileAny: letter)
            } else if flags & number != 0 {
                end = numberEnd(from: i, length: length, max: maxDigits)
            } else {
                var nextFlags: UInt8 = 0
                var nextLength = 0
                if next < count { (nextFlags, nextLength) = scalar(at: next) }
                if nextFlags & letter != 0 && lead != ASCII.carriageReturn && lead != ASCII.lineFeed {
                    end = skip(from: next + nextLength, whileAny: letter)
                } else if flags & whitespace == 0 {
                    end = skipLineBreaks(from: skip(from: next, whileNone: notOther))
                } else if lead == ASCII.space && next < count && nextFlags & notOther == 0 {
                    end = skipLineBreaks(from: skip(from: next + nextLength, whileNone: notOther))
                } else {
                    end = whitespaceEnd(from: i, withLineBreaks: true, runToEndFirst: runToEndFirst)
                }
            }
            matches.append(i, end)
            i = end
        }
    }
}
