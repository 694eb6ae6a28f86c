/// The detail of a refusal written byte by byte into one `String`: one allocation, no interpolation.
///
/// A bill run refuses a record in 40 for roaming alone (ROAMING_NOT_ALLOWED on the generated month:
/// 15,729 of 1 M); written as interpolations each such detail cost about 12,000 instructions (two
/// ``AreaCode/description``s, a dynamic cast each, six appends). The words are the interpolations'
/// exactly: `RefusalTextTests` compares the two on every kind of refusal.
struct RefusalText {
  private let base: UnsafeMutablePointer<UInt8>
  private let capacity: Int
  private(set) var count = 0

  private init(_ base: UnsafeMutablePointer<UInt8>, capacity: Int) {
    self.base = base
    self.capacity = capacity
  }

  /// The `String` of the bytes `body` writes, at most `capacity` of them (a write past it is dropped).
  static func make(capacity: Int, _ body: (inout RefusalText) -> Void) -> String {
    String(unsafeUninitializedCapacity: capacity) { buffer in
      var text = RefusalText(buffer.baseAddress!, capacity: capacity)
      body(&text)
      return text.count
    }
  }

  @inline(__always)
  private mutating func byte(_ b: UInt8) {
    guard count < capacity else { return }
    base[count] = b
    count &+= 1
  }

  /// A string's UTF-8 bytes (literals and native strings copied whole).
  mutating func add(_ s: String) {
    let copied: Void? = s.utf8.withContiguousStorageIfAvailable { bytes in
      let n = min(bytes.count, capacity - count)
      guard n > 0 else { return }
      (base + count).update(from: bytes.baseAddress!, count: n)
      count += n
    }
    if copied == nil {
      for b in s.utf8 { byte(b) }
    }
  }

  /// Bytes of a line (valid UTF-8 without NUL: the reader's checks have passed for every record).
  mutating func add(_ v: ByteView) {
    let n = min(v.count, capacity - count)
    guard n > 0 else { return }
    v.withUnsafeRawBuffer { (base + count).update(from: $0.bindMemory(to: UInt8.self).baseAddress!, count: n) }
    count += n
  }

  /// A packed area code's digits, as ``AreaCode/description`` writes them.
  mutating func add(area packed: UInt64) {
    var nibbles = 0
    var rest = packed
    while rest != 0 {
      nibbles &+= 1
      rest >>= 4
    }
    var k = nibbles
    while k > 0 {
      k &-= 1
      byte(UInt8(truncatingIfNeeded: (packed >> UInt64(4 * k)) & 0xF) &- 1 &+ UInt8(ascii: "0"))
    }
  }

  /// `YYYY-MM-DD`, as ``Day/description`` writes it.
  mutating func add(day: Day) {
    let (y, m, d) = day.components
    guard y >= 0, y <= 9999 else { return add(day.description) }
    digits(y, width: 4)
    byte(UInt8(ascii: "-"))
    digits(m, width: 2)
    byte(UInt8(ascii: "-"))
    digits(d, width: 2)
  }

  /// The 11 digits of a number, leading zeros kept (``MSISDN/text(_:)`` of numbers below 10¹¹).
  mutating func add(msisdn value: UInt64) {
    guard value < 100_000_000_000 else { return add(String(value)) }
    digits(Int(value), width: 11)
  }

  /// The last `width` decimal digits of a non-negative `value`, leading zeros kept.
  private mutating func digits(_ value: Int, width: Int) {
    guard count + width <= capacity else { return }
    var v = value
    var k = width
    while k > 0 {
      k -= 1
      base[count + k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
      v /= 10
    }
    count += width
  }
}

/// The roaming refusals' details made so far by one rater, by what their words depend on: the plan,
/// the areas (not allowed) or the day (closed). The generated month refuses 21,576 records for roaming
/// in a few hundred distinct details; a detail found here is shared, not written again.
///
/// Direct-mapped, 256 entries; an entry taken by another key is overwritten. A rater's own (a worker's):
/// not shared between threads. The entries are memory of its own, not arrays in `var`s of the class:
/// a class's `var` is checked for exclusive access at every write (two runtime calls a refusal).
final class RefusalCache {
  struct Key: Equatable {
    var a: UInt64
    var b: UInt64
    var c: UInt64
  }

  private static let entries = 256
  private let keys: UnsafeMutablePointer<Key>
  private let texts: UnsafeMutablePointer<String>

  init() {
    keys = .allocate(capacity: RefusalCache.entries)
    keys.initialize(repeating: Key(a: .max, b: .max, c: .max), count: RefusalCache.entries)
    texts = .allocate(capacity: RefusalCache.entries)
    texts.initialize(repeating: "", count: RefusalCache.entries)
  }

  deinit {
    keys.deallocate()
    texts.deinitialize(count: RefusalCache.entries)
    texts.deallocate()
  }

  /// The detail of `key`, made by `make` unless it is here.
  @inline(__always)
  func detail(_ key: Key, _ make: () -> String) -> String {
    let h = (key.a &* 0x9E37_79B9_7F4A_7C15) ^ (key.b &* 0xC2B2_AE3D_27D4_EB4F) ^ (key.c &* 0x1656_67B1_9E37_79F9)
    let slot = Int(truncatingIfNeeded: h >> 56)
    if keys[slot] == key { return texts[slot] }
    let text = make()
    keys[slot] = key
    texts[slot] = text
    return text
  }
}
