import Foundation
import Testing
@testable import TariffCalcKit

/// R25, the month of a run: never a month the operator did not mean.
@Suite struct MonthOfRunTests {
  static let a = "SampleCDRs/cdr-2004-10-a.csv"
  static let b = "SampleCDRs/cdr-2004-10-b.csv"

  /// A copy of the sample's file b with every record moved to September (its own file name kept apart).
  static func septemberFile(in dir: String) throws -> String {
    let text = try String(contentsOfFile: "\(TestSupport.packageRoot)/\(b)", encoding: .utf8)
    let path = "\(dir)/cdr-2004-09.csv"
    TestSupport.write(text.replacingOccurrences(of: "2004-10-", with: "2004-09-"), to: path)
    return path
  }

  @Test func theMonthIsThatOfEveryFile() throws {
    let inputs = try RunInputs([Self.a, Self.b].map { "\(TestSupport.packageRoot)/\($0)" })
    #expect(try inputs.monthOfRecords() == .agreed(Month("2004-10")!))
  }

  /// Files whose records are of different months: no month is guessed; each file is named with its month.
  /// Given first or last, the same refusal (exit 64), and nothing is written.
  @Test(arguments: [true, false])
  func filesOfDifferentMonthsAreRefusedWithoutMonth(septemberFirst: Bool) throws {
    let dir = TestSupport.temporaryFolder()
    let september = try Self.septemberFile(in: dir)
    let files = septemberFirst ? [september, Self.a] : [Self.a, september]
    let r = try Binary.run(["bill", "--out", "\(dir)/out"] + files)
    #expect(r.exitCode == 64)
    let expected = septemberFirst ? "  \(september): 2004-09\n  \(Self.a): 2004-10\n" : "  \(Self.a): 2004-10\n  \(september): 2004-09\n"
    #expect(r.stderr.hasPrefix("Error: the CDR files are of different months (R25): give --month YYYY-MM, or the files of one month\n" + expected))
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/out"))
  }

  /// With --month, a file none of whose records is in the month is refused (exit 2, its name and its
  /// month on standard error); its records are OUTSIDE_PERIOD, the other file is billed as always.
  @Test func aFileOfAnotherMonthIsRefused() throws {
    let dir = TestSupport.temporaryFolder()
    let september = try Self.septemberFile(in: dir)
    let r = try Binary.run(["bill", "--month", "2004-10", "--out", "\(dir)/out", Self.a, september])
    #expect(r.exitCode == 2)
    // b has 332 records; those of its lines that can be read are in September now.
    #expect(r.stderr.contains("\(september): error: file refused, its 332 records rejected: its records are in 2004-09, not in 2004-10 (R25)\n"))
    let summary = try String(contentsOfFile: "\(dir)/out/summary.json", encoding: .utf8)
    #expect(summary.contains("\"refused\": \"its records are in 2004-09, not in 2004-10 (R25)\""))
    // Every record of the file is in rejects.csv: OUTSIDE_PERIOD, or MALFORMED for the lines that cannot be read.
    let rejects = try String(contentsOfFile: "\(dir)/out/rejects.csv", encoding: .utf8).split(separator: "\n")
    let its = rejects.filter { $0.hasPrefix("\(september),") }
    #expect(its.count == 332)
    #expect(its.allSatisfy { $0.contains(",OUTSIDE_PERIOD,") || $0.contains(",MALFORMED,") })
    #expect(its.first?.hasPrefix("\(september),2,OUTSIDE_PERIOD,") == true)
  }

  /// As of a day, a file with no record before that day is refused in the same way.
  @Test func aFileWithNothingBeforeTheAsOfDayIsRefused() throws {
    let dir = TestSupport.temporaryFolder()
    // The sample's file a has no record before 10-02 in October: as of 10-02 none of its records is in the bill.
    let r = try Binary.run(["bill", "--as-of", "2004-10-02", "--out", "\(dir)/out", Self.a])
    #expect(r.exitCode == 2)
    #expect(r.stderr.contains("\(Self.a): error: file refused, its 87 records rejected: none of its records is before the as-of day 2004-10-02 (R25)\n"))
  }

  /// A subscribers file with a header and no rows, or with nobody on a plan in the month, is a warning:
  /// the run goes on (nothing to bill) and says why.
  @Test func subscribersWithNobodyInTheMonthAreAWarning() throws {
    let dir = TestSupport.temporaryFolder()
    TestSupport.write("subscriber,plan,start,end,home_area,group\n", to: "\(dir)/none.csv")
    TestSupport.write("subscriber,plan,start,end,home_area,group\n13871000001,standard,2003-05-01,2004-08-31,027,\n", to: "\(dir)/gone.csv")
    let none = try Binary.run(["bill", "--subscribers", "\(dir)/none.csv", "--out", "\(dir)/o1", Self.a])
    #expect(none.exitCode == 0)
    #expect(none.stderr.contains("\(dir)/none.csv: warning: the file holds no subscriber: no bill can be made (R25)\n"))
    let gone = try Binary.run(["bill", "--subscribers", "\(dir)/gone.csv", "--out", "\(dir)/o2", Self.a])
    #expect(gone.exitCode == 0)
    #expect(gone.stderr.contains("\(dir)/gone.csv: warning: no subscriber has a plan in 2004-10: no bill can be made (R25)\n"))
    #expect(gone.stdout.contains("  billed          0  subscribers"))
  }
}
