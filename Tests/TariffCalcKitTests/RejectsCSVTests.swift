import Testing
@testable import TariffCalcKit

/// The fields of rejects.csv (SPEC 6): quoted when they hold a comma, a quote or a line end, their quotes
/// doubled (RFC 4180), plain otherwise.
@Suite struct RejectsCSVTests {
  @Test(arguments: [
    ("abc", "abc"),
    ("", ""),
    ("a,b", #""a,b""#),
    (#"a"b,c"#, #""a""b,c""#),
    (#"x""#, #""x""""#),
    (#"""#, #""""""#),
    ("line\nend", "\"line\nend\""),
    ("cr\r", "\"cr\r\""),
    ("VOICE,13871000001,MO,\"1\",2004-10-05 09:30:00,60,027,", #""VOICE,13871000001,MO,""1"",2004-10-05 09:30:00,60,027,""#),
  ])
  func quoting(field: String, csv: String) {
    var out: [UInt8] = []
    RejectsCSV.field(field, to: &out)
    #expect(String(decoding: out, as: UTF8.self) == csv)
  }
}

/// A run's rows of rejects.csv, written in place (issue 14): a tail's room holds its worst case, and the
/// file sink's rows reach the file whole and in order across its 1 MiB flushes.
@Suite struct RejectRowsTests {
  /// A record and a detail of `n` quotes each: every quote doubled and the field quoted, 2n + 2 bytes a
  /// field, the most a field of n bytes can take (n = 0: an empty field, no quotes).
  @Test func aTailOfQuotesFillsItsRoom() {
    for n in 0...40 {
      let quotes = String(repeating: "\"", count: n)
      let field = n == 0 ? "" : "\"" + String(repeating: "\"\"", count: n) + "\""
      let tail = RejectsCSV.tail(reason: .malformed, record: quotes, detail: quotes)
      #expect(String(decoding: tail, as: UTF8.self) == "MALFORMED," + field + "," + field + "\n", "\(n)")
    }
  }

  @Test func rowsCrossTheFlushesWhole() throws {
    let path = TestSupport.temporaryFolder("reject-rows") + "/rejects.csv"
    let file = try AtomicFile(path: path)
    let sink = RejectsFileSink(file: file)
    let files = ["a.csv", "b,c.csv", "d.csv"]
    var expected = ""
    // 30,000 rows of 60 to 80 bytes: about 2 MB, two flushes of 1 MiB and the rest.
    for i in 0..<30_000 {
      let input = (i / 7) % 3  // runs of seven rows an input, the inputs taking turns
      let reject = Reject(file: files[input], line: i + 2, reason: .duplicate, detail: i % 2 == 0 ? "a copy" : #"say "x""#,
                          record: "VOICE,\(i)")
      let fileField = input == 1 ? #""b,c.csv""# : files[input]
      let detailField = i % 2 == 0 ? "a copy" : #""say ""x""""#
      expected += "\(fileField),\(i + 2),DUPLICATE,\"VOICE,\(i)\",\(detailField)\n"
      if i % 1000 == 999 {
        try sink.write(reject)  // the path that encodes the whole row itself
      } else {
        try RejectsCSV.tail(reason: reject.reason, record: reject.record, detail: reject.detail).withUnsafeBytes {
          try sink.write(reject, input: input, encodedTail: $0)
        }
      }
    }
    try sink.flush()
    try file.finish()
    try file.publish()
    let written = try Inputs.contents(of: path)
    #expect(written.count == expected.utf8.count)
    let same = written == Array(expected.utf8)  // one Bool: a failure prints no 2 MB arrays
    #expect(same)
  }
}
