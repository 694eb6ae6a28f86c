import Foundation
import Testing
@testable import TariffCalcKit

/// A new plan of the same kinds is added by adding a file.
@Suite struct ExtraPlanTests {
  static func catalogWithExtraPlan() throws -> TariffCatalog {
    let dir = TestSupport.copyOfTariffs()
    try FileManager.default.copyItem(atPath: TestSupport.fixtures + "/extra-plans/shenzhouxing.plan",
                                     toPath: dir + "/plans/shenzhouxing.plan")
    return try TariffCatalog.load(directory: dir)
  }

  @Test func anExtraPlanFileIsLoadedAndRated() throws {
    let catalog = try Self.catalogWithExtraPlan()
    let plan = try #require(catalog.plan("shenzhouxing"))
    #expect(plan.name == "神州行")
    let tariff = try #require(plan.tariff(on: TestSupport.day("2004-03-15")))
    #expect(tariff.price(ChargeClass(kind: .local, direction: .mo, minute: 22 * 60 + 59)).description == "0.60/min")
    #expect(tariff.price(ChargeClass(kind: .local, direction: .mt, minute: 23 * 60)).description == "0.30/min")
    #expect(tariff.price(ChargeClass(kind: .roamingProvincial)).description == "0.80/min")
    // Not set by the plan: from standard.
    #expect(tariff.price(ChargeClass(kind: .ip)).description == "0.30/min")
    #expect(tariff.price(ChargeClass(kind: .sms, onNet: false)).description == "0.15/msg")
    #expect(tariff.roamingPolicy(.roamingNational) == .notAllowed)
    #expect(tariff.roamingPolicy(.roamingProvincial) == .allowed)
    #expect(tariff.allowances.map { "\($0.units) \($0.selector.words)" } == ["30 sms"])
    #expect(tariff.allowanceIndex(ChargeClass(kind: .sms, onNet: false)) == 0)
  }
}
