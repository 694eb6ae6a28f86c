/// Where the columns of a CDR file are, found by name in its header line (SPEC 3.1).
struct CDRHeader: Sendable, Equatable {
  static let required = ["type", "subscriber", "direction", "peer", "start", "duration", "area", "cell"]
  /// The header line in SPEC order, for the files the project writes itself.
  static let canonical = required.joined(separator: ",")

  /// Field count of every record line.
  var fieldCount: Int
  var type: Int
  var subscriber: Int
  var direction: Int
  var peer: Int
  var start: Int
  var duration: Int
  var area: Int
  var cell: Int
  /// The optional `record_id` column (the switch's record sequence number, R24).
  var recordID: Int?

  /// Reads a header line (BOM and line end already removed).
  ///
  /// Names are matched without regard to case or surrounding spaces; extra
  /// columns are ignored. Returns why the file cannot be read otherwise.
  static func parse(_ line: ByteView, splitter: CSVSplitter) -> Result<CDRHeader, Problem> {
    if let failure = splitter.split(line) {
      return .failure("unreadable header line: \(failure)")
    }
    let index: [String: Int]
    switch CSVColumns.locate(splitter.fields, required: required, fileKind: "a CDR file") {
    case .failure(let problem): return .failure(problem)
    case .success(let found): index = found
    }
    guard splitter.fields.count <= 64 else { return .failure("the header has more than 64 columns") }
    return .success(CDRHeader(
      fieldCount: splitter.fields.count, type: index["type"]!, subscriber: index["subscriber"]!,
      direction: index["direction"]!, peer: index["peer"]!, start: index["start"]!, duration: index["duration"]!,
      area: index["area"]!, cell: index["cell"]!, recordID: index["record_id"]))
  }
}
