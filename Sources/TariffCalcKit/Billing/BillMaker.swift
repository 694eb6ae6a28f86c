/// Turns a subscriber's month of rated usage into a bill: monthly fees, allowances, lines, minimum spend.
///
/// One maker serves a run of subscribers (a piece of the bills written in parallel). It takes what it
/// reads from the month once, and its own copy of the few monthly terms: making a bill then touches no
/// object another thread is counting references to.
struct BillMaker {
  let ledger: Ledger
  let month: Month
  let asOf: Day?
  let numbers: [UInt64]
  let activities: [MonthActivity?]
  let termsIndex: [Int32]
  let terms: [SubscriberMonths.BillingTerms]
  let slotBase: [Int32]
  let slotGranted: [Int64]
  let slotRule: MonthContext.SlotRules

  init(ledger: Ledger) {
    let context = ledger.context
    self.ledger = ledger
    month = context.month
    asOf = context.asOf
    numbers = context.numbers
    activities = context.months.activities
    termsIndex = context.months.termsIndex
    // A copy of its own: new buffers, new strings, counted by this thread alone.
    terms = context.months.terms.map { t in
      SubscriberMonths.BillingTerms(planID: String(decoding: Array(t.planID.utf8), as: UTF8.self), method: t.method,
                                fees: Array(t.fees), minimum: t.minimum)
    }
    slotBase = context.slotBase
    slotGranted = context.slotGranted
    slotRule = context.slotRule
  }

  /// The bill of subscriber `i`, or `nil` when the subscriber had no day on a plan in the bill's days.
  ///
  /// Monthly fees are prorated by R17–R19 (or by day for an as-of bill,
  /// R23); usage lines are the ledger's sums after allowances are spent in
  /// time order (R20); each line is rounded once (R1); the minimum spend is
  /// topped up at month close (R22).
  func bill(subscriber i: Int) -> Bill? {
    var bill = Bill(subscriber: "", month: month, asOf: asOf, plans: [], activeDays: 0, lines: [])
    return fill(&bill, subscriber: i) ? bill : nil
  }

  /// Makes the bill of subscriber `i` in `bill`, reusing its arrays' room (the bill run makes every bill
  /// in one value: no memory taken and given back a bill); `false`, and `bill` not to be used, when the
  /// subscriber had no day on a plan in the bill's days.
  func fill(_ bill: inout Bill, subscriber i: Int) -> Bool {
    guard let activity = activities[i], termsIndex[i] >= 0 else { return false }
    let t = terms[Int(termsIndex[i])]
    let activeDays = asOf.map { activity.activeDays(before: $0) } ?? activity.activeDays
    guard activeDays > 0 else { return false }

    bill.subscriber = MSISDN.text(numbers[i])
    bill.month = month
    bill.asOf = asOf
    bill.activeDays = activeDays
    if bill.plans.count == 1 { bill.plans[0] = t.planID } else { bill.plans = [t.planID] }
    bill.lines.removeAll(keepingCapacity: true)
    bill.allowances.removeAll(keepingCapacity: true)
    for fee in t.fees {  // in line-code order
      let fen = Proration.fee(fee.amount, method: t.method, activity: activity, asOf: asOf).fen
      if fen != 0 { bill.lines.append(BillLine(code: fee.line, amountFen: fen)) }
    }
    let usage = ledger.settle(subscriber: i)
    for line in UsageLine.allCases {
      let fen = Money.roundedToFen(numerator: usage.li[line.rawValue])
      let quantity = usage.quantity[line.rawValue]
      if fen != 0 || quantity != 0 {
        bill.lines.append(BillLine(code: line.code, amountFen: fen, quantity: quantity, unit: line == .sms ? .messages : .minutes))
      }
    }
    if let minimum = t.minimum, Proration.assessesMinimum(activity: activity, asOf: asOf) {
      let floor = minimum.roundedFen
      let spent = bill.lines.reduce(0) { $0 + $1.amountFen }
      if spent < floor { bill.lines.append(BillLine(code: .minSpendTopUp, amountFen: floor - spent)) }
    }
    for (k, slot) in (Int(slotBase[i])..<Int(slotBase[i + 1])).enumerated() {
      let rule = slotRule[slot]
      bill.allowances.append(AllowanceUse(kind: rule.kind, unit: rule.unit, granted: slotGranted[slot], used: usage.free[k]))
    }
    return true
  }
}
