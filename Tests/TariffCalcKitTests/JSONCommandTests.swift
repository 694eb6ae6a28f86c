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
}
