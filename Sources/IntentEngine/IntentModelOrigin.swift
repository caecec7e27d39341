/// Where an engine's model came from: the committed model file, or training at start-up.
public enum IntentModelOrigin: Sendable, Equatable, CustomStringConvertible {
    /// Read from Intents/generated/model.bin, built from exactly the data loaded.
    case modelFile
    /// Trained at start-up because the model file is missing, damaged or built from other data (the
    /// text says which): `payassist intents build-model` writes it again.
    case trainedWithoutModelFile(String)
    /// Trained because the caller asked: to build the model file, or on part of the data (calibration).
    case trainedOnRequest

    public var description: String {
        switch self {
        case .modelFile: "read from \(IntentModelFile.relativePath)"
        case .trainedWithoutModelFile(let problem): "trained at start-up: \(problem); run `payassist intents build-model`"
        case .trainedOnRequest: "trained at start-up"
        }
    }
}
