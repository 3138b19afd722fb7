/// The one quantifier spelling on which the regex dialects TokenizerKit reads disagree: an interval
/// followed by `+`, as in tiktoken's cl100k pattern `\p{N}{1,3}+`.
///
/// - tiktoken (fancy-regex) and ICU read `X{1,3}+` as possessive: at most three digits, never given back.
/// - Oniguruma, the engine of the reference's `Split` and `Replace`, reads it as `(?:X{1,3})+`: a run of
///   any length (its Ruby syntax has possessive `?+ *+ ++` but not `{n,m}+`). The reference therefore
///   splits "9633" as one piece under that pattern, where tiktoken gives "963" and "3".
///
/// `onigurumaForICU` rewrites a tokenizer.json pattern so that ICU matches as Oniguruma does;
/// `possessiveForOniguruma` rewrites a tiktoken pattern so that Oniguruma matches as tiktoken does (for
/// `tok convert`). Other spellings pass through unchanged.
enum RegexDialects {
    /// `X{n,m}+` → `(?:X{n,m})+`.
    static func onigurumaForICU(_ pattern: String) -> String {
        rewriteIntervalPlus(pattern) { atom, interval in "(?:\(atom)\(interval))+" }
    }

    /// `X{n,m}+` → `X{n,m}` at the end of a top-level alternative (where nothing can backtrack into it, so
    /// possessive and greedy match alike, and the pattern keeps the spelling tokenizer.json files use),
    /// else the atomic group `(?>X{n,m})`.
    static func possessiveForOniguruma(_ pattern: String) -> String {
        rewriteIntervalPlus(pattern) { atom, interval in "(?>\(atom)\(interval))" } endOfAlternative: { atom, interval in
            atom + interval
        }
    }

    /// Whether `pattern` holds an interval followed by `+`.
    static func hasIntervalPlus(_ pattern: String) -> Bool {
        onigurumaForICU(pattern) != pattern
    }

    private static func rewriteIntervalPlus(_ pattern: String, _ rewrite: (String, String) -> String,
                                            endOfAlternative: ((String, String) -> String)? = nil) -> String {
        let c = Array(pattern.unicodeScalars)
        var out: [String] = []          // one entry per atom or literal piece, so an atom can be rewritten
        var atomStarts: [Int] = []      // index in `out` where the last atom began, per group depth
        var lastAtom: Int? = nil
        var depth = 0
        var i = 0
        func text(_ range: Range<Int>) -> String {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: c[range])
            return String(s)
        }
        while i < c.count {
            let ch = c[i]
            if ch == "\\" {
                // An escape, with a \p{…} / \P{…} / \x{…} body.
                var j = min(i + 2, c.count)
                if i + 1 < c.count, "pPx".unicodeScalars.contains(c[i + 1]), j < c.count, c[j] == "{" {
                    while j < c.count && c[j] != "}" { j += 1 }
                    j = min(j + 1, c.count)
                }
                lastAtom = out.count
                out.append(text(i..<j))
                i = j
            } else if ch == "[" {
                // A class, with nested classes and escapes.
                var j = i + 1
                var level = 1
                if j < c.count && c[j] == "^" { j += 1 }
                if j < c.count && c[j] == "]" { j += 1 }
                while j < c.count && level > 0 {
                    if c[j] == "\\" { j += 2; continue }
                    if c[j] == "[" { level += 1 } else if c[j] == "]" { level -= 1 }
                    j += 1
                }
                j = min(j, c.count)
                lastAtom = out.count
                out.append(text(i..<j))
                i = j
            } else if ch == "(" {
                atomStarts.append(out.count)
                depth += 1
                out.append("(")
                i += 1
                lastAtom = nil
            } else if ch == ")" {
                out.append(")")
                depth -= 1
                lastAtom = atomStarts.popLast()
                i += 1
            } else if ch == "{", let close = c[i...].firstIndex(of: "}"),
                      c[(i + 1)..<close].allSatisfy({ ("0"..."9").contains($0) || $0 == "," }), close > i + 1 {
                let interval = text(i..<(close + 1))
                if close + 1 < c.count, c[close + 1] == "+", let atomIndex = lastAtom {
                    let atom = out[atomIndex...].joined()
                    out.removeSubrange(atomIndex...)
                    let next = close + 2
                    let ends = depth == 0 && (next == c.count || c[next] == "|")
                    if ends, let endOfAlternative {
                        out.append(endOfAlternative(atom, interval))
                    } else {
                        out.append(rewrite(atom, interval))
                    }
                    lastAtom = nil
                    i = close + 2
                } else {
                    out.append(interval)
                    lastAtom = nil
                    i = close + 1
                }
            } else {
                if "|*+?".unicodeScalars.contains(ch) { lastAtom = nil } else { lastAtom = out.count }
                out.append(text(i..<(i + 1)))
                i += 1
            }
        }
        return out.joined()
    }
}
