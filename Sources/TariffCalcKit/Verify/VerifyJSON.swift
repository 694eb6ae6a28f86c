/// The JSON of `verify --json`: JSON Lines, one difference a line as it is found, then the summary
/// (docs/json.md). Amounts in fen.
public enum VerifyJSON {
  /// `{"difference":"line"|"other"|"only_in_golden"|"only_in_actual","subscriber":…,…}`.
  public static func difference(_ d: BillDifference) -> String {
    let members: [(String, JSONValue)]
    switch d {
    case .line(let subscriber, let code, let golden, let actual):
      members = [("difference", .string("line")), ("subscriber", .string(subscriber)), ("code", .string(code.code)),
                 ("golden_fen", .int(golden)), ("actual_fen", .int(actual)), ("delta_fen", .int(actual - golden))]
    case .other(let subscriber, let field, let golden, let actual):
      members = [("difference", .string("other")), ("subscriber", .string(subscriber)), ("field", .string(field)),
                 ("golden", .string(golden)), ("actual", .string(actual))]
    case .onlyInGolden(let subscriber, let total):
      members = [("difference", .string("only_in_golden")), ("subscriber", .string(subscriber)), ("total_fen", .int(total))]
    case .onlyInActual(let subscriber, let total):
      members = [("difference", .string("only_in_actual")), ("subscriber", .string(subscriber)), ("total_fen", .int(total))]
    }
    return JSONValue.object(members).text + "\n"
  }

  /// `{"summary":true,"compared":…,"equal":…,"different":…,"only_in_golden":…,"only_in_actual":…,
  /// "golden_month":…,"actual_month":…,"delta_fen_by_code":{every code},"total_delta_fen":…}`.
  public static func summary(_ s: VerifySummary) -> String {
    let codes = LineCode.allCases.map { ($0.code, JSONValue.int(s.deltaByCode[$0] ?? 0)) }
    return JSONValue.object([
      ("summary", .bool(true)), ("compared", .int(Int64(s.compared))), ("equal", .int(Int64(s.equal))),
      ("different", .int(Int64(s.different))), ("only_in_golden", .int(Int64(s.onlyInGolden))),
      ("only_in_actual", .int(Int64(s.onlyInActual))),
      ("golden_month", s.goldenMonth.map { .string($0.description) } ?? .null),
      ("actual_month", s.actualMonth.map { .string($0.description) } ?? .null),
      ("delta_fen_by_code", .object(codes)), ("total_delta_fen", .int(s.totalDelta)),
    ]).text + "\n"
  }
}
