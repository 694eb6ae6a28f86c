/// One call or SMS record, its fields read but not yet rated.
///
/// `peer` and `cell` are views into the line being read: valid only while
/// that line is (the reader reuses its buffer).
struct CDRRecord {
  // Stored widest first, the second and the duration in 32 bits: 64 bytes a record, one cache line, not
  // 104 (a unit's records are written by its first pass and read again by its rating). The record id of
  // R24 (b) is not kept here: ``CDRParser/recordID(splitter:)`` reads it, for files that have the column.
  var subscriber: UInt64
  /// The area code where the subscriber was, packed (``AreaCode``).
  var area: UInt64
  var peer: ByteView
  var cell: ByteView
  private var storedSecond: Int32
  private var storedDuration: Int32
  var day: Day
  var isVoice: Bool
  var direction: Direction

  /// Second of the day the record starts, 0–86399.
  var second: Int {
    @inline(__always) get { Int(storedSecond) }
    @inline(__always) set { storedSecond = Int32(truncatingIfNeeded: newValue) }
  }

  /// Seconds, 0 for an SMS or an unanswered call (at most 86400: both parsers refuse more).
  var duration: Int {
    @inline(__always) get { Int(storedDuration) }
    @inline(__always) set { storedDuration = Int32(truncatingIfNeeded: newValue) }
  }

  init(isVoice: Bool, subscriber: UInt64, direction: Direction, peer: ByteView, day: Day, second: Int, duration: Int,
       area: UInt64, cell: ByteView) {
    self.isVoice = isVoice
    self.subscriber = subscriber
    self.direction = direction
    self.peer = peer
    self.day = day
    storedSecond = Int32(truncatingIfNeeded: second)
    storedDuration = Int32(truncatingIfNeeded: duration)
    self.area = area
    self.cell = cell
  }

  /// An empty record, to fill storage before it is used.
  init() {
    self.init(isVoice: false, subscriber: 0, direction: .mo, peer: ByteView(), day: Day(ordinal: 0), second: 0,
              duration: 0, area: 0, cell: ByteView())
  }
}

/// Reads the fields of CDR lines into ``CDRRecord``s (SPEC 3.1), or says why a line is `MALFORMED`.
struct CDRParser {
  let header: CDRHeader
  /// The month most records are in: its dates are read without calendar arithmetic.
  let month: Month
  private let monthFirst: Int32
  private let monthDays: Int
  /// `YYYY-MM-` of the month as a little-endian word (``fastStart(_:at:)``); 0, which no start's bytes
  /// are, for a year of more than four digits.
  private let monthPrefix: UInt64

  /// The header is SPEC's eight columns in SPEC's order: lines are read by ``fastParse(_:)`` first.
  private let canonical: Bool

  init(header: CDRHeader, month: Month) {
    self.header = header
    canonical = header.fieldCount == 8 && header.recordID == nil && header.type == 0 && header.subscriber == 1
      && header.direction == 2 && header.peer == 3 && header.start == 4 && header.duration == 5 && header.area == 6
      && header.cell == 7
    self.month = month
    self.monthFirst = month.firstDay.ordinal
    self.monthDays = month.dayCount
    var prefix: UInt64 = 0
    if (0...9999).contains(month.year) {
      let digits = [month.year / 1000, month.year / 100 % 10, month.year / 10 % 10, month.year % 10, -3,
                    month.month / 10, month.month % 10, -3]  // -3: '-' is '0' - 3
      for (k, d) in digits.enumerated() { prefix |= UInt64(0x30 + d) << (8 * UInt64(k)) }
    }
    self.monthPrefix = prefix
  }

  /// Parses a line, or returns what is wrong with it.
  /// - Complexity: O(n) in the bytes of the line; allocates only to describe a malformed line.
  @inline(__always)
  func parse(_ line: Line, splitter: CSVSplitter, fast: Bool = true) -> Result<CDRRecord, Problem> {
    let bytes = line.bytes
    if line.tooLong { return .failure("line longer than \(bytes.count) bytes") }
    if !line.terminated { return .failure("no newline at the end of the file: the last line may be cut short") }
    if fast, let record = plainRecord(line) { return .success(record) }
    let failure = splitter.split(bytes)
    if splitter.sawNUL { return .failure("NUL byte in the line") }
    if splitter.sawHighBit, !bytes.isValidUTF8 { return .failure("invalid UTF-8") }
    if let failure { return .failure("\(failure)") }
    let f = splitter.fields
    guard f.count == header.fieldCount else {
      return .failure("expected \(header.fieldCount) fields, found \(f.count)")
    }

    let typeField = f[header.type]
    let isVoice: Bool
    if typeField.equals("VOICE") {
      isVoice = true
    } else if typeField.equals("SMS") {
      isVoice = false
    } else {
      return .failure(typeField.isEmpty ? "empty type" : "invalid type '\(typeField.text)': VOICE or SMS expected")
    }
    let subscriberField = f[header.subscriber]
    guard let subscriber = MSISDN.parse(subscriberField) else {
      return .failure(subscriberField.isEmpty ? "empty subscriber" : "invalid subscriber '\(subscriberField.text)': 11 digits expected")
    }
    let directionField = f[header.direction]
    let direction: Direction
    if directionField.equals("MO") {
      direction = .mo
    } else if directionField.equals("MT") {
      direction = .mt
    } else {
      return .failure(directionField.isEmpty ? "empty direction" : "invalid direction '\(directionField.text)': MO or MT expected")
    }
    let peer = f[header.peer]
    guard !peer.isEmpty else { return .failure("empty peer") }
    guard peer.count <= 24, peer.isAllDigits else {
      return .failure("invalid peer '\(peer.text)': digits expected")
    }
    let startField = f[header.start]
    guard let (day, second) = parseStart(startField) else {
      return .failure(startField.isEmpty ? "empty start" : "invalid start '\(startField.text)': a real YYYY-MM-DD HH:MM:SS expected")
    }
    let durationField = f[header.duration]
    var duration = 0
    if durationField.isEmpty {
      guard !isVoice else { return .failure("empty duration of a voice record") }
    } else {
      guard durationField.count <= 6, durationField.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
        return .failure("invalid duration '\(durationField.text)': whole seconds from 0 to 86400 expected")
      }
      for b in durationField { duration = duration * 10 + Int(b - UInt8(ascii: "0")) }
      guard duration <= 86400 else {
        return .failure("invalid duration '\(durationField.text)': whole seconds from 0 to 86400 expected")
      }
    }
    let areaField = f[header.area]
    guard let area = AreaCode.pack(areaField) else {
      return .failure(areaField.isEmpty ? "empty area" : "invalid area '\(areaField.text)': an area code of digits expected")
    }
    return .success(CDRRecord(isVoice: isVoice, subscriber: subscriber, direction: direction, peer: peer, day: day,
                              second: second, duration: duration, area: area, cell: f[header.cell]))
  }

  /// The switch's record id (R24 b) of the line ``parse(_:splitter:fast:)`` read last with `splitter`
  /// (valid until the splitter splits again): empty when the file has no `record_id` column. Such a file's
  /// lines are read by the splitter, never in one pass (``canonical`` needs SPEC's eight columns).
  @inline(__always)
  func recordID(splitter: CSVSplitter) -> ByteView {
    guard let column = header.recordID else { return ByteView() }
    return splitter.fields[column]
  }

  /// ``fastParse(_:)`` of a whole line (terminated, not cut) of a file in SPEC's column order, else `nil`.
  @inline(__always)
  func plainRecord(_ line: Line) -> CDRRecord? {
    var record = CDRRecord()
    return plainRecord(line, into: &record) ? record : nil
  }

  /// ``plainRecord(_:)`` written into `record` (a worker's storage for the lines of a unit), not returned
  /// to be copied there: whether the line was read plainly. `record` is left as it was when it was not.
  @inline(__always)
  func plainRecord(_ line: Line, into record: inout CDRRecord) -> Bool {
    guard canonical, line.terminated, !line.tooLong else { return false }
    return fastParse(line.bytes, into: &record)
  }

  /// A line of SPEC's columns in SPEC's order read in one pass, field after field, with no splitter: the
  /// record, or `nil` for any line it does not read plainly (a quote, a space, a field out of its class,
  /// an empty field, a byte of 0x80 or more…), which ``parse(_:splitter:)`` then reads in full and
  /// explains. For every line it reads, it gives the record the full path gives.
  @inline(__always)
  func fastParse(_ b: ByteView) -> CDRRecord? {
    var record = CDRRecord()
    return fastParse(b, into: &record) ? record : nil
  }

  /// ``fastParse(_:)`` with the record's fields stored into `record` (a worker's storage for the lines of
  /// a unit), not returned to be copied there: whether the line was read. `record` is left as it was
  /// when it was not.
  @inline(__always)
  func fastParse(_ b: ByteView, into record: inout CDRRecord) -> Bool {
    onePass(b, findsEnd: false, maxLineBytes: b.count, into: &record) != nil
  }

  /// ``plainRecord(_:into:)`` of the line that starts at `at` of `body`, bytes of whole lines each ending
  /// in LF (``LineReader/body``): its end found in the same pass. Where the next line starts, or `nil`
  /// for a line it does not read plainly (`record` then as it was), whose end the caller finds.
  ///
  /// `@_transparent` (and ``onePass(_:findsEnd:maxLineBytes:into:)`` too), not `@inline(__always)`: the
  /// optimizer weighs a body this size against its call and keeps the call (the worker's loop then spills
  /// and reloads around it).
  @_transparent
  func plainLine(_ body: ByteView, at: Int, maxLineBytes: Int, into record: inout CDRRecord) -> Int? {
    guard canonical, let next = onePass(body.unchecked(at, body.count &- at), findsEnd: true, maxLineBytes: maxLineBytes,
                                        into: &record) else { return nil }
    return at &+ next
  }

  /// The one pass of ``fastParse(_:into:)`` and ``plainLine(_:at:maxLineBytes:into:)``: `b` is the line's
  /// bytes, or with `findsEnd` the bytes from its start on, its LF among them (its bytes after the LF
  /// are never read as its own: each field's scan stops at a byte out of its class, the LF among them).
  /// Where the next line starts in `b` (its count without `findsEnd`), or `nil`.
  @_transparent
  private func onePass(_ b: ByteView, findsEnd: Bool, maxLineBytes: Int, into record: inout CDRRecord) -> Int? {
    // `n`: the bytes that may be read; `stop`, below: where the line's bytes end.
    let n = b.count
    guard n >= 44 else { return nil }
    // type: `VOICE,` or `SMS,` (little-endian words).
    let w0 = b.word(at: 0)
    let isVoice: Bool
    var i: Int
    if w0 & 0xFFFF_FFFF_FFFF == 0x2C45_4349_4F56 {  // "VOICE,"
      isVoice = true
      i = 6
    } else if w0 & 0xFFFF_FFFF == 0x2C53_4D53 {  // "SMS,"
      isVoice = false
      i = 4
    } else {
      return nil
    }
    // subscriber: 11 digits and a comma, in two overlapping words (bytes 0–7 and 3–10).
    let sw = b.word(at: i)
    let sw3 = b.word(at: i &+ 3)
    guard SWAR.allDigits(sw), SWAR.allDigits(sw3), b[i &+ 11] == UInt8(ascii: ",") else { return nil }
    let subscriber = SWAR.eightDigits(sw) &* 1000 &+ SWAR.eightDigits(sw3 & 0xFFFF_FF00_0000_0000)
    i &+= 12
    // direction: `MO,` or `MT,`.
    let dw = b.word(at: i) & 0xFF_FFFF
    let direction: Direction
    if dw == 0x2C_4F4D {  // "MO,"
      direction = .mo
    } else if dw == 0x2C_544D {  // "MT,"
      direction = .mt
    } else {
      return nil
    }
    i &+= 3
    // The fields from here on are read a word at a time: `load(at:)` is the 8 bytes from an offset,
    // zero bytes (neither a digit nor a comma) for those past the line's end.
    @inline(__always) func load(at k: Int) -> UInt64 {
      if k &+ 8 <= n { return b.word(at: k) }
      let shift = 8 &* (k &+ 8 &- n)
      return shift >= 64 ? 0 : b.word(at: n &- 8) &>> UInt64(shift)
    }
    @inline(__always) func byte(_ w: UInt64, _ k: Int) -> UInt8 { UInt8(truncatingIfNeeded: w &>> UInt64(8 &* k)) }
    // peer: 1 to 24 digits and a comma.
    let peerStart = i
    var w = load(at: i)
    var run = SWAR.leadingDigitCount(w)
    i &+= run
    while run == 8, i &- peerStart <= 24 {
      w = load(at: i)
      run = SWAR.leadingDigitCount(w)
      i &+= run
    }
    guard byte(w, run) == UInt8(ascii: ","), i > peerStart, i &- peerStart <= 24 else { return nil }
    let peer = b.unchecked(peerStart, i &- peerStart)
    i &+= 1
    // start: 19 bytes and a comma.
    guard i &+ 20 <= n, b[i &+ 19] == UInt8(ascii: ","), let (day, second) = fastStart(b, at: i) else {
      return nil
    }
    i &+= 20
    // duration: 1 to 6 digits, at most 86400; empty for an SMS (an empty one of a voice record is the
    // full path's to explain).
    w = load(at: i)
    run = SWAR.leadingDigitCount(w)
    guard run <= 6, byte(w, run) == UInt8(ascii: ","), run > 0 || !isVoice else { return nil }
    let duration = run == 0 ? 0 : Int(truncatingIfNeeded: SWAR.digits(w, count: run))
    guard duration <= 86400 else { return nil }
    i &+= run &+ 1
    // area: 1 to 15 digits and a comma, packed as AreaCode.pack packs them.
    w = load(at: i)
    run = SWAR.leadingDigitCount(w)
    var area: UInt64
    if run < 8 {
      guard run > 0, byte(w, run) == UInt8(ascii: ",") else { return nil }
      area = SWAR.digitNibbles(w, count: run)
      i &+= run &+ 1
    } else {
      // 8 digits or more (no area code of the numbering plan is so long): one at a time.
      let areaStart = i
      area = 0
      while i < n, b[i] &- UInt8(ascii: "0") < 10, i &- areaStart < 15 {
        area = area << 4 | UInt64(b[i] &- UInt8(ascii: "0") &+ 1)
        i &+= 1
      }
      guard i < n, b[i] == UInt8(ascii: ",") else { return nil }
      i &+= 1
    }
    // cell: the rest, printable ASCII without a comma or a quote, up to the line's end: `n`, or with
    // `findsEnd` its LF (a CR before the LF not the cell's).
    let cellStart = i
    // Eight bytes at a time: the first byte below 0x20 or from 0x7F, a comma or a quote ends it (each
    // test is exact on the first byte it flags). LF and CR are below 0x20, so are the zeros past `n`.
    var k = cellStart
    var flagged: UInt64
    while true {
      let v = load(at: k)
      let control = (v &- SWAR.ones &* 0x20) & ~v & SWAR.high
      let high = ((v &+ SWAR.ones) | v) & SWAR.high
      flagged = control | high | SWAR.bytes(v, equalTo: UInt8(ascii: ",")) | SWAR.bytes(v, equalTo: UInt8(ascii: "\""))
      if flagged != 0 { break }
      k &+= 8
    }
    k &+= flagged.trailingZeroBitCount &>> 3
    let stop = k
    var next = n
    if findsEnd {
      guard k < n else { return nil }
      if b[k] == 0x0D {
        k &+= 1
        guard k < n else { return nil }
      }
      guard b[k] == 0x0A, stop <= maxLineBytes else { return nil }  // (a line longer than that is cut)
      next = k &+ 1
    } else {
      guard k == n else { return nil }
    }
    record.isVoice = isVoice
    record.subscriber = subscriber
    record.direction = direction
    record.peer = peer
    record.day = day
    record.second = second
    record.duration = duration
    record.area = area
    record.cell = b.unchecked(cellStart, stop &- cellStart)
    return next
  }

  /// ``parseStart(_:)`` of the 19 bytes at `i` of a line (the caller has checked that they are there), in
  /// fewer steps: a start in the parser's month is told by one comparison of its first eight bytes, and
  /// the hours, minutes and seconds are read in one word.
  @inline(__always)
  func fastStart(_ b: ByteView, at i: Int) -> (Day, Int)? {
    let w1 = b.word(at: i)  // `YYYY-MM-`
    guard w1 == monthPrefix else { return otherMonthStart(b, at: i) }
    let w2 = b.word(at: i &+ 8)  // `DD HH:MM`: the day's digits and the separator
    let w3 = b.word(at: i &+ 11)  // `HH:MM:SS`
    let sep3: UInt64 = 0x0000_FF00_00FF_0000  // bytes 2 and 5: ':'
    let t = w3 & ~sep3 | 0x0000_3000_0030_0000
    let gap = w2 &>> 16 & 0xFF
    guard w3 & sep3 == 0x0000_3A00_003A_0000, SWAR.allDigits(t), gap == 0x20 || gap == 0x54,
      SWAR.nonDigitBytes(w2) & 0x8080 == 0 else { return nil }
    // Each byte's value times 10 plus the next byte's value: bytes 0, 3 and 6 are then HH, MM and SS
    // (each byte at most 9 before, at most 99 after: no carry).
    let v = t & 0x0F0F_0F0F_0F0F_0F0F
    let pairs = v &* 10 &+ v &>> 8
    let hh = Int(truncatingIfNeeded: pairs & 0xFF)
    let mm = Int(truncatingIfNeeded: pairs &>> 24 & 0xFF)
    let ss = Int(truncatingIfNeeded: pairs &>> 48 & 0xFF)
    let d = Int(truncatingIfNeeded: w2 & 0x0F) &* 10 &+ Int(truncatingIfNeeded: w2 &>> 8 & 0x0F)
    guard hh < 24, mm < 60, ss < 60, d >= 1, d <= monthDays else { return nil }
    return (Day(ordinal: monthFirst &+ Int32(truncatingIfNeeded: d &- 1)), hh &* 3600 &+ mm &* 60 &+ ss)
  }

  /// ``parseStart(_:)`` out of line: the start of a record of another month (or not a start).
  @inline(never)
  func otherMonthStart(_ b: ByteView, at i: Int) -> (Day, Int)? { parseStart(b.unchecked(i, 19)) }

  /// `YYYY-MM-DD HH:MM:SS` (or with `T`) → day and second of the day; `nil` for anything else or a date that does not exist.
  @inline(__always)
  func parseStart(_ s: ByteView) -> (Day, Int)? {
    guard s.count == 19 else { return nil }
    // Three words (SWAR): `YYYY-MM-`, `DD?HH:MM` read as bytes 8–10, and `HH:MM:SS` at 11.
    let w1 = s.word(at: 0)
    let w3 = s.word(at: 11)
    let sep1: UInt64 = 0xFF00_00FF_0000_0000  // bytes 4 and 7: '-'
    let sep3: UInt64 = 0x0000_FF00_00FF_0000  // bytes 13 and 16 (2 and 5 of w3): ':'
    guard w1 & sep1 == 0x2D00_002D_0000_0000, w3 & sep3 == 0x0000_3A00_003A_0000,
      SWAR.allDigits(w1 & ~sep1 | 0x3000_0030_0000_0000), SWAR.allDigits(w3 & ~sep3 | 0x0000_3000_0030_0000),
      s[10] == UInt8(ascii: " ") || s[10] == UInt8(ascii: "T")
    else { return nil }
    @inline(__always) func at(_ w: UInt64, _ i: Int) -> Int { Int(truncatingIfNeeded: w >> UInt64(8 * i)) & 0xFF &- 0x30 }
    let d0 = Int(s[8] &- UInt8(ascii: "0"))
    let d1 = Int(s[9] &- UInt8(ascii: "0"))
    guard d0 < 10, d1 < 10 else { return nil }
    let (y0, y1, y2, y3, m0, m1) = (at(w1, 0), at(w1, 1), at(w1, 2), at(w1, 3), at(w1, 5), at(w1, 6))
    let (h0, h1, i0, i1, s0, s1) = (at(w3, 0), at(w3, 1), at(w3, 3), at(w3, 4), at(w3, 6), at(w3, 7))
    let hh = h0 * 10 + h1
    let mm = i0 * 10 + i1
    let ss = s0 * 10 + s1
    guard hh < 24, mm < 60, ss < 60 else { return nil }
    let second = hh * 3600 + mm * 60 + ss
    let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
    let m = m0 * 10 + m1
    let d = d0 * 10 + d1
    if year == month.year, m == month.month {
      guard d >= 1, d <= monthDays else { return nil }
      return (Day(ordinal: monthFirst + Int32(d - 1)), second)
    }
    guard let day = Day(year: year, month: m, day: d) else { return nil }
    return (day, second)
  }
}
