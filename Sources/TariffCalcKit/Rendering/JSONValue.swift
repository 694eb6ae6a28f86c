/// A parsed JSON value: enough JSON to read back the project's own outputs.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// Integers only: every number of the contracts is a count or an amount in fen.
  case int(Int64)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  public subscript(_ key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  public var string: String? { if case .string(let s) = self { s } else { nil } }
  public var int: Int64? { if case .int(let n) = self { n } else { nil } }
  public var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
  public var isNull: Bool { self == .null }

  /// Parses one JSON text (a line of a `.jsonl` file); the error says at which byte and why.
  public static func parse(_ bytes: [UInt8]) -> Result<JSONValue, Problem> {
    var p = JSONReader(bytes: bytes)
    do {
      p.skipSpaces()
      let v = try p.value(depth: 0)
      p.skipSpaces()
      guard p.i == bytes.count else { throw Problem("unexpected text after the JSON value at byte \(p.i + 1)") }
      return .success(v)
    } catch let problem as Problem {
      return .failure(problem)
    } catch {
      return .failure(Problem("\(error)"))
    }
  }

  public static func parse(_ text: String) -> Result<JSONValue, Problem> { parse(Array(text.utf8)) }
}

private struct JSONReader {
  let bytes: [UInt8]
  var i = 0

  mutating func skipSpaces() {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
  }

  func fail(_ what: String) -> Problem { Problem("\(what) at byte \(i + 1)") }

  mutating func value(depth: Int) throws -> JSONValue {
    guard depth < 64 else { throw fail("nesting too deep") }
    guard i < bytes.count else { throw fail("unexpected end") }
    switch bytes[i] {
    case UInt8(ascii: "{"):
      i += 1
      var members: [(String, JSONValue)] = []
      skipSpaces()
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
        i += 1
        return .object(members)
      }
      while true {
        skipSpaces()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
        let key = try string()
        skipSpaces()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        i += 1
        skipSpaces()
        members.append((key, try value(depth: depth + 1)))
        skipSpaces()
        guard i < bytes.count else { throw fail("unexpected end") }
        if bytes[i] == UInt8(ascii: ",") {
          i += 1
          continue
        }
        guard bytes[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
        i += 1
        return .object(members)
      }
    case UInt8(ascii: "["):
      i += 1
      var items: [JSONValue] = []
      skipSpaces()
      if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
        i += 1
        return .array(items)
      }
      while true {
        skipSpaces()
        items.append(try value(depth: depth + 1))
        skipSpaces()
        guard i < bytes.count else { throw fail("unexpected end") }
        if bytes[i] == UInt8(ascii: ",") {
          i += 1
          continue
        }
        guard bytes[i] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
        i += 1
        return .array(items)
      }
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "n"):
      try literal("null")
      return .null
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    default:
      return .int(try integer())
    }
  }

  mutating func literal(_ word: String) throws {
    let w = Array(word.utf8)
    guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { throw fail("invalid literal") }
    i += w.count
  }

  mutating func integer() throws -> Int64 {
    var negative = false
    if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
      negative = true
      i += 1
    }
    let start = i
    var n: Int64 = 0
    while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
      let (m, o1) = n.multipliedReportingOverflow(by: 10)
      let (s, o2) = m.addingReportingOverflow(Int64(bytes[i] - 0x30))
      guard !o1, !o2 else { throw fail("number too large") }
      n = s
      i += 1
    }
    guard i > start else { throw fail("unexpected character") }
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      throw fail("a whole number expected (amounts are integers of fen, R1)")
    }
    return negative ? -n : n
  }

  mutating func string() throws -> String {
    i += 1  // opening quote
    var out: [UInt8] = []
    while i < bytes.count {
      let b = bytes[i]
      if b == UInt8(ascii: "\"") {
        i += 1
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
        return s
      }
      if b == UInt8(ascii: "\\") {
        i += 1
        guard i < bytes.count else { break }
        switch bytes[i] {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"):
          guard i + 4 < bytes.count, let code = UInt32(String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(code)
          else { throw fail("invalid \\u escape") }
          out += Array(String(Character(scalar)).utf8)
          i += 4
        default: throw fail("invalid escape")
        }
        i += 1
        continue
      }
      guard b >= 0x20 else { throw fail("control character in a string") }
      out.append(b)
      i += 1
    }
    throw fail("unterminated string")
  }
}
