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
  /// Reads and splits a file; a file that cannot be read or is not UTF-8 is one diagnostic.
  static func read(path: String, displayName: String) -> (lines: [TariffLine], diagnostics: [Diagnostic]) {
    guard let data = FileManager.default.contents(atPath: path) else {
      return ([], [Diagnostic(SourceLocation(file: displayName, line: 0), .error, "cannot read the file")])
    }
    var bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let line = TariffLexer.firstInvalidUTF8Line(bytes)
      return ([], [Diagnostic(SourceLocation(file: displayName, line: line), .error, "the file is not valid UTF-8")])
    }
    return split(text, file: displayName)
  }

  /// Splits the text of a file into lines of words.
  static func split(_ text: String, file: String) -> (lines: [TariffLine], diagnostics: [Diagnostic]) {
    var lines: [TariffLine] = []
    var diagnostics: [Diagnostic] = []
    var number = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      var words: [String] = []
      var current = ""
      var inWord = false
      var inQuotes = false
      for ch in rawLine {
        if inQuotes {
          if ch == "\"" { inQuotes = false } else { current.append(ch) }
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
        current.append(ch)
        inWord = true
      }
      if inQuotes {
        diagnostics.append(Diagnostic(SourceLocation(file: file, line: number), .error, "unterminated quoted word"))
        continue
      }
      if inWord { words.append(current) }
      if !words.isEmpty { lines.append(TariffLine(number: number, words: words)) }
    }
    return (lines, diagnostics)
  }

  static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int {
    var line = 1
    var start = 0
    for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
      if String(validating: bytes[start..<i], as: UTF8.self) == nil { return line }
      line += 1
      start = i + 1
    }
    return 0
  }
}
