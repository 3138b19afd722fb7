import ArgumentParser

/// What to do with a document that is not valid UTF-8 (`--on-invalid-utf8` of `tok encode` and `tok train`).
///
/// A document is a line, a `--doc-separator` document, or the `--jsonl-key` string of a JSON line; validity is
/// `InputFile.firstInvalidUTF8`'s (no surrogates, no overlong forms, nothing above U+10FFFF).
enum InvalidUTF8Policy: String, Sendable, CaseIterable, ExpressibleByArgument {
    /// Stop with the file and line.
    case error
    /// Replace each invalid sequence with U+FFFD, as `String(decoding:as: UTF8.self)` does, and go on.
    case replace
    /// Leave the document out (counted in the summary).
    case skip

    /// The error of the `error` policy for a document on `line` of `source`.
    static func failure(source: String, line: Int) -> CommandFailure {
        CommandFailure("\(source):\(line): invalid UTF-8 (--on-invalid-utf8 replace or skip to go on)")
    }

    /// `document` with each invalid sequence replaced by U+FFFD (the `replace` policy).
    static func repaired(_ document: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: document, as: UTF8.self)
    }

    /// What the end-of-run summary says of the documents the policy skipped or repaired, e.g.
    /// `, 2 lines skipped (invalid UTF-8), 1 line with invalid UTF-8 replaced` (with `unit` "line"), or
    /// `, 2 skipped (invalid UTF-8)` without a unit; empty when there were none.
    static func summaryNote(skipped: Int, replaced: Int, unit: String? = nil) -> String {
        func counted(_ n: Int) -> String {
            guard let unit else { return "\(n)" }
            return "\(n) \(unit)\(n == 1 ? "" : "s")"
        }
        var text = ""
        if skipped > 0 { text += ", \(counted(skipped)) skipped (invalid UTF-8)" }
        if replaced > 0 { text += ", \(counted(replaced)) with invalid UTF-8 replaced" }
        return text
    }
}
