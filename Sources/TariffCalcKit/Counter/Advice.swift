extension Counter {
  /// One plan's bill for a subscriber's actual month.
  public struct PlanOption: Sendable {
    public var plan: String
    public var name: String
    public var bill: Bill
    /// Records this plan would not take (roaming on a local-only plan, outside its service area, …).
    public var refused: [Reject]
    public var isCurrent: Bool
    /// The current plan is always ranked: it is what the customer has, refusals included.
    public var isSuitable: Bool { refused.isEmpty || isCurrent }
  }

  /// Reasons that depend on the plan; other rejects (a bad line, another month) are the same on every plan.
  static let planReasons: Set<RejectReason> = [.outsideServiceArea, .roamingNotAllowed, .roamingClosed]

  /// The subscriber's month re-billed on every plan on sale in that month (and on their own):
  /// suitable plans cheapest first, then those that would refuse some of the records.
  ///
  /// The subscriber's lines are read once from the CDR inputs into memory, then rated once per plan.
  public static func advise(
    _ number: UInt64, month: Month, inputs: RunInputs, catalog: TariffCatalog, book: SubscriberBook
  ) throws -> [PlanOption] {
    guard let full = book.index(of: number) else { throw Problem("\(MSISDN.text(number)) is not a subscriber") }
    let (book, index) = book.around(full)
    guard let period = book.period(of: index, in: month) else {
      throw Problem("\(MSISDN.text(number)) has no plan in \(month)")
    }
    let own = try extract(number, from: inputs)
    var options: [PlanOption] = []
    for (p, plan) in catalog.plans.enumerated() {
      let isCurrent = p == period.plan
      guard isCurrent || (month.days.contains(where: plan.isOnSale) && plan.tariff(on: month.firstDay) != nil
        && plan.tariff(on: month.lastDay) != nil)
      else { continue }
      let q = try quote(number, month: month, asOf: nil, inputs: own, catalog: catalog,
                        book: book.replacingPlan(of: index, in: month, with: p), jobs: 1)
      guard let bill = q.bill else { continue }
      options.append(PlanOption(plan: plan.id, name: plan.name, bill: bill,
                                refused: q.rejects.filter { planReasons.contains($0.reason) }, isCurrent: isCurrent))
    }
    return options.sorted { a, b in
      if a.isSuitable != b.isSuitable { return a.isSuitable }
      return (a.bill.totalFen, a.plan) < (b.bill.totalFen, b.plan)
    }
  }
}

extension PlanText {
  /// The advice table: rank, plan, total, saving against the current plan; unsuitable plans with the reason.
  public static func advice(_ options: [Counter.PlanOption], subscriber: String, month: Month) -> String {
    guard let current = options.first(where: \.isCurrent) else { return "" }
    var out = "\(subscriber)  \(month) 资费比较 plan advice\n"
    out += TextLayout.wrapped("按本月实际通话重新计费 (this month's records re-billed on each plan)") + "\n"
    out += TextLayout.wrapped("\(current.plan) \(current.name)  \(TextLayout.yuan(fen: current.bill.totalFen)) 元",
                              first: "当前 current: ") + "\n\n"
    var rows: [[String]] = [["", "套餐 plan", "名称 name", "合计 total (元)", "节省 saving (元)"]]
    var rank = 0
    for o in options where o.isSuitable {
      rank += 1
      let saving = current.bill.totalFen - o.bill.totalFen
      let savingText = o.isCurrent ? "当前 current" : saving > 0 ? "省 \(TextLayout.yuan(fen: saving))"
        : saving < 0 ? "多 \(TextLayout.yuan(fen: -saving))" : "相同 same"
      rows.append(["\(rank).", o.plan, o.name, TextLayout.yuan(fen: o.bill.totalFen), savingText])
    }
    out += TextLayout.table(rows, rightAligned: [0, 3], indent: "  ", width: TextLayout.columns, wrap: 2) + "\n"
    if !current.refused.isEmpty {
      let n = current.refused.count
      out += TextLayout.wrap(items: ["(当前套餐本月拒绝 \(n) 条记录, 未计入",
                                     "the current plan refused \(n) of this month's records, not billed)"],
                             separator: " — ", first: "  ", rest: "   ").joined(separator: "\n") + "\n"
    }
    let unsuitable = options.filter { !$0.isSuitable }
    if !unsuitable.isEmpty {
      out += "\n不适合 unsuitable — 会拒绝本月的部分通话 (would refuse some of the records):\n"
      // The plan and why on a line, an example under it.
      for o in unsuitable {
        var counts: [RejectReason: Int] = [:]
        for r in o.refused { counts[r.reason, default: 0] += 1 }
        let reasons = counts.sorted { $0.key < $1.key }
          .map { "\($0.key.chinese) \($0.key.code) ×\(TextLayout.grouped($0.value))" }.joined(separator: " · ")
        out += TextLayout.wrapped(reasons, first: "  \(o.plan) \(o.name): ", rest: "    ") + "\n"
        out += TextLayout.wrapped("e.g. \(o.refused[0].detail)", first: "    ", rest: "         ") + "\n"
      }
    }
    return out
  }
}
