import IntentEngine

/// The intents the assistant acts on: the intent engine's names (the exact names front ends and
/// reports use). Any recognizer (the engine, a fake in tests) answers with these.
public typealias AssistantIntent = IntentName

extension IntentName {
    /// True for the intents that answer a question the assistant asked (yes, no, stop).
    public var isDialogueControl: Bool { self == .confirm || self == .deny || self == .cancel }
}
