import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where output goes. A regular file is written to a temporary file beside it and renamed into place
/// only on success; standard output, devices and pipes are written directly and never replaced.
final class OutputSink: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<FILE>
    private let finalPath: String?
    private let temporaryPath: String?
    /// Set once the file is closed, so that nothing closes it twice.
    private var closed = false

    init(path: String?) throws {
        guard let path, path != "-" else {
            handle = fdopen(dup(STDOUT_FILENO), "wb")!
            finalPath = nil
            temporaryPath = nil
            return
        }
        var info = stat()
        let exists = stat(path, &info) == 0
        let isRegular = !exists || (info.st_mode & S_IFMT) == S_IFREG
        if isRegular {
            let directory = (path as NSString).deletingLastPathComponent
            let name = (path as NSString).lastPathComponent
            let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).tok-\(getpid()).tmp"
            guard let file = fopen(temporary, "wb") else {
                throw CommandFailure("\(path): cannot write: \(String(cString: strerror(errno)))")
            }
            handle = file
            finalPath = path
            temporaryPath = temporary
        } else {
            guard let file = fopen(path, "wb") else {
                throw CommandFailure("\(path): cannot write: \(String(cString: strerror(errno)))")
            }
            handle = file
            finalPath = nil
            temporaryPath = nil
        }
    }

    /// True when `path` names a regular file or nothing yet (not a device or a pipe).
    static func isRegularFilePath(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) != 0 || (info.st_mode & S_IFMT) == S_IFREG
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, handle) }
        if written != bytes.count {
            throw CommandFailure("\(finalPath ?? "output"): write failed: \(String(cString: strerror(errno)))")
        }
    }

    func flush() throws {
        if fflush(handle) != 0 {
            throw CommandFailure("\(finalPath ?? "output"): write failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Finishes a successful run: flushes, and for a regular file closes it and renames it into place.
    /// A failure here is the run's failure (the temporary file is removed), never a silent loss.
    func commit() throws {
        guard let temporaryPath, let finalPath else {
            try flush()
            return
        }
        closed = true
        guard fclose(handle) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw CommandFailure("\(finalPath): write failed: \(reason)")
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw CommandFailure("\(finalPath): cannot move output into place: \(reason)")
        }
    }

    /// Gives up after a failure: a regular file's temporary copy is removed; the target is untouched.
    func abandon() {
        guard let temporaryPath else {
            fflush(handle)
            return
        }
        if !closed {
            closed = true
            fclose(handle)
        }
        unlink(temporaryPath)
    }
}
