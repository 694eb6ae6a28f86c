#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A `bills.jsonl` of a run, searched without reading it all: it is sorted by subscriber (SPEC 6).
public final class BillsFile {
  public let path: String
  private let fd: Int32
  private let size: Int

  /// Opens the file, or throws when it cannot be read.
  public init(path: String) throws(FileError) {
    self.path = path
    fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileError(file: path, message: "cannot open: \(String(cString: strerror(errno)))") }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      close(fd)
      throw FileError(file: path, message: "cannot read")
    }
    size = Int(st.st_size)
  }

  deinit { close(fd) }

  /// The month of the file's bills (that of its first line), or `nil` when it is empty or unreadable.
  public func month() -> Month? {
    guard let line = line(at: 0), case .success(let (bill, _)) = BillJSON.parse(line.bytes) else { return nil }
    return bill.month
  }

  /// The bill of one subscriber, by binary search on the sorted file.
  /// - Complexity: O(log n) reads of at most one window (64 KiB) each.
  public func bill(of subscriber: String) throws(FileError) -> Bill? {
    let target = Array(subscriber.utf8)
    var lo = 0  // always a line start
    var hi = size
    while hi - lo > 1 << 16 {
      let mid = (lo + hi) / 2
      guard let next = lineStart(atOrAfter: mid), next < hi, let line = line(at: next) else {
        hi = mid
        continue
      }
      guard let key = BillsFile.key(line.bytes) else { throw FileError(file: path, message: "not a bills.jsonl file: line at byte \(next + 1)") }
      if key.lexicographicallyPrecedes(target) { lo = next } else { hi = next + 1 }
    }
    var at = lo
    while at < size, let line = line(at: at) {
      guard let key = BillsFile.key(line.bytes) else { throw FileError(file: path, message: "not a bills.jsonl file: line at byte \(at + 1)") }
      if key.elementsEqual(target) {
        switch BillJSON.parse(line.bytes) {
        case .success(let (bill, _)): return bill
        case .failure(let problem): throw FileError(file: path, message: "the bill of \(subscriber): \(problem.message)")
        }
      }
      if target.lexicographicallyPrecedes(key) { return nil }
      at = line.next
    }
    return nil
  }

  /// `{"subscriber":"NNNNNNNNNNN"` → the 11 digits.
  static func key(_ line: [UInt8]) -> ArraySlice<UInt8>? {
    let prefix = Array(#"{"subscriber":""#.utf8)
    guard line.count >= prefix.count + 11, line.starts(with: prefix) else { return nil }
    return line[prefix.count..<(prefix.count + 11)]
  }

  /// The start of the first line beginning at or after `offset`.
  private func lineStart(atOrAfter offset: Int) -> Int? {
    if offset == 0 { return 0 }
    var at = offset - 1
    var chunk = [UInt8](repeating: 0, count: 4096)
    while at < size {
      let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
      guard n > 0 else { return nil }
      if let i = chunk[0..<n].firstIndex(of: 0x0A) { return at + i + 1 < size ? at + i + 1 : nil }
      at += n
    }
    return nil
  }

  /// The line starting at `offset` (without its newline) and where the next one starts.
  private func line(at offset: Int) -> (bytes: [UInt8], next: Int)? {
    var bytes: [UInt8] = []
    var at = offset
    var chunk = [UInt8](repeating: 0, count: 4096)
    while at < size {
      let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
      guard n > 0 else { break }
      if let i = chunk[0..<n].firstIndex(of: 0x0A) {
        bytes += chunk[0..<i]
        return (bytes, at + i + 1)
      }
      bytes += chunk[0..<n]
      at += n
      guard bytes.count < 1 << 20 else { return nil }
    }
    return bytes.isEmpty ? nil : (bytes, size)
  }
}
