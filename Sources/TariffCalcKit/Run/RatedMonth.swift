/// A month whose records are all rated: the ledgers merged, ready to bill.
public final class RatedMonth: @unchecked Sendable {
  // Sendable: built once by the run, then only read.
  let ledger: Ledger
  public let files: [FileStats]
  public let rejectedByReason: [RejectReason: Int]
  public var month: Month { ledger.context.month }
  public var asOf: Day? { ledger.context.asOf }
  public var book: SubscriberBook { ledger.context.book }

  /// What the duplicate index of the run (R24) held: its bytes and its fingerprints.
  public let duplicateIndex: (bytes: Int, records: Int)

  init(ledger: Ledger, files: [FileStats], rejectedByReason: [RejectReason: Int], duplicateIndex: (bytes: Int, records: Int)) {
    self.duplicateIndex = duplicateIndex
    self.ledger = ledger
    self.files = files
    self.rejectedByReason = rejectedByReason
  }

  public var recordsRead: Int { files.reduce(0) { $0 + $1.read } }
  public var recordsRated: Int { files.reduce(0) { $0 + $1.rated } }
  public var recordsRejected: Int { files.reduce(0) { $0 + $1.rejected } }

  /// The bill of the subscriber at `index` in the book, if they had a day on a plan in the bill's days.
  public func bill(ofIndex index: Int) -> Bill? { BillMaker(ledger: ledger).bill(subscriber: index) }

  /// The bill of a number, if it is a subscriber with a day on a plan in the bill's days.
  public func bill(of number: UInt64) -> Bill? { book.index(of: number).flatMap(bill(ofIndex:)) }
}
