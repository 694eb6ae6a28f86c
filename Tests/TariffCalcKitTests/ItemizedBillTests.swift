import Foundation
import Testing
@testable import TariffCalcKit

/// The itemized bill (SPEC 6a, R27): items in R20's time order, each with its classification, its fees
/// and the allowance it drew on; their exact amounts add up to the bill's usage lines.
@Suite struct ItemizedBillTests {
  /// A golden scenario's month, loaded as a quote loads it.
  struct Month_ {
    var catalog: TariffCatalog
    var book: SubscriberBook
    var inputs: RunInputs
    var month: Month
    var asOf: Day?
  }

  static func load(_ name: String) throws -> Month_ {
    let folder = "\(Golden.folder)/\(name)"
    let settings = try GoldenScenarioTests.settings(folder)
    let catalog = try TariffCatalog.load(directory: settings.tariffs)
    let book = try SubscriberBook.load(file: "\(folder)/subscribers.csv", catalog: catalog)
    let cdrs = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".csv") && $0 != "subscribers.csv" && $0 != "rejects.csv" }.sorted().map { "\(folder)/\($0)" }
    var month: Month? = nil
    var asOf: Day? = nil
    for (i, word) in settings.arguments.enumerated() where i + 1 < settings.arguments.count {
      if word == "--month" { month = Month(settings.arguments[i + 1]) }
      if word == "--as-of" { asOf = Day(settings.arguments[i + 1]) }
    }
    return Month_(catalog: catalog, book: book, inputs: try RunInputs(cdrs), month: month!, asOf: asOf)
  }

  static func itemize(_ m: Month_, _ number: UInt64) throws -> ItemizedBill {
    try Counter.itemize(number, month: m.month, asOf: m.asOf, inputs: m.inputs, catalog: m.catalog, book: m.book)
  }

  /// R27: on every subscriber of every golden scenario, the items' exact li, summed per line code and
  /// rounded once (R1), are the bill's usage lines, whatever the allowances did; and each item's parts
  /// add up to its amount.
  @Test(arguments: GoldenScenarioTests.scenarios)
  func itemsAddUpToTheBill(_ name: String) throws {
    let m = try Self.load(name)
    var billed = 0
    for number in m.book.numbers {
      let itemized = try Self.itemize(m, number)
      guard let bill = itemized.quote.bill else { continue }
      billed += 1
      var li: [LineCode: Int64] = [:]
      for item in itemized.items {
        for part in [item.base, item.longDistance].compactMap({ $0 }) { li[part.line, default: 0] += part.paidLi }
        #expect(item.amountLi == (item.base?.paidLi ?? 0) + (item.longDistance?.paidLi ?? 0))
      }
      for code in BillItem.usageCodes {
        #expect(Money.roundedToFen(numerator: li[code] ?? 0) == bill.amount(code), "\(name) \(number) \(code)")
      }
      // Free units of the items are the allowances' used units.
      let free = itemized.items.compactMap { $0.base?.allowance?.free }.reduce(0, +)
      #expect(free == bill.allowances.map(\.used).reduce(0, +), "\(name) \(number)")
      // R20's time order.
      let times = itemized.items.map { Int64($0.day.ordinal) * 86400 + Int64($0.second) }
      #expect(times == times.sorted())
    }
    #expect(billed > 0)
  }

  /// The straddle of Tests/Golden/allowance-straddle (README there): 20 free on-net local minutes,
  /// calls in the file newest first; in time order 03-01 off-net 1 min (no allowance, 0.60),
  /// 03-02 12 min all free (20 → 8 left), 03-03 12 min: 8 free, 4 × 0.60 = 2.40 (the straddle),
  /// 03-04 5 min: none left, 5 × 0.60 = 3.00.
  @Test func allowanceStraddle() throws {
    let m = try Self.load("allowance-straddle")
    let number = m.book.numbers.first { n in (try? Self.itemize(m, n).items.contains { $0.base?.straddles == true }) == true }
    let items = try Self.itemize(m, try #require(number)).items
    #expect(items.map { $0.day.description } == ["2004-03-01", "2004-03-02", "2004-03-03", "2004-03-04"])
    #expect(items[0].base?.allowance == nil)
    #expect(items[0].amountLi == 600)  // 1 × 0.60 = 0.600
    #expect(items[1].base?.allowance?.leftBefore == 20)
    #expect(items[1].base?.allowance?.free == 12)
    #expect(items[1].amountLi == 0)
    #expect(items[2].base?.allowance?.leftBefore == 8)
    #expect(items[2].base?.allowance?.free == 8)
    #expect(items[2].base?.straddles == true)
    #expect(items[2].amountLi == 2400)  // (12 − 8) × 0.60 = 2.400
    #expect(items[3].base?.allowance?.leftBefore == 0)
    #expect(items[3].amountLi == 3000)  // 5 × 0.60 = 3.000
  }

  /// Tests/Golden/ip-night …901 on campus: 2004-03-10 20:00:00, 60 s to 17951 + Beijing. Base: campus's
  /// local 0.36 × 1 min = 0.36; IP in 20:00–07:00 0.15 × 1 min = 0.15 (R6, R15); item 0.51 = 510 li.
  @Test func ipCall() throws {
    let m = try Self.load("ip-night")
    let items = try Self.itemize(m, 13_900_000_901).items
    #expect(items.count == 4)
    let item = items[1]
    #expect(item.second == 20 * 3600)
    #expect(item.ip)
    #expect(item.peerEntry.prefix == "010")
    #expect(item.base?.priceLi == 360)
    #expect(item.longDistance?.kind == .ip)
    #expect(item.longDistance?.priceLi == 150)
    #expect(item.longDistance?.rule?.plan == "campus")
    #expect(item.longDistance?.rule?.inherited == false)
    #expect(item.amountLi == 510)  // 0.36 + 0.15 = 0.51
    // 19:59:59 is outside campus's night band: standard's IP 0.30, inherited.
    #expect(items[0].longDistance?.priceLi == 300)
    #expect(items[0].longDistance?.rule?.plan == "standard")
    #expect(items[0].longDistance?.rule?.inherited == true)
  }

  /// Tests/Golden/group-over-5000 …1201 on campus: four group MT calls of 1440 min, the first 5000 min free
  /// (R10, R20): 1440, 1440, 1440 free (5000 → 3560 → 2120 → 680 left), the 4th 680 free and
  /// 1440 − 680 = 760 × 0.20 = 152.00 paid, the straddle.
  @Test func groupCallPastTheCap() throws {
    let m = try Self.load("group-over-5000")
    let items = try Self.itemize(m, 13_900_001_201).items
    let group = items.filter(\.inGroup)
    #expect(group.count == 4)
    #expect(group.map { $0.base?.allowance?.leftBefore } == [5000, 3560, 2120, 680])
    #expect(group.map { $0.base?.allowance?.free } == [1440, 1440, 1440, 680])
    #expect(group[3].base?.straddles == true)
    #expect(group[3].amountLi == 152_000)  // 760 × 0.200
    #expect(group[0].base?.allowance?.kind == "local group mt")
  }

  /// A roaming call with a long-distance leg (R7, R8, R15): standard, home 027, in Beijing (010, another
  /// province: national roaming), 61 s to Xiangfan fixed (0710, neither 010 nor the same area).
  /// Roaming 2 min × 0.60 = 1.20; long distance ⌈61/6⌉ = 11 × 0.07 = 0.77; item 1.97 = 1970 li.
  @Test func roamingCallWithLongDistance() throws {
    let catalog = TestSupport.catalog
    let subscribers = Scenario.subscribersHeader + "\n13900000001,standard,2004-01-01,,027,\n"
    let cdr = Scenario.cdrHeader + "\nVOICE,13900000001,MO,07103456789,2004-03-10 10:00:00,61,010,\n"
    let book = try SubscriberBook.load(MemorySource(name: "subscribers.csv", bytes: Array(subscribers.utf8)), catalog: catalog)
    let inputs = try RunInputs(sources: [MemorySource(name: "cdr.csv", bytes: Array(cdr.utf8))], copies: [nil])
    let itemized = try Counter.itemize(13_900_000_001, month: Month("2004-03")!, asOf: nil, inputs: inputs,
                                       catalog: catalog, book: book)
    let item = try #require(itemized.items.first)
    #expect(item.place == .roamingNational)
    #expect(item.base?.line == .roaming)
    #expect(item.base?.units == 2)
    #expect(item.base?.paidLi == 1200)
    #expect(item.longDistance?.kind == .longDistance)
    #expect(item.longDistance?.unitSeconds == 6)
    #expect(item.longDistance?.units == 11)
    #expect(item.longDistance?.paidLi == 770)
    #expect(item.amountLi == 1970)
    #expect(item.file == "cdr.csv" && item.line == 2)
    #expect(itemized.quote.bill?.amount(.roaming) == 120)
    #expect(itemized.quote.bill?.amount(.longDistance) == 77)
  }
}
