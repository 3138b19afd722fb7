import Foundation
import Testing
@testable import TokenizerKit

/// Every model folder of `../shared/vocab` against what transformers 5.25.0's AutoTokenizer made of it
/// (`Fixtures/model-folders.json`, written by `scripts/model_folder_goldens.py`): special tokens and ids,
/// flags, added tokens, chat templates, and for every sample line `input_ids` and both decodes.
/// A missing fixture or folder fails the test.
@Suite struct ModelFolderTests {
    static let fixture: ModelFolderFixture? = ModelFolderFixture.load()
    static let folderNames: [String] = fixture.map { $0.folders.keys.sorted() } ?? ["(fixture missing)"]
    static let vocabulary = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared/vocab")

    @Test(arguments: folderNames)
    func matchesTransformers(folderName: String) throws {
        let fixture = try #require(Self.fixture, "Fixtures/model-folders.json is missing or unreadable")
        let expected = try #require(fixture.folders[folderName])
        let path = Self.vocabulary.appendingPathComponent(folderName).path
        #expect(FileManager.default.fileExists(atPath: path), "\(path) is missing")
        let folder = try ModelFolder(path: path)

        #expect(folder.tokenizerClass == expected.className)
        #expect(folder.addsBOSToken == expected.addBOSToken)
        #expect(folder.addsEOSToken == expected.addEOSToken)
        #expect(folder.cleansUpTokenizationSpaces == expected.cleanUp)
        #expect(folder.modelMaximumLength == expected.modelMaximumLength)
        #expect(folder.generation?.eosTokenIDs == expected.eosTokenIDs)
        #expect(folder.chatTemplates.templates == (expected.chatTemplates ?? [:]))
        for name in TokenizerConfiguration.namedTokenKeys {
            let token = folder.specialTokens[name]
            let wanted = expected.specialTokens[name] ?? nil
            #expect(token?.content == wanted?.content, "\(name)")
            #expect(token?.id == wanted?.id, "\(name) id")
        }
        #expect(folder.specialTokens.additional.map(\.content) == expected.extraSpecialTokens.map(\.content))
        #expect(folder.specialTokens.additional.map(\.id) == expected.extraSpecialTokens.map(\.id))

        let added = folder.tokenizer.addedTokens.sorted { $0.key < $1.key }
        #expect(added.count == expected.addedTokens.count, "added token count")
        for ((id, token), wanted) in zip(added, expected.addedTokens) where id != wanted.id || token != wanted.token {
            Issue.record("added token \(id) \(token) != \(wanted.id) \(wanted.token)")
            break
        }

        var encodeMismatches: [String] = []
        var decodeMismatches: [String] = []
        for (line, sample) in zip(fixture.lines, expected.samples) {
            let ids = try folder.tokenizer.encode(line.text).ids
            if ids != sample.ids { encodeMismatches.append("\(line.source): \(line.text.prefix(60))") }
            let decoded = try folder.decode(sample.ids)
            let skipping = try folder.decode(sample.ids, skippingSpecialTokens: true)
            let wanted = sample.decoded ?? line.text
            if decoded != wanted || skipping != (sample.decodedSkipping ?? wanted) {
                decodeMismatches.append("\(line.source): \(decoded.prefix(60).debugDescription) / \(skipping.prefix(60).debugDescription) vs \(wanted.prefix(60).debugDescription)")
            }
        }
        let total = expected.samples.count
        print("model folder \(folderName): ids \(total - encodeMismatches.count)/\(total), decode \(total - decodeMismatches.count)/\(total)")
        #expect(encodeMismatches.isEmpty, "\(encodeMismatches.count) of \(total) lines encode differently:\n\(encodeMismatches.prefix(5).joined(separator: "\n"))")
        #expect(decodeMismatches.isEmpty, "\(decodeMismatches.count) of \(total) lines decode differently:\n\(decodeMismatches.prefix(5).joined(separator: "\n"))")
    }

    @Test(arguments: ["chatglm", "marian-nmt"])
    func refusesWhatTransformersRefuses(folderName: String) throws {
        let fixture = try #require(Self.fixture, "Fixtures/model-folders.json is missing or unreadable")
        #expect(fixture.refused[folderName] != nil, "the fixture does not record \(folderName) as refused")
        let path = Self.vocabulary.appendingPathComponent(folderName).path
        #expect(throws: ModelFolderError.self) { try ModelFolder(path: path) }
    }

    @Test func readsGenerationConfigAndTemplatesAndNamesBadFields() throws {
        try withTemporaryDirectory { directory in
            let source = Self.vocabulary.appendingPathComponent("gpt2/tokenizer.json")
            try FileManager.default.copyItem(at: source, to: directory.appendingPathComponent("tokenizer.json"))
            func write(_ name: String, _ text: String) throws {
                let url = directory.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            try write("generation_config.json", #"{"eos_token_id": [50256, 13], "bos_token_id": 50256}"#)
            try write("tokenizer_config.json", #"{"eos_token": {"content": "<|endoftext|>"}, "chat_template": [{"name": "default", "template": "A"}, {"name": "rag", "template": "B"}], "model_max_length": 1024}"#)
            var folder = try ModelFolder(path: directory.path)
            #expect(folder.generation?.eosTokenIDs == [50256, 13])
            #expect(folder.chatTemplates.templates == ["default": "A", "rag": "B"])
            #expect(folder.specialTokens.eos == SpecialToken(content: "<|endoftext|>", id: 50256))
            #expect(folder.modelMaximumLength == 1024)
            try write("chat_template.jinja", "C")
            try write("additional_chat_templates/tools.jinja", "D")
            folder = try ModelFolder(path: directory.path)
            #expect(folder.chatTemplates.templates == ["default": "C", "tools": "D"])

            try write("generation_config.json", #"{"eos_token_id": "x"}"#)
            do {
                _ = try ModelFolder(path: directory.path)
                Issue.record("a string eos_token_id was accepted")
            } catch let error as ModelFolderError {
                #expect(error.localizedDescription.contains("generation_config.json"))
                #expect(error.localizedDescription.contains("eos_token_id"))
            }
            try write("generation_config.json", "{}")
            try write("tokenizer_config.json", #"{"bos_token": 3}"#)
            do {
                _ = try ModelFolder(path: directory.path)
                Issue.record("a numeric bos_token was accepted")
            } catch let error as ModelFolderError {
                #expect(error.description.contains("tokenizer_config.json: bos_token"), "\(error)")
            }
        }
        #expect(throws: ModelFolderError.self) { try ModelFolder(path: "/nonexistent/folder") }
    }

    @Test func decodeRules() {
        #expect(DecodedTextRules.cleanUpTokenizationSpaces("a , b . is n't it ' s") == "a, b. isn't it's")
        #expect(DecodedTextRules.removingTimestamps("<|1.00|>a<|12.5|>b<|x.1|><|1.|>") == "ab<|x.1|><|1.|>")
        #expect("\u{1F}\u{A0} x \u{3000}".strippingPythonWhitespace() == "x")
    }
}

/// `Fixtures/model-folders.json`.
struct ModelFolderFixture {
    struct Line { var source: String; var text: String }
    struct Sample { var ids: [UInt32]; var decoded: String?; var decodedSkipping: String? }
    struct Token { var content: String; var id: UInt32? }
    struct Folder {
        var className: String
        var specialTokens: [String: Token?]
        var extraSpecialTokens: [Token]
        var addedTokens: [(id: UInt32, token: AddedToken)]
        var addBOSToken: Bool
        var addEOSToken: Bool
        var cleanUp: Bool
        var modelMaximumLength: Int?
        var eosTokenIDs: [UInt32]?
        var chatTemplates: [String: String]?
        var samples: [Sample]
    }

    var lines: [Line]
    var folders: [String: Folder]
    var refused: [String: String]

    static func load() -> ModelFolderFixture? {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.appendingPathComponent("model-folders.json"),
              let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        func token(_ value: Any?) -> Token? {
            guard let entry = value as? [String: Any], let content = entry["content"] as? String else { return nil }
            return Token(content: content, id: (entry["id"] as? Int).map(UInt32.init))
        }
        let lines = (root["lines"] as? [[String: Any]] ?? []).map { Line(source: $0["source"] as? String ?? "", text: $0["text"] as? String ?? "") }
        var folders: [String: Folder] = [:]
        for (name, value) in root["folders"] as? [String: Any] ?? [:] {
            guard let f = value as? [String: Any] else { continue }
            var special: [String: Token?] = [:]
            for (key, entry) in f["special_tokens"] as? [String: Any] ?? [:] { special[key] = .some(token(entry)) }
            let added = (f["added_tokens"] as? [[Any]] ?? []).map { a in
                (id: UInt32(a[0] as? Int ?? -1),
                 token: AddedToken(content: a[1] as? String ?? "", singleWord: a[2] as? Bool ?? false, leftStrip: a[3] as? Bool ?? false,
                                   rightStrip: a[4] as? Bool ?? false, normalized: a[5] as? Bool ?? false, special: a[6] as? Bool ?? false))
            }
            let samples = (f["samples"] as? [[String: Any]] ?? []).map { s in
                Sample(ids: (s["ids"] as? [Int] ?? []).map(UInt32.init), decoded: s["decoded"] as? String,
                       decodedSkipping: s["decoded_skipping"] as? String)
            }
            folders[name] = Folder(
                className: f["class"] as? String ?? "", specialTokens: special,
                extraSpecialTokens: (f["extra_special_tokens"] as? [Any] ?? []).compactMap(token),
                addedTokens: added, addBOSToken: f["add_bos_token"] as? Bool ?? false, addEOSToken: f["add_eos_token"] as? Bool ?? false,
                cleanUp: f["clean_up_tokenization_spaces"] as? Bool ?? false, modelMaximumLength: f["model_max_length"] as? Int,
                eosTokenIDs: (f["eos_token_ids"] as? [Int]).map { $0.map(UInt32.init) },
                chatTemplates: f["chat_templates"] as? [String: String], samples: samples)
        }
        return ModelFolderFixture(lines: lines, folders: folders, refused: root["refused"] as? [String: String] ?? [:])
    }
}
