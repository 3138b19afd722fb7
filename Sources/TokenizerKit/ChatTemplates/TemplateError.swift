import Foundation

/// An error from parsing or rendering a chat template, with the template line it happened on.
///
/// ```swift
/// do { _ = try ChatTemplate("{% if %}") }
/// catch let error as TemplateError { print(error.line, error.message) }  // 1 Expected an expression, …
/// ```
public struct TemplateError: Error, LocalizedError, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is; the names follow jinja2's exception classes.
    public enum Kind: String, Sendable, Equatable {
        /// The template does not parse (jinja2's `TemplateSyntaxError`).
        case syntax
        /// An undefined value was used where a value is needed (`UndefinedError`).
        case undefined
        /// An operation on values of the wrong type, a bad argument, an unknown filter at run time
        /// (Python's `TypeError` / `ValueError`).
        case type
        /// The sandbox refused an operation, such as a method that would modify a value (`SecurityError`).
        case security
        /// The template called `raise_exception(message)` (`TemplateError`).
        case raised
        /// Rendering went beyond a safety limit (recursion depth, loop iterations, output size).
        case limit
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// The 1-based line of the template where it happened (0 when unknown).
    public var line: Int
    /// The message, as jinja2 words it where this engine knows the wording.
    public var message: String

    public init(_ kind: Kind, line: Int = 0, _ message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "line \(line): \(message)" : message }
    public var errorDescription: String? { description }
}

extension TemplateError {
    static func type(_ message: String) -> TemplateError { TemplateError(.type, message) }
    static func syntax(_ message: String, line: Int) -> TemplateError { TemplateError(.syntax, line: line, message) }
}
