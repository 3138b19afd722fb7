/// Turns tokens into statements, following jinja2's grammar (`jinja2/parser.py`) and its operator
/// precedence: `or` < `and` < `not` < comparisons and `in` < `+ -` < `~` < `* / // %` < `**` < unary
/// `- +` < filters, tests and calls < attributes and items.
struct TemplateParser {
    private var tokens: [TemplateToken]
    private var index = 0
    /// The block tags being parsed, innermost last, for "looking for the following tags" messages.
    private var openBlocks: [(tag: String, endTags: [String])] = []
    private var depth = 0
    private static let maximumDepth = 200

    init(tokens: [TemplateToken]) {
        self.tokens = tokens
    }

    static func parse(_ source: String) throws -> [Statement] {
        var parser = TemplateParser(tokens: try TemplateLexer.tokenize(source))
        let body = try parser.parseStatements(until: [])
        return body
    }

    // MARK: Tokens

    private var current: TemplateToken { tokens[index] }
    private var nextToken: TemplateToken { tokens[min(index + 1, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> TemplateToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func fail(_ message: String, _ token: TemplateToken? = nil) -> TemplateError {
        TemplateError.syntax(message, line: (token ?? current).line)
    }

    private mutating func expectOp(_ symbol: String) throws {
        guard current.isOp(symbol) else { throw fail("expected token '\(symbol)', got \(current.describe)") }
        advance()
    }

    private mutating func expectName(_ word: String? = nil) throws -> String {
        guard current.kind == .name, word == nil || current.value == word else {
            throw fail("expected token '\(word ?? "name")', got \(current.describe)")
        }
        return advance().value
    }

    private mutating func expectBlockEnd() throws {
        guard current.kind == .blockEnd else { throw fail("expected token 'end of statement block', got \(current.describe)") }
        advance()
    }

    private mutating func skipOp(_ symbol: String) -> Bool {
        if current.isOp(symbol) { advance(); return true }
        return false
    }

    private mutating func skipName(_ word: String) -> Bool {
        if current.isName(word) { advance(); return true }
        return false
    }

    private mutating func nested<T>(_ body: (inout TemplateParser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maximumDepth else { throw fail("the template nests too deeply") }
        return try body(&self)
    }

    // MARK: Statements

    /// Statements up to a `{% name %}` tag whose name is in `endTags` (left as the current token,
    /// just after the `{%`), or to the end of the template when `endTags` is empty.
    private mutating func parseStatements(until endTags: [String]) throws -> [Statement] {
        var body: [Statement] = []
        while true {
            switch current.kind {
            case .text:
                body.append(Statement(kind: .text(current.value), line: current.line))
                advance()
            case .variableBegin:
                let line = advance().line
                let expression = try parseTuple()
                guard current.kind == .variableEnd else { throw fail("expected token 'end of print statement', got \(current.describe)") }
                advance()
                body.append(Statement(kind: .output(expression), line: line))
            case .blockBegin:
                let begin = advance()
                if current.kind == .name && endTags.contains(current.value) { return body }
                guard current.kind == .name else { throw fail("tag name expected", begin) }
                body.append(try nested { try $0.parseStatement() })
            case .end:
                if endTags.isEmpty { return body }
                throw fail("Unexpected end of template. " + lookingFor())
            default:
                throw fail("unexpected \(current.describe)")
            }
        }
    }

    private func lookingFor() -> String {
        guard let innermost = openBlocks.last else { return "" }
        let tags = innermost.endTags.map { "'\($0)'" }
        let list = tags.joined(separator: " or ")
        return "Jinja was looking for the following tags: \(list). The innermost block that needs to be closed is '\(innermost.tag)'."
    }

    /// The body of a block tag up to one of `endTags`; returns the body and the end tag met (consumed,
    /// with its `%}` when `dropEnd`).
    private mutating func parseBlockBody(_ tag: String, endTags: [String]) throws -> ([Statement], String) {
        openBlocks.append((tag, endTags))
        defer { openBlocks.removeLast() }
        let body = try parseStatements(until: endTags)
        let end = advance().value
        return (body, end)
    }

    private mutating func parseStatement() throws -> Statement {
        let token = current
        let line = token.line
        switch token.value {
        case "for": advance(); return try parseFor(line)
        case "if": advance(); return try parseIf(line)
        case "set": advance(); return try parseSet(line)
        case "macro": advance(); return try parseMacro(line)
        case "call": advance(); return try parseCallBlock(line)
        case "filter": advance(); return try parseFilterBlock(line)
        case "with": advance(); return try parseWith(line)
        case "print":
            advance()
            let expression = try parseTuple()
            try expectBlockEnd()
            return Statement(kind: .output(expression), line: line)
        case "break", "continue":
            advance()
            guard openBlocks.contains(where: { $0.tag == "for" }) else {
                throw fail("'\(token.value)' outside of a loop", token)
            }
            try expectBlockEnd()
            return Statement(kind: token.value == "break" ? .break : .continue, line: line)
        case "generation":
            advance()
            try expectBlockEnd()
            let (body, _) = try parseBlockBody("generation", endTags: ["endgeneration"])
            try expectBlockEnd()
            return Statement(kind: .group(body), line: line)
        case "raw":
            throw fail("Encountered unknown tag 'raw'.", token)
        default:
            var message = "Encountered unknown tag '\(token.value)'."
            if !openBlocks.isEmpty { message += " " + lookingFor() }
            throw fail(message, token)
        }
    }

    private mutating func parseFor(_ line: Int) throws -> Statement {
        let target = try parseAssignmentTarget(endNames: ["in"])
        _ = try expectName("in")
        let iterable = try parseTuple(conditional: false, endNames: ["recursive", "if"])
        var condition: Expression? = nil
        if skipName("if") { condition = try parseExpression() }
        let recursive = skipName("recursive")
        try expectBlockEnd()
        var (body, end) = try parseBlockBody("for", endTags: ["endfor", "else"])
        var otherwise: [Statement] = []
        if end == "else" {
            try expectBlockEnd()
            (otherwise, end) = try parseBlockBody("for", endTags: ["endfor"])
        }
        _ = end
        try expectBlockEnd()
        _ = body
        return Statement(kind: .for(ForLoop(target: target, iterable: iterable, condition: condition,
                                            body: body, otherwise: otherwise, recursive: recursive)), line: line)
    }

    private mutating func parseIf(_ line: Int) throws -> Statement {
        var branches: [(test: Expression, body: [Statement])] = []
        var otherwise: [Statement] = []
        var test = try parseTuple(conditional: false)
        while true {
            try expectBlockEnd()
            let (body, end) = try parseBlockBody("if", endTags: ["elif", "else", "endif"])
            branches.append((test, body))
            if end == "elif" {
                test = try parseTuple(conditional: false)
                continue
            }
            if end == "else" {
                try expectBlockEnd()
                (otherwise, _) = try parseBlockBody("if", endTags: ["endif"])
            }
            try expectBlockEnd()
            break
        }
        return Statement(kind: .if(branches, otherwise: otherwise), line: line)
    }

    private mutating func parseSet(_ line: Int) throws -> Statement {
        let target = try parseAssignmentTarget(allowNamespace: true)
        if skipOp("=") {
            let value = try parseTuple()
            try expectBlockEnd()
            return Statement(kind: .set(target, value), line: line)
        }
        var filter: Expression? = nil
        if current.isOp("|") {
            advance()
            filter = try parseFilterChain(nil, startInline: true)
        }
        try expectBlockEnd()
        let (body, _) = try parseBlockBody("set", endTags: ["endset"])
        try expectBlockEnd()
        return Statement(kind: .setBlock(target, filter: filter, body: body), line: line)
    }

    private mutating func parseMacroParameters() throws -> [(name: String, defaultValue: Expression?)] {
        var parameters: [(name: String, defaultValue: Expression?)] = []
        try expectOp("(")
        while !current.isOp(")") {
            if !parameters.isEmpty { try expectOp(",") }
            if current.isOp(")") { break }
            let name = try expectName()
            var defaultValue: Expression? = nil
            if skipOp("=") { defaultValue = try parseExpression() }
            parameters.append((name, defaultValue))
        }
        advance()
        return parameters
    }

    private mutating func parseMacro(_ line: Int) throws -> Statement {
        let name = try expectName()
        let parameters = try parseMacroParameters()
        try expectBlockEnd()
        let (body, _) = try parseBlockBody("macro", endTags: ["endmacro"])
        try expectBlockEnd()
        return Statement(kind: .macro(MacroDefinition(name: name, parameters: parameters, body: body)), line: line)
    }

    private mutating func parseCallBlock(_ line: Int) throws -> Statement {
        let parameters = current.isOp("(") ? try parseMacroParameters() : []
        let call = try parseExpression()
        guard case .call = call.kind else { throw fail("expected call", current) }
        try expectBlockEnd()
        let (body, _) = try parseBlockBody("call", endTags: ["endcall"])
        try expectBlockEnd()
        return Statement(kind: .callBlock(call: call, caller: MacroDefinition(name: "caller", parameters: parameters, body: body)), line: line)
    }

    private mutating func parseFilterBlock(_ line: Int) throws -> Statement {
        let filter = try parseFilterChain(nil, startInline: true)
        try expectBlockEnd()
        let (body, _) = try parseBlockBody("filter", endTags: ["endfilter"])
        try expectBlockEnd()
        return Statement(kind: .filterBlock(filter: filter, body: body), line: line)
    }

    private mutating func parseWith(_ line: Int) throws -> Statement {
        var assignments: [(AssignmentTarget, Expression)] = []
        while current.kind != .blockEnd {
            if !assignments.isEmpty { try expectOp(",") }
            let target = try parseAssignmentTarget()
            try expectOp("=")
            assignments.append((target, try parseExpression()))
        }
        try expectBlockEnd()
        let (body, _) = try parseBlockBody("with", endTags: ["endwith"])
        try expectBlockEnd()
        return Statement(kind: .with(assignments: assignments, body: body), line: line)
    }

    /// A name, `ns.attr` (for `set`), or names separated by commas (optionally in parentheses).
    private mutating func parseAssignmentTarget(allowNamespace: Bool = false, endNames: Set<String> = []) throws -> AssignmentTarget {
        func single(_ parser: inout TemplateParser) throws -> AssignmentTarget {
            if parser.current.isOp("(") {
                parser.advance()
                let inner = try parser.parseAssignmentTarget(endNames: endNames)
                try parser.expectOp(")")
                return inner
            }
            let token = parser.current
            guard token.kind == .name else { throw parser.fail("expected token 'name', got \(token.describe)") }
            parser.advance()
            if allowNamespace && parser.current.isOp(".") && parser.nextToken.kind == .name {
                parser.advance()
                let attribute = parser.advance().value
                return .namespaceAttribute(token.value, attribute)
            }
            if ["true", "false", "none", "True", "False", "None"].contains(token.value) {
                throw TemplateError.syntax("can't assign to '\(token.value)'", line: token.line)
            }
            return .name(token.value)
        }
        var items: [AssignmentTarget] = [try single(&self)]
        var sawComma = false
        while current.isOp(",") {
            sawComma = true
            advance()
            if current.kind == .name && endNames.contains(current.value) { break }
            if current.isOp("=") || current.isOp(")") || current.kind == .blockEnd { break }
            items.append(try single(&self))
        }
        return sawComma ? .tuple(items) : items[0]
    }

    // MARK: Expressions

    /// Expressions separated by commas make a tuple (`{{ a, b }}`, `for x in a, b`).
    private mutating func parseTuple(conditional: Bool = true, endNames: Set<String> = [], explicitParentheses: Bool = false) throws -> Expression {
        let line = current.line
        var items: [Expression] = []
        var sawComma = false
        while true {
            if !items.isEmpty {
                guard current.isOp(",") else { break }
                advance()
                sawComma = true
            }
            if isTupleEnd(endNames) { break }
            items.append(conditional ? try parseExpression() : try parseOr())
        }
        if !sawComma {
            if let only = items.first { return only }
            if !explicitParentheses { throw fail("Expected an expression, got \(current.describe)") }
        }
        return Expression(kind: .tuple(items), line: line)
    }

    private func isTupleEnd(_ endNames: Set<String>) -> Bool {
        switch current.kind {
        case .variableEnd, .blockEnd, .end: return true
        case .op: return current.value == ")" || current.value == "]" || current.value == "}" || current.value == "=" || current.value == ":"
        case .name: return endNames.contains(current.value)
        default: return false
        }
    }

    mutating func parseExpression() throws -> Expression {
        try nested { parser in
            var expression = try parser.parseOr()
            while parser.current.isName("if") {
                let line = parser.advance().line
                let test = try parser.parseOr()
                var otherwise: Expression? = nil
                if parser.skipName("else") { otherwise = try parser.parseExpression() }
                expression = Expression(kind: .conditional(test: test, then: expression, otherwise: otherwise), line: line)
            }
            return expression
        }
    }

    private mutating func parseOr() throws -> Expression {
        var left = try parseAnd()
        while current.isName("or") {
            let line = advance().line
            left = Expression(kind: .or(left, try parseAnd()), line: line)
        }
        return left
    }

    private mutating func parseAnd() throws -> Expression {
        var left = try parseNot()
        while current.isName("and") {
            let line = advance().line
            left = Expression(kind: .and(left, try parseNot()), line: line)
        }
        return left
    }

    private mutating func parseNot() throws -> Expression {
        if current.isName("not") {
            let line = advance().line
            return Expression(kind: .not(try nested { try $0.parseNot() }), line: line)
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws -> Expression {
        let line = current.line
        let first = try parseMath1()
        var operations: [(op: CompareOperator, operand: Expression)] = []
        while true {
            if current.kind == .op, let op = CompareOperator(rawValue: current.value) {
                advance()
                operations.append((op, try parseMath1()))
            } else if current.isName("in") {
                advance()
                operations.append((.in, try parseMath1()))
            } else if current.isName("not") && nextToken.isName("in") {
                advance(); advance()
                operations.append((.notIn, try parseMath1()))
            } else {
                break
            }
        }
        return operations.isEmpty ? first : Expression(kind: .compare(first, operations), line: line)
    }

    private mutating func parseMath1() throws -> Expression {
        var left = try parseConcat()
        while current.isOp("+") || current.isOp("-") {
            let token = advance()
            let right = try parseConcat()
            left = Expression(kind: .binary(token.value == "+" ? .add : .subtract, left, right), line: token.line)
        }
        return left
    }

    private mutating func parseConcat() throws -> Expression {
        let line = current.line
        var operands = [try parseMath2()]
        while current.isOp("~") {
            advance()
            operands.append(try parseMath2())
        }
        return operands.count == 1 ? operands[0] : Expression(kind: .concat(operands), line: line)
    }

    private mutating func parseMath2() throws -> Expression {
        var left = try parsePower()
        while current.kind == .op, ["*", "/", "//", "%"].contains(current.value) {
            let token = advance()
            let right = try parsePower()
            left = Expression(kind: .binary(BinaryOperator(rawValue: token.value)!, left, right), line: token.line)
        }
        return left
    }

    private mutating func parsePower() throws -> Expression {
        var left = try parseUnary()
        while current.isOp("**") {
            let token = advance()
            left = Expression(kind: .binary(.power, left, try parseUnary()), line: token.line)
        }
        return left
    }

    private mutating func parseUnary(withFilters: Bool = true) throws -> Expression {
        var node: Expression
        if current.isOp("-") || current.isOp("+") {
            let token = advance()
            let operand = try nested { try $0.parseUnary(withFilters: false) }
            node = Expression(kind: token.value == "-" ? .negate(operand) : .plus(operand), line: token.line)
        } else {
            node = try parsePrimary()
        }
        node = try parsePostfix(node)
        if withFilters { node = try parseFilterExpression(node) }
        return node
    }

    private mutating func parsePrimary() throws -> Expression {
        let token = current
        switch token.kind {
        case .name:
            advance()
            switch token.value {
            case "true", "True": return Expression(kind: .literal(.bool(true)), line: token.line)
            case "false", "False": return Expression(kind: .literal(.bool(false)), line: token.line)
            case "none", "None": return Expression(kind: .literal(.none), line: token.line)
            default: return Expression(kind: .name(token.value), line: token.line)
            }
        case .string:
            advance()
            var text = token.value
            while current.kind == .string { text += advance().value }
            return Expression(kind: .literal(.string(text)), line: token.line)
        case .integer, .float:
            advance()
            return Expression(kind: .literal(token.number), line: token.line)
        case .op where token.value == "(":
            advance()
            let inner = try nested { try $0.parseTuple(explicitParentheses: true) }
            try expectOp(")")
            return inner
        case .op where token.value == "[":
            advance()
            var items: [Expression] = []
            while !current.isOp("]") {
                if !items.isEmpty { try expectOp(",") }
                if current.isOp("]") { break }
                items.append(try parseExpression())
            }
            advance()
            return Expression(kind: .list(items), line: token.line)
        case .op where token.value == "{":
            advance()
            var entries: [(key: Expression, value: Expression)] = []
            while !current.isOp("}") {
                if !entries.isEmpty { try expectOp(",") }
                if current.isOp("}") { break }
                let key = try parseExpression()
                try expectOp(":")
                entries.append((key, try parseExpression()))
            }
            advance()
            return Expression(kind: .dictionary(entries), line: token.line)
        default:
            throw fail("Expected an expression, got \(token.describe)")
        }
    }

    private mutating func parsePostfix(_ start: Expression) throws -> Expression {
        var node = start
        while true {
            if current.isOp(".") {
                let line = advance().line
                let token = advance()
                switch token.kind {
                case .name: node = Expression(kind: .attribute(node, token.value), line: line)
                case .integer: node = Expression(kind: .item(node, Expression(kind: .literal(token.number), line: line)), line: line)
                default: throw fail("expected name or number", token)
                }
            } else if current.isOp("[") {
                node = try parseSubscript(node)
            } else if current.isOp("(") {
                node = try parseCall(node)
            } else {
                return node
            }
        }
    }

    private mutating func parseSubscript(_ node: Expression) throws -> Expression {
        let line = advance().line
        var parts: [Expression] = []
        var slice: (Expression?, Expression?, Expression?)? = nil
        repeat {
            if current.isOp("]") { break }
            // One subscript: an expression or a slice start:stop:step.
            var start: Expression? = nil
            if !current.isOp(":") { start = try parseExpression() }
            if current.isOp(":") {
                advance()
                var stop: Expression? = nil, step: Expression? = nil
                if !current.isOp("]") && !current.isOp(",") && !current.isOp(":") { stop = try parseExpression() }
                if skipOp(":") {
                    if !current.isOp("]") && !current.isOp(",") { step = try parseExpression() }
                }
                slice = (start, stop, step)
            } else if let start {
                parts.append(start)
            }
        } while skipOp(",")
        try expectOp("]")
        if let slice {
            return Expression(kind: .slice(node, start: slice.0, stop: slice.1, step: slice.2), line: line)
        }
        guard !parts.isEmpty else { throw fail("expected subscript expression") }
        let key = parts.count == 1 ? parts[0] : Expression(kind: .tuple(parts), line: line)
        return Expression(kind: .item(node, key), line: line)
    }

    private mutating func parseCallArguments() throws -> CallArguments {
        try expectOp("(")
        var arguments = CallArguments()
        var first = true
        while !current.isOp(")") {
            if !first { try expectOp(",") }
            first = false
            if current.isOp(")") { break }
            if skipOp("*") {
                arguments.star = try parseExpression()
            } else if skipOp("**") {
                arguments.doubleStar = try parseExpression()
            } else if current.kind == .name && nextToken.isOp("=") {
                let name = advance().value
                advance()
                arguments.keywords.append((name, try parseExpression()))
            } else {
                if !arguments.keywords.isEmpty { throw fail("Invalid argument syntax") }
                arguments.positional.append(try parseExpression())
            }
        }
        advance()
        return arguments
    }

    private mutating func parseCall(_ node: Expression) throws -> Expression {
        let line = current.line
        return Expression(kind: .call(node, try parseCallArguments()), line: line)
    }

    private mutating func parseFilterExpression(_ start: Expression) throws -> Expression {
        var node = start
        while true {
            if current.isOp("|") {
                advance()
                node = try parseFilterChain(node, startInline: true)
            } else if current.isName("is") {
                node = try parseTest(node)
            } else if current.isOp("(") {
                node = try parseCall(node)
            } else {
                return node
            }
        }
    }

    /// `name(args)` after a `|`, and any further `| name(args)`.
    private mutating func parseFilterChain(_ value: Expression?, startInline: Bool) throws -> Expression {
        var node = value
        var first = startInline
        while first || current.isOp("|") {
            if !first { advance() }
            first = false
            let token = current
            var name = try expectName()
            while current.isOp(".") && nextToken.kind == .name { advance(); name += "." + advance().value }
            guard Filters.table[name] != nil else {
                throw TemplateError.syntax("No filter named '\(name)'.", line: token.line)
            }
            let arguments = current.isOp("(") ? try parseCallArguments() : CallArguments()
            node = Expression(kind: .filter(node, name: name, arguments), line: token.line)
        }
        return node!
    }

    private mutating func parseTest(_ value: Expression) throws -> Expression {
        let line = advance().line
        let negated = skipName("not")
        let token = current
        var name = try expectName()
        while current.isOp(".") && nextToken.kind == .name { advance(); name += "." + advance().value }
        guard Tests.table[name] != nil else {
            throw TemplateError.syntax("No test named '\(name)'.", line: token.line)
        }
        var arguments = CallArguments()
        if current.isOp("(") {
            arguments = try parseCallArguments()
        } else if [.name, .string, .integer, .float].contains(current.kind) || current.isOp("[") || current.isOp("{") {
            if !current.isName("else") && !current.isName("or") && !current.isName("and") {
                if current.isName("is") { throw fail("You cannot chain multiple tests with is") }
                arguments.positional = [try parsePostfix(try parsePrimary())]
            }
        }
        return Expression(kind: .test(value, name: name, arguments, negated: negated), line: line)
    }
}
