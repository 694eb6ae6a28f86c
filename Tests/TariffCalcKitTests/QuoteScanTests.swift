import Foundation
import Testing
@testable import TariffCalcKit

/// The quote's fast path (the files cut to the subscriber's lines by a byte search, ``Counter/scan``)
/// gives the bill, the rejects (file, line, reason, detail) and the itemized records of the general
/// path (every line of the files read, the filter applied line by line), for every subscriber.
@Suite struct QuoteScanTests {
  /// The quote of `number` both ways; `piece`: the bytes searched at a time, to cut lines anywhere.
  static func compare(_ number: UInt64, files: [String], book: SubscriberBook, month: TariffCalcKit.Month, asOf: Day?,
                      piece: Int = Counter.scanPiece, scans: Bool = true, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let catalog = TestSupport.catalog
    let fastTraces = TraceList()
    let slowTraces = TraceList()
    let fast = try Counter.rate(number, month: month, asOf: asOf, inputs: try RunInputs(files), catalog: catalog, book: book,
                                jobs: 2, traces: fastTraces, fast: true, piece: piece)
    let slow = try Counter.rate(number, month: month, asOf: asOf, inputs: try RunInputs(files), catalog: catalog, book: book,
                                jobs: 2, traces: slowTraces, fast: false)
    #expect((fast.inputs.inputs.first?.lineNumbers != nil) == scans, "scanned", sourceLocation: sourceLocation)
    #expect(fast.quote.bill.map(BillJSON.line) == slow.quote.bill.map(BillJSON.line), "\(number) bill", sourceLocation: sourceLocation)
    #expect(fast.quote.rejects == slow.quote.rejects, "\(number) rejects", sourceLocation: sourceLocation)
    let fastItems = Counter.itemize(number: number, traces: fastTraces, rated: fast.rated, inputs: fast.inputs, catalog: catalog)
    let slowItems = Counter.itemize(number: number, traces: slowTraces, rated: slow.rated, inputs: slow.inputs, catalog: catalog)
    #expect(fastItems == slowItems, "\(number) items", sourceLocation: sourceLocation)
  }

  static let october = TariffCalcKit.Month(year: 2004, month: 10)!

  @Test func sampleEverySubscriber() throws {
    let root = TestSupport.packageRoot + "/SampleCDRs"
    let book = try SubscriberBook.load(file: root + "/subscribers.csv", catalog: TestSupport.catalog)
    let files = [root + "/cdr-2004-10-a.csv", root + "/cdr-2004-10-b.csv"]
    for number in book.numbers {
      for asOf in [nil, TestSupport.day("2004-10-05")] {
        for piece in [Counter.scanPiece, 97] {
          try Self.compare(number, files: files, book: book, month: Self.october, asOf: asOf, piece: piece)
        }
      }
    }
  }

  /// A generated month (bad lines, copies, groups), many subscribers, pieces that cut lines.
  @Test func generatedMonth() throws {
    let folder = TestSupport.temporaryFolder("quote-scan")
    let files = try DataGenerator(subscribers: 400, records: 20_000, month: Self.october, seed: 5)
      .write(to: folder, catalog: TestSupport.catalog)
    let book = try SubscriberBook.load(file: folder + "/subscribers.csv", catalog: TestSupport.catalog)
    let numbers = book.numbers
    for (i, number) in numbers.enumerated() where i % 10 == 0 {
      try Self.compare(number, files: files, book: book, month: Self.october, asOf: nil, piece: i % 20 == 0 ? 4099 : 1 << 20)
      try Self.compare(number, files: files, book: book, month: Self.october, asOf: TestSupport.day("2004-10-17"))
    }
  }

  /// Lines the byte search must not get wrong: quotes, CRLF, the number as peer, a number that is a prefix
  /// or a suffix of another, long lines, a copy of a line, a last line with no LF; and the same as gzip
  /// (not scanned: the general path) and a file named twice.
  @Test func awkwardLines() throws {
    let root = TestSupport.packageRoot + "/SampleCDRs"
    let book = try SubscriberBook.load(file: root + "/subscribers.csv", catalog: TestSupport.catalog)
    let me = "13871000001"
    var text = Scenario.cdrHeader + "\r\n"
    let long = String(repeating: "x", count: 5000)
    for day in 1...28 {
      let d = day < 10 ? "0\(day)" : "\(day)"
      text += "VOICE,\(me),MO,02787654321,2004-10-\(d) 09:30:00,185,027,WC0101\n"
      text += "VOICE,13871000002,MO,\(me),2004-10-\(d) 09:31:00,60,027,WC0101\n"  // the number as peer
      text += "VOICE,\(me)1,MO,02787654321,2004-10-\(d) 09:32:00,60,027,WC0101\n"  // a longer number
      text += "VOICE,1\(me),MO,02787654321,2004-10-\(d) 09:33:00,60,027,WC0101\n"
      text += "VOICE,\(me.dropLast()),MO,02787654321,2004-10-\(d) 09:34:00,60,027,WC0101\n"  // a prefix of it
      text += "VOICE,\(me),MT,13907654321,2004-10-\(d) 20:15:00,59,027,HK0203\r\n"  // CRLF
      text += "VOICE,\"\(me)\",MO,02787654321,2004-10-\(d) 10:00:00,30,027,WC0101\n"  // quoted
      text += "VOICE,\(me),MO,02787654321,2004-10-\(d) 10:01:00,\"31\",027,WC0101\n"  // a quote after it
      text += "\"VOICE\",13871000002,MO,02787654321,2004-10-\(d) 10:02:00,30,027,WC0101\n"  // someone else's, quoted
      text += "VOICE,\(me),MO,02787654321,2004-10-\(d) 09:30:00,185,027,WC0101\n"  // a copy (R24)
      text += "VOICE,\(me),MO,02787654321,2004-10-\(d) 11:00:00,185,027,WC0101,\(long)\n"  // too long
      text += "VOICE,\(long),\(me),MO,02787654321,2004-10-\(d) 11:00:00,185,027\n"
      text += "VOICE,\(me),MO,02787654321,2004-10-\(d) 12:00:00,1x5,027,WC0101\n"  // malformed
      text += "SMS,\(me),MO,13907654321,2004-10-\(d) 12:30:00,,027,WC0101\r\n"
      text += "\n"
      text += "VOICE,13871000003,MO,02787654321,2004-10-\(d) 13:00:00,70,027,WC0101\n"
    }
    text += "VOICE,\(me),MO,02787654321,2004-10-29 13:00:00,70,027,WC0101,\(String(repeating: "y", count: 100_000))\n"
    text += "VOICE,\(me),MO,02787654321,2004-10-29 14:00:00,70,027,WC0101\r"  // no LF, a CR kept
    let folder = TestSupport.temporaryFolder("quote-scan-awkward")
    let plain = folder + "/cdr-2004-10-x.csv"
    TestSupport.write(text, to: plain)
    let second = folder + "/cdr-2004-10-y.csv"
    TestSupport.write(text.replacingOccurrences(of: "2004-10-2", with: "2004-10-1") + "\n", to: second)
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
    gzip.arguments = ["-c", "gzip -c '\(plain)' > '\(plain).gz'"]
    try gzip.run()
    gzip.waitUntilExit()
    #expect(gzip.terminationStatus == 0)
    for number: UInt64 in [13_871_000_001, 13_871_000_002, 13_871_000_003, 13_871_000_004] {
      for piece in [Counter.scanPiece, 4096, 100, 61, 7] {
        try Self.compare(number, files: [plain, second], book: book, month: Self.october, asOf: nil, piece: piece)
        try Self.compare(number, files: [second, plain, plain], book: book, month: Self.october,
                         asOf: TestSupport.day("2004-10-20"), piece: piece)
      }
      try Self.compare(number, files: [plain + ".gz", second], book: book, month: Self.october, asOf: nil, scans: false)
    }
    // The search finds something to compare: the subscriber's rejects at their lines in the file.
    let quote = try Counter.quote(13_871_000_001, month: Self.october, asOf: nil, inputs: try RunInputs([plain]),
                                  catalog: TestSupport.catalog, book: book)
    #expect(quote.rejects.count >= 28)
    #expect(quote.rejects.contains { $0.line == 11 && $0.reason == .duplicate })
  }
}
