import Foundation

extension BillRun {
  /// The CDR files beside a subscribers file: every other `*.csv` of its folder, by name
  /// (`SampleCDRs/*.csv` for the bundled sample).
  public static func cdrFiles(besideSubscribers subscribers: String) -> [String] {
    let folder = (subscribers as NSString).deletingLastPathComponent
    let skip = (subscribers as NSString).lastPathComponent
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
    return names.filter { $0.hasSuffix(".csv") && $0 != skip }.sorted().map { folder.isEmpty ? $0 : "\(folder)/\($0)" }
  }
}
