import Foundation
import Testing
@testable import TariffCalcKit

/// Issue 12: every line of the text for people fits in 80 terminal columns, a Chinese character counting
/// two (`TextLayout.width`). Every kind of human output is rendered through the library, for the bundled
/// sample and for a stress case (long file names, every reject reason, many fees, a long usage string,
/// amounts in the millions), and each of its lines measured.
///
/// Not measured: diagnostics on standard error (`file:line: error: …`, one to a line whatever their
/// length, as a compiler prints them). The executable's help is measured by CommandLineTests.
@Suite struct OutputWidthTests {
  static let sample = TestSupport.packageRoot + "/SampleCDRs"
  static let sampleFiles = [sample + "/cdr-2004-10-a.csv", sample + "/cdr-2004-10-b.csv"]
  static let october = Month(year: 2004, month: 10)!

  /// Records every line of `text` wider than 80 columns, naming what it is.
  static func expectFits(_ text: String, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    where TextLayout.width(line) > TextLayout.columns {
      Issue.record("\(what): \(TextLayout.width(line)) columns: \(line)", sourceLocation: sourceLocation)
    }
  }

  // MARK: The sample

  @Test func billRunReportOfTheSample() throws {
    let book = try SubscriberBook.load(file: Self.sample + "/subscribers.csv", catalog: TestSupport.catalog)
    for asOf in [nil, Day("2004-10-15")] {
      let options = BillRunOptions(month: Self.october, asOf: asOf, cdrFiles: Self.sampleFiles + Self.sampleFiles, jobs: 2)
      let summary = try BillRun.run(options, catalog: TestSupport.catalog, book: book,
                                    outputFolder: TestSupport.temporaryFolder("width") + "/out",
                                    loadTime: .milliseconds(12))
      let report = BillRunReport.render(summary)
      #expect(report.contains("DUPLICATE 419"))
      Self.expectFits(report, "bill report")
    }
  }

  /// Every subscriber of the sample: the month to the 21st (with the records not billed), the whole month,
  /// and advice; a prospect's quote on every plan on sale.
  @Test func clerksTextOfTheSample() throws {
    let catalog = TestSupport.catalog
    let book = try SubscriberBook.load(file: Self.sample + "/subscribers.csv", catalog: catalog)
    let inputs = try RunInputs(Self.sampleFiles)
    var quoted = 0
    for number in UInt64(13_871_000_001)...13_871_000_030 where book.index(of: number) != nil {
      for asOf in [Day("2004-10-21"), nil] {
        let q = try Counter.quote(number, month: Self.october, asOf: asOf, inputs: inputs, catalog: catalog, book: book)
        guard let bill = q.bill else { continue }
        let source = inputs.names.joined(separator: ", ") + (asOf.map { " (records before \($0))" } ?? "")
        Self.expectFits(BillText.render(bill, catalog: catalog, source: source, rejects: q.rejects), "quote \(number)")
        quoted += 1
      }
      if let options = try? Counter.advise(number, month: Self.october, inputs: inputs, catalog: catalog, book: book) {
        Self.expectFits(PlanText.advice(options, subscriber: MSISDN.text(number), month: Self.october), "advise \(number)")
      }
    }
    #expect(quoted >= 40)
    let usage = try UsageProfile.parse("mo=100,mo-night=60,mt-night=30,ip=10,sms=50,sms-off=10").get()
    for plan in catalog.plans where Self.october.days.contains(where: plan.isOnSale) {
      let q = try Counter.quote(plan: plan, usage: usage, month: Self.october, home: AreaCode("027")!, catalog: catalog)
      guard let bill = q.bill else { continue }
      Self.expectFits(BillText.render(bill, catalog: catalog, title: "报价 quote  \(plan.id) \(plan.name)  \(Self.october)",
                                      source: "usage \(usage.text), home 027, every call on the 15th", rejects: q.rejects),
                      "prospect's quote on \(plan.id)")
    }
  }

  /// The itemized bill (R27) of every subscriber of the sample, and the story of every line of its CDR
  /// files (`explain`): the sample's paths are short, so that every line is measured.
  @Test func itemizedAndExplainedSample() throws {
    let catalog = TestSupport.catalog
    let book = try SubscriberBook.load(file: Self.sample + "/subscribers.csv", catalog: catalog)
    let inputs = try RunInputs(Self.sampleFiles)
    var shown = 0
    for number in book.numbers {
      let itemized = try Counter.itemize(number, month: Self.october, asOf: nil, inputs: inputs, catalog: catalog, book: book)
      guard let text = ItemizedText.render(itemized, catalog: catalog, source: inputs.names.joined(separator: ", ")) else { continue }
      Self.expectFits(text, "quote --itemized \(number)")
      shown += 1
    }
    #expect(shown >= 20)
    for file in Self.sampleFiles {
      let lines = try Data(contentsOf: URL(fileURLWithPath: file)).split(separator: 0x0A).count
      for line in 2...lines {
        let story = try Counter.explain(file: file, line: line, month: Self.october, inputs: inputs, catalog: catalog, book: book)
        // The first line names the file by its whole path (as long as it is); every other line is measured.
        Self.expectFits(ExplainText.render(story, catalog: catalog).split(separator: "\n").dropFirst().joined(separator: "\n"),
                        "explain \(file):\(line)")
      }
    }
  }

  /// The catalog (with the test fixture plans) listed, and every plan explained, on days inside and outside
  /// its versions, sale windows and roaming windows.
  @Test func plansOfTheCatalog() throws {
    let catalog = Scenario.catalog
    for day in ["2003-05-02", "2004-01-25", "2004-01-31", "2004-03-15", "2004-05-03", "2004-10-01"].map({ Day($0)! }) {
      Self.expectFits(PlanText.listing(catalog, on: day) + "\n", "plans on \(day)")
      for plan in catalog.plans {
        Self.expectFits(PlanText.explanation(plan, on: day, catalog: catalog), "plans \(plan.id) on \(day)")
      }
    }
  }

  @Test func verifyOfTheSample() throws {
    let golden = TestSupport.packageRoot + "/Tests/Golden/sample/bills.jsonl"
    // The first bill one fen more (LOCAL 6.80 → 6.81), another a day less, the last bill gone.
    var bills = try String(contentsOfFile: golden, encoding: .utf8).split(separator: "\n").map(String.init)
    bills[0] = bills[0].replacingOccurrences(of: #""amount_fen":680"#, with: #""amount_fen":681"#)
      .replacingOccurrences(of: #""total_fen":6287"#, with: #""total_fen":6288"#)
    bills[1] = bills[1].replacingOccurrences(of: #""active_days":22"#, with: #""active_days":21"#)
    let path = TestSupport.temporaryFolder("width") + "/bills.jsonl"
    TestSupport.write(bills.dropLast().joined(separator: "\n") + "\n", to: path)
    var out = ""
    let summary = try BillsComparison.compare(golden: golden, actual: path) { out += VerifyText.difference($0) + "\n" }
    #expect(summary.different == 2)
    #expect(summary.onlyInGolden == 1)
    Self.expectFits(out + VerifyText.summary(summary), "verify")
  }

  // MARK: The stress case

  /// Long paths (each fits on a line: a longer word is not cut, tested in TextLayoutTests), every reject reason and line code, counts and amounts in the millions, every phase.
  @Test func billRunReportUnderStress() {
    let files = (1...12).map { i in
      FileStats(file: "/data/cdr/2004-10/switch-hankou-\(i)/cdr-2004-10-part-\(i).csv.gz", bytes: 987_654_321,
                read: 1_234_567, rated: 1_000_000, rejected: 234_567)
    }
    var summary = BillRunSummary(
      month: Self.october, asOf: Day("2004-10-15"), files: files,
      rejectedByReason: Dictionary(uniqueKeysWithValues: RejectReason.allCases.enumerated().map { ($0.element, 1_000_000 + $0.offset) }),
      subscribersBilled: 12_345_678,
      totalFenByCode: Dictionary(uniqueKeysWithValues: LineCode.allCases.map { ($0, 123_456_789_012) }),
      jobs: 64, elapsed: .seconds(12_345), outputFolder: "/data/billing/night-runs/2004-10/wuhan-hankou-and-wuchang/out")
    summary.phases = [("load", .seconds(1_234)), ("rate", .seconds(9_876)), ("bills", .seconds(1_235))]
    let report = BillRunReport.render(summary)
    #expect(report.contains("9,876,543,120.96"))  // 8 codes × 1,234,567,890.12
    #expect(report.contains("12,345,678"))
    Self.expectFits(report, "bill report")
  }

  /// Reject paths and details of every reason; four plans in the month; every line code with large
  /// quantities; many allowances; long source lists.
  @Test func clerksTextUnderStress() throws {
    let catalog = Scenario.catalog
    let lines = LineCode.allCases.map { code in
      BillLine(code: code, amountFen: 123_456_789, quantity: [.local, .roaming, .longDistance, .sms].contains(code) ? 1_234_567 : nil,
               unit: code == .sms ? .messages : [.local, .roaming, .longDistance].contains(code) ? .minutes : nil)
    }
    let allowances = ["sms on-net", "local group mt", "local non-group mo off-net", "roaming provincial mo",
                      "local zone:suburbs mt", "local zone:huangpi group mo on-net"].map {
      AllowanceUse(kind: $0, unit: $0.hasPrefix("sms") ? "msg" : "min", granted: 123_456, used: 98_765)
    }
    let bill = Bill(subscriber: "13871000004", month: Self.october, asOf: Day("2004-10-21"),
                    plans: ["xiangqing-jiangxia", "mzone-student", "gotone-vpmn", "test-flat-roaming"], activeDays: 20,
                    lines: lines, allowances: allowances)
    let files = (1...12).map { "/data/cdr/2004-10/switch-hankou-\($0)/cdr-2004-10-part-\($0).csv.gz" }
    let rejects = RejectReason.allCases.enumerated().map { i, reason in
      Reject(file: files[i], line: 123_456 + i, reason: reason,
             detail: "invalid start '2004-02-30 10:00:00': a real YYYY-MM-DD HH:MM:SS expected, and the record "
               + "'VOICE,13871000004,MO,02787654321,2004-02-30 10:00:00,60,027,HP1234' is not billed (\(reason.code))",
             record: "")
    } + [Reject(file: files[0], line: 7, reason: .malformed, detail: "NUL byte in the line", record: "")] * 3
    #expect(rejects.count > 10)
    let text = BillText.render(bill, catalog: catalog, source: files.joined(separator: ", ") + " (records before 2004-10-21)",
                               rejects: rejects)
    #expect(text.contains("1,234,567.89"))
    #expect(text.contains("1,234,567 分钟"))
    Self.expectFits(text, "quote")
    let usage = (1...20).map { "mo-night-off=\($0 * 1000)" }.joined(separator: ",")
    let prospect = BillText.render(Bill(subscriber: "", month: Self.october, asOf: nil, plans: ["xiangqing-jiangxia"],
                                        activeDays: 31, lines: lines),
                                   catalog: catalog, title: "报价 quote  xiangqing-jiangxia 乡情卡 (江夏)  2004-10",
                                   source: "usage \(usage), home 0710, every call on the 15th")
    Self.expectFits(prospect, "prospect's quote")

    // Advice: every plan, totals in the millions, unsuitable plans with every reason.
    var options: [Counter.PlanOption] = []
    for (i, plan) in catalog.plans.enumerated() {
      var b = bill
      b.lines = [BillLine(code: .rental, amountFen: 9_999_999_999 - Int64(i) * 1_234_567)]
      options.append(Counter.PlanOption(plan: plan.id, name: plan.name, bill: b,
                                        refused: i % 3 == 0 ? rejects : [], isCurrent: i == 4))
    }
    Self.expectFits(PlanText.advice(options, subscriber: "13871000004", month: Self.october), "advise")
  }

  /// A plan with many fees with labels, long notes, many allowances and rates with every qualifier,
  /// roaming in months and every window, a service area: listed and explained.
  @Test func plansUnderStress() throws {
    let dir = TestSupport.copyOfTariffs()
    TestSupport.write("""
      plan    stress-long-plan-id
      name    动感地带超长测试卡
      parent  gotone-vpmn
      method  package
      on-sale 2004-06-18..2004-12-31
      note    来显不能取消,赠送来电显示,每月赠送彩铃一首,本资费为测试超长说明文字而设,请勿在营业厅受理 (a very long note about caller ID, ring tones and what else a clerk should know before selling it)
      note    见 see /data/tariffs/announcements/2004/wuhan-tariffs-2004-06-18.pdf
      note    本资费为测试超长说明文字而设请勿在营业厅受理本资费为测试超长说明文字而设请勿在营业厅受理

      fee     rental 12345.67
      fee     feature 9876.5 必选功能费与短信业务包合并收取
      fee     flat-incoming 1000
      minimum 123456.78

      free    99999 sms on-net
      free    12345 local zone:suburbs group mt
      free    500 roaming provincial mo

      bands   day=08:00-19:00 night=19:00-08:00
      rate    local day zone:huangpi group mo on-net  0.40/min
      rate    local night zone:suburbs non-group mt off-net  0.15/min
      rate    local  0.30/min
      rate    sms on-net 0.05/msg
      rate    long-distance 0.07/6s
      rate    ip night 0.30/min

      roaming provincial during months=1,2,3,4,5,6,7,8,9,10,11,12 mayday national-day spring-festival
      roaming national   during months=1,2,7,8 mayday national-day spring-festival
      service-area zone:suburbs

      """, to: dir + "/plans/stress-long-plan-id.plan")
    let catalog = try TariffCatalog.load(directory: dir)
    let plan = try #require(catalog.plan("stress-long-plan-id"))
    for day in ["2004-03-15", "2004-05-03", "2004-10-03", "2005-01-01"].map({ Day($0)! }) {
      let listing = PlanText.listing(catalog, on: day)
      #expect(listing.contains("月租 12,345.67"))
      Self.expectFits(listing, "plans on \(day)")
      Self.expectFits(PlanText.explanation(plan, on: day, catalog: catalog), "plans \(plan.id) on \(day)")
    }
  }

  /// Amounts in the hundreds of millions, long other fields, counts in the millions.
  @Test func verifyUnderStress() {
    let quantities = LineCode.allCases.map { "\($0.code) 1234567 min" }.joined(separator: ", ")
    let differences: [BillDifference] = [
      .line(subscriber: "13871000001", code: .minSpendTopUp, golden: 12_345_678_901, actual: -12_345_678_901),
      .line(subscriber: "13871000001", code: .local, golden: 680, actual: 681),
      .other(subscriber: "13871000002", field: "quantities", golden: quantities, actual: quantities + ", SMS 1 msg"),
      .other(subscriber: "13871000002", field: "plans", golden: "xiangqing-jiangxia,mzone-student,gotone-vpmn",
             actual: "xiangqing-jiangxia,mzone-student,gotone-vpmn,test-flat-roaming"),
      .onlyInGolden(subscriber: "13871000003", totalFen: 12_345_678_901_234),
      .onlyInActual(subscriber: "13871000004", totalFen: 12_345_678_901_234),
    ]
    var summary = VerifySummary(compared: 12_345_678, equal: 12_000_000, different: 345_678, onlyInGolden: 1_234_567,
                                onlyInActual: 7_654_321)
    for code in LineCode.allCases { summary.deltaByCode[code] = -123_456_789_012 }
    let text = differences.map(VerifyText.difference).joined(separator: "\n") + "\n" + VerifyText.summary(summary)
    #expect(text.contains("-1,234,567,890.12"))
    Self.expectFits(text, "verify")
  }
}

private func * <T>(array: [T], times: Int) -> [T] { (0..<times).flatMap { _ in array } }
