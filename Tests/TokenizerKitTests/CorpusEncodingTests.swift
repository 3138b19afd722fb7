import Foundation
import Testing
import TokenizerKit

#if canImport(Glibc)
import Glibc
#endif

/// `tok encode` at corpus scale, end to end on the built binary: every input kind (text, JSONL, documents
/// split by a separator, gzip, directories, standard input), every output format (ids, jsonl, bin with its
/// index and sidecar read back by numpy, Megatron's indexed dataset read back by numpy), sharding and
/// `tok merge`, bad input, and identical output for 1 and 2 threads. Expected ids come from the library
/// (`Tokenizer.encode`, itself held to the reference by the conformance tests); small `--chunk-bytes`
/// make every input cross many chunk boundaries.
@Suite struct CorpusEncodingTests {
    static let tokenizerPath = RepositoryPaths.defaultVocabulary.path

    /// Documents with ASCII, accents, CJK, emoji, tabs, quotes and backslashes, and an empty one.
    static func documents() throws -> [String] {
        // Split on the byte "\n" (a Swift String would keep "\r\n" together as one character).
        let data = try Data(contentsOf: URL(fileURLWithPath: GoldenFixtures.path(of: "inputs.txt")))
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var documents = Array(lines.prefix(40))
        documents += ["", "tab\there \"quoted\" back\\slash", "日本語のテキスト 🙂 café"]
        return documents
    }

    static func expectedIDs(_ documents: [String], bos: UInt32? = nil, eos: UInt32? = nil) throws -> [[UInt32]] {
        let tokenizer = try Tokenizer(contentsOfFile: tokenizerPath)
        return try documents.map { document in
            var ids = try tokenizer.encode(document, addingSpecialTokens: false).ids
            if let bos { ids.insert(bos, at: 0) }
            if let eos { ids.append(eos) }
            return ids
        }
    }

    static func idLines(_ data: Data) -> [[UInt32]] {
        GoldenFixtures.lines(of: data).map { String(decoding: $0, as: UTF8.self).split(separator: " ").map { UInt32($0)! } }
    }

    static func write(_ text: String, to url: URL) throws { try Data(text.utf8).write(to: url) }

    /// A JSON Lines record holding `text` under "text", with other keys around it.
    static func jsonRecord(_ text: String, index: Int) throws -> String {
        let object: [String: Any] = ["id": index, "meta": ["source": "test", "tags": ["a", "}"]], "text": text]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func encodesEveryInputKindLikeTheLibrary() throws {
        let documents = try Self.documents()
        let expected = try Self.expectedIDs(documents)
        try withTemporaryDirectory { directory in
            let text = documents.joined(separator: "\n") + "\n"
            let plain = directory.appendingPathComponent("plain.txt")
            try Self.write(text, to: plain)
            let common = ["encode", "-t", Self.tokenizerPath, "--quiet", "--chunk-bytes", "300"]

            // Plain text, from a file and from standard input.
            let fromFile = try Tok.run(common + [plain.path])
            try #require(fromFile.status == 0, "\(fromFile.stderrText)")
            #expect(Self.idLines(fromFile.stdout) == expected)
            let fromStdin = try Tok.run(common, standardInput: Data(text.utf8))
            #expect(fromStdin.stdout == fromFile.stdout)

            // gzip, recognised by its content.
            let gzipped = directory.appendingPathComponent("plain.txt.gz")
            let gzip = try ConformanceEnvironment.run("sh", ["-c", "gzip -c '\(plain.path)' > '\(gzipped.path)'"])
            try #require(gzip.status == 0, "gzip: \(gzip.output)")
            #expect(try Tok.run(common + [gzipped.path]).stdout == fromFile.stdout)

            // JSONL: other keys, nesting, escapes and blank lines are handled.
            let jsonl = directory.appendingPathComponent("docs.jsonl")
            try Self.write(try documents.enumerated().map { try Self.jsonRecord($1, index: $0) }.joined(separator: "\n") + "\n\n", to: jsonl)
            let fromJSONL = try Tok.run(common + ["--jsonl-key", "text", jsonl.path])
            try #require(fromJSONL.status == 0, "\(fromJSONL.stderrText)")
            #expect(Self.idLines(fromJSONL.stdout) == expected)

            // Multi-line documents split by a separator.
            let multiLine = ["first line\nsecond line", "another\ndocument\n", "last"]
            let separated = directory.appendingPathComponent("separated.txt")
            try Self.write(multiLine.joined(separator: "\n===\n"), to: separated)
            let fromSeparated = try Tok.run(common + ["--doc-separator", "\\n===\\n", separated.path])
            try #require(fromSeparated.status == 0, "\(fromSeparated.stderrText)")
            #expect(Self.idLines(fromSeparated.stdout) == (try Self.expectedIDs(multiLine)))

            // A directory: its files in path order (and several inputs in the order given).
            let folder = directory.appendingPathComponent("folder/sub", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Self.write(documents[0] + "\n", to: folder.appendingPathComponent("b.txt"))
            try Self.write(documents[1] + "\n", to: folder.appendingPathComponent("a.txt"))
            let fromFolder = try Tok.run(common + [directory.appendingPathComponent("folder").path, plain.path])
            try #require(fromFolder.status == 0, "\(fromFolder.stderrText)")
            #expect(Self.idLines(fromFolder.stdout) == [expected[1], expected[0]] + expected)
        }
    }

    @Test func writesBinAndMegatronLayoutsThatNumpyReads() throws {
        let documents = try Self.documents()
        let tokenizer = try Tokenizer(contentsOfFile: Self.tokenizerPath)
        let eos = try #require(tokenizer.id(forToken: "<|endoftext|>"))
        let expected = try Self.expectedIDs(documents, eos: eos)
        try requireNumpy()
        try withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("in.txt")
            try Self.write(documents.joined(separator: "\n"), to: input)
            let bin = directory.appendingPathComponent("out.bin")
            let run = try Tok.run(["encode", "-t", Self.tokenizerPath, "--format", "bin", "--append-eos", "<|endoftext|>",
                                   "--quiet", "--chunk-bytes", "500", "-o", bin.path, input.path])
            try #require(run.status == 0, "\(run.stderrText)")
            let read = try ConformanceEnvironment.run("python3", ["-c", """
                import json, sys, numpy as np
                path = sys.argv[1]
                meta = json.load(open(path + ".json"))
                ids = np.memmap(path, dtype=np.dtype(meta["dtype"]), mode="r")
                ends = np.fromfile(path + ".idx", dtype="<u8")
                docs = [ids[s:e].tolist() for s, e in zip([0] + ends[:-1].tolist(), ends.tolist())]
                print(json.dumps({"meta": meta, "docs": docs, "total": len(ids)}))
                """, bin.path])
            try #require(read.status == 0, "\(read.output)")
            let decoded = try JSONSerialization.jsonObject(with: Data(read.output.utf8)) as! [String: Any]
            let meta = decoded["meta"] as! [String: Any]
            #expect(meta["dtype"] as? String == "uint16")
            #expect(meta["documents"] as? Int == documents.count)
            #expect(meta["eos"] as? Int == Int(eos))
            #expect((decoded["docs"] as! [[Int]]) == expected.map { $0.map(Int.init) })

            // Megatron: P.bin and P.idx, read by numpy following Megatron-LM's _IndexReader layout.
            let prefix = directory.appendingPathComponent("mega").path
            let megatron = try Tok.run(["encode", "-t", Self.tokenizerPath, "--format", "megatron", "--append-eos", "<|endoftext|>",
                                        "--quiet", "--chunk-bytes", "500", "-o", prefix, input.path])
            try #require(megatron.status == 0, "\(megatron.stderrText)")
            let readMegatron = try ConformanceEnvironment.run("python3", ["-c", """
                import json, struct, sys, numpy as np
                prefix = sys.argv[1]
                with open(prefix + ".idx", "rb") as f:
                    assert f.read(9) == b"MMIDIDX\\x00\\x00"
                    version, = struct.unpack("<Q", f.read(8)); code, = struct.unpack("<B", f.read(1))
                    count, = struct.unpack("<Q", f.read(8)); doc_count, = struct.unpack("<Q", f.read(8))
                    offset = f.tell()
                buf = np.memmap(prefix + ".idx", mode="r", order="C")
                sizes = np.frombuffer(buf, dtype=np.int32, count=count, offset=offset)
                pointers = np.frombuffer(buf, dtype=np.int64, count=count, offset=offset + sizes.nbytes)
                doc_idx = np.frombuffer(buf, dtype=np.int64, count=doc_count, offset=offset + sizes.nbytes + pointers.nbytes)
                dtype = {8: np.uint16, 4: np.int32}[code]
                data = np.memmap(prefix + ".bin", dtype=dtype, mode="r")
                width = np.dtype(dtype).itemsize
                docs = [data[p // width:p // width + s].tolist() for p, s in zip(pointers.tolist(), sizes.tolist())]
                print(json.dumps({"version": version, "code": code, "doc_idx": doc_idx.tolist(), "docs": docs}))
                """, prefix])
            try #require(readMegatron.status == 0, "\(readMegatron.output)")
            let mega = try JSONSerialization.jsonObject(with: Data(readMegatron.output.utf8)) as! [String: Any]
            #expect(mega["version"] as? Int == 1)
            #expect(mega["code"] as? Int == 8)
            #expect((mega["doc_idx"] as! [Int]) == Array(0...documents.count))
            #expect((mega["docs"] as! [[Int]]) == expected.map { $0.map(Int.init) })
        }
    }

    @Test func shardsMergeIntoTheWholeEncoding() throws {
        let documents = try Self.documents()
        try withTemporaryDirectory { directory in
            let folder = directory.appendingPathComponent("corpus")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for k in 0..<5 {
                let slice = documents[(k * documents.count / 5)..<((k + 1) * documents.count / 5)]
                try Self.write(slice.joined(separator: "\n") + "\n", to: folder.appendingPathComponent("part-\(k).txt"))
            }
            for format in ["ids", "bin", "megatron"] {
                let whole = directory.appendingPathComponent("whole-\(format)").path
                let base = ["encode", "-t", Self.tokenizerPath, "--quiet", "--format", format, "--append-eos", "<|endoftext|>"]
                    .filter { format != "ids" || ($0 != "--append-eos" && $0 != "<|endoftext|>") }
                let all = try Tok.run(base + ["-o", whole, folder.path])
                try #require(all.status == 0, "\(all.stderrText)")
                var shards: [String] = []
                for index in 0..<3 {
                    let shard = directory.appendingPathComponent("shard-\(index)-\(format)").path
                    let run = try Tok.run(base + ["--shard", "\(index)/3", "-o", shard, folder.path])
                    try #require(run.status == 0, "\(run.stderrText)")
                    shards.append(shard)
                }
                let merged = directory.appendingPathComponent("merged-\(format)").path
                let merge = try Tok.run(["merge", "-o", merged] + shards)
                try #require(merge.status == 0, "\(merge.stderrText)")
                let suffixes = format == "bin" ? ["", ".idx", ".json"] : format == "megatron" ? [".bin", ".idx"] : [""]
                for suffix in suffixes {
                    let got = FileManager.default.contents(atPath: merged + suffix)
                    let want = FileManager.default.contents(atPath: whole + suffix)
                    #expect(got != nil && got == want, "\(format): merged\(suffix) differs from the whole encoding")
                }
            }
        }
    }

    @Test func writesTheSameBytesForAnyThreadCount() throws {
        let documents = try Self.documents()
        try withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("in.txt")
            try Self.write(Array(repeating: documents.joined(separator: "\n"), count: 20).joined(separator: "\n"), to: input)
            for format in ["ids", "jsonl", "bin"] {
                var outputs: [Data] = []
                for threads in ["1", "2", "3"] {
                    let run = try Tok.run(["encode", "-t", Self.tokenizerPath, "--quiet", "--format", format, "--threads", threads,
                                           "--chunk-bytes", "700", input.path])
                    try #require(run.status == 0, "\(run.stderrText)")
                    outputs.append(run.stdout)
                }
                #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2], "\(format) differs between thread counts")
                #expect(!outputs[0].isEmpty)
            }
        }
    }

    /// `--pairs` reads its two files in step, in chunks far smaller than the files (the second file's lines
    /// are longer, so the chunks of the two never hold the same lines): ids, jsonl and bin give the pairs
    /// `Tokenizer.encode(_:pair:)` gives, for 1 and 2 threads, and batches padded to their longest do not
    /// depend on where chunks end. Files of different line counts fail naming both files and their counts,
    /// whichever ends first, and leave no output file.
    /// `--on-invalid-utf8` with `--pairs`: a pair with an invalid line on either side stops the run with that
    /// side's file and line, is encoded with U+FFFD for each invalid sequence, or is left out.
    @Test func pairsFollowTheInvalidUTF8Policy() throws {
        let tokenizer = try Tokenizer(contentsOfFile: Self.tokenizerPath)
        let firsts: [[UInt8]] = [Array("a first line".utf8), Array("bad ".utf8) + [0xFF, 0xC3] + Array(" in the first".utf8),
                                 Array("third line".utf8), Array("fourth".utf8)]
        let seconds: [[UInt8]] = [Array("one".utf8), Array("two".utf8), Array("three ".utf8) + [0xE2, 0x82] + Array(" bad".utf8),
                                  Array("four".utf8)]
        func decoded(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        let all = try zip(firsts, seconds).map { try tokenizer.encode(decoded($0), pair: decoded($1), addingSpecialTokens: false).ids }
        try withTemporaryDirectory { directory in
            let first = directory.appendingPathComponent("first.txt")
            let second = directory.appendingPathComponent("second.txt")
            try Data(firsts.joined(separator: [0x0A]) + [0x0A]).write(to: first)
            try Data(seconds.joined(separator: [0x0A]) + [0x0A]).write(to: second)
            let common = ["encode", "-t", Self.tokenizerPath, "--quiet", "--threads", "2", "--pairs", second.path]
            let stopped = try Tok.run(common + [first.path])
            #expect(stopped.status == 1)
            #expect(stopped.stderrText.contains("\(first.path):2: invalid UTF-8 (--on-invalid-utf8 replace or skip to go on)"),
                    "stderr: \(stopped.stderrText)")
            let replaced = try Tok.run(common + ["--on-invalid-utf8", "replace", first.path])
            try #require(replaced.status == 0, "\(replaced.stderrText)")
            #expect(Self.idLines(replaced.stdout) == all)
            let skipped = try Tok.run(common + ["--on-invalid-utf8", "skip", first.path])
            try #require(skipped.status == 0, "\(skipped.stderrText)")
            #expect(Self.idLines(skipped.stdout) == [all[0], all[3]])
            // The invalid line of the second file, once the first file's is gone: its own file and line.
            let valid = directory.appendingPathComponent("valid.txt")
            try Data((firsts[0] + [0x0A]) + Array("fine\nfine again\nlast\n".utf8)).write(to: valid)
            let secondStopped = try Tok.run(common + [valid.path])
            #expect(secondStopped.stderrText.contains("\(second.path):3: invalid UTF-8"), "stderr: \(secondStopped.stderrText)")
        }
    }

    @Test func streamsPairsInStepLikeTheLibrary() throws {
        let documents = try Self.documents()
        let tokenizer = try Tokenizer(contentsOfFile: Self.tokenizerPath)
        let count = 600
        let firsts = (0..<count).map { documents[$0 % documents.count] }
        let seconds = (0..<count).map { documents[($0 * 7 + 3) % documents.count] + " " + documents[($0 + 1) % documents.count] }
        let expected = try zip(firsts, seconds).map { try tokenizer.encode($0, pair: $1, addingSpecialTokens: true) }
        try withTemporaryDirectory { directory in
            let first = directory.appendingPathComponent("first.txt")
            let second = directory.appendingPathComponent("second.txt")
            try Self.write(firsts.joined(separator: "\n") + "\n", to: first)
            // No final newline: the last line counts all the same.
            try Self.write(seconds.joined(separator: "\n"), to: second)
            let size = try #require(FileManager.default.attributesOfItem(atPath: second.path)[.size] as? Int)
            #expect(size > 40 * 512, "the pairs file should span many chunks")
            let common = ["encode", "-t", Self.tokenizerPath, "--quiet", "--add-special-tokens", "--chunk-bytes", "512",
                          "--pairs", second.path]
            for threads in ["1", "2"] {
                let ids = try Tok.run(common + ["--threads", threads, first.path])
                try #require(ids.status == 0, "\(ids.stderrText)")
                #expect(Self.idLines(ids.stdout) == expected.map(\.ids), "ids, \(threads) threads")

                let jsonl = try Tok.run(common + ["--threads", threads, "--format", "jsonl", "--fields", "ids,type_ids", first.path])
                try #require(jsonl.status == 0, "\(jsonl.stderrText)")
                let objects = try GoldenFixtures.lines(of: jsonl.stdout).map {
                    try JSONSerialization.jsonObject(with: Data($0)) as! [String: [Int]]
                }
                #expect(objects.map { $0["ids"]! } == expected.map { $0.ids.map(Int.init) }, "jsonl ids, \(threads) threads")
                #expect(objects.map { $0["type_ids"]! } == expected.map { $0.typeIDs.map(Int.init) }, "jsonl type_ids, \(threads) threads")

                let bin = try Tok.run(common + ["--threads", threads, "--format", "bin", first.path])
                try #require(bin.status == 0, "\(bin.stderrText)")
                var little: [UInt8] = []
                for encoding in expected {
                    for id in encoding.ids { little += [UInt8(truncatingIfNeeded: id), UInt8(truncatingIfNeeded: id >> 8)] }
                }
                #expect(Array(bin.stdout) == little, "bin, \(threads) threads")

                // Batches of 7 padded to their longest: the same bytes as with the whole files in one chunk.
                let padded = ["--padding", "longest", "--batch-size", "7", "--threads", threads, first.path]
                let chunked = try Tok.run(common + padded)
                let whole = try Tok.run(common.filter { $0 != "512" && $0 != "--chunk-bytes" } + padded)
                try #require(chunked.status == 0 && whole.status == 0, "\(chunked.stderrText)\(whole.stderrText)")
                #expect(chunked.stdout == whole.stdout && !whole.stdout.isEmpty, "padded batches, \(threads) threads")
            }

            // One file ends before the other, either way round: both files and both counts, and no output.
            let short = directory.appendingPathComponent("short.txt")
            try Self.write(seconds.dropLast().joined(separator: "\n") + "\n", to: short)
            let output = directory.appendingPathComponent("out.txt")
            let mismatches = [(first, short, "--pairs \(short.path) has \(count - 1) lines but \(first.path) has \(count)"),
                              (short, first, "--pairs \(first.path) has \(count) lines but \(short.path) has \(count - 1)")]
            for (input, pairs, message) in mismatches {
                let run = try Tok.run(["encode", "-t", Self.tokenizerPath, "--quiet", "--chunk-bytes", "512", "--threads", "2",
                                       "--pairs", pairs.path, "-o", output.path, input.path])
                #expect(run.status == 1)
                #expect(run.stderrText.contains(message), "stderr: \(run.stderrText)")
                let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                    .filter { !["first.txt", "second.txt", "short.txt"].contains($0) }
                #expect(left.isEmpty, "a failed run left \(left)")
            }
        }
    }

    @Test func handlesInvalidUTF8AsAsked() throws {
        try withTemporaryDirectory { directory in
            // Line 300 holds Latin-1; with 256-byte chunks it is many chunks in.
            var data = Data()
            for n in 1...400 {
                if n > 1 { data.append(0x0A) }
                data.append(n == 300 ? Data("caf".utf8) + Data([0xE9]) : Data("line number \(n)".utf8))
            }
            let input = directory.appendingPathComponent("in.txt")
            try data.write(to: input)
            let output = directory.appendingPathComponent("out.bin")
            let base = ["encode", "-t", Self.tokenizerPath, "--chunk-bytes", "256", "--threads", "2"]

            let failed = try Tok.run(base + ["--format", "bin", "-o", output.path, input.path])
            #expect(failed.status == 1)
            #expect(failed.stderrText.contains("\(input.path):300: invalid UTF-8"), "stderr: \(failed.stderrText)")
            let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "in.txt" }
            #expect(left.isEmpty, "an interrupted run left \(left)")

            let skipped = try Tok.run(base + ["--on-invalid-utf8", "skip", "--stats-json", directory.appendingPathComponent("s.json").path, input.path])
            try #require(skipped.status == 0, "\(skipped.stderrText)")
            #expect(Self.idLines(skipped.stdout).count == 399)
            let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("s.json"))) as! [String: Any]
            #expect(stats["skipped_documents"] as? Int == 1 && stats["documents"] as? Int == 399)

            let replaced = try Tok.run(base + ["--on-invalid-utf8", "replace", input.path])
            try #require(replaced.status == 0, "\(replaced.stderrText)")
            let replacedLines = Self.idLines(replaced.stdout)
            #expect(replacedLines.count == 400)
            #expect(replacedLines[299] == (try Self.expectedIDs(["caf\u{FFFD}"]))[0])
        }
    }

    @Test func failsClearlyOnUnreadableInputsAndFullDisks() throws {
        try withTemporaryDirectory { directory in
            let missing = try Tok.run(["encode", "-t", Self.tokenizerPath, directory.appendingPathComponent("nope.txt").path])
            #expect(missing.status == 1 && missing.stderrText.contains("nope.txt: no such file"), "\(missing.stderrText)")
            let input = directory.appendingPathComponent("in.txt")
            try Self.write("hello\n", to: input)
            let badJSON = directory.appendingPathComponent("bad.jsonl")
            try Self.write("{\"text\": \"ok\"}\n{\"body\": \"no text key\"}\n", to: badJSON)
            let jsonError = try Tok.run(["encode", "-t", Self.tokenizerPath, "--jsonl-key", "text", badJSON.path])
            #expect(jsonError.status == 1 && jsonError.stderrText.contains("bad.jsonl:2: no key \"text\""), "\(jsonError.stderrText)")
            if FileManager.default.fileExists(atPath: "/dev/full") {
                let full = try Tok.run(["encode", "-t", Self.tokenizerPath, "--quiet", "-o", "/dev/full", input.path])
                #expect(full.status == 1 && full.stderrText.contains("write failed"), "\(full.stderrText)")
            }
        }
    }

    /// A run killed halfway leaves no file under the output's name (only its hidden temporary).
    @Test func aKilledRunLeavesNoOutputFile() throws {
        try withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("in.txt")
            try Self.write(Array(repeating: "a line of text that takes a little while to encode, again and again", count: 400_000)
                .joined(separator: "\n"), to: input)
            let output = directory.appendingPathComponent("out.bin")
            let process = Process()
            process.executableURL = try Tok.executable
            process.arguments = ["encode", "-t", Self.tokenizerPath, "--quiet", "--threads", "1", "--format", "bin",
                                 "-o", output.path, input.path]
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill it once it has written something (its temporary file exists and grows).
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                if names.contains(where: { $0.hasPrefix(".out.bin") }) { break }
                usleep(20_000)
            }
            usleep(100_000)
            let killedEarly = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(killedEarly, "the run ended before it could be killed; make the input larger")
            #expect(!FileManager.default.fileExists(atPath: output.path))
            #expect(!FileManager.default.fileExists(atPath: output.path + ".idx"))
            #expect(!FileManager.default.fileExists(atPath: output.path + ".json"))
        }
    }

    /// `tok encode … | head -1` ends quietly: no message about the closed pipe.
    @Test func endsQuietlyWhenTheReaderGoesAway() throws {
        try withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("in.txt")
            try Self.write(Array(repeating: "some words to encode again and again", count: 200_000).joined(separator: "\n"), to: input)
            let tok = try Tok.executable.path
            let run = try ConformanceEnvironment.run("sh", ["-c", "'\(tok)' encode --quiet -t '\(Self.tokenizerPath)' '\(input.path)' 2>'\(directory.path)/err' | head -1"])
            #expect(run.status == 0)
            #expect(run.output.split(separator: "\n").count == 1)
            let errors = try String(contentsOf: directory.appendingPathComponent("err"), encoding: .utf8)
            #expect(errors.isEmpty, "stderr: \(errors)")
        }
    }

    private func requireNumpy() throws {
        let check = try ConformanceEnvironment.run("python3", ["-c", "import numpy"])
        if check.status != 0 {
            Issue.record("python3 with numpy is needed to read the binary outputs back (scripts/test.sh installs it)")
            throw FixtureError("no numpy")
        }
    }
}
