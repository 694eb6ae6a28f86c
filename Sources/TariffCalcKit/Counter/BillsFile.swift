#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A `bills.jsonl` of a run, searched without reading it all: it is sorted by subscriber (SPEC 6).
public final class BillsFile {
  public let path: String
  private let source: FileSource
  private let reader: LineReader
  private var size: Int { source.size ?? 0 }

  /// Opens the file, or throws when it cannot be read.
  public init(path: String) throws(FileError) {
    self.path = path
    source = try FileSource(path: path)
    reader = LineReader(source, maxLineBytes: BillStream.maxLineBytes)
  }

  /// The month of the file's bills (that of its first line), or `nil` when it is empty or unreadable.
  public func month() -> Month? {
    guard let line = try? line(atOrAfter: 0), case .success(let (bill, _)) = BillJSON.parse(line.bytes) else { return nil }
    return bill.month
  }

  /// The bill of one subscriber, by binary search on the sorted file.
  /// - Complexity: O(log n) reads of a line each.
  public func bill(of subscriber: String) throws(FileError) -> Bill? {
    let target = Array(subscriber.utf8)
    var lo = 0  // always a line start
    var hi = size
    while hi - lo > 1 << 16 {
      let mid = (lo + hi) / 2
      guard let line = try line(atOrAfter: mid), line.offset < hi else {
        hi = mid
        continue
      }
      guard let key = BillsFile.key(line.bytes) else { throw FileError(file: path, message: "not a bills.jsonl file: line at byte \(line.offset + 1)") }
      if key.lexicographicallyPrecedes(target) { lo = line.offset } else { hi = line.offset + 1 }
    }
    reader.seek(toLineAtOrAfter: lo)
    while let read = try reader.next() {
      guard !read.tooLong, let key = BillsFile.key(read.bytes.bytes) else {
        throw FileError(file: path, message: "not a bills.jsonl file: line at byte \(read.offset + 1)")
      }
      if key.elementsEqual(target) {
        switch BillJSON.parse(read.bytes.bytes) {
        case .success(let (bill, _)): return bill
        case .failure(let problem): throw FileError(file: path, message: "the bill of \(subscriber): \(problem.message)")
        }
      }
      if target.lexicographicallyPrecedes(key) { return nil }
    }
    return nil
  }

  /// `{"subscriber":"NNNNNNNNNNN"` → the 11 digits.
  static func key(_ line: [UInt8]) -> ArraySlice<UInt8>? {
    let prefix = Array(#"{"subscriber":""#.utf8)
    guard line.count >= prefix.count + 11, line.starts(with: prefix) else { return nil }
    return line[prefix.count..<(prefix.count + 11)]
  }

  /// The first line that starts at or after `offset`, its bytes copied, and where it starts.
  private func line(atOrAfter offset: Int) throws(FileError) -> (bytes: [UInt8], offset: Int)? {
    reader.seek(toLineAtOrAfter: offset)
    guard let line = try reader.next(), !line.tooLong else { return nil }
    return (line.bytes.bytes, line.offset)
  }
}

extension BillsFile {
  /// Where `quote` looks first: the bills of the last run into the default output folder.
  public static let lastRun = "out/bills.jsonl"

  /// The counter's “last run” rule: a subscriber's bill from the bills file at `path` when that file
  /// exists, can be read and is of `month`; `nil` otherwise (the bill is then computed from the CDRs).
  /// - Throws: ``FileError`` when the file breaks while being searched.
  public static func lastRunBill(of subscriber: String, month: Month, path: String = lastRun) throws(FileError) -> Bill? {
    guard let file = try? BillsFile(path: path), file.month() == month else { return nil }
    return try file.bill(of: subscriber)
  }
}
