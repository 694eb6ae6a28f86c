import Foundation
import Testing
@testable import TariffCalcKit

/// The streaming reader against a naive oracle, for every way of cutting the file (as NIO tests its decoders).
@Suite struct ChunkLineReaderTests {
  struct SeenLine: Equatable, CustomStringConvertible {
    var text: String
    var offset: Int
    var terminated: Bool
    var tooLong: Bool
    var description: String { "\(offset):\(text.debugDescription)\(terminated ? "" : " (no newline)")\(tooLong ? " (too long)" : "")" }
  }

  /// The oracle: split the whole text at LF, drop a CR before it, cut long lines.
  static func oracle(_ bytes: [UInt8], dataStart: Int, maxLine: Int) -> [SeenLine] {
    var lines: [SeenLine] = []
    var start = dataStart
    while start < bytes.count {
      var end = start
      while end < bytes.count, bytes[end] != 0x0A { end += 1 }
      let terminated = end < bytes.count
      var stop = end
      if terminated, stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
      let tooLong = stop - start > maxLine
      if tooLong { stop = start + maxLine }
      lines.append(SeenLine(text: String(decoding: bytes[start..<stop], as: UTF8.self), offset: start,
                            terminated: terminated || tooLong && terminated, tooLong: tooLong))
      start = end + 1
    }
    return lines
  }

  static let samples: [(String, String)] = [
    ("plain", "h\na,b\nc,d\n"),
    ("crlf", "h\r\na,b\r\nc,d\r\n"),
    ("no final newline", "h\na,b\nc,d"),
    ("blank lines", "h\n\na\n\n\nb\n"),
    ("one long line", "h\n" + String(repeating: "x", count: 100) + "\nshort\n"),
    ("long last line, no newline", "h\nshort\n" + String(repeating: "y", count: 90)),
    ("exactly the limit", "h\n" + String(repeating: "z", count: 40) + "\n" + String(repeating: "w", count: 41) + "\n"),
    ("header only", "h\n"),
    ("only CR LF", "h\r\n\r\n\r\n"),
    ("many", "h\n" + (0..<200).map { "line \($0)," + String(repeating: "v", count: $0 % 53) }.joined(separator: "\n") + "\n"),
  ]

  @Test(arguments: [1, 2, 3, 7, 16, 64, 4096])
  func everyChunkSizeReadsEveryLineOnce(chunk: Int) throws {
    for (name, text) in Self.samples {
      let bytes = Array(text.utf8)
      let dataStart = (bytes.firstIndex(of: 0x0A) ?? bytes.count - 1) + 1
      let path = TestSupport.temporaryFolder("reader") + "/f.csv"
      TestSupport.write(text, to: path)
      let fd = open(path, O_RDONLY)
      defer { close(fd) }
      // A tiny buffer makes the reader refill and carry partial lines all the time.
      let reader = ChunkLineReader(bufferBytes: 82, maxLineBytes: 40)
      var seen: [SeenLine] = []
      var start = dataStart
      while start < bytes.count {
        let end = min(start + chunk, bytes.count)
        try reader.forEachLine(fd: fd, file: path, fileSize: bytes.count, dataStart: dataStart, start: start, end: end) { line in
          seen.append(SeenLine(text: String(decoding: line.bytes, as: UTF8.self), offset: line.offset,
                               terminated: line.terminated, tooLong: line.tooLong))
        }
        start = end
      }
      let expected = Self.oracle(bytes, dataStart: dataStart, maxLine: 40)
      #expect(seen.map(\.text) == expected.map(\.text), "\(name), chunk \(chunk)")
      #expect(seen.map(\.offset) == expected.map(\.offset), "\(name), chunk \(chunk)")
      #expect(seen.map(\.tooLong) == expected.map(\.tooLong), "\(name), chunk \(chunk)")
      // A too-long line is reported at once, before its end is seen; otherwise terminated as the oracle says.
      #expect(zip(seen, expected).allSatisfy { $0.tooLong || $0.terminated == $1.terminated }, "\(name), chunk \(chunk)")
    }
  }
}

/// The CSV field splitter against the fields a spreadsheet would see.
@Suite struct CSVSplitterTests {
  @Test(arguments: [
    ("a,b,c", ["a", "b", "c"]),
    ("a,,c", ["a", "", "c"]),
    ("a,b,", ["a", "b", ""]),
    ("", [""]),
    (",", ["", ""]),
    ("\"a\",b", ["a", "b"]),
    ("\"a,b\",c", ["a,b", "c"]),
    ("\"say \"\"hi\"\"\",x", ["say \"hi\"", "x"]),
    ("x,\"\"", ["x", ""]),
    ("x,\"q\",", ["x", "q", ""]),
    ("VOICE,\"13871234567\",MO", ["VOICE", "13871234567", "MO"]),
  ])
  func splitsFields(line: String, fields: [String]) {
    let splitter = CSVSplitter()
    var copy = line
    // Fields are views into the line: read them while it is alive.
    let (failure, seen) = copy.withUTF8 { (splitter.split(UnsafeRawBufferPointer($0)), splitter.fields.map(\.text)) }
    #expect(failure == nil)
    #expect(seen == fields)
  }

  @Test func refusesBrokenQuotes() {
    let splitter = CSVSplitter()
    var open = "a,\"bc"
    #expect(open.withUTF8 { splitter.split(UnsafeRawBufferPointer($0)) } == .unterminatedQuote)
    var after = "a,\"b\"c,d"
    #expect(after.withUTF8 { splitter.split(UnsafeRawBufferPointer($0)) } == .textAfterQuote(field: 1))
  }
}
