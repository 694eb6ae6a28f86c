/// Finds named columns in a CSV header line: by name, in any order, case and spaces ignored.
enum CSVColumns {
  /// The index of each `required` name among the header fields of `splitter` (already split).
  ///
  /// Extra columns are ignored. A required name missing, or given twice, is the problem returned.
  static func locate(_ fields: UnsafeBufferPointer<ByteView>, required: [String], fileKind: String) -> Result<[String: Int], Problem> {
    var index: [String: Int] = [:]
    for (i, field) in fields.enumerated() {
      let name = field.text.trimmingSpaces.lowercased()
      if index[name] != nil, required.contains(name) {
        return .failure("the header names column '\(name)' twice")
      }
      index[name] = index[name] ?? i
    }
    let missing = required.filter { index[$0] == nil }
    guard missing.isEmpty else {
      let list = missing.map { "'\($0)'" }.joined(separator: ", ")
      return .failure("the header has no column \(list); \(fileKind) needs \(required.joined(separator: ","))")
    }
    return .success(index)
  }
}

extension String {
  /// Without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " || s.first == "\t" { s.removeFirst() }
    while s.last == " " || s.last == "\t" { s.removeLast() }
    return String(s)
  }
}
