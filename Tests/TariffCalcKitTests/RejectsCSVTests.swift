import Testing
@testable import TariffCalcKit

/// The fields of rejects.csv (SPEC 6): quoted when they hold a comma, a quote or a line end, their quotes
/// doubled (RFC 4180), plain otherwise.
@Suite struct RejectsCSVTests {
  @Test(arguments: [
    ("abc", "abc"),
    ("", ""),
    ("a,b", #""a,b""#),
    (#"a"b,c"#, #""a""b,c""#),
    (#"x""#, #""x""""#),
    (#"""#, #""""""#),
    ("line\nend", "\"line\nend\""),
    ("cr\r", "\"cr\r\""),
    ("VOICE,13871000001,MO,\"1\",2004-10-05 09:30:00,60,027,", #""VOICE,13871000001,MO,""1"",2004-10-05 09:30:00,60,027,""#),
  ])
  func quoting(field: String, csv: String) {
    var out: [UInt8] = []
    RejectsCSV.field(field, to: &out)
    #expect(String(decoding: out, as: UTF8.self) == csv)
  }
}
