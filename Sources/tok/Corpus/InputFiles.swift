import Foundation

/// The input list of `tok encode`: files, directories (every regular file below them, in path order) and
/// `-` for standard input, then the slice `--shard INDEX/COUNT` selects.
enum InputFiles {
    /// Expands directories and checks that every file exists; the order is the order given, each
    /// directory's files sorted by path (byte order), so that every run sees the same list.
    static func expand(_ arguments: [String]) throws -> [String] {
        var files: [String] = []
        for argument in arguments.isEmpty ? ["-"] : arguments {
            if argument == "-" {
                files.append(argument)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw CommandFailure("\(argument): no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(argument)
                continue
            }
            guard let walker = FileManager.default.enumerator(atPath: argument) else {
                throw CommandFailure("\(argument): cannot list the directory")
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let path = (argument as NSString).appendingPathComponent(relative)
                var isSubdirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isSubdirectory), !isSubdirectory.boolValue {
                    found.append(path)
                }
            }
            files += found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        }
        return files
    }

    /// A contiguous slice of `files` for shard `index` of `count`: shards 0, 1, … in order cover the list
    /// exactly once, so concatenating their outputs in order equals encoding the whole list.
    static func shard(_ files: [String], index: Int, count: Int) -> [String] {
        let start = files.count * index / count
        let end = files.count * (index + 1) / count
        return Array(files[start..<end])
    }
}

/// `--shard INDEX/COUNT`.
struct ShardSelection: Equatable {
    let index: Int
    let count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
              count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }
}
