import Foundation
import Testing

/// Every input goes through the one reading layer (Sources/TariffCalcKit/Input): no other source file reads
/// bytes with the system or Foundation, or scans them with memchr/memcmp.
@Suite struct ReadingLayerTests {
  static let forbidden = ["pread(", "memchr(", "memcmp(", "gzread(", "fopen(", "contentsOfFile", "FileManager.default.contents(",
                          "Data(contentsOf", "String(contentsOf", "FileHandle(forReadingAtPath", "read(fd"]

  @Test func onlyTheInputLayerReadsBytes() throws {
    let sources = TestSupport.packageRoot + "/Sources"
    var offenders: [String] = []
    var checked = 0
    for path in FileManager.default.enumerator(atPath: sources)!.compactMap({ $0 as? String }) where path.hasSuffix(".swift") {
      if path.hasPrefix("TariffCalcKit/Input/") { continue }
      let text = try String(contentsOfFile: "\(sources)/\(path)", encoding: .utf8)
      checked += 1
      for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        for word in Self.forbidden where code.contains(word) { offenders.append("Sources/\(path):\(n + 1): \(word)") }
      }
    }
    #expect(checked > 50)
    #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
  }
}
