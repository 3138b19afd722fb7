/// The syntax tree of a parsed template.

/// An expression, with the line it starts on (for error messages).
struct Expression {
    indirect enum Kind {
        case literal(Value)
        case name(String)
        case list([Expression])
        case tuple([Expression])
        case dictionary([(key: Expression, value: Expression)])
        /// `a.b`: attributes first, then items (jinja2's `getattr`).
        case attribute(Expression, String)
        /// `a[b]`: items first, then attributes (jinja2's `getitem`).
        case item(Expression, Expression)
        case slice(Expression, start: Expression?, stop: Expression?, step: Expression?)
        case negate(Expression)
        case plus(Expression)
        case not(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        /// `~` over any number of operands.
        case concat([Expression])
        /// `a < b <= c`: Python's chained comparison.
        case compare(Expression, [(op: CompareOperator, operand: Expression)])
        /// `a if test else b` (no `else`: undefined).
        case conditional(test: Expression, then: Expression, otherwise: Expression?)
        case call(Expression, CallArguments)
        /// `value | name(args)`; `value` is nil in a `{% filter %}` block (the body is the value).
        case filter(Expression?, name: String, CallArguments)
        /// `value is [not] name(args)`.
        case test(Expression, name: String, CallArguments, negated: Bool)
    }

    var kind: Kind
    var line: Int
}

struct CallArguments {
    var positional: [Expression] = []
    var keywords: [(name: String, value: Expression)] = []
    /// `*args` and `**kwargs` in a call.
    var star: Expression? = nil
    var doubleStar: Expression? = nil
}

enum BinaryOperator: String {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%", power = "**"
}

enum CompareOperator: String {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in` = "in", notIn = "not in"
}

/// Where `set` and `for` put values: a name, a tuple to unpack, or a namespace attribute.
indirect enum AssignmentTarget {
    case name(String)
    case tuple([AssignmentTarget])
    case namespaceAttribute(String, String)
}

struct MacroDefinition {
    var name: String
    var parameters: [(name: String, defaultValue: Expression?)]
    var body: [Statement]
}

struct ForLoop {
    var target: AssignmentTarget
    var iterable: Expression
    var condition: Expression?
    var body: [Statement]
    var otherwise: [Statement]
    var recursive: Bool
}

/// A statement: text, `{{ … }}`, or a `{% … %}` block.
struct Statement {
    indirect enum Kind {
        case text(String)
        case output(Expression)
        case `if`([(test: Expression, body: [Statement])], otherwise: [Statement])
        case `for`(ForLoop)
        case set(AssignmentTarget, Expression)
        /// `{% set x %}…{% endset %}`, with optional filters applied to the captured text.
        case setBlock(AssignmentTarget, filter: Expression?, body: [Statement])
        case macro(MacroDefinition)
        /// `{% call(params) m(args) %}body{% endcall %}`: calls `m` with `caller` = the body as a macro.
        case callBlock(call: Expression, caller: MacroDefinition)
        /// `{% filter f %}…{% endfilter %}`: the filter expression has a nil value (the body's text).
        case filterBlock(filter: Expression, body: [Statement])
        case with(assignments: [(AssignmentTarget, Expression)], body: [Statement])
        /// Statements rendered in place: `{% generation %}` bodies.
        case group([Statement])
        case `break`
        case `continue`
    }

    var kind: Kind
    var line: Int
}
