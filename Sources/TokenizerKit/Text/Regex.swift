import CICU
import Foundation

/// A compiled regular expression (ICU's engine) that reports matches as UTF-8 byte ranges.
///
/// Patterns in tokenizer.json are written for Oniguruma. The two engines agree on the syntax these files
/// use, except that ICU's `\s` lacks U+000B and U+0085: the pattern is rewritten to use the White_Space
/// property, as Oniguruma does. ICU regex objects are not thread-safe, so each search borrows a clone
/// from a small pool.
final class ICURegex: @unchecked Sendable {
    let pattern: String
    // Only cloned (ICU's clone is thread-safe); never searched directly.
    private let prototype: OpaquePointer
    private let lock = NSLock()
    private nonisolated(unsafe) var pool: [OpaquePointer] = []  // guarded by `lock`

    init(_ pattern: String) throws {
        self.pattern = pattern
        let translated = Array(ICURegex.translate(pattern).utf8)
        var message = [CChar](repeating: 0, count: 256)
        let compiled = translated.withUnsafeBufferPointer { buffer in
            cicu_regex_open(buffer.baseAddress, Int32(buffer.count), &message, Int32(message.count))
        }
        guard let compiled else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw TokenizerError.invalidPattern(pattern: pattern, message: text)
        }
        prototype = compiled
    }

    deinit {
        cicu_regex_close(prototype)
        pool.forEach { cicu_regex_close($0) }
    }

    /// Appends the byte range of every match in `text`, left to right, non-overlapping.
    ///
    /// A search that fails (the step budget of `cicu_regex_set_text` spent by catastrophic backtracking, or
    /// another ICU error) stops here and is noted for this thread; the encode that called it throws it at
    /// the end of the sequence (`takeFailure()`). Once a failure is pending, searches return at once.
    func appendMatches(in text: UnsafeBufferPointer<UInt8>, to matches: inout [Range<Int>]) {
        guard cicu_regex_pending_failure() == 0 else { return }
        let regex = borrow()
        defer { giveBack(regex) }
        guard cicu_regex_set_text(regex, text.baseAddress, Int64(text.count)) == 0 else {
            noteFailure(kind: 2)
            return
        }
        var start: Int64 = 0
        var end: Int64 = 0
        var previousEnd: Int64 = -1
        while true {
            let found = cicu_regex_find_next(regex, &start, &end)
            guard found == 1 else {
                if found < 0 { noteFailure(kind: found == -2 ? 1 : 2) }
                return
            }
            // Oniguruma's find-all (the reference's) never reports an empty match right where the previous
            // match ended; ICU does (`b*` on "abbc" gives "bb" then "" at 3).
            if start == end && start == previousEnd { continue }
            matches.append(Int(start)..<Int(end))
            previousEnd = end
        }
    }

    private func noteFailure(kind: Int32) {
        var bytes = Array(pattern.utf8)
        bytes.withUnsafeMutableBufferPointer { cicu_regex_note_failure(kind, $0.baseAddress, Int32($0.count)) }
    }

    /// Whether a search on this thread failed since the last `takeFailure()` (a thread-local read).
    @inline(__always)
    static var hasPendingFailure: Bool { cicu_regex_pending_failure() != 0 }

    /// Drops a failure left on this thread by a search outside the operation about to start (a decoder's
    /// Replace, an earlier training count), so that it is not reported as that operation's.
    @inline(__always)
    static func discardPendingFailure() {
        if hasPendingFailure { _ = takeFailure() }
    }

    /// The failure of a search on this thread since the last call, as an error, and clears it; nil when none.
    static func takeFailure() -> TokenizerError? {
        var pointer: UnsafeMutablePointer<CChar>? = nil
        let kind = cicu_regex_take_failure(&pointer)
        guard kind != 0 else { return nil }
        let pattern = pointer.map { String(cString: $0) } ?? ""
        free(pointer)
        return kind == 1
            ? .regexLimitExceeded(pattern: pattern)
            : .invalidPattern(pattern: pattern, message: "ICU could not search the text")
    }

    private func borrow() -> OpaquePointer {
        lock.lock()
        let pooled = pool.popLast()
        lock.unlock()
        return pooled ?? cicu_regex_clone(prototype)!
    }

    private func giveBack(_ regex: OpaquePointer) {
        lock.lock()
        pool.append(regex)
        lock.unlock()
    }

    /// Rewrites Oniguruma-only spellings into ICU's: `\s` is White_Space (ICU's `\s` lacks U+000B and
    /// U+0085), and `\w`, `\d` and `\p{…}` classes also take the code points the reference's Unicode 16.0
    /// assigns and ICU 72's 15.0 does not (`RegexPropertyAdditions`), as a nested set that ICU reads the
    /// same inside and outside a bracket class.
    static func translate(_ pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        func append(_ text: String) { out.append(contentsOf: text.unicodeScalars) }
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "\\", i + 1 < scalars.count else {
                out.append(c)
                i += 1
                continue
            }
            let e = scalars[i + 1]
            switch e {
            case "s": append("\\p{White_Space}"); i += 2
            case "S": append("\\P{White_Space}"); i += 2
            case "w", "W":
                // Oniguruma's \w is Letter, Mark, Decimal_Number and Connector_Punctuation; ICU's also
                // has Join_Control (U+200C, U+200D).
                let additions = RegexPropertyAdditions.icuSetMembers["\\w"] ?? ""
                append("[\(e == "W" ? "^" : "")[[\\w\(additions)]--[\\u200C\\u200D]]]")
                i += 2
            case "d", "D":
                if let additions = RegexPropertyAdditions.icuSetMembers["\\d"], !additions.isEmpty {
                    append("[\(e == "D" ? "^" : "")\\d\(additions)]")
                } else {
                    out.append(c); out.append(e)
                }
                i += 2
            case "p", "P":
                // \p{Name} / \P{Name}: the additions of that name, if any.
                if i + 2 < scalars.count, scalars[i + 2] == "{",
                   let close = scalars[(i + 3)...].firstIndex(of: "}") {
                    var name = String.UnicodeScalarView()
                    name.append(contentsOf: scalars[(i + 3)..<close])
                    if let additions = RegexPropertyAdditions.icuSetMembers[String(name)], !additions.isEmpty {
                        append("[\(e == "P" ? "^" : "")\\p{\(String(name))}\(additions)]")
                    } else {
                        out.append(contentsOf: scalars[i...close])
                    }
                    i = close + 1
                } else {
                    out.append(c); out.append(e)
                    i += 2
                }
            default:
                out.append(c); out.append(e)
                i += 2
            }
        }
        return String(out)
    }
}

/// A pattern as tokenizer.json spells it: `{"String": "…"}` (a literal) or `{"Regex": "…"}`.
enum SplitPattern: Sendable {
    case literal([UInt8])
    case regex(ICURegex, scanner: PatternScanner?)

    init(json: JSONValue) throws {
        if let literal = json["String"] {
            self = .literal(try literal.stringBytes())
        } else if let regex = json["Regex"] {
            let source = try regex.string()
            do {
                // Oniguruma's reading of `X{n,m}+` (see `RegexDialects`); the scanners know the other one.
                let icu = RegexDialects.onigurumaForICU(source)
                self = .regex(try ICURegex(icu), scanner: icu == source ? PatternScanner(pattern: source) : nil)
            } catch let error as TokenizerError {
                throw regex.error(error.description)
            }
        } else {
            throw json.error("expected {\"String\": …} or {\"Regex\": …}")
        }
    }

    /// Appends the byte ranges of every non-overlapping match in `text`.
    func appendMatches(in text: UnsafeBufferPointer<UInt8>, to matches: inout [Range<Int>]) {
        switch self {
        case let .literal(needle):
            guard !needle.isEmpty, text.count >= needle.count else { return }
            let first = needle[0]
            var i = 0
            let last = text.count - needle.count
            while i <= last {
                if text[i] == first {
                    var k = 1
                    while k < needle.count && text[i + k] == needle[k] { k += 1 }
                    if k == needle.count {
                        matches.append(i..<(i + needle.count))
                        i += needle.count
                        continue
                    }
                }
                i += 1
            }
        case let .regex(regex, scanner):
            if let scanner {
                scanner.appendMatches(in: text, to: &matches)
            } else {
                regex.appendMatches(in: text, to: &matches)
            }
        }
    }
}
