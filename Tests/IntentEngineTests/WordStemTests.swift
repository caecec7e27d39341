@testable import IntentEngine
import Testing

/// Word features use a light stem, so inflected English shares them with the phrases' forms.
struct WordStemTests {
    private func stem(_ word: String) -> String {
        String(String.UnicodeScalarView(FeatureExtractor.stem(word.unicodeScalars.map(\.value)).compactMap(Unicode.Scalar.init)))
    }

    @Test("inflections of a verb or noun meet at one stem", arguments: [
        (["paying", "pays"], "pay"), (["bills"], "bill"), (["topped", "topping", "tops"], "top"),
        (["charges", "charged", "charging", "charge"], "charg"), (["batteries"], "battery"), (["billed", "billing"], "bill"),
    ])
    func inflectionsMeet(words: [String], expected: String) {
        for word in words { #expect(stem(word) == expected, "\(word)") }
    }

    @Test("short, accented and non-Latin words stay as written", arguments: ["due", "pay", "bus", "électricité", "电费", "счёт", "status", "class"])
    func othersStay(word: String) {
        #expect(stem(word) == word)
    }
}
