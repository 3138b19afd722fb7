/// jinja2's built-in tests (`jinja2/tests.py`): `value is name(args)`.
enum Tests {
    typealias Test = @Sendable (_ value: Value, _ arguments: Arguments, _ renderer: TemplateRenderer) throws -> Bool

    private static func argument(_ a: Arguments) throws -> Value {
        guard let first = a.positional.first ?? a.keywords.first?.value else { throw TemplateError.type("the test needs an argument") }
        return first
    }

    private static func integerValue(_ v: Value) throws -> Int {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .undefined(let u): throw u.error()
        default: throw TemplateError.type("not all arguments converted during string formatting")
        }
    }

    static let table: [String: Test] = {
        var t: [String: Test] = [
            "defined": { v, _, _ in !v.isUndefined },
            "undefined": { v, _, _ in v.isUndefined },
            "none": { v, _, _ in v.isNone },
            "boolean": { v, _, _ in if case .bool = v { true } else { false } },
            "true": { v, _, _ in if case .bool(true) = v { true } else { false } },
            "false": { v, _, _ in if case .bool(false) = v { true } else { false } },
            "integer": { v, _, _ in if case .int = v { true } else { false } },
            "float": { v, _, _ in if case .double = v { true } else { false } },
            "number": { v, _, _ in v.isNumber },
            "string": { v, _, _ in if case .string = v { true } else { false } },
            "mapping": { v, _, _ in if case .dictionary = v { true } else { false } },
            "sequence": { v, _, _ in
                switch v {
                case .string, .list, .tuple, .dictionary: true
                default: false
                }
            },
            "iterable": { v, _, _ in
                switch v {
                case .string, .list, .tuple, .dictionary, .undefined: true
                default: false
                }
            },
            "callable": { v, _, _ in
                switch v {
                case .function, .loop, .undefined: true
                default: false
                }
            },
            "odd": { v, _, _ in try integerValue(v) & 1 == 1 },
            "even": { v, _, _ in try integerValue(v) & 1 == 0 },
            "divisibleby": { v, a, _ in
                let n = try integerValue(try argument(a))
                guard n != 0 else { throw TemplateError.type("integer modulo by zero") }
                return try integerValue(v) % n == 0
            },
            "lower": { v, _, _ in StringMethods.isLower(v.pythonString) },
            "upper": { v, _, _ in StringMethods.isUpper(v.pythonString) },
            "sameas": { v, a, _ in
                let other = try argument(a)
                switch (v, other) {
                case (.none, .none): return true
                case (.bool(let x), .bool(let y)): return x == y
                case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256
                case (.namespace(let x), .namespace(let y)): return x === y
                case (.function(let x), .function(let y)): return x === y
                case (.undefined, .undefined): return false
                default: return false
                }
            },
            "escaped": { _, _, _ in false },
            "in": { v, a, _ in try Operators.contains(try argument(a), v) },
            "eq": { v, a, _ in v.pythonEquals(try argument(a)) },
            "ne": { v, a, _ in !v.pythonEquals(try argument(a)) },
            "lt": { v, a, _ in try v.pythonCompare(try argument(a), "<") < 0 },
            "le": { v, a, _ in try v.pythonCompare(try argument(a), "<=") <= 0 },
            "gt": { v, a, _ in try v.pythonCompare(try argument(a), ">") > 0 },
            "ge": { v, a, _ in try v.pythonCompare(try argument(a), ">=") >= 0 },
            "filter": { v, _, _ in if case .string(let name) = v { Filters.table[name] != nil } else { false } },
        ]
        t["test"] = { v, _, _ in if case .string(let name) = v { Tests.table[name] != nil } else { false } }
        t["equalto"] = t["eq"]
        t["=="] = t["eq"]
        t["!="] = t["ne"]
        t["lessthan"] = t["lt"]
        t["<"] = t["lt"]
        t["<="] = t["le"]
        t["greaterthan"] = t["gt"]
        t[">"] = t["gt"]
        t[">="] = t["ge"]
        return t
    }()
}
