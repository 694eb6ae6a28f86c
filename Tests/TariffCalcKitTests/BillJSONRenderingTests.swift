import Testing
@testable import TariffCalcKit

/// `BillJSON.append` writes through a pointer into room it sizes itself (issue 14). Its lines are checked
/// against a plain rendering built from `String`s on many made-up bills: strings with every escape and
/// long non-ASCII text, numbers at both ends of 64 bits, bills with and without as-of days and allowances.
@Suite struct BillJSONRenderingTests {
  /// SPEC 6 by hand: each value as the contract spells it.
  static func reference(_ bill: Bill) -> String {
    func quoted(_ s: String) -> String {
      var out = "\""
      for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
          let hex = String(scalar.value, radix: 16)
          out += "\\u00" + (hex.count == 1 ? "0" + hex : hex)
        default: out.unicodeScalars.append(scalar)
        }
      }
      return out + "\""
    }
    func padded(_ v: Int, _ width: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    var s = "{\"subscriber\":" + quoted(bill.subscriber)
    s += ",\"month\":\"" + padded(bill.month.year, 4) + "-" + padded(bill.month.month, 2) + "\""
    if let d = bill.asOf {
      let c = d.components
      s += ",\"as_of\":\"" + padded(c.year, 4) + "-" + padded(c.month, 2) + "-" + padded(c.day, 2) + "\""
    } else {
      s += ",\"as_of\":null"
    }
    s += ",\"plans\":[" + bill.plans.map(quoted).joined(separator: ",") + "]"
    s += ",\"active_days\":\(bill.activeDays),\"lines\":["
    s += bill.lines.map { line in
      var l = "{\"code\":\"\(line.code.code)\",\"label\":\"\(line.code.label)\",\"amount_fen\":\(line.amountFen)"
      if let q = line.quantity, let u = line.unit { l += ",\"quantity\":\(q),\"unit\":" + quoted(u == .minutes ? "min" : "msg") }
      return l + "}"
    }.joined(separator: ",")
    s += "],\"total_fen\":\(bill.totalFen)"
    if !bill.allowances.isEmpty {
      s += ",\"allowances\":[" + bill.allowances.map { a in
        "{\"kind\":" + quoted(a.kind) + ",\"unit\":" + quoted(a.unit) + ",\"granted\":\(a.granted),\"used\":\(a.used)}"
      }.joined(separator: ",") + "]"
    }
    return s + "}\n"
  }

  static let pieces = ["", "a", "gotone", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "月租费", "é",
                       "sms on-net", "min", "msg", "mi", "msgs", "a\"b\\c", "\u{1}\u{2}\u{3}", String(repeating: "长", count: 40),
                       String(repeating: "\u{8}", count: 30), "🙂"]

  static func text(_ g: inout SplitMix64) -> String {
    (0..<Int(g.next() % 4)).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }.joined()
  }

  static func number(_ g: inout SplitMix64, small: Bool) -> Int64 {
    switch g.next() % 6 {
    case 0: 0
    case 1: Int64(g.next() % 10) - 5
    case 2: small ? Int64(g.next() % 2_000_000_000_000) - 1_000_000_000_000 : Int64.max
    case 3: small ? -999_999_999_999 : Int64.min
    default: Int64(g.next() % 100_000)
    }
  }

  static func bill(_ g: inout SplitMix64) -> Bill {
    let month = Month(year: 1 + Int(g.next() % 9999), month: 1 + Int(g.next() % 12))!
    let asOf: Day? = g.next() % 3 == 0 ? Day(year: 1 + Int(g.next() % 9999), month: 1 + Int(g.next() % 12), day: 1 + Int(g.next() % 28)) : nil
    var lines: [BillLine] = []
    for _ in 0..<Int(g.next() % 10) {
      let code = LineCode.allCases[Int(g.next() % UInt64(LineCode.allCases.count))]
      let usage = g.next() % 2 == 0
      let amount = number(&g, small: true)
      let quantity: Int64? = usage ? number(&g, small: false) : nil
      let unit: QuantityUnit? = usage || g.next() % 4 == 0 ? QuantityUnit.allCases[Int(g.next() % 2)] : nil
      lines.append(BillLine(code: code, amountFen: amount, quantity: quantity, unit: unit))
    }
    var allowances: [AllowanceUse] = []
    for _ in 0..<Int(g.next() % 4) {
      let kind = text(&g)
      let unit = text(&g)
      allowances.append(AllowanceUse(kind: kind, unit: unit, granted: number(&g, small: false), used: number(&g, small: false)))
    }
    let subscriber = g.next() % 5 == 0 ? text(&g) : String(13_800_000_000 + g.next() % 100_000_000)
    var plans: [String] = []
    for _ in 0..<Int(g.next() % 4) { plans.append(text(&g)) }
    return Bill(subscriber: subscriber, month: month, asOf: asOf, plans: plans,
                activeDays: Int(number(&g, small: false)), lines: lines, allowances: allowances)
  }

  @Test func sameLinesAsAPlainRendering() {
    var g = SplitMix64(seed: 14)
    var out: [UInt8] = [0x41]  // appended after what is there
    for _ in 0..<20_000 {
      let bill = Self.bill(&g)
      let expected = Self.reference(bill)
      #expect(BillJSON.line(bill) == expected)
      let before = out.count
      BillJSON.append(bill, to: &out)
      #expect(Array(out[before...]) == Array(expected.utf8))
      #expect(out.count - before <= BillJSON.room(for: bill))
      if out.count > 1 << 20 { out.removeSubrange(1...) }
    }
    #expect(out.first == 0x41)
  }

  /// A number's digits are counted from its bits (issue 14): right on both sides of every power of ten,
  /// and at the ends of 64 bits, against the standard library's decimal text.
  @Test func numbersBesideEveryPowerOfTen() {
    var values: [Int64] = [0, .max, .max - 1, .min, .min + 1]
    var power: Int64 = 1
    for k in 0...18 {
      values += [power - 1, power, power + 1].flatMap { [$0, -$0] }
      if k < 18 { power *= 10 }
    }
    for v in values {
      var bytes: [UInt8] = []
      RawWriter.append(room: 21, to: &bytes) { $0.number(v) }
      #expect(String(decoding: bytes, as: UTF8.self) == String(v))
    }
  }

  /// Strings are copied eight bytes a round until a byte needs an escape: each escaped byte (and the
  /// bytes at the edges, 0x1F and 0x20, `!` and `#` beside `"`, `[` and `]` beside `\`, a two-byte
  /// letter) at every place of strings of 0 to 24 bytes, in whole words and in tails.
  @Test func escapesAtEveryPlaceOfAString() {
    // And two-byte letters whose second byte has the low seven bits of `"` (¢: C2 A2), of `\` (Ü: C3 9C)
    // or of a control character (U+0080: C2 80): none of them is escaped.
    let specials = ["\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", " ", "!", "#", "[", "]", "é", "\u{7F}",
                    "¢", "Ü", "\u{80}"]
    for length in 0...24 {
      for at in 0...length {
        for special in specials {
          let plan = String(repeating: "a", count: at) + special + String(repeating: "b", count: length - at)
          let bill = Bill(subscriber: plan, month: Month(year: 2004, month: 10)!, asOf: nil, plans: [plan, "x" + plan],
                          activeDays: 31, lines: [])
          #expect(BillJSON.line(bill) == Self.reference(bill), "\(special.unicodeScalars.map(\.value)) at \(at) of \(length)")
        }
      }
    }
  }
}
