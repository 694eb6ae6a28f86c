/// A tariff as the hot path reads it on the days of one month: raw pointers into memory the month
/// owns, and plain integers. Reading it counts no references.
struct TariffView {
  let cells: UnsafePointer<Tariff.RateCell>
  let minuteSegment: UnsafePointer<UInt8>
  let segmentCount: Int
  let zoneSlots: Int
  /// Roaming, provincial (0) and national (1): 0 allowed, 1 not allowed, 2 only on the days of `roamingDays`.
  let roamingRule: (UInt8, UInt8)
  /// Bit d set when roaming is open on day d (0-based) of the month.
  let roamingDays: (UInt32, UInt32)
  /// Per zone number, whether the plan works there (R16); `nil` when it works everywhere.
  let serviceArea: UnsafePointer<Bool>?

  /// The rate cell of a class of record.
  @inline(__always)
  func cell(kind: Int, direction: Int, inGroup: Bool, onNet: Bool, zone: Int, minute: Int) -> Tariff.RateCell {
    cells[Tariff.tableIndex(kind: kind, direction: direction, inGroup: inGroup, onNet: onNet, zone: zone,
                            segment: Int(minuteSegment[minute]), zoneSlots: zoneSlots, segmentCount: segmentCount)]
  }

  /// 0 allowed, 1 not allowed, 2 closed on that day (R16).
  @inline(__always)
  func roaming(national: Bool, dayOfMonth d: Int) -> UInt8 {
    let rule = national ? roamingRule.1 : roamingRule.0
    guard rule == 2 else { return rule }
    let days = national ? roamingDays.1 : roamingDays.0
    return days & (1 << UInt32(d)) != 0 ? 0 : 2
  }
}

/// The ``TariffView``s of a month, which view holds on each day of each plan, and the allowance
/// slots: everything the rater reads, in memory allocated once and freed with the month.
final class MonthViews: @unchecked Sendable {
  // Sendable: built in init, then only read.
  private let allocations: [UnsafeMutableRawPointer]
  /// `views[planDay[plan * 31 + day]]` is the tariff of a plan on a day (0-based) of the month; -1 for none.
  let views: UnsafeMutablePointer<TariffView>
  let planDay: UnsafeMutablePointer<Int32>
  /// Per subscriber, the first allowance slot; `slotBase[i + 1]` ends it.
  let slotBase: UnsafeMutablePointer<Int32>
  /// Per slot, whether every use costs the same (then no time order is kept).
  let slotUniform: UnsafeMutablePointer<Bool>
  /// Per slot, units granted this month.
  let slotGranted: UnsafeMutablePointer<Int64>

  init(month: Month, planTariffs: [[Tariff]], zoneCount: Int, slotBase: [Int32], slotUniform: [Bool], slotGranted: [Int64]) {
    var list: [TariffView] = []
    var indexOf: [ObjectIdentifier: Int32] = [:]
    var planDay = [Int32](repeating: -1, count: max(1, planTariffs.count) * 31)
    var owned: [UnsafeMutableRawPointer] = []
    func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
      let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
      p.initialize(from: values, count: values.count)
      owned.append(UnsafeMutableRawPointer(p))
      return p
    }
    for (plan, tariffs) in planTariffs.enumerated() {
      for tariff in tariffs {
        let index: Int32
        if let known = indexOf[ObjectIdentifier(tariff)] {
          index = known
        } else {
          var rules: [UInt8] = []
          var days: [UInt32] = []
          for kind in [ChargeKind.roamingProvincial, .roamingNational] {
            switch tariff.roamingPolicy(kind) {
            case .allowed: rules.append(0); days.append(0)
            case .notAllowed: rules.append(1); days.append(0)
            case .during:
              var mask: UInt32 = 0
              for (d, day) in month.days.enumerated() where tariff.roamingPolicy(kind).isOpen(on: day) { mask |= 1 << UInt32(d) }
              rules.append(2)
              days.append(mask)
            }
          }
          var area: UnsafeMutablePointer<Bool>? = nil
          if let service = tariff.serviceArea {
            area = copy((0...zoneCount).map { service.zones.contains($0) })
          }
          list.append(TariffView(cells: copy(tariff.table), minuteSegment: copy(tariff.minuteSegment),
                                 segmentCount: tariff.segmentCount, zoneSlots: tariff.zoneSlots,
                                 roamingRule: (rules[0], rules[1]), roamingDays: (days[0], days[1]),
                                 serviceArea: area.map { UnsafePointer($0) }))
          index = Int32(list.count - 1)
          indexOf[ObjectIdentifier(tariff)] = index
        }
        for (d, day) in month.days.enumerated() where tariff.range.contains(day) { planDay[plan * 31 + d] = index }
      }
    }
    views = copy(list)
    self.planDay = copy(planDay)
    self.slotBase = copy(slotBase)
    self.slotUniform = copy(slotUniform)
    self.slotGranted = copy(slotGranted)
    allocations = owned
  }

  deinit {
    for p in allocations { p.deallocate() }
  }
}
