/// The itemized bill (通话详单, SPEC 6a R27): a subscriber's bill, then every rated record with what it
/// cost, in R20's time order, then the records not billed.
public struct ItemizedBill: Sendable {
  public var quote: Counter.Quote
  public var items: [BillItem]
  /// The bill's monthly fees (rental, feature, flat incoming, minimum-spend top-up), listed apart.
  public var fees: [BillLine] {
    quote.bill?.lines.filter { !BillItem.usageCodes.contains($0.code) } ?? []
  }
}

/// One rated record of an itemized bill: what it was, how it was classified, what it cost.
public struct BillItem: Sendable, Hashable {
  public var file: String
  public var line: Int
  public var day: Day
  /// Second of the day it starts.
  public var second: Int
  public var isVoice: Bool
  public var direction: Direction
  /// The peer as the record gives it (with a 17951 prefix, if dialled).
  public var peer: String
  /// Seconds.
  public var duration: Int
  /// Where the subscriber was, and their home area.
  public var area: AreaCode
  public var home: AreaCode
  /// `.local`, `.roamingProvincial` or `.roamingNational` (R7), a message's too.
  public var place: ChargeKind
  /// The numbering plan's entry for the peer (R6): its prefix, network and area.
  public var peerEntry: NumberingPlan.Entry
  public var peerNetwork: String
  public var onNet: Bool
  /// Dialled with 17951 (R6).
  public var ip: Bool
  /// The cell and its zone id (R9), if the cell is in one.
  public var cell: String
  public var zone: String?
  /// Both ends in the same closed user group that day (R10).
  public var inGroup: Bool
  /// The base fee (R14; none for a received SMS, R13) and the long-distance fee (R8, R15).
  public var base: ItemCharge?
  public var longDistance: ItemCharge?

  /// The item's amount in li, exact: the base fee not waived by an allowance plus the long-distance fee.
  public var amountLi: Int64 { (base?.paidLi ?? 0) + (longDistance?.paidLi ?? 0) }

  /// The codes of the usage lines, which items add up to; every other line is a monthly fee.
  public static let usageCodes: [LineCode] = UsageLine.allCases.map(\.code)
}

/// One part of an item's price.
public struct ItemCharge: Sendable, Hashable {
  public var kind: ChargeKind
  /// The bill line it adds to.
  public var line: LineCode
  public var units: Int64
  /// Seconds per unit: 60 per minute, 6 per 6 seconds, 0 per message.
  public var unitSeconds: Int
  /// Price per unit in li.
  public var priceLi: Int64
  /// The tariff line that priced it; `nil` when none does (free) or by R21.
  public var rule: RuleSource?
  /// Free by the plan's flat fee for incoming calls (R21).
  public var flatIncoming: Bool
  /// The allowance it drew on (R20), if any.
  public var allowance: AllowanceDraw?

  /// Units not given free.
  public var paidUnits: Int64 { units - (allowance?.free ?? 0) }
  public var paidLi: Int64 { paidUnits * priceLi }
  /// Partly free: the allowance ran out during this record.
  public var straddles: Bool { (allowance?.free ?? 0) > 0 && paidUnits > 0 }
}

/// A tariff line, where it is written.
public struct RuleSource: Sendable, Hashable {
  /// `本地 21:00-07:00 (night) 主叫 mo`.
  public var text: String
  /// The price as written: `0.15/min`.
  public var price: String
  public var file: String
  public var line: Int
  public var plan: String
  /// Inherited from a parent plan (R14 其它费用按现有资费标准实行).
  public var inherited: Bool
  /// The named band of the line and its times, if it names one (R12).
  public var band: String?
}

/// What an item took of an allowance (R20).
public struct AllowanceDraw: Sendable, Hashable {
  /// The allowance as the plan writes it (`local group mt`) and its unit.
  public var kind: String
  public var unit: String
  public var granted: Int64
  /// Units left of it before this record.
  public var leftBefore: Int64
  /// Units of this record it made free.
  public var free: Int64
}

extension Counter {
  /// The itemized bill of `number` for the month (or as of a day): ``quote(_:month:asOf:inputs:catalog:book:jobs:)``
  /// and, from the same single pass over the CDR files, each rated record's story, with the allowances
  /// spent in time order as the bill spends them (R20).
  public static func itemize(
    _ number: UInt64, month: Month, asOf: Day?, inputs: RunInputs, catalog: TariffCatalog, book: SubscriberBook,
    jobs: Int = BillRunOptions.defaultJobs
  ) throws -> ItemizedBill {
    let traces = TraceList()
    let (quote, rated, _, ratedInputs) = try rate(number, month: month, asOf: asOf, inputs: inputs, catalog: catalog,
                                                  book: book, jobs: jobs, traces: traces, fast: true)
    return ItemizedBill(quote: quote, items: itemize(number: number, traces: traces, rated: rated, inputs: ratedInputs,
                                                     catalog: catalog))
  }

  /// The items of the records kept in `traces`, the allowances spent over them in time order (R20).
  static func itemize(number: UInt64, traces: TraceList, rated: RatedMonth, inputs: RunInputs,
                      catalog: TariffCatalog) -> [BillItem] {
    let context = rated.ledger.context
    guard let index = rated.book.index(of: number) else { return [] }
    let slots = Int(context.slotBase[index])..<Int(context.slotBase[index + 1])
    var left = Dictionary(uniqueKeysWithValues: slots.map { ($0, context.slotGranted[$0]) })
    guard let monthSlot = context.table.view.slot(of: number) else { return [] }
    let home = AreaCode(packed: monthSlot.pointee.home)
    var items: [BillItem] = []
    for r in traces.records {
      guard let c = r.trace.classification else { continue }
      let tariff = context.tariff(plan: Int(monthSlot.pointee.plan), on: r.day)
      func charge(_ part: RatingTrace.Part?) -> ItemCharge? {
        guard let part else { return nil }
        var draw: AllowanceDraw? = nil
        if let slot = part.slot, let before = left[slot] {
          let free = min(before, part.units)
          left[slot] = before - free
          let rule = context.slotRule[slot]
          draw = AllowanceDraw(kind: rule.kind, unit: rule.unit, granted: context.slotGranted[slot], leftBefore: before,
                               free: free)
        }
        let rule = part.cell.rule >= 0 ? tariff?.rules[Int(part.cell.rule)] : nil
        return ItemCharge(
          kind: part.kind, line: UsageLine(part.kind).code, units: part.units, unitSeconds: Int(part.cell.unitSeconds),
          priceLi: part.cell.li,
          rule: rule.map { s in
            RuleSource(text: PlanText.describe(s.rule.selector, catalog: catalog), price: s.rule.price.description,
                       file: s.file, line: s.rule.line, plan: s.plan, inherited: s.level > 0,
                       band: s.rule.selector.bandName.map { name in "\(name) \(s.rule.selector.bandValue.map { "\($0)" } ?? "")" })
          },
          flatIncoming: part.cell.rule == -2, allowance: draw)
      }
      let entry = catalog.numbering.entries[c.peerEntry]
      items.append(BillItem(
        file: inputs.names[r.input], line: inputs.inputs[r.input].originalLine(r.line), day: r.day, second: r.second, isVoice: r.isVoice,
        direction: r.direction, peer: r.peer, duration: r.duration, area: AreaCode(packed: r.area), home: home,
        place: c.place, peerEntry: entry, peerNetwork: catalog.numbering.networks[entry.network].id, onNet: c.onNet,
        ip: c.ip, cell: r.cell, zone: c.zone == 0 ? nil : catalog.cells.zones[c.zone - 1].id, inGroup: c.inGroup,
        base: charge(r.trace.base), longDistance: charge(r.trace.longDistance)))
    }
    return items
  }
}
