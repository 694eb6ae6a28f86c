import Testing
@testable import TariffCalcKit

/// The JSON every command can print (docs/json.md): values from the tariff files and SPEC rules, by hand.
@Suite struct JSONOutputTests {
  /// dalingtong.plan: `fee rental 0`, `fee flat-incoming 16` (16 元 = 16,000 li), `rate local mo 0.25/min`
  /// (250 li a minute), parent standard, method daily, no sale window.
  @Test func onePlansTerms() throws {
    let plan = try #require(TestSupport.catalog.plan("dalingtong"))
    let json = PlansJSON.plan(plan, on: TestSupport.day("2004-10-01"))
    #expect(json["id"] == .string("dalingtong"))
    #expect(json["parent"] == .string("standard"))
    #expect(json["method"] == .string("daily"))
    #expect(json["on_sale"] == .bool(true))
    #expect(json["sale_from"] == .null)
    #expect(json["fees"] == .array([
      .object([("code", .string("RENTAL")), ("amount_li", .int(0)), ("label", .null)]),
      .object([("code", .string("FLAT_INCOMING")), ("amount_li", .int(16_000)), ("label", .null)]),
    ]))
    let rates = try #require(json["tariff"]?["rates"]?.array)
    #expect(rates.contains(.object([("rule", .string("local mo")), ("amount_li", .int(250)), ("per", .string("min")),
                                    ("from_plan", .string("dalingtong"))])))
  }

  /// campus.plan: `on-sale ..2003-12-31`: not on sale on 2004-10-01, sold through 2003-12-31. The list
  /// has every plan of the catalog, in its order; the text is one line.
  @Test func thePlansOnADay() throws {
    let json = PlansJSON.list(TestSupport.catalog, on: TestSupport.day("2004-10-01"))
    let plans = try #require(json["plans"]?.array)
    #expect(plans.map { $0["id"]?.string } == TestSupport.catalog.plans.map(\.id))
    let campus = try #require(plans.first { $0["id"] == .string("campus") })
    #expect(campus["on_sale"] == .bool(false))
    #expect(campus["sale_through"] == .string("2003-12-31"))
    #expect(!json.text.contains("\n"))
    #expect((try? JSONValue.parse(json.text).get()) == json)
  }

  /// R4: a change asked for on 2004-10-10 takes effect on 2004-11-01.
  @Test func aPlanChange() {
    let change = PlanChange(subscriber: 13_871_000_001, plan: "gotone", on: TestSupport.day("2004-10-10"))
    #expect(CounterJSON.change(change)
      == #"{"subscriber":"13871000001","plan":"gotone","requested_on":"2004-10-10","effective":"2004-11-01"}"# + "\n")
  }

  /// One fen more in a LOCAL line: 680 → 681, delta +1; a bill only in golden, 30.00 元 = 3,000 fen.
  @Test func verifyLines() {
    #expect(VerifyJSON.difference(.line(subscriber: "13871000001", code: .local, golden: 680, actual: 681))
      == #"{"difference":"line","subscriber":"13871000001","code":"LOCAL","golden_fen":680,"actual_fen":681,"delta_fen":1}"# + "\n")
    #expect(VerifyJSON.difference(.onlyInGolden(subscriber: "13871000019", totalFen: 3000))
      == #"{"difference":"only_in_golden","subscriber":"13871000019","total_fen":3000}"# + "\n")
    var s = VerifySummary(compared: 2, equal: 1, different: 1)
    s.deltaByCode[.local] = 1
    s.goldenMonth = Month(year: 2004, month: 10)
    let line = VerifyJSON.summary(s)
    guard case .success(let v) = JSONValue.parse(Array(line.utf8.dropLast())) else { Issue.record("not JSON: \(line)"); return }
    #expect(v["total_delta_fen"] == .int(1))
    #expect(v["delta_fen_by_code"]?["LOCAL"] == .int(1))
    #expect(v["delta_fen_by_code"]?["SMS"] == .int(0))
    #expect(v["golden_month"] == .string("2004-10"))
    #expect(v["actual_month"] == .null)
  }

  /// advise: each plan's saving is the current plan's total less its own; the bill inside is the one
  /// bills.jsonl would hold (its total equals total_fen).
  @Test func adviceSavings() throws {
    let root = TestSupport.packageRoot + "/SampleCDRs"
    let book = try SubscriberBook.load(file: root + "/subscribers.csv", catalog: TestSupport.catalog)
    let month = Month(year: 2004, month: 10)!
    let options = try Counter.advise(13_871_000_006, month: month,
                                     inputs: try RunInputs([root + "/cdr-2004-10-a.csv", root + "/cdr-2004-10-b.csv"]),
                                     catalog: TestSupport.catalog, book: book)
    let text = CounterJSON.advice(options, subscriber: "13871000006", month: month)
    guard case .success(let v) = JSONValue.parse(Array(text.utf8.dropLast())) else { Issue.record("not JSON"); return }
    let plans = try #require(v["plans"]?.array)
    #expect(plans.count == options.count)
    let current = try #require(plans.first { $0["current"] == .bool(true) }?["total_fen"]?.int)
    for p in plans {
      let total = try #require(p["total_fen"]?.int)
      #expect(p["saving_fen"] == .int(current - total))
      #expect(p["bill"]?["total_fen"] == .int(total))
    }
  }
}
