/// One record's story (`explain FILE:LINE`): how it was read, how it was classified and priced, rule by
/// rule, or why it was not billed.
public struct RecordStory: Sendable {
  public var file: String
  public var line: Int
  /// The line as read.
  public var text: String
  /// The header's names and the line's fields, in the file's order.
  public var fields: [(name: String, value: String)]
  public var subscriber: UInt64?
  /// The subscriber's plan period on the record's day, if any, and the plan's id.
  public var period: PlanPeriod?
  public var planID: String?
  public var groupName: String?
  /// The record rated, as its itemized bill lists it (allowances spent in time order over the month)…
  public var item: BillItem?
  /// …or why it is not billed.
  public var reject: Reject?
}

extension Counter {
  /// The story of line `line` of input `file` (one of `inputs`): the subscriber's whole month is rated
  /// (their lines only, as a quote does), so that duplicates and allowances are what the bill run makes
  /// of them; a line whose subscriber cannot be read is judged with its file alone.
  /// - Throws: ``Problem`` for a line that is not a record (the header, past the end, a blank line).
  public static func explain(
    file: String, line number: Int, month: Month, inputs: RunInputs, catalog: TariffCatalog, book: SubscriberBook,
    jobs: Int = BillRunOptions.defaultJobs
  ) throws -> RecordStory {
    guard let index = inputs.names.firstIndex(of: file) else { throw Problem("\(file) is not one of the CDR files read") }
    guard let source = inputs.inputs[index].file else {
      throw Problem("\(file) is read as a stream (standard input or gzip): explain reads a plain file's lines")
    }
    let input = inputs.inputs[index]
    let reader = LineReader(source, maxLineBytes: CDRInput.maxLineBytes)
    var found: String? = nil
    var count = 0
    while let l = try reader.next() {
      count += 1
      if count == number {
        found = l.bytes.text
        break
      }
    }
    guard let text = found else { throw Problem("\(file) has \(count) lines: there is no line \(number)") }
    guard number > 1 else { throw Problem("\(file):1 is the header line, not a record") }
    guard !text.isEmpty else { throw Problem("\(file):\(number) is blank: not a record") }
    // The fields as the run reads them: split as CSV, quotes taken off.
    func fields(_ line: String) -> [String] {
      let splitter = CSVSplitter(scratchBytes: line.utf8.count + 1)
      return ByteView.with(line) { bytes in
        splitter.split(bytes) == nil ? splitter.fields.map(\.text) : [line]
      }
    }
    let names = fields(input.headerLine ?? "")
    let values = fields(text)
    var story = RecordStory(file: file, line: number, text: text,
                            fields: zip(names, values).map { ($0.trimmingSpaces, $1) })
    let subscriberField = input.header.flatMap { $0.subscriber < values.count ? values[$0.subscriber] : nil }
    // The record's day, for the plan period it falls in (a reject has no item to say it).
    let day = input.header.flatMap { $0.start < values.count ? Day(String(values[$0.start].prefix(10))) : nil }
    guard let field = subscriberField, field.count == 11, let subscriber = MSISDN.parse(field) else {
      // No subscriber to follow: the file alone decides (MALFORMED, or its refusal).
      let alone = try RunInputs(sources: [source], copies: [input.duplicateOf])
      let sink = RejectList()
      _ = try BillRun.rate(BillRunOptions(month: month, cdrFiles: [], jobs: 1, inputs: alone), catalog: catalog,
                           book: book, rejects: sink)
      story.reject = sink.rejects.first { $0.line == number }
      return story
    }
    story.subscriber = subscriber
    let traces = TraceList()
    let (_, rated, rejects, _) = try rate(subscriber, month: month, asOf: nil, inputs: inputs, catalog: catalog, book: book,
                                       jobs: jobs, traces: traces)
    story.reject = rejects.first { $0.file == file && $0.line == number }
    if story.reject == nil {
      story.item = itemize(number: subscriber, traces: traces, rated: rated, inputs: inputs, catalog: catalog)
        .first { $0.file == file && $0.line == number }
    }
    if let i = book.index(of: subscriber) {
      let day = story.item?.day ?? day
      story.period = day.flatMap { book.period(of: i, on: $0) } ?? book.periods(of: i).last
      story.planID = story.period.map { catalog.plans[$0.plan].id }
      if let g = story.period?.group, g > 0, Int(g) <= book.groupNames.count { story.groupName = book.groupNames[Int(g) - 1] }
    }
    return story
  }
}
