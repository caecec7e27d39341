import Foundation

/// Finds the project's data folders (Fixtures/, Intents/) at run time and in tests.
public enum ProjectLayout {
    /// The folder `name` (e.g. "Fixtures") in the nearest ancestor of `start` that holds Package.swift
    /// and that folder; falls back to the working directory and the executable's ancestors.
    ///
    /// Tests pass `#filePath`; the executable passes nothing and so finds the checkout it runs from.
    public static func folder(_ name: String, near start: String? = nil) -> URL? {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let start { candidates.append(URL(fileURLWithPath: start)) }
        candidates.append(URL(fileURLWithPath: fileManager.currentDirectoryPath, isDirectory: true))
        candidates.append(URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath())
        for candidate in candidates {
            var directory = candidate
            for _ in 0..<12 {
                let folder = directory.appendingPathComponent(name, isDirectory: true)
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue,
                   fileManager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                    return folder
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }
}
