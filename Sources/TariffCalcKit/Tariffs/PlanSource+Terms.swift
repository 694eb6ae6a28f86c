/// The terms of a plan file: fees, allowances, bands, rates, roaming and service area, word by word.
extension PlanSource {
  /// One scope's terms, checked word by word.
  struct Terms {
    var fees: [Fee] = []
    var minimum: (Money, Int)? = nil
    var allowances: [Allowance] = []
    var rates: [RateRule] = []
    var roaming: [RoamingRule] = []
    var serviceArea: ServiceArea? = nil
  }

  static func parseTerms(
    _ lines: [TariffLine], inheritedBands: [String: TimeBand], file: String, reference: ReferenceData,
    diagnostics: inout [Diagnostic]
  ) -> (terms: Terms, bands: [String: TimeBand]) {
    func error(_ line: Int, _ message: String) {
      diagnostics.append(Diagnostic(SourceLocation(file: file, line: line), .error, message))
    }
    // Bands first, so that a rate may name a band declared further down.
    var bands = inheritedBands
    for line in lines where line.keyword == "bands" {
      var set: [(String, TimeBand)] = []
      for word in line.arguments {
        let parts = word.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let band = TimeBand(parts[1]) else {
          error(line.number, "invalid band '\(word)': expected NAME=HH:MM-HH:MM")
          continue
        }
        let bandName = String(parts[0])
        guard bands[bandName] == nil else {
          error(line.number, "band '\(bandName)' is defined twice")
          continue
        }
        set.append((bandName, band))
        bands[bandName] = band
      }
      guard !set.isEmpty else {
        error(line.number, "expected 'bands NAME=HH:MM-HH:MM …' covering the whole day")
        continue
      }
      if let problem = bandCoverageProblem(set) { error(line.number, problem) }
    }

    var terms = Terms()
    for line in lines {
      let args = Array(line.arguments)
      switch line.keyword {
      case "bands":
        continue
      case "fee":
        guard (2...3).contains(args.count), let kind = Fee.Kind(rawValue: args[0]) else {
          error(line.number, "expected 'fee rental|feature|flat-incoming AMOUNT [LABEL]'")
          continue
        }
        guard let amount = Money(yuan: args[1]) else {
          error(line.number, "invalid amount '\(args[1])': yuan with at most 3 decimals expected (R1)")
          continue
        }
        terms.fees.append(Fee(kind: kind, amount: amount, label: args.count == 3 ? args[2] : nil, line: line.number))
      case "minimum":
        guard args.count == 1 else {
          error(line.number, "expected 'minimum AMOUNT'")
          continue
        }
        guard let amount = Money(yuan: args[0]) else {
          error(line.number, "invalid amount '\(args[0])': yuan with at most 3 decimals expected (R1)")
          continue
        }
        terms.minimum = (amount, line.number)
      case "free":
        guard args.count >= 2, let units = Int(args[0]), units > 0, units <= 1_000_000 else {
          error(line.number, "expected 'free COUNT KIND [QUALIFIER…]' with a whole count above 0")
          continue
        }
        switch Selector.parse(args[1...], bands: bands, cells: reference.cells) {
        case .failure(let problem): error(line.number, problem.message)
        case .success(let selector):
          guard selector.kinds.allSatisfy(\.isBaseFee) else {
            error(line.number, "free units waive base fees only (R15): local, roaming or sms")
            continue
          }
          terms.allowances.append(Allowance(units: units, selector: selector, line: line.number))
        }
      case "rate":
        guard args.count >= 2 else {
          error(line.number, "expected 'rate KIND [QUALIFIER…] PRICE'")
          continue
        }
        switch Selector.parse(args.dropLast(), bands: bands, cells: reference.cells) {
        case .failure(let problem): error(line.number, problem.message)
        case .success(let selector):
          switch Price.parse(args[args.count - 1], kind: selector.kinds[0]) {
          case .failure(let problem): error(line.number, problem.message)
          case .success(let price): terms.rates.append(RateRule(selector: selector, price: price, line: line.number))
          }
        }
      case "roaming":
        if let rule = parseRoaming(args[...], line: line.number, calendar: reference.calendar, error: error) {
          terms.roaming.append(rule)
        }
      case "service-area":
        guard args.count == 1, args[0].hasPrefix("zone:") else {
          error(line.number, "expected 'service-area zone:ID'")
          continue
        }
        let zoneID = String(args[0].dropFirst(5))
        guard let zones = reference.cells.zoneNumbers(named: zoneID) else {
          error(line.number, "unknown zone '\(zoneID)'")
          continue
        }
        if terms.serviceArea != nil {
          error(line.number, "'service-area' is given twice")
          continue
        }
        terms.serviceArea = ServiceArea(zoneName: zoneID, zones: zones, line: line.number)
      default:
        error(line.number, "unexpected '\(line.keyword)'")
      }
    }
    return (terms, bands)
  }

  /// `roaming [provincial|national] allowed|none|during [months=M,…] [WINDOW…]`.
  private static func parseRoaming(
    _ args: ArraySlice<String>, line: Int, calendar: HolidayCalendar, error: (Int, String) -> Void
  ) -> RoamingRule? {
    var args = args
    var kinds: [ChargeKind] = [.roamingProvincial, .roamingNational]
    if args.first == "provincial" || args.first == "national" {
      kinds = [args.removeFirst() == "provincial" ? .roamingProvincial : .roamingNational]
    }
    let usage = "expected 'roaming [provincial|national] allowed|none|during [months=M,…] [WINDOW…]'"
    guard let word = args.popFirst() else {
      error(line, usage)
      return nil
    }
    switch word {
    case "allowed", "none":
      guard args.isEmpty else {
        error(line, usage)
        return nil
      }
      return RoamingRule(kinds: kinds, policy: word == "allowed" ? .allowed : .notAllowed, line: line)
    case "during":
      var months: [Int] = []
      var windows: [HolidayCalendar.Window] = []
      for item in args {
        if item.hasPrefix("months=") {
          for m in item.dropFirst(7).split(separator: ",", omittingEmptySubsequences: false) {
            guard let n = Int(m), (1...12).contains(n) else {
              error(line, "invalid month '\(m)': 1–12 expected")
              return nil
            }
            months.append(n)
          }
        } else if let window = calendar.window(item) {
          windows.append(window)
        } else {
          error(line, "unknown calendar window '\(item)'")
          return nil
        }
      }
      guard !months.isEmpty || !windows.isEmpty else {
        error(line, "'roaming during' needs months=… or a calendar window")
        return nil
      }
      return RoamingRule(kinds: kinds, policy: .during(months: months, windows: windows), line: line)
    default:
      error(line, usage)
      return nil
    }
  }

  /// Adds one scope's terms to a version, refusing anything set twice.
  static func merge(_ terms: Terms, into v: inout PlanVersion, file: String, diagnostics: inout [Diagnostic]) {
    func error(_ line: Int, _ message: String) {
      diagnostics.append(Diagnostic(SourceLocation(file: file, line: line), .error, message))
    }
    for fee in terms.fees {
      if let first = v.fees.first(where: { $0.kind == fee.kind }) {
        error(fee.line, "fee '\(fee.kind.rawValue)' is already set at line \(first.line)")
      } else {
        v.fees.append(fee)
      }
    }
    if let (amount, line) = terms.minimum {
      if v.minimum != nil { error(line, "'minimum' is already set at line \(v.minimumLine)") } else {
        v.minimum = amount
        v.minimumLine = line
      }
    }
    for a in terms.allowances {
      if let first = v.allowances.first(where: { $0.selector == a.selector }) {
        error(a.line, "free '\(a.selector.words)' is already set at line \(first.line)")
      } else {
        v.allowances.append(a)
      }
    }
    for r in terms.rates {
      if let first = v.rates.first(where: { $0.selector == r.selector }) {
        error(r.line, "rate '\(r.selector.words)' is already set at line \(first.line)")
      } else {
        v.rates.append(r)
      }
    }
    for r in terms.roaming {
      if let first = v.roaming.first(where: { $0.kinds == r.kinds }) {
        error(r.line, "this roaming rule is already set at line \(first.line)")
      } else {
        v.roaming.append(r)
      }
    }
    if let area = terms.serviceArea {
      if let first = v.serviceArea { error(area.line, "'service-area' is already set at line \(first.line)") } else {
        v.serviceArea = area
      }
    }
  }

  /// Why a band set does not cover the day exactly once, or `nil` when it does.
  static func bandCoverageProblem(_ set: [(String, TimeBand)]) -> String? {
    var owner = [String?](repeating: nil, count: 1440)
    for (name, band) in set {
      for minute in 0..<1440 where band.contains(minute: minute) {
        if let other = owner[minute] {
          return "bands '\(other)' and '\(name)' overlap at \(TimeBand.clock(minute))"
        }
        owner[minute] = name
      }
    }
    guard let start = owner.firstIndex(where: { $0 == nil }) else { return nil }
    var end = start
    while end < 1440, owner[end] == nil { end += 1 }
    let names = set.map { "'\($0.0)'" }.joined(separator: ", ")
    return "bands \(names) do not cover the day: \(TimeBand.clock(start))-\(TimeBand.clock(end)) is in none"
  }
}
