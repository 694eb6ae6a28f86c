/// Column layout for terminal text that mixes Chinese and Latin characters.
///
/// A CJK character takes two columns of a terminal, a Latin one one column;
/// padding by `count` would misalign every table a clerk reads. Every line of
/// the program's text for people fits in ``columns`` (issue 12): what can grow
/// with the data (file lists, reject details, fee lists) is word-wrapped by
/// ``wrap(_:width:first:rest:)``.
public enum TextLayout {
  /// The width every line of human output fits in.
  public static let columns = 80

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

  // MARK: Numbers

  /// A count with thousands separators: `1,234,567`, `-1,000`, `999`.
  public static func grouped(_ n: Int) -> String { grouped(digits: String(n.magnitude), negative: n < 0) }

  /// Yuan of an amount in fen with thousands separators and two decimals: `16,604,161.85`, `-0.01`.
  /// For text only: JSON and CSV carry fen, or yuan without separators.
  public static func yuan(fen: Int64) -> String { grouped(decimal: Money.yuanText(fen: fen)) }

  /// Yuan of an amount in li with thousands separators, two decimals or three when the third is not
  /// zero: `1,000.00`, `0.125`.
  public static func yuan(li: Int64) -> String { grouped(decimal: Money.yuanText(li: li)) }

  /// A decimal number's text with thousands separators: `-1234.50` → `-1,234.50`, `12345.000` → `12,345.000`.
  public static func grouped(decimal text: String) -> String {
    let negative = text.hasPrefix("-")
    let unsigned = negative ? text.dropFirst() : text[...]
    let point = unsigned.firstIndex(of: ".") ?? unsigned.endIndex
    return grouped(digits: String(unsigned[..<point]), negative: negative) + unsigned[point...]
  }

  static func grouped(digits: String, negative: Bool) -> String {
    var out = negative ? "-" : ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  // MARK: Word wrap

  /// Word-wraps `text` into lines of at most `width` terminal columns (CJK characters count two).
  ///
  /// The first line starts with `first`, the others with `rest` (by default as many spaces as `first`
  /// is wide: a hanging indent). Breaks are made, in order of preference:
  /// 1. at ` · `, between the items of a list: the separator gives way to the line break;
  /// 2. at a space, inside an item too wide for what is left of the line (greedy: as many words on a
  ///    line as fit);
  /// 3. after a comma not followed by a digit, inside a word too wide for a line of its own
  ///    (`mo=100,mt=20,…`; never inside `16,604,161.85`);
  /// 4. between two Chinese characters, inside a run of them too wide for a line of its own.
  ///
  /// A word is never cut otherwise: a word wider than a line (a long file path) stays whole on a line of
  /// its own, and that line is wider than `width`. Trailing spaces are dropped.
  public static func wrap(_ text: String, width: Int = columns, first: String = "", rest: String? = nil) -> [String] {
    wrap(items: text.components(separatedBy: " · "), separator: " · ", width: width, first: first, rest: rest)
  }

  /// Word-wraps `items` joined by `separator` (breaking between items first, as ``wrap(_:width:first:rest:)``
  /// breaks at ` · `).
  public static func wrap(
    items: [String], separator: String, width: Int = columns, first: String = "", rest: String? = nil
  ) -> [String] {
    var filler = Filler(width: width, first: first, rest: rest ?? String(repeating: " ", count: self.width(first)))
    for (i, item) in items.enumerated() { filler.place(item, joiner: i == 0 ? "" : separator, level: 0) }
    return filler.finish()
  }

  /// ``wrap(_:width:first:rest:)`` as one string, lines joined by newlines (no newline at the end).
  public static func wrapped(_ text: String, width: Int = columns, first: String = "", rest: String? = nil) -> String {
    wrap(text, width: width, first: first, rest: rest).joined(separator: "\n")
  }

  /// Greedy filling of lines with units that break at four levels: items, words, after commas, between
  /// Chinese characters.
  struct Filler {
    let width: Int
    let rest: String
    var lines: [String] = []
    var line: String
    var lineWidth: Int
    /// Nothing but the line's prefix yet: the next unit goes without its joiner.
    var empty = true

    init(width: Int, first: String, rest: String) {
      self.width = width
      self.rest = rest
      line = first
      lineWidth = TextLayout.width(first)
    }

    /// Places a unit of `level` (0 an item, 1 a word, 2 a piece of a word after a comma, 3 a piece
    /// between Chinese characters), preceded by `joiner` unless it starts a line.
    mutating func place(_ text: String, joiner: String, level: Int) {
      let w = TextLayout.width(text)
      if w <= width - lineWidth - (empty ? 0 : TextLayout.width(joiner)) { return append(text, joiner: joiner, width: w) }
      // On the next line when it fits there whole: a break here is preferred to one inside it.
      if !empty, w <= width - TextLayout.width(rest) {
        breakLine()
        return append(text, joiner: joiner, width: w)
      }
      // Too wide for a line: its parts, at the first level that has several; an item of a list from the
      // start of a line.
      if level == 0, !empty { breakLine() }
      for level in level..<3 {
        let parts: [String]
        switch level {
        case 0: parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        case 1: parts = Self.afterCommas(text)
        default: parts = Self.betweenWide(text)
        }
        guard parts.count > 1 else { continue }
        for (i, part) in parts.enumerated() {
          place(part, joiner: i == 0 ? joiner : level == 0 ? " " : "", level: level + 1)
        }
        return
      }
      // One word too wide for any line: whole, on a line of its own.
      if !empty { breakLine() }
      append(text, joiner: joiner, width: w)
    }

    mutating func append(_ text: String, joiner: String, width w: Int) {
      if empty {
        guard !text.isEmpty else { return }  // the spaces of a break are not carried to the next line
        line += text
        lineWidth += w
        empty = false
      } else {
        line += joiner + text
        lineWidth += TextLayout.width(joiner) + w
      }
    }

    mutating func breakLine() {
      lines.append(Self.trimmed(line))
      line = rest
      lineWidth = TextLayout.width(rest)
      empty = true
    }

    mutating func finish() -> [String] {
      lines.append(Self.trimmed(line))
      return lines
    }

    /// `a,b,c` → `a,` `b,` `c`; a comma followed by a digit does not break (`1,000`).
    static func afterCommas(_ word: String) -> [String] {
      var parts: [String] = []
      var part = ""
      let characters = Array(word)
      for (i, c) in characters.enumerated() {
        part.append(c)
        if c == ",", i + 1 < characters.count, !characters[i + 1].isNumber {
          parts.append(part)
          part = ""
        }
      }
      if !part.isEmpty { parts.append(part) }
      return parts
    }

    /// A run of text cut between two wide (Chinese) characters, but never before closing punctuation.
    static func betweenWide(_ word: String) -> [String] {
      var parts: [String] = []
      var part = ""
      var lastWide = false
      for c in word {
        let wide = c.unicodeScalars.first.map(TextLayout.isWide) ?? false
        if lastWide, wide, !"，。、；：？！）」』】》".contains(c) {
          parts.append(part)
          part = ""
        }
        part.append(c)
        lastWide = wide
      }
      if !part.isEmpty { parts.append(part) }
      return parts
    }

    static func trimmed(_ s: String) -> String {
      var s = s
      while s.hasSuffix(" ") { s.removeLast() }
      return s
    }
  }

  // MARK: Tables

  /// Rows laid out in columns two spaces apart; `rightAligned` columns are padded on the left.
  ///
  /// A cell may hold several lines (separated by newlines): the row takes as many lines, the other cells
  /// blank below their first line. With `width`, the cells of column `wrap` (by default the last column
  /// of the widest row) are word-wrapped to the room the other columns leave in `width`, with
  /// ``wrap(_:width:first:rest:)`` and `hang` before their lines after the first; the other columns are
  /// never cut.
  public static func table(
    _ rows: [[String]], rightAligned: Set<Int> = [], indent: String = "", width: Int? = nil, wrap: Int? = nil,
    hang: String = ""
  ) -> String {
    let columns = rows.map(\.count).max() ?? 0
    var cells: [[[String]]] = rows.map { $0.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } }
    func widths() -> [Int] {
      var widths = [Int](repeating: 0, count: columns)
      for row in cells {
        for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.map(self.width).max() ?? 0) }
      }
      return widths
    }
    if let width, columns > 0 {
      let column = wrap ?? columns - 1
      let others = widths().enumerated().reduce(0) { $0 + ($1.offset == column ? 0 : $1.element) }
      let room = max(8, width - self.width(indent) - others - 2 * (columns - 1))
      for r in cells.indices where column < cells[r].count {
        cells[r][column] = cells[r][column].flatMap { self.wrap($0, width: room, rest: hang) }
      }
    }
    let widths = widths()
    var out: [String] = []
    for row in cells {
      let height = row.map(\.count).max() ?? 1
      for k in 0..<height {
        var line = indent
        for (i, cell) in row.enumerated() {
          let last = i == row.count - 1
          let text = k < cell.count ? cell[k] : ""
          if rightAligned.contains(i) {
            line += padLeft(text, widths[i])
          } else {
            line += last ? text : padRight(text, widths[i])
          }
          if !last { line += "  " }
        }
        while line.hasSuffix(" ") { line.removeLast() }
        out.append(line)
      }
    }
    return out.joined(separator: "\n")
  }
}
