/// Rates one record against the month's tariffs (R6–R16) and adds its charges to a ledger.
///
/// A record is checked in the order of R6a and gets the first reason that
/// applies; a record that passes every check is rated: its base fee (R14) to
/// `LOCAL` or `ROAMING` (or `SMS`, R13), drawing on an allowance when the
/// plan has one for it (R20), and its long-distance fee (R8, R15) to
/// `LONG_DISTANCE`.
///
/// On the path of a rated record the rater reads only plain values and raw
/// pointers into memory the month owns (``MonthViews``, ``MonthTableView``):
/// no reference is counted, so workers on several cores share no counter.
struct Rater {
  let context: MonthContext
  private let table: MonthTableView
  private let views: UnsafePointer<TariffView>
  private let planDay: UnsafePointer<Int32>
  private let slotBase: UnsafePointer<Int32>
  private let numbering: NumberingPlan
  private let homeNetwork: Int32
  private let cells: CellZones
  private let lookup: PeerAndCellView
  private let monthFirst: Day
  private let monthLast: Day
  /// Records on or after this day are outside the bill (R23): the as-of day, or the day after the month.
  private let endDay: Day
  /// Texts of refusals that do not change from record to record, made once.
  private let monthText: String
  private let asOfText: String
  private let bookFile: String
  /// The roaming refusals' details already made by this rater.
  private let roamingTexts = RefusalCache()

  init(context: MonthContext) {
    self.context = context
    table = context.table.view
    views = UnsafePointer(context.views.views)
    planDay = UnsafePointer(context.views.planDay)
    slotBase = UnsafePointer(context.views.slotBase)
    numbering = context.catalog.numbering
    homeNetwork = Int32(context.catalog.numbering.homeNetwork)
    cells = context.catalog.cells
    lookup = PeerAndCellView(context.lookup)
    monthFirst = context.month.firstDay
    monthLast = context.month.lastDay
    endDay = context.asOf ?? context.month.lastDay.advanced(by: 1)
    monthText = context.month.description
    asOfText = context.asOf?.description ?? ""
    bookFile = context.book.file
  }

  /// Why a record is not rated, with a plain description.
  struct Refusal: Error {
    var reason: RejectReason
    var detail: String
    /// A record of the month on or after the as-of day (R23): not billed yet, rather than refused.
    var notYet = false
  }

  /// Whether a day is in the bill's days: in the month, and before the as-of day if there is one.
  @inline(__always)
  func isInBill(_ day: Day) -> Bool { day >= monthFirst && day < endDay }

  /// The month slot of a record's subscriber: `nil` when the record is outside the bill's days or
  /// the number is not a subscriber.
  ///
  /// Separate from ``rate(_:slot:order:into:)`` so that a batch of records can look up all their
  /// slots first: independent loads, whose cache misses overlap.
  @inline(__always)
  func slot(of r: CDRRecord) -> UnsafePointer<MonthSlot>? {
    guard isInBill(r.day) else { return nil }
    return table.slot(of: r.subscriber)
  }

  /// Rates `r` into `ledger`, or says why it is rejected.
  /// - Parameters:
  ///   - slot: ``slot(of:)`` of the record.
  ///   - order: the record's input position, for ties in time (R20).
  /// - Complexity: O(digits of the peer); no allocation unless the record is refused.
  @inline(__always)
  func rate<Target: ChargeTarget>(_ r: CDRRecord, slot: UnsafePointer<MonthSlot>?, order: UInt64,
                                  into ledger: Target) -> Refusal? {
    withUnsafePointer(to: r) { rate(at: $0, slot: slot, order: order, into: ledger) }
  }

  /// ``rate(_:slot:order:into:)`` of the record at `record` (a worker's storage for the lines of a unit),
  /// read where it is: not copied first to be passed. `@_transparent`: with `@inline(__always)` the
  /// optimizer still kept a call for a body this size.
  @_transparent
  func rate<Target: ChargeTarget>(at record: UnsafePointer<CDRRecord>, slot: UnsafePointer<MonthSlot>?, order: UInt64,
                                  into ledger: Target) -> Refusal? {
    // The record's fields read from its storage where used (no copy of it held, spilled, across the calls).
    let r = record
    // OUTSIDE_PERIOD: another month, or at/after the as-of day.
    guard r.pointee.day >= monthFirst, r.pointee.day < endDay else {
      return refuseOutsidePeriod(r.pointee)
    }
    guard let slot else { return refuseUnknownSubscriber(r.pointee) }
    let dayOfMonth = monthFirst.distance(to: r.pointee.day)
    guard slot.pointee.isActive(onDayOfMonth: dayOfMonth) else { return refuseNotActive(r.pointee) }
    let s = Int(slot.pointee.subscriber)
    let plan = Int(slot.pointee.plan)
    let home = slot.pointee.home
    let group = slot.pointee.group

    // R6: IP prefix on voice MO, then the peer by longest prefix.
    var peer = r.pointee.peer
    let isIP = r.pointee.isVoice && r.pointee.direction == .mo && peer.count > 5 && peer[0] == 0x31 && peer[1] == 0x37
      && peer[2] == 0x39 && peer[3] == 0x35 && peer[4] == 0x31
    if isIP { peer = peer.dropping(first: 5) }
    let entry = lookup.peerEntry(peer)
    guard entry >= 0 else { return refuseUnknownPeer(r.pointee) }
    let view = Int(planDay[plan &* 31 &+ dayOfMonth])
    guard view >= 0 else {
      // The subscribers loader checked that every day of a period has a tariff.
      return Refusal(reason: .notActive, detail: "plan has no tariff on \(r.pointee.day)")
    }
    let tariff = views + view  // read field by field where used, not copied whole

    // R9 zone, R16 service area.
    var zone = lookup.zone(ofCell: r.pointee.cell)
    if zone < 0 { zone = cells.zone(ofCell: r.pointee.cell) }
    if let area = tariff.pointee.serviceArea, !area[zone] {
      return refuseServiceArea(r.pointee, plan: plan, day: r.pointee.day)
    }

    // R7 roaming, R16 roaming allowed.
    let roaming = r.pointee.area != home
    var baseKind = ChargeKind.local
    if roaming {
      let national = !numbering.sameProvince(packed: r.pointee.area, home: home)
      baseKind = national ? .roamingNational : .roamingProvincial
      switch tariff.pointee.roaming(national: national, dayOfMonth: dayOfMonth) {
      case 0: break
      case 1: return refuseRoaming(r.pointee, plan: plan, home: home, closed: false, national: national)
      default: return refuseRoaming(r.pointee, plan: plan, home: home, closed: true, national: national)
      }
    }

    // Rated from here on.
    let onNet = numbering.entryNetwork[entry] == homeNetwork
    guard r.pointee.isVoice else {
      ledger.classified(.init(peerEntry: entry, ip: false, zone: zone, place: baseKind, onNet: onNet, inGroup: false))
      // R13: only sent messages are charged, whether roaming or not.
      guard r.pointee.direction == .mo else { return nil }
      let cell = tariff.pointee.cell(kind: ChargeKind.sms.rawValue, direction: 0, inGroup: false, onNet: onNet,
                                     zone: zone, minute: r.pointee.second / 60)
      ledger.priced(.init(kind: .sms, cell: cell, units: 1, quantity: 1))
      charge(cell, units: 1, quantity: 1, line: .sms, subscriber: s, record: r, order: order, into: ledger)
      return nil
    }

    // R10 closed user group: both on the same non-empty group on that day.
    var inGroup = false
    if group != 0, peer.count == 11, let peerNumber = MSISDN.parse(peer), let other = table.slot(of: peerNumber) {
      inGroup = other.pointee.group == group && other.pointee.isActive(onDayOfMonth: dayOfMonth)
    }
    let minute = r.pointee.second / 60
    let minutes = Int64((r.pointee.duration + 59) / 60)
    ledger.classified(.init(peerEntry: entry, ip: isIP, zone: zone, place: baseKind, onNet: onNet, inGroup: inGroup))

    // R14 base fee.
    let base = tariff.pointee.cell(kind: baseKind.rawValue, direction: r.pointee.direction.rawValue, inGroup: inGroup,
                                   onNet: onNet, zone: zone, minute: minute)
    let baseUnits = base.unitSeconds == 0
      ? 1 : (Int64(r.pointee.duration) + Int64(base.unitSeconds) - 1) / Int64(base.unitSeconds)
    ledger.priced(.init(kind: baseKind, cell: base, units: baseUnits, quantity: minutes))
    charge(base, units: baseUnits, quantity: minutes, line: roaming ? .roaming : .local, subscriber: s, record: r,
           order: order, into: ledger)

    // R8 long distance, R15 its fee (never waived by free minutes).
    // Read through the buffer: the array's subscript was an out-of-line call here.
    let peerArea = numbering.entryArea.withUnsafeBufferPointer { $0[entry] }
    if peerArea != 0, peerArea != r.pointee.area, r.pointee.direction == .mo || roaming {
      let kind = isIP ? ChargeKind.ip : ChargeKind.longDistance
      let ld = tariff.pointee.cell(kind: kind.rawValue, direction: r.pointee.direction.rawValue, inGroup: inGroup,
                                   onNet: onNet, zone: zone, minute: minute)
      let units = (Int64(r.pointee.duration) + Int64(ld.unitSeconds) - 1) / Int64(ld.unitSeconds)
      ledger.priced(.init(kind: kind, cell: ld, units: units, quantity: minutes))
      ledger.add(subscriber: s, line: .longDistance, li: units * ld.li, quantity: minutes)
    }
    return nil
  }

  /// Adds a base fee: to an allowance slot when the plan grants one for it, else straight to its line.
  @inline(__always)
  private func charge<Target: ChargeTarget>(
    _ cell: Tariff.RateCell, units: Int64, quantity: Int64, line: UsageLine, subscriber s: Int,
    record r: UnsafePointer<CDRRecord>,
    order: UInt64, into ledger: Target
  ) {
    let a = Int(cell.allowance)
    let first = Int(slotBase[s])
    if a >= 0, first &+ a < Int(slotBase[s &+ 1]) {
      let time = Int64(r.pointee.day.ordinal) * 86400 + Int64(r.pointee.second)
      ledger.draw(slot: first + a, subscriber: s,
                  use: PendingUse(time: time, order: order, units: units, li: cell.li, line: line))
    } else {
      ledger.add(subscriber: s, line: line, li: units * cell.li, quantity: quantity)
    }
  }

  // The rare paths: the words of a refusal may look at the catalog.

  @inline(never)
  private func refuseOutsidePeriod(_ r: CDRRecord) -> Refusal {
    if r.day >= monthFirst, r.day <= monthLast, context.asOf != nil {
      let detail = RefusalText.make(capacity: 64) {
        $0.add(day: r.day)
        $0.add(" is on or after the as-of day ")
        $0.add(asOfText)
      }
      return Refusal(reason: .outsidePeriod, detail: detail, notYet: true)
    }
    let detail = RefusalText.make(capacity: 32 + monthText.utf8.count) {
      $0.add(day: r.day)
      $0.add(" is not in ")
      $0.add(monthText)
    }
    return Refusal(reason: .outsidePeriod, detail: detail)
  }

  @inline(never)
  private func refuseUnknownSubscriber(_ r: CDRRecord) -> Refusal {
    let detail = RefusalText.make(capacity: 40 + bookFile.utf8.count) {
      $0.add(msisdn: r.subscriber)
      $0.add(" is not in ")
      $0.add(bookFile)
    }
    return Refusal(reason: .unknownSubscriber, detail: detail)
  }

  @inline(never)
  private func refuseNotActive(_ r: CDRRecord) -> Refusal {
    let detail = RefusalText.make(capacity: 64) {
      $0.add(msisdn: r.subscriber)
      $0.add(" has no plan on ")
      $0.add(day: r.day)
    }
    return Refusal(reason: .notActive, detail: detail)
  }

  @inline(never)
  private func refuseUnknownPeer(_ r: CDRRecord) -> Refusal {
    let detail = RefusalText.make(capacity: 64 + r.peer.count) {
      $0.add("peer '")
      $0.add(r.peer)
      $0.add("' matches no prefix of the numbering plan")
    }
    return Refusal(reason: .unknownPeer, detail: detail)
  }

  @inline(never)
  private func refuseServiceArea(_ r: CDRRecord, plan: Int, day: Day) -> Refusal {
    let tariff = context.tariff(plan: plan, on: day)
    let zone = tariff?.serviceArea?.zoneName
    let id = tariff?.planID
    let capacity = 48 + r.cell.count + (zone?.utf8.count ?? 8) + (id?.utf8.count ?? 8)
    let detail = RefusalText.make(capacity: capacity) {
      if r.cell.isEmpty {
        $0.add("no cell")
      } else {
        $0.add("cell '")
        $0.add(r.cell)
        $0.add("'")
      }
      $0.add(" is outside ")
      if let zone { $0.add(zone) } else { $0.add("its zone") }
      $0.add(", where ")
      if let id { $0.add(id) } else { $0.add("the plan") }
      $0.add(" works")
    }
    return Refusal(reason: .outsideServiceArea, detail: detail)
  }

  @inline(never)
  private func refuseRoaming(_ r: CDRRecord, plan: Int, home: UInt64, closed: Bool, national: Bool) -> Refusal {
    if closed {
      // The words: national or not, the plan, the day.
      let key = RefusalCache.Key(a: UInt64(plan) << 2 | 2 | (national ? 1 : 0), b: UInt64(UInt32(bitPattern: r.day.ordinal)), c: 0)
      let detail = roamingTexts.detail(key) {
        let id = context.catalog.plans[plan].id
        return RefusalText.make(capacity: 96 + id.utf8.count) {
          $0.add(national ? "national" : "provincial")
          $0.add(" roaming on ")
          $0.add(id)
          $0.add(" is closed on ")
          $0.add(day: r.day)
        }
      }
      return Refusal(reason: .roamingClosed, detail: detail)
    }
    // The words: the plan, the area, the home area.
    let detail = roamingTexts.detail(RefusalCache.Key(a: UInt64(plan) << 2, b: r.area, c: home)) {
      let id = context.catalog.plans[plan].id
      return RefusalText.make(capacity: 96 + id.utf8.count) {
        $0.add(id)
        $0.add(" has no roaming (in ")
        $0.add(area: r.area)
        $0.add(", home ")
        $0.add(area: home)
        $0.add(")")
      }
    }
    return Refusal(reason: .roamingNotAllowed, detail: detail)
  }
}
