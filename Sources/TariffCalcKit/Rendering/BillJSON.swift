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
  /// - Complexity: O(size of the line). Constant parts are `StaticString`s: copied without reference
  ///   counting, so that threads rendering bills side by side share no counter.
  public static func append(_ bill: Bill, to out: inout [UInt8]) {
    put(#"{"subscriber":"#, &out)
    string(bill.subscriber, to: &out)
    put(#","month":""#, &out)
    padded(bill.month.year, 4, to: &out)
    out.append(UInt8(ascii: "-"))
    padded(bill.month.month, 2, to: &out)
    put(#"","as_of":"#, &out)
    if let asOf = bill.asOf {
      let (y, m, d) = asOf.components
      out.append(UInt8(ascii: "\""))
      padded(y, 4, to: &out)
      out.append(UInt8(ascii: "-"))
      padded(m, 2, to: &out)
      out.append(UInt8(ascii: "-"))
      padded(d, 2, to: &out)
      out.append(UInt8(ascii: "\""))
    } else {
      put("null", &out)
    }
    put(#","plans":["#, &out)
    for (i, plan) in bill.plans.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      string(plan, to: &out)
    }
    put(#"],"active_days":"#, &out)
    number(Int64(bill.activeDays), to: &out)
    put(#","lines":["#, &out)
    for (i, line) in bill.lines.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      put(lineStart(line.code), &out)
      number(line.amountFen, to: &out)
      if let q = line.quantity, let unit = line.unit {
        put(#","quantity":"#, &out)
        number(q, to: &out)
        put(#","unit":"#, &out)
        string(unit, to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
    put(#"],"total_fen":"#, &out)
    number(bill.totalFen, to: &out)
    if !bill.allowances.isEmpty {
      put(#","allowances":["#, &out)
      for (i, a) in bill.allowances.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        put(#"{"kind":"#, &out)
        string(a.kind, to: &out)
        put(#","unit":"#, &out)
        string(a.unit, to: &out)
        put(#","granted":"#, &out)
        number(a.granted, to: &out)
        put(#","used":"#, &out)
        number(a.used, to: &out)
        out.append(UInt8(ascii: "}"))
      }
      out.append(UInt8(ascii: "]"))
    }
    put("}\n", &out)
  }

  /// `value` (0 or more) in `width` digits, zeros in front: `YYYY`, `MM`, `DD` without a `String`.
  @inline(__always)
  static func padded(_ value: Int, _ width: Int, to out: inout [UInt8]) {
    let start = out.count
    out.append(contentsOf: repeatElement(0x30, count: width))
    var v = value
    var i = start + width - 1
    while i >= start {
      out[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
      v /= 10
      i -= 1
    }
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

  public static func line(_ bill: Bill) -> String {
    var out: [UInt8] = []
    append(bill, to: &out)
    return String(decoding: out, as: UTF8.self)
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
      lines.append(BillLine(code: code, amountFen: amount, quantity: item["quantity"]?.int, unit: item["unit"]?.string))
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
