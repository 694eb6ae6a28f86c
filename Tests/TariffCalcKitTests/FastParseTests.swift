import Foundation
import Testing
@testable import TariffCalcKit

/// The one-pass reading of lines in SPEC's column order (issue 14) gives, for every line, what the full
/// path (splitter, then fields) gives: the same record field for field, or it leaves the line to the full
/// path, which then says what is wrong. Checked on every line of the sample and of a generated month, and
/// on each of them with one byte changed, cut or doubled at every place.
@Suite struct FastParseTests {
  static let month = Month(year: 2004, month: 10)!

  /// The record as values that can be compared (peer and cell as text).
  static func describe(_ r: Result<CDRRecord, Problem>) -> String {
    switch r {
    case .failure(let p): return "failure: \(p.message)"
    case .success(let r):
      return "\(r.isVoice) \(r.subscriber) \(r.direction) \(r.peer.text) \(r.day) \(r.second) \(r.duration) \(r.area) [\(r.cell.text)]"
    }
  }

  static func lines(of bytes: [UInt8]) throws -> [[UInt8]] {
    let reader = LineReader(MemorySource(name: "m", bytes: bytes))
    var out: [[UInt8]] = []
    while let line = try reader.next() { out.append(line.bytes.bytes) }
    return out
  }

  static func check(_ text: [UInt8], parser: CDRParser, splitter: CSVSplitter, fastCount: inout Int) throws {
    let reader = LineReader(MemorySource(name: "m", bytes: text + [0x0A]))
    guard let line = try reader.next() else { return }
    splitter.resetScratch()
    let fast = describe(parser.parse(line, splitter: splitter))
    splitter.resetScratch()
    let full = describe(parser.parse(line, splitter: splitter, fast: false))
    if fast != full { Issue.record("\(String(decoding: text, as: UTF8.self)): fast \(fast), full \(full)") }
    if parser.fastParse(line.bytes) != nil { fastCount += 1 }
    try checkFindingTheEnd(text, parser: parser)
  }

  /// The one pass that finds the line's end (``CDRParser/plainLine(_:at:maxLineBytes:into:)``) reads the
  /// line as ``CDRParser/plainRecord(_:)`` reads it as a line of its own: after a line before it, with LF
  /// or CR LF, with bytes after its end that would read as more of its fields, at and past the limit of a
  /// line.
  static func checkFindingTheEnd(_ text: [UInt8], parser: CDRParser) throws {
    guard !text.contains(0x0A) else { return }
    for ending: [UInt8] in [[0x0A], [0x0D, 0x0A]] {
      for after: [UInt8] in [[], Array("1234,5678".utf8), Array(",\"x".utf8), Array("VOICE,13871000001,MO,1".utf8)] {
        let before = Array("x\n".utf8)
        let bytes = before + text + ending + after
        for limit in [text.count, text.count - 1, 4096] {
          let reader = LineReader(MemorySource(name: "m", bytes: bytes), maxLineBytes: max(1, limit))
          _ = try reader.next()
          guard let line = try reader.next() else { continue }
          let plain = parser.plainRecord(line).map { describe(.success($0)) }
          let (next, found) = ByteView.with(bytes) { body -> (Int?, String?) in
            var record = CDRRecord()
            let next = parser.plainLine(body, at: before.count, maxLineBytes: limit, into: &record)
            return (next, next.map { _ in describe(.success(record)) })
          }
          if found != plain || (next != nil && next != before.count + text.count + ending.count) {
            Issue.record("\(String(decoding: text, as: UTF8.self)) \(ending) limit \(limit): end found \(found ?? "nil") \(next ?? -1), as a line \(plain ?? "nil")")
          }
        }
      }
    }
  }

  @Test func sameRecordsAsTheFullPath() throws {
    let splitter = CSVSplitter(scratchBytes: 1 << 16)
    let header = try CDRHeader.parse(ByteView.with(CDRHeader.canonical) { $0 }, splitter: splitter).get()
    let parser = CDRParser(header: header, month: Self.month)
    var lines: [[UInt8]] = []
    for name in ["cdr-2004-10-a.csv", "cdr-2004-10-b.csv"] {
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestSupport.packageRoot + "/SampleCDRs/" + name)))
      lines += try Self.lines(of: bytes).dropFirst()
    }
    // Edges of each field's class.
    lines = [
      "VOICE,13871000001,MO,02787654321,2004-10-05 09:30:00,86400,027,WC0101",
      "VOICE,13871000001,MO,02787654321,2004-10-05 09:30:00,86401,027,WC0101",
      "VOICE,13871000001,MO,02787654321,2004-10-05 09:30:00,,027,",
      "SMS,13871000001,MO,02787654321,2004-10-05 09:30:00,,027,",
      "VOICE,13871000001,MO,123456789012345678901234,2004-10-05T09:30:00,0,027,HP 01",
      "VOICE,13871000001,MO,1234567890123456789012345,2004-10-05 09:30:00,0,027,",
      "VOICE,13871000001,MT,02787654321,2004-10-05 09:30:00,60,123456789012345,",
      "VOICE,13871000001,MT,02787654321,2004-10-05 09:30:00,60,1234567890123456,",
      "VOICE,13871000001,MT,02787654321,2004-09-30 23:59:59,60,027,\tX",
      "VOICE,13871000001,MT,02787654321,2004-02-30 23:59:59,60,027,",
      "VOICE,13871000001,MT,02787654321,2004-10-05 24:00:00,0000060,027,",
      "VOICE,13871000001,MO,1795101062345678,2004-10-05 09:30:00,61,027,HP0101~ABCDEFGH 0123",  // long cell
      "SMS,13871000001,MO,13907654321,2004-10-05 09:30:00,,0710,JX0001-0002/abcdefghijklmnop",
      // Fields read a word at a time (issue 14): lengths at and across the eight bytes of a word, and
      // fields that end within eight bytes of the line's end (the word read there is cut at the end).
      "SMS,13871000001,MO,1,2004-10-05 09:30:00,,0,",  // 44 bytes, the shortest the one pass reads
      "SMS,13871000001,MO,1,2004-10-05 09:30:00,,0,H",
      "VOICE,13871000001,MO,1,2004-10-05 09:30:00,0,0,",
      "VOICE,13871000001,MO,12345678,2004-10-05 09:30:00,999999,1234567,",
      "VOICE,13871000001,MO,123456789,2004-10-05 09:30:00,100000,12345678,C",
      "VOICE,13871000001,MO,1234567890123456,2004-10-05 09:30:00,086400,123456789,C",
      "VOICE,13871000001,MO,12345678901234567,2004-10-05 09:30:00,1,12345678901234,CELL",
      "VOICE,13871000001,MT,02787654321,2004-10-31 23:59:59,1,027,HP01",
      "VOICE,13871000001,MT,02787654321,2004-10-00 00:00:00,1,027,HP01",
      "VOICE,13871000001,MT,02787654321,2004-10-32 00:00:00,1,027,HP01",
      "VOICE,13871000001,MT,02787654321,2004-11-01 00:00:00,1,027,HP01",
      "VOICE,13871000001,MT,02787654321,2005-10-01 00:00:00,1,027,HP01",
      "VOICE,13871000001,MT,02787654321,2004-10-01 00:60:00,1,027,HP01",
      "VOICE,13871000001,MT,02787654321,2004-10-01 23:59:60,1,027,HP01",
      "VOICE,00000000000,MT,0,2004-10-01T00:00:00,0,027,~",
      "VOICE,99999999999,MT,99999999999999999999999,2004-10-01T00:00:00,0,9,~",
    ].map { Array($0.utf8) } + lines
    var fastCount = 0
    var checked = 0
    // Each byte class's edges: NUL, quote, comma, space, tab, '-', '/', '0', '1', '9', ':', 'A', 'M', 'O',
    // 'T', DEL, bytes of UTF-8 and CR.
    let bytesToTry: [UInt8] = [0x00, 0x22, 0x2C, 0x20, 0x09, 0x2D, 0x2F, 0x30, 0x31, 0x39, 0x3A, 0x41, 0x4D, 0x4F,
                               0x54, 0x7F, 0xE4, 0x80, 0x0D]
    for line in lines.prefix(140) {
      try Self.check(line, parser: parser, splitter: splitter, fastCount: &fastCount)
      for at in line.indices {
        for b in bytesToTry {
          var changed = line
          changed[at] = b
          try Self.check(changed, parser: parser, splitter: splitter, fastCount: &fastCount)
        }
        var doubled = line
        doubled.insert(line[at], at: at)
        try Self.check(doubled, parser: parser, splitter: splitter, fastCount: &fastCount)
        try Self.check(Array(line[..<at]), parser: parser, splitter: splitter, fastCount: &fastCount)
        checked += bytesToTry.count + 2
      }
    }
    #expect(checked > 50_000)
    #expect(fastCount > 5_000)  // the one-pass reading is taken: every plain line and many changed ones
  }

  /// `YYYY-MM-DD HH:MM:SS` read eight bytes at a time gives what a plain reading gives: the fields as
  /// numbers, a day that exists, 00:00:00–23:59:59; on starts changed at every byte.
  @Test func startTimes() throws {
    let splitter = CSVSplitter(scratchBytes: 1 << 16)
    let header = try CDRHeader.parse(ByteView.with(CDRHeader.canonical) { $0 }, splitter: splitter).get()
    let parser = CDRParser(header: header, month: Self.month)
    func reference(_ t: [UInt8]) -> String {
      guard t.count == 19 else { return "nil" }
      let text = String(decoding: t, as: UTF8.self)
      let chars = Array(text.utf8)
      guard chars.count == 19, chars[4] == 0x2D, chars[7] == 0x2D, chars[10] == 0x20 || chars[10] == 0x54,
        chars[13] == 0x3A, chars[16] == 0x3A else { return "nil" }
      func num(_ r: Range<Int>) -> Int? {
        let part = chars[r]
        guard part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(String(decoding: part, as: UTF8.self))
      }
      guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), let hh = num(11..<13), let mm = num(14..<16),
        let ss = num(17..<19), hh < 24, mm < 60, ss < 60, let day = Day(year: y, month: m, day: d) else { return "nil" }
      return "\(day) \(hh * 3600 + mm * 60 + ss)"
    }
    var tried = 0
    for start in ["2004-10-05 09:30:00", "2004-10-31T23:59:59", "2004-02-29 00:00:00", "2003-02-29 12:00:00",
                  "2004-09-30 23:59:59", "2004-11-01 00:00:00"] {
      let base = Array(start.utf8)
      var cases = [base]
      for at in base.indices {
        for b: UInt8 in [0x2F, 0x30, 0x31, 0x32, 0x33, 0x35, 0x39, 0x3A, 0x2D, 0x20, 0x54, 0x00, 0xB9] {
          var t = base
          t[at] = b
          cases.append(t)
        }
      }
      for t in cases {
        let got = t.withUnsafeBytes { parser.parseStart(ByteView($0.baseAddress, count: $0.count, lease: nil)) }
        let text = got.map { "\($0.0) \($0.1)" } ?? "nil"
        #expect(text == reference(t), "\(String(decoding: t, as: UTF8.self))")
        tried += 1
      }
    }
    #expect(tried > 1000)
  }
}

/// A record is 64 bytes, one cache line, in a release build (issue 14: a unit's records are written once
/// and read again when rated), its second and duration kept in 32 bits: the largest of each SPEC allows
/// reads back whole on both paths. A record id is read from the splitter, after the record.
@Suite struct CDRRecordLayoutTests {
  @Test func eightyBytesAndTheLargestTimes() throws {
    // subscriber and area 8 + 8, two views (16 bytes each in a release build, more with the checks of a
    // debug one), second, duration and day 4 + 4 + 4, the two flags 1 + 1 and 2 of padding: 16 + 32 + 16.
    #expect(MemoryLayout<CDRRecord>.stride == 16 + 2 * MemoryLayout<ByteView>.stride + 16)
    let splitter = CSVSplitter(scratchBytes: 1 << 16)
    let header = try CDRHeader.parse(ByteView.with(CDRHeader.canonical) { $0 }, splitter: splitter).get()
    let parser = CDRParser(header: header, month: Month(year: 2004, month: 10)!)
    // 23:59:59 is second 23 × 3600 + 59 × 60 + 59 = 86399; a day-long call is 86400 seconds (SPEC 3.1).
    let text = Array("VOICE,13871000001,MO,13871000002,2004-10-31 23:59:59,86400,027,HK0001\n".utf8)
    let reader = LineReader(MemorySource(name: "m", bytes: text))
    let line = try #require(try reader.next())
    for fast in [true, false] {
      splitter.resetScratch()
      let r = try parser.parse(line, splitter: splitter, fast: fast).get()
      #expect(r.second == 86399 && r.duration == 86400 && r.subscriber == 13_871_000_001 && r.isVoice && r.direction == .mo)
      #expect(r.peer.text == "13871000002" && r.cell.text == "HK0001" && r.day == Day("2004-10-31")!)
      #expect(parser.recordID(splitter: splitter).isEmpty)  // no record_id column
    }
  }

  /// A file with a `record_id` column (R24 b): each line's id read from the splitter after its record,
  /// quoted or not, empty when the field is.
  @Test func recordIDsAreReadAfterTheRecord() throws {
    let splitter = CSVSplitter(scratchBytes: 1 << 16)
    let headerText = Array("type,subscriber,direction,peer,start,duration,area,cell,record_id".utf8)
    let header = try CDRHeader.parse(ByteView.with(headerText) { $0 }, splitter: splitter).get()
    let parser = CDRParser(header: header, month: Month(year: 2004, month: 10)!)
    let text = "VOICE,13871000001,MO,13871000002,2004-10-05 09:30:00,60,027,HK0001,SW-000017\n"
      + "VOICE,13871000001,MO,13871000002,2004-10-05 09:30:00,60,027,HK0001,\"SW,\"\"18\"\"\"\n"
      + "SMS,13871000001,MO,13871000002,2004-10-05 09:31:00,,027,HK0001,\n"
    let reader = LineReader(MemorySource(name: "m", bytes: Array(text.utf8)))
    for expected in ["SW-000017", #"SW,"18""#, ""] {
      let line = try #require(try reader.next())
      splitter.resetScratch()
      _ = try parser.parse(line, splitter: splitter).get()
      #expect(parser.recordID(splitter: splitter).text == expected)
    }
  }
}
