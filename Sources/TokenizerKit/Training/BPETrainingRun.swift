/// The BPE training algorithm: the reference trainer's exact steps and tie-breaking, on flat arrays.
///
/// The reference (`models/bpe/trainer.rs`):
/// 1. special tokens get the first ids, in order;
/// 2. the alphabet — every character of the words, weighted by the words' counts, plus the initial
///    alphabet — is cut to `limit_alphabet` by dropping the rarest, then added in code point order;
/// 3. every word becomes one symbol per character still in the vocabulary (others are dropped), with
///    the prefix on non-first and the suffix on the last character;
/// 4. pairs are counted, and each distinct pair goes into a max-heap with its count and the set of words
///    it occurs in;
/// 5. until the vocabulary is full: pop the best pair (highest count, then the smallest pair of ids); if
///    its count is stale, push it back with the current count; stop below `min_frequency`; else add the
///    merged token (a new id unless the string exists), and merge the pair in the words of *that heap
///    entry's* set. Each merge reports pair count changes; pairs that gained occurrences get a new heap
///    entry with the words where they gained them.
///
/// Everything here follows those steps — including what they imply in corner cases: a pair can have
/// several heap entries and so be merged more than once (the written merges then keep its last rank, as
/// the reference's hash map of merges does), and the merged pair's own count is only lowered where a
/// merge overlaps it. What differs is representation: words are one flat array of symbol ids, merged
/// in place; pairs are dense indices (`PairCountTable`) with counts in an array; the heap entries' word
/// sets are arrays (the initial ones one flat array indexed by pair). The result is therefore identical
/// to the reference's, with two exceptions where the reference is not deterministic itself (it iterates
/// hash maps with a random seed): the ids of the prefix/suffix forms of characters (the reference
/// assigns them in its hash-map order of words; here in byte order of the tokens), and which
/// characters `limit_alphabet` drops among equally frequent ones (here: lower code points first).
/// Pair counts are 64-bit (the reference's are 32-bit and wrap past 2^31 occurrences).
///
/// Performance notes (105 MB of english+multilingual+code, gpt2 preset, 837k distinct words, 32k
/// vocabulary, 2 cores shared with other jobs): words counted in 3.0 s, these steps 4.4 s, peak RSS of the
/// whole `tok train` 398 MB; the reference trainer on the same corpus 73 s and 1013 MB, with identical
/// merges (Benchmarks/train_bench.py). The merge loop is sequential: the words of one heap entry are
/// merged in turn and every change is applied at once to the flat pair arrays (the reference merges them
/// on all cores and then applies the changes through hash maps).
struct BPETrainingRun {
    /// Token bytes by id.
    private(set) var tokens: [[UInt8]] = []
    private var ids = ByteStringTable(capacity: 1024)
    /// Every merge in the order made: the pair and the id of the merged token.
    private(set) var mergeLog: [(left: UInt32, right: UInt32, merged: UInt32)] = []

    let vocabularySize: Int
    let minimumFrequency: UInt64
    let alphabetLimit: Int?
    let initialAlphabet: [Unicode.Scalar]
    let prefix: [UInt8]?
    let suffix: [UInt8]?
    let maximumTokenLength: Int?

    // Words: symbols[starts[w]..<ends[w]], merged in place.
    private var symbols: [UInt32] = []
    private var lengths: [UInt32] = []
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var wordCounts: [Int64] = []

    // Pairs, by dense index.
    private var pairs = PairCountTable(capacity: 1 << 16)
    private var pairKeys: [UInt64] = []
    private var pairCounts: [Int64] = []
    /// The merge step in which the pair last gained occurrences, and the list collecting those words.
    private var pairStamps: [Int32] = []
    private var pairPendingList: [Int32] = []
    /// Initial word sets: the words of pair p are initialPositions[initialOffsets[p]..<initialOffsets[p + 1]].
    private var initialPositions: [UInt32] = []
    private var initialOffsets: [Int] = []

    private var heap = MergeQueue()
    private var lists: [[UInt32]] = []
    private var freeLists: [Int32] = []
    private var pendingPairs: [Int32] = []
    private var stamp: Int32 = 0

    init(trainer: BPETrainer) {
        vocabularySize = trainer.vocabularySize
        minimumFrequency = trainer.minimumFrequency
        alphabetLimit = trainer.alphabetLimit
        initialAlphabet = trainer.initialAlphabet
        prefix = trainer.continuingSubwordPrefix.map { Array($0.utf8) }
        suffix = trainer.endOfWordSuffix.map { Array($0.utf8) }
        maximumTokenLength = trainer.maximumTokenLength
    }

    // MARK: Vocabulary

    @discardableResult
    private mutating func addToken(_ token: [UInt8]) -> UInt32 {
        if let id = ids.value(for: token) { return id }
        let id = UInt32(tokens.count)
        tokens.append(token)
        ids.set(id, for: token)
        return id
    }

    func id(of token: [UInt8]) -> UInt32? { ids.value(for: token) }

    // MARK: Steps

    /// Runs every step; `progress` hears `preparing` (alphabet, words, pair counts), then `merging`
    /// (vocabulary size so far of `vocabularySize`).
    mutating func run(specialTokens: [AddedToken], words: WordCounts, progress: TrainingProgressHandler?) {
        progress?(TrainingProgress(stage: "preparing", completed: 0, total: 0))
        for token in specialTokens { addToken(Array(token.content.utf8)) }
        addAlphabet(words)
        tokenizeWords(words)
        countPairs()
        merge(progress: progress)
    }

    /// Step 2: the alphabet, weighted by word counts, limited, in code point order.
    private mutating func addAlphabet(_ words: WordCounts) {
        var basic = [UInt64](repeating: 0, count: 0x10000)
        var supplementary: [UInt32: UInt64] = [:]
        words.table.forEach { word, count in
            var i = 0
            while i < word.count {
                let (value, length) = UTF8Scalar.decode(word, at: i)
                if value < 0x10000 { basic[Int(value)] &+= count } else { supplementary[value, default: 0] &+= count }
                i += length
            }
        }
        for scalar in initialAlphabet {
            if scalar.value < 0x10000 { basic[Int(scalar.value)] = .max } else { supplementary[scalar.value] = .max }
        }
        var kept: [(scalar: UInt32, count: UInt64)] = []
        for (value, count) in basic.enumerated() where count > 0 { kept.append((UInt32(value), count)) }
        for (value, count) in supplementary where count > 0 { kept.append((value, count)) }
        if let limit = alphabetLimit, kept.count > limit {
            // The reference sorts by count with an unstable sort; equal counts fall in hash order there.
            kept.sort { $0.count != $1.count ? $0.count < $1.count : $0.scalar < $1.scalar }
            kept.removeFirst(kept.count - limit)
        }
        kept.sort { $0.scalar < $1.scalar }
        var bytes: [UInt8] = []
        for (scalar, _) in kept {
            bytes.removeAll(keepingCapacity: true)
            UTF8Scalar.append(scalar, to: &bytes)
            addToken(bytes)
        }
    }

    /// Step 3: words as symbol ids. Characters outside the vocabulary are dropped; with a prefix or
    /// suffix, the forms of each character are added as tokens (all of them, sorted, before any word
    /// uses them, so that ids do not depend on the order of words).
    private mutating func tokenizeWords(_ words: WordCounts) {
        let trackLengths = maximumTokenLength != nil
        var total = 0
        words.table.forEach { word, _ in total += word.count }
        symbols.reserveCapacity(total)
        if trackLengths { lengths.reserveCapacity(total) }
        starts.reserveCapacity(words.distinctWords)
        ends.reserveCapacity(words.distinctWords)
        wordCounts.reserveCapacity(words.distinctWords)

        // Symbol id per (scalar, form): form bit 0 = prefixed (not first), bit 1 = suffixed (last).
        // UInt32.max: not looked up yet; UInt32.max - 1: dropped (not in the vocabulary).
        let unknown = UInt32.max, dropped = UInt32.max - 1
        var fastForms = [UInt32](repeating: unknown, count: 0x800 * 4)
        var slowForms: [UInt32: UInt32] = [:]
        let hasForms = prefix != nil || suffix != nil
        var scratch: [UInt8] = []

        func formKey(_ scalar: UInt32, first: Bool, last: Bool) -> UInt32 {
            var form: UInt32 = 0
            if !first && prefix != nil { form |= 1 }
            if last && suffix != nil { form |= 2 }
            return scalar << 2 | form
        }
        func cached(_ key: UInt32) -> UInt32 {
            key < UInt32(fastForms.count) ? fastForms[Int(key)] : (slowForms[key] ?? unknown)
        }
        func store(_ key: UInt32, _ value: UInt32) {
            if key < UInt32(fastForms.count) { fastForms[Int(key)] = value } else { slowForms[key] = value }
        }
        func spelled(_ key: UInt32, into bytes: inout [UInt8]) {
            bytes.removeAll(keepingCapacity: true)
            if key & 1 != 0, let prefix { bytes += prefix }
            UTF8Scalar.append(key >> 2, to: &bytes)
            if key & 2 != 0, let suffix { bytes += suffix }
        }
        /// The id of a form: its character's id, or its spelled form's; `dropped` when the character is
        /// not in the vocabulary, nil when the spelled form is not a token yet.
        func resolve(_ key: UInt32, _ scratch: inout [UInt8]) -> UInt32? {
            guard let plain = ids.value(for: UTF8Scalar.bytes(key >> 2)) else { return dropped }
            if key & 3 == 0 { return plain }
            spelled(key, into: &scratch)
            return ids.value(for: scratch)
        }

        if hasForms {
            // Pass 1: every form some word needs that is not a token yet.
            var missing: Set<UInt32> = []
            let placeholder = dropped - 1
            words.table.forEach { word, _ in
                var i = 0
                while i < word.count {
                    let (value, length) = UTF8Scalar.decode(word, at: i)
                    let key = formKey(value, first: i == 0, last: i + length == word.count)
                    if cached(key) == unknown {
                        if let id = resolve(key, &scratch) {
                            store(key, id)
                        } else {
                            store(key, placeholder)
                            missing.insert(key)
                        }
                    }
                    i += length
                }
            }
            var spellings: [(key: UInt32, bytes: [UInt8])] = missing.map { key in
                var bytes: [UInt8] = []
                spelled(key, into: &bytes)
                return (key, bytes)
            }
            spellings.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }
            for (key, bytes) in spellings { store(key, addToken(bytes)) }
        }

        // Pass 2: the words.
        words.table.forEach { word, count in
            starts.append(symbols.count)
            var i = 0
            while i < word.count {
                let (value, length) = UTF8Scalar.decode(word, at: i)
                let key = hasForms ? formKey(value, first: i == 0, last: i + length == word.count) : value << 2
                var id = cached(key)
                if id == unknown {
                    id = resolve(key, &scratch) ?? dropped // without forms, resolve never returns nil
                    store(key, id)
                }
                if id != dropped {
                    symbols.append(id)
                    if trackLengths { lengths.append(1) }
                }
                i += length
            }
            ends.append(symbols.count)
            wordCounts.append(Int64(truncatingIfNeeded: count))
        }
    }

    @inline(__always)
    private mutating func pairIndex(_ key: UInt64) -> Int {
        let (index, isNew) = pairs.insert(key)
        if isNew {
            pairKeys.append(key)
            pairCounts.append(0)
            pairStamps.append(-1)
            pairPendingList.append(-1)
        }
        return index
    }

    /// Step 4: pair counts and the words of each pair, then the heap.
    private mutating func countPairs() {
        var symbolPairs = [Int32](repeating: -1, count: symbols.count)
        var lastWord: [Int32] = []
        var wordsPerPair: [Int32] = []
        for w in 0..<starts.count {
            let count = wordCounts[w]
            var i = starts[w]
            let end = ends[w]
            while i + 1 < end {
                let p = pairIndex(UInt64(symbols[i]) << 32 | UInt64(symbols[i + 1]))
                if p == lastWord.count {
                    lastWord.append(-1)
                    wordsPerPair.append(0)
                }
                pairCounts[p] &+= count
                if lastWord[p] != Int32(w) {
                    lastWord[p] = Int32(w)
                    wordsPerPair[p] += 1
                }
                symbolPairs[i] = Int32(p)
                i += 1
            }
        }
        initialOffsets = [Int](repeating: 0, count: pairKeys.count + 1)
        for p in 0..<pairKeys.count { initialOffsets[p + 1] = initialOffsets[p] + Int(wordsPerPair[p]) }
        initialPositions = [UInt32](repeating: 0, count: initialOffsets[pairKeys.count])
        var fill = Array(initialOffsets.dropLast())
        for p in 0..<lastWord.count { lastWord[p] = -1 }
        for w in 0..<starts.count {
            var i = starts[w]
            let end = ends[w]
            while i + 1 < end {
                let p = Int(symbolPairs[i])
                if lastWord[p] != Int32(w) {
                    lastWord[p] = Int32(w)
                    initialPositions[fill[p]] = UInt32(w)
                    fill[p] += 1
                }
                i += 1
            }
        }
        var entries: [MergeQueue.Entry] = []
        entries.reserveCapacity(pairKeys.count)
        for p in 0..<pairKeys.count where pairCounts[p] > 0 {
            entries.append(MergeQueue.Entry(count: UInt64(pairCounts[p]), pair: pairKeys[p], pairIndex: Int32(p), list: -1))
        }
        heap = MergeQueue(entries)
    }

    /// Step 5: the merges.
    private mutating func merge(progress: TrainingProgressHandler?) {
        var reported = 0
        while tokens.count < vocabularySize {
            guard var top = heap.pop() else { break }
            let current = UInt64(clamping: pairCounts[Int(top.pairIndex)])
            if top.count != current {
                top.count = current
                heap.push(top)
                continue
            }
            if top.count < 1 || minimumFrequency > top.count {
                release(top.list)
                break
            }
            let left = UInt32(truncatingIfNeeded: top.pair >> 32)
            let right = UInt32(truncatingIfNeeded: top.pair)
            var merged = tokens[Int(left)]
            let rightToken = tokens[Int(right)]
            if let prefix, rightToken.starts(with: prefix) {
                merged += rightToken[prefix.count...]
            } else {
                merged += rightToken
            }
            let mergedID = addToken(merged)
            mergeLog.append((left, right, mergedID))

            stamp += 1
            if top.list < 0 {
                let p = Int(top.pairIndex)
                for k in initialOffsets[p]..<initialOffsets[p + 1] {
                    mergeWord(Int(initialPositions[k]), left: left, right: right, merged: mergedID)
                }
            } else {
                let words = lists[Int(top.list)]
                for w in words { mergeWord(Int(w), left: left, right: right, merged: mergedID) }
                release(top.list)
            }
            for p in pendingPairs {
                let list = pairPendingList[Int(p)]
                let count = pairCounts[Int(p)]
                if count > 0 {
                    heap.push(MergeQueue.Entry(count: UInt64(count), pair: pairKeys[Int(p)], pairIndex: p, list: list))
                } else {
                    release(list)
                }
            }
            pendingPairs.removeAll(keepingCapacity: true)

            if let progress, tokens.count - reported >= 256 {
                reported = tokens.count
                progress(TrainingProgress(stage: "merging", completed: tokens.count, total: vocabularySize))
            }
        }
        progress?(TrainingProgress(stage: "merging", completed: tokens.count, total: vocabularySize))
        // Free the training state before the caller builds its output.
        symbols = []; lengths = []; starts = []; ends = []; wordCounts = []
        initialPositions = []; initialOffsets = []; lists = []; heap = MergeQueue()
    }

    private mutating func release(_ list: Int32) {
        guard list >= 0 else { return }
        lists[Int(list)].removeAll(keepingCapacity: lists[Int(list)].count <= 64)
        freeLists.append(list)
    }

    private mutating func newList() -> Int32 {
        if let list = freeLists.popLast() { return list }
        lists.append([])
        return Int32(lists.count - 1)
    }

    /// A change of `delta` occurrences of a pair in word `w` (count `count`), as `Word::merge` reports it.
    @inline(__always)
    private mutating func change(_ a: UInt32, _ b: UInt32, _ delta: Int64, word w: Int, count: Int64) {
        let p = pairIndex(UInt64(a) << 32 | UInt64(b))
        pairCounts[p] &+= delta &* count
        guard delta > 0 else { return }
        if pairStamps[p] != stamp {
            pairStamps[p] = stamp
            let list = newList()
            lists[Int(list)].append(UInt32(w))
            pairPendingList[p] = list
            pendingPairs.append(Int32(p))
        } else {
            let list = Int(pairPendingList[p])
            if lists[list].last != UInt32(w) { lists[list].append(UInt32(w)) }
        }
    }

    /// Merges every occurrence of (left, right) in word `w`, left to right, as the reference's
    /// `Word::merge` does (including its length rule: a new pair is only counted when the two symbols
    /// together are shorter than `max_token_length` characters).
    private mutating func mergeWord(_ w: Int, left: UInt32, right: UInt32, merged: UInt32) {
        let start = starts[w]
        let end = ends[w]
        let count = wordCounts[w]
        let trackLengths = maximumTokenLength != nil
        let limit = UInt64(maximumTokenLength ?? 0)
        var read = start
        var write = start
        while read < end {
            if symbols[read] == left && read + 1 < end && symbols[read + 1] == right {
                let mergedLength = trackLengths ? lengths[read] + lengths[read + 1] : 0
                if write > start {
                    let previous = symbols[write - 1]
                    change(previous, left, -1, word: w, count: count)
                    if !trackLengths || UInt64(lengths[write - 1]) + UInt64(mergedLength) < limit {
                        change(previous, merged, 1, word: w, count: count)
                    }
                }
                symbols[write] = merged
                if trackLengths { lengths[write] = mergedLength }
                write += 1
                read += 2
                if read < end {
                    let next = symbols[read]
                    change(right, next, -1, word: w, count: count)
                    if !trackLengths || UInt64(lengths[read]) + UInt64(mergedLength) < limit {
                        change(merged, next, 1, word: w, count: count)
                    }
                }
            } else {
                if write != read {
                    symbols[write] = symbols[read]
                    if trackLengths { lengths[write] = lengths[read] }
                }
                write += 1
                read += 1
            }
        }
        ends[w] = write
    }

    /// The merges to write: in the order made, a pair merged more than once at its last position (the
    /// reference keeps merges in a hash map keyed by pair, so the last rank wins).
    var merges: [(left: UInt32, right: UInt32)] {
        var last: [UInt64: Int] = [:]
        for (i, m) in mergeLog.enumerated() { last[UInt64(m.left) << 32 | UInt64(m.right)] = i }
        var result: [(left: UInt32, right: UInt32)] = []
        result.reserveCapacity(last.count)
        for (i, m) in mergeLog.enumerated() where last[UInt64(m.left) << 32 | UInt64(m.right)] == i {
            result.append((m.left, m.right))
        }
        return result
    }
}

extension UTF8Scalar {
    /// The UTF-8 bytes of one scalar.
    static func bytes(_ value: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        append(value, to: &bytes)
        return bytes
    }
}

/// The trainer's max-heap of pairs: the highest count first, then the smallest pair (left id, then right id).
struct MergeQueue {
    struct Entry {
        var count: UInt64
        var pair: UInt64
        var pairIndex: Int32
        /// The words to merge in: an index into the trainer's lists, or -1 for the pair's initial words.
        var list: Int32
    }

    private var entries: [Entry] = []

    init() {}

    /// A heap of `entries` (built in O(n)).
    init(_ entries: [Entry]) {
        self.entries = entries
        var i = entries.count / 2 - 1
        while i >= 0 {
            siftDown(i)
            i -= 1
        }
    }

    var isEmpty: Bool { entries.isEmpty }

    @inline(__always)
    private static func above(_ a: Entry, _ b: Entry) -> Bool {
        a.count != b.count ? a.count > b.count : a.pair < b.pair
    }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.above(entries[i], entries[parent]) else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return last }
        let top = entries[0]
        entries[0] = last
        siftDown(0)
        return top
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = entries.count
        while true {
            let l = 2 * i + 1
            guard l < n else { return }
            var best = l
            if l + 1 < n && Self.above(entries[l + 1], entries[l]) { best = l + 1 }
            guard Self.above(entries[best], entries[i]) else { return }
            entries.swapAt(i, best)
            i = best
        }
    }
}
