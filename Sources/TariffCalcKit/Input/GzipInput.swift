import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A gzip file, decompressed as it is read, with the system's zlib.
///
/// A CDR file compresses about tenfold; the switches of many operators deliver them as `.gz`.
/// The stream is read once, in order: a run reads it unit by unit, as it reads standard input.
final class GzipInput: SequentialInput {
  private let file: gzFile
  private let path: String

  /// Opens `path`, refusing a file that does not start as gzip data does (bytes 1F 8B).
  init(path: String) throws(FileError) {
    let (fd, _) = try Inputs.openRegular(path)
    var magic: (UInt8, UInt8) = (0, 0)
    let n = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
    guard n == 2, magic == (0x1F, 0x8B) else {
      close(fd)
      throw FileError(file: path, message: "not gzip data: a name ending in .gz is read as a gzip file")
    }
    guard let file = gzdopen(fd, "rb") else {
      close(fd)
      throw FileError(file: path, message: "cannot read the gzip data")
    }
    gzbuffer(file, 1 << 17)
    self.file = file
    self.path = path
  }

  deinit { gzclose(file) }

  func readSome(into buffer: UnsafeMutableRawPointer, count: Int) throws(FileError) -> Int {
    let n = gzread(file, buffer, UInt32(min(count, 1 << 30)))
    var code: Int32 = 0
    let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
    if n < 0 || (code != Z_OK && code != Z_STREAM_END) {
      // A truncated file ends with Z_BUF_ERROR, “unexpected end of file”.
      throw FileError(file: path, message: "broken gzip data: \(message.isEmpty ? "error \(code)" : message)")
    }
    return Int(n)
  }
}
