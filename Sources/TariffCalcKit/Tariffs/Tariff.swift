/// A plan's resolved terms on a range of days: what rating and billing use.
///
/// Built once at load time from the plan's version and its parents' versions
/// on those days (child first, R14 “其它费用按现有资费标准实行”). Prices are
/// held in a dense table indexed by ``ChargeClass``, so that rating a record
/// is a few multiplications and one array read.
public final class Tariff: Sendable {
  public let planID: String
  public let planName: String
  public let method: ProrationMethod
  /// The days these terms hold.
  public let range: DayRange
  /// Monthly fees of the plan itself (never inherited), in line-code order.
  public let fees: [Fee]
  public let minimum: Money?
  public let allowances: [Allowance]
  /// Where the plan works, if limited (R16), and the plan that says so.
  public let serviceArea: ServiceArea?
  /// Roaming policy for provincial (index 0) and national (index 1) roaming, with the plan that sets it.
  public let roaming: [(policy: RoamingPolicy, plan: String, line: Int)]
  /// Every rate line of the plan and its parents, child first, for explanations.
  public let rules: [SourcedRule]
  /// Whether a flat fee for incoming calls makes local MT calls free (R21).
  public var hasFlatIncoming: Bool { fees.contains { $0.kind == .flatIncoming } }

  /// Minute of day → time segment: minutes between the same band edges rate alike.
  let minuteSegment: [UInt8]
  let segmentCount: Int
  let zoneSlots: Int
  let table: [RateCell]

  /// A rate line and the plan it comes from.
  public struct SourcedRule: Sendable {
    public var rule: RateRule
    public var plan: String
    public var file: String
    /// 0 for the plan itself, 1 for its parent, …
    public var level: Int
  }

  init(planID: String, planName: String, method: ProrationMethod, range: DayRange, fees: [Fee], minimum: Money?,
       allowances: [Allowance], serviceArea: ServiceArea?, roaming: [(policy: RoamingPolicy, plan: String, line: Int)],
       rules: [SourcedRule], minuteSegment: [UInt8], segmentCount: Int, zoneSlots: Int, table: [RateCell]) {
    self.planID = planID
    self.planName = planName
    self.method = method
    self.range = range
    self.fees = fees
    self.minimum = minimum
    self.allowances = allowances
    self.serviceArea = serviceArea
    self.roaming = roaming
    self.rules = rules
    self.minuteSegment = minuteSegment
    self.segmentCount = segmentCount
    self.zoneSlots = zoneSlots
    self.table = table
  }

  /// One entry of the rate table.
  struct RateCell: Sendable {
    /// Price per unit in li.
    var li: Int64 = 0
    /// Seconds per unit, 0 per message.
    var unitSeconds: Int32 = 0
    /// Index in ``rules``; -1 when no rate applies, -2 when free by R21.
    var rule: Int16 = -1
    /// Index in ``allowances`` of the allowance this class draws on, -1 for none.
    var allowance: Int8 = -1
  }

  /// The layout of every rate table: where a class is, given its parts and its time segment.
  ///
  /// The one definition of the layout: ``compile(levels:range:zoneCount:diagnostics:)`` fills tables in
  /// this order, ``TariffView`` reads them through it, ``kind(ofIndex:)`` inverts it.
  @inline(__always)
  static func tableIndex(kind: Int, direction: Int, inGroup: Bool, onNet: Bool, zone: Int, segment: Int,
                         zoneSlots: Int, segmentCount: Int) -> Int {
    let k = ((kind &* 2 &+ direction) &* 2 &+ (inGroup ? 1 : 0)) &* 2 &+ (onNet ? 1 : 0)
    return (k &* zoneSlots &+ zone) &* segmentCount &+ segment
  }

  /// The charge kind of a table index (the inverse of ``tableIndex(kind:direction:inGroup:onNet:zone:segment:zoneSlots:segmentCount:)``).
  func kind(ofIndex index: Int) -> Int { index / (segmentCount * zoneSlots * 8) }

  func cell(_ c: ChargeClass) -> RateCell {
    table[Tariff.tableIndex(kind: c.kind.rawValue, direction: c.direction.rawValue, inGroup: c.inGroup, onNet: c.onNet,
                            zone: c.zone < zoneSlots ? c.zone : 0, segment: Int(minuteSegment[c.minute]),
                            zoneSlots: zoneSlots, segmentCount: segmentCount)]
  }

  /// The price of a class of record.
  public func price(_ c: ChargeClass) -> Price {
    let e = cell(c)
    return Price(amount: Money(li: e.li), unitSeconds: Int(e.unitSeconds))
  }

  /// The allowance a class of record draws on (R20), if any.
  public func allowanceIndex(_ c: ChargeClass) -> Int? {
    let e = cell(c)
    return e.allowance >= 0 ? Int(e.allowance) : nil
  }

  /// Whether roaming of a kind is open on a day (R16).
  public func roamingPolicy(_ kind: ChargeKind) -> RoamingPolicy {
    roaming[kind == .roamingProvincial ? 0 : 1].policy
  }
}

extension Tariff {
  /// Compiles the terms of `levels` (the plan's version first, then each parent's) on `range`.
  ///
  /// Problems (two rates equally specific for the same record, a class with
  /// no rate at all) are added to `diagnostics`.
  static func compile(
    levels: [(source: PlanSource, version: PlanVersion)], range: DayRange, zoneCount: Int,
    diagnostics: inout Set<Diagnostic>
  ) -> Tariff {
    let own = levels[0]
    var rules: [SourcedRule] = []
    for (level, l) in levels.enumerated() {
      for rule in l.version.rates { rules.append(SourcedRule(rule: rule, plan: l.source.id, file: l.source.file, level: level)) }
    }
    // Time segments: cut the day at every band edge any rule or allowance uses.
    var edges = Set<Int>([0])
    let bands = rules.compactMap(\.rule.selector.bandValue) + own.version.allowances.compactMap(\.selector.bandValue)
    for band in bands {
      edges.insert(band.startMinute)
      edges.insert(band.endMinute % 1440)
    }
    var minuteSegment = [UInt8](repeating: 0, count: 1440)
    var representative: [Int] = []
    for minute in 0..<1440 {
      if edges.contains(minute) { representative.append(minute) }
      minuteSegment[minute] = UInt8(representative.count - 1)
    }
    let zoneSlots = zoneCount + 1
    let flatIncoming = own.version.fees.contains { $0.kind == .flatIncoming }
    var table: [RateCell] = []
    table.reserveCapacity(ChargeKind.allCases.count * 8 * zoneSlots * representative.count)
    var missing: [ChargeKind: ChargeClass] = [:]
    for kind in ChargeKind.allCases {
      let forKind = rules.indices.filter { rules[$0].rule.selector.kinds.contains(kind) }
      for direction in Direction.allCases {
        for inGroup in [false, true] {
          for onNet in [false, true] {
            for zone in 0..<zoneSlots {
              for minute in representative {
                let c = ChargeClass(kind: kind, direction: direction, minute: minute, zone: zone, inGroup: inGroup,
                                    onNet: onNet)
                var cell = RateCell()
                if kind.isBaseFee {
                  if let a = own.version.allowances.firstIndex(where: { $0.selector.matches(c) }) { cell.allowance = Int8(a) }
                }
                if flatIncoming, kind == .local, direction == .mt {
                  cell.rule = -2
                  cell.unitSeconds = 60
                } else if let r = bestRule(c, rules: rules, of: forKind, levels: levels.count, diagnostics: &diagnostics) {
                  cell.rule = Int16(r)
                  cell.li = rules[r].rule.price.amount.li
                  cell.unitSeconds = Int32(rules[r].rule.price.unitSeconds)
                } else if kind != .sms || direction == .mo {
                  missing[kind] = missing[kind] ?? c
                }
                if cell.allowance >= 0, kind.isVoice, cell.unitSeconds != 60, cell.rule != -1 {
                  let a = own.version.allowances[Int(cell.allowance)]
                  diagnostics.insert(Diagnostic(SourceLocation(file: own.source.file, line: a.line), .error,
                    "free minutes need a per-minute rate, but '\(rules[Int(cell.rule)].rule.selector.words)' is \(rules[Int(cell.rule)].rule.price)"))
                }
                table.append(cell)
              }
            }
          }
        }
      }
    }
    let root = levels[levels.count - 1].source
    for (kind, c) in missing.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      let what = kind == .roamingProvincial ? "roaming provincial" : kind == .roamingNational ? "roaming national" : kind.word
      diagnostics.insert(Diagnostic(SourceLocation(file: root.file, line: root.idLine), .error,
        "no rate for \(what) \(c.direction.word)\(c.onNet ? " on-net" : " off-net") calls at \(TimeBand.clock(c.minute)); the root plan must set every kind"))
    }

    var roaming: [(policy: RoamingPolicy, plan: String, line: Int)] = []
    for kind in [ChargeKind.roamingProvincial, .roamingNational] {
      var found: (RoamingPolicy, String, Int)? = nil
      for l in levels {
        let candidates = l.version.roaming.filter { $0.kinds.contains(kind) }
        if let rule = candidates.first(where: { $0.kinds.count == 1 }) ?? candidates.first {
          found = (rule.policy, l.source.id, rule.line)
          break
        }
      }
      if let found { roaming.append(found) } else {
        diagnostics.insert(Diagnostic(SourceLocation(file: root.file, line: root.idLine), .error,
          "no roaming rule for \(kind == .roamingProvincial ? "provincial" : "national") roaming; the root plan must say 'roaming allowed' or 'roaming none'"))
        roaming.append((.notAllowed, root.id, 0))
      }
    }
    let serviceArea = levels.lazy.compactMap(\.version.serviceArea).first
    return Tariff(
      planID: own.source.id, planName: own.source.name, method: own.source.method, range: range,
      fees: own.version.fees.sorted { $0.kind.line < $1.kind.line }, minimum: own.version.minimum, allowances: own.version.allowances,
      serviceArea: serviceArea, roaming: roaming, rules: rules, minuteSegment: minuteSegment,
      segmentCount: representative.count, zoneSlots: zoneSlots, table: table)
  }

  /// The rule that prices a class: the first level with a matching rule, its most specific match.
  /// `candidates`: the indexes in `rules`, ascending, of the rules for the class's kind (no other can match).
  private static func bestRule(_ c: ChargeClass, rules: [SourcedRule], of candidates: [Int], levels: Int,
                               diagnostics: inout Set<Diagnostic>) -> Int? {
    for level in 0..<levels {
      var best: Int? = nil
      for i in candidates where rules[i].level == level && rules[i].rule.selector.matches(c) {
        let r = rules[i]
        guard let b = best else {
          best = i
          continue
        }
        let s = r.rule.selector.specificity
        let bs = rules[b].rule.selector.specificity
        if s > bs {
          best = i
        } else if s == bs, level == 0 {
          // Ambiguity is reported against the plan that has it, never against its children.
          let (first, second) = (rules[b], r)
          diagnostics.insert(Diagnostic(SourceLocation(file: second.file, line: second.rule.line), .error,
            "rate '\(second.rule.selector.words)' and rate '\(first.rule.selector.words)' at line \(first.rule.line) are equally specific and both apply to some records; add a rate for the records of both or make one more specific"))
        }
      }
      if let best { return best }
    }
    return nil
  }
}
