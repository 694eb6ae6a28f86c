/// Named calendar windows such as `mayday` or `spring-festival` (SPEC 3.4, section 5).
///
/// Read from `Tariffs/calendar.txt`; a window may be several ranges and may
/// be spread over several lines with the same id:
///
///     window mayday 五一 2002-05-01..2002-05-07
///     window mayday      2003-05-01..2003-05-03 2003-05-05
public struct HolidayCalendar: Sendable {
  public struct Window: Sendable, Hashable {
    public var id: String
    public var name: String
    public var ranges: [DayRange]

    public func contains(_ day: Day) -> Bool { ranges.contains { $0.contains(day) } }
  }

  public private(set) var windows: [Window] = []

  public func window(_ id: String) -> Window? { windows.first { $0.id == id } }

  static func parse(_ lines: [TariffLine], file: String, diagnostics: inout [Diagnostic]) -> HolidayCalendar {
    var calendar = HolidayCalendar()
    func error(_ line: TariffLine, _ message: String) {
      diagnostics.append(Diagnostic(SourceLocation(file: file, line: line.number), .error, message))
    }
    for line in lines {
      guard line.keyword == "window" else {
        error(line, unknownKeyMessage(line.keyword, known: ["window"]))
        continue
      }
      var args = Array(line.arguments)
      guard !args.isEmpty else {
        error(line, "expected 'window ID [NAME] DAY|FROM..THROUGH…'")
        continue
      }
      let id = args.removeFirst()
      var name: String? = nil
      if let first = args.first, !(first.first.map { $0.isASCII && $0.isNumber } ?? false) {
        name = first
        args.removeFirst()
      }
      var ranges: [DayRange] = []
      for word in args {
        guard let range = DayRange(word[...]), range.from != nil, range.through != nil else {
          error(line, "invalid day range '\(word)': expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD")
          continue
        }
        ranges.append(range)
      }
      if let index = calendar.windows.firstIndex(where: { $0.id == id }) {
        if let name, name != calendar.windows[index].name {
          error(line, "window '\(id)' is named '\(calendar.windows[index].name)' elsewhere, not '\(name)'")
        }
        calendar.windows[index].ranges += ranges
      } else {
        calendar.windows.append(Window(id: id, name: name ?? id, ranges: ranges))
      }
    }
    return calendar
  }
}

/// Operator settings from `Tariffs/settings.txt`.
///
///     change-freeze 1..5    # R5: no plan or account change on the 1st–5th (出帐期)
public struct Settings: Sendable, Hashable {
  /// Days of the month on which plan and account changes are refused (R5).
  public var changeFreeze: ClosedRange<Int> = 1...5

  public init() {}

  static func parse(_ lines: [TariffLine], file: String, diagnostics: inout [Diagnostic]) -> Settings {
    var settings = Settings()
    for line in lines {
      let location = SourceLocation(file: file, line: line.number)
      switch line.keyword {
      case "change-freeze":
        let args = Array(line.arguments)
        let parts = args.first?.split(separator: ".", omittingEmptySubsequences: true) ?? []
        guard args.count == 1, args[0].contains(".."), parts.count == 2,
          let a = Int(parts[0]), let b = Int(parts[1]), 1 <= a, a <= b, b <= 28
        else {
          diagnostics.append(
            Diagnostic(location, .error, "expected 'change-freeze FIRST..LAST' with days of the month 1–28"))
          continue
        }
        settings.changeFreeze = a...b
      default:
        diagnostics.append(Diagnostic(location, .error, unknownKeyMessage(line.keyword, known: ["change-freeze"])))
      }
    }
    return settings
  }
}
