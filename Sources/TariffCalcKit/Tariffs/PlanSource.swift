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
}
