import Foundation

/// The global names of transformers' chat-template environment: jinja2's `range`, `dict`,
/// `namespace`, `joiner`, and transformers' `raise_exception` and `strftime_now`.
enum Globals {
    /// jinja2's sandbox refuses ranges longer than this (`MAX_RANGE`).
    static let maximumRange = 100_000

    static func make() -> [String: Value] {
        [
            "range": .function(Function("range", range)),
            "dict": .function(Function("dict") { arguments in
                var d = ValueDictionary()
                if let first = arguments.positional.first {
                    switch first {
                    case .dictionary(let source): d = source
                    case .list(let pairs), .tuple(let pairs):
                        for pair in pairs {
                            guard case .tuple(let kv) = pair, kv.count == 2 else {
                                if case .list(let kv) = pair, kv.count == 2 { d[kv[0]] = kv[1]; continue }
                                throw TemplateError.type("dictionary update sequence element has wrong length")
                            }
                            d[kv[0]] = kv[1]
                        }
                    default: throw TemplateError.type("'\(first.typeName)' object is not iterable")
                    }
                }
                for (name, value) in arguments.keywords { d[.string(name)] = value }
                return .dictionary(d)
            }),
            "namespace": .function(Function("namespace") { arguments in
                var attributes = ValueDictionary()
                if let first = arguments.positional.first {
                    guard case .dictionary(let d) = first else { throw TemplateError.type("'\(first.typeName)' object is not iterable") }
                    attributes = d
                }
                for (name, value) in arguments.keywords { attributes[.string(name)] = value }
                for key in attributes.keys {
                    if case .string(let name) = key { try checkNamespaceName(name) }
                }
                return .namespace(Namespace(attributes))
            }),
            "joiner": .function(Function("joiner") { arguments in
                let separator = arguments.value(0, "sep", default: .string(", "))
                final class Used { var value = false }
                let used = Used()
                return .function(Function("joiner") { _ in
                    if used.value { return separator }
                    used.value = true
                    return .string("")
                })
            }),
            "raise_exception": .function(Function("raise_exception") { arguments in
                throw TemplateError(.raised, arguments.positional.first?.pythonString ?? "")
            }),
            "strftime_now": .function(Function("strftime_now") { arguments in
                guard case .string(let format)? = arguments.value(0, "format") else {
                    throw TemplateError.type("strftime() argument 1 must be str")
                }
                return .string(strftimeNow(format))
            }),
        ]
    }

    /// transformers refuses namespace attributes that start with "_".
    static func checkNamespaceName(_ name: String) throws {
        if name.hasPrefix("_") {
            throw TemplateError(.security, "Chat templates cannot store underscore-prefixed attributes on a namespace, but got '\(name)'. Please rename the attribute.")
        }
    }

    private static func range(_ arguments: Arguments) throws -> Value {
        var bounds: [Int] = []
        for value in arguments.positional {
            switch value {
            case .int(let i): bounds.append(i)
            case .bool(let b): bounds.append(b ? 1 : 0)
            case .undefined(let u): throw u.error()
            default: throw TemplateError.type("'\(value.typeName)' object cannot be interpreted as an integer")
            }
        }
        let (start, stop, step): (Int, Int, Int)
        switch bounds.count {
        case 1: (start, stop, step) = (0, bounds[0], 1)
        case 2: (start, stop, step) = (bounds[0], bounds[1], 1)
        case 3: (start, stop, step) = (bounds[0], bounds[1], bounds[2])
        default: throw TemplateError.type("range expected at most 3 arguments, got \(bounds.count)")
        }
        guard step != 0 else { throw TemplateError.type("range() arg 3 must not be zero") }
        let count = step > 0 ? (stop > start ? (stop - start - 1) / step + 1 : 0) : (start > stop ? (start - stop - 1) / (-step) + 1 : 0)
        guard count <= maximumRange else {
            throw TemplateError(.security, "Range too big. The sandbox blocks ranges larger than MAX_RANGE (\(maximumRange)).")
        }
        return .list((0..<count).map { .int(start + $0 * step) })
    }

    /// `datetime.now().strftime(format)` in local time.
    static func strftimeNow(_ format: String) -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 512)
        let length = strftime(&buffer, buffer.count, format, &parts)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
