/// Where the columns of a CDR file are, found by name in its header line (SPEC 3.1).
struct CDRHeader: Sendable, Equatable {
  static let required = ["type", "subscriber", "direction", "peer", "start", "duration", "area", "cell"]

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

  /// Reads a header line (BOM and line end already removed).
  ///
  /// Names are matched without regard to case or surrounding spaces; extra
  /// columns are ignored. Returns why the file cannot be read otherwise.
  static func parse(_ line: UnsafeRawBufferPointer, splitter: CSVSplitter) -> Result<CDRHeader, Problem> {
    if let failure = splitter.split(line) {
      return .failure("unreadable header line: \(failure == .unterminatedQuote ? "unterminated quote" : "text after a closing quote")")
    }
    var index: [String: Int] = [:]
    for (i, field) in splitter.fields.enumerated() {
      let name = field.text.trimmingSpaces.lowercased()
      if !name.isEmpty, index[name] != nil, required.contains(name) {
        return .failure("the header names column '\(name)' twice")
      }
      index[name] = index[name] ?? i
    }
    let missing = required.filter { index[$0] == nil }
    guard missing.isEmpty else {
      let list = missing.map { "'\($0)'" }.joined(separator: ", ")
      return .failure("the header has no column \(list); a CDR file needs \(required.joined(separator: ","))")
    }
    guard splitter.fields.count <= 64 else { return .failure("the header has more than 64 columns") }
    return .success(CDRHeader(
      fieldCount: splitter.fields.count, type: index["type"]!, subscriber: index["subscriber"]!,
      direction: index["direction"]!, peer: index["peer"]!, start: index["start"]!, duration: index["duration"]!,
      area: index["area"]!, cell: index["cell"]!))
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " || s.first == "\t" { s.removeFirst() }
    while s.last == " " || s.last == "\t" { s.removeLast() }
    return String(s)
  }
}
