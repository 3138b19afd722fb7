import Foundation

/// Variables visible at one point of a template: a `for` iteration, a macro call, `with`, or the
/// template's top level. Lookups walk out to the enclosing scopes.
final class Scope {
    var variables: [String: Value] = [:]
    let parent: Scope?

    init(parent: Scope?) { self.parent = parent }

    func lookup(_ name: String) -> Value? {
        var scope: Scope? = self
        while let s = scope {
            if let value = s.variables[name] { return value }
            scope = s.parent
        }
        return nil
    }
}

/// Renders parsed statements: a tree-walking interpreter with jinja2's scoping rules (each `for`
/// iteration and each macro call gets its own scope; `if` does not), Python's value semantics, and
/// limits that stop runaway templates.
final class TemplateRenderer {
    enum Flow { case normal, breakLoop, continueLoop }

    /// Safety limits: deeper nesting of macro calls, more loop iterations or more output than any chat
    /// template needs ends rendering with a `TemplateError` of kind `.limit`.
    static let maximumCallDepth = 100
    static let maximumIterations = 1_000_000
    static let maximumOutputBytes = 256 << 20

    var output = ""
    var scope: Scope
    /// The line of the statement being rendered, for errors that values throw without one.
    var line = 0
    private var callDepth = 0
    private var iterations = 0
    /// Scopes that hold macros: the macros refer back to them, so they are emptied after rendering.
    private var macroScopes: [Scope] = []
    private let globals: [String: Value]

    init(context: [String: Value]) {
        let root = Scope(parent: nil)
        root.variables = context
        scope = root
        globals = Globals.make()
    }

    func render(_ body: [Statement]) throws -> String {
        defer {
            for s in macroScopes { s.variables.removeAll() }
            macroScopes.removeAll()
        }
        do {
            _ = try execute(body)
        } catch var error as TemplateError {
            if error.line == 0 { error.line = line }
            throw error
        }
        return output
    }

    // MARK: Statements

    func execute(_ statements: [Statement]) throws -> Flow {
        for statement in statements {
            line = statement.line
            switch statement.kind {
            case .text(let text):
                output += text
            case .output(let expression):
                let value = try evaluate(expression)
                line = statement.line
                value.appendOutput(to: &output)
                if output.utf8.count > Self.maximumOutputBytes {
                    throw TemplateError(.limit, "the output is larger than \(Self.maximumOutputBytes) bytes")
                }
            case .if(let branches, let otherwise):
                var taken = false
                for branch in branches {
                    if try evaluate(branch.test).isTruthy {
                        taken = true
                        let flow = try execute(branch.body)
                        if flow != .normal { return flow }
                        break
                    }
                }
                if !taken {
                    let flow = try execute(otherwise)
                    if flow != .normal { return flow }
                }
            case .for(let loop):
                try runLoop(loop, iterable: try evaluate(loop.iterable), depth0: 0)
            case .set(let target, let expression):
                try assign(target, try evaluate(expression))
            case .setBlock(let target, let filter, let body):
                var value = Value.string(try capture(body))
                if let filter { value = try evaluateFilter(filter, input: value) }
                try assign(target, value)
            case .macro(let definition):
                scope.variables[definition.name] = makeMacro(definition)
            case .callBlock(let call, let caller):
                guard case .call(let callee, let arguments) = call.kind else { break }
                let function = try evaluate(callee)
                var values = try evaluateArguments(arguments)
                values.keywords.append(("caller", makeMacro(caller)))
                let value = try invoke(function, values)
                value.appendOutput(to: &output)
            case .filterBlock(let filter, let body):
                let value = try evaluateFilter(filter, input: .string(try capture(body)))
                value.appendOutput(to: &output)
            case .with(let assignments, let body):
                let values = try assignments.map { ($0.0, try evaluate($0.1)) }
                let outer = scope
                scope = Scope(parent: outer)
                defer { scope = outer }
                for (target, value) in values { try assign(target, value) }
                let flow = try execute(body)
                if flow != .normal { return flow }
            case .group(let body):
                let flow = try execute(body)
                if flow != .normal { return flow }
            case .break:
                return .breakLoop
            case .continue:
                return .continueLoop
            }
        }
        return .normal
    }

    /// Renders `body` into a string of its own.
    func capture(_ body: [Statement]) throws -> String {
        let saved = output
        output = ""
        defer { output = saved }
        _ = try execute(body)
        return output
    }

    private func runLoop(_ loop: ForLoop, iterable: Value, depth0: Int) throws {
        var items = try iterate(iterable)
        let outer = scope
        defer { scope = outer }
        if let condition = loop.condition {
            var kept: [Value] = []
            for item in items {
                scope = Scope(parent: outer)
                try assign(loop.target, item)
                if try evaluate(condition).isTruthy { kept.append(item) }
            }
            scope = outer
            items = kept
        }
        if items.isEmpty {
            _ = try execute(loop.otherwise)
            return
        }
        var recurse: ((Value) throws -> Value)? = nil
        if loop.recursive {
            recurse = { [unowned self] children in
                let saved = self.output
                self.output = ""
                defer { self.output = saved }
                try self.runLoop(loop, iterable: children, depth0: depth0 + 1)
                return .string(self.output)
            }
        }
        let loopObject = LoopObject(items: items, depth0: depth0, recurse: recurse)
        for (i, item) in items.enumerated() {
            iterations += 1
            if iterations > Self.maximumIterations {
                throw TemplateError(.limit, "more than \(Self.maximumIterations) loop iterations")
            }
            let iterationScope = Scope(parent: outer)
            scope = iterationScope
            try assign(loop.target, item)
            iterationScope.variables["loop"] = .loop(loopObject)
            loopObject.index0 = i
            if try execute(loop.body) == .breakLoop { break }
        }
    }

    func assign(_ target: AssignmentTarget, _ value: Value) throws {
        switch target {
        case .name(let name):
            scope.variables[name] = value
        case .tuple(let targets):
            let items = try iterate(value)
            if items.count < targets.count {
                throw TemplateError.type("not enough values to unpack (expected \(targets.count), got \(items.count))")
            }
            if items.count > targets.count {
                throw TemplateError.type("too many values to unpack (expected \(targets.count))")
            }
            for (t, v) in zip(targets, items) { try assign(t, v) }
        case .namespaceAttribute(let name, let attribute):
            guard case .namespace(let namespace)? = lookup(name) else {
                throw TemplateError.type("cannot assign attribute on non-namespace object")
            }
            try Globals.checkNamespaceName(attribute)
            namespace.attributes[.string(attribute)] = value
        }
    }

    private func makeMacro(_ definition: MacroDefinition) -> Value {
        let closure = scope
        macroScopes.append(closure)
        return .function(Function(definition.name) { [unowned self] arguments in
            try self.callMacro(definition, closure: closure, arguments)
        })
    }

    private func callMacro(_ definition: MacroDefinition, closure: Scope, _ arguments: Arguments) throws -> Value {
        let outer = scope
        let macroScope = Scope(parent: closure)
        scope = macroScope
        defer { scope = outer }
        var extra: [Value] = []
        for (i, value) in arguments.positional.enumerated() {
            if i < definition.parameters.count {
                macroScope.variables[definition.parameters[i].name] = value
            } else {
                extra.append(value)
            }
        }
        var keywords = ValueDictionary()
        for (name, value) in arguments.keywords {
            if name == "caller" {
                macroScope.variables["caller"] = value
            } else if definition.parameters.contains(where: { $0.name == name }) {
                macroScope.variables[name] = value
            } else {
                keywords[.string(name)] = value
            }
        }
        for parameter in definition.parameters where macroScope.variables[parameter.name] == nil {
            if let defaultValue = parameter.defaultValue {
                macroScope.variables[parameter.name] = try evaluate(defaultValue)
            } else {
                macroScope.variables[parameter.name] = .undefined(Value.Undefined(message: "parameter '\(parameter.name)' was not provided"))
            }
        }
        macroScope.variables["varargs"] = .tuple(extra)
        macroScope.variables["kwargs"] = .dictionary(keywords)
        let saved = output
        output = ""
        defer { output = saved }
        _ = try execute(definition.body)
        return .string(output)
    }

    /// Calls a function value; the depth guard stops runaway recursion of macros.
    func invoke(_ callee: Value, _ arguments: Arguments) throws -> Value {
        switch callee {
        case .function(let function):
            callDepth += 1
            defer { callDepth -= 1 }
            guard callDepth <= Self.maximumCallDepth else {
                throw TemplateError(.limit, "maximum recursion depth exceeded (\(Self.maximumCallDepth) nested calls)")
            }
            return try function.body(arguments)
        case .loop(let loop):
            guard let recurse = loop.recurse else {
                throw TemplateError.type("Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.")
            }
            guard let first = arguments.positional.first, arguments.positional.count == 1 else {
                throw TemplateError.type("loop() takes exactly one argument")
            }
            callDepth += 1
            defer { callDepth -= 1 }
            guard callDepth <= Self.maximumCallDepth else {
                throw TemplateError(.limit, "maximum recursion depth exceeded (\(Self.maximumCallDepth) nested calls)")
            }
            return try recurse(first)
        case .undefined(let u):
            throw u.error()
        default:
            throw TemplateError.type("'\(callee.typeName)' object is not callable")
        }
    }

    // MARK: Expressions

    func lookup(_ name: String) -> Value? {
        scope.lookup(name) ?? globals[name]
    }

    func evaluate(_ expression: Expression) throws -> Value {
        switch expression.kind {
        case .literal(let value):
            return value
        case .name(let name):
            return lookup(name) ?? .undefined(named: name)
        case .list(let items):
            return .list(try items.map(evaluate))
        case .tuple(let items):
            return .tuple(try items.map(evaluate))
        case .dictionary(let entries):
            var d = ValueDictionary()
            for entry in entries { d[try evaluate(entry.key)] = try evaluate(entry.value) }
            return .dictionary(d)
        case .attribute(let object, let name):
            return try Members.attribute(of: try evaluate(object), name, renderer: self)
        case .item(let object, let key):
            return try Members.item(of: try evaluate(object), try evaluate(key), renderer: self)
        case .slice(let object, let start, let stop, let step):
            return try Operators.slice(try evaluate(object), start: try start.map(evaluate), stop: try stop.map(evaluate),
                                       step: try step.map(evaluate))
        case .negate(let operand):
            return try Operators.negate(try evaluate(operand))
        case .plus(let operand):
            let value = try evaluate(operand)
            try value.requireDefined()
            guard value.isNumber else { throw TemplateError.type("bad operand type for unary +: '\(value.typeName)'") }
            if case .bool(let b) = value { return .int(b ? 1 : 0) }
            return value
        case .not(let operand):
            return .bool(!(try evaluate(operand)).isTruthy)
        case .binary(let op, let left, let right):
            return try Operators.binary(op, try evaluate(left), try evaluate(right))
        case .and(let left, let right):
            let value = try evaluate(left)
            return value.isTruthy ? try evaluate(right) : value
        case .or(let left, let right):
            let value = try evaluate(left)
            return value.isTruthy ? value : try evaluate(right)
        case .concat(let operands):
            var text = ""
            for operand in operands { try evaluate(operand).appendOutput(to: &text) }
            return .string(text)
        case .compare(let first, let operations):
            var left = try evaluate(first)
            for (op, operandExpression) in operations {
                let right = try evaluate(operandExpression)
                guard try Operators.compare(op, left, right) else { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .conditional(let test, let then, let otherwise):
            if try evaluate(test).isTruthy { return try evaluate(then) }
            if let otherwise { return try evaluate(otherwise) }
            return .undefined(Value.Undefined(message: "the inline if-expression on line \(expression.line) evaluated to false and no else section was defined."))
        case .call(let callee, let arguments):
            let function = try evaluate(callee)
            let values = try evaluateArguments(arguments)
            return try invoke(function, values)
        case .filter:
            return try evaluateFilter(expression, input: nil)
        case .test(let operand, let name, let arguments, let negated):
            let value = try evaluate(operand)
            let values = try evaluateArguments(arguments)
            guard let test = Tests.table[name] else { throw TemplateError.syntax("No test named '\(name)'.", line: expression.line) }
            let result = try test(value, values, self)
            return .bool(result != negated)
        }
    }

    /// A filter expression; in `{% filter %}` and `{% set x | f %}` blocks its innermost value is `input`.
    func evaluateFilter(_ expression: Expression, input: Value?) throws -> Value {
        guard case .filter(let operand, let name, let arguments) = expression.kind else { return try evaluate(expression) }
        let value: Value
        if let operand {
            value = try evaluateFilter(operand, input: input)
        } else {
            value = input ?? .undefined(named: "input")
        }
        let values = try evaluateArguments(arguments)
        guard let filter = Filters.table[name] else { throw TemplateError.syntax("No filter named '\(name)'.", line: expression.line) }
        return try filter(value, values, self)
    }

    func evaluateArguments(_ arguments: CallArguments) throws -> Arguments {
        var result = Arguments(try arguments.positional.map(evaluate),
                               keywords: try arguments.keywords.map { ($0.name, try evaluate($0.value)) })
        if let star = arguments.star {
            result.positional += try iterate(try evaluate(star))
        }
        if let doubleStar = arguments.doubleStar {
            guard case .dictionary(let d) = try evaluate(doubleStar) else { throw TemplateError.type("argument after ** must be a mapping") }
            for (k, v) in d.pairs {
                guard case .string(let name) = k else { throw TemplateError.type("keywords must be strings") }
                result.keywords.append((name, v))
            }
        }
        return result
    }

    /// The items of an iterable value: a list's elements, a dict's keys, a string's characters.
    func iterate(_ value: Value) throws -> [Value] {
        switch value {
        case .list(let items), .tuple(let items): return items
        case .dictionary(let d): return d.keys
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .undefined: return []
        case .namespace, .loop, .function, .none, .bool, .int, .double:
            throw TemplateError.type("'\(value.typeName)' object is not iterable")
        }
    }
}

extension Value {
    /// Appends `str(value)` as `{{ value }}` prints it.
    func appendOutput(to out: inout String) {
        switch self {
        case .string(let s): out += s
        case .undefined: break
        default: appendRepr(to: &out)
        }
    }
}
