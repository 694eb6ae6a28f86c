/// One call or SMS record, its fields read but not yet rated.
///
/// `peer` and `cell` are views into the line being read: valid only while
/// that line is (the reader reuses its buffer).
struct CDRRecord {
  var isVoice: Bool
  var subscriber: UInt64
  var direction: Direction
  var peer: ByteView
  var day: Day
  /// Second of the day the record starts, 0–86399.
  var second: Int
  /// Seconds, 0 for an SMS or an unanswered call.
  var duration: Int
  /// The area code where the subscriber was, packed (``AreaCode``).
  var area: UInt64
  var cell: ByteView
  /// The switch's record id (R24 b), empty when the file has none.
  var recordID = ByteView()

  init(isVoice: Bool, subscriber: UInt64, direction: Direction, peer: ByteView, day: Day, second: Int, duration: Int,
       area: UInt64, cell: ByteView, recordID: ByteView = ByteView()) {
    self.isVoice = isVoice
    self.subscriber = subscriber
    self.direction = direction
    self.peer = peer
    self.day = day
    self.second = second
    self.duration = duration
    self.area = area
    self.cell = cell
    self.recordID = recordID
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

  init(header: CDRHeader, month: Month) {
    self.header = header
    self.month = month
    self.monthFirst = month.firstDay.ordinal
    self.monthDays = month.dayCount
  }

  /// Parses a line, or returns what is wrong with it.
  /// - Complexity: O(n) in the bytes of the line; allocates only to describe a malformed line.
  @inline(__always)
  func parse(_ line: Line, splitter: CSVSplitter) -> Result<CDRRecord, Problem> {
    let bytes = line.bytes
    if line.tooLong { return .failure("line longer than \(bytes.count) bytes") }
    if !line.terminated { return .failure("no newline at the end of the file: the last line may be cut short") }
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
                              second: second, duration: duration, area: area, cell: f[header.cell],
                              recordID: header.recordID.map { f[$0] } ?? ByteView()))
  }

  /// `YYYY-MM-DD HH:MM:SS` (or with `T`) → day and second of the day; `nil` for anything else or a date that does not exist.
  @inline(__always)
  func parseStart(_ s: ByteView) -> (Day, Int)? {
    guard s.count == 19 else { return nil }
    @inline(__always) func at(_ i: Int) -> Int { Int(s[i] &- UInt8(ascii: "0")) }
    let (y0, y1, y2, y3, m0, m1, d0, d1) = (at(0), at(1), at(2), at(3), at(5), at(6), at(8), at(9))
    let (h0, h1, i0, i1, s0, s1) = (at(11), at(12), at(14), at(15), at(17), at(18))
    // A byte below '0' wraps to a large value: one comparison per digit.
    let digits = y0 < 10 && y1 < 10 && y2 < 10 && y3 < 10 && m0 < 10 && m1 < 10 && d0 < 10 && d1 < 10
      && h0 < 10 && h1 < 10 && i0 < 10 && i1 < 10 && s0 < 10 && s1 < 10
    let separators = s[4] == UInt8(ascii: "-") && s[7] == UInt8(ascii: "-")
      && (s[10] == UInt8(ascii: " ") || s[10] == UInt8(ascii: "T")) && s[13] == UInt8(ascii: ":") && s[16] == UInt8(ascii: ":")
    guard digits, separators else { return nil }
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
