import Foundation
import Testing
@testable import TariffCalcKit

/// Every kind of bad CDR line is rejected with its reason and a plain detail, and the run goes on.
@Suite struct BadLineTests {
  static let a = "13800000001"
  static let good = "VOICE,\(a),MO,13912345678,2004-03-15 10:00:00,60,027,"

  /// Bills one file of raw bytes (header, then `body`) for a gotone subscriber; returns the rejects and
  /// the LOCAL amount of the subscriber.
  static func run(_ body: [UInt8]) throws -> (rejects: [Reject], local: Int64, read: Int, rated: Int) {
    let dir = TestSupport.temporaryFolder("badline")
    TestSupport.write("subscriber,plan,start,end,home_area,group\n\(a),gotone,2003-01-01,,027,\n", to: dir + "/subscribers.csv")
    var bytes = Array("type,subscriber,direction,peer,start,duration,area,cell\n".utf8)
    bytes += body
    try Data(bytes).write(to: URL(fileURLWithPath: dir + "/cdr.csv"))
    let book = try SubscriberBook.load(file: dir + "/subscribers.csv", catalog: TestSupport.catalog)
    let sink = RejectList()
    let rated = try BillRun.rate(BillRunOptions(month: Month(year: 2004, month: 3)!, cdrFiles: [dir + "/cdr.csv"], jobs: 2,
                                                chunkBytes: 7),
                                 catalog: TestSupport.catalog, book: book, rejects: sink)
    return (sink.rejects, rated.bill(of: 13_800_000_001)?.amount(.local) ?? 0, rated.recordsRead, rated.recordsRated)
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var line: [UInt8]
    var detail: String
    var testDescription: String { name }
  }

  static func line(_ s: String) -> [UInt8] { Array(s.utf8) }

  static let cases: [Case] = [
    Case(name: "too few fields", line: line("VOICE,\(a),MO,13912345678,2004-03-15 10:00:00,60,027"),
         detail: "expected 8 fields, found 7"),
    Case(name: "too many fields", line: line(good + ",extra"), detail: "expected 8 fields, found 9"),
    Case(name: "empty type", line: line(",\(a),MO,13912345678,2004-03-15 10:00:00,60,027,"), detail: "empty type"),
    Case(name: "unknown type", line: line("FAX,\(a),MO,13912345678,2004-03-15 10:00:00,60,027,"),
         detail: "invalid type 'FAX': VOICE or SMS expected"),
    Case(name: "type in lower case", line: line("voice,\(a),MO,13912345678,2004-03-15 10:00:00,60,027,"),
         detail: "invalid type 'voice': VOICE or SMS expected"),
    Case(name: "empty subscriber", line: line("VOICE,,MO,13912345678,2004-03-15 10:00:00,60,027,"), detail: "empty subscriber"),
    Case(name: "MSISDN too short", line: line("VOICE,1380000000,MO,13912345678,2004-03-15 10:00:00,60,027,"),
         detail: "invalid subscriber '1380000000': 11 digits expected"),
    Case(name: "MSISDN too long", line: line("VOICE,138000000011,MO,13912345678,2004-03-15 10:00:00,60,027,"),
         detail: "invalid subscriber '138000000011': 11 digits expected"),
    Case(name: "MSISDN not digits", line: line("VOICE,1380000000O,MO,13912345678,2004-03-15 10:00:00,60,027,"),
         detail: "invalid subscriber '1380000000O': 11 digits expected"),
    Case(name: "empty direction", line: line("VOICE,\(a),,13912345678,2004-03-15 10:00:00,60,027,"), detail: "empty direction"),
    Case(name: "unknown direction", line: line("VOICE,\(a),XX,13912345678,2004-03-15 10:00:00,60,027,"),
         detail: "invalid direction 'XX': MO or MT expected"),
    Case(name: "empty peer", line: line("VOICE,\(a),MO,,2004-03-15 10:00:00,60,027,"), detail: "empty peer"),
    Case(name: "peer not digits", line: line("VOICE,\(a),MO,1391234567X,2004-03-15 10:00:00,60,027,"),
         detail: "invalid peer '1391234567X': digits expected"),
    Case(name: "empty start", line: line("VOICE,\(a),MO,13912345678,,60,027,"), detail: "empty start"),
    Case(name: "impossible date", line: line("VOICE,\(a),MO,13912345678,2004-02-30 10:00:00,60,027,"),
         detail: "invalid start '2004-02-30 10:00:00': a real YYYY-MM-DD HH:MM:SS expected"),
    Case(name: "hour 25", line: line("VOICE,\(a),MO,13912345678,2004-03-15 25:00:00,60,027,"),
         detail: "invalid start '2004-03-15 25:00:00': a real YYYY-MM-DD HH:MM:SS expected"),
    Case(name: "minute 60", line: line("VOICE,\(a),MO,13912345678,2004-03-15 10:60:00,60,027,"),
         detail: "invalid start '2004-03-15 10:60:00': a real YYYY-MM-DD HH:MM:SS expected"),
    Case(name: "other date form", line: line("VOICE,\(a),MO,13912345678,15/03/2004 10:00,60,027,"),
         detail: "invalid start '15/03/2004 10:00': a real YYYY-MM-DD HH:MM:SS expected"),
    Case(name: "non-numeric duration", line: line("VOICE,\(a),MO,13912345678,2004-03-15 10:00:00,6x,027,"),
         detail: "invalid duration '6x': whole seconds from 0 to 86400 expected"),
    Case(name: "negative duration", line: line("VOICE,\(a),MO,13912345678,2004-03-15 10:00:00,-5,027,"),
         detail: "invalid duration '-5': whole seconds from 0 to 86400 expected"),
    Case(name: "longer than 24 hours", line: line("VOICE,\(a),MO,13912345678,2004-03-15 10:00:00,86401,027,"),
         detail: "invalid duration '86401': whole seconds from 0 to 86400 expected"),
    Case(name: "empty voice duration", line: line("VOICE,\(a),MO,13912345678,2004-03-15 10:00:00,,027,"),
         detail: "empty duration of a voice record"),
    Case(name: "empty area", line: line("VOICE,\(a),MO,13912345678,2004-03-15 10:00:00,60,,"), detail: "empty area"),
    Case(name: "area not digits", line: line("VOICE,\(a),MO,13912345678,2004-03-15 10:00:00,60,O27,"),
         detail: "invalid area 'O27': an area code of digits expected"),
    Case(name: "invalid UTF-8", line: line("VOICE,\(a),MO,13912345678,2004-03-15 10:00:00,60,027,WC") + [0xFF, 0xFE],
         detail: "invalid UTF-8"),
    Case(name: "NUL byte", line: line("VOICE,\(a),MO,13912345678,2004-03-15 10:00:00,60,027,W") + [0] + line("C"),
         detail: "NUL byte in the line"),
    Case(name: "line too long", line: line(good) + [UInt8](repeating: UInt8(ascii: "x"), count: 5000),
         detail: "line longer than 4096 bytes"),
    Case(name: "unterminated quote", line: line("VOICE,\"\(a),MO,13912345678,2004-03-15 10:00:00,60,027,"),
         detail: "unterminated quoted field"),
    Case(name: "text after a quote", line: line("VOICE,\"\(a)\"x,MO,13912345678,2004-03-15 10:00:00,60,027,"),
         detail: "text after a closing quote"),
  ]

  /// The bad line (line 2) is rejected MALFORMED with its detail; the good line after it (line 3) is
  /// rated: 60 s of gotone local = 0.36.
  @Test(arguments: cases)
  func badLineIsRejectedAndTheRunGoesOn(_ c: Case) throws {
    let r = try Self.run(c.line + [0x0A] + Self.line(Self.good) + [0x0A])
    #expect(r.rejects.map(\.reason) == [.malformed])
    #expect(r.rejects.first?.detail == c.detail)
    #expect(r.rejects.first?.line == 2)
    #expect(r.local == 36)
    #expect(r.read == 2)
    #expect(r.rated == 1)
  }

  /// The boundary: exactly 24 hours is a call (1440 min × 0.36 = 518.40).
  @Test func twentyFourHoursIsACall() throws {
    let r = try Self.run(Self.line("VOICE,\(Self.a),MO,13912345678,2004-03-15 10:00:00,86400,027,\n"))
    #expect(r.rejects.isEmpty)
    #expect(r.local == 51_840)
  }

  /// What `rejects.csv` keeps of a bad line: invalid UTF-8 and NUL as U+FFFD, a long line cut at 4096 bytes.
  @Test func rawRecordIsKeptReadably() throws {
    let utf8 = try Self.run(Self.line("SMS,\(Self.a),MO,13912345678,2004-03-15 10:00:00,,027,W") + [0xFF] + [0x0A])
    #expect(utf8.rejects.first?.record == "SMS,\(Self.a),MO,13912345678,2004-03-15 10:00:00,,027,W\u{FFFD}")
    let nul = try Self.run(Self.line("SMS,\(Self.a),MO,1391234") + [0] + Self.line("5678,2004-03-15 10:00:00,,027,\n"))
    #expect(nul.rejects.first?.record == "SMS,\(Self.a),MO,1391234\u{FFFD}5678,2004-03-15 10:00:00,,027,")
    let long = try Self.run(Self.line(Self.good) + [UInt8](repeating: UInt8(ascii: "x"), count: 5000) + [0x0A])
    #expect(long.rejects.first?.record.utf8.count == 4096)
  }

  /// A file that ends without a newline: its last line may be cut short; it is rejected, the others rated.
  @Test func lastLineWithoutNewline() throws {
    let r = try Self.run(Self.line(Self.good + "\n" + Self.good))
    #expect(r.rejects.map(\.detail) == ["no newline at the end of the file: the last line may be cut short"])
    #expect(r.rejects.first?.line == 3)
    #expect(r.local == 36)
  }

  /// Blank lines are not records: not read, not rejected (their numbers still count).
  @Test func blankLinesAreSkipped() throws {
    let r = try Self.run(Self.line("\n\r\n" + Self.good + "\n\nFAX\n"))
    #expect(r.read == 2)
    #expect(r.rejects.map(\.line) == [6])
  }
}

/// Whole files that cannot be used, and what the run does about them (run as the built binary).
@Suite struct BadFileTests {
  static func sandboxWith(_ files: [String: [UInt8]]) -> String {
    let dir = TestSupport.sandbox("badfile")
    for (name, bytes) in files { try! Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/SampleCDRs/\(name)")) }
    return dir
  }

  /// An empty file: a warning, no records; the other files are billed as always (exit 0).
  @Test func emptyFileIsAWarning() throws {
    let dir = Self.sandboxWith(["cdr-2004-10-c.csv": []])
    let r = try Binary.run(["bill", "--month", "2004-10"], in: dir)
    #expect(r.exitCode == 0)
    #expect(r.stdout.contains("  read          419  records in 3 files"))
    #expect(r.stderr == "SampleCDRs/cdr-2004-10-c.csv: warning: empty file: no header and no records\n")
    Golden.check(try String(contentsOfFile: dir + "/out/bills.jsonl", encoding: .utf8),
                 against: Golden.folder + "/sample/bills.jsonl")
  }

  @Test func headerOnlyIsAWarning() throws {
    let dir = Self.sandboxWith(["cdr-2004-10-c.csv": Array("type,subscriber,direction,peer,start,duration,area,cell\n".utf8)])
    let r = try Binary.run(["bill"], in: dir)
    #expect(r.exitCode == 0)
    #expect(r.stderr == "SampleCDRs/cdr-2004-10-c.csv: warning: no records: the file holds its header only\n")
  }

  /// A header without a column: the file is refused and says why; its lines are rejected (nothing is
  /// lost), the other files are billed, and the exit code is 2.
  @Test func headerMissingAColumnRefusesTheFile() throws {
    let text = "type,subscriber,direction,peer,start,duration,area\nVOICE,13871000001,MO,02787654321,2004-10-20 10:00:00,60,027\nVOICE,13871000001,MO,02787654321,2004-10-20 11:00:00,60,027\n"
    let dir = Self.sandboxWith(["cdr-2004-10-c.csv": Array(text.utf8)])
    let r = try Binary.run(["bill"], in: dir)
    #expect(r.exitCode == 2)
    #expect(r.stderr == "SampleCDRs/cdr-2004-10-c.csv: error: file refused, its 2 records rejected: the header has no column 'cell'; a CDR file needs type,subscriber,direction,peer,start,duration,area,cell\n")
    #expect(r.stdout.contains("  read          421  records in 3 files"))
    #expect(r.stdout.contains("  rejected       26  MALFORMED 12"))
    let rejects = try String(contentsOfFile: dir + "/out/rejects.csv", encoding: .utf8)
    #expect(rejects.contains("SampleCDRs/cdr-2004-10-c.csv,2,MALFORMED,\"VOICE,13871000001,MO,02787654321,2004-10-20 10:00:00,60,027\",\"file refused: the header has no column 'cell'; a CDR file needs type,subscriber,direction,peer,start,duration,area,cell\"\n"))
    // The other files are billed as always.
    Golden.check(try String(contentsOfFile: dir + "/out/bills.jsonl", encoding: .utf8),
                 against: Golden.folder + "/sample/bills.jsonl")
  }

  /// A CDR file that cannot be opened stops the run before anything is written (exit 2).
  @Test func unreadableFileStopsTheRun() throws {
    let dir = TestSupport.sandbox()
    let r = try Binary.run(["bill", "--month", "2004-10", "SampleCDRs/cdr-2004-10-a.csv", "SampleCDRs/missing.csv"], in: dir)
    #expect(r.exitCode == 2)
    #expect(r.stderr == "SampleCDRs/missing.csv: error: cannot open: No such file or directory\n")
    #expect(!FileManager.default.fileExists(atPath: dir + "/out/bills.jsonl"))
  }

  /// A broken subscribers file or tariff: every error with file:line, exit 2, the previous outputs untouched.
  @Test func brokenSubscribersOrTariffsWriteNothing() throws {
    let dir = TestSupport.sandbox()
    #expect(try Binary.run(["bill"], in: dir).exitCode == 0)
    let before = try ["bills.jsonl", "rejects.csv", "summary.json"].map { try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out/\($0)")) }
    var subscribers = try String(contentsOfFile: dir + "/SampleCDRs/subscribers.csv", encoding: .utf8)
    subscribers += "13871000099,gotine,2004-01-01,,027,\n13871000098,gotone,2004-02-30,,027,\n"
    try subscribers.write(toFile: dir + "/SampleCDRs/subscribers.csv", atomically: true, encoding: .utf8)
    let r = try Binary.run(["bill"], in: dir)
    #expect(r.exitCode == 2)
    #expect(r.stdout == "")
    #expect(r.stderr == """
      SampleCDRs/subscribers.csv:29: error: unknown plan 'gotine'
      SampleCDRs/subscribers.csv:30: error: invalid start '2004-02-30': expected YYYY-MM-DD

      """)
    let after = try ["bills.jsonl", "rejects.csv", "summary.json"].map { try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out/\($0)")) }
    #expect(after == before)
    TestSupport.write("plan gotone\nname 全球通\nmethod daily\nfee rental 5O\n", to: dir + "/Tariffs/plans/gotone.plan")
    let t = try Binary.run(["bill", "--out", "fresh"], in: dir)
    #expect(t.exitCode == 2)
    #expect(t.stderr == "Tariffs/plans/gotone.plan:4: error: invalid amount '5O': yuan with at most 3 decimals expected (R1)\n")
    #expect(!FileManager.default.fileExists(atPath: dir + "/fresh"))
  }
}
