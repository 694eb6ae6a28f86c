import Foundation

/// One meaningful line of a tariff or reference file: its number and its words.
struct TariffLine: Sendable {
  var number: Int
  var words: [String]

  var keyword: String { words[0] }
  var arguments: ArraySlice<String> { words.dropFirst() }
}

/// The shared syntax of every file under `Tariffs/`.
///
/// A line is a keyword followed by words separated by spaces or tabs (or the
/// ideographic space U+3000); `#` starts a comment that runs to the end of the
/// line; a word in double quotes may hold spaces and `#`. Blank and
/// comment-only lines are skipped. Files are UTF-8, with or without a BOM.
enum TariffLexer {
  /// Reads and splits a file, line by line through the one line reader (LF or CR LF, a BOM dropped,
  /// lines bounded); a file that cannot be read is one diagnostic, a bad line (too long, a NUL byte,
  /// not UTF-8) one diagnostic at its line.
  static func read(path: String, displayName: String) -> (lines: [TariffLine], diagnostics: [Diagnostic]) {
    var lines: [TariffLine] = []
    var diagnostics: [Diagnostic] = []
    do {
      let reader = LineReader(try FileSource(path: path))
      while let line = try reader.next() {
        if let problem = line.textProblem(limit: reader.maxLineBytes) {
          diagnostics.append(Diagnostic(SourceLocation(file: displayName, line: line.number), .error, problem))
          continue
        }
        switch words(line.bytes.text) {
        case .some(let words): if !words.isEmpty { lines.append(TariffLine(number: line.number, words: words)) }
        case .none:
          diagnostics.append(Diagnostic(SourceLocation(file: displayName, line: line.number), .error, "unterminated quoted word"))
        }
      }
    } catch {
      diagnostics.append(Diagnostic(SourceLocation(file: displayName, line: error.line), .error, error.message))
    }
    return (lines, diagnostics)
  }

  /// The words of one line (its comment dropped), or `nil` for an unterminated quote.
  static func words(_ line: String) -> [String]? {
    var words: [String] = []
    var current = ""
    var inWord = false
    var inQuotes = false
    for ch in line.unicodeScalars {
      if inQuotes {
        if ch == "\"" { inQuotes = false } else { current.unicodeScalars.append(ch) }
        continue
      }
      if ch == "#" { break }
      if ch == "\"" {
        inQuotes = true
        inWord = true
        continue
      }
      if ch == " " || ch == "\t" || ch == "\r" || ch == "\u{3000}" {
        if inWord {
          words.append(current)
          current = ""
          inWord = false
        }
        continue
      }
      current.unicodeScalars.append(ch)
      inWord = true
    }
    if inQuotes { return nil }
    if inWord { words.append(current) }
    return words
  }
}
