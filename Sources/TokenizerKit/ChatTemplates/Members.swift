/// Attribute and item access as jinja2's sandbox does it: `a.b` tries Python attributes (methods)
/// first and then items; `a[b]` tries items first and then attributes; dunder attributes and methods
/// that would modify a value are refused (they become undefined values that raise `SecurityError`).
enum Members {
    static func attribute(of object: Value, _ name: String, renderer: TemplateRenderer) throws -> Value {
        switch object {
        case .undefined(let u):
            throw u.error()
        case .dictionary(let d):
            if let method = method(of: object, name) { return method }
            return d[.string(name)] ?? .missingAttribute(name, of: object)
        case .namespace(let ns):
            return ns.attributes[.string(name)] ?? .missingAttribute(name, of: object)
        case .loop(let loop):
            return loopAttribute(loop, name, renderer: renderer) ?? .missingAttribute(name, of: object)
        default:
            return method(of: object, name) ?? .missingAttribute(name, of: object)
        }
    }

    static func item(of object: Value, _ key: Value, renderer: TemplateRenderer) throws -> Value {
        switch (object, key) {
        case (.undefined(let u), _):
            throw u.error()
        case (_, .undefined(let u)):
            throw u.error()
        case (.list(let items), _), (.tuple(let items), _):
            if let i = integerIndex(key) {
                let position = i < 0 ? i + items.count : i
                if position >= 0 && position < items.count { return items[position] }
            }
        case (.string(let s), _):
            if let i = integerIndex(key) {
                let scalars = Array(s.unicodeScalars)
                let position = i < 0 ? i + scalars.count : i
                if position >= 0 && position < scalars.count { return .string(String(scalars[position])) }
            }
        case (.dictionary(let d), _):
            if let value = d[key] { return value }
        case (.namespace(let ns), _):
            if let value = ns.attributes[key] { return value }
        default:
            break
        }
        if case .string(let name) = key {
            if case .loop(let loop) = object, let value = loopAttribute(loop, name, renderer: renderer) { return value }
            if let method = method(of: object, name) { return method }
        }
        return .missingElement(key, of: object)
    }

    private static func integerIndex(_ key: Value) -> Int? {
        switch key {
        case .int(let i): i
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    private static func loopAttribute(_ loop: LoopObject, _ name: String, renderer: TemplateRenderer) -> Value? {
        let count = loop.items.count
        switch name {
        case "index": return .int(loop.index0 + 1)
        case "index0": return .int(loop.index0)
        case "revindex": return .int(count - loop.index0)
        case "revindex0": return .int(count - loop.index0 - 1)
        case "first": return .bool(loop.index0 == 0)
        case "last": return .bool(loop.index0 == count - 1)
        case "length": return .int(count)
        case "depth": return .int(loop.depth0 + 1)
        case "depth0": return .int(loop.depth0)
        case "previtem":
            return loop.index0 > 0 ? loop.items[loop.index0 - 1] : .undefined(Value.Undefined(message: "there is no previous item"))
        case "nextitem":
            return loop.index0 + 1 < count ? loop.items[loop.index0 + 1] : .undefined(Value.Undefined(message: "there is no next item"))
        case "cycle":
            return .function(Function("cycle") { arguments in
                guard !arguments.positional.isEmpty else { throw TemplateError.type("no items for cycling given") }
                return arguments.positional[loop.index0 % arguments.positional.count]
            })
        case "changed":
            return .function(Function("changed") { arguments in
                let values = arguments.positional
                if let last = loop.lastChangedValue, Value.list(last).pythonEquals(.list(values)) { return .bool(false) }
                loop.lastChangedValue = values
                return .bool(true)
            })
        default: return nil
        }
    }

    /// Methods a template may call, by receiver type; the rest of Python's methods that exist but would
    /// modify the receiver give an unsafe undefined value, as the sandbox's `unsafe_undefined` does.
    private static let mutatingMethods: [String: Set<String>] = [
        "list": ["append", "clear", "pop", "reverse", "insert", "sort", "extend", "remove"],
        "dict": ["clear", "pop", "popitem", "setdefault", "update"],
    ]

    static func method(of object: Value, _ name: String) -> Value? {
        if name.hasPrefix("__") {
            return .undefined(Value.Undefined(message: "access to attribute '\(name)' of '\(object.typeName)' object is unsafe.", isUnsafe: true))
        }
        if let unsafe = mutatingMethods[object.typeName], unsafe.contains(name) {
            return .undefined(Value.Undefined(message: "access to attribute '\(name)' of '\(object.typeName)' object is unsafe.", isUnsafe: true))
        }
        let known: Bool
        switch object {
        case .string: known = StringMethods.names.contains(name)
        case .dictionary: known = ["keys", "values", "items", "get", "copy"].contains(name)
        case .list: known = ["index", "count", "copy"].contains(name)
        case .tuple: known = ["index", "count"].contains(name)
        default: known = false
        }
        guard known else { return nil }
        return .function(Function(name) { arguments in try callMethod(object, name, arguments) })
    }

    private static func callMethod(_ object: Value, _ name: String, _ arguments: Arguments) throws -> Value {
        switch object {
        case .string(let s):
            return try StringMethods.call(s, name, arguments)
        case .dictionary(let d):
            switch name {
            case "keys": return .list(d.keys)
            case "values": return .list(d.values)
            case "items": return .list(d.pairs.map { .tuple([$0, $1]) })
            case "get":
                guard let key = arguments.value(0, "key") else { throw TemplateError.type("get expected at least 1 argument, got 0") }
                return d[key] ?? arguments.value(1, "default", default: .none)
            default: return object
            }
        case .list(let items), .tuple(let items):
            switch name {
            case "index":
                guard let x = arguments.positional.first else { throw TemplateError.type("index expected at least 1 argument, got 0") }
                guard let i = items.firstIndex(where: { $0.pythonEquals(x) }) else {
                    throw TemplateError.type("\(x.repr) is not in \(object.typeName)")
                }
                return .int(i)
            case "count":
                guard let x = arguments.positional.first else { throw TemplateError.type("count() takes exactly one argument (0 given)") }
                return .int(items.filter { $0.pythonEquals(x) }.count)
            default: return object
            }
        default:
            throw TemplateError.type("'\(object.typeName)' object has no attribute '\(name)'")
        }
    }
}
