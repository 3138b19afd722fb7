/// A value while a template renders: Python's types as jinja2 sees them, plus the engine's own objects
/// (undefined values, namespaces, the loop variable, functions and macros).
///
/// Containers are Swift values (copy on write); the sandbox is immutable, so a template can never
/// change a list or dictionary in place, and copies are never made.
enum Value {
    /// A name or attribute that does not exist (jinja2's default `Undefined`): prints as "", is false,
    /// iterates as empty, and throws `message` when used in arithmetic, called or looked into.
    case undefined(Undefined)
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    case tuple([Value])
    case dictionary(ValueDictionary)
    case namespace(Namespace)
    case loop(LoopObject)
    case function(Function)

    struct Undefined {
        /// The message of the `UndefinedError` that using this value raises.
        var message: String
        /// True for an attribute the sandbox refused (using it raises a `SecurityError`).
        var isUnsafe = false

        func error() -> TemplateError { TemplateError(isUnsafe ? .security : .undefined, message) }
    }

    static func undefined(named name: String) -> Value { .undefined(Undefined(message: "'\(name)' is undefined")) }

    static func missingAttribute(_ name: String, of owner: Value) -> Value {
        .undefined(Undefined(message: "'\(owner.objectTypeDescription)' has no attribute '\(name)'"))
    }

    static func missingElement(_ key: Value, of owner: Value) -> Value {
        if case .string(let name) = key { return missingAttribute(name, of: owner) }
        return .undefined(Undefined(message: "'\(owner.objectTypeDescription)' has no element \(key.repr)"))
    }

    var isUndefined: Bool { if case .undefined = self { true } else { false } }
    var isNone: Bool { if case .none = self { true } else { false } }

    /// Python's truth value.
    var isTruthy: Bool {
        switch self {
        case .undefined, .none: false
        case .bool(let b): b
        case .int(let i): i != 0
        case .double(let d): d != 0
        case .string(let s): !s.isEmpty
        case .list(let a), .tuple(let a): !a.isEmpty
        case .dictionary(let d): !d.isEmpty
        case .namespace, .loop, .function: true
        }
    }

    /// Python's type name, for error messages (`'int' object is not iterable`).
    var typeName: String {
        switch self {
        case .undefined: "Undefined"
        case .none: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .list: "list"
        case .tuple: "tuple"
        case .dictionary: "dict"
        case .namespace: "Namespace"
        case .loop: "LoopContext"
        case .function: "function"
        }
    }

    /// jinja2's `object_type_repr`: "dict object", "None".
    var objectTypeDescription: String {
        if case .none = self { return "None" }
        return "\(typeName) object"
    }

    /// Throws the undefined value's error; for operations that fail on undefined values.
    func requireDefined() throws {
        if case .undefined(let u) = self { throw u.error() }
    }
}

// MARK: - Dictionaries

/// A Python dictionary: insertion-ordered, keyed by any hashable template value (JSON gives strings).
/// Keys compare as Python compares them (strings by code points, `1 == 1.0 == True`).
///
/// Lookups scan the keys: chat messages and tool schemas have a handful of keys each, and a scan over
/// a few strings costs less than hashing them (an index is built only past `indexThreshold` keys).
struct ValueDictionary {
    private(set) var keys: [Value] = []
    private(set) var values: [Value] = []
    private var index: [ExactString: Int]? = nil
    private static let indexThreshold = 24

    init() {}

    init(_ pairs: [(Value, Value)]) {
        for (k, v) in pairs { self[k] = v }
    }

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }
    var pairs: Zip2Sequence<[Value], [Value]> { zip(keys, values) }

    private func position(of key: Value) -> Int? {
        if let index, case .string(let s) = key {
            // The index holds keys by their exact scalars (String equality would merge canonical equivalents).
            return index[ExactString(s)]
        }
        for i in keys.indices where keys[i].pythonEquals(key) { return i }
        return nil
    }

    subscript(key: Value) -> Value? {
        get { position(of: key).map { values[$0] } }
        set {
            if let i = position(of: key) {
                if let newValue { values[i] = newValue } else { remove(at: i) }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
                if index != nil, case .string(let s) = key { index![ExactString(s)] = keys.count - 1 }
                if index == nil && keys.count > Self.indexThreshold { buildIndex() }
            }
        }
    }

    private mutating func remove(at i: Int) {
        keys.remove(at: i)
        values.remove(at: i)
        if index != nil { buildIndex() }
    }

    private mutating func buildIndex() {
        // Only when every key is a string; otherwise lookups keep scanning.
        var built: [ExactString: Int] = [:]
        for (i, k) in keys.enumerated() {
            guard case .string(let s) = k else { index = nil; return }
            built[ExactString(s)] = i
        }
        index = built
    }
}

// MARK: - Objects

/// What `namespace(...)` makes: the one value a template can change, with `{% set ns.attr = … %}`.
final class Namespace {
    var attributes: ValueDictionary
    init(_ attributes: ValueDictionary) { self.attributes = attributes }
}

/// The `loop` variable of a `for` block.
final class LoopObject {
    let items: [Value]
    var index0 = 0
    let depth0: Int
    var lastChangedValue: [Value]? = nil
    /// Renders the loop body again for `loop(children)` in a `recursive` loop.
    let recurse: ((Value) throws -> Value)?

    init(items: [Value], depth0: Int, recurse: ((Value) throws -> Value)?) {
        self.items = items
        self.depth0 = depth0
        self.recurse = recurse
    }
}

/// A callable: a macro, a global function such as `range`, or a bound method such as `'a'.upper`.
final class Function {
    typealias Body = (_ arguments: Arguments) throws -> Value
    let name: String
    let body: Body
    init(_ name: String, _ body: @escaping Body) {
        self.name = name
        self.body = body
    }
}

/// The arguments of a call: positional values, then keyword values in the order written.
struct Arguments {
    var positional: [Value]
    var keywords: [(name: String, value: Value)]

    init(_ positional: [Value] = [], keywords: [(name: String, value: Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    /// The argument at `position`, or the keyword argument `name`, or nil.
    func value(_ position: Int, _ name: String) -> Value? {
        if position < positional.count { return positional[position] }
        return keywords.first { $0.name == name }?.value
    }

    func value(_ position: Int, _ name: String, default fallback: Value) -> Value {
        value(position, name) ?? fallback
    }

    var isEmpty: Bool { positional.isEmpty && keywords.isEmpty }
}

/// A string that hashes and compares by its exact UTF-8 bytes, as Python compares `str` keys (Swift's
/// `String` equality would merge canonically equivalent keys such as "é" and "e\u{301}").
struct ExactString: Hashable {
    let string: String
    init(_ string: String) { self.string = string }
    static func == (a: ExactString, b: ExactString) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }
    func hash(into hasher: inout Hasher) {
        for byte in string.utf8 { hasher.combine(byte) }
    }
}
