/// The Luhn (mod 10) check digit algorithm that every card number satisfies.
public enum Luhn {
    /// True when `digits` (ASCII digits only) passes the Luhn check; false for empty or non-digit input.
    public static func isValid(_ digits: String) -> Bool {
        guard !digits.isEmpty else { return false }
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            guard let value = character.wholeNumberValue, character.isASCII else { return false }
            if offset % 2 == 1 {
                let doubled = value * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += value
            }
        }
        return sum % 10 == 0
    }
}
