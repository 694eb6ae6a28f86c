/// An amount of money in 厘 (li, 0.001 yuan), the unit of every computation (R1).
///
/// Amounts in files are yuan with up to three decimals, so every amount the
/// tariffs can express is a whole number of li. Bill lines are rounded to the
/// fen (0.01 yuan) once, at the end, by ``Money/roundedToFen(numerator:denominator:)``.
public struct Money: Hashable, Comparable, Sendable, AdditiveArithmetic {
  /// The amount in li.
  public var li: Int64

  public init(li: Int64) { self.li = li }

  public static let zero = Money(li: 0)

  public static func + (a: Money, b: Money) -> Money { Money(li: a.li + b.li) }
  public static func - (a: Money, b: Money) -> Money { Money(li: a.li - b.li) }
  public static func < (a: Money, b: Money) -> Bool { a.li < b.li }

  /// Parses a yuan amount with at most three decimals: `50`, `0.36`, `1.5`, `0.125`.
  ///
  /// Returns `nil` for anything else (a sign, an exponent, a fourth decimal,
  /// an empty string), so that a tariff file can name the bad value.
  public init?(yuan text: Substring) {
    var whole: Int64 = 0
    var fraction: Int64 = 0
    var decimals = 0
    var sawDigit = false
    var sawPoint = false
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        sawDigit = true
        let digit = Int64(byte - UInt8(ascii: "0"))
        if sawPoint {
          decimals += 1
          if decimals > 3 { return nil }
          fraction = fraction * 10 + digit
        } else {
          whole = whole * 10 + digit
          if whole > 1_000_000_000 { return nil }
        }
      case UInt8(ascii: "."):
        if sawPoint { return nil }
        sawPoint = true
      default:
        return nil
      }
    }
    guard sawDigit, !(sawPoint && decimals == 0) else { return nil }
    while decimals < 3 {
      fraction *= 10
      decimals += 1
    }
    self.li = whole * 1000 + fraction
  }

  public init?(yuan text: String) { self.init(yuan: text[...]) }

  /// `numerator / denominator` li rounded half-up to whole fen (R1).
  ///
  /// This is the one rounding function of the project: every bill line goes
  /// through it exactly once. Both arguments must be non-negative and the
  /// denominator positive; the result is in fen.
  public static func roundedToFen(numerator: Int64, denominator: Int64 = 1) -> Int64 {
    precondition(numerator >= 0 && denominator > 0, "R1 rounding of a negative amount")
    // fen = round(numerator / (denominator × 10)), half-up.
    let d = denominator * 10
    return (numerator + d / 2) / d
  }

  /// This amount rounded half-up to whole fen (R1).
  public var roundedFen: Int64 { Money.roundedToFen(numerator: li) }
}

extension Money: CustomStringConvertible {
  /// The amount in yuan with two decimals, or three when the third is not zero: `0.40`, `0.125`.
  public var description: String { Money.yuanText(li: li) }

  /// Yuan text of an amount in li: two decimals, three when needed.
  public static func yuanText(li: Int64) -> String {
    let sign = li < 0 ? "-" : ""
    let magnitude = li.magnitude
    let whole = magnitude / 1000
    let thousandths = magnitude % 1000
    if thousandths % 10 == 0 {
      let hundredths = thousandths / 10
      return "\(sign)\(whole).\(hundredths < 10 ? "0" : "")\(hundredths)"
    }
    let padded = String(thousandths)
    return "\(sign)\(whole).\(String(repeating: "0", count: 3 - padded.count))\(padded)"
  }

  /// Yuan text of an amount in fen, always two decimals: `36.16`, `-0.01`.
  public static func yuanText(fen: Int64) -> String {
    let sign = fen < 0 ? "-" : ""
    let magnitude = fen.magnitude
    let cents = magnitude % 100
    return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
  }
}
