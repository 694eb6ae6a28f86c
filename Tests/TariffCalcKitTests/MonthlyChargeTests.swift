import Testing
@testable import TariffCalcKit

/// Rules R17–R23: monthly fees, allowances, flat incoming, minimum spend, as-of bills.
/// Month 2004-03 has 31 days unless said.
@Suite struct MonthlyChargeTests {
  static let a = "13800000001"

  // MARK: R17 daily rental

  /// R17: 50 × 12 / 365 × 22 = 36.164 → 36.16 (activation on 03-10: 22 days, the 10th counted).
  @Test func dailyRentalOfAnActivationMonth() throws {
    let s = try Scenario(subscribers: ["\(Self.a),gotone,2004-03-10,,027,"], cdrs: [], month: "2004-03")
    #expect(s.fen(Self.a, .rental) == 3616)
    #expect(s.bills[Self.a]?.activeDays == 22)
  }

  /// R17: closure on 03-05 (5 days, the 5th counted): 50 × 12 / 365 × 5 = 8.219 → 8.22.
  /// A full month pays the rental itself, 50.00, not 50 × 12 / 365 × 31 = 50.96.
  @Test func dailyRentalOfClosureAndFullMonths() throws {
    let b = "13800000002"
    let s = try Scenario(subscribers: ["\(Self.a),gotone,2003-01-01,2004-03-05,027,", "\(b),gotone,2003-01-01,,027,"],
                         cdrs: [], month: "2004-03")
    #expect(s.fen(Self.a, .rental) == 822)
    #expect(s.fen(b, .rental) == 5000)
  }

  /// R17 in a leap February: 29 days. Activation 02-15 → 15 days: 50 × 12 / 365 × 15 = 24.657 → 24.66;
  /// the whole February → 50.00.
  @Test func dailyRentalInALeapFebruary() throws {
    let b = "13800000002"
    let s = try Scenario(subscribers: ["\(Self.a),gotone,2004-02-15,,027,", "\(b),gotone,2004-01-31,,027,"],
                         cdrs: [], month: "2004-02")
    #expect(s.fen(Self.a, .rental) == 2466)
    #expect(s.fen(b, .rental) == 5000)
    #expect(s.bills[b]?.activeDays == 29)
  }

  // MARK: R18 package rental

  /// R18: activation on the 1st–15th pays the full month, from the 16th half; later months full,
  /// the month of closure included. mzone-youth rental 20: 03-15 → 20.00; 03-16 → 10.00;
  /// closure 03-02 → 20.00.
  @Test func packageRental() throws {
    let b = "13800000002"
    let c = "13800000003"
    let s = try Scenario(subscribers: [
      "\(Self.a),mzone-youth,2004-03-15,,027,", "\(b),mzone-youth,2004-03-16,,027,",
      "\(c),mzone-youth,2003-06-01,2004-03-02,027,",
    ], cdrs: [], month: "2004-03")
    #expect(s.fen(Self.a, .rental) == 2000)
    #expect(s.fen(b, .rental) == 1000)
    #expect(s.fen(c, .rental) == 2000)
    #expect(s.bills[c]?.activeDays == 2)
  }

  // MARK: R19 other monthly fees

  /// R19: other fees are prorated like the rental. dalingtong (daily) activated 03-10: flat incoming
  /// 16 × 12 / 365 × 22 = 11.573 → 11.57; rental 0 (no line). mzone-campus (package) activated 03-20:
  /// function fee 25 / 2 = 12.50.
  @Test func otherFeesFollowTheRentalMethod() throws {
    let b = "13800000002"
    let s = try Scenario(subscribers: ["\(Self.a),dalingtong,2004-03-10,,027,", "\(b),mzone-campus,2004-03-20,,027,"],
                         cdrs: [], month: "2004-03")
    #expect(s.fen(Self.a, .flatIncoming) == 1157)
    #expect(s.bills[Self.a]?.lines.map(\.code) == [.flatIncoming])
    #expect(s.fen(b, .feature) == 1250)
  }

  // MARK: R20 allowances

  /// R20: allowances granted in the rental's proportion, rounded up. mzone-student (package)
  /// activated 03-16 pays half: 200 / 2 = 100 SMS, 20 / 2 = 10 min. campus (daily) closed 03-22
  /// (22 days): 5000 × 22 / 31 = 3548.4 → 3549.
  @Test func allowancesAreProrated() throws {
    let b = "13800000002"
    let s = try Scenario(subscribers: ["\(Self.a),mzone-student,2004-03-16,,027,", "\(b),campus,2003-09-01,2004-03-22,027,G"],
                         cdrs: [], month: "2004-03")
    #expect(s.bills[Self.a]?.allowances.map(\.granted) == [100, 10])
    #expect(s.bills[b]?.allowances.map(\.granted) == [3549])
  }

  /// R20: consumed in time order; a call straddling the end is free for the minutes left.
  /// mzone-student, 20 free on-net local minutes at 0.60: calls of 15 min (03-05) and 10 min (03-06),
  /// given in reverse order in the file: 15 free + 5 free + 5 paid → 5 × 0.60 = 3.00.
  /// SMS: 3 on-net (free), 1 off-net 0.15 (no allowance).
  @Test func allowanceSpentInTimeOrderWithAStraddle() throws {
    let s = try Scenario(subscribers: ["\(Self.a),mzone-student,2004-01-01,,027,"], cdrs: [
      "VOICE,\(Self.a),MT,13912345678,2004-03-06 10:00:00,600,027,",
      "VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:00,900,027,",
      "SMS,\(Self.a),MO,13912345678,2004-03-05 10:00:00,,027,",
      "SMS,\(Self.a),MO,13912345678,2004-03-05 10:01:00,,027,",
      "SMS,\(Self.a),MO,13912345678,2004-03-05 10:02:00,,027,",
      "SMS,\(Self.a),MO,13012345678,2004-03-05 10:03:00,,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 300)
    #expect(s.quantity(Self.a, .local) == 25)
    #expect(s.fen(Self.a, .sms) == 15)
    #expect(s.bills[Self.a]?.allowances == [
      AllowanceUse(kind: "sms on-net", unit: "msg", granted: 200, used: 3),
      AllowanceUse(kind: "local on-net", unit: "min", granted: 20, used: 20),
    ])
  }

  /// R20 where the order changes the amount: test-bands gives 10 free MO minutes a month over day
  /// calls (0.40) and night calls (0.15); the calls are spread over two files, out of time order:
  /// 03-04 20:00 night 10 min — the earliest: all 10 free;
  /// 03-05 09:00 day 10 min — paid 10 × 0.40 = 4.00;
  /// 03-05 21:00 night 4 min — paid 4 × 0.15 = 0.60.
  /// Local 4.60, for any number of workers and units of 7 bytes.
  @Test(arguments: [1, 2, 4])
  func allowanceOrderIsTimeNotInput(jobs: Int) throws {
    let s = try Scenario(subscribers: ["\(Self.a),test-bands,2004-01-01,,027,"], cdrs: [
      ["VOICE,\(Self.a),MO,13912345678,2004-03-05 21:00:00,240,027,",
       "VOICE,\(Self.a),MO,13912345678,2004-03-05 09:00:00,600,027,"],
      ["VOICE,\(Self.a),MO,13912345678,2004-03-04 20:00:00,600,027,"],
    ], month: "2004-03", jobs: jobs, chunkBytes: 7)
    #expect(s.fen(Self.a, .local) == 460)
    #expect(s.bills[Self.a]?.allowances.first?.used == 10)
  }

  /// R20 ties in time go by input order: two 6-min day calls at the same second (to two numbers: equal
  /// calls would be duplicates, R24), 10 free minutes: the first in the file gets 6 free, the second
  /// 4 free + 2 paid × 0.40 = 0.80 — same price, so either way 0.80; what matters is that the result is
  /// deterministic.
  @Test func tiesInTimeAreDeterministic() throws {
    for jobs in [1, 3] {
      let s = try Scenario(subscribers: ["\(Self.a),test-bands,2004-01-01,,027,"], cdrs: [[
        "VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:00,360,027,",
        "VOICE,\(Self.a),MO,13912345679,2004-03-05 10:00:00,360,027,",
      ]], month: "2004-03", jobs: jobs, chunkBytes: 3)
      #expect(s.fen(Self.a, .local) == 80)
    }
  }

  /// R20 ties where the order changes the amount: test-ties (a fixture) gives 10 free local minutes
  /// over MO at 0.40 and MT at 0.10. An MO call and an MT call of 6 min each start the same second,
  /// in one file, so line order decides:
  /// MO line first: MO 6 free (4 left); MT 4 free + 2 × 0.10 = 0.20 → LOCAL 0.20.
  /// MT line first: MT 6 free (4 left); MO 4 free + 2 × 0.40 = 0.80 → LOCAL 0.80.
  /// The same for any number of workers and for chunks that cut the lines (3 bytes).
  @Test(arguments: [1, 3])
  func aTieInTimeGoesByLineOrder(jobs: Int) throws {
    let mo = "VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:00,360,027,"
    let mt = "VOICE,\(Self.a),MT,13912345678,2004-03-05 10:00:00,360,027,"
    let subscribers = ["\(Self.a),test-ties,2004-01-01,,027,"]
    let moFirst = try Scenario(subscribers: subscribers, cdrs: [[mo, mt]], month: "2004-03", jobs: jobs, chunkBytes: 3)
    #expect(moFirst.fen(Self.a, .local) == 20)
    #expect(moFirst.quantity(Self.a, .local) == 12)
    #expect(moFirst.bills[Self.a]?.allowances.first?.used == 10)
    let mtFirst = try Scenario(subscribers: subscribers, cdrs: [[mt, mo]], month: "2004-03", jobs: jobs, chunkBytes: 3)
    #expect(mtFirst.fen(Self.a, .local) == 80)
    #expect(mtFirst.quantity(Self.a, .local) == 12)
  }

  /// R20 ties across files go by the order the files are given, before the line: the same two calls
  /// as above, MT in cdr-1.csv at its line 3 (after another subscriber's call), MO in cdr-2.csv at its
  /// line 2. Given cdr-1 then cdr-2: MT first → LOCAL 0.80 (though MO has the lower line number).
  /// Given cdr-2 then cdr-1 (not the names' order): MO first → LOCAL 0.20.
  /// B (gotone): 1 min × 0.36, in both runs.
  @Test(arguments: [1, 3])
  func aTieInTimeGoesByFileOrderAsGiven(jobs: Int) throws {
    let b = "13800000002"
    let cdr1 = ["VOICE,\(b),MO,13912345678,2004-03-05 09:00:00,60,027,",
                "VOICE,\(Self.a),MT,13912345678,2004-03-05 10:00:00,360,027,"]
    let cdr2 = ["VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:00,360,027,"]
    let subscribers = ["\(Self.a),test-ties,2004-01-01,,027,", "\(b),gotone,2004-01-01,,027,"]
    let mtFirst = try Scenario(subscribers: subscribers, cdrs: [cdr1, cdr2], month: "2004-03", jobs: jobs,
                               chunkBytes: 3, givenOrder: [0, 1])
    #expect(mtFirst.fen(Self.a, .local) == 80)
    #expect(mtFirst.fen(b, .local) == 36)
    let moFirst = try Scenario(subscribers: subscribers, cdrs: [cdr1, cdr2], month: "2004-03", jobs: jobs,
                               chunkBytes: 3, givenOrder: [1, 0])
    #expect(moFirst.fen(Self.a, .local) == 20)
    #expect(moFirst.fen(b, .local) == 36)
  }

  /// R20 with group minutes: campus, 5000 free group MT minutes a month, then 0.20.
  /// A receives from B (same group) four calls of 86400 s (the longest a record may be) = 1440 min each.
  @Test func groupMinutesOverTheFreeCap() throws {
    let b = "13800000002"
    let s = try Scenario(subscribers: ["\(Self.a),campus,2003-09-01,,027,G", "\(b),campus,2003-09-01,,027,G"], cdrs: [
      "VOICE,\(Self.a),MT,\(b),2004-03-05 10:00:00,86400,027,",
      "VOICE,\(Self.a),MT,\(b),2004-03-06 10:00:00,86400,027,",
      "VOICE,\(Self.a),MT,\(b),2004-03-07 10:00:00,86400,027,",
      "VOICE,\(Self.a),MT,\(b),2004-03-08 10:00:00,86400,027,",
    ], month: "2004-03")
    // 4 × 1440 min = 5760 min; 5000 free; 760 × 0.20 = 152.00.
    #expect(s.fen(Self.a, .local) == 15200)
    #expect(s.quantity(Self.a, .local) == 5760)
  }

  // MARK: R21 flat incoming

  /// R21: local MT free with flat incoming; roaming MT pays. test-flat-roaming (a fixture: every
  /// shipped plan with flat incoming has no roaming; roaming inherited from standard): local MT
  /// 10 min free; roaming MT in 0710 2 min × 0.60 = 1.20; FLAT_INCOMING 10.00.
  @Test func flatIncomingMakesLocalMTFree() throws {
    let s = try Scenario(subscribers: ["\(Self.a),test-flat-roaming,2004-01-01,,027,"], cdrs: [
      "VOICE,\(Self.a),MT,13912345678,2004-03-05 10:00:00,600,027,",
      "VOICE,\(Self.a),MT,13912345678,2004-03-05 11:00:00,120,0710,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 0)
    #expect(s.quantity(Self.a, .local) == 10)
    #expect(s.fen(Self.a, .roaming) == 120)
    #expect(s.fen(Self.a, .flatIncoming) == 1000)
  }

  // MARK: R22 minimum spend

  /// R22: lingtong (minimum 42) a whole month: flat incoming 16.00 + local MO 40 min × 0.25 = 10.00
  /// → 26.00; top-up 42 − 26 = 16.00; total 42.00.
  @Test func minimumSpendIsToppedUp() throws {
    let s = try Scenario(subscribers: ["\(Self.a),lingtong,2004-01-01,,027,"], cdrs: [
      "VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:00,2400,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 1000)
    #expect(s.fen(Self.a, .minSpendTopUp) == 1600)
    #expect(s.total(Self.a) == 4200)
  }

  /// R22: above the minimum, no top-up: 16.00 + 120 min × 0.25 = 30.00 + 16 = 46.00.
  @Test func noTopUpAboveTheMinimum() throws {
    let s = try Scenario(subscribers: ["\(Self.a),lingtong,2004-01-01,,027,"], cdrs: [
      "VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:00,7200,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .minSpendTopUp) == 0)
    #expect(s.total(Self.a) == 4600)
  }

  /// R22 “资费生效当月不考核”: not assessed in the month of activation (even on the 1st), of a plan
  /// change, or of closure (even on the last day). Each pays only its flat incoming.
  @Test func minimumNotAssessedWhenTheTariffStartsOrEnds() throws {
    let b = "13800000002"
    let c = "13800000003"
    let d = "13800000004"
    let s = try Scenario(subscribers: [
      "\(Self.a),lingtong,2004-03-01,,027,",  // activation on the 1st
      "\(b),gotone,2003-01-01,2004-02-29,027,", "\(b),lingtong,2004-03-01,,027,",  // plan change on the 1st
      "\(c),lingtong,2003-01-01,2004-03-31,027,",  // closure on the last day
      "\(d),lingtong,2003-01-01,,027,",  // a whole month in force: assessed
    ], cdrs: [], month: "2004-03")
    for n in [Self.a, b, c] {
      #expect(s.fen(n, .minSpendTopUp) == 0, "\(n)")
      #expect(s.total(n) == 1600, "\(n)")
    }
    #expect(s.fen(d, .minSpendTopUp) == 2600)  // 42 − 16
  }

  /// R22 “…or ended”: the month a period ends because of a plan change is not assessed either, though
  /// the plan was in force every day of it. March 2004, lingtong, MO 2400 s = 40 min each:
  /// FLAT_INCOMING 16.00 + LOCAL 40 × 0.25 = 10.00 → spent 26.00 < 42.
  /// A: lingtong to 03-31, gotone from 04-01 — March is lingtong's last month: no top-up, 26.00.
  /// B: lingtong to 04-30, gotone from 05-01 — March is an ordinary month: top-up 42 − 26 = 16.00, 42.00.
  /// C: lingtong to 03-31, lingtong again from 04-01 (a new period for another home area): the rule
  /// goes by periods (docs/choices.md), so March is not assessed either: 26.00.
  @Test func minimumNotAssessedInThePlansLastMonthBeforeAChange() throws {
    let b = "13800000002"
    let c = "13800000003"
    let s = try Scenario(subscribers: [
      "\(Self.a),lingtong,2003-01-01,2004-03-31,027,", "\(Self.a),gotone,2004-04-01,,027,",
      "\(b),lingtong,2003-01-01,2004-04-30,027,", "\(b),gotone,2004-05-01,,027,",
      "\(c),lingtong,2003-01-01,2004-03-31,027,", "\(c),lingtong,2004-04-01,,0710,",
    ], cdrs: [
      "VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:00,2400,027,",
      "VOICE,\(b),MO,13912345678,2004-03-05 10:00:00,2400,027,",
      "VOICE,\(c),MO,13912345678,2004-03-05 10:00:00,2400,027,",
    ], month: "2004-03")
    #expect(s.bills[Self.a]?.activeDays == 31)
    #expect(s.fen(Self.a, .local) == 1000)
    #expect(s.fen(Self.a, .minSpendTopUp) == 0)
    #expect(s.total(Self.a) == 2600)
    #expect(s.fen(b, .minSpendTopUp) == 1600)
    #expect(s.total(b) == 4200)
    #expect(s.fen(c, .minSpendTopUp) == 0)
    #expect(s.total(c) == 2600)
  }

  /// R22 on the month's activity alone, March 2004 (31 days), at month close unless said: assessed only
  /// when the period covers every day and neither starts nor ends in the month.
  @Test func whichMonthsAssessTheMinimum() {
    let march = Month(year: 2004, month: 3)!
    func assessed(_ start: String, _ end: String?, asOf: String? = nil) -> Bool {
      let a = MonthActivity(month: march, periodStart: Day(start)!, periodEnd: end.map { Day($0)! })
      return Proration.assessesMinimum(activity: a, asOf: asOf.map { Day($0)! })
    }
    #expect(assessed("2003-01-01", nil))  // in force before and after March
    #expect(assessed("2003-01-01", "2004-04-30"))  // ends in April
    #expect(assessed("2004-02-01", nil))  // a change took effect in February
    #expect(!assessed("2003-01-01", "2004-03-31"))  // ends on March's last day (closure or plan change)
    #expect(!assessed("2003-01-01", "2004-03-15"))  // ends mid-March
    #expect(!assessed("2004-03-01", nil))  // starts on March 1st (activation or plan change)
    #expect(!assessed("2003-01-01", nil, asOf: "2004-03-31"))  // as of a day: never (R23)
  }

  // MARK: R23 as-of bills

  /// R23: as of 03-15, records before 03-15 00:00 and fees by day: gotone whole month, 14 days before
  /// the 15th: 50 × 12 / 365 × 14 = 23.014 → 23.01; a call on the 14th: 1 min × 0.36; the call on
  /// the 15th is OUTSIDE_PERIOD.
  @Test func asOfBill() throws {
    let s = try Scenario(subscribers: ["\(Self.a),gotone,2003-01-01,,027,"], cdrs: [
      "VOICE,\(Self.a),MO,13912345678,2004-03-14 23:59:59,60,027,",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 00:00:00,60,027,",
    ], month: "2004-03", asOf: "2004-03-15")
    #expect(s.fen(Self.a, .rental) == 2301)
    #expect(s.fen(Self.a, .local) == 36)
    #expect(s.rejects.map(\.reason) == [.outsidePeriod])
    #expect(s.rejects[0].detail == "2004-03-15 is on or after the as-of day 2004-03-15")
    #expect(s.bills[Self.a]?.asOf == Day("2004-03-15"))
    #expect(s.bills[Self.a]?.activeDays == 14)
  }

  /// R23: never more than the month's fee (a package plan activated on the 20th owes half: 10.00;
  /// as of the 31st by day: 20 × 12 / 365 × 11 = 7.23 — below the half, so 7.23); no top-up as of a
  /// day; allowances are the whole month's.
  @Test func asOfBillCapsAndSkipsMinimum() throws {
    let b = "13800000002"
    let s = try Scenario(subscribers: ["\(Self.a),mzone-student,2004-03-20,,027,", "\(b),lingtong,2003-01-01,,027,"],
                         cdrs: [], month: "2004-03", asOf: "2004-03-31")
    #expect(s.fen(Self.a, .rental) == 723)  // 20×12/365×11 = 7.233
    #expect(s.bills[Self.a]?.allowances.map(\.granted) == [100, 10])  // half month (activation 20th)
    #expect(s.fen(b, .flatIncoming) == 1578)  // 16×12/365×30 = 15.780
    #expect(s.fen(b, .minSpendTopUp) == 0)
  }

  /// R23: a fee by day never passes the month's fee: 31 days before the 1st of April would be
  /// 50 × 12 / 365 × 31 = 50.96, capped at the rental, 50.00.
  @Test func asOfFeeIsCappedAtTheMonthFee() {
    let month = Month(year: 2004, month: 3)!
    let whole = MonthActivity(month: month, periodStart: Day("2003-01-01")!, periodEnd: nil)
    // As of the day after the month (31 days before it): 50 × 12 / 365 × 31 = 50.96 → capped at 50.00.
    let fee = Proration.fee(Money(li: 50_000), method: .daily, activity: whole, asOf: Day("2004-04-01")!)
    #expect(fee.fen == 5000)
  }
}
