import Foundation

extension BillRun {
  /// The month of the data: the month of the first readable record of the files, and where it was found.
  ///
  /// Used when neither `--month` nor `--as-of` is given: the sample (or a
  /// night's files) say which month they are.
  public static func inferMonth(files: [String]) -> (month: Month, from: String)? {
    for path in files {
      guard let input = try? CDRInput(path: path), let header = input.header else { continue }
      let reader = ChunkLineReader()
      let splitter = CSVSplitter(maxLineBytes: reader.maxLineBytes)
      let parser = CDRParser(header: header, month: Month(year: 2000, month: 1)!)
      var found: (Month, String)? = nil
      var lines = 0
      try? reader.forEachLine(fd: input.fd, file: path, fileSize: input.size, dataStart: input.dataStart,
                              start: input.dataStart, end: input.size) { line in
        lines += 1
        guard found == nil, lines <= 1000, case .success(let record) = parser.parse(line, splitter: splitter) else { return }
        found = (record.day.month, "the first record of \(path)")
      }
      if let found { return found }
    }
    return nil
  }

  /// The CDR files beside a subscribers file: every other `*.csv` of its folder, by name
  /// (`SampleCDRs/*.csv` for the bundled sample).
  public static func cdrFiles(besideSubscribers subscribers: String) -> [String] {
    let folder = (subscribers as NSString).deletingLastPathComponent
    let skip = (subscribers as NSString).lastPathComponent
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
    return names.filter { $0.hasSuffix(".csv") && $0 != skip }.sorted().map { folder.isEmpty ? $0 : "\(folder)/\($0)" }
  }
}
