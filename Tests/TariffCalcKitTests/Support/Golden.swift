import Foundation
import Testing

/// Golden files: compared byte for byte; rewritten only when `TARIFFCALC_UPDATE_GOLDEN=1` is set.
enum Golden {
  static let folder = TestSupport.packageRoot + "/Tests/Golden"
  static var updating: Bool { ProcessInfo.processInfo.environment["TARIFFCALC_UPDATE_GOLDEN"] == "1" }

  /// Checks `actual` against the golden file at `path`, reporting the first differing lines.
  /// With the switch set, rewrites the file instead and says so on standard error.
  static func check(_ actual: String, against path: String, sourceLocation: SourceLocation = #_sourceLocation) {
    if updating {
      let old = try? String(contentsOfFile: path, encoding: .utf8)
      if old != actual {
        try! actual.write(toFile: path, atomically: true, encoding: .utf8)
        FileHandle.standardError.write(Data("golden file rewritten on purpose (TARIFFCALC_UPDATE_GOLDEN=1): \(path)\n".utf8))
      }
      return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
      Issue.record("no golden file \(path); run with TARIFFCALC_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
      return
    }
    guard expected != actual else { return }
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var report: [String] = []
    for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : nil) != (i < a.count ? a[i] : nil) {
      report.append("line \(i + 1):\n  golden: \(i < e.count ? String(e[i]) : "(none)")\n  actual: \(i < a.count ? String(a[i]) : "(none)")")
      if report.count == 5 { break }
    }
    Issue.record("\(path) differs:\n\(report.joined(separator: "\n"))", sourceLocation: sourceLocation)
  }
}
