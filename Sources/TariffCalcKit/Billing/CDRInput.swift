#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A CDR file opened for the run: its descriptor, size, and header (SPEC 3.1).
final class CDRInput: @unchecked Sendable {
  // Sendable: every property is set in init and never changed; pread on one descriptor from many threads is safe.
  let path: String
  let fd: Int32
  let size: Int
  /// First byte after the header line.
  let dataStart: Int
  let header: CDRHeader?
  /// Why the whole file is refused (its lines are rejected), if it is.
  let refusal: String?
  /// Something to tell the user that does not stop the run (an empty file).
  let warning: String?

  /// The longest header line read.
  static let maxHeaderBytes = 1 << 16

  /// Opens a file and reads its header. A file that cannot be opened or read throws.
  init(path: String) throws(FileError) {
    self.path = path
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileError(file: path, message: "cannot open: \(String(cString: strerror(errno)))") }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      throw FileError(file: path, message: "not a regular file")
    }
    self.fd = fd
    self.size = Int(st.st_size)
    var head = [UInt8](repeating: 0, count: min(size, CDRInput.maxHeaderBytes))
    let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
    guard n == head.count else {
      close(fd)
      throw FileError(file: path, message: "cannot read: \(String(cString: strerror(errno)))")
    }
    guard size > 0 else {
      (dataStart, header, refusal, warning) = (0, nil, nil, "empty file: no header and no records")
      return
    }
    let bom = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    guard let newline = head[bom...].firstIndex(of: 0x0A) ?? (size <= CDRInput.maxHeaderBytes ? head.count : nil) else {
      (dataStart, header, refusal, warning) = (size, nil, "the header line is longer than \(CDRInput.maxHeaderBytes) bytes", nil)
      return
    }
    var end = newline
    if end > bom, head[end - 1] == 0x0D { end -= 1 }
    let parsed = head[bom..<end].withUnsafeBytes { CDRHeader.parse($0, splitter: CSVSplitter()) }
    switch parsed {
    case .success(let h):
      (dataStart, header, refusal) = (min(newline + 1, size), h, nil)
      warning = newline + 1 >= size ? "no records: the file holds its header only" : nil
    case .failure(let problem):
      (dataStart, header, refusal, warning) = (min(newline + 1, size), nil, problem.message, nil)
    }
  }

  deinit { close(fd) }
}
