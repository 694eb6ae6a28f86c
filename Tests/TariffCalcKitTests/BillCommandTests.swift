import Foundation
import Testing

/// `tariffcalc bill`, run as a built binary from the package root, as a user runs it.
@Suite struct BillCommandTests {
  /// The bundled sample's bills and rejects equal the golden files, whose every bill is worked out by
  /// hand in Tests/Golden/sample/README.md.
  @Test func sampleBillsEqualTheGoldenBills() throws {
    let out = TestSupport.temporaryFolder("sample")
    let r = try Binary.run(["bill", "--out", out])
    #expect(r.exitCode == 0)
    #expect(r.stderr == "")
    // The folder follows the arrow, on the next line when the title would pass 80 columns (a long TMPDIR).
    #expect(r.stdout.hasPrefix("tariffcalc bill 2004-10 →"))
    #expect(r.stdout.contains(out + "/\n"))
    #expect(r.stdout.contains("  read          419  records in 2 files"))
    #expect(r.stdout.contains("""
        rejected       24  MALFORMED 10 · OUTSIDE_PERIOD 2 · UNKNOWN_SUBSCRIBER 1
                           NOT_ACTIVE 3 · UNKNOWN_PEER 1 · OUTSIDE_SERVICE_AREA 2
                           ROAMING_NOT_ALLOWED 2 · ROAMING_CLOSED 3

      """))
    #expect(r.stdout.contains("  billed         25  subscribers"))
    #expect(r.stdout.contains("  revenue    729.44  元"))
    Golden.check(try String(contentsOfFile: out + "/bills.jsonl", encoding: .utf8), against: Golden.folder + "/sample/bills.jsonl")
    Golden.check(try String(contentsOfFile: out + "/rejects.csv", encoding: .utf8), against: Golden.folder + "/sample/rejects.csv")
  }

  /// summary.json: the contract's keys, and read = rated + rejected per file and in total.
  @Test func summaryAddsUp() throws {
    let out = TestSupport.temporaryFolder("summary")
    let r = try Binary.run(["bill", "--out", out])
    #expect(r.exitCode == 0)
    let data = try Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["records_read"] as? Int == 419)
    #expect(json["records_rated"] as? Int == 395)
    #expect(json["records_rejected"] as? Int == 24)
    #expect(json["subscribers_billed"] as? Int == 25)
    #expect((json["total_fen_by_code"] as? [String: Int])?.values.reduce(0, +) == 72_944)
    #expect((json["rejected_by_reason"] as? [String: Int])?.values.reduce(0, +) == 24)
    #expect(json["elapsed_s"] != nil)
    let files = try #require(json["files"] as? [[String: Any]])
    #expect(files.map { $0["file"] as? String } == ["SampleCDRs/cdr-2004-10-a.csv", "SampleCDRs/cdr-2004-10-b.csv"])
    for f in files {
      let read = f["records_read"] as? Int
      #expect(read == (f["records_rated"] as? Int ?? -1) + (f["records_rejected"] as? Int ?? -1))
    }
    // Per file: every non-blank line after the header is read (a: 87, b: 332).
    #expect(files.map { $0["records_read"] as? Int } == [87, 332])
    // rejects.csv holds one line per reject, after its header.
    let rejects = try String(contentsOfFile: out + "/rejects.csv", encoding: .utf8)
    #expect(rejects.split(separator: "\n").count == 1 + 24)
  }

  /// Outputs are written whole: no temporary file is left, and each file ends with its last line.
  @Test func outputsAreComplete() throws {
    let out = TestSupport.temporaryFolder("complete")
    _ = try Binary.run(["bill", "--out", out])
    let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    // The three outputs, and the mark that says the folder is an output folder of tariffcalc's.
    #expect(names == [".tariffcalc-output", "bills.jsonl", "rejects.csv", "summary.json"])
  }

  @Test func asOfBillOfTheSample() throws {
    let out = TestSupport.temporaryFolder("asof")
    let r = try Binary.run(["bill", "--as-of", "2004-10-15", "--out", out])
    #expect(r.exitCode == 0)
    // The folder follows the arrow, on the next line when the title would pass 80 columns.
    #expect(r.stdout.hasPrefix("tariffcalc bill 2004-10 as of 2004-10-15 →"))
    #expect(r.stdout.contains(out + "/\n"))
    let bills = try String(contentsOfFile: out + "/bills.jsonl", encoding: .utf8).split(separator: "\n")
    // #01 standard: fees by day, 14 days before the 15th: 50 × 12 / 365 × 14 = 23.014 → 23.01; records of
    // 10-05 (W 1.60, CM 0.40), 10-06 (BJ 0.80, IP 2.00), LOCAL 4.80; ROAMING 10-08: 2.40; LD 0.77 + 1.50 + 1.05 = 3.32;
    // SMS 10-05 and 10-08: 0.10 + 0.15 + 0.10 = 0.35. Total 23.01 + 4.80 + 2.40 + 3.32 + 0.35 = 33.88.
    let first = try #require(bills.first { $0.contains("\"13871000001\"") })
    #expect(first.contains("\"as_of\":\"2004-10-15\""))
    #expect(first.contains("\"active_days\":14"))
    #expect(first.contains("\"total_fen\":3388"))
  }

  @Test func badMonthIsUsage() throws {
    let r = try Binary.run(["bill", "--month", "2004-10", "--as-of", "2004-11-02", "--out", TestSupport.temporaryFolder()])
    #expect(r.exitCode == 64)
    #expect(r.stderr.hasPrefix("Error: --as-of 2004-11-02 is not in --month 2004-10"))
  }
}
