/// One plan file read and checked on its own: phase 1 of loading, before plans are linked.
///
/// A plan file starts with the plan's identity, then its terms. Terms written
/// before the first `version` line hold for every version; a `version` line
/// opens terms that hold only on its days:
///
///     plan    mzone-campus
///     name    动感地带校园套餐
///     parent  standard            # every rate not set here comes from standard
///     method  package
///     fee     feature 25 必选功能费
///     free    500 sms on-net
///     rate    roaming 0.80/min
///
///     version ..2004-01-31
///     rate    local 0.40/min
///
///     version 2004-02-01..
///     bands   day=08:00-19:00 night=19:00-08:00
///     rate    local day      0.40/min
///     rate    local night mo 0.15/min
///     rate    local night mt 0.10/min
struct PlanSource: Sendable {
  var file: String
  var id: String
  var idLine: Int
  var name: String
  /// `nil` for the root plan (`parent none`).
  var parent: String?
  var parentLine: Int
  var method: ProrationMethod
  var onSale: DayRange
  var notes: [String]
  /// In date order, without gaps or overlaps; one covering all days when the file has no `version` line.
  var versions: [PlanVersion]
}

/// The terms of a plan on a range of days: its own lines, shared and versioned, merged.
struct PlanVersion: Sendable {
  var range: DayRange
  var line: Int
  var fees: [Fee] = []
  var minimum: Money? = nil
  var minimumLine: Int = 0
  var allowances: [Allowance] = []
  var rates: [RateRule] = []
  var roaming: [RoamingRule] = []
  var serviceArea: ServiceArea? = nil
  var notes: [String] = []
}

extension PlanSource {
  static let headerKeys = ["plan", "name", "parent", "method", "on-sale", "note"]
  static let termKeys = ["fee", "minimum", "free", "bands", "rate", "roaming", "service-area", "version"]

  /// Parses a plan file's lines; problems go to `diagnostics` and make the result `nil`.
  static func parse(
    _ lines: [TariffLine], file: String, fileStem: String, reference: ReferenceData,
    diagnostics: inout [Diagnostic]
  ) -> PlanSource? {
    let errorCount = diagnostics.count
    func error(_ line: Int, _ message: String) {
      diagnostics.append(Diagnostic(SourceLocation(file: file, line: line), .error, message))
    }
    var id: (String, Int)? = nil
    var name: String? = nil
    var parent: (String?, Int)? = nil
    var method: ProrationMethod? = nil
    var onSale = DayRange.always
    var notes: [String] = []
    var seenHeader: [String: Int] = [:]
    // Terms: the shared scope, then one scope per `version` line.
    var shared: [TariffLine] = []
    var versionScopes: [(range: DayRange, line: Int, lines: [TariffLine])] = []

    for line in lines {
      let key = line.keyword
      let args = Array(line.arguments)
      if headerKeys.contains(key) {
        if let v = versionScopes.last {
          error(line.number, "'\(key)' belongs before the first 'version' line (line \(v.line))")
          continue
        }
        if key != "note", let first = seenHeader[key] {
          error(line.number, "'\(key)' is given twice; the first is at line \(first)")
          continue
        }
        seenHeader[key] = line.number
        switch key {
        case "plan":
          guard args.count == 1 else {
            error(line.number, "expected 'plan ID'")
            continue
          }
          guard args[0] == fileStem else {
            error(line.number, "plan id '\(args[0])' does not match the file name '\(fileStem).plan'")
            continue
          }
          id = (args[0], line.number)
        case "name":
          guard !args.isEmpty else {
            error(line.number, "expected 'name NAME'")
            continue
          }
          name = args.joined(separator: " ")
        case "parent":
          guard args.count == 1 else {
            error(line.number, "expected 'parent ID' or 'parent none'")
            continue
          }
          parent = (args[0] == "none" ? nil : args[0], line.number)
        case "method":
          guard args.count == 1, let m = ProrationMethod(rawValue: args[0]) else {
            error(line.number, "expected 'method daily' or 'method package'")
            continue
          }
          method = m
        case "on-sale":
          guard args.count == 1, let range = DayRange(args[0][...]) else {
            error(line.number, "expected 'on-sale FROM..THROUGH' with days YYYY-MM-DD, either end may be left out")
            continue
          }
          onSale = range
        default:  // note
          notes.append(args.joined(separator: " "))
        }
      } else if key == "version" {
        guard args.count == 1, let range = DayRange(args[0][...]) else {
          error(line.number, "expected 'version FROM..THROUGH' with days YYYY-MM-DD, either end may be left out")
          versionScopes.append((.always, line.number, []))  // keep its lines out of the shared scope
          continue
        }
        versionScopes.append((range, line.number, []))
      } else if termKeys.contains(key) {
        if versionScopes.isEmpty { shared.append(line) } else { versionScopes[versionScopes.count - 1].lines.append(line) }
      } else {
        error(line.number, unknownKeyMessage(key, known: headerKeys + termKeys))
      }
    }
    let firstLine = lines.first?.number ?? 0
    if id == nil, seenHeader["plan"] == nil { error(firstLine, "missing 'plan ID'") }
    if name == nil, seenHeader["name"] == nil { error(firstLine, "missing 'name NAME'") }
    if method == nil, seenHeader["method"] == nil { error(firstLine, "missing 'method daily' or 'method package'") }
    if parent == nil, seenHeader["parent"] == nil {
      parent = ("standard", firstLine)
      if fileStem == "standard" { error(firstLine, "the root plan needs 'parent none'") }
    }

    // Versions: in date order, no overlap, no gap.
    let ordered = versionScopes.sorted { ($0.range.from ?? Day(ordinal: .min)) < ($1.range.from ?? Day(ordinal: .min)) }
    for (a, b) in zip(ordered, ordered.dropFirst()) {
      if a.range.overlaps(b.range) {
        error(b.line, "version \(b.range) overlaps version \(a.range) at line \(a.line)")
      } else if let through = a.range.through, let from = b.range.from, through.advanced(by: 1) != from {
        let last = from.advanced(by: -1)
        let gap = through.advanced(by: 1) == last ? "\(last)" : "\(through.advanced(by: 1))..\(last)"
        error(b.line, "gap between versions: no tariff on \(gap) (version \(a.range) at line \(a.line) ends \(through))")
      }
    }

    let sharedTerms = parseTerms(shared, inheritedBands: [:], file: file, reference: reference, diagnostics: &diagnostics)
    var versions: [PlanVersion] = []
    if ordered.isEmpty {
      var v = PlanVersion(range: .always, line: firstLine)
      merge(sharedTerms.terms, into: &v, file: file, diagnostics: &diagnostics)
      versions.append(v)
    }
    for scope in ordered {
      let own = parseTerms(scope.lines, inheritedBands: sharedTerms.bands, file: file, reference: reference,
                           diagnostics: &diagnostics)
      var v = PlanVersion(range: scope.range, line: scope.line)
      merge(sharedTerms.terms, into: &v, file: file, diagnostics: &diagnostics)
      merge(own.terms, into: &v, file: file, diagnostics: &diagnostics)
      versions.append(v)
    }
    guard diagnostics.count == errorCount, let id, let name, let method, let parent else { return nil }
    return PlanSource(file: file, id: id.0, idLine: id.1, name: name, parent: parent.0, parentLine: parent.1,
                      method: method, onSale: onSale, notes: notes, versions: versions)
  }

  /// One scope's terms, checked word by word.
  private struct Terms {
    var fees: [Fee] = []
    var minimum: (Money, Int)? = nil
    var allowances: [Allowance] = []
    var rates: [RateRule] = []
    var roaming: [RoamingRule] = []
    var serviceArea: ServiceArea? = nil
  }

  private static func parseTerms(
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
  private static func merge(_ terms: Terms, into v: inout PlanVersion, file: String, diagnostics: inout [Diagnostic]) {
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
