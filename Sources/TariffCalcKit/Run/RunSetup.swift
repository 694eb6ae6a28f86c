/// What every command that reads CDR files sets up before it bills: the catalog, the subscribers, the
/// inputs opened once, and the month (R25).
public struct RunSetup: Sendable {
  public var catalog: TariffCatalog
  public var book: SubscriberBook
  public var inputs: RunInputs
  public var month: Month
  public var asOf: Day?
  /// Said on standard error before the run: a subscribers file with no subscriber in the month (R25).
  public var warnings: [String] = []

  /// Why the arguments cannot make a run (bad usage, not bad input).
  public struct Refusal: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// Loads the catalog and the subscribers, opens the CDR inputs (every other `*.csv` beside the
  /// subscribers file when `cdrFiles` is empty) and settles the month: `month`, the month of `asOf`,
  /// or the one month every input's records are in (R25). `subscriber`: only the rows of that subscriber and
  /// of their closed groups' members are read (``SubscriberBook/load(file:catalog:around:)``), and the
  /// file is not warned about as a whole.
  /// - Throws: ``Refusal`` when the month cannot be told or the arguments disagree; what loading throws.
  public init(tariffs: String, subscribers: String, cdrFiles: [String], month given: Month?, asOf: Day?,
              subscriber: UInt64? = nil) throws {
    if let given, let asOf, asOf.month != given { throw Refusal(description: "--as-of \(asOf) is not in --month \(given)") }
    self.asOf = asOf
    let catalog = try TariffCatalog.load(directory: tariffs)
    self.catalog = catalog
    if let subscriber {
      book = try SubscriberBook.load(file: subscribers, catalog: catalog, around: subscriber)
    } else {
      book = try SubscriberBook.load(file: subscribers, catalog: catalog)
    }
    let files = cdrFiles.isEmpty ? BillRun.cdrFiles(besideSubscribers: subscribers) : cdrFiles
    do {
      inputs = try RunInputs(files)
    } catch let problem as Problem {
      throw Refusal(description: problem.message)
    }
    if let m = given ?? asOf?.month {
      month = m
    } else {
      switch try inputs.monthOfRecords() {
      case .agreed(let m): month = m
      case .unknown: throw Refusal(description: "cannot tell the month from the CDR files: give --month YYYY-MM")
      case .disagree(let votes):
        throw Refusal(description: "the CDR files are of different months (R25): give --month YYYY-MM, or the files of one month\n"
          + votes.map { "  \($0.input): \($0.month)" }.joined(separator: "\n"))
      }
    }
    if subscriber == nil, let warning = book.warning(for: month) { warnings.append(warning) }
  }
}
