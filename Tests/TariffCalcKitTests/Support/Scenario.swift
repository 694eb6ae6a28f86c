import Foundation
@testable import TariffCalcKit

/// A small billing case written inline: subscribers and CDR lines in, bills and rejects out.
struct Scenario {
  static let cdrHeader = "type,subscriber,direction,peer,start,duration,area,cell"
  static let subscribersHeader = "subscriber,plan,start,end,home_area,group"

  var bills: [String: Bill]
  var rejects: [Reject]
  var rated: RatedMonth
  /// The names of the inputs, `cdr-1.csv`, … in the order of `cdrs`.
  var files: [String]

  /// Bills `cdrs` (lines without header; several inputs when given several lists) for `month`, from
  /// bytes in memory: no file is written.
  ///
  /// `subscribers` are rows without header; `catalog` defaults to the shipped
  /// tariffs plus the test fixture plans. The inputs are named `cdr-1.csv`, `cdr-2.csv`, … in the order
  /// of `cdrs`, and given to the run in that order unless `givenOrder` lists them otherwise (indexes
  /// into `cdrs`). An input whose bytes are those of an earlier one is a copy of it (R24 a), as the run
  /// finds for files.
  init(subscribers: [String], cdrs: [[String]], month: String, asOf: String? = nil,
       catalog: TariffCatalog = Scenario.catalog, jobs: Int = 2, chunkBytes: Int = 4 << 20,
       givenOrder: [Int]? = nil, header: String = Scenario.cdrHeader) throws {
    let subscribersText = ([Scenario.subscribersHeader] + subscribers).joined(separator: "\n") + "\n"
    let book = try SubscriberBook.load(MemorySource(name: "subscribers.csv", bytes: Array(subscribersText.utf8)),
                                       catalog: catalog)
    let files = cdrs.indices.map { "cdr-\($0 + 1).csv" }
    let contents = cdrs.map { Array((([header] + $0).joined(separator: "\n") + "\n").utf8) }
    let order = givenOrder ?? Array(cdrs.indices)
    var copies: [String?] = []
    for (k, i) in order.enumerated() {
      copies.append(order[..<k].first { contents[$0] == contents[i] }.map { files[$0] })
    }
    let inputs = try RunInputs(sources: order.map { MemorySource(name: files[$0], bytes: contents[$0]) }, copies: copies)
    let sink = RejectList()
    let options = BillRunOptions(month: Month(month)!, asOf: asOf.map { Day($0)! }, cdrFiles: [], jobs: jobs,
                                 chunkBytes: chunkBytes, inputs: inputs)
    rated = try BillRun.rate(options, catalog: catalog, book: book, rejects: sink)
    rejects = sink.rejects
    self.files = files
    var bills: [String: Bill] = [:]
    for i in 0..<book.count {
      if let bill = rated.bill(ofIndex: i) { bills[bill.subscriber] = bill }
    }
    self.bills = bills
  }

  init(subscribers: [String], cdrs: [String], month: String, asOf: String? = nil,
       catalog: TariffCatalog = Scenario.catalog) throws {
    try self.init(subscribers: subscribers, cdrs: [cdrs], month: month, asOf: asOf, catalog: catalog)
  }

  /// Amount in fen of a line of a subscriber's bill (0 when the line is absent).
  func fen(_ subscriber: String, _ code: LineCode) -> Int64 { bills[subscriber]?.amount(code) ?? 0 }

  func quantity(_ subscriber: String, _ code: LineCode) -> Int64? {
    bills[subscriber]?.lines.first { $0.code == code }?.quantity
  }

  func total(_ subscriber: String) -> Int64? { bills[subscriber]?.totalFen }

  /// The shipped tariffs plus the fixture plans of `Fixtures/extra-plans`.
  static let catalog: TariffCatalog = {
    do { return try TariffCatalog.load(directory: TestSupport.tariffsWithFixtures) } catch { fatalError("\(error)") }
  }()
}
