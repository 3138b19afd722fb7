import Foundation
import Testing
@testable import TokenizerKit

/// `UnicodeScripts` against the reference (tokenizers 0.23.3). Expected byte ranges were produced by
/// `pre_tokenizers.UnicodeScripts().pre_tokenize_str(...)` (char offsets converted to UTF-8 byte offsets).
struct UnicodeScriptsTests {
    static func pieces(_ text: String) -> [Range<Int>] {
        var bytes = Array(text.utf8)
        var result: [Range<Int>] = []
        bytes.withUnsafeMutableBufferPointer { buffer in
            UnicodeScriptsPreTokenizer.appendPieces(in: UnsafeBufferPointer(buffer), to: &result)
        }
        return result
    }

    static let cases: [(String, [Range<Int>])] = [
        // Japanese: Hiragana/Katakana/ー are Han; 。 is Common.
        ("どこで生れ。Yes", [0..<15, 15..<18, 18..<21]),
        ("Apples are りんご 林檎", [0..<11, 11..<27]),
        ("東京タワーはTokyo Towerです", [0..<18, 18..<29, 29..<35]),
        ("カタカナーひらがな漢字", [0..<33]),
        // Digits and punctuation are Common.
        ("abc123def", [0..<3, 3..<6, 6..<9]),
        ("2024年3月", [0..<4, 4..<7, 7..<8, 8..<11]),
        ("Hello, world!", [0..<5, 5..<7, 7..<12, 12..<13]),
        ("Москва-Athens", [0..<12, 12..<13, 13..<19]),
        // Combining marks are Inherited: a script of their own.
        ("e\u{301}te\u{301}", [0..<1, 1..<3, 3..<5, 5..<7]),
        ("\u{301}a", [0..<2, 2..<3]),
        ("a\u{301}\u{308}b", [0..<1, 1..<5, 5..<6]),
        // Emoji are Common; ZWJ is Inherited.
        ("👍🏽 ok", [0..<9, 9..<11]),
        ("👨\u{200D}👩\u{200D}👧 family", [0..<4, 4..<7, 7..<11, 11..<14, 14..<19, 19..<25]),
        // Cyrillic, Greek, Arabic.
        ("Привет мир", [0..<19]),
        ("ΑλφαBeta", [0..<8, 8..<12]),
        ("abcΔδ", [0..<3, 3..<7]),
        ("مرحبا world", [0..<11, 11..<16]),
        ("سلام123", [0..<8, 8..<11]),
        // Spaces: Any, never split; leading Any code points are dropped; all-Any words have no pieces.
        ("", []),
        ("   ", []),
        ("  leading", [2..<9]),
        ("a\u{3000}b", [0..<1, 1..<4, 4..<5]),
        // Where the reference's old table differs from ICU.
        ("x\u{589}y", [0..<1, 1..<3, 3..<4]),  // ARMENIAN FULL STOP: Common in the reference
        ("\u{560}a", [2..<3]),  // assigned after the reference's table: Any
        ("\u{4E00}\u{378}\u{4E00}", [0..<8]),  // unassigned: Any
        ("\u{915}\u{953}", [0..<6]),  // DEVANAGARI GRAVE ACCENT: Devanagari in the reference
    ]

    @Test(arguments: cases)
    func matchesReference(_ text: String, _ expected: [Range<Int>]) {
        #expect(Self.pieces(text) == expected, "\(text.debugDescription)")
    }

    @Test func appendsAfterExistingPieces() {
        var bytes = Array("ab一".utf8)
        var result: [Range<Int>] = [100..<101]
        bytes.withUnsafeMutableBufferPointer { buffer in
            UnicodeScriptsPreTokenizer.appendPieces(in: UnsafeBufferPointer(buffer), to: &result)
        }
        #expect(result == [100..<101, 0..<2, 2..<5])
    }

    @Test func scriptTableSpotChecks() {
        let any = UnicodeScriptsPreTokenizer.anyScript
        let script = UnicodeScriptsPreTokenizer.script(of:)
        #expect(script(0x20) == any)
        #expect(script(0x30FC) == script(0x4E00))
        #expect(script(0x3042) == script(0x4E00))  // Hiragana
        #expect(script(0x30A2) == script(0x4E00))  // Katakana
        #expect(script(0x41) == script(0x7A))
        #expect(script(0x30) == script(0x2C))
        #expect(script(0x10FFFF) == any)
        #expect(script(0x1F600) == script(0x21))  // emoji: Common
        // The ASCII fast path and BMP table agree with the computed value.
        for value: UInt32 in Array(0..<0x80) + [0x589, 0x953, 0x30FC, 0xFFFF] {
            #expect(script(value) == UnicodeScriptsPreTokenizer.computedScript(of: value))
        }
    }

    @Test func overrideTableIsSortedAndDisjoint() {
        let table = UnicodeScriptsPreTokenizer.scriptOverrides
        #expect(!table.isEmpty)
        for (a, b) in zip(table, table.dropFirst()) {
            #expect(a.first <= a.last && a.last < b.first)
        }
    }

    struct GoldenLine: Decodable {
        let text: String
        let pieces: [[Int]]
    }

    @Test func corpusGolden() throws {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            Issue.record("the test bundle has no Fixtures directory")
            return
        }
        let data = try Data(contentsOf: url.appendingPathComponent("unicode-scripts.expected.jsonl"))
        var count = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let golden = try JSONDecoder().decode(GoldenLine.self, from: Data(line))
            let expected = golden.pieces.map { $0[0]..<$0[1] }
            #expect(Self.pieces(golden.text) == expected, "\(golden.text.debugDescription)")
            count += 1
        }
        #expect(count > 250)
    }
}
