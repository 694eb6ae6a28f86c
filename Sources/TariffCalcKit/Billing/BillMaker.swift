/// Turns a subscriber's month of rated usage into a bill: monthly fees, allowances, lines, minimum spend.
enum BillMaker {
  /// The bill of subscriber `i`, or `nil` when the subscriber had no day on a plan in the bill's days.
  ///
  /// Monthly fees are prorated by R17–R19 (or by day for an as-of bill,
  /// R23); usage lines are the ledger's sums after allowances are spent in
  /// time order (R20); each line is rounded once (R1); the minimum spend is
  /// topped up at month close (R22).
  static func bill(subscriber i: Int, ledger: Ledger) -> Bill? {
    let context = ledger.context
    guard let activity = context.activity(of: i), let tariff = context.monthTariff[i] else { return nil }
    let asOf = context.asOf
    let activeDays = asOf.map { activity.activeDays(before: $0) } ?? activity.activeDays
    guard activeDays > 0 else { return nil }

    var lines: [BillLine] = []
    for fee in tariff.fees.sorted(by: { $0.kind.line < $1.kind.line }) {
      let fen = Proration.fee(fee.amount, method: tariff.method, activity: activity, asOf: asOf).fen
      if fen != 0 { lines.append(BillLine(code: fee.kind.line, amountFen: fen)) }
    }
    let usage = ledger.settle(subscriber: i)
    for line in UsageLine.allCases {
      let fen = Money.roundedToFen(numerator: usage.li[line.rawValue])
      let quantity = usage.quantity[line.rawValue]
      if fen != 0 || quantity != 0 {
        lines.append(BillLine(code: line.code, amountFen: fen, quantity: quantity, unit: line == .sms ? "msg" : "min"))
      }
    }
    if let minimum = tariff.minimum, Proration.assessesMinimum(activity: activity, asOf: asOf) {
      let floor = minimum.roundedFen
      let spent = lines.reduce(0) { $0 + $1.amountFen }
      if spent < floor { lines.append(BillLine(code: .minSpendTopUp, amountFen: floor - spent)) }
    }
    var allowances: [AllowanceUse] = []
    for (k, slot) in (Int(context.slotBase[i])..<Int(context.slotBase[i + 1])).enumerated() {
      let allowance = context.slotRule[slot].allowance
      allowances.append(AllowanceUse(kind: allowance.selector.words, unit: allowance.unitWord,
                                     granted: context.slotGranted[slot], used: usage.free[k]))
    }
    return Bill(subscriber: MSISDN.text(context.book.numbers[i]), month: context.month, asOf: asOf,
                plans: [tariff.planID], activeDays: activeDays, lines: lines, allowances: allowances)
  }
}
