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
  public static func append(_ bill: Bill, to out: inout [UInt8]) {
    out += #"{"subscriber":"#.utf8
    string(bill.subscriber, to: &out)
    out += #","month":""#.utf8
    out += bill.month.description.utf8
    out += #"","as_of":"#.utf8
    if let asOf = bill.asOf {
      string(asOf.description, to: &out)
    } else {
      out += "null".utf8
    }
    out += #","plans":["#.utf8
    for (i, plan) in bill.plans.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      string(plan, to: &out)
    }
    out += #"],"active_days":"#.utf8
    out += String(bill.activeDays).utf8
    out += #","lines":["#.utf8
    for (i, line) in bill.lines.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      out += #"{"code":""#.utf8
      out += line.code.code.utf8
      out += #"","label":""#.utf8
      out += line.code.label.utf8
      out += #"","amount_fen":"#.utf8
      out += String(line.amountFen).utf8
      if let q = line.quantity, let unit = line.unit {
        out += #","quantity":"#.utf8
        out += String(q).utf8
        out += #","unit":"#.utf8
        string(unit, to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
    out += #"],"total_fen":"#.utf8
    out += String(bill.totalFen).utf8
    if !bill.allowances.isEmpty {
      out += #","allowances":["#.utf8
      for (i, a) in bill.allowances.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        out += #"{"kind":"#.utf8
        string(a.kind, to: &out)
        out += #","unit":"#.utf8
        string(a.unit, to: &out)
        out += #","granted":"#.utf8
        out += String(a.granted).utf8
        out += #","used":"#.utf8
        out += String(a.used).utf8
        out.append(UInt8(ascii: "}"))
      }
      out.append(UInt8(ascii: "]"))
    }
    out += "}\n".utf8
  }

  public static func line(_ bill: Bill) -> String {
    var out: [UInt8] = []
    append(bill, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// A JSON string literal: quotes, backslashes and control characters escaped.
  static func string(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for b in s.utf8 {
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
    for item in items {
      guard let codeText = item["code"]?.string, let code = LineCode(code: codeText) else {
        return .failure("a line has no known 'code'")
      }
      guard let amount = item["amount_fen"]?.int else { return .failure("line \(codeText) has no whole 'amount_fen'") }
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
