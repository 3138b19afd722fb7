import Dispatch
import Foundation

/// Reads items on one thread, transforms them on `threads` Dispatch workers (each with its own state, such
/// as an `EncodingWorkspace` and its word caches), and consumes the results strictly in reading order on a
/// writer thread. At most `window` items are in flight (read but not yet consumed), so memory stays
/// bounded whatever the input size, and the output is the same for any number of threads.
final class OrderedPipeline<Item: Sendable, Output: Sendable, WorkerState>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Items read and not yet taken by a worker, from `queueHead` on; a taken slot is emptied at once, so
    /// that the queue never keeps an item (a chunk of input) alive after its worker is done with it.
    private var queue: [(sequence: Int, item: Item?)] = []
    private var queueHead = 0
    private var results: [Int: Output] = [:]
    private var produced = 0
    private var readerDone = false
    private var failure: Error?
    private var cancelled = false
    /// Items read and not yet consumed; the reader waits while it is `window`.
    private var inFlight = 0
    private let window: Int

    init(window: Int) {
        self.window = max(1, window)
    }

    /// Runs the pipeline to the end; rethrows the first error of the reader or the consumer (the items
    /// after it are dropped).
    func run(threads: Int, states: [WorkerState],
             produce: @escaping () throws -> Item?,
             transform: @escaping (Item, inout WorkerState) -> Output,
             consume: @escaping (Output) throws -> Void) throws {
        precondition(states.count == threads)
        // The closures cross threads; the pipeline's lock orders every access to what they share.
        nonisolated(unsafe) let produce = produce
        nonisolated(unsafe) let consume = consume
        nonisolated(unsafe) let transform = transform
        let readerFinished = DispatchSemaphore(value: 0)
        let writerFinished = DispatchSemaphore(value: 0)
        let reader = Thread { [self] in
            readLoop(produce)
            readerFinished.signal()
        }
        reader.stackSize = 1 << 20
        reader.start()
        let writer = Thread { [self] in
            writeLoop(consume)
            writerFinished.signal()
        }
        writer.start()
        nonisolated(unsafe) var workerStates = states
        workerStates.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                workLoop(transform, state: &slots[worker])
            }
        }
        readerFinished.wait()
        writerFinished.wait()
        if let failure { throw failure }
    }

    private func readLoop(_ produce: () throws -> Item?) {
        while true {
            condition.lock()
            while inFlight >= window && !cancelled { condition.wait() }
            let stop = cancelled
            condition.unlock()
            if stop { break }
            do {
                guard let item = try produce() else { break }
                condition.lock()
                queue.append((produced, item))
                produced += 1
                inFlight += 1
                condition.broadcast()
                condition.unlock()
            } catch {
                fail(error)
                break
            }
        }
        condition.lock()
        readerDone = true
        condition.broadcast()
        condition.unlock()
    }

    private func workLoop(_ transform: (Item, inout WorkerState) -> Output, state shared: inout WorkerState) {
        // A private copy while working: the workers' states sit side by side in one array, and writing
        // them there would bounce cache lines between cores.
        var state = shared
        defer { shared = state }
        while true {
            condition.lock()
            while queueHead == queue.count && !readerDone && !cancelled { condition.wait() }
            if queueHead == queue.count || cancelled {
                condition.unlock()
                return
            }
            let (sequence, taken) = queue[queueHead]
            queue[queueHead].item = nil
            let item = taken.unsafelyUnwrapped
            queueHead += 1
            if queueHead > 64 && queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            condition.unlock()
            let output = transform(item, &state)
            condition.lock()
            results[sequence] = output
            condition.broadcast()
            condition.unlock()
        }
    }

    private func writeLoop(_ consume: (Output) throws -> Void) {
        var next = 0
        while true {
            condition.lock()
            while results[next] == nil && !(readerDone && next == produced) && !cancelled { condition.wait() }
            if cancelled || results[next] == nil {
                condition.unlock()
                return
            }
            let output = results.removeValue(forKey: next)!
            condition.unlock()
            do {
                try consume(output)
            } catch {
                fail(error)
                return
            }
            next += 1
            condition.lock()
            inFlight -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Records the first error and stops every stage.
    private func fail(_ error: Error) {
        condition.lock()
        if failure == nil { failure = error }
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
