import Foundation
import Testing
@testable import TariffCalcKit

/// `--json` on each command, run as the built binary in a copy of the sample (docs/json.md).
@Suite struct JSONCommandTests {
  static func json(_ text: String) throws -> JSONValue {
    try JSONValue.parse(text.trimmingCharacters(in: .newlines)).get()
  }

  /// bill --json prints the summary.json it writes, byte for byte; its records_read is the sample's data
  /// lines: each CDR file's lines less its header, counted here from the files.
  @Test func billPrintsItsSummary() throws {
    let dir = TestSupport.sandbox()
    let r = try Binary.run(["bill", "--json", "--out", "o"], in: dir)
    #expect(r.exitCode == 0)
    let written = try String(contentsOfFile: dir + "/o/summary.json", encoding: .utf8)
    // The same document, less its timings (the file is written before the run's last phase ends).
    func untimed(_ text: String) -> [Substring] {
      text.split(separator: "\n").filter { !$0.contains("phases_s") && !$0.contains("elapsed_s") }
    }
    #expect(untimed(r.stdout) == untimed(written))
    var lines = 0
    for name in ["cdr-2004-10-a.csv", "cdr-2004-10-b.csv"] {
      // Newline bytes (a CR LF is one Character of a String, so bytes are counted), less the header's.
      let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/SampleCDRs/\(name)"))
      lines += bytes.filter { $0 == 0x0A }.count - 1
    }
    #expect(r.stdout.contains("\n  \"records_read\": \(lines),\n"), "\(lines) lines")
  }

  /// plans --json: every plan of the catalog; plans ID --json: that plan with its tariff.
  @Test func plans() throws {
    let dir = TestSupport.sandbox()
    let list = try Self.json(try Binary.run(["plans", "--json", "--on", "2004-10-01"], in: dir).stdout)
    #expect(list["plans"]?.array?.map { $0["id"]?.string } == TestSupport.catalog.plans.map(\.id))
    let one = try Self.json(try Binary.run(["plans", "dalingtong", "--json", "--on", "2004-10-01"], in: dir).stdout)
    #expect(one["id"] == .string("dalingtong"))
    #expect(one["tariff"]?["rates"]?.array?.isEmpty == false)
  }

  /// advise --json: one line, the current plan among the plans.
  @Test func advise() throws {
    let dir = TestSupport.sandbox()
    let r = try Binary.run(["advise", "13871000006", "--json"], in: dir)
    #expect(r.exitCode == 0)
    let v = try Self.json(r.stdout)
    #expect(v["subscriber"] == .string("13871000006"))
    #expect(v["plans"]?.array?.filter { $0["current"] == .bool(true) }.count == 1)
  }

  /// verify --json of a file with itself: no difference, one summary line (25 bills in the sample).
  /// Of two months: a warning on standard error.
  @Test func verify() throws {
    let dir = TestSupport.sandbox()
    _ = try Binary.run(["bill", "--out", "a"], in: dir)
    let same = try Binary.run(["verify", "a/bills.jsonl", "a/bills.jsonl", "--json"], in: dir)
    #expect(same.exitCode == 0)
    let lines = same.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    let summary = try Self.json(String(lines[0]))
    #expect(summary["compared"] == .int(25))
    #expect(summary["total_delta_fen"] == .int(0))
    let november = try String(contentsOfFile: dir + "/a/bills.jsonl", encoding: .utf8)
      .replacingOccurrences(of: #""month":"2004-10""#, with: #""month":"2004-11""#)
    try november.write(toFile: dir + "/nov.jsonl", atomically: false, encoding: .utf8)
    let months = try Binary.run(["verify", "a/bills.jsonl", "nov.jsonl", "--summary"], in: dir)
    #expect(months.exitCode == 1)
    #expect(months.stderr == "Warning: the files bill different months: golden 2004-10, actual 2004-11\n")
  }

  /// Not on a terminal, bill prints no progress line: its standard error stays empty.
  @Test func noProgressWhenNotATerminal() throws {
    let dir = TestSupport.sandbox()
    let r = try Binary.run(["bill", "--out", "o"], in: dir)
    #expect(r.exitCode == 0)
    #expect(r.stderr == "")
    #expect(r.stdout.hasPrefix("tariffcalc bill 2004-10 → o/\n  read"))
  }

  /// quote --itemized --json (docs/json.md) for 13871000009 of the sample, mzone-student (20 free on-net
  /// local minutes, 0.60/min after): the MO call of 10-03, 15 min, is all free (20 → 5 left); the MT call
  /// of 10-04, 10 min, takes the last 5 free and pays 5 × 0.60 = 3.00 = 3000 li. Its bill's LOCAL line
  /// is the items' LOCAL sum rounded once.
  @Test func itemizedQuote() throws {
    let r = try Binary.run(["quote", "13871000009", "--as-of", "2004-10-31", "--itemized", "--json"])
    #expect(r.exitCode == 0, "\(r.stderr)")
    let doc = try Self.json(r.stdout)
    let items = try #require(doc["items"]?.array)
    let straddle = try #require(items.first { $0["start"]?.string == "2004-10-04 10:00:00" })
    #expect(straddle["line"]?.int == 30)
    #expect(straddle["base"]?["allowance"]?["left_before"]?.int == 5)
    #expect(straddle["base"]?["allowance"]?["free"]?.int == 5)
    #expect(straddle["base"]?["paid_units"]?.int == 5)
    #expect(straddle["amount_li"]?.int == 3000)
    #expect(straddle["base"]?["rule"]?["file"]?.string?.hasSuffix("plans/mzone-student.plan") == true)
    let local = items.compactMap { $0["base"]?["line"]?.string == "LOCAL" ? $0["base"]?["amount_li"]?.int : nil }
      + items.compactMap { $0["long_distance"]?["line"]?.string == "LOCAL" ? $0["long_distance"]?["amount_li"]?.int : nil }
    let lines = try #require(doc["bill"]?["lines"]?.array)
    let billLocal = lines.first { $0["code"]?.string == "LOCAL" }?["amount_fen"]?.int
    #expect(billLocal == (local.reduce(0, +) + 5) / 10)  // li → fen, half up (R1)
  }

  /// explain --json of the same call: rated, on mzone-student, the same item.
  @Test func explainedRecord() throws {
    let r = try Binary.run(["explain", "SampleCDRs/cdr-2004-10-a.csv:30", "--json"])
    #expect(r.exitCode == 0, "\(r.stderr)")
    let doc = try Self.json(r.stdout)
    #expect(doc["rated"] == .bool(true))
    #expect(doc["plan"]?.string == "mzone-student")
    #expect(doc["fields"]?["direction"]?.string == "MT")
    #expect(doc["item"]?["amount_li"]?.int == 3000)
    #expect(doc["reject"] == .null)
    let rejected = try Self.json(try Binary.run(["explain", "SampleCDRs/cdr-2004-10-a.csv:17", "--json"]).stdout)
    #expect(rejected["reject"]?["reason"]?.string == "ROAMING_NOT_ALLOWED")
    #expect(rejected["rule"]?.string?.hasPrefix("R16") == true)
  }
}
