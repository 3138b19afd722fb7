import Foundation

/// Python's arithmetic, comparison, membership and slicing on template values.
enum Operators {
    /// Repetition (`'ab' * n`, `[x] * n`) stops past this many elements.
    static let maximumRepetition = 10_000_000

    static func negate(_ value: Value) throws -> Value {
        switch value {
        case .int(let i):
            let (r, overflow) = Int(0).subtractingReportingOverflow(i)
            return overflow ? .double(-Double(i)) : .int(r)
        case .bool(let b): return .int(b ? -1 : 0)
        case .double(let d): return .double(-d)
        case .undefined(let u): throw u.error()
        default: throw TemplateError.type("bad operand type for unary -: '\(value.typeName)'")
        }
    }

    private static func integer(_ value: Value) -> Int? {
        switch value {
        case .int(let i): i
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    private static func unsupported(_ op: BinaryOperator, _ a: Value, _ b: Value) -> TemplateError {
        .type("unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
    }

    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        try a.requireDefined()
        try b.requireDefined()
        // Integers (and booleans, which are integers in Python).
        if let x = integer(a), let y = integer(b) {
            switch op {
            case .add: return intResult(x.addingReportingOverflow(y), Double(x) + Double(y))
            case .subtract: return intResult(x.subtractingReportingOverflow(y), Double(x) - Double(y))
            case .multiply: return intResult(x.multipliedReportingOverflow(by: y), Double(x) * Double(y))
            case .divide:
                guard y != 0 else { throw TemplateError.type("division by zero") }
                return .double(Double(x) / Double(y))
            case .floorDivide:
                guard y != 0 else { throw TemplateError.type("integer division or modulo by zero") }
                if x == Int.min && y == -1 { return .double(-Double(x)) }
                var q = x / y
                if (x % y != 0) && ((x < 0) != (y < 0)) { q -= 1 }
                return .int(q)
            case .modulo:
                guard y != 0 else { throw TemplateError.type("integer modulo by zero") }
                if y == -1 { return .int(0) }
                var r = x % y
                if r != 0 && ((r < 0) != (y < 0)) { r += y }
                return .int(r)
            case .power:
                if y < 0 {
                    guard x != 0 else { throw TemplateError.type("0.0 cannot be raised to a negative power") }
                    return .double(pow(Double(x), Double(y)))
                }
                var result = 1
                var base = x
                var exponent = y
                while exponent > 0 {
                    if exponent & 1 == 1 {
                        let (r, o) = result.multipliedReportingOverflow(by: base)
                        if o { return .double(pow(Double(x), Double(y))) }
                        result = r
                    }
                    exponent >>= 1
                    if exponent > 0 {
                        let (s, o) = base.multipliedReportingOverflow(by: base)
                        if o { return .double(pow(Double(x), Double(y))) }
                        base = s
                    }
                }
                return .int(result)
            }
        }
        if let x = a.numericValue, let y = b.numericValue {
            switch op {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide:
                guard y != 0 else { throw TemplateError.type("float division by zero") }
                return .double(x / y)
            case .floorDivide:
                guard y != 0 else { throw TemplateError.type("float floor division by zero") }
                return .double(((x - pythonFloatModulo(x, y)) / y).rounded())
            case .modulo:
                guard y != 0 else { throw TemplateError.type("float modulo") }
                return .double(pythonFloatModulo(x, y))
            case .power:
                if x == 0 && y < 0 { throw TemplateError.type("0.0 cannot be raised to a negative power") }
                if x < 0 && y != y.rounded() { throw TemplateError.type("complex results are not supported") }
                return .double(pow(x, y))
            }
        }
        switch (op, a, b) {
        case (.add, .string(let x), .string(let y)): return .string(x + y)
        case (.add, .list(let x), .list(let y)): return .list(x + y)
        case (.add, .tuple(let x), .tuple(let y)): return .tuple(x + y)
        case (.add, .string, _): throw TemplateError.type("can only concatenate str (not \"\(b.typeName)\") to str")
        case (.add, .list, _): throw TemplateError.type("can only concatenate list (not \"\(b.typeName)\") to list")
        case (.add, .tuple, _): throw TemplateError.type("can only concatenate tuple (not \"\(b.typeName)\") to tuple")
        case (.multiply, .string(let s), _) where integer(b) != nil: return .string(try repeatString(s, integer(b)!))
        case (.multiply, _, .string(let s)) where integer(a) != nil: return .string(try repeatString(s, integer(a)!))
        case (.multiply, .list(let l), _) where integer(b) != nil: return .list(try repeatList(l, integer(b)!))
        case (.multiply, _, .list(let l)) where integer(a) != nil: return .list(try repeatList(l, integer(a)!))
        case (.multiply, .tuple(let l), _) where integer(b) != nil: return .tuple(try repeatList(l, integer(b)!))
        case (.modulo, .string(let format), _): return .string(try PrintfFormat.format(format, b))
        default: throw unsupported(op, a, b)
        }
    }

    private static func intResult(_ r: (partialValue: Int, overflow: Bool), _ fallback: Double) -> Value {
        r.overflow ? .double(fallback) : .int(r.partialValue)
    }

    static func pythonFloatModulo(_ x: Double, _ y: Double) -> Double {
        var r = fmod(x, y)
        if r != 0 && ((r < 0) != (y < 0)) { r += y }
        return r
    }

    private static func repeatString(_ s: String, _ n: Int) throws -> String {
        guard n > 0 else { return "" }
        guard s.utf8.count.multipliedReportingOverflow(by: n).partialValue <= maximumRepetition, s.utf8.count * n / n == s.utf8.count else {
            throw TemplateError(.limit, "string repetition too large")
        }
        return String(repeating: s, count: n)
    }

    private static func repeatList(_ l: [Value], _ n: Int) throws -> [Value] {
        guard n > 0 else { return [] }
        guard l.count.multipliedReportingOverflow(by: n).partialValue <= maximumRepetition, l.count * n / n == l.count else {
            throw TemplateError(.limit, "list repetition too large")
        }
        var result: [Value] = []
        result.reserveCapacity(l.count * n)
        for _ in 0..<n { result += l }
        return result
    }

    static func compare(_ op: CompareOperator, _ a: Value, _ b: Value) throws -> Bool {
        switch op {
        case .equal: return a.pythonEquals(b)
        case .notEqual: return !a.pythonEquals(b)
        case .less: return try a.pythonCompare(b, "<") < 0
        case .lessOrEqual: return try a.pythonCompare(b, "<=") <= 0
        case .greater: return try a.pythonCompare(b, ">") > 0
        case .greaterOrEqual: return try a.pythonCompare(b, ">=") >= 0
        case .in: return try contains(b, a)
        case .notIn: return try !contains(b, a)
        }
    }

    /// Python's `element in container`.
    static func contains(_ container: Value, _ element: Value) throws -> Bool {
        switch container {
        case .string(let s):
            guard case .string(let e) = element else {
                if case .undefined(let u) = element { throw u.error() }
                throw TemplateError.type("'in <string>' requires string as left operand, not \(element.typeName)")
            }
            return e.isEmpty || s.utf8.firstRange(of: e.utf8) != nil
        case .list(let items), .tuple(let items): return items.contains { $0.pythonEquals(element) }
        case .dictionary(let d): return d[element] != nil
        case .undefined: return false
        case .namespace(let ns): return ns.attributes[element] != nil
        default: throw TemplateError.type("argument of type '\(container.typeName)' is not iterable")
        }
    }

    // MARK: Slices

    /// Python's `slice.indices(length)`: the positions a slice selects.
    static func sliceIndices(count: Int, start: Value?, stop: Value?, step: Value?) throws -> [Int] {
        func bound(_ v: Value?) throws -> Int? {
            switch v {
            case nil, .none?: return nil
            case .int(let i)?: return i
            case .bool(let b)?: return b ? 1 : 0
            case .undefined(let u)?: throw u.error()
            case let other?: throw TemplateError.type("slice indices must be integers or None, not \(other.typeName)")
            }
        }
        let stepValue = try bound(step) ?? 1
        guard stepValue != 0 else { throw TemplateError.type("slice step cannot be zero") }
        var lower: Int, upper: Int
        if stepValue > 0 {
            lower = 0; upper = count
        } else {
            lower = -1; upper = count - 1
        }
        func adjust(_ v: Int?, _ fallback: Int) -> Int {
            guard var v else { return fallback }
            if v < 0 {
                v += count
                return max(v, lower)
            }
            return min(v, upper)
        }
        let startIndex = adjust(try bound(start), stepValue > 0 ? lower : upper)
        let stopIndex = adjust(try bound(stop), stepValue > 0 ? upper : lower)
        var result: [Int] = []
        var i = startIndex
        if stepValue > 0 {
            while i < stopIndex { result.append(i); i += stepValue }
        } else {
            while i > stopIndex { result.append(i); i += stepValue }
        }
        return result
    }

    static func slice(_ value: Value, start: Value?, stop: Value?, step: Value?) throws -> Value {
        switch value {
        case .list(let items):
            return .list(try sliceIndices(count: items.count, start: start, stop: stop, step: step).map { items[$0] })
        case .tuple(let items):
            return .tuple(try sliceIndices(count: items.count, start: start, stop: stop, step: step).map { items[$0] })
        case .string(let s):
            let scalars = Array(s.unicodeScalars)
            var out = String.UnicodeScalarView()
            for i in try sliceIndices(count: scalars.count, start: start, stop: stop, step: step) { out.append(scalars[i]) }
            return .string(String(out))
        case .undefined(let u):
            throw u.error()
        default:
            throw TemplateError.type("'\(value.typeName)' object is not subscriptable")
        }
    }
}
