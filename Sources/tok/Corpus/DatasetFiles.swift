import Foundation

/// The training-ready binary layouts `tok encode` writes and `tok merge` joins.
///
/// `--format bin` (nanoGPT's layout) writes three files:
/// - `OUT`: nothing but the token ids, little-endian, `uint16` when the vocabulary has at most 65 536 ids,
///   else `uint32` (`numpy.memmap(OUT, dtype=numpy.uint16)` reads it);
/// - `OUT.idx`: one little-endian `uint64` per document, the offset (in tokens) where it ends;
/// - `OUT.json`: the dtype, token and document counts, and the tokenizer used.
///
/// `--format megatron` writes Megatron-LM's indexed dataset (`MMapIndexedDataset`), for a prefix `P`
/// (`-o P.bin` or `-o P`): `P.bin` holds the ids as above; `P.idx` holds, all little-endian:
/// the 9 bytes `MMIDIDX\0\0`, `uint64` version 1, `uint8` dtype code (8 = uint16, 4 = int32),
/// `uint64` sequence count N, `uint64` document count N + 1, then `int32` sizes[N] (tokens per document),
/// `int64` pointers[N] (byte offset of each document in `P.bin`), `int64` document indices[N + 1]
/// (0, 1, …, N: one sequence per document).
enum DatasetFiles {
    /// Bytes per token id for a vocabulary size.
    static func bytesPerID(vocabularySize: Int) -> Int { vocabularySize <= 65_536 ? 2 : 4 }

    static func dtypeName(bytesPerID: Int) -> String { bytesPerID == 2 ? "uint16" : "uint32" }

    /// Megatron's dtype codes (its `DType` enum): uint16 = 8, int32 = 4.
    static func megatronDtypeCode(bytesPerID: Int) -> UInt8 { bytesPerID == 2 ? 8 : 4 }

    static let megatronMagic: [UInt8] = Array("MMIDIDX".utf8) + [0, 0]

    /// The paths `tok encode --format megatron -o PATH` writes: `P.bin` and `P.idx`.
    static func megatronPaths(output: String) -> (bin: String, idx: String) {
        let prefix = output.hasSuffix(".bin") ? String(output.dropLast(4)) : output
        return (prefix + ".bin", prefix + ".idx")
    }

    static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// The Megatron `.idx` for documents of the given sizes (tokens each).
    static func megatronIndex(sizes: [UInt32], bytesPerID: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(34 + sizes.count * 20)
        out += megatronMagic
        appendLittleEndian(UInt64(1), to: &out)
        out.append(megatronDtypeCode(bytesPerID: bytesPerID))
        appendLittleEndian(UInt64(sizes.count), to: &out)
        appendLittleEndian(UInt64(sizes.count + 1), to: &out)
        for size in sizes { appendLittleEndian(Int32(size), to: &out) }
        var pointer: Int64 = 0
        for size in sizes {
            appendLittleEndian(pointer, to: &out)
            pointer += Int64(size) * Int64(bytesPerID)
        }
        for i in 0...sizes.count { appendLittleEndian(Int64(i), to: &out) }
        return out
    }

    /// Reads a Megatron `.idx` back: its dtype's bytes per id and the document sizes.
    static func readMegatronIndex(_ bytes: [UInt8], name: String) throws -> (bytesPerID: Int, sizes: [UInt32]) {
        func fail(_ why: String) -> CommandFailure { CommandFailure("\(name): not a Megatron index: \(why)") }
        guard bytes.count >= 34, Array(bytes[0..<9]) == megatronMagic else { throw fail("bad magic") }
        func u64(_ at: Int) -> UInt64 { bytes[at..<(at + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        guard u64(9) == 1 else { throw fail("version \(u64(9))") }
        let width: Int
        switch bytes[17] {
        case 8: width = 2
        case 4: width = 4
        default: throw fail("dtype code \(bytes[17]) (tok writes 8 or 4)")
        }
        let count = Int(u64(18))
        guard u64(26) == UInt64(count + 1), bytes.count == 34 + count * 4 + count * 8 + (count + 1) * 8 else {
            throw fail("sizes do not match the sequence count")
        }
        var sizes: [UInt32] = []
        sizes.reserveCapacity(count)
        for i in 0..<count {
            let at = 34 + i * 4
            sizes.append(bytes[at..<(at + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) })
        }
        return (width, sizes)
    }

    /// The `OUT.json` sidecar of `--format bin`.
    struct Sidecar: Codable, Equatable {
        var format = "tok-bin-v1"
        var dtype: String
        var tokens: Int
        var documents: Int
        var vocabularySize: Int
        var tokenizer: String
        var bos: UInt32?
        var eos: UInt32?

        enum CodingKeys: String, CodingKey {
            case format, dtype, tokens, documents, tokenizer, bos, eos
            case vocabularySize = "vocab_size"
        }

        func encoded() throws -> [UInt8] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return Array(try encoder.encode(self)) + [0x0A]
        }

        static func read(_ path: String) throws -> Sidecar {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("\(path): cannot read (each bin input needs its .json sidecar)")
            }
            do {
                return try JSONDecoder().decode(Sidecar.self, from: data)
            } catch {
                throw CommandFailure("\(path): not a tok bin sidecar: \(error)")
            }
        }
    }
}
