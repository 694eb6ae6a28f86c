import Testing
@testable import TariffCalcKit

/// A quote's or an advice's book read from the subscriber's rows and their groups' alone
/// (``SubscriberBook/load(file:catalog:around:)``): the book ``SubscriberBook/around(_:)`` makes of the
/// whole file, and the same bills; a mistake in someone else's row is not the counter's to report.
@Suite struct SubscriberAroundTests {
  /// A book as text: every subscriber with each period's plan, days, area, group by name and line.
  static func describe(_ book: SubscriberBook) -> [String] {
    (0..<book.count).map { i in
      "\(book.numbers[i]): " + book.periods(of: i).map { p in
        "\(p.plan) \(p.start)…\(p.end.map(\.description) ?? "") \(p.homeArea) \(book.groupName(p.group) ?? "-") @\(p.line)"
      }.joined(separator: "; ")
    }
  }

  static func around(_ number: UInt64, _ file: String) throws(InputError) -> SubscriberBook {
    try SubscriberBook.load(file: file, catalog: TestSupport.catalog, around: number)
  }

  @Test func sampleEverySubscriber() throws {
    let file = TestSupport.packageRoot + "/SampleCDRs/subscribers.csv"
    let full = try SubscriberBook.load(file: file, catalog: TestSupport.catalog)
    for (i, number) in full.numbers.enumerated() {
      #expect(Self.describe(try Self.around(number, file)) == Self.describe(full.around(i).book), "\(number)")
    }
  }

  /// Rows a byte filter could get wrong. 13800000001 is in G1 from October (a September row without it).
  /// Members of G1: …02, whose first row names no group (found by the third read, by number); …03, on a
  /// quoted line. Not members: …04 in G10 (G1 is a prefix of its name), …05 whose group is the text
  /// "13800000001", …06 in no group with a bad plan (not read: no error). A header with quoted names
  /// (the line walk cannot place the columns: it hands every line to the loader's filter) gives the same.
  @Test(arguments: ["subscriber,plan,start,end,home_area,group", "\"subscriber\",plan,start,end,home_area,\"group\"\r"])
  func groupMembersFoundByNameThenByNumber(header: String) throws {
    let file = TestSupport.temporaryFolder("around-\(header.count)") + "/subscribers.csv"
    TestSupport.write(header + "\n" + """
      13800000001,gotone,2004-01-01,2004-09-30,027,
      13800000002,gotone,2003-01-01,2004-09-30,027,
      13800000004,campus,2003-09-01,,027,G10
      13800000001,gotone-vpmn,2004-10-01,,027,G1\r
      "13800000003",campus,2003-09-01,,027,"G1"
      13800000005,campus,2003-09-01,,027,13800000001
      13800000002,gotone-vpmn,2004-10-01,,027,G1
      13800000006,gotine,2004-01-01,,027,

      """, to: file)
    #expect(throws: InputError.self) { try SubscriberBook.load(file: file, catalog: TestSupport.catalog) }
    let book = try Self.around(13_800_000_001, file)
    // Lines as in the file: the header is line 1.
    let vpmn = TestSupport.catalog.plans.firstIndex { $0.id == "gotone-vpmn" }!
    let campus = TestSupport.catalog.plans.firstIndex { $0.id == "campus" }!
    let gotone = TestSupport.catalog.plans.firstIndex { $0.id == "gotone" }!
    #expect(Self.describe(book) == [
      "13800000001: \(gotone) 2004-01-01…2004-09-30 027 - @2; \(vpmn) 2004-10-01… 027 G1 @5",
      "13800000002: \(gotone) 2003-01-01…2004-09-30 027 - @3; \(vpmn) 2004-10-01… 027 G1 @8",
      "13800000003: \(campus) 2003-09-01… 027 G1 @6",
    ])
    // Not in a group: its own rows alone.
    #expect(Self.describe(try Self.around(13_800_000_004, file)) == ["13800000004: \(campus) 2003-09-01… 027 G10 @4"])
    // Not a subscriber: not in the book (the command says so); the quoted line is read whatever it holds.
    #expect(Self.describe(try Self.around(13_800_000_009, file)) == ["13800000003: \(campus) 2003-09-01… 027 G1 @6"])
  }

  /// The subscriber's own bad row is reported at its line; a member's too (their rows make the quote).
  @Test func ownAndMembersRowsAreChecked() throws {
    let file = TestSupport.temporaryFolder("around-bad") + "/subscribers.csv"
    TestSupport.write("""
      subscriber,plan,start,end,home_area,group
      13800000001,campus,2003-09-01,,027,G1
      13800000002,campus,2003-09-01,,0731,G1
      13800000003,gotone,2004-03-01,,0731,

      """, to: file)
    func messages(_ number: UInt64) -> [String] {
      do throws(InputError) {
        _ = try Self.around(number, file)
        return []
      } catch {
        return error.diagnostics.map { "\($0.location.line): \($0.message)" }
      }
    }
    #expect(messages(13_800_000_001) == ["3: unknown home_area '0731': not in the numbering plan"])
    #expect(messages(13_800_000_003) == ["4: unknown home_area '0731': not in the numbering plan"])
  }

  /// A generated month with groups: every tenth subscriber's quote from the small book is the quote
  /// from the whole book (bill and rejects).
  @Test func generatedMonthQuotes() throws {
    let folder = TestSupport.temporaryFolder("around-generated")
    let october = TariffCalcKit.Month(year: 2004, month: 10)!
    let files = try DataGenerator(subscribers: 400, records: 20_000, month: october, seed: 7)
      .write(to: folder, catalog: TestSupport.catalog)
    let file = folder + "/subscribers.csv"
    let full = try SubscriberBook.load(file: file, catalog: TestSupport.catalog)
    var grouped = 0
    for (i, number) in full.numbers.enumerated() where i % 10 == 0 || full.periods(of: i).contains(where: { $0.group != 0 }) {
      let small = try Self.around(number, file)
      #expect(Self.describe(small) == Self.describe(full.around(i).book), "\(number)")
      if small.count > 1 { grouped += 1 }
      let a = try Counter.quote(number, month: october, asOf: nil, inputs: try RunInputs(files), catalog: TestSupport.catalog,
                                book: small, jobs: 2)
      let b = try Counter.quote(number, month: october, asOf: nil, inputs: try RunInputs(files), catalog: TestSupport.catalog,
                                book: full, jobs: 2)
      #expect(a.bill.map(BillJSON.line) == b.bill.map(BillJSON.line), "\(number) bill")
      #expect(a.rejects == b.rejects, "\(number) rejects")
    }
    #expect(grouped > 0)  // the month has groups: members were found
  }
}
