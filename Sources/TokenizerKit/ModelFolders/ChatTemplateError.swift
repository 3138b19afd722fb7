import Foundation

/// What can go wrong when applying a model folder's chat template (`ModelFolder.applyChatTemplate`), each
/// raised where transformers' `apply_chat_template` raises, with its wording where it has one.
///
/// ```swift
/// do { _ = try folder.applyChatTemplate(messages: []) }
/// catch let error as ChatTemplateError { print(error) }  // Cannot apply chat template to an empty conversation. …
/// ```
public enum ChatTemplateError: Error, Sendable, Equatable, LocalizedError, CustomStringConvertible {
    /// The folder has no chat template and none was given.
    case noChatTemplate
    /// The folder has several named templates, none of them `default`, and no name was given.
    case noDefaultTemplate(available: [String])
    /// `templateName` is not the name of one of the folder's templates.
    case unknownTemplateName(String, available: [String])
    /// Both `templateName` and `template` were given.
    case conflictingTemplates
    /// `messages` is empty.
    case emptyConversation
    /// Message `index` (0-based) is not a dictionary.
    case messageNotADictionary(index: Int)
    /// Tool `index` (0-based) is not a dictionary (a JSON schema).
    case toolNotADictionary(index: Int)
    /// Document `index` (0-based) is not a dictionary.
    case documentNotADictionary(index: Int)
    /// A `context` entry has the name of a variable `applyChatTemplate` sets itself (`messages`, …).
    case reservedContextKey(String)
    /// `continueFinalMessage` and `addGenerationPrompt` were both set.
    case continueWithGenerationPrompt
    /// `continueFinalMessage`, but the final message has no `field` (`content`).
    case finalMessageHasNoField(String)
    /// `continueFinalMessage`, but the template's text never mentions `field`.
    case templateLacksField(String)
    /// `continueFinalMessage`, but the final message's content is a list of blocks none of which has text.
    case noTextToContinue
    /// `continueFinalMessage`, but the final message's content is neither text nor a list of blocks.
    case finalMessageNotText
    /// `continueFinalMessage`, but the rendered text does not contain the final message.
    case finalMessageNotRendered(finalMessage: String, rendered: String)
    /// The template failed to parse or to render (a syntax error, `raise_exception`, an undefined value
    /// used, …): `templateName` is the folder's template that was used, nil for a template passed in.
    case template(TemplateError, templateName: String?)

    public var description: String {
        switch self {
        case .noChatTemplate:
            "Cannot use chat template functions because tokenizer.chat_template is not set and no template argument was passed!"
        case let .noDefaultTemplate(available):
            "This model has multiple chat templates with no default specified! Please either pass a chat template or the name of the template you wish to use. Available template names are \(Self.pythonList(available))."
        case let .unknownTemplateName(name, available):
            available.isEmpty
                ? "no chat template named \"\(name)\": this model has no chat template"
                : "no chat template named \"\(name)\"; available template names are \(Self.pythonList(available))"
        case .conflictingTemplates:
            "give either a template name or a template, not both"
        case .emptyConversation:
            "Cannot apply chat template to an empty conversation. Provide at least one message."
        case let .messageNotADictionary(index):
            "Chat messages should be dicts, but message \(index) is not"
        case let .toolNotADictionary(index):
            "Tools should either be a JSON schema, or a callable function with type hints and a docstring suitable for auto-conversion to a schema (tool \(index) is neither)."
        case let .documentNotADictionary(index):
            "Documents should be a list of dicts with 'title' and 'text' keys! (document \(index) is not a dict)"
        case let .reservedContextKey(key):
            "the context cannot set \"\(key)\": apply_chat_template sets it itself"
        case .continueWithGenerationPrompt:
            "continue_final_message and add_generation_prompt are not compatible. Use continue_final_message when you want the model to continue the final message, and add_generation_prompt when you want to add a header that will prompt it to start a new assistant message instead."
        case let .finalMessageHasNoField(field):
            "continue_final_message is set but the final message has no \"\(field)\" to continue!"
        case let .templateLacksField(field):
            "continue_final_message is set to \"\(field)\" but this is not an accepted field in the chat_template"
        case .noTextToContinue:
            "continue_final_message is set but we could not find any text to continue in the final message!"
        case .finalMessageNotText:
            "continue_final_message is set but the final message's content is neither text nor a list of content blocks"
        case let .finalMessageNotRendered(finalMessage, rendered):
            "continue_final_message is set but the final message does not appear in the chat after applying the chat template! This can happen if the chat template deletes portions of the final message. Please verify the chat template and final message in your chat to ensure they are compatible.Final message to continue: \(finalMessage)\nRendered chat:\n\(rendered)"
        case let .template(error, name):
            name.map { "chat template \"\($0)\": \(error.description)" } ?? "chat template: \(error.description)"
        }
    }

    public var errorDescription: String? { description }

    private static func pythonList(_ names: [String]) -> String {
        "[" + names.map { "'\($0)'" }.joined(separator: ", ") + "]"
    }
}
