/// "Did you mean …?": the known name nearest a mistyped one, when one is near enough.
public enum Suggestion {
  /// The name of `known` at the smallest edit distance from `word`, if that distance is at most 2 (and
  /// less than the word's length: `x` is near every one-letter name and suggests none).
  public static func closest(to word: String, among known: [String]) -> String? {
    let best = known.map { ($0, editDistance($0, word)) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
    guard let best, best.1 <= 2, best.1 < word.count else { return nil }
    return best.0
  }

  /// `; did you mean 'X'?` after a message, or nothing.
  public static func didYouMean(_ word: String, among known: [String]) -> String {
    closest(to: word, among: known).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// Levenshtein distance: insertions, deletions and substitutions of characters.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in stride(from: 1, through: b.count, by: 1) {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
