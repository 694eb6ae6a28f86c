/// The `bills.jsonl` contract (SPEC 6): one bill as one line of JSON.
///
///     {"subscriber":"13871234567","month":"2004-03","as_of":null,"plans":["gotone"],"active_days":22,
///      "lines":[{"code":"RENTAL","label":"月租费","amount_fen":3616},
///               {"code":"LOCAL","label":"本地通话费","amount_fen":1080,"quantity":30,"unit":"min"}],
///      "total_fen":4696,"allowances":[…]}
///
/// Keys in this order; `allowances` (granted and used units per allowance)
/// is an extra field, present only when the plan has allowances.
public enum BillJSON {
  /// Appends the bill's line (with its newline) to `out`.
  /// - Complexity: O(size of the line). The line is written through a pointer into room on the stack
  ///   (``room(for:)`` bytes at most), then appended to `out` in one copy: no capacity check and no
  ///   generic `append` per field. Constant parts are `StaticString`s: copied without reference counting,
  ///   so that threads rendering bills side by side share no counter.
  public static func append(_ bill: Bill, to out: inout [UInt8]) {
    RawWriter.append(room: room(for: bill), to: &out) { write(bill, &$0) }
  }

  /// Appends the bill's line (with its newline) to `buffer`, written in place: room is made once a bill.
  static func append(_ bill: Bill, to buffer: inout ByteBuffer) {
    buffer.write(room: room(for: bill)) { write(bill, &$0) }
  }

  /// How many bytes the line of `bill` takes at most: every string escaped at its longest (6 bytes a
  /// byte, `\u00XX`), every number at its longest (a sign and 20 digits).
  static func room(for bill: Bill) -> Int {
    // The constant parts (about 170 bytes) and active_days and total_fen (21 bytes each).
    var n = 224 + 6 * bill.subscriber.utf8.count
    for plan in bill.plans { n += 3 + 6 * plan.utf8.count }
    // `,` start amount `,"quantity":` quantity `,"unit":` `"`unit`"` `}`
    for line in bill.lines { n += lineStart(line.code).utf8CodeUnitCount + 70 }
    // `,{"kind":` kind `,"unit":` unit `,"granted":` granted `,"used":` used `}`
    for a in bill.allowances { n += 85 + 6 * (a.kind.utf8.count + a.unit.utf8.count) }
    return n
  }

  static func write(_ bill: Bill, _ w: inout RawWriter) {
    w.put(#"{"subscriber":"#)
    w.string(bill.subscriber)
    w.put(#","month":""#)
    w.padded(bill.month.year, 4)
    w.byte(UInt8(ascii: "-"))
    w.padded(bill.month.month, 2)
    w.put(#"","as_of":"#)
    if let asOf = bill.asOf {
      let (y, m, d) = asOf.components
      w.byte(UInt8(ascii: "\""))
      w.padded(y, 4)
      w.byte(UInt8(ascii: "-"))
      w.padded(m, 2)
      w.byte(UInt8(ascii: "-"))
      w.padded(d, 2)
      w.byte(UInt8(ascii: "\""))
    } else {
      w.put("null")
    }
    w.put(#","plans":["#)
    for (i, plan) in bill.plans.enumerated() {
      if i > 0 { w.byte(UInt8(ascii: ",")) }
      w.string(plan)
    }
    w.put(#"],"active_days":"#)
    w.number(Int64(bill.activeDays))
    w.put(#","lines":["#)
    var total: Int64 = 0  // the bill's total (R1), summed on the way
    for (i, line) in bill.lines.enumerated() {
      if i > 0 { w.byte(UInt8(ascii: ",")) }
      w.put(lineStart(line.code))
      w.number(line.amountFen)
      total += line.amountFen
      if let q = line.quantity, let unit = line.unit {
        w.put(#","quantity":"#)
        w.number(q)
        w.put(unit == .minutes ? #","unit":"min""# : #","unit":"msg""#)
      }
      w.byte(UInt8(ascii: "}"))
    }
    w.put(#"],"total_fen":"#)
    w.number(total)
    if !bill.allowances.isEmpty {
      w.put(#","allowances":["#)
      for (i, a) in bill.allowances.enumerated() {
        if i > 0 { w.byte(UInt8(ascii: ",")) }
        w.put(#"{"kind":"#)
        w.string(a.kind)
        w.put(#","unit":"#)
        w.string(a.unit)
        w.put(#","granted":"#)
        w.number(a.granted)
        w.put(#","used":"#)
        w.number(a.used)
        w.byte(UInt8(ascii: "}"))
      }
      w.byte(UInt8(ascii: "]"))
    }
    w.put("}\n")
  }

  /// `{"code":"RENTAL","label":"月租费","amount_fen":` — each code with its label (SPEC 6).
  static func lineStart(_ code: LineCode) -> StaticString {
    switch code {
    case .rental: #"{"code":"RENTAL","label":"月租费","amount_fen":"#
    case .feature: #"{"code":"FEATURE","label":"功能费/套餐费","amount_fen":"#
    case .flatIncoming: #"{"code":"FLAT_INCOMING","label":"被叫包月费","amount_fen":"#
    case .local: #"{"code":"LOCAL","label":"本地通话费","amount_fen":"#
    case .roaming: #"{"code":"ROAMING","label":"漫游通话费","amount_fen":"#
    case .longDistance: #"{"code":"LONG_DISTANCE","label":"长途费","amount_fen":"#
    case .sms: #"{"code":"SMS","label":"短信费","amount_fen":"#
    case .minSpendTopUp: #"{"code":"MIN_SPEND_TOPUP","label":"最低消费补足","amount_fen":"#
    }
  }

  public static func line(_ bill: Bill) -> String {
    var out: [UInt8] = []
    append(bill, to: &out)
    return String(decoding: out, as: UTF8.self)
  }
}

/// The same pieces appended to an array, for the other JSON and CSV writers of this stage.
extension BillJSON {
  @inline(__always)
  static func put(_ s: StaticString, _ out: inout [UInt8]) {
    out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  /// An integer in decimal, without going through `String`.
  @inline(__always)
  static func number(_ value: Int64, to out: inout [UInt8]) {
    if value < 0 { out.append(UInt8(ascii: "-")) }
    var v = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, kept on the stack
    var count = 0
    withUnsafeMutableBytes(of: &digits) { d in
      repeat {
        d[23 - count] = UInt8(ascii: "0") + UInt8(v % 10)
        v /= 10
        count += 1
      } while v > 0
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(24 - count)...]))
    }
  }

  /// A JSON string literal: quotes, backslashes and control characters escaped.
  static func string(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var copy = s
    copy.withUTF8 { bytes in
      // Most strings need no escape: copy them whole.
      guard bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
        out.append(contentsOf: bytes)
        return
      }
      for b in bytes {
        switch b {
        case UInt8(ascii: "\""): out += #"\""#.utf8
        case UInt8(ascii: "\\"): out += #"\\"#.utf8
        case 0x0A: out += #"\n"#.utf8
        case 0x0D: out += #"\r"#.utf8
        case 0x09: out += #"\t"#.utf8
        case 0..<0x20:
          let hex = Array("0123456789abcdef".utf8)
          out += #"\u00"#.utf8
          out.append(hex[Int(b >> 4)])
          out.append(hex[Int(b & 0xF)])
        default: out.append(b)
        }
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}

/// Bytes appended through a pointer into memory of its own (the bills of a piece of subscribers): room is
/// made once a bill (``reserve(more:)``), and no capacity or uniqueness is checked a byte.
struct ByteBuffer {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var capacity: Int
  /// The bytes written, from `base`.
  var count = 0

  init(capacity: Int) {
    self.capacity = max(64, capacity)
    base = .allocate(capacity: self.capacity)
  }

  /// Makes room for `n` bytes after the first `count`.
  mutating func reserve(more n: Int) {
    guard count + n > capacity else { return }
    var grown = capacity * 2
    while grown < count + n { grown *= 2 }
    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
    bigger.initialize(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity = grown
  }

  /// Writes at most `room` bytes after the first `count`, through `body`.
  @inline(__always)
  mutating func write(room: Int, _ body: (inout RawWriter) -> Void) {
    reserve(more: room)
    let start = base + count
    var w = RawWriter(start)
    body(&w)
    let written = w.p - start
    precondition(written <= room, "bytes written past the room made for them")
    count += written
  }

  /// The bytes written, in place (valid until the buffer is next written or freed).
  var raw: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  /// Frees the memory; the buffer is not used after.
  func free() { base.deallocate() }
}

/// Writes bytes through a pointer into room made beforehand: the caller has made sure there is room.
struct RawWriter {
  var p: UnsafeMutablePointer<UInt8>

  init(_ p: UnsafeMutablePointer<UInt8>) { self.p = p }

  /// Appends to `out` the bytes `body` writes, at most `room` of them: written through a pointer into
  /// room on the stack, then appended in one copy.
  static func append(room: Int, to out: inout [UInt8], _ body: (inout RawWriter) -> Void) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { buffer in
      let base = buffer.baseAddress!
      var w = RawWriter(base)
      body(&w)
      let count = w.p - base
      precondition(count <= room, "bytes written past the room made for them")
      out.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }
  }

  @inline(__always)
  mutating func byte(_ b: UInt8) {
    p.pointee = b
    p += 1
  }

  @inline(__always)
  mutating func put(_ s: StaticString) {
    let n = s.utf8CodeUnitCount
    p.update(from: s.utf8Start, count: n)
    p += n
  }

  @inline(__always)
  mutating func bytes(_ b: UnsafeRawBufferPointer) {
    guard let from = b.baseAddress else { return }
    UnsafeMutableRawPointer(p).copyMemory(from: from, byteCount: b.count)
    p += b.count
  }

  /// `value` in `width` digits, zeros in front: `YYYY`, `MM`, `DD` (the last `width` digits of a longer one).
  @inline(__always)
  mutating func padded(_ value: Int, _ width: Int) {
    var v = value
    var i = width - 1
    while i >= 0 {
      p[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
      v /= 10
      i -= 1
    }
    p += width
  }

  /// An integer in decimal, without going through `String`: two digits at a time, from the last.
  @inline(__always)
  mutating func number(_ value: Int64) {
    if value < 0 { byte(UInt8(ascii: "-")) }
    var v = value.magnitude
    var digits = 1
    var power: UInt64 = 10
    while digits < 20, v >= power {
      digits += 1
      power &*= 10
    }
    let pairs = RawWriter.pairs.utf8Start
    var q = p + digits
    while v >= 100 {
      let r = Int(truncatingIfNeeded: v % 100) &* 2
      v /= 100
      q -= 2
      q[0] = pairs[r]
      q[1] = pairs[r &+ 1]
    }
    if v >= 10 {
      let r = Int(truncatingIfNeeded: v) &* 2
      q[-2] = pairs[r]
      q[-1] = pairs[r &+ 1]
    } else {
      q[-1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v)
    }
    p += digits
  }

  /// `00`, `01` … `99`: the two digits of each number below 100.
  static var pairs: StaticString { "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899" }

  /// Whether a byte of `w` is a control character, `"` or `\` (each byte tested alone: a byte ≥ 0x80,
  /// part of a UTF-8 sequence, is none of them).
  @inline(__always)
  static func needsEscape(_ w: UInt64) -> Bool {
    // A byte below 0x20 (as a yes or no exact: a borrow spreads only past a byte that is below 0x20 itself).
    let control = (w &- SWAR.ones &* 0x20) & ~w & SWAR.high
    return control | SWAR.bytes(w, equalTo: UInt8(ascii: "\"")) | SWAR.bytes(w, equalTo: UInt8(ascii: "\\")) != 0
  }

  /// A JSON string literal: quotes, backslashes and control characters escaped.
  mutating func string(_ s: String) {
    byte(UInt8(ascii: "\""))
    var copy = s
    copy.withUTF8 { bytes in
      var q = p
      var i = 0
      // Eight bytes a round while none of them needs an escape (numbers, plan ids, allowance kinds).
      if let base = bytes.baseAddress {
        while i &+ 8 <= bytes.count {
          let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
          guard !RawWriter.needsEscape(w) else { break }
          UnsafeMutableRawPointer(q).storeBytes(of: w, as: UInt64.self)
          q += 8
          i &+= 8
        }
      }
      for b in bytes[i...] {
        if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
          q.pointee = b
          q += 1
          continue
        }
        q.pointee = UInt8(ascii: "\\")
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): q[1] = b
        case 0x0A: q[1] = UInt8(ascii: "n")
        case 0x0D: q[1] = UInt8(ascii: "r")
        case 0x09: q[1] = UInt8(ascii: "t")
        default:
          let hex: StaticString = "0123456789abcdef"
          q[1] = UInt8(ascii: "u")
          q[2] = UInt8(ascii: "0")
          q[3] = UInt8(ascii: "0")
          q[4] = hex.utf8Start[Int(b >> 4)]
          q[5] = hex.utf8Start[Int(b & 0xF)]
          q += 4
        }
        q += 2
      }
      p = q
    }
    byte(UInt8(ascii: "\""))
  }
}

extension BillJSON {
  /// Reads one line of `bills.jsonl` back into a bill, or says what is wrong with it.
  ///
  /// `total_fen` is read and returned beside the bill: a bill's total is the sum of its lines (R1),
  /// and a reader checking a file wants to know when a file says otherwise.
  public static func parse(_ line: [UInt8]) -> Result<(bill: Bill, totalFen: Int64), Problem> {
    switch JSONValue.parse(line) {
    case .failure(let problem): return .failure(problem)
    case .success(let v): return bill(from: v)
    }
  }

  static func bill(from v: JSONValue) -> Result<(bill: Bill, totalFen: Int64), Problem> {
    guard case .object = v else { return .failure("a bill must be a JSON object") }
    guard let subscriber = v["subscriber"]?.string, subscriber.count == 11, MSISDN.parse(subscriber) != nil else {
      return .failure("'subscriber' must be a string of 11 digits")
    }
    guard let monthText = v["month"]?.string, let month = Month(monthText) else {
      return .failure("'month' must be a string YYYY-MM")
    }
    var asOf: Day? = nil
    if let a = v["as_of"], !a.isNull {
      guard let text = a.string, let day = Day(text) else { return .failure("'as_of' must be null or a day YYYY-MM-DD") }
      asOf = day
    }
    guard let plans = v["plans"]?.array?.compactMap(\.string) else { return .failure("'plans' must be an array of plan ids") }
    guard let activeDays = v["active_days"]?.int else { return .failure("'active_days' must be a whole number") }
    guard let items = v["lines"]?.array else { return .failure("'lines' must be an array") }
    var lines: [BillLine] = []
    var sum: Int64 = 0
    for item in items {
      guard let codeText = item["code"]?.string, let code = LineCode(code: codeText) else {
        return .failure("a line has no known 'code'")
      }
      guard let amount = item["amount_fen"]?.int else { return .failure("line \(codeText) has no whole 'amount_fen'") }
      let (next, overflow) = sum.addingReportingOverflow(amount)
      guard !overflow else { return .failure("the amounts of the lines add up past what 64 bits hold") }
      sum = next
      var unit: QuantityUnit? = nil
      if let u = item["unit"], !u.isNull {
        guard let word = u.string, let known = QuantityUnit(word: word) else {
          return .failure("line \(codeText) has a 'unit' that is neither \"min\" nor \"msg\"")
        }
        unit = known
      }
      lines.append(BillLine(code: code, amountFen: amount, quantity: item["quantity"]?.int, unit: unit))
    }
    guard let total = v["total_fen"]?.int else { return .failure("'total_fen' must be a whole number") }
    var allowances: [AllowanceUse] = []
    for a in v["allowances"]?.array ?? [] {
      guard let kind = a["kind"]?.string, let unit = a["unit"]?.string, let granted = a["granted"]?.int,
        let used = a["used"]?.int
      else { return .failure("an allowance needs 'kind', 'unit', 'granted' and 'used'") }
      allowances.append(AllowanceUse(kind: kind, unit: unit, granted: granted, used: used))
    }
    let bill = Bill(subscriber: subscriber, month: month, asOf: asOf, plans: plans, activeDays: Int(activeDays),
                    lines: lines, allowances: allowances)
    return .success((bill, total))
  }
}
