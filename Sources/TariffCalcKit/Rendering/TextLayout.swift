/// Column layout for terminal text that mixes Chinese and Latin characters.
///
/// A CJK character takes two columns of a terminal, a Latin one one column;
/// padding by `count` would misalign every table a clerk reads.
public enum TextLayout {
  /// Terminal columns a string takes: 2 for East Asian wide characters, 1 otherwise.
  public static func width(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
  }

  static func isWide(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
      return true
    default:
      return false
    }
  }

  /// The text padded on the right to `columns` terminal columns.
  public static func padRight(_ text: String, _ columns: Int) -> String {
    text + String(repeating: " ", count: max(0, columns - width(text)))
  }

  /// The text padded on the left to `columns` terminal columns.
  public static func padLeft(_ text: String, _ columns: Int) -> String {
    String(repeating: " ", count: max(0, columns - width(text))) + text
  }

  /// Rows laid out in columns two spaces apart; `rightAligned` columns are padded on the left.
  public static func table(_ rows: [[String]], rightAligned: Set<Int> = [], indent: String = "") -> String {
    let columns = rows.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (i, cell) in row.enumerated() { widths[i] = max(widths[i], width(cell)) }
    }
    return rows.map { row in
      var line = indent
      for (i, cell) in row.enumerated() {
        let last = i == row.count - 1
        if rightAligned.contains(i) {
          line += padLeft(cell, widths[i])
        } else {
          line += last ? cell : padRight(cell, widths[i])
        }
        if !last { line += "  " }
      }
      while line.hasSuffix(" ") { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }
}
