import IntentEngine

/// A local time of day (hour 0...23, minute 0...59) for reminders: the intent engine's time slot.
public typealias LocalTimeOfDay = TimeOfDay
