import Dispatch
import Foundation

extension Tokenizer {
    /// Encodes many texts on every core; the results are in input order.
    ///
    /// Padding with the batch-longest strategy pads every encoding to the longest of the batch (rounded
    /// up to `pad_to_multiple_of`), as the reference's `encode_batch` does.
    ///
    /// ```swift
    /// let encodings = tokenizer.encode(batch: ["Hello world", "How are you?"])
    /// ```
    /// - Parameter threads: worker threads (default: all cores).
    public func encode(batch texts: [String], pairs: [String]? = nil, addingSpecialTokens: Bool = true,
                       offsets unit: OffsetUnit = .scalars, threads: Int? = nil) -> [Encoding] {
        precondition(pairs == nil || pairs!.count == texts.count, "pairs must have one text per input text")
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, texts.count))
        var results = [Encoding](repeating: Encoding(), count: texts.count)
        // Per-text padding is left to the end: batch-longest depends on the whole batch.
        let unpadded = Tokenizer(copying: self, padding: nil)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var workspace = EncodingWorkspace()
                let lo = texts.count * worker / workers
                let hi = texts.count * (worker + 1) / workers
                for i in lo..<hi {
                    slots[i] = unpadded.encode(texts[i], pair: pairs?[i], addingSpecialTokens: addingSpecialTokens,
                                               offsets: unit, using: &workspace)
                }
            }
        }
        if let padding {
            let longest = results.map(\.count).max() ?? 0
            let target = padding.targetLength(longest: longest)
            for i in results.indices { padding.pad(&results[i], to: target) }
        }
        return results
    }
}
