/// The order catalogs list open sets of names in (languages, intents): the product's own values in
/// their listed order first, then any added in data, alphabetically by name.
public enum CatalogOrder {
    /// True when `lhs` comes before `rhs`, given the listed `known` values.
    public static func isBefore<T: Equatable>(_ lhs: T, _ rhs: T, known: [T], name: (T) -> String) -> Bool {
        switch (known.firstIndex(of: lhs), known.firstIndex(of: rhs)) {
        case let (left?, right?): return left < right
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return name(lhs) < name(rhs)
        }
    }
}
