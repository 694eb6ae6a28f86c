import Foundation
import Testing
@testable import TariffCalcKit

/// Thousands of corrupted variants of the sample's CDR files (seeded, reproducible): each run ends,
/// counts every record once, and bills every subscriber the corruption did not touch exactly as the
/// golden bills say.
@Suite struct FuzzTests {
  static let variants = 2_000
  static let names = ["cdr-2004-10-a.csv", "cdr-2004-10-b.csv"]
  static let originals: [[UInt8]] = names.map { [UInt8](FileManager.default.contents(atPath: TestSupport.packageRoot + "/SampleCDRs/" + $0)!) }
  static let book = try! SubscriberBook.load(file: TestSupport.packageRoot + "/SampleCDRs/subscribers.csv", catalog: TestSupport.catalog)
  /// Golden bill lines by subscriber.
  static let golden: [String: String] = {
    let text = try! String(contentsOfFile: Golden.folder + "/sample/bills.jsonl", encoding: .utf8)
    return Dictionary(uniqueKeysWithValues: text.split(separator: "\n").map { (String($0.dropFirst(15).prefix(11)), String($0) + "\n") })
  }()

  /// One way of breaking a file, at a place chosen by the random stream.
  static func corrupt(_ bytes: inout [UInt8], _ rng: inout SplitMix64) {
    guard !bytes.isEmpty else { return }
    let at = rng.below(bytes.count)
    let specials: [UInt8] = [0, 0xFF, 0xC3, UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D, UInt8(ascii: "9"), UInt8(ascii: "-")]
    switch rng.below(9) {
    case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())  // any byte
    case 1: bytes[at] = specials[rng.below(specials.count)]  // a byte that means something to a parser
    case 2: bytes.remove(at: at)
    case 3: bytes.insert(specials[rng.below(specials.count)], at: at)
    case 4: bytes.removeSubrange(at..<bytes.count)  // cut short, as a dying writer would
    case 5:  // a line doubled
      let start = bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
      let end = bytes[at...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
      bytes.insert(contentsOf: bytes[start..<end], at: end)
    case 6:  // a line dropped
      let start = bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
      let end = bytes[at...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
      bytes.removeSubrange(start..<end)
    case 7:  // garbage in the middle
      bytes.insert(contentsOf: (0..<(1 + rng.below(40))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
    default:  // a very long line
      bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "7"), count: 5000), at: at)
    }
  }

  /// The lines of a file, counted (a multiset), CR kept.
  static func lineCounts(_ bytes: [UInt8]) -> [ArraySlice<UInt8>: Int] {
    var counts: [ArraySlice<UInt8>: Int] = [:]
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) { counts[line, default: 0] += 1 }
    return counts
  }

  /// Every run of 11 digits in some bytes: the subscribers a line may concern.
  static func numbers(in line: ArraySlice<UInt8>) -> Set<String> {
    var found = Set<String>()
    var run: [UInt8] = []
    for b in line + [0] {
      if b >= 0x30, b <= 0x39 {
        run.append(b)
      } else {
        if run.count >= 11 { for k in 0...(run.count - 11) { found.insert(String(decoding: run[k..<(k + 11)], as: UTF8.self)) } }
        run = []
      }
    }
    return found
  }

  /// Subscribers whose bill a corruption may change: those named in any line found in one file but not
  /// the other; everyone in a file whose header changed.
  static func touched(original: [UInt8], corrupted: [UInt8]) -> Set<String> {
    let a = lineCounts(original)
    let b = lineCounts(corrupted)
    var touched = Set<String>()
    for (line, n) in a where b[line, default: 0] != n { touched.formUnion(numbers(in: line)) }
    for (line, n) in b where a[line, default: 0] != n { touched.formUnion(numbers(in: line)) }
    let header = { (bytes: [UInt8]) in bytes.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: false).first }
    if header(original) != header(corrupted) { touched.formUnion(numbers(in: original[...])) }
    return touched
  }

  @Test(arguments: 0..<8)
  func corruptedSampleFiles(shard: Int) throws {
    let dir = TestSupport.temporaryFolder("fuzz-\(shard)")
    var compared = 0
    var rejected = 0
    var variants = 0
    for v in stride(from: shard, to: Self.variants, by: 8) {
      variants += 1
      var rng = SplitMix64(seed: 0xF022 &+ UInt64(v))
      var files = Self.originals
      var touched = Set<String>()
      for _ in 0..<(1 + rng.below(3)) {
        let f = rng.below(files.count)
        Self.corrupt(&files[f], &rng)
      }
      var paths: [String] = []
      for (f, bytes) in files.enumerated() {
        touched.formUnion(Self.touched(original: Self.originals[f], corrupted: bytes))
        let path = "\(dir)/\(Self.names[f])"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        paths.append(path)
      }
      let sink = RejectList()
      let options = BillRunOptions(month: Month(year: 2004, month: 10)!, cdrFiles: paths, jobs: 2,
                                   chunkBytes: 1 + rng.below(4096))
      let rated = try BillRun.rate(options, catalog: TestSupport.catalog, book: Self.book, rejects: sink)
      // Every record read is rated or rejected, per file and in total.
      for stats in rated.files { #expect(stats.read == stats.rated + stats.rejected, "variant \(v): \(stats.file)") }
      #expect(sink.rejects.count == rated.recordsRejected, "variant \(v)")
      // Subscribers untouched by the corruption are billed exactly as before.
      for i in 0..<Self.book.count {
        let number = MSISDN.text(Self.book.numbers[i])
        guard !touched.contains(number), let expected = Self.golden[number] else { continue }
        let bill = rated.bill(ofIndex: i).map(BillJSON.line)
        #expect(bill == expected, "variant \(v): \(number)")
        compared += 1
      }
      rejected += rated.recordsRejected
    }
    // Not vacuous: most bills were compared, and the corruptions made rejects.
    #expect(compared > variants * 15)
    #expect(rejected > variants * 12)  // truncations drop some of the sample's own 24; most stay
  }
}
