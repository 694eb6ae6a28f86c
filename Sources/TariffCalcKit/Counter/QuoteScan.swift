import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The quote's fast way to a subscriber's lines: the files searched with `memmem` for the number (and
/// `memchr` for a quote character), only the lines with a hit looked at, and those that
/// ``BillRun/mentions(_:column:number:)`` keeps copied with their line numbers in the file (R26's
/// ``LineNumbers``): rating the copy gives the bill and rejects of rating the files with the filter.
extension Counter {
  /// Bytes searched at a time: fits in a core's cache while it is searched and its LFs counted.
  static let scanPiece = 1 << 18
  /// Read past a piece, for its last line: more than a line the reader keeps (`maxLineBytes`) and its CR.
  static let scanTail = 2 * CDRInput.maxLineBytes + 64

  /// What one piece of a file gave: its lines kept (bytes with their LFs), the 0-based index in the piece of
  /// each, and the piece's LFs.
  struct ScanPiece {
    var bytes: [UInt8] = []
    var lines: [Int] = []
    var lfs = 0
  }

  /// The inputs cut to the lines of `number` (and the lines with a quote character before its field ends),
  /// numbered as in the files; `nil` when an input is not a file read at any offset (a stream, a shard's part).
  /// `piece`: the bytes each worker searches at a time (small in tests, to cut lines anywhere).
  static func scan(_ number: UInt64, from inputs: RunInputs, jobs: Int, piece: Int = scanPiece) throws -> RunInputs? {
    let all = inputs.inputs
    guard all.allSatisfy({ $0.file != nil && $0.size != nil && $0.lineNumbers == nil }) else { return nil }
    let needle = Array(MSISDN.text(number).utf8)
    var cut: [(input: Int, start: Int, end: Int)] = []
    for (i, input) in all.enumerated() where input.header?.subscriber != nil {
      let size = input.size!
      var s = input.dataStart
      while s < size {
        let e = min(size, s + piece)
        cut.append((i, s, e))
        s = e
      }
    }
    let pieces = cut
    let next = Atomic<Int>(0)
    let found = Mutex<[Int: ScanPiece]>([:])
    let failure = FirstError()
    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, pieces.count))) { _ in
      let room = UnsafeMutableRawPointer.allocate(byteCount: piece + scanTail + 1, alignment: 64)
      defer { room.deallocate() }
      do {
        while true {
          let k = next.add(1, ordering: .relaxed).oldValue
          guard k < pieces.count, failure.error == nil else { break }
          let (i, start, end) = pieces[k]
          let lines = try scanLines(all[i], start: start, end: end, needle: needle, room: room)
          found.withLock { $0[k] = lines }
        }
      } catch {
        failure.record(error)
      }
    }
    try failure.check()
    let results = found.withLock { $0 }
    var sources: [any ByteSource] = []
    var numbers: [LineNumbers?] = []
    var k = 0
    for (i, input) in all.enumerated() {
      var bytes = Array((input.headerLine ?? "").utf8)
      if !bytes.isEmpty { bytes.append(0x0A) }
      var lines: [Int] = []
      // Line 1 is the header; data line j (0-based) is line j + 2.
      var before = input.dataStart > 0 ? 2 : 1
      while k < pieces.count, pieces[k].input == i {
        let p = results[k]!  // every piece was scanned, or the run threw
        bytes += p.bytes
        for l in p.lines { lines.append(before + l) }
        before += p.lfs
        k += 1
      }
      sources.append(MemorySource(name: input.name, bytes: bytes))
      numbers.append(LineNumbers(lines))
    }
    return try RunInputs(sources: sources, copies: all.map(\.duplicateOf), lineNumbers: numbers)
  }

  /// The lines of `number` starting in `start..<end` of a file (`start` is the data's start or any byte).
  static func scanLines(_ input: CDRInput, start: Int, end: Int, needle: [UInt8], room: UnsafeMutableRawPointer) throws -> ScanPiece {
    let file = input.file!
    let size = input.size!
    // The byte before the piece too: whether a line starts at `start`.
    let from = start > input.dataStart ? start - 1 : start
    let want = min(size, end + scanTail) - from
    var filled = 0
    while filled < want {
      let n = try file.read(into: room + filled, count: want - filled, at: from + filled)
      guard n > 0 else { throw FileError(file: input.name, message: "the file shrank while it was read") }
      filled += n
    }
    let buffer = UnsafeRawPointer(room)
    let atEOF = from + filled == size
    let pieceStart = start - from  // in the buffer
    let pieceEnd = end - from
    var out = ScanPiece()
    // The first line that starts in the piece.
    var pos = pieceStart
    if from < start {
      guard let lf = ByteSearch.first(0x0A, in: buffer, from: 0, to: filled) else { return countingAll(out, buffer, pieceStart, pieceEnd) }
      pos = lf + 1
    }
    let column = input.header?.subscriber
    var counted = pieceStart
    var lfsBefore = 0
    var nextQuote = -1
    var nextNeedle = -1
    while pos < pieceEnd {
      if nextQuote < pos {
        nextQuote = ByteSearch.first(0x22, in: buffer, from: pos, to: filled) ?? Int.max
      }
      if nextNeedle < pos {
        nextNeedle = needle.withUnsafeBytes { ByteSearch.find($0, in: buffer, from: pos, to: filled) } ?? Int.max
      }
      let hit = min(nextQuote, nextNeedle)
      guard hit < filled else { break }
      var lineStart = hit
      while lineStart > pos, buffer.load(fromByteOffset: lineStart - 1, as: UInt8.self) != 0x0A { lineStart -= 1 }
      if lineStart >= pieceEnd { break }
      // The line as the reader hands it out: CR before LF dropped, cut at `maxLineBytes`.
      let lf = ByteSearch.first(0x0A, in: buffer, from: hit, to: filled)
      var stop = lf ?? filled
      if lf != nil, stop > lineStart, buffer.load(fromByteOffset: stop - 1, as: UInt8.self) == 0x0D { stop -= 1 }
      stop = min(stop, lineStart + CDRInput.maxLineBytes)
      let view = ByteView(buffer + lineStart, count: stop - lineStart, lease: nil)
      if BillRun.mentions(view, column: column, number: needle) {
        lfsBefore += ByteSearch.countLF(buffer + counted, lineStart - counted)
        counted = lineStart
        out.lines.append(lfsBefore)
        if let lf {
          out.bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer + lineStart, count: lf + 1 - lineStart))
        } else {
          // A line longer than what was read (or the file's last, with no LF): the rest from the file.
          out.bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer + lineStart, count: filled - lineStart))
          if !atEOF { try appendRest(of: file, from: from + filled, size: size, to: &out.bytes) }
        }
      }
      guard let lf else { break }
      pos = lf + 1
    }
    return countingAll(out, buffer, counted, pieceEnd, lfsBefore)
  }

  /// `out` with the LFs of the piece: those before `counted` and those in `counted..<end`.
  private static func countingAll(_ out: ScanPiece, _ buffer: UnsafeRawPointer, _ counted: Int, _ end: Int, _ before: Int = 0) -> ScanPiece {
    var out = out
    out.lfs = before + (end > counted ? ByteSearch.countLF(buffer + counted, end - counted) : 0)
    return out
  }

  /// Appends the bytes of a file from `offset` to its next LF (included) or its end.
  private static func appendRest(of file: any ByteSource, from offset: Int, size: Int, to bytes: inout [UInt8]) throws {
    var at = offset
    let room = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 16)
    defer { room.deallocate() }
    while at < size {
      let n = try file.read(into: room, count: min(1 << 16, size - at), at: at)
      guard n > 0 else { return }
      if let lf = ByteSearch.first(0x0A, in: room, from: 0, to: n) {
        let upTo = lf + 1
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: room, count: upTo))
        return
      }
      bytes.append(contentsOf: UnsafeRawBufferPointer(start: room, count: n))
      at += n
    }
  }
}
