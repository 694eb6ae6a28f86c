import Foundation
import Testing
@testable import TariffCalcKit

/// The one line reader against a naive oracle, for every way of cutting and feeding the bytes (as NIO tests
/// its decoders): by units of a file cut anywhere, by units of a stream fed in pieces of any size, in order,
/// and from any offset.
@Suite struct LineReaderTests {
  struct SeenLine: Equatable, CustomStringConvertible {
    var text: String
    var offset: Int
    var terminated: Bool
    var tooLong: Bool
    var description: String { "\(offset):\(text.debugDescription)\(terminated ? "" : " (no newline)")\(tooLong ? " (too long)" : "")" }
  }

  /// The oracle: split the whole text at LF, drop a CR before it, cut long lines, drop a BOM at offset 0.
  static func oracle(_ bytes: [UInt8], from: Int, maxLine: Int) -> [SeenLine] {
    var lines: [SeenLine] = []
    var start = from
    while start < bytes.count {
      var end = start
      while end < bytes.count, bytes[end] != 0x0A { end += 1 }
      let terminated = end < bytes.count
      var stop = end
      if terminated, stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
      let tooLong = stop - start > maxLine
      if tooLong { stop = start + maxLine }
      var first = start
      if start == 0, stop >= 3, Array(bytes[0..<3]) == [0xEF, 0xBB, 0xBF] { first = 3 }
      lines.append(SeenLine(text: String(decoding: bytes[first..<stop], as: UTF8.self), offset: start,
                            terminated: terminated, tooLong: tooLong))
      start = end + 1
    }
    return lines
  }

  static let samples: [(String, String)] = [
    ("plain", "h\na,b\nc,d\n"),
    ("crlf", "h\r\na,b\r\nc,d\r\n"),
    ("bom", "\u{FEFF}h\na,b\n"),
    ("no final newline", "h\na,b\nc,d"),
    ("blank lines", "h\n\na\n\n\nb\n"),
    ("one long line", "h\n" + String(repeating: "x", count: 100) + "\nshort\n"),
    ("long last line, no newline", "h\nshort\n" + String(repeating: "y", count: 90)),
    ("exactly the limit", "h\n" + String(repeating: "z", count: 40) + "\n" + String(repeating: "w", count: 41) + "\n"),
    // A CR LF line of exactly the limit: a buffer may end between its CR and its LF.
    ("crlf, exactly the limit", "h\r\n" + String(repeating: String(repeating: "z", count: 40) + "\r\n", count: 9) + "e\r\n"),
    ("two long lines in a row", "h\n" + String(repeating: "p", count: 300) + "\n" + String(repeating: "q", count: 77) + "\nend\n"),
    ("header only", "h\n"),
    ("only CR LF", "h\r\n\r\n\r\n"),
    ("a lone CR", "h\na\rb\nc\r"),
    ("many", "h\n" + (0..<200).map { "line \($0)," + String(repeating: "v", count: $0 % 53) }.joined(separator: "\n") + "\n"),
  ]

  static let maxLine = 40

  static func seen(_ line: Line) -> SeenLine {
    SeenLine(text: line.bytes.text, offset: line.offset, terminated: line.terminated, tooLong: line.tooLong)
  }

  /// A line too long to hold is handed out before its end is seen: its `terminated` cannot be told then.
  static func same(_ a: [SeenLine], _ b: [SeenLine]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
      x.text == y.text && x.offset == y.offset && x.tooLong == y.tooLong && (x.tooLong || x.terminated == y.terminated)
    }
  }

  @Test(arguments: [1, 2, 3, 7, 16, 64, 4096])
  func unitsOfAFileReadEveryLineOnce(chunk: Int) throws {
    for (name, text) in Self.samples {
      let bytes = Array(text.utf8)
      let dataStart = (bytes.firstIndex(of: 0x0A) ?? bytes.count - 1) + 1
      let file = try FileSource(path: TestSupport.writeTemporary(bytes, name: "reader.csv"))
      let reader = LineReader(maxLineBytes: Self.maxLine, bufferBytes: chunk + Self.maxLine + 3)
      var seen: [SeenLine] = []
      var start = dataStart
      while start < bytes.count {
        let end = min(start + chunk, bytes.count)
        try reader.readUnit(file, start: start, end: end, startsLine: start == dataStart)
        seen += reader.unit.map(Self.seen)  // every line of a unit valid at once
        start = end
      }
      let expected = Self.oracle(bytes, from: dataStart, maxLine: Self.maxLine)
      #expect(Self.same(seen, expected), "\(name), chunk \(chunk):\n\(seen)\n\(expected)")
    }
  }

  /// A unit's lines from a reader that leaves the body: the body split at its LFs, then ``LineReader/unit``.
  static func unitLines(_ reader: LineReader) -> [SeenLine] {
    let body = reader.body
    var seen: [SeenLine] = []
    var at = 0
    while at < body.count {
      let lf = body.firstIndex(of: 0x0A, from: at)
      #expect(lf != nil, "a body line with no LF")
      let line = reader.bodyLine(from: at, lf: lf ?? body.count - 1)
      #expect(line.offset == reader.bodyOffset + at)
      seen.append(Self.seen(line))
      at = (lf ?? body.count - 1) + 1
    }
    #expect(reader.unit.count <= 1, "more than the last line left out of the body")
    return seen + reader.unit.map(Self.seen)
  }

  @Test(arguments: [1, 2, 3, 7, 16, 64, 4096])
  func unitsLeavingTheBodyReadEveryLineOnce(chunk: Int) throws {
    for (name, text) in Self.samples {
      let bytes = Array(text.utf8)
      let dataStart = (bytes.firstIndex(of: 0x0A) ?? bytes.count - 1) + 1
      let file = try FileSource(path: TestSupport.writeTemporary(bytes, name: "reader.csv"))
      let reader = LineReader(maxLineBytes: Self.maxLine, bufferBytes: chunk + Self.maxLine + 3, leavesBody: true)
      var seen: [SeenLine] = []
      var start = dataStart
      while start < bytes.count {
        let end = min(start + chunk, bytes.count)
        try reader.readUnit(file, start: start, end: end, startsLine: start == dataStart)
        seen += Self.unitLines(reader)
        start = end
      }
      let expected = Self.oracle(bytes, from: dataStart, maxLine: Self.maxLine)
      #expect(Self.same(seen, expected), "\(name), chunk \(chunk):\n\(seen)\n\(expected)")
      for piece in [1, 5, 4096] {
        let stream = StreamSource(name: name, input: Trickle(bytes, piece: piece))
        let reader = LineReader(maxLineBytes: Self.maxLine, bufferBytes: chunk + Self.maxLine + 64, leavesBody: true)
        var seen: [SeenLine] = []
        while try reader.readUnit(stream, bytes: chunk) != nil { seen += Self.unitLines(reader) }
        let expected = Self.oracle(bytes, from: 0, maxLine: Self.maxLine)
        #expect(Self.same(seen, expected), "\(name), stream, chunk \(chunk), piece \(piece):\n\(seen)\n\(expected)")
      }
    }
  }

  /// A stream that gives its bytes in pieces of a fixed size, as a pipe may.
  final class Trickle: SequentialInput {
    let bytes: [UInt8]
    let piece: Int
    var at = 0
    init(_ bytes: [UInt8], piece: Int) {
      self.bytes = bytes
      self.piece = piece
    }
    func readSome(into buffer: UnsafeMutableRawPointer, count: Int) throws(FileError) -> Int {
      let n = min(count, piece, bytes.count - at)
      if n > 0 { bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + at, byteCount: n) } }
      at += n
      return n
    }
  }

  @Test(arguments: [1, 2, 3, 7, 16, 64, 4096])
  func unitsOfAStreamReadEveryLineOnce(chunk: Int) throws {
    for (name, text) in Self.samples {
      for piece in [1, 5, 4096] {
        let bytes = Array(text.utf8)
        let stream = StreamSource(name: name, input: Trickle(bytes, piece: piece))
        let reader = LineReader(maxLineBytes: Self.maxLine, bufferBytes: chunk + Self.maxLine + 64)
        var seen: [SeenLine] = []
        while try reader.readUnit(stream, bytes: chunk) != nil { seen += reader.unit.map(Self.seen) }
        let expected = Self.oracle(bytes, from: 0, maxLine: Self.maxLine)
        #expect(Self.same(seen, expected), "\(name), chunk \(chunk), piece \(piece):\n\(seen)\n\(expected)")
      }
    }
  }

  @Test(arguments: [82, 83, 100, 4096])
  func inOrderWithAnyBufferReadsEveryLineOnce(buffer: Int) throws {
    for (name, text) in Self.samples {
      let bytes = Array(text.utf8)
      let reader = LineReader(MemorySource(name: name, bytes: bytes), maxLineBytes: Self.maxLine, bufferBytes: buffer)
      var seen: [SeenLine] = []
      var numbers: [Int] = []
      while let line = try reader.next() {
        seen.append(Self.seen(line))
        numbers.append(line.number)
      }
      let expected = Self.oracle(bytes, from: 0, maxLine: Self.maxLine)
      #expect(Self.same(seen, expected), "\(name), buffer \(buffer):\n\(seen)\n\(expected)")
      #expect(numbers == Array(1...max(1, expected.count)).prefix(expected.count).map { $0 }, "\(name)")
    }
  }

  @Test func fromAnyOffsetReadsTheLinesThatStartThere() throws {
    for (name, text) in Self.samples {
      let bytes = Array(text.utf8)
      let reader = LineReader(MemorySource(name: name, bytes: bytes), maxLineBytes: Self.maxLine, bufferBytes: 100)
      let all = Self.oracle(bytes, from: 0, maxLine: Self.maxLine)
      for offset in 0...bytes.count {
        reader.seek(toLineAtOrAfter: offset)
        var seen: [SeenLine] = []
        while let line = try reader.next() { seen.append(Self.seen(line)) }
        #expect(Self.same(seen, all.filter { $0.offset >= offset }), "\(name), from \(offset)")
      }
    }
  }

  @Test func lineEndsAndNumbersForRewriting() throws {
    let bytes = Array("a\r\nbb\nc".utf8)
    let reader = LineReader(MemorySource(name: "m", bytes: bytes))
    var ends: [(Int, Int, Bool, Bool)] = []
    while let line = try reader.next() { ends.append((line.number, line.end, line.crlf, line.terminated)) }
    // a CR LF ends at byte 3, bb LF at 6, c has no line end and stops at 7.
    #expect(ends.map(\.0) == [1, 2, 3])
    #expect(ends.map(\.1) == [3, 6, 7])
    #expect(ends.map(\.2) == [true, false, false])
    #expect(ends.map(\.3) == [true, true, false])
  }

  /// A line of several megabytes is never held: memory stays the buffer's, and the lines after it are read.
  @Test func aLineOfMegabytesIsCutAndSkipped() throws {
    var bytes = Array("h\n".utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "9"), count: 5 << 20)
    bytes += Array("\nafter\n".utf8)
    let reader = LineReader(MemorySource(name: "big", bytes: bytes), maxLineBytes: 1000, bufferBytes: 4096)
    var seen: [SeenLine] = []
    while let line = try reader.next() { seen.append(Self.seen(line)) }
    #expect(seen.map(\.tooLong) == [false, true, false])
    #expect(seen[1].text.count == 1000)
    #expect(seen[2] == SeenLine(text: "after", offset: 2 + (5 << 20) + 1, terminated: true, tooLong: false))
  }

  /// Under the debug flag a view used after its reader moved on traps; here, that the lease moves on.
  @Test func viewsOfAnEarlierLineAreStale() throws {
    let reader = LineReader(MemorySource(name: "m", bytes: Array("a\nb\n".utf8)))
    let first = try #require(try reader.next())
    let generation = reader.lease.generation
    _ = try reader.next()
    #if TARIFFCALC_CHECKS
      #expect(reader.lease.generation != generation)
      #expect(first.bytes.lease === reader.lease)
    #endif
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
    // Fields are views into the line: read them while it is alive.
    let (failure, seen) = ByteView.with(line) { (splitter.split($0), splitter.fields.map(\.text)) }
    #expect(failure == nil)
    #expect(seen == fields)
  }

  @Test func refusesBrokenQuotes() {
    let splitter = CSVSplitter()
    #expect(ByteView.with("a,\"bc") { splitter.split($0) } == .unterminatedQuote)
    #expect(ByteView.with("a,\"b\"c,d") { splitter.split($0) } == .textAfterQuote(field: 1))
  }

  /// The scratch of quoted fields is bounded: full, it says so, and never reuses what earlier lines hold.
  @Test func aFullScratchIsReportedNeverWrapped() {
    let splitter = CSVSplitter(scratchBytes: 10)
    // "abcdef" quoted is 8 bytes of line: it fits (the line's 8 bytes are what is reserved).
    #expect(ByteView.with("\"abcdef\"") { splitter.split($0) } == nil)
    // 2 bytes left: a second quoted line of 8 bytes does not fit.
    #expect(ByteView.with("\"ghijkl\"") { splitter.split($0) } == .scratchFull)
    splitter.resetScratch()
    #expect(ByteView.with("\"ghijkl\"") { (splitter.split($0), splitter.fields.map(\.text)) } == (nil, ["ghijkl"]))
  }
}
