import Foundation
import Testing
@testable import TariffCalcKit

/// Every input read through the one reader: CR LF and a byte order mark anywhere, lines bounded in every
/// file, bad bytes named with their file and line, gzip and standard input read as the plain file.
@Suite struct InputFormTests {
  static let sampleA = "SampleCDRs/cdr-2004-10-a.csv"
  static let sampleB = "SampleCDRs/cdr-2004-10-b.csv"

  /// A copy of the tariff folder with every line ended by CR LF and a BOM before each file.
  static func crlfTariffs() throws -> String {
    let dir = TestSupport.copyOfTariffs("crlf")
    let files = FileManager.default.enumerator(atPath: dir)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".txt") || $0.hasSuffix(".plan") }
    #expect(files.count == 20)  // 4 reference files and 16 plans
    for name in files {
      let text = try String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8)
      let crlf = "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")
      try Data(crlf.utf8).write(to: URL(fileURLWithPath: "\(dir)/\(name)"))
    }
    return dir
  }

  /// CR LF tariff files load as the LF ones and bill the sample to the same bytes; a CR LF settings.txt
  /// is read (a freeze of the 1st–3rd is not silently the default 1st–5th).
  @Test func crlfTariffsBillAsLFTariffs() throws {
    let dir = try Self.crlfTariffs()
    let settings = "\(dir)/settings.txt"
    try Data("change-freeze 1..3\r\n".utf8).write(to: URL(fileURLWithPath: settings))
    let catalog = try TariffCatalog.load(directory: dir)
    #expect(catalog.settings.changeFreeze == 1...3)
    #expect(catalog.plans.count == TestSupport.catalog.plans.count)
    let out = TestSupport.temporaryFolder()
    let r = try Binary.run(["bill", "--tariffs", dir, "--out", out])
    #expect(r.exitCode == 0, "\(r.stderr)")
    Golden.check(try String(contentsOfFile: out + "/bills.jsonl", encoding: .utf8), against: Golden.folder + "/sample/bills.jsonl")
  }

  /// A subscribers file with a field of 5 MB, quoted or not: exit 2 and the file and line, never a crash;
  /// nothing is written.
  @Test(arguments: [true, false])
  func aFiveMegabyteFieldIsAnErrorAtItsLine(quoted: Bool) throws {
    let dir = TestSupport.temporaryFolder()
    let field = String(repeating: "x", count: 5 << 20)
    TestSupport.write("subscriber,plan,start,end,home_area,group\n13871000001,standard,2003-05-01,,027,\(quoted ? "\"\(field)\"" : field)\n",
                      to: "\(dir)/subscribers.csv")
    let r = try Binary.run(["bill", "--subscribers", "\(dir)/subscribers.csv", "--out", "\(dir)/out", Self.sampleA])
    #expect(r.exitCode == 2)
    #expect(r.stderr == "\(dir)/subscribers.csv:2: error: line longer than 65536 bytes\n")
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/out"))
  }

  /// NUL bytes and bytes that are not UTF-8 are named with their file, line and column, in the
  /// subscribers file and in a tariff file alike.
  @Test func badBytesAreNamedWithFileAndLine() throws {
    let dir = TestSupport.temporaryFolder()
    var subscribers = Array("subscriber,plan,start,end,home_area,group\n13871000001,standard,2003-05-01,,027,\n".utf8)
    subscribers += Array("13871000002,standard,2003-05-01,,027,G".utf8) + [0x00] + Array("\n".utf8)
    subscribers += Array("13871000003,standard,2003-05-01,,027,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
    try Data(subscribers).write(to: URL(fileURLWithPath: "\(dir)/subscribers.csv"))
    let r = try Binary.run(["bill", "--subscribers", "\(dir)/subscribers.csv", "--out", "\(dir)/out", Self.sampleA])
    #expect(r.exitCode == 2)
    // Line 3: 38 bytes "13871000002,standard,2003-05-01,,027,G" then the NUL, the 39th; line 4: 37 bytes before
    // 0xC3 0x28, which is not UTF-8 from its 38th byte.
    #expect(r.stderr == "\(dir)/subscribers.csv:3: error: NUL byte at column 39\n\(dir)/subscribers.csv:4: error: invalid UTF-8 at column 38\n")

    let tariffs = TestSupport.copyOfTariffs()
    var plan = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(tariffs)/plans/aixin.plan")))
    plan += Array("# a bad comment ".utf8) + [0xFF] + Array("\nrate local 0.40/min".utf8) + [0x00] + Array("\n".utf8)
    plan += Array(String(repeating: "#", count: 70_000).utf8) + Array("\n".utf8)
    try Data(plan).write(to: URL(fileURLWithPath: "\(tariffs)/plans/aixin.plan"))
    let lines = try String(contentsOfFile: "\(TestSupport.tariffs)/plans/aixin.plan", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
    let p = try Binary.run(["plans", "--tariffs", tariffs])
    #expect(p.exitCode == 2)
    // The file had `lines - 1` lines and a final LF: the bad ones are the three after them.
    let file = "\(tariffs)/plans/aixin.plan"
    #expect(p.stderr == "\(file):\(lines): error: invalid UTF-8 at column 17\n\(file):\(lines + 1): error: NUL byte at column 20\n\(file):\(lines + 2): error: line longer than 65536 bytes\n")
  }

  /// A bills.jsonl with a line of megabytes: verify says where, exit 2.
  @Test func verifyNamesALongLine() throws {
    let dir = TestSupport.temporaryFolder()
    let golden = try String(contentsOfFile: Golden.folder + "/sample/bills.jsonl", encoding: .utf8)
    TestSupport.write(golden.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n" + String(repeating: " ", count: 3 << 20) + "\n",
                      to: "\(dir)/long.jsonl")
    let r = try Binary.run(["verify", Golden.folder + "/sample/bills.jsonl", "\(dir)/long.jsonl"])
    #expect(r.exitCode == 2)
    #expect(r.stderr.contains("\(dir)/long.jsonl:3: error: not a bill: line longer than 1048576 bytes"))
  }

  /// A .gz CDR file and the same bytes on standard input bill exactly as the plain file; their rejects
  /// name the input as given (the .gz path, `-`).
  @Test func gzipAndStandardInputBillAsThePlainFile() throws {
    let dir = TestSupport.temporaryFolder()
    let plainB = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(TestSupport.packageRoot)/\(Self.sampleB)")))
    let gz = Process()
    gz.executableURL = URL(fileURLWithPath: "/bin/sh")
    gz.arguments = ["-c", "gzip -c '\(TestSupport.packageRoot)/\(Self.sampleB)' > '\(dir)/b.csv.gz'"]
    try gz.run()
    gz.waitUntilExit()
    let plain = try Binary.run(["bill", "--out", "\(dir)/plain", "--chunk-size", "1000", Self.sampleA, Self.sampleB])
    let zipped = try Binary.run(["bill", "--out", "\(dir)/gz", "--chunk-size", "1000", Self.sampleA, "\(dir)/b.csv.gz"])
    let piped = try Binary.run(["bill", "--out", "\(dir)/stdin", "--chunk-size", "1000", Self.sampleA, "-"], input: plainB)
    for r in [plain, zipped, piped] { #expect(r.exitCode == 0, "\(r.stderr)") }
    let bills = try String(contentsOfFile: "\(dir)/plain/bills.jsonl", encoding: .utf8)
    #expect(try String(contentsOfFile: "\(dir)/gz/bills.jsonl", encoding: .utf8) == bills)
    #expect(try String(contentsOfFile: "\(dir)/stdin/bills.jsonl", encoding: .utf8) == bills)
    let rejects = try String(contentsOfFile: "\(dir)/plain/rejects.csv", encoding: .utf8)
    #expect(try String(contentsOfFile: "\(dir)/gz/rejects.csv", encoding: .utf8)
      == rejects.replacingOccurrences(of: "\n\(Self.sampleB),", with: "\n\(dir)/b.csv.gz,"))
    #expect(try String(contentsOfFile: "\(dir)/stdin/rejects.csv", encoding: .utf8)
      == rejects.replacingOccurrences(of: "\n\(Self.sampleB),", with: "\n-,"))
    // The month is guessed from standard input's first bytes too, without losing them.
    let guessed = try Binary.run(["bill", "--out", "\(dir)/guess", "-"], input: plainB)
    #expect(guessed.stdout.hasPrefix("tariffcalc bill 2004-10 "))
  }

  /// A .gz name on bytes that are not gzip, or gzip data cut short: a clear error, exit 2.
  @Test func brokenGzipIsAnError() throws {
    let dir = TestSupport.temporaryFolder()
    TestSupport.write("type,subscriber\n", to: "\(dir)/not.csv.gz")
    let r = try Binary.run(["bill", "--month", "2004-10", "--out", "\(dir)/o1", "\(dir)/not.csv.gz"])
    #expect(r.exitCode == 2)
    #expect(r.stderr == "\(dir)/not.csv.gz: error: not gzip data: a name ending in .gz is read as a gzip file\n")
    let gz = Process()
    gz.executableURL = URL(fileURLWithPath: "/bin/sh")
    gz.arguments = ["-c", "gzip -c '\(TestSupport.packageRoot)/\(Self.sampleB)' | head -c 500 > '\(dir)/cut.csv.gz'"]
    try gz.run()
    gz.waitUntilExit()
    let cut = try Binary.run(["bill", "--month", "2004-10", "--out", "\(dir)/o2", "\(dir)/cut.csv.gz"])
    #expect(cut.exitCode == 2)
    #expect(cut.stderr.hasPrefix("\(dir)/cut.csv.gz: error: broken gzip data: "))
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/o2/bills.jsonl"))
  }

  /// Standard input can be read once: naming it twice is bad usage.
  @Test func standardInputTwiceIsBadUsage() throws {
    let r = try Binary.run(["bill", "--month", "2004-10", "-", "-"], input: [])
    #expect(r.exitCode == 64)
    #expect(r.stderr.hasPrefix("Error: standard input ('-') is named more than once\n"))
  }
}
